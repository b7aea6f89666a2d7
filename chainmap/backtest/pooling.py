"""Pooled figures with province-bootstrap confidence intervals.

A pooled figure is the mean of a metric over cases (region × base year × target year).
Cases of one province share its economy, so the bootstrap resamples **provinces** with
replacement (a cluster bootstrap): with P provinces, draw b gives each province a
multiplicity w_bp ~ Multinomial(P, 1/P), and the pooled mean of draw b is

    m_b = Σ_p w_bp S_p / Σ_p w_bp N_p

with S_p, N_p the sum and count of the metric over province p's cases. The interval
is the (α/2, 1 − α/2) percentile of m_b. The seed is fixed, so figures are repeatable.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from chainmap.backtest.evaluate import METRICS

#: Bootstrap draws and seed used by default.
N_BOOT = 1000
SEED = 20251123


def pool(
    results: pd.DataFrame,
    by: Sequence[str] = ("ranker",),
    *,
    metrics: Sequence[str] = METRICS,
    n_boot: int = N_BOOT,
    seed: int = SEED,
    level: float = 0.95,
) -> pd.DataFrame:
    """Mean of each metric per group with its province-bootstrap interval.

    Returns
    -------
    DataFrame indexed by ``by`` with ``<metric>``, ``<metric>_lo``, ``<metric>_hi``,
    ``cases`` and ``regions``.
    """
    regions = sorted(results["region"].unique())
    rng = np.random.default_rng(seed)
    weights = rng.multinomial(len(regions), np.full(len(regions), 1 / len(regions)), n_boot)
    alpha = (1 - level) / 2
    rows = []
    for key, group in results.groupby(list(by), sort=True):
        row: dict[str, object] = dict(
            zip(by, key if isinstance(key, tuple) else (key,), strict=True)
        )
        row["cases"] = len(group)
        row["regions"] = group["region"].nunique()
        for metric in metrics:
            valid = group.dropna(subset=[metric])
            sums = valid.groupby("region")[metric].sum().reindex(regions, fill_value=0.0)
            counts = valid.groupby("region")[metric].count().reindex(regions, fill_value=0)
            total = counts.sum()
            row[metric] = float(sums.sum() / total) if total else float("nan")
            num = weights @ sums.to_numpy(dtype=float)
            den = weights @ counts.to_numpy(dtype=float)
            draws = num[den > 0] / den[den > 0]
            lo, hi = np.quantile(draws, [alpha, 1 - alpha]) if draws.size else (np.nan, np.nan)
            row[f"{metric}_lo"], row[f"{metric}_hi"] = float(lo), float(hi)
        rows.append(row)
    return pd.DataFrame(rows).set_index(list(by))
