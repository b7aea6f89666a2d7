"""Reader of the OECD Input-Output Tables, 2021 edition (one country and year per CSV).

Layout: columns ``Code, Description``, industries ``01..45``, then final use HFCE,
NPISH, GGFC, GFCF, INVNT, CONS_ABR, CONS_NONRES, EXPO, IMPO (IMPO negative); rows
``01..45``, TXS_IMP_FNL, TXS_INT_FNL, TTL_INT_FNL, VALU, OUTPUT. Total-use tables
(domestic + imported flows), so the table is competitive.

Mapping: HFCE → household_consumption, NPISH → npish_consumption, GGFC →
government_consumption, GFCF → gross_fixed_capital_formation, INVNT →
inventory_change, CONS_ABR → consumption_abroad, CONS_NONRES → consumption_nonresidents,
EXPO → exports, IMPO → imports (already negative). The two TXS_* rows (taxes less
subsidies on products) → ``other_inputs``; VALU → one value-added row ``value_added``
(the file has no components, so income and tax multipliers are not available).
TTL_INT_FNL and OUTPUT are checked against their parts. The final-use cells of the
TXS_* rows (taxes on final products) belong to no industry and are not stored.

Tolerances: values are published rounded to 0.1 USD million from unrounded sums, so
totals do not add up exactly (OUTPUT differs from TTL_INT_FNL + VALU by up to 0.9, or
8e-5 relative in a small sector). Each total is checked to 1e-3 of the sum of its parts'
magnitudes plus half a unit per term, and the row and column identities are allowed a
relative gap of 1e-3 (the largest in the 2021 edition is 2.5e-4, Japan 2018 sector
03). Industry 45 (households as employers) has zero output in these files: read them
with ``repair=("drop_zero_output",)``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from chainmap.errors import InputDataError, Issue
from chainmap.io.readers._common import (
    Cells,
    CodedRows,
    check_total,
    coded_lines,
    frame,
    header_cells,
    read_csv_rows,
    sectors_frame,
    sha256_of,
)
from chainmap.io.table import IOTable, TableMeta
from chainmap.io.validate import validate_table
from chainmap.iomath import Array

FINAL_USE = {
    "HFCE": "household_consumption",
    "NPISH": "npish_consumption",
    "GGFC": "government_consumption",
    "GFCF": "gross_fixed_capital_formation",
    "INVNT": "inventory_change",
    "CONS_ABR": "consumption_abroad",
    "CONS_NONRES": "consumption_nonresidents",
    "EXPO": "exports",
    "IMPO": "imports",
}
OTHER_INPUTS = ("TXS_IMP_FNL", "TXS_INT_FNL")
TOTAL_ROWS = ("TTL_INT_FNL", "VALU", "OUTPUT")
BALANCE_TOLERANCE = 1e-3
TOTAL_TOLERANCE = 1e-3
ROUNDING = 0.05  # half of the 0.1 USD million the values are rounded to
UNIT = "USD million"


def read_oecd_csv(path: str | Path, *, repair: Sequence[str] = ()) -> IOTable:
    """Read one OECD IOT 2021 CSV (e.g. OECD21ed_CHN_2018.csv).

    Region and year come from the file name (``..._CHN_2018``).

    Parameters
    ----------
    path : path of the CSV file.
    repair : repairs passed to :func:`chainmap.io.validate.validate_table`; the 2021 files
        need ``("drop_zero_output",)`` (industry 45 is empty).

    Returns
    -------
    IOTable
        Competitive, USD million, 45 industries (44 after dropping 45).

    Raises
    ------
    InputDataError
        Every parse and validation problem, with line and column.
    """
    path = Path(path)
    body, sectors, fd_cols = _parse(path)
    cells = body.cells
    Z = body.block(sectors, sectors)
    F = body.block(sectors, fd_cols)
    T = body.block(OTHER_INPUTS, sectors)
    totals = body.block(TOTAL_ROWS, sectors)
    _check_totals(body, sectors, Z, T, totals)
    found = re.search(r"_([A-Z]{3})_((?:19|20)\d{2})", path.stem)
    region, year = (found.group(1), int(found.group(2))) if found else ("", None)
    meta = TableMeta(
        region=region,
        year=year,
        unit=UNIT,
        currency="USD",
        source=f"OECD Input-Output Tables, 2021 edition ({region} {year})",
        table_type="competitive",
        path=str(path),
        sha256=sha256_of(path),
        balance_tolerance=BALANCE_TOLERANCE,
    )
    en = [body.rows[c][0][1] for c in sectors]
    table = IOTable(
        sectors=sectors_frame(sectors, [""] * len(sectors), en),
        Z=frame(Z, sectors, sectors, columns_name="industry"),
        final_demand=frame(F, sectors, [FINAL_USE[c] for c in fd_cols]),
        value_added=frame(totals[1:2], ["value_added"], sectors, index_name="component"),
        other_inputs=frame(T, OTHER_INPUTS, sectors, index_name="input"),
        meta=meta,
    )
    return validate_table(table, source=str(path), repair=repair, extra_issues=cells.issues)


def _parse(path: Path) -> tuple[CodedRows, list[str], list[str]]:
    """The rows by code, the industry columns and the final-use columns; raises when
    the header is not the OECD one or a row is missing."""
    rows = read_csv_rows(path)
    cells = Cells(str(path))
    header = header_cells(rows)
    if header[:2] != ["Code", "Description"]:
        msg = "an OECD IOT CSV starts with the columns Code, Description"
        raise InputDataError([Issue(msg, str(path), row="line 1")], str(path))
    body = CodedRows(cells, {})
    for j, name in enumerate(header[2:], start=2):
        if name in body.col_at:
            cells.add(f"duplicate column {name!r}", column=name)
        elif not name.isdigit() and name not in FINAL_USE:
            cells.add(f"unknown column {name!r}", column=name)
        body.col_at[name] = j
    sectors = [c for c in body.col_at if c.isdigit()]
    fd_cols = [c for c in body.col_at if c in FINAL_USE]
    for code, row, place in coded_lines(rows, len(header)):
        if code in body.rows:
            cells.add(f"duplicate row code {code!r}", place)
        elif code not in sectors and code not in (*OTHER_INPUTS, *TOTAL_ROWS):
            cells.add(f"unknown row code {code!r}", place)
        else:
            body.rows[code] = (row, place)
    if body.report_missing([*sectors, *OTHER_INPUTS, *TOTAL_ROWS]):
        raise InputDataError(cells.issues, str(path))
    return body, sectors, fd_cols


def _check_totals(body: CodedRows, sectors: list[str], Z: Array, T: Array, totals: Array) -> None:
    """TTL_INT_FNL and OUTPUT of each industry against their parts."""
    for j, code in enumerate(sectors):
        ttl, valu, out = totals[:, j]
        check_total(
            body.cells,
            ttl,
            [*Z[:, j], *T[:, j]],
            formula="Z column + TXS_IMP_FNL + TXS_INT_FNL",
            row=body.place("TTL_INT_FNL"),
            column=code,
            rel_tol=TOTAL_TOLERANCE,
            abs_tol=ROUNDING * (len(sectors) + 3),
        )
        check_total(
            body.cells,
            out,
            [ttl, valu],
            formula="TTL_INT_FNL + VALU",
            row=body.place("OUTPUT"),
            column=code,
            rel_tol=TOTAL_TOLERANCE,
            abs_tol=ROUNDING * 3,
        )
