"""Five-criteria scoring: indicators, weights, explanations, roles, market size, real runs."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from conftest import need_data

from chainmap.city.market import calc_market_growth, calc_market_size, nbs_concordance
from chainmap.criteria.roles import RoleRules, classify_roles
from chainmap.criteria.scores import (
    CRITERIA,
    DEFAULT_STAGE_SCORES,
    INDICATORS,
    CriteriaOptions,
    calc_driving_indicators,
    calc_location_quotient,
    score_criteria,
)
from chainmap.errors import InputDataError, ScenarioError
from chainmap.io.examples import miller_blair_2x2
from chainmap.io.table import INDUSTRY, IOTable, TableMeta

CODES = ["A01", "B02", "C03", "D04", "E05", "F06"]


def make_table(seed: int = 7, scale: float = 1.0, year: int = 2020, codes=CODES) -> IOTable:
    """A balanced n-sector table: A with column sums 0.2–0.6, f > 0, x = L f."""
    rng = np.random.default_rng(seed)
    n = len(codes)
    a = rng.uniform(0.0, 1.0, (n, n))
    a *= rng.uniform(0.2, 0.6, n) / a.sum(axis=0)
    hh = rng.uniform(50, 500, n) * scale
    gfcf = rng.uniform(10, 200, n) * scale
    ex = rng.uniform(0, 300, n) * scale
    x = np.linalg.solve(np.eye(n) - a, hh + gfcf + ex)
    z = a * x
    va = x - z.sum(axis=0)
    idx = pd.Index(codes, name=INDUSTRY)
    return IOTable(
        sectors=pd.DataFrame(
            {"name": codes, "name_zh": codes, "name_en": codes, "category": ""}, index=idx
        ),
        Z=pd.DataFrame(z, index=idx, columns=idx),
        final_demand=pd.DataFrame(
            {"household_consumption": hh, "gross_fixed_capital_formation": gfcf, "exports": ex},
            index=idx,
        ),
        value_added=pd.DataFrame(
            [0.4 * va, 0.6 * va],
            index=pd.Index(["compensation", "operating_surplus"], name="component"),
            columns=idx,
        ),
        satellites=pd.DataFrame(
            [rng.uniform(0.1, 1.0, n) * x], index=pd.Index(["employment"]), columns=idx
        ),
        satellite_units={"employment": "persons"},
        meta=TableMeta(region="test", year=year, unit="yuan", table_id=f"test-{seed}-{year}"),
    )


def driving_of(table: IOTable) -> pd.DataFrame:
    return calc_driving_indicators(table)


@pytest.fixture(scope="module")
def city() -> IOTable:
    return make_table(seed=7, scale=0.1)


@pytest.fixture(scope="module")
def parent() -> IOTable:
    return make_table(seed=11, scale=10.0)


@pytest.fixture(scope="module")
def driving(city) -> pd.DataFrame:
    return driving_of(city)


# ----- indicators -----------------------------------------------------------------------


def test_every_criterion_and_indicator_is_a_visible_column(city, parent, driving):
    r = score_criteria(city, parent=parent, driving=driving, policy={"C03": 1.0})
    frame = r.to_frame()
    for ind in INDICATORS:
        assert ind.name in frame.columns
    for c in CRITERIA:
        assert f"score_{c}" in frame.columns and f"contribution_{c}" in frame.columns
    assert list(r.criteria.columns) == list(CRITERIA)
    assert np.isfinite(r.criteria.to_numpy()).all()
    # driving effect = the analysis of the city table, not of the parent
    np.testing.assert_allclose(r.indicators["backward_linkage"], driving["backward_linkage"])
    assert r.indicators["forward_linkage_nbs"].notna().all()
    assert "forward_linkage_nbs" not in r.normalised.columns  # shown beside, not scored


def test_base_indicators_by_hand(city, parent, driving):
    r = score_criteria(city, parent=parent, driving=driving)
    x, xp = city.output, parent.output
    share = x / x.sum()
    np.testing.assert_allclose(r.indicators["output_share"], share)
    np.testing.assert_allclose(r.indicators["location_quotient"], share / (xp / xp.sum()))
    largest = x.idxmax()
    assert r.indicators.loc[largest, "output_rank"] == 1.0
    assert sorted(r.indicators["output_rank"]) == list(range(1, 7))


def test_location_quotient_rejects_codes_missing_from_parent(city):
    other = make_table(seed=3, codes=["X1", "X2"])
    with pytest.raises(InputDataError, match="not in the parent table"):
        calc_location_quotient(city, other)


def test_output_series_gives_growth_and_stages(city, driving):
    years = [2018, 2019, 2020, 2021]
    series = pd.DataFrame(
        {y: [100 * 1.10 ** (y - 2018), 100 * 0.9 ** (y - 2018)] for y in years},
        index=["A01", "B02"],
    )
    r = score_criteria(city, driving=driving, output_series=series)
    assert r.indicators.loc["A01", "output_growth"] == pytest.approx(0.10)
    assert r.indicators.loc["B02", "output_growth"] == pytest.approx(-0.10)
    assert math.isnan(r.indicators.loc["C03", "output_growth"])
    assert r.indicators.loc["A01", "stage"] == "steady_growth"
    assert r.indicators.loc["B02", "stage"] == "decline"
    assert r.indicators.loc["B02", "stage_source"] == "inferred"
    assert r.indicators.loc["C03", "stage_source"] == "assumed"
    assert any("output_growth missing for 4 industries" in n for n in r.notes)


# ----- explanations ---------------------------------------------------------------------


@pytest.mark.parametrize("normalisation", ["minmax", "zscore", "rank"])
@pytest.mark.parametrize("aggregation", ["weighted_sum", "topsis"])
@pytest.mark.parametrize("weighting", ["manual", "entropy", "ahp"])
def test_contributions_sum_to_scores(city, parent, driving, normalisation, aggregation, weighting):
    ahp = [
        [1, 2, 3, 2, 2],
        ["1/2", 1, 2, 1, 1],
        ["1/3", "1/2", 1, "1/2", "1/2"],
        ["1/2", 1, 2, 1, 1],
        ["1/2", 1, 2, 1, 1],
    ]
    r = score_criteria(
        city,
        parent=parent,
        driving=driving,
        stages={"A01": "萌芽期", "D04": "成熟期"},
        policy={"B02": 1.0, "E05": 0.5},
        normalisation=normalisation,
        aggregation=aggregation,
        weighting=weighting,
        ahp_matrix=ahp if weighting == "ahp" else None,
    )
    np.testing.assert_allclose(r.contributions.sum(axis=1), r.score, atol=1e-12)
    assert r.weights.sum() == pytest.approx(1.0)
    assert sorted(r.rank) == list(range(1, 7))
    if aggregation == "weighted_sum":
        np.testing.assert_allclose(r.criteria.to_numpy() @ r.weights.to_numpy(), r.score)
    if weighting == "ahp":
        assert r.ahp is not None and r.ahp.cr < 0.1


def test_weighted_sum_by_hand_on_two_sectors():
    """Miller & Blair 2x2, region = parent, min-max, policy on sector 2 only.

    Indicators that differ: BL (1.0222, 0.9778), Ghosh FL (1.2083, 0.7917), side effect
    (given 1.1, 0.9) → driving = (1, 0); share (1/3, 2/3) and rank (2, 1) → base = (0, 1)
    (LQ = 1 for both is not scored); market: demand (100, 500), export share (.25, .6)
    → (0, 1); policy (0, 1); stage all assumed → 0.
    Scores: sector 1 = 0.30·1 = 0.30; sector 2 = 0.25 + 0.20 + 0.15 = 0.60.
    """
    t = miller_blair_2x2()
    drv = driving_of(t).assign(side_effect=[1.1, 0.9])
    weights = {  # the pre-backtest defaults, stated so the hand derivation stays valid
        "driving_effect": 0.30,
        "industrial_base": 0.25,
        "development_stage": 0.10,
        "market_size": 0.20,
        "policy_support": 0.15,
    }
    r = score_criteria(t, parent=t, driving=drv, policy={"2": 1.0}, weights=weights)
    assert r.score.to_dict() == pytest.approx({"1": 0.30, "2": 0.60})
    assert r.contributions.loc["2"].to_dict() == pytest.approx(
        {
            "driving_effect": 0.0,
            "industrial_base": 0.25,
            "development_stage": 0.0,
            "market_size": 0.20,
            "policy_support": 0.15,
        }
    )
    assert any("location_quotient is the same for every industry" in n for n in r.notes)


# ----- validation -----------------------------------------------------------------------


def test_options_validation_names_the_key(city, driving):
    with pytest.raises(ScenarioError, match=r"criteria\.weights: unknown key 'beauty'"):
        score_criteria(city, driving=driving, weights={"beauty": 1.0})
    with pytest.raises(ScenarioError, match=r"criteria\.weights: weights must sum to a positive"):
        score_criteria(city, driving=driving, weights={"driving_effect": 0.0})
    with pytest.raises(ScenarioError, match=r"policy\.Z99: unknown sector code or name"):
        score_criteria(city, driving=driving, policy={"Z99": 1.0})
    with pytest.raises(ScenarioError, match=r"policy\.A01: intensity must be"):
        score_criteria(city, driving=driving, policy={"A01": -1.0})
    with pytest.raises(ScenarioError, match=r"stages\.A01: unknown development stage"):
        score_criteria(city, driving=driving, stages={"A01": "booming"})
    with pytest.raises(ScenarioError, match=r"criteria\.normalisation: unknown value 'l2'"):
        score_criteria(city, driving=driving, normalisation="l2")
    with pytest.raises(ScenarioError, match=r"criteria\.indicator_weights: unknown indicator"):
        CriteriaOptions(indicator_weights={"beauty": 1.0})
    with pytest.raises(ScenarioError, match="criteria: unknown key 'wieghts'"):
        CriteriaOptions.from_mapping({"wieghts": {}})
    with pytest.raises(ScenarioError, match=r"criteria\.ahp_matrix: consistency ratio CR = "):
        CriteriaOptions(
            weighting="ahp",
            ahp_matrix=[
                [1, 9, "1/9", 1, 1],
                ["1/9", 1, 9, 1, 1],
                [9, "1/9", 1, 1, 1],
                [1, 1, 1, 1, 1],
                [1, 1, 1, 1, 1],
            ],
        )


def test_options_from_mapping_and_names_resolve(city, driving):
    opts = CriteriaOptions.from_mapping(
        {"weights": {"driving_effect": 1}, "roles": {"n_leading": 1}, "strict_stages": True}
    )
    assert opts.roles.n_leading == 1 and opts.strict_stages
    r = score_criteria(city, driving=driving, options=opts, policy={"A01": 1.0})
    assert r.weights["driving_effect"] == 1.0
    assert (r.roles["role"] == "leading").sum() == 1


# ----- roles ----------------------------------------------------------------------------


def test_roles_strict_and_lenient():
    idx = pd.Index(["a", "b", "c", "d", "e"])
    scores = pd.Series([0.5, 0.9, 0.8, 0.7, 0.1], index=idx)
    stages = pd.Series(["稳健增长期", "萌芽期", "成熟期", "稳健增长期", "衰退期"], index=idx)
    fl = pd.Series([0.8, 0.9, 1.5, 0.7, 1.2], index=idx)
    inter = pd.Series([0.2, 0.1, 0.8, 0.3, 0.9], index=idx)
    strict = classify_roles(scores, stages, fl, inter, strict=True, rules=RoleRules(n_leading=2))
    assert strict["role"].to_dict() == {
        "a": "leading",
        "b": "potential",
        "c": "basic",
        "d": "leading",
        "e": "basic",
    }
    lenient = classify_roles(scores, stages, fl, inter, strict=False, rules=RoleRules(n_leading=2))
    assert lenient.loc["b", "role"] == "leading"  # early stage may lead outright
    assert lenient.loc["d", "role"] == "leading" and lenient.loc["a", "role"] == "auxiliary"
    # maturity never leads, whatever its score
    assert "leading" not in set(lenient.loc[["c", "e"], "role"])
    assert strict.loc["b", "role_zh"] == "潜在主导产业"


def test_roles_ties_broken_by_code():
    idx = pd.Index(["b", "a", "c"])
    r = classify_roles(
        pd.Series([1.0, 1.0, 1.0], index=idx),
        pd.Series(["稳健增长期"] * 3, index=idx),
        pd.Series([0.0] * 3, index=idx),
        pd.Series([0.0] * 3, index=idx),
        rules=RoleRules(n_leading=1),
    )
    assert r["role"].to_dict() == {"b": "auxiliary", "a": "leading", "c": "auxiliary"}


def test_ranks_are_deterministic_under_row_order(city, parent, driving):
    r1 = score_criteria(city, parent=parent, driving=driving)
    order = list(reversed(CODES))
    shuffled = city.replace(
        sectors=city.sectors.loc[order],
        Z=city.Z.loc[order, order],
        final_demand=city.final_demand.loc[order],
        value_added=city.value_added[order],
        satellites=city.satellites[order],
    )
    r2 = score_criteria(shuffled, parent=parent, driving=driving.loc[order])
    assert r2.rank.reindex(CODES).tolist() == r1.rank.tolist()
    np.testing.assert_allclose(r2.score.reindex(CODES), r1.score)


# ----- market size ----------------------------------------------------------------------


def test_market_growth_by_hand():
    early, late = make_table(seed=5, year=2017), make_table(seed=5, scale=1.331, year=2020)
    g = calc_market_growth(early, late)
    # every final-demand component scaled by 1.331 = 1.1³ → 10 % a year (x scales too)
    np.testing.assert_allclose(g["market_growth"], 0.10, rtol=1e-12)
    m = calc_market_size(late, earlier=early, later=late, forecasts={"A01": 5.0})
    assert m.loc["A01", "market_size"] == 5.0 and m.loc["A01", "market_source"] == "forecast"
    hh = late.final_demand
    assert m.loc["B02", "market_size"] == pytest.approx(
        hh.loc["B02", "household_consumption"] + hh.loc["B02", "gross_fixed_capital_formation"]
    )
    assert m.loc["B02", "export_share"] == pytest.approx(hh.loc["B02", "exports"] / late.x[1])
    with pytest.raises(ScenarioError, match=r"market\.forecasts\.Q: unknown sector code"):
        calc_market_size(late, forecasts={"Q": 1.0})
    with pytest.raises(InputDataError, match="increasing table years"):
        calc_market_growth(late, early)


def test_shipped_concordance_covers_the_nbs_lists():
    c153, c149 = nbs_concordance("nbs-153"), nbs_concordance("nbs-149")
    assert len(c153) == 153 and len(c149) == 149
    assert sorted(set(c153["code_42"])) == [f"{i:02d}" for i in range(1, 43)]
    assert c153.loc["087", "name_zh"] == "电池" and c153.loc["087", "code_42"] == "19"
    assert (c153["basis"].str.startswith("manual")).sum() == 6


# ----- real data ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def national():
    need_data("china-nbs/china_2020_153.csv")
    from chainmap.io.readers import read_table

    return {key: read_table(f"cn-nbs-{key}") for key in ("2020-153", "2017-42", "2020-42")}


@pytest.mark.realdata
def test_concordance_reproduces_42_sector_outputs(national):
    big, small = national["2020-153"], national["2020-42"]
    mapping = nbs_concordance("nbs-153")["code_42"]
    agg = big.output.groupby(mapping.reindex(big.codes).to_numpy()).sum()
    np.testing.assert_allclose(agg.reindex(small.codes), small.output, rtol=1e-9)


@pytest.mark.realdata
def test_real_run_national_table_as_its_own_region(national):
    t, early, late = national["2020-153"], national["2017-42"], national["2020-42"]
    market = calc_market_size(t, earlier=early, later=late)
    r = score_criteria(t, parent=t, market=market, policy={"087": 1.0, "090": 0.5})
    assert np.isfinite(r.criteria.to_numpy()).all()
    assert np.isfinite(r.score.to_numpy()).all()
    for name in ("backward_linkage", "forward_linkage", "side_effect", "output_share"):
        assert np.isfinite(r.indicators[name].to_numpy()).all(), name
    # market growth of computers (090 → 42-sector 20) from both tables, by hand
    fd = {}
    for key, tab in (("2017", early), ("2020", late)):
        keep = ["final_consumption", "gross_fixed_capital_formation"]
        fd[key] = tab.final_demand.loc["20", keep].sum() + (
            tab.imports_final_demand.loc["20", keep].sum()
        )
    expected = (fd["2020"] / fd["2017"]) ** (1 / 3) - 1
    assert r.indicators.loc["090", "market_growth"] == pytest.approx(expected, rel=1e-12)
    assert r.indicators.loc["090", "growth_code"] == "20"
    assert market.attrs["growth_tables"] == ["cn-nbs-2017-42", "cn-nbs-2020-42"]
    # ranks: a permutation of 1..153, identical on a second run
    assert sorted(r.rank) == list(range(1, 154))
    again = score_criteria(t, parent=t, market=market, policy={"087": 1.0, "090": 0.5})
    assert again.rank.equals(r.rank)
    assert (r.roles["role"] == "leading").sum() == 3


@pytest.mark.realdata
def test_real_run_on_a_regionalised_city(national):
    from chainmap.city.citydata import CityData
    from chainmap.city.regional import regionalize

    t, early, late = national["2020-153"], national["2017-42"], national["2020-42"]
    rng = np.random.default_rng(2020)
    local = t.output * 0.02 * rng.uniform(0.2, 3.0, t.n)
    city = regionalize(t, CityData(local), method="flq", delta=0.3)
    market = calc_market_size(t, earlier=early, later=late)
    r = score_criteria(city, parent=t, market=market, aggregation="topsis")
    assert np.isfinite(r.criteria.to_numpy()).all()
    np.testing.assert_allclose(r.contributions.sum(axis=1), r.score, atol=1e-12)
    lq = r.indicators["location_quotient"]
    np.testing.assert_allclose(lq, (local / local.sum()) / (t.output / t.output.sum()), rtol=1e-9)


@pytest.mark.realdata
def test_real_stage_inference_from_three_national_tables(national):
    from chainmap.io.readers import read_table

    t2018 = read_table("cn-nbs-2018-42")
    early, late = national["2017-42"], national["2020-42"]
    series = pd.DataFrame({2017: early.output, 2018: t2018.output, 2020: late.output})
    total = series.sum()
    r = score_criteria(late, parent=late, output_series=series, total_series=total)
    assert (r.indicators["stage_source"] == "inferred").all()
    x17, x20 = early.output["20"], late.output["20"]
    assert r.indicators.loc["20", "output_growth"] == pytest.approx((x20 / x17) ** (1 / 3) - 1)
    assert np.isfinite(r.criteria.to_numpy()).all()
    assert set(r.indicators["stage"]) <= set(DEFAULT_STAGE_SCORES)
