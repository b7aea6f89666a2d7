"""Report writers: one self-contained HTML file, XLSX, Markdown, and PDF/PNG via Chromium.

Every file is written atomically (a temporary name in the target folder, renamed
on success; see :mod:`chainmap.io.atomic`), so an interrupted run leaves no partial
report, and an existing file is only replaced with ``force=True``.

The HTML has inline CSS and inline SVG and loads nothing: no scripts, no fonts,
no images from elsewhere (:func:`check_self_contained` refuses such markup). A
print stylesheet lays it out on A4 for :func:`html_to_pdf`. The browser functions
(:func:`html_to_pdf`, :func:`screenshot`, :func:`console_errors`,
:func:`ensure_chromium`) live in :mod:`chainmap.report.browser` and are re-exported here.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from chainmap.errors import ChainmapError
from chainmap.i18n import check_language, t
from chainmap.io.atomic import write_text_atomic, write_with
from chainmap.report.browser import console_errors, ensure_chromium, html_to_pdf, screenshot
from chainmap.report.svg import FONT_FAMILY, esc

__all__ = [
    "Section",
    "check_self_contained",
    "console_errors",
    "ensure_chromium",
    "html_document",
    "html_to_pdf",
    "markdown_table",
    "screenshot",
    "sheet_names",
    "write_html",
    "write_markdown",
    "write_xlsx",
]

CSS = f"""
:root {{ --ink: #1f2933; --muted: #616e7c; --line: #d9e2ec; --accent: #b54708; }}
* {{ box-sizing: border-box; }}
body {{ font-family: {FONT_FAMILY}; color: var(--ink); margin: 0 auto; max-width: 1120px;
  padding: 24px 32px 64px; line-height: 1.55; font-size: 14px; background: #fff; }}
h1 {{ font-size: 26px; margin: 0 0 4px; }}
h2 {{ font-size: 20px; margin: 36px 0 12px; padding-bottom: 4px;
  border-bottom: 2px solid var(--line); }}
h3 {{ font-size: 16px; margin: 22px 0 8px; }}
.subtitle {{ color: var(--muted); margin: 0 0 12px; }}
.banner {{ border: 2px solid var(--accent); color: var(--accent); background: #fff7ed;
  padding: 8px 12px; font-weight: bold; margin: 12px 0; }}
nav.toc ol {{ columns: 2; margin: 8px 0; padding-left: 20px; }}
nav.toc a {{ color: var(--ink); text-decoration: none; }}
figure {{ margin: 12px 0; }}
figcaption {{ color: var(--muted); font-size: 12px; }}
svg.cm-chart {{ max-width: 100%; height: auto; display: block; }}
table.cm-table {{ border-collapse: collapse; margin: 10px 0 18px; font-size: 13px; }}
table.cm-table caption {{ text-align: left; font-weight: bold; padding: 4px 0; }}
table.cm-table th, table.cm-table td {{ border-bottom: 1px solid var(--line);
  padding: 3px 8px; text-align: left; vertical-align: top; }}
table.cm-table thead th {{ background: #f0f4f8; border-bottom: 2px solid #bcccdc; }}
table.cm-table td.num {{ text-align: right; font-variant-numeric: tabular-nums;
  white-space: nowrap; }}
table.cm-table .short {{ white-space: nowrap; }}
.muted {{ color: var(--muted); }}
@page {{ size: A4; margin: 14mm 12mm; }}
@media print {{
  body {{ max-width: none; padding: 0; font-size: 11px; }}
  nav.toc {{ display: none; }}
  h2 {{ break-after: avoid; }}
  figure, svg.cm-chart, table.cm-table tr {{ break-inside: avoid; }}
  .banner {{ -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
}}
"""

# Markup that loads something; plain links (<a href>) load nothing and are allowed.
_EXTERNAL = re.compile(
    r"<script|<link\b|<iframe|<object|<embed|<image\b|@import|"
    r"""\bsrc\s*=\s*(?!["']?\s*data:)|url\(\s*(?!["']?\s*(?:#|data:))""",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Section:
    """One report section: anchor ``key``, ``heading`` and a trusted HTML ``body``.

    ``body`` is markup built by chainmap (charts, :func:`chainmap.report.charts.table_html`,
    text passed through :func:`chainmap.report.charts.esc`); it is inserted as it is.
    """

    key: str
    heading: str
    body: str


def check_self_contained(html: str) -> None:
    """Raise :class:`ChainmapError` if ``html`` would load anything (script, link, URL).

    Examples
    --------
    >>> check_self_contained('<a href="#notes">notes</a>')
    >>> check_self_contained('<img src="https://x/y.png">')  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    chainmap.errors.ChainmapError: report is not self-contained: 'src=' near ...
    """
    found = _EXTERNAL.search(html)
    if found:
        near = html[max(0, found.start() - 30) : found.end() + 30]
        msg = f"report is not self-contained: {found.group(0)!r} near {near!r}"
        raise ChainmapError(msg)


def html_document(
    title: str,
    sections: Sequence[Section],
    lang: str = "zh",
    *,
    subtitle: str = "",
    banner: str = "",
) -> str:
    """The complete HTML text of a report (see :func:`write_html`)."""
    check_language(lang)
    keys = [s.key for s in sections]
    dup = sorted({k for k in keys if keys.count(k) > 1})
    if dup:
        msg = f"duplicate section keys {dup}"
        raise ValueError(msg)
    toc = "".join(f'<li><a href="#{esc(s.key)}">{esc(s.heading)}</a></li>' for s in sections)
    body = "\n".join(
        f'<section id="{esc(s.key)}">\n<h2>{esc(s.heading)}</h2>\n{s.body}\n</section>'
        for s in sections
    )
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{"zh-CN" if lang == "zh" else "en"}">',
        '<head>\n<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>",
        f"<header>\n<h1>{esc(title)}</h1>",
        f'<p class="subtitle">{esc(subtitle)}</p>' if subtitle else "",
        f'<p class="banner">{esc(banner)}</p>' if banner else "",
        f'</header>\n<nav class="toc"><strong>{esc(t("report.contents", lang))}</strong>'
        f"<ol>{toc}</ol></nav>",
        body,
        "</body>\n</html>\n",
    ]
    html = "\n".join(p for p in parts if p)
    check_self_contained(html)
    return html


def write_html(
    path: str | Path,
    title: str,
    sections: Sequence[Section],
    lang: str = "zh",
    *,
    subtitle: str = "",
    banner: str = "",
    force: bool = False,
) -> Path:
    """Write one self-contained HTML report (inline CSS and SVG, print stylesheet).

    Parameters
    ----------
    path : target file.
    title : page title and ``<h1>``; ``subtitle`` and ``banner`` (e.g. the
        illustrative-data warning) follow it.
    sections : in order; a table of contents links to each.
    lang : "zh" or "en" (sets ``<html lang>`` and the built-in labels).
    force : replace an existing file.

    Raises
    ------
    ChainmapError
        ``path`` exists and ``force`` is False, or the markup would load something.
    """
    html = html_document(title, sections, lang, subtitle=subtitle, banner=banner)
    return write_text_atomic(path, html, overwrite=force)


def sheet_names(names: Sequence[str]) -> list[str]:
    """Valid, unique Excel sheet names: no ``[]:*?/\\``, at most 31 characters.

    Uniqueness is case-insensitive, as in Excel; clashes get ``~2``, ``~3``...

    Examples
    --------
    >>> sheet_names(["a/b", "A_B", "x" * 40])
    ['a_b', 'A_B~2', 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx']
    """
    out: list[str] = []
    seen: set[str] = set()
    for raw in names:
        base = re.sub(r"[\[\]:*?/\\]", "_", str(raw)).strip("'") or "Sheet"
        name, k = base[:31], 1
        while name.lower() in seen:
            k += 1
            suffix = f"~{k}"
            name = base[: 31 - len(suffix)] + suffix
        seen.add(name.lower())
        out.append(name)
    return out


def _header(col: object, unit: object, numeric: bool) -> str:
    label = " / ".join(map(str, col)) if isinstance(col, tuple) else str(col)
    u = unit.get(str(col), "") if isinstance(unit, Mapping) else (unit if numeric else "")
    return f"{label} [{u}]" if u and str(u) not in label else label


def _excel_value(v: Any) -> Any:
    if v is None or v is pd.NA or v is pd.NaT:
        return None
    if isinstance(v, bool | np.bool_):
        return bool(v)
    if isinstance(v, int | np.integer):
        return int(v)
    if isinstance(v, float | np.floating):
        return float(v) if math.isfinite(float(v)) else None
    if isinstance(v, pd.Timestamp):
        return v.to_pydatetime()
    if isinstance(v, datetime | date | str):
        return v
    msg = f"cannot write a {type(v).__name__} value ({v!r}) to a spreadsheet cell"
    raise TypeError(msg)


def _number_format(column: str, decimals: int | None) -> str:
    """Excel number format of a column: thousands separators and the column's decimals.

    Percent columns (label with "%") hold values already ×100, so they get decimals and
    no ``%`` scaling. Examples: ``_number_format("x", 0) == "#,##0"``.
    """
    if decimals is None:
        return ""
    return "#,##0" + ("." + "0" * decimals if decimals > 0 else "")


def _width(text: str) -> float:
    return sum(2.0 if unicodedata.east_asian_width(c) in "WF" else 1.0 for c in text)


def write_xlsx(
    path: str | Path, tables: Mapping[str, pd.DataFrame], *, index: bool = True, force: bool = False
) -> Path:
    """Write each DataFrame to its own sheet: title row, header row with units, frozen.

    Row 1 holds ``df.attrs["title"]``; row 2 the column headers, where a column
    with a unit reads ``"label [unit]"`` (``df.attrs["unit"]``: one string for
    every numeric column, or a mapping column → unit). Both rows (and the index
    columns) are frozen. Numbers stay numbers (NaN → empty cell).

    Raises
    ------
    ChainmapError
        ``path`` exists and ``force`` is False.
    TypeError
        A cell holds a value a spreadsheet cannot store (nothing is written).
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    def build(tmp: Path) -> None:
        wb = Workbook()
        wb.remove(wb.active)
        for sheet, df in zip(sheet_names(list(tables)), tables.values(), strict=True):
            ws = wb.create_sheet(sheet)
            unit = df.attrs.get("unit", "")
            n_idx = df.index.nlevels if index else 0
            ws.cell(1, 1, str(df.attrs.get("title", sheet))).font = Font(bold=True, size=12)
            idx_names = [str(n) if n is not None else "" for n in df.index.names] if index else []
            headers = idx_names + [
                _header(
                    c,
                    unit,
                    pd.api.types.is_numeric_dtype(df[c].dtype)
                    and not pd.api.types.is_bool_dtype(df[c].dtype),
                )
                for c in df.columns
            ]
            widths = [min(_width(h), 24.0) for h in headers]
            formats = [""] * n_idx + [
                _number_format(str(c), df.attrs.get("decimals", {}).get(str(c))) for c in df.columns
            ]
            for j, h in enumerate(headers, start=1):
                cell = ws.cell(2, j, h)
                cell.font = Font(bold=True)
                cell.fill = PatternFill("solid", fgColor="F0F4F8")
            for i, (key, row) in enumerate(
                zip(df.index, df.itertuples(index=False, name=None), strict=True), start=3
            ):
                values = (list(key) if isinstance(key, tuple) else [key]) if index else []
                for j, v in enumerate([*values, *row], start=1):
                    value = _excel_value(v)
                    cell = ws.cell(i, j, value)
                    fmt = formats[j - 1]
                    if fmt and isinstance(value, int | float) and not isinstance(value, bool):
                        cell.number_format = fmt
                        shown = len(f"{float(value):,.{fmt.count('0') - 1}f}") + 1
                    else:
                        shown = int(_width(str(value))) if value is not None else 0
                    widths[j - 1] = max(widths[j - 1], shown)
            for j, w in enumerate(widths, start=1):
                ws.column_dimensions[get_column_letter(j)].width = min(60.0, w + 2)
            ws.freeze_panes = ws.cell(3, n_idx + 1)
            if len(df) and headers:
                last = get_column_letter(len(headers))
                ws.auto_filter.ref = f"A2:{last}{len(df) + 2}"
            for j in range(1, len(headers) + 1):
                ws.cell(2, j).alignment = Alignment(wrap_text=True, vertical="top")
        if not wb.worksheets:
            wb.create_sheet("Sheet")
        wb.save(tmp)

    return write_with(path, build, overwrite=force)


def markdown_table(
    df: pd.DataFrame, *, decimals: int | Mapping[str, int] = 3, index: bool = True
) -> str:
    """A GitHub pipe table (``|`` in cells escaped, numbers right-aligned and rounded).

    ``decimals``: one count for every float column, or a count per column (others 3);
    integers as they are unless their column has a count; missing or non-finite: "–".

    Examples
    --------
    >>> df = pd.DataFrame({"x|y": [1.23456], "n": [2017], "v": [1234.5]}, index=["a"])
    >>> print(markdown_table(df, decimals={"v": 0}))
    |  | x\\|y | n | v |
    |---|---:|---:|---:|
    | a | 1.235 | 2017 | 1,234 |
    """
    per_column: Mapping[str, int] = decimals if isinstance(decimals, Mapping) else {}
    default = decimals if isinstance(decimals, int) else 3

    def cell(v: Any, column: str | None = None) -> str:
        if isinstance(v, bool | np.bool_):
            return str(v)
        if isinstance(v, int | np.integer) and column not in per_column:
            return str(v)
        if isinstance(v, float | np.floating | int | np.integer):
            places = per_column.get(str(column), default)
            return "–" if not math.isfinite(float(v)) else f"{float(v):,.{places}f}"
        if v is None or v is pd.NA:
            return "–"
        return str(v).replace("|", "\\|").replace("\n", " ")

    heads = ([" / ".join(str(n or "") for n in df.index.names)] if index else []) + [
        cell(str(c)) for c in df.columns
    ]
    aligns = (["---"] if index else []) + [
        "---:" if pd.api.types.is_numeric_dtype(df[c].dtype) else "---" for c in df.columns
    ]
    lines = ["| " + " | ".join(heads) + " |", "|" + "|".join(aligns) + "|"]
    columns = [str(c) for c in df.columns]
    for key, row in zip(df.index, df.itertuples(index=False, name=None), strict=True):
        lead = [cell(" / ".join(map(str, key)) if isinstance(key, tuple) else key)] if index else []
        values = [cell(v, c) for v, c in zip(row, columns, strict=True)]
        lines.append("| " + " | ".join(lead + values) + " |")
    return "\n".join(lines)


def write_markdown(
    path: str | Path,
    title: str,
    parts: Sequence[str | pd.DataFrame],
    *,
    decimals: int = 3,
    force: bool = False,
) -> Path:
    """Write a Markdown document: ``# title`` then each part (text as is, tables as pipe tables).

    A DataFrame part is preceded by its ``attrs["title"]`` (and unit) in bold.
    """
    blocks = [f"# {title}"]
    for part in parts:
        if isinstance(part, pd.DataFrame):
            head = str(part.attrs.get("title", ""))
            unit = part.attrs.get("unit", "")
            if isinstance(unit, str) and unit:
                head = f"{head} [{unit}]" if head else f"[{unit}]"
            if head:
                blocks.append(f"**{head}**")
            blocks.append(markdown_table(part, decimals=part.attrs.get("decimals", decimals)))
        else:
            blocks.append(str(part).strip())
    return write_text_atomic(path, "\n\n".join(blocks) + "\n", overwrite=force)
