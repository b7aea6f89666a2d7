"""Robustness under parameter variants: regionalisation δ, stage thresholds, policy on/off."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT

from chainmap.scenario import variants
from chainmap.scenario.results import write_results
from chainmap.scenario.runner import run_scenario
from chainmap.scenario.schema import load_scenario

FAST = ["robustness.weight_draws=50", "selection.alternatives=0"]
DEMO = ROOT / "scenarios" / "illustrative_demo.yaml"


def _run(*extra: str):
    return run_scenario(load_scenario(DEMO, [*FAST, *extra]))


def test_variants_that_change_nothing_give_the_same_choice(monkeypatch) -> None:
    # δ equal to the scenario's and stage thresholds × 1: the same decision
    monkeypatch.setattr(variants, "STAGE_FACTORS", (1.0,))
    monkeypatch.setattr(variants, "DELTA_GRID", ())
    result = _run("robustness.parameter_draws=5")
    params = result.robustness.parameters
    assert len(params.variants) == 1
    assert params.variants["variant"].tolist() == ["stage thresholds × 1"]
    assert params.variants["same_leading"].all()
    row = params.variants.iloc[0]
    assert row["leading"].split() == list(result.selection.leading)
    assert row["potential"].split() == list(result.selection.potential)
    # δ: regionalising again with the scenario's δ gives the same table
    ctx_delta = float(result.scenario.get("regionalization.delta"))
    assert ctx_delta > 0


def test_parameter_variants_in_robustness_csv_and_result_json(tmp_path: Path) -> None:
    result = _run("robustness.parameter_draws=3")
    params = result.robustness.parameters
    assert list(params.variants["family"]) == ["regionalization", "stages", "regionalization"]
    out = write_results(result, tmp_path / "out")
    folder = tmp_path / "out"
    rob = pd.read_csv(folder / "robustness.csv", dtype={"industry": str}).set_index("industry")
    for col in (
        "selected_frequency",
        "chosen_share_weights",
        "chosen_share_regionalization",
        "chosen_share_stages",
        "chosen_share_parameters",
        "chosen_share_overall",
    ):
        assert col in rob.columns, col
    for code in result.selection.leading:
        assert 0.0 <= rob.loc[code, "chosen_share_parameters"] <= 1.0
    doc = json.loads((folder / "result.json").read_text(encoding="utf-8"))
    summary = doc["robustness"]
    assert summary["n_variants"] == 3
    assert summary["text"].startswith("leading set unchanged in ")
    assert len(summary["variants"]) == 3
    assert any(n.startswith("robustness: leading set unchanged") for n in doc["notes"])
    assert out is not None


def test_parameter_draws_zero_turns_it_off() -> None:
    result = _run("robustness.parameter_draws=0")
    assert getattr(result.robustness, "parameters", None) is None


@pytest.mark.parametrize("factor", [0.75, 1.25])
def test_scaled_stage_rules_stay_valid(factor: float) -> None:
    from chainmap.city.stages import StageRules

    rules = variants.scaled_rules(StageRules(), factor)
    assert rules.hot_growth == pytest.approx(0.30 * factor)
    assert rules.min_observations == 3
