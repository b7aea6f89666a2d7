"""Market growth from the 2017 benchmark table (149 sectors) to a 153-sector table, by name."""

from __future__ import annotations

import dataclasses
import math

import pytest
from conftest import need_data

from chainmap.city.market import calc_demand, calc_market_growth_by_name
from chainmap.io.examples import miller_blair_2x2


def test_renamed_sector_gets_no_rate() -> None:
    t0 = miller_blair_2x2()  # 2009: household consumption 100 and 500
    sectors = t0.sectors.copy()
    sectors.loc["2", "name_zh"] = "新部门"  # split or renamed in the later list
    t1 = t0.replace(
        final_demand=t0.final_demand * [1.44, 1.0],
        sectors=sectors,
        meta=dataclasses.replace(t0.meta, year=2011),
    )
    out = calc_market_growth_by_name(t0, t1)
    assert out.loc["1", "market_growth"] == pytest.approx(0.2)  # 1.44 over two years
    assert out.loc["1", "earlier_code"] == "1"
    assert math.isnan(out.loc["2", "market_growth"]) and out.loc["2", "earlier_code"] == ""


@pytest.mark.realdata
def test_2017_benchmark_to_2020_extension_table() -> None:
    need_data("china-nbs/china_2017_149.csv")
    from chainmap.io.readers import read_table

    t17, t20 = read_table("cn-nbs-2017-149"), read_table("cn-nbs-2020-153")
    out = calc_market_growth_by_name(t17, t20, "total")
    matched = out[out["earlier_code"] != ""]
    assert len(matched) == 147  # construction split 2 → 4, two equipment sectors renamed
    assert set(out.index[out["earlier_code"] == ""]) >= {"103", "104", "105", "106"}
    m0, m1 = calc_demand(t17, "total"), calc_demand(t20, "total")
    code17 = out.loc["090", "earlier_code"]  # 计算机
    assert t17.sectors.loc[code17, "name_zh"] == t20.sectors.loc["090", "name_zh"]
    expect = (m1["090"] / m0[code17]) ** (1 / 3) - 1
    assert out.loc["090", "market_growth"] == pytest.approx(expect)
    assert matched["market_growth"].notna().mean() > 0.95
