"""Network measures of the industry graph, computed by linear algebra on the full flows.

The weighted adjacency matrix is the intermediate-flow matrix ``W = Z`` oriented as
the graph of :func:`chainmap.graph.linkage_graph.build_linkage_graph`: an edge i → j means that
supplier i sells to buyer j, with weight z_ij. Every measure here uses the *full*
matrix; display thresholds never change them (see :func:`threshold_sensitivity`
in :mod:`chainmap.graph.sensitivity` for how much a thresholded network would distort
the rankings).

* PageRank: one linear solve that reproduces :func:`networkx.pagerank`
  (:mod:`chainmap.graph.flow_measures`, re-exported here).
* Random-walk centrality and counting betweenness (Blöchl et al. 2011): one
  fundamental-matrix factorisation for all mean first-passage times, O(n³) once
  (:mod:`chainmap.graph.randomwalk`, re-exported here).
* Upstreamness and downstreamness (Antràs et al. 2012; Miller & Temurshoev 2017),
  also in :mod:`chainmap.graph.flow_measures`.
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

from chainmap.graph.flow_measures import (
    DEFAULT_ALPHA,
    calc_downstreamness,
    calc_pagerank,
    calc_upstreamness,
    calc_upstreamness_open,
)
from chainmap.graph.randomwalk import (
    DEFAULT_TELEPORT,
    RandomWalk,
    calc_counting_betweenness,
    calc_random_walk,
    calc_random_walk_centrality,
    check_weights,
    is_strongly_connected,
)
from chainmap.graph.sensitivity import DEFAULT_THRESHOLDS, threshold_sensitivity
from chainmap.io.table import IOTable
from chainmap.iomath import Array

__all__ = [
    "DEFAULT_ALPHA",
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

#: Above this many sectors, communities are found on a top-k backbone (see calc_communities).
FULL_COMMUNITY_LIMIT = 400
#: Links per sector (strongest suppliers and buyers) kept in that backbone.
BACKBONE_K = 3
#: Louvain stops when a level gains less modularity than this (networkx's default is
#: 1e-7). Same clusters on every NBS table 2002–2020; half the time on an n = 2000 backbone.
LOUVAIN_THRESHOLD = 1e-4


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
