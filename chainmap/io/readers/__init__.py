"""Readers of input-output tables; :func:`read_table` picks the right one.

Every reader returns one immutable, validated :class:`~chainmap.io.table.IOTable` (or raises
one :class:`~chainmap.errors.InputDataError` listing every problem):

* :func:`read_nbs_csv`, :func:`read_nbs_workbook` — National Bureau of Statistics tables;
* :func:`read_oecd_csv` — OECD IOT 2021 edition;
* :func:`read_eurostat_wide` — the Eurostat-manual German 6-sector table;
* :func:`read_native` / :func:`write_native` — chainmap's own format;
* :func:`read_provincial_workbook` — the official provincial and national workbooks
  (.xls/.xlsx, 1990–2017 layouts; see :mod:`chainmap.io.readers.provincial`);
* :func:`read_concordance`, :func:`aggregate_table` — aggregation to coarser sectors.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from pathlib import Path

from chainmap.errors import InputDataError, Issue
from chainmap.io.readers.aggregate import aggregate_table, read_concordance
from chainmap.io.readers.eurostat import read_eurostat_wide
from chainmap.io.readers.native import read_native, write_native
from chainmap.io.readers.nbs import read_nbs_csv, read_nbs_workbook
from chainmap.io.readers.oecd import read_oecd_csv
from chainmap.io.readers.provincial_iotable import read_provincial_workbook
from chainmap.io.registry import RegistryEntry, find_entry, resolve_path
from chainmap.io.registry import data_dir as env_data_dir
from chainmap.io.table import IOTable

Reader = Callable[..., IOTable]

READERS: dict[str, Reader] = {
    "nbs_csv": read_nbs_csv,
    "nbs_workbook": read_nbs_workbook,
    "oecd_csv": read_oecd_csv,
    "eurostat_wide": read_eurostat_wide,
    "native": read_native,
    "provincial_workbook": read_provincial_workbook,
}

__all__ = [
    "READERS",
    "aggregate_table",
    "read_concordance",
    "read_eurostat_wide",
    "read_native",
    "read_nbs_csv",
    "read_nbs_workbook",
    "read_oecd_csv",
    "read_provincial_workbook",
    "read_table",
    "sniff_reader",
    "write_native",
]


def sniff_reader(path: str | Path) -> str:
    """Name of the reader for ``path`` (a key of :data:`READERS`), from its layout.

    A folder is chainmap's format; an .xlsx with sheets ``meta`` and ``Z`` too, an .xlsx
    whose title says 非竞争型 the NBS workbook, any other .xlsx or .xls an official
    provincial/national workbook; a CSV whose header has ``DescriptionInChinese`` is NBS,
    ``Code,Description`` with ``HFCE``/``IMPO`` is OECD, ``iotables_row`` is Eurostat.

    Raises
    ------
    InputDataError
        The layout is none of these.
    """
    path = Path(path)
    if path.is_dir():
        return "native"
    suffix = path.suffix.lower()
    if suffix == ".xls":
        return "provincial_workbook"
    if suffix == ".xlsx":
        return _sniff_xlsx(path)
    if suffix == ".csv":
        with path.open(encoding="utf-8-sig") as handle:
            header = [h.strip() for h in handle.readline().split(",")]
        if "DescriptionInChinese" in header:
            return "nbs_csv"
        if header[:2] == ["Code", "Description"] and {"HFCE", "IMPO"} & set(header):
            return "oecd_csv"
        if header[:1] == ["iotables_row"]:
            return "eurostat_wide"
    msg = (
        "cannot tell the table layout: expected an NBS CSV (DescriptionInChinese column), "
        "an OECD IOT CSV, the NBS workbook, or chainmap's format (a folder or .xlsx with "
        "sheets meta, sectors, Z, final_demand, value_added)"
    )
    raise InputDataError([Issue(msg, str(path))], str(path))


def _sniff_xlsx(path: Path) -> str:
    """native (sheets meta and Z), the NBS non-competitive workbook (title 非竞争型), or
    an official provincial/national workbook in the competitive layout."""
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
        names = list(book.sheet_names)
        if {"meta", "Z"} <= set(names):
            return "native"
        for name in names:
            rows = book.get_sheet_by_name(name).to_python(nrows=6)
            if any("非竞争" in str(cell) for row in rows for cell in row):
                return "nbs_workbook"
    except Exception:
        return "provincial_workbook"
    return "provincial_workbook"


def read_table(
    source: str | Path, *, data_dir: str | Path | None = None, repair: Sequence[str] = ()
) -> IOTable:
    """Read a table by registry id or path, validated, with provenance in ``meta``.

    Parameters
    ----------
    source : str or Path
        A registry id (``cn-nbs-2020-153``, see ``chainmap tables list``) or a path: NBS
        CSV or workbook, OECD CSV, Eurostat wide CSV, chainmap folder or .xlsx. A
        relative path that does not exist is also looked up under the data directory.
    data_dir : path, optional
        Folder of the official tables (default ``CHAINMAP_DATA_DIR``).
    repair : sequence of str
        Repairs to apply (see :data:`chainmap.io.validate.REPAIRS`), each with a warning.

    Returns
    -------
    IOTable
        ``meta.path``, ``meta.sha256`` (of the file bytes) and ``meta.table_id`` set.

    Raises
    ------
    InputDataError
        Unknown id, missing file, unknown layout, or every problem in the table.

    Examples
    --------
    >>> t = read_table("example-miller-blair-2x2")
    >>> t.meta.table_id, t.x.tolist()
    ('example-miller-blair-2x2', [1000.0, 2000.0])
    """
    text = str(source)
    base = Path(data_dir) if data_dir is not None else env_data_dir()
    entry = find_entry(text) if isinstance(source, str) else None
    if entry is not None:
        path = resolve_path(entry, base)
        if path is None or not path.exists():
            where = f"under {base}" if base is not None else "(CHAINMAP_DATA_DIR is not set)"
            msg = (
                f"table {entry.id} is registered at {entry.path} but the file is not found "
                f"{where}; set CHAINMAP_DATA_DIR or --data-dir to the folder of official tables"
            )
            raise InputDataError([Issue(msg, text)], text)
        reader = entry.reader
    else:
        path = Path(source)
        if not path.exists() and base is not None and (base / path).exists():
            path = base / path
        if not path.exists():
            msg = "neither a registry id (see `chainmap tables list`) nor an existing file"
            raise InputDataError([Issue(msg, text)], text)
        reader = sniff_reader(path)
    try:
        table = READERS[reader](path, repair=tuple(repair))
    except InputDataError as err:
        raise _with_hint(err, entry, repair) from None
    table_id = entry.id if entry is not None else table.meta.table_id
    return table.replace(meta=dataclasses.replace(table.meta, table_id=table_id))


def _with_hint(
    err: InputDataError, entry: RegistryEntry | None, repair: Sequence[str]
) -> InputDataError:
    """Add the registry's known repairs to an error, when the caller did not ask for them."""
    needed = [r for r in (entry.repair if entry else ()) if r not in repair]
    if not needed:
        return err
    assert entry is not None
    hint = Issue(
        f"the registry notes that {entry.id} needs repair {needed} "
        f"(CLI: {' '.join('--repair ' + r for r in needed)})"
    )
    return InputDataError([*err.issues, hint], err.source)
