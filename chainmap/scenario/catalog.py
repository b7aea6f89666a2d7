"""List the scenarios of a folder: name, parent, description and whether data are present."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from chainmap.errors import ChainmapError, ScenarioError
from chainmap.io.registry import data_dir, find_entry, resolve_path
from chainmap.scenario.schema import Scenario, load_scenario


def data_status(scenario: Scenario) -> str:
    """``ok`` when the parent, market tables and city data are found, else what is missing."""
    missing: list[str] = []
    tables = [scenario.get("table"), *scenario.get("market.tables")]
    for source in tables:
        try:
            entry = find_entry(source)
        except ChainmapError:
            entry = None
        if entry is None:
            if not scenario.resolve_path(source).exists():
                missing.append(source)
            continue
        path = resolve_path(entry, data_dir())
        if path is None or not Path(path).exists():
            missing.append(source)
    city = scenario.get("city.data")
    if city and not scenario.resolve_path(city).exists():
        missing.append(city)
    return "ok" if not missing else "missing: " + ", ".join(missing)


def list_scenarios(folder: str | Path) -> pd.DataFrame:
    """One row per ``*.yaml`` scenario in ``folder`` (sorted by file name).

    A file that does not load is listed with its error instead of stopping the listing.
    """
    path = Path(folder)
    if not path.is_dir():
        msg = f"{folder} is not a folder of scenario files"
        raise ScenarioError(msg)
    rows = []
    for file in sorted(path.glob("*.yaml")):
        try:
            sc = load_scenario(file)
        except ChainmapError as err:
            rows.append({"scenario": file.stem, "extends": "", "data": f"error: {err}"})
            continue
        rows.append(
            {
                "scenario": sc.name,
                "extends": sc.get("extends") or "",
                "table": sc.get("table"),
                "city": sc.get("city.name") or "",
                "data": data_status(sc),
            }
        )
    return pd.DataFrame(rows)
