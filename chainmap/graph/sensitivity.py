"""How much a thresholded network would distort the rankings of the network measures.

chainmap computes every measure on the full flow matrix; :func:`threshold_sensitivity`
documents what a display threshold would change if measures were computed on the
drawn network instead (formulas.md C.7). Re-exported by :mod:`chainmap.graph.network`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from chainmap.errors import InputDataError
from chainmap.graph.flow_measures import DEFAULT_ALPHA, calc_pagerank
from chainmap.graph.randomwalk import (
    calc_counting_betweenness,
    calc_random_walk,
    calc_random_walk_centrality,
)
from chainmap.io.table import IOTable
from chainmap.iomath import Array

__all__ = ["DEFAULT_THRESHOLDS", "threshold_sensitivity"]


#: Display thresholds on a_ij examined by :func:`threshold_sensitivity` by default.
DEFAULT_THRESHOLDS: tuple[float, ...] = (0.0, 1e-4, 1e-3, 5e-3, 0.01, 0.02, 0.05)
_SENSITIVITY_MEASURES = (
    "pagerank",
    "rwc",
    "counting_betweenness",
    "upstreamness",
    "downstreamness",
)


def _rank_agreement(full: Array, thresholded: Array, top: int) -> tuple[float, float, float]:
    """Spearman's ρ, Kendall's τ and the top-``top`` overlap of two value vectors."""
    from scipy import stats

    if np.ptp(full) == 0 or np.ptp(thresholded) == 0:
        return float("nan"), float("nan"), float("nan")
    rho = float(stats.spearmanr(full, thresholded).statistic)
    tau = float(stats.kendalltau(full, thresholded).statistic)
    k = min(top, full.size)
    best_full = set(np.argsort(-full, kind="stable")[:k].tolist())
    best_thr = set(np.argsort(-thresholded, kind="stable")[:k].tolist())
    return rho, tau, len(best_full & best_thr) / k


def _measures_on(
    W: Array, A: Array, x: Array, alpha: float, teleport: float | None, wanted: tuple[str, ...]
) -> tuple[dict[str, Array], float]:
    """The ``wanted`` measures on flows W and coefficients A, and the teleport used."""
    values: dict[str, Array] = {}
    used = float("nan")
    if "pagerank" in wanted:
        values["pagerank"] = calc_pagerank(W, alpha)
    if {"rwc", "counting_betweenness"} & set(wanted):
        walk = calc_random_walk(W, teleport=teleport)
        used = walk.teleport
        values["rwc"] = calc_random_walk_centrality(walk)
        values["counting_betweenness"] = calc_counting_betweenness(walk)
    if {"upstreamness", "downstreamness"} & set(wanted):
        L = np.linalg.inv(np.eye(A.shape[0]) - A)
        values["downstreamness"] = L.sum(axis=0)
        values["upstreamness"] = (L * (x[None, :] / x[:, None])).sum(axis=1)
    return values, used


def threshold_sensitivity(
    table: IOTable,
    thresholds: tuple[float, ...] = DEFAULT_THRESHOLDS,
    *,
    measures: tuple[str, ...] = _SENSITIVITY_MEASURES,
    top: int = 10,
    alpha: float = DEFAULT_ALPHA,
    teleport: float | None = None,
) -> pd.DataFrame:
    """How rankings would move if measures were computed on a thresholded network.

    For each display threshold τ the network keeps only coefficients a_ij ≥ τ
    (W_τ = Z ∘ 1[a ≥ τ], A_τ likewise); each measure is recomputed on it and compared
    with the full-matrix value by Spearman's ρ, Kendall's τ and the overlap of the
    ``top`` sectors. chainmap itself always reports the full-matrix values; this table
    documents the distortion a thresholded drawing would imply (formulas.md C.7).

    Returns
    -------
    DataFrame
        One row per (threshold, measure): ``edges_kept``, ``edge_share``,
        ``flow_share``, ``spearman``, ``kendall``, ``top_overlap``, ``teleport``.
    """
    unknown = sorted(set(measures) - set(_SENSITIVITY_MEASURES))
    if unknown:
        msg = f"unknown measures {unknown}; choose from {list(_SENSITIVITY_MEASURES)}"
        raise InputDataError(msg)
    Z, A, x = table.z, table.a, table.x
    nonzero = Z > 0
    full, _ = _measures_on(Z, A, x, alpha, teleport, measures)
    rows = []
    for tau in thresholds:
        keep = nonzero & (tau <= A)
        values, used = _measures_on(Z * keep, A * keep, x, alpha, teleport, measures)
        for name in measures:
            rho, kendall, overlap = _rank_agreement(full[name], values[name], top)
            rows.append(
                {
                    "threshold": float(tau),
                    "measure": name,
                    "edges_kept": int(keep.sum()),
                    "edge_share": float(keep.sum() / max(nonzero.sum(), 1)),
                    "flow_share": float((Z * keep).sum() / Z.sum()),
                    "spearman": rho,
                    "kendall": kendall,
                    "top_overlap": overlap,
                    "teleport": used,
                }
            )
    df = pd.DataFrame(rows)
    df.attrs["title"] = "Rank agreement of thresholded vs full-matrix network measures"
    df.attrs["top"] = top
    return df
