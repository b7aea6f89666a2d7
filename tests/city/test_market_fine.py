"""Market growth at the finest level: consecutive tables of the parent's classification."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from conftest import need_data

from chainmap.city.market import calc_market_growth, combine_growth
from chainmap.io.examples import miller_blair_2x2


def test_fine_growth_replaces_the_group_rate_by_hand() -> None:
    # group "G" grew 5 % a year; its members a and b grew 10 % and −1 %; c has no fine rate
    coarse = pd.DataFrame(
        {
            "market_size": [1.0, 2.0, 3.0],
            "market_growth": [0.05, 0.05, 0.02],
            "growth_code": ["G", "G", "H"],
        },
        index=["a", "b", "c"],
    )
    coarse.attrs["growth_tables"] = ["t42-2017", "t42-2020"]
    fine = pd.Series({"a": 1.1**2 - 1, "b": math.nan, "c": math.nan})
    fine["a"] = (121.0 / 100.0) ** (1 / 2) - 1  # 100 → 121 over two years: 10 %
    fine["b"] = (98.01 / 100.0) ** (1 / 2) - 1  # 100 → 98.01: −1 %
    out = combine_growth(coarse, fine, ["t153-2018", "t153-2020"])
    assert out["market_growth"].tolist() == pytest.approx([0.10, -0.01, 0.02])
    assert out["growth_code"].tolist() == ["a", "b", "H"]
    assert out.attrs["growth_tables"] == ["t42-2017", "t42-2020"]
    assert out.attrs["growth_tables_fine"] == ["t153-2018", "t153-2020"]


def test_growth_of_two_tables_is_the_compound_rate() -> None:
    import dataclasses

    t0 = miller_blair_2x2()
    t0 = dataclasses.replace(t0, meta=dataclasses.replace(t0.meta, year=2018))
    t1 = dataclasses.replace(t0, meta=dataclasses.replace(t0.meta, year=2020))
    g = calc_market_growth(t0, t1, "total")
    assert g["market_growth"].tolist() == pytest.approx([0.0, 0.0])


def test_real_data_084_089_no_longer_share_one_rate() -> None:
    need_data("china-nbs/china_2018_153.csv")
    from conftest import ROOT

    from chainmap.io.readers import read_table
    from chainmap.scenario.runner import _finest_growth_tables, _market
    from chainmap.scenario.schema import load_scenario

    scenario = load_scenario(ROOT / "scenarios" / "hangzhou_2023.yaml")
    parent = read_table("cn-nbs-2020-153")
    inputs: dict[str, str] = {}
    market = _market(scenario, parent, inputs, 2023)
    rates = market.loc[["084", "085", "086", "087", "088", "089"], "market_growth"]
    assert rates.nunique() == 6
    assert market.attrs["growth_tables_fine"] == ["cn-nbs-2018-153", "cn-nbs-2020-153"]
    assert (market.loc[rates.index, "growth_code"] == rates.index).all()
    # never a table after T: a 2019 run finds only the 2018 153-sector table
    assert _finest_growth_tables(parent, 2019, {}) is None
