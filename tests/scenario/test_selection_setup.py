"""Selection inputs from a scenario: link values, their cache, and the re-solve path."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pandas as pd
import pytest
from conftest import ROOT

from chainmap.scenario import link_values as links_module
from chainmap.scenario.analysis import ScenarioAnalysis, analyse_scenario
from chainmap.scenario.link_values import link_values
from chainmap.scenario.runner import solve_scenario
from chainmap.scenario.schema import load_scenario
from chainmap.scenario.selection_setup import build_selection_inputs

DEMO = ROOT / "scenarios" / "illustrative_demo.yaml"
QUICK = ["robustness.weight_draws=0", "robustness.parameter_draws=0", "selection.alternatives=0"]


@pytest.fixture(scope="module")
def analysis() -> ScenarioAnalysis:
    return analyse_scenario(load_scenario(DEMO, QUICK))


def _gaps(analysis: ScenarioAnalysis) -> dict[str, object]:
    result = solve_scenario(load_scenario(DEMO, QUICK), analysis, decision_only=True)
    assert len(result.gaps) >= 3
    return dict(result.gaps)


def test_link_values_follow_the_formula(analysis: ScenarioAnalysis) -> None:
    gaps = _gaps(analysis)
    frame = link_values(gaps)
    chain_max = frame.attrs["chain_max"]
    # w_ij = cost_share × (1 − min(1, local share)) / the largest chain total
    industry, supplier = frame.loc[0, "industry"], frame.loc[0, "supplier"]
    row = gaps[industry].links.loc[supplier]  # type: ignore[attr-defined]
    local = min(1.0, float(row["local_share"]))
    expected = float(row["cost_share"]) * (1.0 - local) / chain_max
    assert frame.loc[0, "value"] == pytest.approx(expected, rel=1e-12)
    totals = frame.groupby("industry")["value"].sum()
    assert totals.max() == pytest.approx(1.0)
    assert (frame["value"] > 0).all()
    # one existing-coverage figure per supplier: the mean of its local shares
    assert (frame.groupby("supplier")["rpc"].nunique() == 1).all()
    keys = list(zip(frame["industry"], frame["supplier"], strict=True))
    assert keys == sorted(keys)


def test_allowed_suppliers_and_no_links(analysis: ScenarioAnalysis) -> None:
    gaps = _gaps(analysis)
    full = link_values(gaps)
    drop = str(full["supplier"].value_counts().index[0])
    allowed = sorted(set(full["supplier"]) - {drop})
    limited = link_values(gaps, allowed)
    assert drop not in set(limited["supplier"])
    assert len(limited) == len(full) - int((full["supplier"] == drop).sum())
    empty = link_values({})
    assert empty.empty
    assert list(empty.columns) == ["industry", "supplier", "value", "rpc"]


def test_link_cache_gives_the_same_frame_and_reads_each_chain_once(
    analysis: ScenarioAnalysis, monkeypatch: pytest.MonkeyPatch
) -> None:
    gaps = _gaps(analysis)
    reads: list[str] = []
    original = links_module.chain_links

    def counting(diagnosis: object) -> links_module.ChainLinks:
        reads.append(str(diagnosis.sector))  # type: ignore[attr-defined]
        return original(diagnosis)

    monkeypatch.setattr(links_module, "chain_links", counting)
    cache: links_module.LinkCache = {}
    first = link_values(gaps, None, cache)
    assert len(reads) == len(gaps)
    again = link_values(gaps, None, cache)
    assert len(reads) == len(gaps)  # nothing read twice
    pd.testing.assert_frame_equal(first, again, check_exact=True)
    assert first.attrs == again.attrs
    # another diagnosis under the same code (another city table) is read anew
    code = next(iter(gaps))
    links = gaps[code].links.copy()  # type: ignore[attr-defined]
    links["cost_share"] = links["cost_share"] * 2.0
    other = dict(gaps)
    other[code] = dataclasses.replace(gaps[code], links=links)  # type: ignore[type-var]
    changed = link_values(other, None, cache)
    assert len(reads) == len(gaps) + 1
    assert not np.allclose(changed["value"], first["value"])
    monkeypatch.undo()
    pd.testing.assert_frame_equal(first, link_values(gaps), check_exact=True)


def test_selection_inputs_match_a_fresh_build_after_a_weight_change(
    analysis: ScenarioAnalysis,
) -> None:
    # the cached path (link cache, terms built once per decision) solves on the same
    # inputs as building them from scratch
    weights = {
        "driving_effect": 0.1,
        "industrial_base": 0.1,
        "development_stage": 0.1,
        "market_size": 0.6,
        "policy_support": 0.1,
    }
    scenario = load_scenario(DEMO, [*QUICK, f"criteria.weights={json.dumps(weights)}"])
    result = solve_scenario(scenario, analysis, decision_only=True)
    codes = {
        "selection.entry_cost": {},
        "selection.fill_cost": {},
        "selection.require": list(result.selection_inputs.must_include),
        "selection.exclude": list(result.selection_inputs.exclude),
    }
    fresh = build_selection_inputs(
        scenario,
        analysis.city,
        result.criteria,
        result.gaps,
        codes,
        list(result.selection_inputs.candidates),
    )
    assert fresh.links is not None and result.selection_inputs.links is not None
    pd.testing.assert_frame_equal(fresh.links, result.selection_inputs.links, check_exact=True)
    pd.testing.assert_series_equal(fresh.score, result.selection_inputs.score, check_exact=True)
    assert fresh.weights is not None
    assert fresh.weights["market_size"] == pytest.approx(0.6)
