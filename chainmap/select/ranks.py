"""Ranks of score columns and their spread over draws (排名与排名区间).

Shared by the weight sensitivity (:mod:`chainmap.select.robustness`) and the data
sensitivity (:mod:`chainmap.select.data_sensitivity`). Ranks are 1 for the best score;
ties are broken by row order (the callers sort rows by industry code).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

__all__ = ["Progress", "calc_ranks", "rank_table"]

#: ``progress(done, total)``: called as draws are ranked or solved.
Progress = Callable[[int, int], None]


def calc_ranks(scores: np.ndarray) -> np.ndarray:
    """Rank every column of an (n × D) score matrix; 1 = highest, ties by row order.

    Examples
    --------
    >>> calc_ranks(np.array([[0.2, 0.9], [0.5, 0.1], [0.5, 0.3]])).tolist()
    [[3, 1], [1, 3], [2, 2]]
    """
    order = np.argsort(-scores, axis=0, kind="stable")
    ranks = np.empty(scores.shape, dtype=np.int64)
    positions = np.broadcast_to(np.arange(1, scores.shape[0] + 1)[:, None], scores.shape)
    np.put_along_axis(ranks, order, positions, axis=0)
    return ranks


def rank_table(
    codes: Sequence[str],
    ranks: np.ndarray,
    baseline: np.ndarray,
    top_k: int,
    quantiles: tuple[float, float],
) -> pd.DataFrame:
    """Per industry: baseline, mean and ``quantiles`` of its rank, share of draws in the top K.

    ``ranks`` is (n industries × D draws), ``baseline`` the n baseline ranks.
    """
    low, high = np.quantile(ranks, quantiles, axis=1, method="inverted_cdf")
    table = pd.DataFrame(
        {
            "baseline_rank": baseline,
            "mean_rank": ranks.mean(axis=1),
            "rank_low": low.astype(np.int64),
            "rank_high": high.astype(np.int64),
            "top_k_frequency": (ranks <= top_k).mean(axis=1),
        },
        index=pd.Index(list(codes), name="industry"),
    )
    return table
