"""Cells of an official Chinese input-output workbook sheet, and the layout found in them.

A sheet is its list of rows (python-calamine ``to_python``); these helpers read one
cell as text, as a sector code or as a number, and name it Excel-style for messages.
:class:`Layout` holds the positions :mod:`provincial_layout` finds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from chainmap.errors import InputDataError, Issue

#: Standard final-use column names of :class:`provincial.ProvincialTable`.
FINAL_USE_COLUMNS: tuple[str, ...] = (
    "household_consumption_rural",
    "household_consumption_urban",
    "household_consumption",
    "government_consumption",
    "gross_fixed_capital_formation",
    "inventory_change",
    "exports",
    "outflows",
    "imports",
    "inflows",
    "net_outflows",
    "statistical_error",
    "gross_output",
)
#: Standard value-added rows.
VALUE_ADDED_ROWS: tuple[str, ...] = (
    "compensation",
    "production_taxes",
    "depreciation",
    "operating_surplus",
)

_CODE = re.compile(r"^0*(\d{1,3})(?:\.0+)?$")
_ALPHA_CODE = re.compile(
    r"^(TII|TIU|TVA|TI|TFU|GO|EX|IM|IF|OF|NOF|ERR|THC|TC|GCF|TCF|TM|TNM|"
    r"T\d|T3|VA\d{3}|FU\d{3})$"
)
_UNIT = re.compile(r"万元|yuan|单位|按当年|计算|Data are|Matrix", re.IGNORECASE)
_EMPTY_TEXT = {"", "-", "—", "－", "–", "…", "...", "/"}


@dataclass
class Layout:
    """Positions (0-based) of the blocks of one sheet."""

    header_row: int
    codes: list[str]
    names: list[str]
    sector_rows: list[int]
    sector_cols: list[int]
    fu_cols: dict[str, list[int]] = field(default_factory=dict)
    fu_label: dict[str, str] = field(default_factory=dict)
    tiu_col: int | None = None
    tfu_col: int | None = None
    go_col: int | None = None
    tii_row: int | None = None
    tva_row: int | None = None
    ti_row: int | None = None
    va_rows: dict[str, int] = field(default_factory=dict)
    trade_memo: bool = False
    quirks: list[str] = field(default_factory=list)


def cell_name(i: int, j: int) -> str:
    """Excel-style address of 0-based (row, column): ``cell_name(11, 2) == 'C12'``."""
    letters, k = "", j + 1
    while k:
        k, rem = divmod(k - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{i + 1}"


def cell_text(v: Any) -> str:
    """Text of a cell without any white space ("" for an empty cell)."""
    return re.sub(r"\s+", "", str(v)) if v is not None else ""


def as_code(v: Any) -> int | None:
    """Sector code 1…300 written as ``01``, ``1``, ``1.0`` or a float; else None."""
    if isinstance(v, bool) or v is None:
        return None
    if isinstance(v, (int, float)):
        f = float(v)
        return int(f) if f.is_integer() and 1 <= f <= 300 else None
    m = _CODE.match(cell_text(v))
    return int(m.group(1)) if m else None


def cell_value(rows: list[list[Any]], i: int, j: int) -> Any:
    """Value at 0-based (row, column); "" outside the sheet."""
    r = rows[i] if 0 <= i < len(rows) else []
    return r[j] if 0 <= j < len(r) else ""


def number(rows: list[list[Any]], i: int, j: int, file: str, sheet: str) -> float:
    """Numeric value of a data cell; blanks and dashes are 0; text raises InputDataError."""
    v = cell_value(rows, i, j)
    if isinstance(v, bool):
        return float(v)
    if isinstance(v, (int, float)):
        return float(v)
    s = cell_text(v)
    if s in _EMPTY_TEXT:
        return 0.0
    try:
        return float(s.replace(",", ""))
    except ValueError:
        raise InputDataError(
            [
                Issue(
                    f"text {str(v).strip()[:40]!r} where a number is expected (cell {cell_name(i, j)})",  # noqa: E501
                    file=file,
                    sheet=sheet,
                    row=str(i + 1),
                    column=cell_name(i, j),
                )
            ]
        ) from None


def code_run(row: list[Any]) -> list[tuple[int, int]]:
    """Longest run of codes 1, 2, … in a row (other cells between them allowed)."""
    best: list[tuple[int, int]] = []
    for start, v in enumerate(row):
        if as_code(v) != 1:
            continue
        run, want = [(start, 1)], 2
        for j in range(start + 1, len(row)):
            k = as_code(row[j])
            if k == want:
                run.append((j, k))
                want += 1
            elif k is not None or cell_text(row[j]) in ("TIU", "中间使用合计"):
                break
        if len(run) > len(best):
            best = run
    return best


def header_text(rows: list[list[Any]], h: int, j: int, last_only: bool = False) -> str:
    """Header text of column j: the texts of rows 0…h joined (or only the lowest one)."""
    parts = []
    for i in range(h + 1):
        t = cell_text(cell_value(rows, i, j))
        if (
            t
            and not _UNIT.search(t)
            and as_code(t) is None
            and not _ALPHA_CODE.match(t)
            and not re.fullmatch(r"[\d.\-—－]+", t)
        ):
            parts.append(t)
    return (parts[-1] if parts else "") if last_only else "".join(parts)


def row_name(rows: list[list[Any]], i: int, label_cols: range) -> str:
    """Sector or total name of row i: the rightmost label cell that is a name, or ""."""
    for j in reversed(label_cols):
        t = cell_text(cell_value(rows, i, j))
        if (
            len(t) >= 2
            and as_code(t) is None
            and not _ALPHA_CODE.match(t)
            and not re.fullmatch(r"[\d.\-—－]+", t)
        ):
            return t
    return ""


def row_code(rows: list[list[Any]], i: int, label_cols: range) -> str:
    """Letter code of row i (``TII``, ``VA001``...) in the label columns, or ""."""
    for j in label_cols:
        t = cell_text(cell_value(rows, i, j))
        if _ALPHA_CODE.match(t):
            return t
    return ""
