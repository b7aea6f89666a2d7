"""The employment satellite of the impacts: which data a run may use, and when there is none."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import need_data

from chainmap.io.examples import miller_blair_2x2
from chainmap.io.readers import read_table
from chainmap.io.readers.employment import EMPLOYMENT_PATH
from chainmap.scenario.employment import attach_employment
from chainmap.scenario.impacts import calc_impacts


@pytest.mark.realdata
def test_a_2023_run_on_the_2020_table_uses_2018_employment_and_output() -> None:
    need_data(EMPLOYMENT_PATH)
    parent = read_table("cn-nbs-2020-153")
    city, same, basis = attach_employment(parent, None, 2023)
    assert same is None and basis["status"] == "computed"
    assert (basis["employment_year"], basis["output_table"], basis["applied_to_year"]) == (
        2018,
        "cn-nbs-2018-153",
        2020,
    )
    assert basis["total_persons"] == pytest.approx(77583.67e4)
    assert city.satellite_units["employment"].startswith("persons; persons per 万元")
    imp = calc_impacts(city, ["090"])
    emp = imp[(imp.measure == "employment") & (imp.scope == "industry")].iloc[0]
    assert emp["unit"] == "persons"
    # direct jobs of 1 亿元 = 10,000 万元 × the coefficient (persons per 万元)
    coefficient = float(city.satellites.loc["employment", "090"] / city.output["090"])
    assert emp["direct"] == pytest.approx(1e4 * coefficient)
    assert 10 < emp["direct"] < 1000 and emp["indirect"] > 0


@pytest.mark.realdata
def test_no_look_ahead_and_no_satellite_outside_the_153_classification() -> None:
    need_data(EMPLOYMENT_PATH)
    parent = read_table("cn-nbs-2020-153")
    # a 2019 run may not use the 2020 table's output: 2018 is the latest year ≤ 2019
    assert attach_employment(parent, None, 2019)[2]["output_table"] == "cn-nbs-2018-153"
    # dated before the first 153-sector table: nothing, and why
    city, _, basis = attach_employment(parent, None, 2017)
    assert basis == {"status": "unavailable", "reason": "no_year", "run_year": 2017}
    assert city.satellites is None
    older = read_table("cn-nbs-2017-149")
    assert attach_employment(older, None, 2017)[2]["reason"] == "classification"


def test_without_the_series_or_with_a_satellite_nothing_is_built(tmp_path: Path) -> None:
    parent = read_table("example-miller-blair-2x2")
    assert attach_employment(parent, None, 2020)[2]["status"] == "table"
    bare = miller_blair_2x2().replace(satellites=None, satellite_units={})
    assert attach_employment(bare, None, 2020)[2]["reason"] == "classification"


@pytest.mark.realdata
def test_a_data_folder_without_the_series_says_so(tmp_path: Path) -> None:
    need_data(EMPLOYMENT_PATH)
    parent = read_table("cn-nbs-2020-153")
    basis = attach_employment(parent, None, 2023, data_dir=tmp_path)[2]
    assert basis["reason"] == "no_data"
