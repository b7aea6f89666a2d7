"""Leave-one-province-out never uses the held-out province."""

from __future__ import annotations

import numpy as np
import pandas as pd

from chainmap.backtest.calibrate import (
    CaseMatrix,
    as_default_weights,
    fit_weights,
    lopo_splits,
    lopo_weights,
    weight_grid,
)


def _matrix(objective: np.ndarray) -> CaseMatrix:
    cases = pd.DataFrame(
        {"region": ["p", "p", "q", "r"], "base": [2002, 2007, 2002, 2002], "target": 2017}
    )
    return CaseMatrix(cases, objective, weight_grid(0.5))


def test_splits_exclude_held_out() -> None:
    for held, train in lopo_splits(["b", "a", "c", "a"]):
        assert held not in train
        assert sorted({held, *train}) == ["a", "b", "c"]


def test_held_out_rows_cannot_change_its_fold() -> None:
    rng = np.random.default_rng(0)
    grid_size = len(weight_grid(0.5))
    base = rng.uniform(-1, 1, (4, grid_size))
    changed = base.copy()
    changed[:2] = rng.uniform(-1, 1, (2, grid_size)) * 100  # p's cases only
    w0, w1 = lopo_weights(_matrix(base)), lopo_weights(_matrix(changed))
    np.testing.assert_array_equal(w0["p"], w1["p"])
    # q's fold trains on p, so it may change; the fit is the best mean over its rows
    m = _matrix(changed)
    best = changed[[0, 1, 3]].mean(axis=0).argmax()
    np.testing.assert_array_equal(fit_weights(m, ["p", "r"]), m.grid[best])


def test_default_weights_keep_policy_share() -> None:
    w = as_default_weights(np.array([0.5, 0.5, 0.0, 0.0, 0.0]))
    assert w["policy_support"] == 0.15
    assert sum(w.values()) == 1.0
    assert w["driving_effect"] == w["industrial_base"] == 0.425
