"""Reader of the Eurostat-manual 6-sector German table, wide layout (Beutel 2008, ch. 15).

Layout (germany_1995_wide.csv): first column ``iotables_row``; columns = the six
product groups, ``total``, then final use and ``total_final_use`` (= total use = output
by rows); rows = the six groups, ``total``, imports, net_tax_products,
intermediate_consumption, the four value-added components, gva, output and employment.
Million EUR; employment in thousand persons.

Mapping: Z = the domestic 6 × 6 block (the table is non-competitive with a single row of
imported inputs → ``imports``); net_tax_products → ``other_inputs``;
compensation_employees → compensation, net_tax_production → production_taxes,
consumption_fixed_capital → depreciation, os_mixed_income_net → operating_surplus;
employment_domestic_total → satellite ``employment`` (thousand persons; checked to equal
wage_salary + self_employed). Final use: final_consumption_households →
household_consumption, final_consumption_government → government_consumption,
gross_capital_formation → gross_fixed_capital_formation (inventory change is a separate
column, and the row identity holds only with the two disjoint), inventory_change,
exports. The final-use cells of the imports and net_tax_products rows are not stored.

The published ``total_final_use`` of industry_group (1,079,400) is 46 (4.3e-5) below
the sum of its own parts and below published output (1,079,446): a typo in a total that
is not stored. The reader keeps the parts (so output is the published 1,079,446 and the
manual's backward linkages are reproduced), records the gap in ``meta.notes`` and
accepts such a gap in this total only up to 1e-4 of output.
"""

from __future__ import annotations

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
    "final_consumption_households": "household_consumption",
    "final_consumption_government": "government_consumption",
    "gross_capital_formation": "gross_fixed_capital_formation",
    "inventory_change": "inventory_change",
    "exports": "exports",
}
VALUE_ADDED = {
    "compensation_employees": "compensation",
    "net_tax_production": "production_taxes",
    "consumption_fixed_capital": "depreciation",
    "os_mixed_income_net": "operating_surplus",
}
OTHER_ROWS = (
    "total",
    "imports",
    "net_tax_products",
    "intermediate_consumption",
    "gva",
    "output",
    "employment_wage_salary",
    "employment_self_employed",
    "employment_domestic_total",
)
DISCREPANCY_LIMIT = 1e-4
ROUNDING = 0.5  # published in whole million EUR


def read_eurostat_wide(path: str | Path, *, repair: Sequence[str] = ()) -> IOTable:
    """Read the Beutel (Eurostat manual) German 1995 table in its wide CSV layout.

    Parameters
    ----------
    path : path of germany_1995_wide.csv.
    repair : repairs passed to :func:`chainmap.io.validate.validate_table`.

    Returns
    -------
    IOTable
        Non-competitive (one imports row), EUR million, with an employment satellite.

    Raises
    ------
    InputDataError
        Every parse and validation problem, with line and column.
    """
    path = Path(path)
    body, sectors = _parse(path)
    cells = body.cells
    fd_cols = [c for c in FINAL_USE if c in body.col_at]
    Z, F = body.block(sectors, sectors), body.block(sectors, fd_cols)
    V = body.block(list(VALUE_ADDED), sectors)
    named = dict(zip(OTHER_ROWS, body.block(OTHER_ROWS, sectors), strict=True))
    notes = _check_use_totals(body, sectors, Z, F)
    _check_input_totals(body, sectors, Z, V, named)
    meta = TableMeta(
        region="Germany",
        year=1995,
        unit="EUR million",
        currency="EUR",
        source="Eurostat Manual of Supply, Use and Input-Output Tables (2008), ch. 15 (Beutel)",
        table_type="noncompetitive",
        path=str(path),
        sha256=sha256_of(path),
        notes=tuple(notes),
    )
    names = [c.replace("_", " ") for c in sectors]
    table = IOTable(
        sectors=sectors_frame(sectors, [""] * len(sectors), names),
        Z=frame(Z, sectors, sectors, columns_name="industry"),
        final_demand=frame(
            F,
            sectors,
            [FINAL_USE[c] for c in fd_cols],
        ),
        value_added=frame(V, list(VALUE_ADDED.values()), sectors, index_name="component"),
        imports=frame(named["imports"], ["imports"], sectors, index_name="input"),
        other_inputs=frame(
            named["net_tax_products"], ["net_tax_products"], sectors, index_name="input"
        ),
        satellites=frame(
            named["employment_domestic_total"], ["employment"], sectors, index_name="satellite"
        ),
        satellite_units={"employment": "thousand persons"},
        meta=meta,
    )
    return validate_table(table, source=str(path), repair=repair, extra_issues=cells.issues)


def _parse(path: Path) -> tuple[CodedRows, list[str]]:
    """The rows by code and the sector columns; raises when the layout is not the wide one
    or a row or the total_final_use column is missing."""
    rows = read_csv_rows(path)
    cells = Cells(str(path))
    header = header_cells(rows)
    if not header or header[0] != "iotables_row" or "total" not in header:
        msg = "the wide Eurostat layout starts with the column iotables_row and has a total column"
        raise InputDataError([Issue(msg, str(path), row="line 1")], str(path))
    sectors = header[1 : header.index("total")]
    body = CodedRows(cells, {name: j for j, name in enumerate(header)})
    for name in header[header.index("total") + 1 :]:
        if name not in FINAL_USE and name != "total_final_use":
            cells.add(f"unknown column {name!r}", column=name)
    for code, row, place in coded_lines(rows, len(header)):
        if not code:
            continue
        if code in body.rows:
            cells.add(f"duplicate row {code!r}", place)
        elif code not in sectors and code not in VALUE_ADDED and code not in OTHER_ROWS:
            cells.add(f"unknown row {code!r}", place)
        body.rows[code] = (row, place)
    missing = body.report_missing([*sectors, *VALUE_ADDED, *OTHER_ROWS])
    if missing or "total_final_use" not in body.col_at:
        cells.add("missing column 'total_final_use'", column="total_final_use")
        raise InputDataError(cells.issues, str(path))
    return body, sectors


def _check(
    body: CodedRows, pub: float, parts: list[float], formula: str, row: str, col: str
) -> None:
    """One published total against its parts, to the rounding of whole million EUR."""
    check_total(
        body.cells,
        pub,
        parts,
        formula=formula,
        row=body.place(row),
        column=col,
        rel_tol=1e-9,
        abs_tol=ROUNDING * len(parts),
    )


def _check_use_totals(body: CodedRows, sectors: list[str], Z: Array, F: Array) -> list[str]:
    """Row totals (intermediate use, total use); a small gap in total use becomes a note."""
    uses = body.block(sectors, ["total", "total_final_use"])
    notes = []
    for i, code in enumerate(sectors):
        _check(body, uses[i, 0], list(Z[i]), "the sum of the intermediate-use row", code, "total")
        gap = uses[i, 1] - (uses[i, 0] + F[i].sum())
        if abs(gap) > DISCREPANCY_LIMIT * abs(uses[i, 1]):
            _check(
                body, uses[i, 1], [uses[i, 0], *F[i]], "total + final use", code, "total_final_use"
            )
        elif gap != 0:
            notes.append(
                f"published total_final_use of {code} is {gap:+g} off its parts; parts kept"
            )
    return notes


def _check_input_totals(
    body: CodedRows, sectors: list[str], Z: Array, V: Array, named: dict[str, Array]
) -> None:
    """Column totals: intermediate inputs, value added, output and employment."""
    for j, code in enumerate(sectors):
        _check(body, named["total"][j], list(Z[:, j]), "the column sum of Z", "total", code)
        parts = [named["total"][j], named["imports"][j], named["net_tax_products"][j]]
        _check(
            body,
            named["intermediate_consumption"][j],
            parts,
            "total + imports + net taxes on products",
            "intermediate_consumption",
            code,
        )
        _check(body, named["gva"][j], list(V[:, j]), "the value-added components", "gva", code)
        parts = [named["intermediate_consumption"][j], named["gva"][j]]
        _check(body, named["output"][j], parts, "intermediate consumption + gva", "output", code)
        parts = [named["employment_wage_salary"][j], named["employment_self_employed"][j]]
        _check(
            body,
            named["employment_domestic_total"][j],
            parts,
            "wage_salary + self_employed",
            "employment_domestic_total",
            code,
        )
