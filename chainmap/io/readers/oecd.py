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

import numpy as np

from chainmap.errors import InputDataError, Issue
from chainmap.io.readers._common import (
    Cells,
    check_total,
    frame,
    read_csv_rows,
    sectors_frame,
    sha256_of,
)
from chainmap.io.table import IOTable, TableMeta
from chainmap.io.validate import validate_table

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
    rows = read_csv_rows(path)
    cells = Cells(str(path))
    header = [h.strip() for h in rows[0]] if rows else []
    if header[:2] != ["Code", "Description"]:
        msg = "an OECD IOT CSV starts with the columns Code, Description"
        raise InputDataError([Issue(msg, str(path), row="line 1")], str(path))
    col_at: dict[str, int] = {}
    for j, name in enumerate(header[2:], start=2):
        if name in col_at:
            cells.add(f"duplicate column {name!r}", column=name)
        elif not name.isdigit() and name not in FINAL_USE:
            cells.add(f"unknown column {name!r}", column=name)
        col_at[name] = j
    sectors = [c for c in col_at if c.isdigit()]
    fd_cols = [c for c in col_at if c in FINAL_USE]
    body: dict[str, tuple[list[str], str]] = {}
    for n, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        code = row[0].strip()
        place = f"{code} (line {n})"
        if code in body:
            cells.add(f"duplicate row code {code!r}", place)
        elif code not in sectors and code not in (*OTHER_INPUTS, *TOTAL_ROWS):
            cells.add(f"unknown row code {code!r}", place)
        else:
            body[code] = (row + [""] * (len(header) - len(row)), place)
    missing = [c for c in (*sectors, *OTHER_INPUTS, *TOTAL_ROWS) if c not in body]
    for code in missing:
        cells.add(f"missing row {code!r}", code)
    if missing:
        raise InputDataError(cells.issues, str(path))

    def block(codes: Sequence[str], columns: Sequence[str]) -> np.ndarray:
        return np.array(
            [[cells.number(body[r][0][col_at[c]], body[r][1], c) for c in columns] for r in codes]
        ).reshape(len(codes), len(columns))

    Z = block(sectors, sectors)
    F = block(sectors, fd_cols)
    T = block(OTHER_INPUTS, sectors)
    totals = block(TOTAL_ROWS, sectors)
    for j, code in enumerate(sectors):
        ttl, valu, out = totals[:, j]
        check_total(
            cells,
            ttl,
            [*Z[:, j], *T[:, j]],
            formula="Z column + TXS_IMP_FNL + TXS_INT_FNL",
            row=body["TTL_INT_FNL"][1],
            column=code,
            rel_tol=TOTAL_TOLERANCE,
            abs_tol=ROUNDING * (len(sectors) + 3),
        )
        check_total(
            cells,
            out,
            [ttl, valu],
            formula="TTL_INT_FNL + VALU",
            row=body["OUTPUT"][1],
            column=code,
            rel_tol=TOTAL_TOLERANCE,
            abs_tol=ROUNDING * 3,
        )
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
    en = [body[c][0][1] for c in sectors]
    table = IOTable(
        sectors=sectors_frame(sectors, [""] * len(sectors), en),
        Z=frame(Z, sectors, sectors, columns_name="industry"),
        final_demand=frame(F, sectors, [FINAL_USE[c] for c in fd_cols]),
        value_added=frame(totals[1:2], ["value_added"], sectors, index_name="component"),
        other_inputs=frame(T, OTHER_INPUTS, sectors, index_name="input"),
        meta=meta,
    )
    return validate_table(table, source=str(path), repair=repair, extra_issues=cells.issues)
