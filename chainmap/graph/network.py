"""Network measures of the industry graph, computed by linear algebra on the full flows.

The weighted adjacency matrix is the intermediate-flow matrix ``W = Z`` oriented as
the graph of :func:`chainmap.graph.linkage_graph.build_linkage_graph`: an edge i → j means that
supplier i sells to buyer j, with weight z_ij. Every measure here uses the *full*
matrix; display thresholds never change them (see :func:`threshold_sensitivity`
for how much a thresholded network would distort the rankings).

* PageRank: one linear solve that reproduces :func:`networkx.pagerank`.
* Random-walk centrality and counting betweenness (Blöchl et al. 2011): one
  fundamental-matrix factorisation for all mean first-passage times, O(n³) once
  (:mod:`chainmap.graph.randomwalk`, re-exported here).
* Upstreamness and downstreamness (Antràs et al. 2012; Miller & Temurshoev 2017).
* Industrial clusters: networkx's Louvain communities, seeded.

References
----------
Blöchl F., Theis F. J., Vega-Redondo F., Fisher E. O'N. (2011). Vertex centralities in
input-output networks reveal the structure of modern economies. Phys. Rev. E 83, 046127.
Kemeny J. G., Snell J. L. (1960). Finite Markov Chains. Van Nostrand.
Antràs P., Chor D., Fally T., Hillberry R. (2012). Measuring the upstreamness of
production and trade flows. Am. Econ. Rev. P&P 102(3), 412-416.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import networkx as nx
import numpy as np
import pandas as pd
import scipy.linalg

from chainmap.errors import InputDataError
from chainmap.graph.randomwalk import (
    DEFAULT_TELEPORT,
    RandomWalk,
    calc_counting_betweenness,
    calc_random_walk,
    calc_random_walk_centrality,
    check_weights,
    is_strongly_connected,
    transition_matrix,
)
from chainmap.io.table import IOTable
from chainmap.iomath import Array

__all__ = [
    "DEFAULT_TELEPORT",
    "DEFAULT_THRESHOLDS",
    "RandomWalk",
    "calc_communities",
    "calc_counting_betweenness",
    "calc_downstreamness",
    "calc_pagerank",
    "calc_random_walk",
    "calc_random_walk_centrality",
    "calc_upstreamness",
    "calc_upstreamness_open",
    "is_strongly_connected",
    "network_measures",
    "threshold_sensitivity",
]

#: PageRank damping factor (networkx's default).
DEFAULT_ALPHA = 0.85
#: Above this many sectors, communities are found on a top-k backbone (see calc_communities).
FULL_COMMUNITY_LIMIT = 400
#: Links per sector (strongest suppliers and buyers) kept in that backbone.
BACKBONE_K = 3
#: Louvain stops when a level gains less modularity than this (networkx's default is
#: 1e-7). Same clusters on every NBS table 2002–2020; half the time on an n = 2000 backbone.
LOUVAIN_THRESHOLD = 1e-4


def calc_pagerank(W: Array, alpha: float = DEFAULT_ALPHA) -> Array:
    """PageRank of the weighted digraph W (edge i → j with weight W_ij) by one solve.

    With P = D⁻¹W row-normalised (dangling rows, with no out-weight, replaced by the
    uniform row 1/n, as networkx does), PageRank is the solution of

        π = α Pᵀ π + (1 − α)/n · 1   ⇔   (I − α Pᵀ) π = (1 − α)/n · 1,

    which sums to one. With W = Z the rank flows from suppliers to their buyers in
    proportion to sales shares, so a high PageRank marks an industry that absorbs
    intermediate goods from highly ranked suppliers. Pass ``W.T`` for the opposite
    orientation. Equals ``nx.pagerank(nx.from_numpy_array(W, create_using=nx.DiGraph))``
    up to networkx's own stopping error: it stops when the L1 change falls below n·tol,
    which with the default tol = 1e-6 leaves errors near 1e-4 on a 153-sector table
    (tol = 1e-10 agrees with this solve to 1e-7).

    Examples
    --------
    >>> calc_pagerank(np.array([[150.0, 500.0], [200.0, 100.0]])).round(6)
    array([0.468195, 0.531805])
    """
    P = transition_matrix(check_weights(W))
    n = P.shape[0]
    P *= -alpha
    P.flat[:: n + 1] += 1.0  # I − αP, in place
    # factor (I − αP)ᵀ through its Fortran-ordered view: no transposed copy
    lu = scipy.linalg.lu_factor(P.T, overwrite_a=True, check_finite=False)
    pi = scipy.linalg.lu_solve(lu, np.full(n, (1.0 - alpha) / n), check_finite=False)
    return np.asarray(pi / pi.sum(), dtype=float)


def calc_upstreamness(G: Array) -> Array:
    """Antràs upstreamness U = (I − B)⁻¹ i = G i, the row sums of the Ghosh inverse.

    U_i = 1 when sector i sells only to final demand; larger values mean more
    production stages between i and final use.

    Examples
    --------
    >>> from chainmap.io.examples import miller_blair_2x2
    >>> calc_upstreamness(miller_blair_2x2().g).round(6)
    array([1.914191, 1.254125])
    """
    return np.asarray(np.asarray(G, dtype=float).sum(axis=1), dtype=float)


def calc_downstreamness(L: Array) -> Array:
    """Downstreamness D = i′(I − A)⁻¹ = i′L, the column sums of L (output multipliers).

    Examples
    --------
    >>> from chainmap.io.examples import miller_blair_2x2
    >>> calc_downstreamness(miller_blair_2x2().l).round(6)
    array([1.518152, 1.452145])
    """
    return np.asarray(np.asarray(L, dtype=float).sum(axis=0), dtype=float)


def calc_upstreamness_open(
    Z: Array, x: Array, exports: Array, imports: Array, inventory_change: Array
) -> Array:
    """Open-economy upstreamness (Antràs et al. 2012): U = (I − Δ)⁻¹ 1.

    δ_ij = z_ij / (x_i − e_i + m_i − n_i): the share of j in the *domestic use* of good i
    (output less exports and inventory change, plus imports), assuming exports,
    imports and inventories are used like domestic absorption. ``imports`` are positive
    amounts; a non-competitive table has no imports in its domestic Z, so pass zeros.

    Raises
    ------
    InputDataError
        A sector's domestic use x − e + m − n is not positive.

    Examples
    --------
    >>> Z = np.array([[150.0, 500.0], [200.0, 100.0]])
    >>> x, zero = np.array([1000.0, 2000.0]), np.zeros(2)
    >>> calc_upstreamness_open(Z, x, zero, zero, zero).round(6)  # closed economy: G i
    array([1.914191, 1.254125])
    """
    Z = np.asarray(Z, dtype=float)
    use = np.asarray(x, dtype=float) - exports + imports - inventory_change
    if (use <= 0).any():
        bad = ", ".join(str(i) for i in np.flatnonzero(use <= 0))
        msg = f"domestic use x - exports + imports - inventory change <= 0 at rows {bad}"
        raise InputDataError(msg)
    n = Z.shape[0]
    system = Z / -use[:, None]  # −Δ
    system.flat[:: n + 1] += 1.0
    # factor (I − Δ)ᵀ through its Fortran-ordered view and solve with trans=1
    lu = scipy.linalg.lu_factor(system.T, overwrite_a=True, check_finite=False)
    return np.asarray(scipy.linalg.lu_solve(lu, np.ones(n), trans=1, check_finite=False))


def _backbone(W: Array, k: int) -> Array:
    """Keep each node's k strongest out- and in-links (union; ties kept), zero elsewhere."""
    k = min(k, W.shape[0])
    row_kth = -np.partition(-W, k - 1, axis=1)[:, k - 1]
    col_kth = -np.partition(-W, k - 1, axis=0)[k - 1, :]
    keep = (row_kth[:, None] <= W) | (col_kth[None, :] <= W)
    return np.where(keep & (W > 0), W, 0.0)


def calc_communities(
    W: Array,
    *,
    seed: int = 0,
    resolution: float = 1.0,
    backbone_k: int | None = None,
    threshold: float = LOUVAIN_THRESHOLD,
) -> tuple[Array, str]:
    """Industrial clusters by networkx's Louvain algorithm, seeded (deterministic).

    Clusters are found on the undirected inter-industry network w_ij = z_ij + z_ji
    (i ≠ j; own-use flows always lie inside a cluster, so they are left out). Tables
    with more than :data:`FULL_COMMUNITY_LIMIT` sectors use a backbone of each sector's
    ``backbone_k`` strongest suppliers and buyers, because Louvain on a dense graph
    of thousands of nodes takes minutes in networkx. Labels are numbered by cluster
    size (largest first; ties by first member). ``threshold`` is Louvain's minimum
    modularity gain per level (:data:`LOUVAIN_THRESHOLD`).

    Returns
    -------
    labels : (n,) int array
    basis : str
        "full" or "top-k backbone", for the record.
    """
    W = check_weights(W)
    n = W.shape[0]
    sym = W + W.T
    np.fill_diagonal(sym, 0.0)
    if backbone_k is None and n > FULL_COMMUNITY_LIMIT:
        backbone_k = BACKBONE_K
    basis = "full"
    if backbone_k is not None:
        sym = _backbone(sym, backbone_k)
        sym = np.maximum(sym, sym.T)
        basis = f"top-{backbone_k} backbone"
    graph = nx.Graph()
    graph.add_nodes_from(range(n))
    rows, cols = np.nonzero(np.triu(sym, k=1))
    graph.add_weighted_edges_from(
        zip(rows.tolist(), cols.tolist(), sym[rows, cols].tolist(), strict=True)
    )
    parts = nx.community.louvain_communities(
        graph, weight="weight", resolution=resolution, threshold=threshold, seed=seed
    )
    ordered = sorted((sorted(p) for p in parts), key=lambda p: (-len(p), p[0]))
    labels = np.empty(n, dtype=int)
    for label, members in enumerate(ordered):
        labels[members] = label
    return labels, basis


def _final_column(table: IOTable, name: str) -> Array:
    fd = table.final_demand
    if name in fd.columns:
        return np.asarray(fd[name].to_numpy(dtype=float), dtype=float)
    return np.zeros(table.n)


def network_measures(
    table: IOTable,
    *,
    alpha: float = DEFAULT_ALPHA,
    teleport: float | None = None,
    seed: int = 0,
    resolution: float = 1.0,
    backbone_k: int | None = None,
    communities: bool = True,
) -> pd.DataFrame:
    """Every network measure of a table, on the full flow matrix Z.

    Columns: ``pagerank`` (supplier → buyer orientation, :func:`calc_pagerank`),
    ``rwc`` and ``counting_betweenness`` (:func:`calc_random_walk`), ``upstreamness``
    (G i), ``upstreamness_open`` (open-economy variant with the table's exports, imports
    and inventory change), ``downstreamness`` (i′L) and ``community`` (Louvain label).
    ``df.attrs`` records the damping factor, the teleport used and the community basis.

    Examples
    --------
    >>> from chainmap.io.examples import miller_blair_2x2
    >>> m = network_measures(miller_blair_2x2())
    >>> m["upstreamness"].round(6).tolist(), m["downstreamness"].round(6).tolist()
    ([1.914191, 1.254125], [1.518152, 1.452145])
    """
    W = table.z
    with ThreadPoolExecutor(max_workers=1) as pool:
        # Louvain is pure Python and holds the GIL while the factorisations below run in
        # LAPACK, which releases it: on two or more cores the two overlap. The labels are
        # the same as in a serial run (Louvain is seeded and reads only W).
        clusters = (
            pool.submit(
                calc_communities, W, seed=seed, resolution=resolution, backbone_k=backbone_k
            )
            if communities
            else None
        )
        df, used = _linear_measures(table, alpha, teleport)
        df.attrs["pagerank_alpha"] = alpha
        df.attrs["rw_teleport"] = used
        if clusters is not None:
            attach_communities(df, *clusters.result(), seed=seed)
    return df


def attach_communities(df: pd.DataFrame, labels: Array, basis: str, *, seed: int) -> None:
    """Add :func:`calc_communities` output to a measures frame (column and attrs)."""
    df["community"] = labels
    df.attrs["community_basis"] = basis
    df.attrs["community_seed"] = seed


def _linear_measures(
    table: IOTable, alpha: float, teleport: float | None
) -> tuple[pd.DataFrame, float]:
    """The linear-algebra measures of :func:`network_measures` and the teleport used."""
    W = table.z
    walk = calc_random_walk(W, teleport=teleport)
    imports = -_final_column(table, "imports")  # stored as a negative column
    df = pd.DataFrame(
        {
            "pagerank": calc_pagerank(W, alpha),
            "rwc": calc_random_walk_centrality(walk),
            "counting_betweenness": calc_counting_betweenness(walk),
            "upstreamness": calc_upstreamness(table.g),
            "upstreamness_open": calc_upstreamness_open(
                W,
                table.x,
                _final_column(table, "exports"),
                imports,
                _final_column(table, "inventory_change"),
            ),
            "downstreamness": calc_downstreamness(table.l),
        },
        index=table.codes,
    )
    return df, walk.teleport


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
