"""The market growth window as a robustness variant (2017 → T instead of 2018 → T)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT, need_data

from chainmap.city.market import calc_market_growth_by_name, calc_market_size, combine_growth
from chainmap.io.readers import read_table
from chainmap.io.table import IOTable
from chainmap.scenario import market_inputs
from chainmap.scenario.results import write_results
from chainmap.scenario.runner import run_on_tables, run_scenario
from chainmap.scenario.schema import load_scenario
from chainmap.scenario.variants import variant_specs

DEMO = ROOT / "scenarios" / "illustrative_demo.yaml"


def _dated(table: IOTable, year: int, table_id: str, scale: pd.Series | None = None) -> IOTable:
    fd = table.final_demand if scale is None else table.final_demand.mul(scale, axis=0)
    meta = dataclasses.replace(table.meta, year=year, table_id=table_id)
    return table.replace(final_demand=fd, meta=meta)


def test_window_start_is_the_latest_earlier_registered_table(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    parent = _dated(read_table("illustrative-42"), 2020, "cn-nbs-2020-42")
    registered = {"cn-nbs-2015-149", "cn-nbs-2017-149", "cn-nbs-2016-42", "cn-nbs-2019-149"}
    monkeypatch.setattr(
        market_inputs, "find_entry", lambda i: object() if i in registered else None
    )
    market = pd.DataFrame({"market_growth": [0.0]})
    market.attrs["growth_tables_fine"] = ["cn-nbs-2018-42", "cn-nbs-2020-42"]
    # before 2018 (the baseline's start), the latest: 2017 (149 sectors) over 2016 (42)
    assert market_inputs.growth_window_start(market, parent) == "cn-nbs-2017-149"
    market.attrs["growth_tables_fine"] = ["cn-nbs-2016-42", "cn-nbs-2020-42"]
    assert market_inputs.growth_window_start(market, parent) == "cn-nbs-2015-149"
    market.attrs.pop("growth_tables_fine")  # growth per group only: no window to vary
    assert market_inputs.growth_window_start(market, parent) is None


def test_synthetic_window_variant_changes_the_set(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Growth 2018 → 2020 equal everywhere; from 2017 one unchosen industry grew 10×."""
    base = read_table("illustrative-42")
    end = _dated(base, 2020, "cn-nbs-2020-42")
    start18 = _dated(base, 2018, "cn-nbs-2018-42")
    scenario = load_scenario(
        DEMO,
        [
            "robustness.weight_draws=0",
            "selection.alternatives=0",
            "robustness.parameter_draws=4",
            "criteria.weights={industrial_base: 0.2, market_size: 0.8}",
        ],
    )
    market = calc_market_size(end, earlier=start18, later=end, basis="total")
    market = combine_growth(
        market, market["market_growth"] * 0, [start18.meta.table_id, "cn-nbs-2020-42"]
    )
    baseline = run_on_tables(scenario, end, end, market=market)
    chosen = set(baseline.selection.leading)
    target = next(c for c in market.sort_values("market_size").index[::-1] if c not in chosen)
    scale = pd.Series(1.0, index=base.codes)
    scale[target] = 0.01
    start17 = _dated(base, 2017, "cn-nbs-2017-149", scale)
    tables = {"cn-nbs-2017-149": start17, "cn-nbs-2020-42": end}
    monkeypatch.setattr(market_inputs, "find_entry", lambda i: object() if i in tables else None)
    monkeypatch.setattr(market_inputs, "read_table", lambda i: tables[i])
    # the variant's market, by hand: by-name growth from 2017, the baseline elsewhere
    by_hand = calc_market_growth_by_name(start17, end, "total")["market_growth"]
    window = market_inputs.window_market(market, end, "cn-nbs-2017-149", "total", {})
    assert window.loc[target, "market_growth"] == pytest.approx(by_hand[target])
    assert window.attrs["growth_tables_fine"] == ["cn-nbs-2017-149", "cn-nbs-2020-42"]

    result = run_on_tables(scenario, end, end, market=market)
    params = result.robustness.parameters
    row = params.variants.set_index("family").loc["growth_window"]
    assert row["variant"] == "market growth 2017 → 2020"
    assert target in row["leading"].split() and not row["same_leading"]
    write_results(result, tmp_path / "out")
    rob = pd.read_csv(tmp_path / "out" / "robustness.csv", dtype={"industry": str})
    assert rob.set_index("industry").loc[target, "chosen_share_growth_window"] == 1.0


def test_the_cap_keeps_the_window_family(monkeypatch: pytest.MonkeyPatch) -> None:
    """Families are interleaved: a small parameter_draws still runs the window variant."""
    end = _dated(read_table("illustrative-42"), 2020, "cn-nbs-2020-42")
    monkeypatch.setattr(
        market_inputs, "find_entry", lambda i: object() if i == "cn-nbs-2017-149" else None
    )
    market = calc_market_size(end, basis="total")
    market.attrs["growth_tables_fine"] = ["cn-nbs-2018-42", "cn-nbs-2020-42"]
    scenario = load_scenario(DEMO, ["robustness.parameter_draws=0", "selection.alternatives=0"])
    result = run_on_tables(scenario, end, end, market=market)  # the analysis and its setup
    from chainmap.scenario.analysis import analyse_tables
    from chainmap.scenario.deciding import DecisionSetup

    analysis = analyse_tables(scenario, end, end, market=market)
    setup = DecisionSetup(scenario, end, end, {}, [], [])
    specs = variant_specs(analysis, setup, result.criteria.options, 1)
    assert [s.family for s in specs] == ["growth_window"]
    assert variant_specs(analysis, setup, result.criteria.options, 0) == []


@pytest.mark.realdata
def test_changzhou_choice_rests_on_the_growth_window(tmp_path: Path) -> None:
    need_data("china-nbs/china_2017_149.csv")
    scenario = load_scenario(
        ROOT / "scenarios" / "changzhou_style_new_energy.yaml",
        ["robustness.weight_draws=0", "selection.alternatives=0"],
    )
    result = run_scenario(scenario)
    assert "085" in result.selection.leading
    variants = result.robustness.parameters.variants.set_index("family")
    row = variants.loc["growth_window"]
    assert row["variant"] == "market growth 2017 → 2020"
    assert "065" in row["leading"].split() and "085" not in row["leading"].split()
    out = write_results(result, tmp_path / "cz")
    doc = json.loads((out / "result.json").read_text(encoding="utf-8"))
    assert doc["robustness"]["by_family"]["growth_window"] == {"variants": 1, "unchanged": 0}
    assert any("china_2017_149" in k for k in doc["provenance"]["input_sha256"])
    from chainmap.report.confidence import confidence
    from chainmap.report.files import load_result_files

    lines = " ".join(confidence(load_result_files(out), "zh"))
    assert "市场增长测算区间 1 种" in lines and "市场增长改按 2017—2020 年测算时" in lines


def test_window_market_once_per_analysis_and_its_table_only_in_runs_that_read_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    need_data("china-nbs/china_2017_149.csv")
    from chainmap.scenario import variants
    from chainmap.scenario.analysis import analyse_scenario
    from chainmap.scenario.runner import solve_scenario

    fast = ["robustness.weight_draws=0", "selection.alternatives=0"]
    path = ROOT / "scenarios" / "changzhou_style_new_energy.yaml"
    scenario = load_scenario(path, fast)
    analysis = analyse_scenario(scenario)
    calls: list[str] = []
    original = variants.window_market

    def counting(*args: object, **kwargs: object) -> pd.DataFrame:
        calls.append(str(args[2]))
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(variants, "window_market", counting)
    first = solve_scenario(scenario, analysis)
    again = solve_scenario(scenario, analysis)
    assert calls == ["cn-nbs-2017-149"]  # the second solve reuses the first's market
    for result in (first, again):
        assert any("china_2017_149" in k for k in result.inputs)
    no_variants = solve_scenario(
        load_scenario(path, [*fast, "robustness.parameter_draws=0"]), analysis
    )
    assert not any("china_2017_149" in k for k in no_variants.inputs)
    assert not any("china_2017_149" in k for k in analysis.inputs)
