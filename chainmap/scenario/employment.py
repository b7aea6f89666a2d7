"""The employment satellite of the impacts: national coefficients on the 153-sector tables.

No shipped NBS table carries employment. For a parent in the NBS 153-sector
classification (the 2018 and 2020 tables), :func:`attach_employment` builds one from
the NBS series of employed persons by sector (``china_employment_1990_2018.csv``):

1. the year Y is the latest year ≤ the run year T with both an employment column and
   a registered 153-sector national table (no look-ahead: nothing dated after T);
   today Y = 2018 for every run dated 2018 or later;
2. :func:`~chainmap.analysis.employment.calc_employment_coefficients` splits each
   sector row of Y's employment over the 153 sectors with the shipped concordance
   ``io_tables/concordances/nbs_employment_to_cn153.csv``, in proportion to their Y
   output, and divides by that output: persons per 万元 of output at Y's nominal prices;
3. the parent and the city table get ``employment = coefficient × output``: national Y
   productivity applied to the parent's year and to the city (same technology and
   productivity as the nation, as for every other coefficient of a regionalised table).

Agriculture (section A) is one group: its division split swings from year to year in
the series (2018: 农业 −16 %, 林业 +16 %) far beyond what output does. Industry maps by
division, services and construction by division or section.

When it cannot be done (a table in another classification, the data directory without
the series, a run dated before 2018), nothing is attached and the reason is returned;
a table that already has an ``employment`` satellite keeps it.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import pandas as pd

from chainmap.analysis.employment import calc_employment_coefficients, with_employment
from chainmap.errors import InputDataError
from chainmap.io.readers import read_table
from chainmap.io.readers.employment import (
    EMPLOYMENT_PATH,
    PERSONS_PER_UNIT,
    find_employment_file,
    read_employment_concordance,
    read_employment_csv,
)
from chainmap.io.registry import PROJECT_ROOT, find_entry, load_registry, resolve_path
from chainmap.io.table import IOTable

#: The shipped concordance from the employment series' codes to the 153 sectors.
CONCORDANCE = PROJECT_ROOT / "io_tables" / "concordances" / "nbs_employment_to_cn153.csv"


def _output_tables(before: int | None) -> dict[int, str]:
    """Registered national 153-sector tables by year, dated ≤ ``before`` (all when None)."""
    return {
        int(e.year): e.id
        for e in load_registry()
        if e.reader == "nbs_csv"
        and e.n_sectors == 153
        and e.region == "China"
        and e.year is not None
        and (before is None or int(e.year) <= before)
    }


def _file_key(path: Path | None) -> tuple[str, int, int] | None:
    """Path, modification time and size: a file read again only when one of them changed."""
    if path is None or not path.exists():
        return None
    stat = path.stat()
    return str(path), stat.st_mtime_ns, stat.st_size


@functools.lru_cache(maxsize=8)
def _coefficients(
    table_id: str,
    data_dir: str | None,
    table_file: tuple[str, int, int] | None,
    persons: tuple[int, tuple[tuple[str, float], ...]],
) -> tuple[pd.Series, float]:
    """Coefficients and the persons they add back to, for one output table and one year.

    Cached on the files' identities (``table_file``) and the persons themselves: every run
    and every workbench page update would otherwise read the 153-sector output table again
    (about 0.1 s) for the same numbers.
    """
    output_table = read_table(table_id, data_dir=data_dir)
    conc = read_employment_concordance(CONCORDANCE)
    if {str(c) for c in output_table.codes} != set(conc["target_code"]):
        msg = f"{table_id} is not in the 153-sector classification of {CONCORDANCE.name}"
        raise InputDataError(msg, str(CONCORDANCE))
    by_code = pd.Series(dict(persons[1]), dtype=float)
    coefficients = calc_employment_coefficients(by_code, conc, output_table.output)
    return coefficients, float((coefficients * output_table.x).sum())


def attach_employment(
    city: IOTable,
    parent: IOTable | None,
    run_year: int | None,
    *,
    data_dir: str | Path | None = None,
) -> tuple[IOTable, IOTable | None, dict[str, Any]]:
    """``(city, parent, basis)`` with an ``employment`` satellite where one can be built.

    Parameters
    ----------
    city : the table the impacts are computed on.
    parent : its parent table (None when the city is the parent itself).
    run_year : the run's year T; nothing dated after T is read (None: the parent's year).
    data_dir : folder of the official data (default ``CHAINMAP_DATA_DIR``).

    Returns
    -------
    tuple
        The tables (unchanged when nothing is attached) and ``basis``: ``status``
        (``computed``, ``table`` when the table has its own satellite, or
        ``unavailable``), ``reason`` when unavailable, and for ``computed`` the
        employment year, the output table and year, the year of the table the
        coefficients are applied to, the files and their sha256, and the unit.
    """
    if city.satellites is not None and "employment" in city.satellites.index:
        return city, parent, {"status": "table", "unit": city.satellite_units.get("employment")}
    base = parent if parent is not None else city
    conc = read_employment_concordance(CONCORDANCE)
    targets = set(conc["target_code"])
    if {str(c) for c in base.codes} != targets or not {str(c) for c in city.codes} <= targets:
        return city, parent, {"status": "unavailable", "reason": "classification"}
    path = find_employment_file(data_dir)
    if path is None:
        return city, parent, {"status": "unavailable", "reason": "no_data", "file": EMPLOYMENT_PATH}
    series = read_employment_csv(path)
    year_cap = run_year if run_year is not None else base.meta.year
    tables = _output_tables(year_cap)
    years = sorted(set(tables) & set(series.years))
    if not years:
        return city, parent, {"status": "unavailable", "reason": "no_year", "run_year": year_cap}
    year = years[-1]
    entry = find_entry(tables[year])
    table_file = _file_key(resolve_path(entry, data_dir)) if entry is not None else None
    persons = series.year(year) * PERSONS_PER_UNIT
    coefficients, total_persons = _coefficients(
        tables[year],
        None if data_dir is None else str(data_dir),
        table_file,
        (year, tuple((str(k), float(v)) for k, v in persons.items())),
    )
    money = base.meta.unit or "unit"
    unit = (
        f"persons; persons per {money} of output = NBS employed persons {year} ÷ gross output "
        f"of {tables[year]} ({year} nominal productivity), applied to the "
        f"{base.meta.year or 'parent'} table and to the city"
    )
    basis: dict[str, Any] = {
        "status": "computed",
        "employment_year": year,
        "output_table": tables[year],
        "output_year": year,
        "applied_to_year": base.meta.year,
        "run_year": year_cap,
        "employment_file": EMPLOYMENT_PATH,
        "employment_sha256": series.sha256,
        "concordance": CONCORDANCE.relative_to(PROJECT_ROOT).as_posix(),
        "coefficient_unit": f"persons per {money}",
        "unit": unit,
        "total_persons": total_persons,
    }
    city_out = with_employment(city, coefficients, unit)
    parent_out = with_employment(parent, coefficients, unit) if parent is not None else None
    return city_out, parent_out, basis
