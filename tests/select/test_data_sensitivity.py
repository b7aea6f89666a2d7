"""Tests of the data sensitivity and of the ranks it shares with the weight sensitivity."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from chainmap.errors import ScenarioError
from chainmap.select.data_sensitivity import calc_data_sensitivity, perturb_flows
from chainmap.select.ranks import calc_ranks


def test_calc_ranks_matches_ordinal_ranks() -> None:
    rng = np.random.default_rng(1)
    s = rng.integers(0, 5, (30, 7)).astype(float)  # many ties
    ranks = calc_ranks(s)
    for d in range(s.shape[1]):
        np.testing.assert_array_equal(ranks[:, d], stats.rankdata(-s[:, d], method="ordinal"))


def test_perturb_flows_moments() -> None:
    z = np.ones((300, 300))
    z[0, :] = 0.0
    z[1, :] = -2.0
    out = perturb_flows(z, 0.2, np.random.default_rng(4))
    body = out[2:]
    assert body.mean() == pytest.approx(1.0, abs=0.005)  # mean-preserving
    assert body.std() == pytest.approx(0.2, abs=0.005)  # coefficient of variation = e
    assert np.all(out[0] == 0.0) and np.all(out[1] < 0)
    np.testing.assert_array_equal(out, perturb_flows(z, 0.2, np.random.default_rng(4)))
    np.testing.assert_array_equal(perturb_flows(z, 0.0, np.random.default_rng(4)), z)
    with pytest.raises(ScenarioError, match="relative_error"):
        perturb_flows(z, -0.1, np.random.default_rng(0))


def test_data_sensitivity_known_statistics() -> None:
    base = pd.Series({"a": 4.0, "b": 3.0, "c": 2.0, "d": 1.0})
    swapped = pd.Series({"a": 3.0, "b": 4.0, "c": 2.0, "d": 1.0})
    res = calc_data_sensitivity(base, lambda rng: swapped, n_draws=2, top_k=1)
    # One discordant pair of six: τ = (5 − 1) / 6; Spearman 1 − 6 Σd² / (n (n² − 1)) = 1 − 12/60.
    assert res.draws["kendall"].tolist() == pytest.approx([2 / 3, 2 / 3])
    assert res.draws["spearman"].tolist() == pytest.approx([0.8, 0.8])
    assert res.draws["top_k_overlap"].tolist() == [0.0, 0.0]
    assert res.table.loc["b", "top_k_frequency"] == 1.0 and res.table.loc["a", "baseline_rank"] == 1
    rev = calc_data_sensitivity(base, lambda rng: -base, n_draws=1, top_k=2)
    assert rev.summary["kendall_mean"] == pytest.approx(-1.0)


def test_data_sensitivity_draws_are_seeded_and_independent() -> None:
    base = pd.Series(np.arange(10, 0, -1, dtype=float), index=[f"s{k}" for k in range(10)])

    def noisy(rng: np.random.Generator) -> pd.Series:
        return base * np.exp(0.3 * rng.standard_normal(len(base)))

    a = calc_data_sensitivity(base, noisy, n_draws=20, seed=9, top_k=3)
    b = calc_data_sensitivity(base, noisy, n_draws=20, seed=9, top_k=3)
    pd.testing.assert_frame_equal(a.draws, b.draws)
    assert a.draws["kendall"].nunique() > 1  # draws differ from each other
    assert (
        -1
        <= a.summary["kendall_low"]
        <= a.summary["kendall_mean"]
        <= a.summary["kendall_high"]
        <= 1
    )
    with pytest.raises(ScenarioError, match="other codes"):
        calc_data_sensitivity(base, lambda rng: base.iloc[:5], n_draws=1, top_k=3)
