"""Read the tables a scenario names: registry ids or paths, repairs, no look-ahead.

Every table read is hashed into the run's ``inputs`` (file -> sha256), and a table dated
after the scenario year T is refused (:func:`check_not_after`), so a T-dated run sees
only data up to T.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

from chainmap.city.citydata import column_year
from chainmap.errors import InputDataError, Issue, ScenarioError
from chainmap.io.readers import read_table
from chainmap.io.registry import find_entry
from chainmap.io.repairs import REPAIRS
from chainmap.io.table import IOTable
from chainmap.scenario.schema import Scenario


def file_sha256(path: Path) -> str:
    """sha256 of a whole file (for the result's ``input_sha256``)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _repair_hint(err: InputDataError, scenario: Scenario, asked: Sequence[str]) -> InputDataError:
    """Say how a scenario user applies the repair an error suggests (key ``repair``)."""
    text = str(err)
    needed = [r for r in REPAIRS if f"repair: {r}" in text and r not in asked]
    if not needed:
        return err
    where = scenario.path or scenario.name
    hint = Issue(
        f"to apply it in this scenario add `repair: [{', '.join(needed)}]` to {where}, or "
        f"run `chainmap run {where} {' '.join('--repair ' + r for r in needed)}`"
    )
    return InputDataError([*err.issues, hint], err.source)


def read_scenario_table(
    source: str,
    scenario: Scenario,
    inputs: dict[str, str],
    *,
    year: int | None = None,
    key: str = "",
) -> IOTable:
    """Read a registry id or a path written in the scenario, with its repairs.

    The registry's own repairs of the table and the scenario's ``repair`` key both
    apply; ``key`` names the scenario key in the no-look-ahead error.
    """
    asked = tuple(scenario.get("repair"))
    registered = find_entry(source)
    try:
        if registered is None:  # not a registry id: a path written in the scenario
            path = scenario.resolve_path(source)
            table = read_table(path, repair=asked)
        else:
            known = tuple(getattr(registered, "repair", ()) or ())
            table = read_table(source, repair=tuple(dict.fromkeys((*known, *asked))))
    except InputDataError as err:
        raise _repair_hint(err, scenario, asked) from None
    check_not_after(table, year, key or "table", scenario)
    if table.meta.path:
        inputs[table.meta.path] = table.meta.sha256
    return table


def scenario_year(scenario: Scenario, parent_year: int | None = None) -> int | None:
    """The year T of a scenario: ``year``, else the year of ``city.column``, else the parent's.

    Nothing dated after T is read by a T-dated run (:func:`check_not_after`,
    :func:`chainmap.scenario.city_table.output_series`).
    """
    year = scenario.get("year")
    if year is not None:
        return int(year)
    col_year = column_year(scenario.get("city.column"))
    return col_year if col_year is not None else parent_year


def check_not_after(table: IOTable, year: int | None, key: str, scenario: Scenario) -> None:
    """Refuse a table dated after the scenario year (no look-ahead)."""
    if year is not None and table.meta.year is not None and int(table.meta.year) > year:
        msg = (
            f"{scenario.path or scenario.name}: key '{key}': table "
            f"{table.meta.table_id or table.meta.path} is dated {table.meta.year}, after the "
            f"scenario year {year}; a run dated {year} may only use data up to {year} "
            "(set 'year:' or choose an earlier table)"
        )
        raise ScenarioError(msg)
