"""Criterion weights chosen by leave-one-province-out (LOPO) backtest.

The method's total score is linear in the criterion weights: ``s = C w`` with C the
n × 5 matrix of criterion scores of a prediction (weighted sum, manual weights scaled
to sum 1). So every weight vector of a grid is scored on every case from the stored
predictions, without re-running the method.

* **Grid**: the simplex of the four criteria the backtest informs (driving effect,
  industrial base, development stage, market size) in steps of ``step``; policy
  support is 0 for every industry in the backtest (no plan documents for past years),
  so its weight cannot be fitted and is held at its current default share.
* **Objective** (declared before looking at results): the mean over training cases of
  ``(ρ_abs + ρ_share) / 2``, Spearman ρ of the score with the absolute output increase
  and with the change in output share (:mod:`chainmap.backtest.evaluate`): size must
  not be lost, and the score should also say which industries gain weight.
* **LOPO**: for each province p, the weights are fitted on the cases of every other
  province (:func:`lopo_splits`; p's rows never reach :func:`fit_weights`), then
  evaluated on p's cases by re-running the whole method with them (so the chosen
  leading set is the MILP's under those weights).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.stats import rankdata

from chainmap.backtest.archive import Archive
from chainmap.backtest.evaluate import outcomes
from chainmap.backtest.predict import Prediction
from chainmap.criteria.options import CRITERIA, DEFAULT_WEIGHTS

#: Criteria whose weights the backtest can inform (policy is 0 for all in past years).
FITTED: tuple[str, ...] = CRITERIA[:4]


def weight_grid(step: float = 0.05) -> np.ndarray:
    """Rows = weight vectors over :data:`CRITERIA` (policy 0) on the simplex of :data:`FITTED`.

    Examples
    --------
    >>> weight_grid(0.5).tolist()[:3]
    [[0.0, 0.0, 0.0, 1.0, 0.0], [0.0, 0.0, 0.5, 0.5, 0.0], [0.0, 0.0, 1.0, 0.0, 0.0]]
    """
    units = round(1 / step)
    rows = []
    for combo in itertools.product(range(units + 1), repeat=len(FITTED) - 1):
        last = units - sum(combo)
        if last >= 0:
            rows.append([*combo, last, 0])
    return np.asarray(rows, dtype=float) / units


def _rank_corr(scores: np.ndarray, outcome: np.ndarray) -> np.ndarray:
    """Spearman ρ of every column of ``scores`` (n × G) with ``outcome`` (n)."""
    rs = rankdata(scores, axis=0)
    ry = rankdata(outcome)
    rs = rs - rs.mean(axis=0)
    ry = ry - ry.mean()
    den = np.sqrt((rs * rs).sum(axis=0) * (ry * ry).sum())
    with np.errstate(divide="ignore", invalid="ignore"):
        rho = (rs * ry[:, None]).sum(axis=0) / den
    return np.asarray(np.where(den > 0, rho, 0.0))


@dataclass(frozen=True)
class CaseMatrix:
    """Objective of every grid point on every case.

    Attributes
    ----------
    cases : DataFrame
        ``region, base, target`` per row.
    objective : (cases × G) array
        ``(ρ_abs + ρ_share) / 2`` of each weight vector on each case.
    grid : (G × 5) array
    """

    cases: pd.DataFrame
    objective: np.ndarray
    grid: np.ndarray


def case_matrix(
    predictions: Sequence[Prediction],
    archive: Archive,
    targets: Mapping[tuple[str, int], Sequence[int]],
    grid: np.ndarray,
) -> CaseMatrix:
    """Score every grid point on every (prediction, target) case."""
    rows, values = [], []
    for pred in predictions:
        crit = pred.criteria.reindex(columns=list(CRITERIA)).fillna(0.0).to_numpy(dtype=float)
        scores = crit @ grid.T
        for target in targets[(pred.region, pred.year)]:
            out = outcomes(archive, pred.region, pred.year, target, pred.score.index)
            rho_abs = _rank_corr(scores, out["abs_increase"].to_numpy(dtype=float))
            rho_share = _rank_corr(scores, out["share_change"].to_numpy(dtype=float))
            rows.append((pred.region, pred.year, target))
            values.append((rho_abs + rho_share) / 2)
    cases = pd.DataFrame(rows, columns=["region", "base", "target"])
    return CaseMatrix(cases, np.vstack(values), grid)


def best_column(matrix: CaseMatrix, regions: Sequence[str]) -> int:
    """Column of ``matrix.objective`` with the best mean over the cases of ``regions``.

    The first such column on ties (grid order).
    """
    mask = matrix.cases["region"].isin(list(regions)).to_numpy()
    mean = matrix.objective[mask].mean(axis=0)
    return int(np.argmax(mean))


def fit_weights(matrix: CaseMatrix, regions: Sequence[str]) -> np.ndarray:
    """Grid vector with the best mean objective over the cases of ``regions`` (first on ties)."""
    return np.asarray(matrix.grid[best_column(matrix, regions)])


def lopo_splits(regions: Sequence[str]) -> Iterator[tuple[str, list[str]]]:
    """``(held_out, training regions)`` for every region; the held-out one never trains."""
    ordered = sorted(set(regions))
    for held in ordered:
        yield held, [r for r in ordered if r != held]


def lopo_weights(matrix: CaseMatrix) -> dict[str, np.ndarray]:
    """Fitted weights per held-out region (each fitted without that region's cases)."""
    regions = list(matrix.cases["region"])
    return {held: fit_weights(matrix, train) for held, train in lopo_splits(regions)}


def as_default_weights(vector: np.ndarray) -> dict[str, float]:
    """Fitted vector → full criterion weights: the fitted four share ``1 − w_policy``.

    ``w_policy`` keeps its current default, since the backtest cannot inform it.
    """
    policy = DEFAULT_WEIGHTS["policy_support"]
    fitted = vector[: len(FITTED)]
    total = fitted.sum() or 1.0
    out = {
        c: round(float(v / total * (1 - policy)), 4) for c, v in zip(FITTED, fitted, strict=True)
    }
    out["policy_support"] = policy
    return out


def equal_weights() -> dict[str, float]:
    """The report's equal weights (1/5 each)."""
    return dict.fromkeys(CRITERIA, 0.2)
