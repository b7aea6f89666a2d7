"""Writing chainmap's own table format (see :mod:`chainmap.io.readers.native`).

Numbers are written with ``repr`` (shortest exact form), so a table round-trips bit for
bit. Writing is atomic: a folder is built beside the target and renamed into place; a
workbook is saved to a temporary file and renamed.
"""

from __future__ import annotations

import contextlib
import csv
import io
import math
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from chainmap.io.atomic import check_writable, claim, write_with
from chainmap.io.table import IOTable

__all__ = ["write_native"]


def _sheets(table: IOTable) -> dict[str, list[list[object]]]:
    """Every sheet of ``table`` as rows of cells (numbers stay floats)."""
    m = table.meta
    meta: list[list[object]] = [["key", "value"]]
    for key in ("region", "year", "unit", "currency", "source", "table_type", "table_id"):
        value = getattr(m, key)
        meta.append([key, "" if value is None else str(value)])
    meta.append(["balance_tolerance", repr(float(m.balance_tolerance))])
    meta += [["note", note] for note in m.notes]
    s = table.sectors
    sectors: list[list[object]] = [["code", "name", "name_zh", "name_en", "category"]]
    for code in table.codes:
        row = s.loc[code]
        labels: list[object] = [str(code)]
        labels += [str(row.get(c, "") or "") for c in ("name", "name_zh", "name_en", "category")]
        sectors.append(labels)

    def grid(
        df: pd.DataFrame, corner: str, units: dict[str, str] | None = None
    ) -> list[list[object]]:
        head: list[object] = [corner, *(["unit"] if units is not None else [])]
        head += [str(c) for c in df.columns]
        out = [head]
        values = df.to_numpy(dtype=float)
        for i, label in enumerate(df.index):
            lead: list[object] = [str(label)]
            lead += [units.get(str(label), "")] if units is not None else []
            lead += [float(v) for v in values[i]]
            out.append(lead)
        return out

    sheets = {
        "meta": meta,
        "sectors": sectors,
        "Z": grid(table.Z, "industry"),
        "final_demand": grid(table.final_demand, "industry"),
        "value_added": grid(table.value_added, "component"),
    }
    if table.imports is not None:
        sheets["imports"] = grid(
            table.imports, "product" if table.imports.shape[0] > 1 else "input"
        )
    if table.imports_final_demand is not None:
        sheets["imports_final_demand"] = grid(table.imports_final_demand, "industry")
    if table.other_inputs is not None:
        sheets["other_inputs"] = grid(table.other_inputs, "input")
    if table.satellites is not None:
        sheets["satellites"] = grid(table.satellites, "satellite", dict(table.satellite_units))
    return sheets


def _csv_text(rows: list[list[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for row in rows:
        writer.writerow([repr(v) if isinstance(v, float) else v for v in row])
    return buffer.getvalue()


@contextlib.contextmanager
def _exact_floats() -> Iterator[None]:
    """Make openpyxl write floats with ``repr`` (17 significant digits when needed).

    openpyxl formats numbers with ``"%.16g"``, which loses the last bit of about half of
    all doubles; the chainmap format promises an exact round trip, so the cell writer's
    formatter is swapped for the duration of one save.
    """
    import openpyxl.cell._writer as cell_writer

    original = getattr(cell_writer, "safe_string", None)
    if original is None:  # a future openpyxl; the round-trip test will tell
        yield
        return

    def exact(value: object) -> str:
        if isinstance(value, float) and math.isfinite(value):
            return repr(value)
        return str(original(value))

    cell_writer.safe_string = exact
    try:
        yield
    finally:
        cell_writer.safe_string = original


def write_native(table: IOTable, path: str | Path, *, overwrite: bool = True) -> Path:
    """Write ``table`` in chainmap's format: a folder of CSVs, or .xlsx if ``path`` ends so.

    Parameters
    ----------
    table : IOTable
    path : target folder, or a file name ending in ``.xlsx``.
    overwrite : replace an existing target (default True).

    Returns
    -------
    Path
        ``path``.

    Raises
    ------
    ChainmapError
        ``path`` exists and ``overwrite`` is False.
    """
    path = Path(path)
    sheets = _sheets(table)
    if path.suffix.lower() == ".xlsx":
        import openpyxl

        def save(tmp: Path) -> None:
            # write-only sheets serialise each row as it is appended
            with _exact_floats():
                book = openpyxl.Workbook(write_only=True)
                for name, rows in sheets.items():
                    sheet = book.create_sheet(name)
                    for row in rows:
                        sheet.append(row)
                book.save(tmp)

        return write_with(path, save, overwrite=overwrite)
    check_writable(path, overwrite=overwrite)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", dir=path.parent))
    try:
        for name, rows in sheets.items():
            (tmp / f"{name}.csv").write_text(_csv_text(rows), encoding="utf-8")
        with claim(path):
            _swap_in(tmp, path, overwrite=overwrite)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp)
    return path


def _swap_in(tmp: Path, path: Path, *, overwrite: bool) -> None:
    """Rename the finished folder ``tmp`` onto ``path`` (under the caller's lock)."""
    check_writable(path, overwrite=overwrite)
    if path.exists():
        # swap in two renames so a reader never sees a half-written folder
        old = Path(tempfile.mkdtemp(prefix=f".{path.name}.old.", dir=path.parent))
        os.replace(path, old / path.name)
        os.replace(tmp, path)
        shutil.rmtree(old)
    else:
        os.replace(tmp, path)
