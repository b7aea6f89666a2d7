"""chainmap's own table format: a folder of CSV files, or one .xlsx with the same sheets.

Sheets (``<name>.csv`` in a folder, or a sheet ``<name>`` in a workbook):

* ``meta`` — two columns ``key,value``: region, year, unit (required), currency, source,
  table_type (competitive | noncompetitive), table_id, balance_tolerance (default 1e-6)
  and any number of ``note`` rows.
* ``sectors`` — columns ``code, name`` and optionally ``name_zh, name_en, category``.
* ``Z`` — first column the row codes, header the column codes; rows sell.
* ``final_demand`` — rows = sector codes, one column per category (standard names in
  :data:`chainmap.io.table.FINAL_DEMAND_CATEGORIES`); competitive tables hold imports as a
  negative column ``imports``.
* ``value_added`` — rows = components (compensation, production_taxes, depreciation,
  operating_surplus have fixed meanings; other names count towards value added),
  columns = sector codes.
* optional ``imports`` (an n × n import-use matrix, or one row ``imports``),
  ``imports_final_demand`` (n × categories), ``other_inputs`` (rows of primary inputs
  that are not value added) and ``satellites`` (rows such as employment; an optional
  second column ``unit``; then the sector codes).

Column identity: Z′i + imports′i + other_inputs′i + value_added′i = output = Z i + F i.
Numbers are written with ``repr`` (shortest exact form) and read with ``float``, so a
table round-trips bit for bit. Writing (atomic) is in :mod:`native_write`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from chainmap.errors import InputDataError, Issue
from chainmap.io.readers._common import Cells, frame, is_empty, sha256_of
from chainmap.io.readers.native_write import write_native
from chainmap.io.table import IOTable, TableMeta
from chainmap.io.text import read_csv_text
from chainmap.io.validate import validate_table

__all__ = ["read_native", "write_native"]

REQUIRED = ("meta", "sectors", "Z", "final_demand", "value_added")
OPTIONAL = ("imports", "imports_final_demand", "other_inputs", "satellites")
META_KEYS = (
    "region",
    "year",
    "unit",
    "currency",
    "source",
    "table_type",
    "table_id",
    "balance_tolerance",
    "note",
)


@dataclass
class _Sheet:
    name: str
    rows: list[list[object]]
    cells: Cells
    line: str  # "line" (CSV) or "row" (xlsx)

    def place(self, label: object, k: int) -> str:
        return f"{_text(label)} ({self.line} {k + 1})"


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value).strip()


def _load(path: Path) -> tuple[dict[str, _Sheet], list[Issue]]:
    sheets: dict[str, _Sheet] = {}
    issues: list[Issue] = []
    if path.is_dir():
        for name in (*REQUIRED, *OPTIONAL):
            file = path / f"{name}.csv"
            if file.exists():
                rows: list[list[object]] = [list(r) for r in read_csv_text(file)]
                sheets[name] = _Sheet(name, rows, Cells(str(file), name), "line")
    else:
        import openpyxl

        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            for sheet in book.worksheets:
                if sheet.title in (*REQUIRED, *OPTIONAL):
                    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
                    sheets[sheet.title] = _Sheet(
                        sheet.title, rows, Cells(str(path), sheet.title), "row"
                    )
        finally:
            book.close()
    for name in REQUIRED:
        if name not in sheets:
            where = f"{name}.csv" if path.is_dir() else f"sheet {name}"
            issues.append(Issue(f"missing {where} (required by the chainmap format)", str(path)))
    return sheets, issues


def _fast_numbers(cells: list[object]) -> np.ndarray | None:
    """A row of plain numeric text (or numbers) as floats in one numpy call, else None.

    The common case of a large CSV; anything unusual (blank, text, bool, thousands
    separator, NaN or inf) returns None and is converted cell by cell with its issue.
    """
    if not all(type(v) is str or type(v) is float or type(v) is int for v in cells):
        return None
    try:
        out = np.array(cells, dtype=np.float64)
    except ValueError:
        return None
    return out if np.isfinite(out).all() else None


def _matrix(
    sheet: _Sheet, *, unit_column: bool = False
) -> tuple[list[str], list[str], np.ndarray, list[str]]:
    """Row labels, column labels, values (and per-row units) of a labelled block."""
    rows = [r for r in sheet.rows if not all(is_empty(v) for v in r)]
    if not rows:
        sheet.cells.add("empty sheet")
        return [], [], np.zeros((0, 0)), []
    header = [_text(v) for v in rows[0]]
    while header and not header[-1]:
        header.pop()
    first = 2 if unit_column and len(header) > 1 and header[1].lower() == "unit" else 1
    columns = header[first:]
    labels: list[str] = []
    units: list[str] = []
    values = np.full((len(rows) - 1, len(columns)), np.nan)
    k_of = {id(r): k for k, r in enumerate(sheet.rows)}
    for i, row in enumerate(rows[1:]):
        row = list(row) + [None] * (len(header) - len(row))
        label = _text(row[0])
        labels.append(label)
        units.append(_text(row[1]) if first == 2 else "")
        place = sheet.place(label, k_of[id(rows[i + 1])])
        if not label:
            sheet.cells.add("missing row label", place)
        cells = row[first : first + len(columns)]
        fast = _fast_numbers(cells)
        if fast is not None:
            values[i] = fast
        else:  # cell by cell, so that every bad cell is named
            for j, column in enumerate(columns):
                values[i, j] = sheet.cells.number(row[first + j], place, column)
        extra = [v for v in row[len(header) :] if not is_empty(v)]
        if extra:
            sheet.cells.add(f"values beyond the last labelled column: {extra[:3]}", place)
    return labels, columns, values, units


def _meta(sheet: _Sheet) -> dict[str, object]:
    out: dict[str, object] = {"notes": []}
    for k, row in enumerate(sheet.rows[1:], start=1):
        if all(is_empty(v) for v in row):
            continue
        key, value = _text(row[0]), _text(row[1]) if len(row) > 1 else ""
        place = sheet.place(key, k)
        if key not in META_KEYS:
            sheet.cells.add(f"unknown meta key {key!r}; known: {', '.join(META_KEYS)}", place)
        elif key == "note":
            notes = out["notes"]
            assert isinstance(notes, list)
            notes.append(value)
        elif key == "year":
            try:
                out["year"] = int(value) if value else None
            except ValueError:
                sheet.cells.add(f"year {value!r} is not a whole number", place, "value")
        elif key == "balance_tolerance":
            out[key] = sheet.cells.number(value, place, "value")
        else:
            out[key] = value
    if not str(out.get("unit", "")).strip():
        sheet.cells.add("missing unit: add a row 'unit,<unit of the flows>'", "unit")
    return out


def read_native(path: str | Path, *, repair: Sequence[str] = ()) -> IOTable:
    """Read a table in chainmap's format (a folder of CSV files or one .xlsx).

    Parameters
    ----------
    path : folder or .xlsx file.
    repair : repairs passed to :func:`chainmap.io.validate.validate_table`.

    Returns
    -------
    IOTable

    Raises
    ------
    InputDataError
        Missing sheets or unit, text in number cells, and every validation problem.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from chainmap.io.examples import miller_blair_2x2
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     folder = write_native(miller_blair_2x2(), pathlib.Path(tmp) / "mb")
    ...     read_native(folder).x
    array([1000., 2000.])
    """
    path = Path(path)
    if not path.exists():
        raise InputDataError([Issue("no such file or folder", str(path))], str(path))
    sheets, issues = _load(path)
    if issues:
        raise InputDataError(issues, str(path))
    meta = _meta(sheets["meta"])
    sec = sheets["sectors"]
    rows = [r for r in sec.rows if not all(is_empty(v) for v in r)]
    head = [_text(v).lower() for v in rows[0]] if rows else []
    if "code" not in head or "name" not in head:
        sec.cells.add("the sectors sheet needs the columns code and name", "line 1")
    parsed = {
        name: _matrix(sheets[name], unit_column=name == "satellites")
        for name in sheets
        if name not in ("meta", "sectors")
    }
    parse_issues = [i for s in sheets.values() for i in s.cells.issues]
    if "code" not in head or "name" not in head:
        raise InputDataError(parse_issues, str(path))

    def block(name: str, index_name: str, columns_name: str | None = None) -> pd.DataFrame | None:
        if name not in parsed:
            return None
        labels, columns, values, _ = parsed[name]
        return frame(values, labels, columns, index_name=index_name, columns_name=columns_name)

    units = (
        dict(zip(parsed["satellites"][0], parsed["satellites"][3], strict=True))
        if "satellites" in parsed
        else {}
    )
    table = IOTable(
        sectors=_sectors(head, rows[1:]),
        Z=block("Z", "industry", "industry"),  # type: ignore[arg-type]
        final_demand=block("final_demand", "industry"),  # type: ignore[arg-type]
        value_added=block("value_added", "component"),  # type: ignore[arg-type]
        imports=block("imports", "product"),
        imports_final_demand=block("imports_final_demand", "industry"),
        other_inputs=block("other_inputs", "input"),
        satellites=block("satellites", "satellite"),
        satellite_units={k: v for k, v in units.items() if v},
        meta=_table_meta(meta, path),
    )
    return validate_table(table, source=str(path), repair=repair, extra_issues=parse_issues)


def _sectors(head: list[str], rows: list[list[object]]) -> pd.DataFrame:
    """The sectors block from the sheet's lower-cased header and its body rows."""

    def col(name: str) -> list[str]:
        return [
            _text(r[head.index(name)]) if name in head and head.index(name) < len(r) else ""
            for r in rows
        ]

    codes = col("code")
    zh, en, names = col("name_zh"), col("name_en"), col("name")
    return pd.DataFrame(
        {
            "name": [n or z or e for n, z, e in zip(names, zh, en, strict=True)],
            "name_zh": zh,
            "name_en": en,
            "category": col("category"),
        },
        index=pd.Index(codes, name="industry", dtype=object),
        dtype=object,
    )


def _table_meta(meta: dict[str, object], path: Path) -> TableMeta:
    """:class:`TableMeta` from the parsed meta sheet (balance tolerance 1e-6 by default)."""
    tolerance = meta.get("balance_tolerance")
    return TableMeta(
        region=str(meta.get("region", "")),
        year=meta.get("year"),  # type: ignore[arg-type]
        unit=str(meta.get("unit", "")),
        currency=str(meta.get("currency", "")),
        source=str(meta.get("source", "")),
        table_type=str(meta.get("table_type", "") or "competitive"),  # type: ignore[arg-type]
        table_id=str(meta.get("table_id", "")),
        path=str(path),
        sha256=sha256_of(path),
        notes=tuple(meta["notes"]),  # type: ignore[arg-type]
        balance_tolerance=float(tolerance)
        if isinstance(tolerance, float) and np.isfinite(tolerance)
        else 1e-6,
    )
