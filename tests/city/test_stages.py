"""Life-cycle stages: labels, eligibility, inference rules on constructed series."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from chainmap.city.stages import (
    STAGES,
    StageRules,
    infer_stage,
    infer_stages,
    parse_stage,
    resolve_stages,
    series_indicators,
    stage_eligibility,
)
from chainmap.errors import InputDataError, ScenarioError

YEARS = [2016, 2017, 2018, 2019, 2020]


def test_six_stages_in_report_order_with_labels():
    assert [s.zh for s in STAGES] == [
        "萌芽期",
        "过热期",
        "验证放量期",
        "稳健增长期",
        "成熟期",
        "衰退期",
    ]
    for s in STAGES:
        assert parse_stage(s.zh) == s.key == parse_stage(s.en.upper()) == parse_stage(s.key)
    with pytest.raises(ScenarioError, match=r"stages\.C26: unknown development stage 'boom'"):
        parse_stage("boom", where="stages.C26")


@pytest.mark.parametrize(
    ("stage", "strict_lead", "lenient_lead", "potential"),
    [
        ("萌芽期", False, True, True),
        ("过热期", False, False, False),  # hype: never led nor cultivated
        ("验证放量期", False, True, True),
        ("稳健增长期", True, True, False),
        ("成熟期", False, False, False),
        ("衰退期", False, False, False),
    ],
)
def test_eligibility_strict_and_lenient(stage, strict_lead, lenient_lead, potential):
    strict = stage_eligibility(stage, strict=True)
    lenient = stage_eligibility(stage, strict=False)
    assert strict.can_lead is strict_lead
    assert lenient.can_lead is lenient_lead
    assert strict.can_be_potential is potential and lenient.can_be_potential is potential


def _series(*values: float, years: list[int] = YEARS) -> pd.Series:
    return pd.Series(list(values), index=years[: len(values)], dtype=float)


def _compound(start: float, rates: list[float]) -> list[float]:
    out = [start]
    for r in rates:
        out.append(out[-1] * (1.0 + r))
    return out


def test_series_indicators_by_hand():
    # rates 6 %, 8 %, 14 %, 16 %: acceleration = (.14 + .16)/2 − (.06 + .08)/2 = 0.08
    x = _compound(100.0, [0.06, 0.08, 0.14, 0.16])
    ind = series_indicators(_series(*x))
    assert ind["observations"] == 5
    assert ind["growth"] == pytest.approx((x[-1] / x[0]) ** 0.25 - 1.0)
    assert ind["acceleration"] == pytest.approx(0.08)
    assert ind["volatility"] == pytest.approx(pd.Series([0.06, 0.08, 0.14, 0.16]).std(ddof=0))
    assert math.isnan(ind["share"]) and math.isnan(ind["share_trend"])


def test_uneven_years_are_annualised_and_missing_years_skipped():
    s = pd.Series([100.0, math.nan, 0.0, 200.0], index=["y2000", "y2004", "y2005", "y2010"])
    ind = series_indicators(s)
    assert ind["observations"] == 2
    assert ind["growth"] == pytest.approx(2.0**0.1 - 1.0)


@pytest.mark.parametrize(
    ("name", "values", "total", "stage", "rule"),
    [
        ("shrinking", [100, 95, 90, 85], None, "decline", "rule 1"),
        ("slow", _compound(100, [0.02, 0.02, 0.02]), None, "maturity", "rule 2"),
        # grows 8 % a year while the economy grows 15 %: share trend 1.08/1.15 − 1 = −6 %
        (
            "losing share",
            _compound(100, [0.08] * 3),
            _compound(1000, [0.15] * 3),
            "maturity",
            "rule 3",
        ),
        # 20 % growth, 0.1 % of an economy growing 10 %: small, fast, gaining share
        ("tiny", _compound(1, [0.20] * 3), _compound(1000, [0.10] * 3), "emergence", "rule 4"),
        # 10 % growth at 0.12 % of an economy growing 10 %: small but flat share, not 萌芽
        (
            "tiny_flat",
            _compound(1, [0.10] * 3),
            _compound(1000, [0.10] * 3),
            "steady_growth",
            "rule 7",
        ),
        # 16 % growth at 0.1 % of an economy growing 18 %: fast but losing share, not 萌芽
        (
            "tiny_losing",
            _compound(1, [0.16] * 3),
            _compound(1000, [0.18] * 3),
            "steady_growth",
            "rule 7",
        ),
        ("booming", _compound(100, [0.40] * 3), None, "overheating", "rule 5: growth"),
        # +60 %, −5 %, +20 %: growth 22.2 % >= 0.20 and volatility 26.8 % >= 0.25
        ("erratic", [100, 160, 152, 182.4], None, "overheating", "rule 5: volatility"),
        # +40 %, −10 %, +30 %: volatility 21.6 % but growth 17.9 %: volatile, not a boom
        ("erratic_slow", [100, 140, 126, 163.8], None, "steady_growth", "rule 7"),
        ("ramping", _compound(100, [0.06, 0.08, 0.14, 0.16]), None, "validation", "rule 6"),
        ("steady", _compound(100, [0.10] * 4), None, "steady_growth", "rule 7"),
    ],
)
def test_inference_rules_on_constructed_series(name, values, total, stage, rule):
    tot = None if total is None else _series(*total)
    ind = series_indicators(_series(*values), tot)
    got, why = infer_stage(ind)
    assert got == stage, (name, ind)
    assert why.startswith(rule)


def test_thresholds_are_parameters():
    ind = series_indicators(_series(*_compound(100, [0.10] * 4)))
    assert infer_stage(ind)[0] == "steady_growth"
    assert infer_stage(ind, StageRules(mature_growth=0.12, hot_growth=0.3))[0] == "maturity"
    assert infer_stage(ind, StageRules(hot_growth=0.08, mature_growth=0.05))[0] == "overheating"
    with pytest.raises(ScenarioError, match="decline_growth <= mature_growth < hot_growth"):
        StageRules(mature_growth=0.5, hot_growth=0.3)
    with pytest.raises(ScenarioError, match=r"stage_rules: unknown key 'speed'"):
        StageRules.from_mapping({"speed": 1.0})
    assert StageRules.from_mapping({"hot_growth": 0.5}).hot_growth == 0.5


def test_infer_stages_table_and_short_series():
    frame = pd.DataFrame(
        [_compound(100, [0.10] * 4), [100, 95, 90, 85, 80], [math.nan, math.nan, math.nan, 5, 6]],
        index=pd.Index(["a", "b", "c"], name="industry"),
        columns=YEARS,
    )
    with pytest.raises(InputDataError, match=r"too few for c \(2\)"):
        infer_stages(frame)
    out = infer_stages(frame, on_short="skip")
    assert out["stage"].to_dict() == {"a": "steady_growth", "b": "decline"}
    assert out.loc["b", "stage_zh"] == "衰退期"
    with pytest.raises(InputDataError, match="not a year"):
        infer_stages(frame.rename(columns={2016: "total"}))
    with pytest.raises(InputDataError, match="negative output"):
        infer_stages(frame.assign(**{"2016": -1.0}).drop(columns=[2016]))


def test_resolve_stages_precedence_and_errors():
    codes = pd.Index(["a", "b", "c"], name="industry")
    series = pd.DataFrame(
        [_compound(100, [0.02] * 4), _compound(100, [0.40] * 4)], index=["a", "b"], columns=YEARS
    )
    out = resolve_stages(codes, given={"b": "验证放量期"}, series=series)
    assert out["stage"].tolist() == ["maturity", "validation", "steady_growth"]
    assert out["stage_source"].tolist() == ["inferred", "scenario", "assumed"]
    with pytest.raises(ScenarioError, match=r"stages\.z: unknown sector code 'z'"):
        resolve_stages(codes, given={"z": "成熟期"})
    with pytest.raises(ScenarioError, match=r"no stage stated or inferable for \['c'\]"):
        resolve_stages(codes, series=series, default=None)
    with pytest.raises(ScenarioError, match="codes not in the table"):
        resolve_stages(codes[:1], series=series)


def test_emergence_needs_fast_growth_and_rising_share():
    """A tiny declining or flat division (Hangzhou's 有色金属矿采选, 0.01 %) is not 萌芽."""
    total = _series(*_compound(1000, [0.10] * 3))
    flat = series_indicators(_series(*_compound(0.1, [0.096] * 3)), total)
    assert flat["share"] < StageRules().emergence_share
    assert infer_stage(flat)[0] != "emergence"
    shrinking = series_indicators(_series(*_compound(0.1, [-0.05] * 3)), total)
    assert infer_stage(shrinking)[0] == "decline"
    fast = series_indicators(_series(*_compound(0.1, [0.25] * 3)), total)
    assert infer_stage(fast)[0] == "emergence"
    # the thresholds are parameters
    lenient = StageRules(emergence_growth=0.05, emergence_share_trend=-1.0)
    assert infer_stage(flat, lenient)[0] == "emergence"
