"""SVG and HTML building blocks for report charts: escaping, text metrics, ticks, frames.

Shared by :mod:`chainmap.report.charts` (and usable for other drawings): everything is plain
text, deterministic (fixed-precision coordinates), with labels as ``<text>`` so Chinese
renders in any browser with a CJK font, chosen by the CSS family list :data:`FONT_FAMILY`.
:func:`table_html` turns a DataFrame into an HTML table that keeps exact values.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping, Sequence
from xml.sax.saxutils import escape

import numpy as np
import pandas as pd

FONT_FAMILY = (
    "'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC', "
    "'Hiragino Sans GB', 'WenQuanYi Micro Hei', sans-serif"
)
#: Okabe–Ito colours (distinguishable with colour-vision deficiency).
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442")
HIGHLIGHT = "#D55E00"
MUTED = "#8795a1"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
Box = tuple[float, float, float, float]  # x0, y0, x1, y1


def esc(text: object) -> str:
    """Escape text for XML/HTML content and double-quoted attributes.

    Examples
    --------
    >>> esc('R&D <"lab">')
    'R&amp;D &lt;&quot;lab&quot;&gt;'
    """
    return escape(_CONTROL.sub("\ufffd", str(text)), {'"': "&quot;"})


def num(v: float) -> str:
    """A coordinate with fixed precision (deterministic text)."""
    s = f"{v:.1f}"
    return "0.0" if s == "-0.0" else s


def text_width(text: str, font_size: float) -> float:
    """Estimated rendered width: full-width (CJK) characters 1 em, others 0.6 em."""
    return font_size * sum(
        1.0 if unicodedata.east_asian_width(c) in "WF" else 0.6 for c in str(text)
    )


def fit_text(text: str, max_width: float, font_size: float) -> str:
    """``text`` shortened with "…" until its estimated width fits ``max_width``.

    Examples
    --------
    >>> fit_text("通信设备、计算机和其他电子设备", 100, 12)
    '通信设备、计算…'
    """
    if text_width(text, font_size) <= max_width:
        return text
    while len(text) > 1 and text_width(text + "…", font_size) > max_width:
        text = text[:-1]
    return text + "…"


def svg_root(width: float, height: float, kind: str, title: str, body: list[str]) -> str:
    """An ``<svg>`` element (class ``cm-chart``, ``data-chart=kind``) with title and body."""
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="cm-chart" data-chart="{kind}" '
        f'viewBox="0 0 {num(width)} {num(height)}" width="{num(width)}" height="{num(height)}" '
        f'role="img" aria-label="{esc(title)}" font-family="{esc(FONT_FAMILY)}" '
        'font-size="12" fill="#222">'
    )
    parts = [head, f"<title>{esc(title)}</title>"]
    if title:
        parts.append(
            f'<text class="chart-title" x="{num(width / 2)}" y="20" text-anchor="middle" '
            f'font-size="15" font-weight="bold">{esc(title)}</text>'
        )
    return "\n".join([*parts, *body, "</svg>"])


def text_el(
    x: float, y: float, s: str, *, anchor: str = "start", cls: str = "", **attrs: str
) -> str:
    """A ``<text>`` element; keyword ``font_size="10"`` becomes ``font-size="10"``."""
    extra = "".join(f' {k.replace("_", "-")}="{esc(v)}"' for k, v in attrs.items())
    c = f' class="{cls}"' if cls else ""
    return f'<text{c} x="{num(x)}" y="{num(y)}" text-anchor="{anchor}"{extra}>{esc(s)}</text>'


def nice_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """Round tick values covering [lo, hi] with about ``count`` steps of 1, 2, 2.5 or 5·10^k.

    Examples
    --------
    >>> nice_ticks(0.62, 1.83)
    [0.75, 1.0, 1.25, 1.5, 1.75]
    >>> nice_ticks(0, 87)
    [0, 20, 40, 60, 80]
    """
    if not hi > lo:
        hi = lo + 1.0
    raw = (hi - lo) / max(count, 1)
    mag = 10 ** math.floor(math.log10(raw))
    # the round step whose interval count is closest to ``count`` (larger step on ties)
    step = min((m * mag for m in (10, 5, 2.5, 2, 1)), key=lambda s: abs((hi - lo) / s - count))
    first = math.ceil(lo / step - 1e-9)
    last = math.floor(hi / step + 1e-9)
    return [round(k * step, 10) for k in range(first, last + 1)]


def legend_rows(names: Sequence[str], width: float, top: float) -> tuple[list[str], float]:
    """Legend keys wrapped into rows across ``width`` from ``top``; returns (markup, height)."""
    body: list[str] = []
    lx, row = 8.0, 0
    for c, name in enumerate(names):
        shown = fit_text(name, width - 40, 12)
        item = text_width(shown, 12) + 32
        if lx + item > width - 8 and lx > 8.0:
            lx, row = 8.0, row + 1
        ly = top + 20.0 * row + 12
        body.append(
            f'<rect class="legend-key" x="{num(lx)}" y="{num(ly - 10)}" width="12" height="12" '
            f'fill="{PALETTE[c % len(PALETTE)]}"><title>{esc(name)}</title></rect>'
        )
        body.append(text_el(lx + 16, ly, shown, cls="legend"))
        lx += item
    return body, (20.0 * (row + 1) + 4 if names else 0.0)


def table_html(
    df: pd.DataFrame,
    *,
    caption: str | None = None,
    decimals: int | Mapping[str, int] = 2,
    index: bool = True,
    index_label: str | Sequence[str] | None = None,
) -> str:
    """An HTML ``<table>``: escaped text, right-aligned numbers, exact value in ``data-value``.

    Numbers are shown rounded (``decimals`` per column or for all) with thousands
    separators; the full-precision value is kept in ``data-value`` so a reader can
    compare the report with the result files. Missing values show as "–".

    Examples
    --------
    >>> df = pd.DataFrame({"score": [0.123456]}, index=pd.Index(["<a>"], name="code"))
    >>> print(table_html(df, caption="T"))  # doctest: +NORMALIZE_WHITESPACE
    <table class="cm-table"><caption>T</caption>
    <thead><tr><th class="short">code</th><th class="short">score</th></tr></thead>
    <tbody><tr><th>&lt;a&gt;</th><td class="num" data-value="0.123456">0.12</td></tr></tbody>
    </table>
    """
    if caption is None:
        caption = str(df.attrs.get("title", ""))
    names = (
        list(df.index.names)
        if index_label is None
        else ([index_label] if isinstance(index_label, str) else list(index_label))
    )
    head = ([esc("" if n is None else n) for n in names] if index else []) + [
        esc(c) for c in df.columns
    ]
    rows = []
    for idx, row in zip(df.index, df.itertuples(index=False, name=None), strict=True):
        keys = idx if isinstance(idx, tuple) else (idx,)
        cells = [f"<th{_short(esc(k))}>{esc(k)}</th>" for k in keys] if index else []
        for col, v in zip(df.columns, row, strict=True):
            d = decimals if isinstance(decimals, int) else decimals.get(str(col), 2)
            cells.append(_cell(v, d))
        rows.append(f"<tr>{''.join(cells)}</tr>")
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    return (
        f'<table class="cm-table">{cap}\n<thead><tr>'
        + "".join(f"<th{_short(h)}>{h}</th>" for h in head)
        + "</tr></thead>\n<tbody>"
        + "\n".join(rows)
        + "</tbody>\n</table>"
    )


def _cell(v: object, decimals: int) -> str:
    if isinstance(v, bool | np.bool_) or v is None:
        return f"<td>{esc('' if v is None else v)}</td>"
    if isinstance(v, int | float | np.integer | np.floating):
        f = float(v)
        if not math.isfinite(f):
            return '<td class="num na">–</td>'
        shown = f"{f:,.{decimals}f}" if not isinstance(v, int | np.integer) else f"{int(v):,}"
        return f'<td class="num" data-value="{f!r}">{shown}</td>'
    if v is pd.NA or v is pd.NaT:
        return '<td class="na">–</td>'
    return f"<td{_short(esc(v))}>{esc(v)}</td>"


#: Text this short (codes, 制造业, 主导) never wraps: a narrow A4 column would otherwise
#: break it one character per line.
SHORT_TEXT = 6


def _short(text: str) -> str:
    return ' class="short"' if 0 < len(text) <= SHORT_TEXT else ""
