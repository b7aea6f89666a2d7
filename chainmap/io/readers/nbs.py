"""Readers of the National Bureau of Statistics (国家统计局) input-output tables.

Two layouts hold the same tables: the CSV conversion (columns ``Code, Description,
DescriptionInChinese, [Origin]``, sector columns, then final-use columns) and the
official workbook as published (title row, ``单位：万元``, a header row with ``代码``,
blocks 国产品 / 进口品 for non-competitive tables). Both are parsed into rows of raw
cells and built into an :class:`~chainmap.io.table.IOTable` by one function.

Mapping (see :mod:`chainmap.io.table`): FU101 → household_consumption_rural, FU102 →
household_consumption_urban, FU103 → government_consumption, FU201 →
gross_fixed_capital_formation, FU202 → inventory_change, EX → exports, IM → imports
(stored negative), ERR → statistical_error. A total is stored only when the table does
not publish its parts: TC → ``final_consumption`` (household + government consumption,
not split in the 42-sector non-competitive tables: no Type II closure from them), THC →
household_consumption, GCF → gross_capital_formation. Every other total (TIU, THC, TC,
GCF, TFU, GO, TII, TVA, TI) is checked against its parts to relative 1e-6 (the files
agree to ~1e-12) and a mismatch is reported with row, column and gap. VA001..VA004 →
compensation, production_taxes, depreciation, operating_surplus. Non-competitive
tables: Domestic (国产品) rows → ``Z`` and ``final_demand``, Imports (进口品) rows →
``imports`` (n × n) and ``imports_final_demand``. The unit is 万元 (the CSVs do not
state it; the workbook does). The workbook numbers its sectors 1..42: codes are
zero-padded (01..42) as in the CSVs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from chainmap.errors import InputDataError, Issue
from chainmap.io.readers._common import Cells, frame, read_csv_rows, sha256_of
from chainmap.io.readers._common import sectors_frame as _sectors
from chainmap.io.readers.nbs_totals import (
    BALANCE_TOLERANCE,
    CHECKED_TOTALS,
    FINAL_USE,
    TOTAL_ROWS,
    TOTALS_AS_CATEGORY,
    VALUE_ADDED,
    NbsRaw,
    NbsRow,
    check_column_totals,
    check_row_totals,
)
from chainmap.io.table import IOTable, TableMeta
from chainmap.io.validate import validate_table
from chainmap.iomath import Array


def _year(text: str) -> int | None:
    found = re.search(r"(19|20)\d{2}", text)
    return int(found.group(0)) if found else None


def read_nbs_csv(path: str | Path, *, repair: Sequence[str] = ()) -> IOTable:
    """Read an NBS table in the CSV layout (china_YYYY_N.csv).

    Parameters
    ----------
    path : path of the CSV file (UTF-8).
    repair : repairs passed to :func:`chainmap.io.validate.validate_table`.

    Returns
    -------
    IOTable
        Unit 万元; competitive, or non-competitive when the file has an ``Origin`` column.

    Raises
    ------
    InputDataError
        Every parse and validation problem, with line and column.
    """
    path = Path(path)
    rows = read_csv_rows(path)
    cells = Cells(str(path))
    if not rows:
        raise InputDataError([Issue("empty file", str(path))], str(path))
    header = [h.strip() for h in rows[0]]
    labels = ["Code", "Description", "DescriptionInChinese"]
    missing = [h for h in labels if h not in header]
    if missing:
        msg = f"missing column(s) {missing}; an NBS CSV starts with Code, Description, ..."
        raise InputDataError([Issue(msg, str(path), row="line 1")], str(path))
    at = {h: header.index(h) for h in [*labels, "Origin"] if h in header}
    first = max(at.values()) + 1
    columns = header[first:]
    body: list[NbsRow] = []
    for n, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        row = row + [""] * (len(header) - len(row))
        code = row[at["Code"]].strip()
        origin = row[at["Origin"]].strip() if "Origin" in at else ""
        body.append(
            NbsRow(
                code,
                "" if origin == "TOT" else origin,
                row[at["DescriptionInChinese"]],
                row[at["Description"]],
                list(row[first:]),
                f"{code} (line {n})",
            )
        )
    raw = NbsRaw(path, columns, columns, body, cells, year=_year(path.stem))
    return _build(raw, repair)


def _pad(code: object, width: int) -> str:
    text = str(code).strip() if code is not None else ""
    if isinstance(code, float) and code.is_integer():
        text = str(int(code))
    return text.zfill(width) if text.isdigit() else text


def read_nbs_workbook(path: str | Path, *, repair: Sequence[str] = ()) -> IOTable:
    """Read the official NBS workbook (e.g. NBS_2017_noncompetitive_42sector_...xlsx).

    The table sheet is the one with a header row holding ``代码`` and ``TIU``; the title
    gives the year (``2017年``) and the type (``非竞争型``), the ``单位：`` row the unit.

    Parameters
    ----------
    path : path of the .xlsx workbook.
    repair : repairs passed to :func:`chainmap.io.validate.validate_table`.

    Returns
    -------
    IOTable

    Raises
    ------
    InputDataError
        Missing sheet, unit or column, text in a number cell (sheet, row, column).
    """
    path = Path(path)
    found = _find_table_sheet(path)
    if found is None:
        msg = "no sheet with an NBS input-output table (a header row with 代码 and TIU)"
        raise InputDataError([Issue(msg, str(path))], str(path))
    title, grid, h, c = found
    cells = Cells(str(path), title)
    top = " ".join(str(v) for r in grid[:h] for v in r if v is not None)
    unit_match = re.search(r"单位[：:]\s*(\S+)", top)
    if not unit_match:
        cells.add("missing unit: no 单位： line above the table", "row 1-" + str(h))
    columns, places, spans, width = _workbook_columns(grid[h], c)
    title_text = str(grid[0][0] or "") if grid else ""
    raw = NbsRaw(
        path,
        columns,
        places,
        _workbook_rows(grid, h, c, spans, width),
        cells,
        unit=unit_match.group(1) if unit_match else "",
        year=_year(title_text) or _year(path.stem),
        layout=f"workbook sheet {title}",
    )
    return _build(raw, repair)


def _find_table_sheet(path: Path) -> tuple[str, list[list[Any]], int, int] | None:
    """(sheet title, rows, header row, 代码 column) of the first sheet whose first 20 rows
    hold a header with 代码 and TIU, or None."""
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        for sheet in book.worksheets:
            grid = [list(r) for r in sheet.iter_rows(values_only=True)]
            for h, row in enumerate(grid[:20]):
                texts = [str(c).strip() if c is not None else "" for c in row]
                if "代码" in texts and "TIU" in texts:
                    return sheet.title, grid, h, texts.index("代码")
    finally:
        book.close()
    return None


def _workbook_columns(header: list[Any], c: int) -> tuple[list[str], list[str], list[int], int]:
    """Column codes right of 代码 (zero-padded; GO/IM → GO), their places ("01 (D)"),
    their positions and the width sector codes are padded to."""
    from openpyxl.utils import get_column_letter

    spans = [j for j in range(c + 1, len(header)) if header[j] is not None]
    raw_codes = [str(header[j]).strip() for j in spans]
    numeric = [int(x) for x in raw_codes if x.isdigit()]
    width = max(2, len(str(max(numeric)))) if numeric else 2
    columns = ["GO" if x == "GO/IM" else _pad(x, width) for x in raw_codes]
    places = [
        f"{code} ({get_column_letter(j + 1)})" for code, j in zip(columns, spans, strict=True)
    ]
    return columns, places, spans, width


def _workbook_rows(
    grid: list[list[Any]], h: int, c: int, spans: list[int], width: int
) -> list[NbsRow]:
    """Body rows below the header; 国产品 / 进口品 headings open the blocks of a
    non-competitive table (a non-sector row closes them)."""
    header = grid[h]
    body: list[NbsRow] = []
    origin = ""
    blocks = {"国产品": "Domestic", "进口品": "Imports"}
    for r in range(h + 1, len(grid)):
        row = grid[r] + [None] * (len(header) - len(grid[r]))
        if all(v is None or not str(v).strip() for v in row):
            continue
        code = _pad(row[c], width)
        block = re.sub(r"\s+", "", str(row[1] or ""))
        if block in blocks:
            origin = blocks[block]
        if not code.isdigit():
            origin = ""
        name = row[c - 1] if code.isdigit() else (row[1] or row[0])
        name_zh = re.sub(r"\s+", "", str(name or ""))
        values = [row[j] for j in spans]
        body.append(NbsRow(code, origin, name_zh, "", values, f"{code} (row {r + 1})"))
    return body


def _build(raw: NbsRaw, repair: Sequence[str]) -> IOTable:
    """Build and validate the table from parsed rows (both layouts)."""
    cells = raw.cells
    col_at, sector_cols = _index_columns(raw)
    blocks, noncompetitive = _sort_rows(raw, sector_cols)
    sector_block = blocks["Domestic"] if noncompetitive else blocks[""]
    if cells.issues and (not sector_cols or any(c not in sector_block for c in sector_cols)):
        raise InputDataError(cells.issues, str(raw.path))
    fu = [c for c in col_at if c in FINAL_USE or c in TOTALS_AS_CATEGORY]
    stored = [
        c for c in fu if c in FINAL_USE or not any(p in col_at for p in TOTALS_AS_CATEGORY[c][1])
    ]
    names = [FINAL_USE[c] if c in FINAL_USE else TOTALS_AS_CATEGORY[c][0] for c in stored]
    if "TC" in stored:
        raw.notes.append("final_consumption = NBS TC (household + government, not split)")
    Z, F = _sector_part(raw, col_at, sector_block, sector_cols, stored)
    va_rows = [blocks[""][c] for c in VALUE_ADDED if c in blocks[""]]
    V = np.array([_values(raw, col_at, r, sector_cols) for r in va_rows]).reshape(len(va_rows), -1)
    Zm = Fm = None
    if noncompetitive:
        Zm, Fm = _sector_part(raw, col_at, blocks["Imports"], sector_cols, stored)
    check_column_totals(raw, blocks, sector_cols, col_at, Z, V, Zm)
    first = [sector_block[c] for c in sector_cols]
    meta = TableMeta(
        region="China",
        year=raw.year,
        unit=raw.unit,
        currency="CNY",
        source=(
            f"National Bureau of Statistics of China (国家统计局), {raw.year} input-output "
            f"table, {len(sector_cols)} sectors ({raw.layout})"
        ),
        table_type="noncompetitive" if noncompetitive else "competitive",
        path=str(raw.path),
        sha256=sha256_of(raw.path),
        notes=tuple(raw.notes),
        balance_tolerance=BALANCE_TOLERANCE,
    )
    table = IOTable(
        sectors=_sectors(sector_cols, [r.name_zh for r in first], [r.name_en for r in first]),
        Z=frame(Z, sector_cols, sector_cols, columns_name="industry"),
        final_demand=frame(F, sector_cols, names),
        value_added=frame(
            V, [VALUE_ADDED[r.code] for r in va_rows], sector_cols, index_name="component"
        ),
        meta=meta,
        imports=None if Zm is None else frame(Zm, sector_cols, sector_cols, index_name="product"),
        imports_final_demand=None if Fm is None else frame(Fm, sector_cols, names),
    )
    return validate_table(table, source=str(raw.path), repair=repair, extra_issues=cells.issues)


def _index_columns(raw: NbsRaw) -> tuple[dict[str, int], list[str]]:
    """Position of each column code and the sector columns; duplicate and unknown
    columns are recorded."""
    cells = raw.cells
    col_at: dict[str, int] = {}
    for j, name in enumerate(raw.columns):
        if name in col_at:
            cells.add(f"duplicate column {name!r}", column=raw.col_places[j])
        elif name:
            col_at[name] = j
    sector_cols = [c for c in col_at if c.isdigit()]
    for c in col_at:
        if not c.isdigit() and c not in FINAL_USE and c not in CHECKED_TOTALS:
            cells.add(f"unknown column {c!r}", column=raw.col_places[col_at[c]])
    return col_at, sector_cols


def _sort_rows(raw: NbsRaw, sector_cols: list[str]) -> tuple[dict[str, dict[str, NbsRow]], bool]:
    """Rows by block (Domestic, Imports, "" for competitive sectors and totals) and code;
    unknown, duplicate and missing rows are recorded. True for a non-competitive table."""
    cells = raw.cells
    noncompetitive = any(r.origin for r in raw.rows)
    blocks: dict[str, dict[str, NbsRow]] = {"Domestic": {}, "Imports": {}, "": {}}
    for row in raw.rows:
        if row.origin not in blocks:
            cells.add(f"unknown Origin {row.origin!r}", row.place)
            continue
        known = row.code in sector_cols or (
            not row.origin and row.code in (*VALUE_ADDED, *TOTAL_ROWS)
        )
        if not known:
            cells.add(f"unknown row code {row.code!r} (not a sector column)", row.place)
        elif row.code in blocks[row.origin]:
            cells.add(f"duplicate row code {row.code!r}", row.place)
        else:
            blocks[row.origin][row.code] = row
    parts = ["Domestic", "Imports"] if noncompetitive else [""]
    for part in parts:
        for code in sector_cols:
            if code not in blocks[part]:
                what = f"{part.lower()} " if part else ""
                cells.add(f"no {what}row for sector column {code!r}", column=code)
    for code in VALUE_ADDED:
        if code not in blocks[""]:
            cells.add(f"missing row {code}", code)
    return blocks, noncompetitive


def _values(
    raw: NbsRaw, col_at: dict[str, int], row: NbsRow, columns: Sequence[str]
) -> list[float]:
    """Numbers of ``row`` in ``columns`` (NaN and an issue for a bad cell)."""
    return [
        raw.cells.number(row.cells[col_at[c]], row.place, raw.col_places[col_at[c]])
        for c in columns
    ]


def _sector_part(
    raw: NbsRaw,
    col_at: dict[str, int],
    block: dict[str, NbsRow],
    sector_cols: list[str],
    stored: list[str],
) -> tuple[Array, Array]:
    """Intermediate and final-use block of one origin (imports stored negative), with
    each row's published totals checked."""
    z = np.array([_values(raw, col_at, block[c], sector_cols) for c in sector_cols])
    f = np.array([_values(raw, col_at, block[c], stored) for c in sector_cols]).reshape(
        len(sector_cols), -1
    )
    if "IM" in stored:
        f[:, stored.index("IM")] *= -1.0
    for i, code in enumerate(sector_cols):
        check_row_totals(raw, block[code], z[i], dict(zip(stored, f[i], strict=True)), col_at)
    return z, f
