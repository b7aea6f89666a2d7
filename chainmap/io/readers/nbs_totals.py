"""The parsed form of an NBS table (both layouts) and the checks of its published totals.

Every total the table publishes (TIU, THC, TC, GCF, TFU, GO by row; TII, TVA, TI by
column; the TII row under the final-use columns) is checked against its parts to
relative :data:`TOTAL_TOLERANCE`; a mismatch is recorded with row, column and gap.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from chainmap.io.readers._common import NBS_FINAL_USE_CODES, Cells, check_total

FINAL_USE = NBS_FINAL_USE_CODES
#: Totals stored as a category when none of their parts is published.
TOTALS_AS_CATEGORY = {
    "THC": ("household_consumption", ("FU101", "FU102")),
    "TC": ("final_consumption", ("FU101", "FU102", "THC", "FU103")),
    "GCF": ("gross_capital_formation", ("FU201", "FU202")),
}
CHECKED_TOTALS = ("TIU", "THC", "TC", "GCF", "TFU", "GO")
VALUE_ADDED = {
    "VA001": "compensation",
    "VA002": "production_taxes",
    "VA003": "depreciation",
    "VA004": "operating_surplus",
}
TOTAL_ROWS = ("TII", "TVA", "TI")
TOTAL_TOLERANCE = 1e-6
BALANCE_TOLERANCE = 1e-6
UNIT = "万元"


@dataclass
class NbsRow:
    """One body row of either layout: code, block, names, raw cells and its place."""

    code: str
    origin: str  # "Domestic", "Imports" or "" (competitive sectors and total rows)
    name_zh: str
    name_en: str
    cells: list[object]
    place: str


@dataclass
class NbsRaw:
    """A parsed table of either layout: column codes with their places, rows, issues."""

    path: Path
    columns: list[str]
    col_places: list[str]
    rows: list[NbsRow]
    cells: Cells
    unit: str = UNIT
    year: int | None = None
    layout: str = "CSV"
    notes: list[str] = field(default_factory=list)


def check_row_totals(
    raw: NbsRaw, row: NbsRow, z: np.ndarray, fd: dict[str, float], col_at: dict[str, int]
) -> None:
    """Published row totals (TIU, THC, TC, GCF, TFU, GO) against their parts."""
    cells = raw.cells

    def pub(name: str) -> float | None:
        if name not in col_at:
            return None
        place = raw.col_places[col_at[name]]
        return cells.number(row.cells[col_at[name]], row.place, place)

    def cell(name: str) -> float:
        if name in fd:
            return -fd[name] if name == "IM" else fd[name]
        value = pub(name)
        return math.nan if value is None else value

    def check(name: str, parts: list[float], formula: str) -> None:
        value = pub(name)
        if value is not None:
            place = raw.col_places[col_at[name]]
            check_total(
                cells,
                value,
                parts,
                formula=formula,
                row=row.place,
                column=place,
                rel_tol=TOTAL_TOLERANCE,
            )

    check("TIU", list(z), "the sum of the intermediate-use row")
    if {"FU101", "FU102"} <= col_at.keys():
        check("THC", [cell("FU101"), cell("FU102")], "FU101 + FU102")
    if "FU103" in col_at and ("THC" in col_at or {"FU101", "FU102"} <= col_at.keys()):
        household = [cell("THC")] if "THC" in col_at else [cell("FU101"), cell("FU102")]
        check("TC", [*household, cell("FU103")], "household + government consumption")
    if {"FU201", "FU202"} <= col_at.keys():
        check("GCF", [cell("FU201"), cell("FU202")], "FU201 + FU202")
    final_use = [v for k, v in fd.items() if k not in ("IM", "ERR")]
    check("TFU", final_use, "the sum of the final-use categories")
    formula = "TIU + TFU" + (" − IM" if "IM" in fd else "") + (" + ERR" if "ERR" in fd else "")
    check("GO", [*z, *fd.values()], formula)


def check_column_totals(
    raw: NbsRaw,
    blocks: dict[str, dict[str, NbsRow]],
    sector_cols: list[str],
    col_at: dict[str, int],
    Z: np.ndarray,
    V: np.ndarray,
    Zm: np.ndarray | None,
) -> None:
    """Published TII, TVA and TI rows against the column sums they stand for."""
    cells = raw.cells
    totals = blocks[""]
    inputs = Z if Zm is None else np.vstack([Z, Zm])
    sector_rows = [
        r for part in ("Domestic", "Imports", "") for c, r in blocks[part].items() if c.isdigit()
    ]
    for j, code in enumerate(sector_cols):
        place = raw.col_places[col_at[code]]
        parts = {
            "TII": (list(inputs[:, j]), "the column sum of intermediate inputs"),
            "TVA": (list(V[:, j]), "VA001 + VA002 + VA003 + VA004"),
            "TI": ([*inputs[:, j], *V[:, j]], "TII + TVA"),
        }
        for name, (values, formula) in parts.items():
            if name in totals:
                row = totals[name]
                value = cells.number(row.cells[col_at[code]], row.place, place)
                check_total(
                    cells,
                    value,
                    values,
                    formula=formula,
                    row=row.place,
                    column=place,
                    rel_tol=TOTAL_TOLERANCE,
                )
    if "TII" in totals:
        row = totals["TII"]
        for name in col_at:
            if name.isdigit() or (name not in FINAL_USE and name not in CHECKED_TOTALS):
                continue
            cell = row.cells[col_at[name]]
            place = raw.col_places[col_at[name]]
            if cell is None or not str(cell).strip():
                continue
            column = [
                cells.number(r.cells[col_at[name]], r.place, place, required=False)
                for r in sector_rows
            ]
            value = cells.number(cell, row.place, place)
            check_total(
                cells,
                value,
                column,
                formula=f"the sum of column {name}",
                row=row.place,
                column=place,
                rel_tol=TOTAL_TOLERANCE,
            )
