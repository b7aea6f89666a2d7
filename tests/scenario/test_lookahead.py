"""No look-ahead: a scenario dated T reads no city column and no table dated after T."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT

from chainmap.errors import ScenarioError
from chainmap.scenario.results import write_results
from chainmap.scenario.runner import run_scenario
from chainmap.scenario.schema import load_scenario

SCENARIO = """\
name: lookahead
illustrative: true
table: illustrative-42
city:
  name: 示例市
  data: {data}
  column: y2021
  measure: output
  unit: 万元
  fill: zero
market:
  tables: []
selection:
  n_leading: [2, 3]
  budget: 6.0
  alternatives: 1
robustness:
  weight_draws: 30
"""


def _write(tmp: Path, tag: str, later_factor: float) -> Path:
    src = ROOT / "io_tables" / "illustrative_42" / "city_output.csv"
    frame = pd.read_csv(src, dtype={"code": str})
    frame["y2022"] = frame["y2022"] * later_factor
    frame["y2023"] = (frame["y2023"] * later_factor).iloc[::-1].to_numpy()  # scrambled
    folder = tmp / tag
    folder.mkdir()
    frame.to_csv(folder / "city.csv", index=False)
    path = folder / "scenario.yaml"
    path.write_text(SCENARIO.format(data="city.csv"), encoding="utf-8")
    return path


def test_later_city_columns_do_not_change_the_result(tmp_path: Path) -> None:
    outs = []
    for tag, factor in (("a", 1.0), ("b", 7.5)):
        scenario = load_scenario(_write(tmp_path, tag, factor))
        result = run_scenario(scenario)
        assert result.selection.leading
        out = write_results(result, tmp_path / tag / "out")
        outs.append(out)
    names = sorted(
        p.relative_to(outs[0]).as_posix()
        for p in outs[0].rglob("*")
        if p.is_file() and p.name != "timings.json"
    )
    assert names
    for name in names:
        a = (outs[0] / name).read_text(encoding="utf-8").replace(str(tmp_path / "a"), "D")
        b = (outs[1] / name).read_text(encoding="utf-8").replace(str(tmp_path / "b"), "D")
        assert a == b, name


def test_later_column_as_value_column_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, "c", 1.0)
    scenario = load_scenario(path, ["year=2021", "city.column=y2023"])
    with pytest.raises(ScenarioError, match="after the scenario year 2021"):
        run_scenario(scenario)


def test_table_after_scenario_year_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, "d", 1.0)
    scenario = load_scenario(path, ["year=2010"])
    with pytest.raises(ScenarioError, match="after the scenario year 2010"):
        run_scenario(scenario)


def test_series_stops_at_scenario_year() -> None:
    from chainmap.city.citydata import year_columns

    src = ROOT / "io_tables" / "illustrative_42" / "city_output.csv"
    assert year_columns(src, up_to=2021) == ["y2019", "y2020", "y2021"]
