"""Copies of an official workbook, edited to test how the provincial reader fails."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from python_calamine import CalamineWorkbook


def sheet_rows(path: Path) -> list[list]:
    """Every cell of the first sheet, empty area included, as python-calamine reads it."""
    wb = CalamineWorkbook.from_path(str(path))
    return wb.get_sheet_by_name(wb.sheet_names[0]).to_python(skip_empty_area=False)


def write_workbook(rows: list[list], path: Path) -> Path:
    """Write ``rows`` to sheet ``Sheet1`` of a new .xlsx at ``path`` ("" cells left empty)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    for r in rows:
        ws.append([None if v == "" else v for v in r])
    wb.save(path)
    return path


def broken_rows(rows: list[list], kind: str) -> list[list]:
    """``rows`` of the 2017 Zhejiang workbook broken one way (a new list; ``rows`` unchanged).

    ``text``: "n/a" in the number cell E12; ``no_code_row``: the title and all header rows
    dropped; ``shifted``: every row below the header moved one column right.
    """
    if kind == "text":
        broken = [list(r) for r in rows]
        broken[11][4] = "n/a"  # cell E12
        return broken
    if kind == "no_code_row":
        return rows[8:]
    if kind == "shifted":
        return rows[:8] + [[*r[:3], "", *r[3:]] for r in rows[8:]]
    msg = f"unknown kind of broken workbook {kind!r}"
    raise ValueError(msg)
