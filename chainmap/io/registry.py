"""Registry of known tables (io_tables/registry.yaml) and the data directory.

Official tables are never shipped: they are found under the data directory given by
the environment variable ``CHAINMAP_DATA_DIR`` (the CLI's ``--data-dir`` sets it). Each
registry entry names a table by id (``cn-nbs-2020-153``), its path relative to that
directory, the reader that parses it and what it holds. Entries with ``base: project``
are files the project ships itself (the example tables under io_tables/examples).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import yaml

from chainmap.errors import InputDataError, Issue
from chainmap.io.provincial_files import list_provincial_files


def _project_root() -> Path:
    """The source tree (io_tables/ and scenarios/ beside chainmap/), else the copy of them
    an installed package ships in ``chainmap/_shipped`` (built by setup.py)."""
    package = Path(__file__).resolve().parents[1]
    source = package.parent
    if (source / "io_tables" / "registry.yaml").is_file():
        return source
    return package / "_shipped"


PROJECT_ROOT = _project_root()
REGISTRY_PATH = PROJECT_ROOT / "io_tables" / "registry.yaml"
READERS = (
    "nbs_csv",
    "nbs_workbook",
    "oecd_csv",
    "eurostat_wide",
    "native",
    "provincial_workbook",
)


@dataclass(frozen=True)
class RegistryEntry:
    """One known table.

    Parameters
    ----------
    id : registry id, e.g. ``cn-nbs-2020-153``.
    path : path relative to the data directory (``base: data``) or to the project
        root (``base: project``).
    reader : one of :data:`READERS`.
    unit, year, region, table_type, n_sectors, description : what the table holds.
    base : "data" (official tables, under CHAINMAP_DATA_DIR) or "project".
    repair : repairs the table needs to validate (applied only when asked, e.g.
        ``--repair drop_zero_output``; listed here so the error message is expected).
    """

    id: str
    path: str
    reader: str
    unit: str
    year: int | None
    region: str
    table_type: str
    n_sectors: int
    description: str = ""
    base: str = "data"
    repair: tuple[str, ...] = ()


def data_dir() -> Path | None:
    """The data directory from ``CHAINMAP_DATA_DIR`` (None when unset or empty)."""
    raw = os.environ.get("CHAINMAP_DATA_DIR", "").strip()
    return Path(raw).expanduser() if raw else None


_env_data_dir = data_dir  # resolve_path's argument shadows the function name


def load_registry(path: str | Path | None = None) -> list[RegistryEntry]:
    """Every entry of the registry file (default ``io_tables/registry.yaml``).

    Raises
    ------
    InputDataError
        Unreadable file, unknown or missing keys, unknown reader, duplicate ids.

    Examples
    --------
    >>> [e.id for e in load_registry() if e.base == "project"]
    ['example-miller-blair-2x2', 'illustrative-42']
    """
    path = Path(path) if path is not None else REGISTRY_PATH
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        msg = f"cannot read the table registry: {err}"
        raise InputDataError(msg, str(path)) from err
    items = raw.get("tables") if isinstance(raw, dict) else None
    if not isinstance(items, list):
        raise InputDataError("the registry needs a list under the key 'tables'", str(path))
    names = {f.name for f in fields(RegistryEntry)}
    required = {
        f.name for f in fields(RegistryEntry) if f.name not in ("description", "base", "repair")
    }
    entries: list[RegistryEntry] = []
    issues: list[Issue] = []
    for k, item in enumerate(items, start=1):
        where = f"entry {k}" + (f" ({item.get('id')})" if isinstance(item, dict) else "")
        if not isinstance(item, dict):
            issues.append(Issue("an entry must be a mapping", str(path), row=where))
            continue
        unknown = sorted(set(item) - names)
        missing = sorted(required - set(item))
        if unknown or missing:
            msg = f"unknown keys {unknown}" if unknown else f"missing keys {missing}"
            issues.append(Issue(msg, str(path), row=where))
            continue
        values: dict[str, Any] = dict(item)
        values["repair"] = tuple(values.get("repair") or ())
        entry = RegistryEntry(**values)
        if entry.reader not in READERS:
            issues.append(
                Issue(f"unknown reader {entry.reader!r}; known: {READERS}", str(path), row=where)
            )
        if entry.base not in ("data", "project"):
            issues.append(
                Issue(f"base must be data or project, not {entry.base!r}", str(path), row=where)
            )
        if any(e.id == entry.id for e in entries):
            issues.append(Issue(f"duplicate id {entry.id!r}", str(path), row=where))
        entries.append(entry)
    if issues:
        raise InputDataError(issues, str(path))
    return entries


def provincial_entries(data_dir: str | Path | None = None) -> list[RegistryEntry]:
    """Entries of the official provincial and national workbooks under the data directory.

    Every ``.xls``/``.xlsx`` under ``china-provinces/<year>/`` gets the id
    ``cn-prov-<year>-<省>`` (``cn-prov-2017-浙江``) and the ASCII alias
    ``cn-prov-<year>-<pinyin>`` (``cn-prov-2017-zhejiang``); the national tables of
    ``china-nbs-history/`` get ``cn-nbs-<year>-中国`` / ``cn-nbs-<year>-china``. Both
    spellings are entries (the alias's description names the id). Empty when no data
    directory is known.
    """
    base = Path(data_dir) if data_dir is not None else _env_data_dir()
    if base is None or not (base / "china-provinces").is_dir():
        return []
    out: list[RegistryEntry] = []
    for f in list_provincial_files(base):
        rel = f.path.relative_to(base).as_posix()
        region = "China" if f.province == "中国" else f.province
        n = 38 if f.year == 1997 and f.id.startswith("cn-prov") else 42
        if f.id.startswith("cn-nbs"):
            n = 0
        desc = f"official {'national' if f.province == '中国' else 'provincial'} table {f.id}"
        for ident in (f.id, f.alias):
            out.append(
                RegistryEntry(
                    id=ident,
                    path=rel,
                    reader="provincial_workbook",
                    unit="万元",
                    year=f.year,
                    region=region,
                    table_type="competitive",
                    n_sectors=n,
                    description=desc,
                )
            )
    return out


def find_entry(table_id: str, entries: list[RegistryEntry] | None = None) -> RegistryEntry | None:
    """The entry with id ``table_id``, or None (provincial ids are looked up on disk).

    Examples
    --------
    >>> find_entry("cn-nbs-2020-153").path
    'china-nbs/china_2020_153.csv'
    """
    for entry in entries if entries is not None else load_registry():
        if entry.id == table_id:
            return entry
    if entries is None and table_id.startswith(("cn-prov-", "cn-nbs-")):
        for entry in provincial_entries():
            if entry.id == table_id:
                return entry
    return None


def resolve_path(entry: RegistryEntry, data_dir: str | Path | None = None) -> Path | None:
    """Where the entry's file is: under ``data_dir`` (default :func:`data_dir`) or the project.

    Returns None for an official table when no data directory is known.
    """
    if entry.base == "project":
        return PROJECT_ROOT / entry.path
    base = Path(data_dir) if data_dir is not None else _env_data_dir()
    return None if base is None else base / entry.path
