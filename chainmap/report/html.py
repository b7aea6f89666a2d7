"""HTML building blocks of the report: paragraphs, lists, figures, tables, inline SVG."""

from __future__ import annotations

import re

import pandas as pd

from chainmap.report.charts import table_html
from chainmap.report.svg import esc

EXTRA_CSS = """<style>
.cm-table-wrap { overflow-x: auto; }
table.cm-table th, table.cm-table td { word-break: keep-all; }
.chain-map svg { max-width: 100%; height: auto; display: block; }
ul.decision li { margin: 3px 0; }
details > summary { cursor: pointer; color: var(--muted); margin: 6px 0; }
@media print {
  .cm-table-wrap { overflow: visible; }
  table.cm-table { font-size: 9px; }
  table.cm-table th, table.cm-table td {
    word-break: normal; overflow-wrap: anywhere; padding: 2px 4px;
  }
}
</style>"""


def table_block(df: pd.DataFrame, key: str) -> str:
    """A table with its caption, exact values in ``data-value``, inside ``data-table=key``."""
    html = table_html(df, caption=str(df.attrs.get("title", "")), decimals=df.attrs["decimals"])
    return f'<div class="cm-table-wrap" data-table="{esc(key)}">\n{html}\n</div>'


def paragraph(text: str, cls: str = "") -> str:
    c = f' class="{cls}"' if cls else ""
    return f"<p{c}>{esc(text)}</p>"


def bullet_list(items: list[str], cls: str = "") -> str:
    c = f' class="{cls}"' if cls else ""
    return f"<ul{c}>" + "".join(f"<li>{esc(i)}</li>" for i in items) + "</ul>"


def figure(svg: str, caption: str = "", cls: str = "") -> str:
    c = f' class="{cls}"' if cls else ""
    cap = f"<figcaption>{esc(caption)}</figcaption>" if caption else ""
    return f"<figure{c}>\n{svg}\n{cap}</figure>"


def inline_svg(svg: str, key: str) -> str:
    """A standalone SVG file made fit to sit inside HTML (no XML prolog, ids unique)."""
    body = re.sub(r"^\s*<\?xml[^>]*\?>\s*", "", svg)
    ids = re.findall(r'\bid="([^"]+)"', body)
    for ident in ids:  # several chain maps share marker ids; keep each to its own
        new = f"{ident}-{key}"
        body = body.replace(f'id="{ident}"', f'id="{new}"').replace(f"#{ident})", f"#{new})")
    return body.replace("<svg ", '<svg class="cm-chart" data-chart="chain" ', 1)
