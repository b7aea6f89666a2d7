"""Rank stability of the scores when the table's data are perturbed (数据敏感性).

The runner builds the perturbed tables (e.g. with :func:`perturb_flows`) and scores
them; this module draws, ranks and summarises.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from chainmap.errors import ScenarioError
from chainmap.select.ranks import Progress, calc_ranks, rank_table

__all__ = ["DataSensitivity", "calc_data_sensitivity", "perturb_flows"]


def perturb_flows(flows: np.ndarray, relative_error: float, rng: np.random.Generator) -> np.ndarray:
    """Multiply every flow by mean-one lognormal noise with coefficient of variation e.

    Z̃_ij = Z_ij · exp(σ ε_ij − σ²/2), ε_ij ~ N(0, 1), σ² = ln(1 + e²), so
    E[Z̃_ij] = Z_ij and sd(Z̃_ij) = e · |Z_ij|. Zeros stay zero, signs are kept.

    Examples
    --------
    >>> z = np.array([[150.0, 500.0], [200.0, 0.0]])
    >>> out = perturb_flows(z, 0.1, np.random.default_rng(0))
    >>> bool(out[1, 1] == 0.0), bool(np.all(np.abs(out / np.where(z, z, 1) - 1)[z > 0] < 0.5))
    (True, True)
    """
    if not (math.isfinite(relative_error) and relative_error >= 0):
        msg = f"relative_error: expected a finite number ≥ 0, got {relative_error!r}"
        raise ScenarioError(msg)
    flows = np.asarray(flows, dtype=float)
    if not np.all(np.isfinite(flows)):
        msg = "flows: NaN or infinite values cannot be perturbed"
        raise ScenarioError(msg)
    sigma = math.sqrt(math.log1p(relative_error**2))
    return flows * np.exp(sigma * rng.standard_normal(flows.shape) - sigma**2 / 2)


@dataclass(frozen=True)
class DataSensitivity:
    """Result of :func:`calc_data_sensitivity`.

    Attributes
    ----------
    table : pd.DataFrame
        Per industry: ``baseline_rank``, ``mean_rank``, ``rank_low``, ``rank_high``,
        ``top_k_frequency``.
    draws : pd.DataFrame
        Per draw: ``kendall`` (τ-b) and ``spearman`` vs the baseline scores,
        ``top_k_overlap`` (share of the baseline top-K still in the top K).
    summary : dict
        Means and the ``quantiles`` of the three per-draw statistics.
    """

    table: pd.DataFrame
    draws: pd.DataFrame
    summary: dict[str, float]
    n_draws: int
    seed: int
    top_k: int


def calc_data_sensitivity(
    baseline: pd.Series,
    score_draw: Callable[[np.random.Generator], pd.Series],
    *,
    n_draws: int = 100,
    seed: int = 0,
    top_k: int = 5,
    quantiles: tuple[float, float] = (0.05, 0.95),
    progress: Progress | None = None,
) -> DataSensitivity:
    """Rank stability of the scores when the data are perturbed.

    Each draw d calls ``score_draw(rng_d)`` with an independent generator spawned
    from ``seed`` (the runner perturbs the table, e.g. with :func:`perturb_flows`,
    and recomputes the scores) and compares the result with ``baseline``.

    Parameters
    ----------
    baseline : pd.Series
        Unperturbed scores, indexed by industry code.
    score_draw : callable(Generator) -> pd.Series
        Scores of one perturbed table; same codes as ``baseline``.
    n_draws, seed, top_k, quantiles, progress : settings as in :func:`calc_weight_sensitivity`.

    Returns
    -------
    DataSensitivity

    Examples
    --------
    >>> base = pd.Series({"a": 3.0, "b": 2.0, "c": 1.0})
    >>> res = calc_data_sensitivity(base, lambda rng: base * 1.0, n_draws=3, top_k=1)
    >>> res.summary["kendall_mean"], res.table["top_k_frequency"].tolist()
    (1.0, [1.0, 0.0, 0.0])
    """
    if not isinstance(n_draws, int) or n_draws < 1 or not 1 <= top_k <= len(baseline):
        msg = f"n_draws/top_k: need n_draws ≥ 1 and 1 ≤ top_k ≤ {len(baseline)}"
        raise ScenarioError(msg)
    codes = sorted(str(c) for c in baseline.index)
    base = baseline.set_axis([str(c) for c in baseline.index]).reindex(codes).to_numpy(dtype=float)
    scores = np.empty((len(codes), n_draws))
    children = np.random.SeedSequence(seed).spawn(n_draws)
    for d, child in enumerate(children):
        s = score_draw(np.random.default_rng(child))
        s = s.set_axis([str(c) for c in s.index])
        if set(s.index) != set(codes) or not np.all(np.isfinite(s.to_numpy(dtype=float))):
            msg = f"score_draw: draw {d} returned scores with other codes or NaN values"
            raise ScenarioError(msg)
        scores[:, d] = s.reindex(codes).to_numpy(dtype=float)
        if progress is not None:
            progress(d + 1, n_draws)
    ranks = calc_ranks(scores)
    base_ranks = calc_ranks(base[:, None])[:, 0]
    table = rank_table(codes, ranks, base_ranks, top_k, quantiles)
    base_top = base_ranks <= top_k
    per_draw = pd.DataFrame(
        {
            "kendall": [stats.kendalltau(base, scores[:, d]).statistic for d in range(n_draws)],
            "spearman": [stats.spearmanr(base, scores[:, d]).statistic for d in range(n_draws)],
            "top_k_overlap": ((ranks <= top_k) & base_top[:, None]).sum(axis=0) / top_k,
        }
    )
    summary: dict[str, float] = {}
    for col in per_draw.columns:
        lo, hi = np.quantile(per_draw[col], quantiles)
        summary.update(
            {
                f"{col}_mean": float(per_draw[col].mean()),
                f"{col}_low": float(lo),
                f"{col}_high": float(hi),
            }
        )
    return DataSensitivity(table, per_draw, summary, n_draws, seed, top_k)
