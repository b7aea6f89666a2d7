"""Tests of the weight sensitivity."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from chainmap.errors import ScenarioError
from chainmap.select.inputs import SelectionInputs
from chainmap.select.model import build_problem
from chainmap.select.robustness import calc_weight_sensitivity, draw_weights
from chainmap.select.solve import solve_problem


def weighted_inputs(seed: int = 0, n: int = 12, **kw: object) -> SelectionInputs:
    rng = np.random.default_rng(seed)
    codes = [f"C{k:02d}" for k in range(n)]
    crit = pd.DataFrame(
        rng.uniform(0, 1, (n, 4)), index=codes, columns=["drive", "base", "market", "policy"]
    )
    weights = pd.Series({"drive": 0.4, "base": 0.3, "market": 0.2, "policy": 0.1})
    score = crit @ weights
    return SelectionInputs(tuple(codes), score, criteria=crit, weights=weights, **kw)  # type: ignore[arg-type]


def test_draw_weights_moments_and_zeros() -> None:
    w0 = pd.Series({"a": 2.0, "b": 1.0, "c": 1.0, "d": 0.0})
    kappa = 20.0
    w = draw_weights(w0, 40_000, kappa, np.random.default_rng(3))
    mean = np.array([0.5, 0.25, 0.25, 0.0])
    np.testing.assert_allclose(w.sum(axis=1), 1.0)
    np.testing.assert_allclose(w.mean(axis=0), mean, atol=3e-3)
    # Dirichlet variance w̄ (1 − w̄) / (κ + 1).
    np.testing.assert_allclose(
        w.var(axis=0), mean * (1 - mean) / (kappa + 1), rtol=0.05, atol=1e-12
    )
    assert np.all(w[:, 3] == 0.0)
    np.testing.assert_array_equal(
        w[:5], draw_weights(w0, 40_000, kappa, np.random.default_rng(3))[:5]
    )
    with pytest.raises(ScenarioError, match="concentration"):
        draw_weights(w0, 10, 0.0, np.random.default_rng(0))


def test_weight_sensitivity_invariants() -> None:
    inp = weighted_inputs(n_leading_min=3, n_leading_max=3)
    calls: list[tuple[int, int]] = []
    res = calc_weight_sensitivity(
        inp, n_draws=400, concentration=10.0, seed=5, progress=lambda d, t: calls.append((d, t))
    )
    t = res.table
    n = len(inp.candidates)
    assert list(t.index) == sorted(inp.candidates) and t.index.name == "industry"
    assert t["top_k_frequency"].sum() == pytest.approx(res.top_k)  # K industries per draw
    assert t["mean_rank"].mean() == pytest.approx((n + 1) / 2)
    assert (t["rank_low"] <= t["mean_rank"]).all() and (t["mean_rank"] <= t["rank_high"]).all()
    assert t["selected_frequency"].sum() == pytest.approx(3.0)
    assert res.resolved_share == 1.0 and res.portfolios["draws"].sum() == 400
    assert calls[0][0] == 0 and calls[-1][0] == calls[-1][1] == len(res.portfolios)
    baseline = solve_problem(build_problem(inp))
    expected_rank = (-inp.score).rank(method="first").astype(int)
    assert (t["baseline_rank"] == expected_rank.reindex(t.index)).all()
    assert set(t.index[t["baseline_rank"] <= 3]) == set(baseline.leading)
    # With the objective = score and an exact count, the MILP picks the top-K set, and the
    # centroid of draws sharing a top-K set has that same top set: frequencies coincide.
    np.testing.assert_allclose(t["selected_frequency"], t["top_k_frequency"])
    again = calc_weight_sensitivity(inp, n_draws=400, concentration=10.0, seed=5)
    pd.testing.assert_frame_equal(res.table, again.table)


def test_weight_sensitivity_concentrated_draws_reproduce_baseline() -> None:
    inp = weighted_inputs(
        n_leading_max=4,
        entry_cost=pd.Series(1.0, index=[f"C{k:02d}" for k in range(12)]),
        budget=3.0,
    )
    base = solve_problem(build_problem(inp))
    res = calc_weight_sensitivity(inp, n_draws=200, concentration=1e9, seed=0)
    assert res.n_solves == 0 and len(res.portfolios) == 1  # every draw has the baseline top set
    sel = res.table["selected_frequency"]
    assert set(sel.index[sel == 1.0]) == set(base.leading) and set(sel[sel != 1.0]) == {0.0}
    assert (res.table["rank_low"] == res.table["baseline_rank"]).all()


def test_weight_sensitivity_max_solves_and_rank_only() -> None:
    inp = weighted_inputs(n_leading_min=2, n_leading_max=2)
    capped = calc_weight_sensitivity(inp, n_draws=300, concentration=2.0, seed=1, max_solves=2)
    assert capped.n_solves <= 2 and 0 < capped.resolved_share < 1
    assert capped.table["selected_frequency"].sum() == pytest.approx(2.0)
    ranks_only = calc_weight_sensitivity(
        inp, n_draws=300, concentration=2.0, seed=1, resolve=False, top_k=2
    )
    assert ranks_only.n_solves == 0 and ranks_only.table["selected_frequency"].isna().all()
    pd.testing.assert_series_equal(ranks_only.table["mean_rank"], capped.table["mean_rank"])


def test_weight_sensitivity_needs_weighted_sum() -> None:
    inp = weighted_inputs()
    bad = inp.with_scores(inp.score.mul(2.0))
    with pytest.raises(ScenarioError, match=r"weighted-sum score.*for C\d\d the score"):
        calc_weight_sensitivity(bad, n_draws=10)
    plain = SelectionInputs(("A",), pd.Series({"A": 1.0}))
    with pytest.raises(ScenarioError, match="needs criteria and weights"):
        calc_weight_sensitivity(plain, n_draws=10)


def test_moved_names_are_still_importable_from_robustness() -> None:
    # the scenario runner imports the parameter-variant names from here
    from chainmap.select import data_sensitivity, robustness, variants

    assert robustness.summarise_variants is variants.summarise_variants
    assert robustness.Variant is variants.Variant
    assert robustness.ParameterSensitivity is variants.ParameterSensitivity
    assert robustness.calc_data_sensitivity is data_sensitivity.calc_data_sensitivity
    assert robustness.perturb_flows is data_sensitivity.perturb_flows
