"""Network measures: PageRank, random walks, upstreamness, communities, threshold sensitivity."""

from __future__ import annotations

from typing import Any

import networkx as nx
import numpy as np
import pytest
from conftest import need_data

from chainmap.errors import InputDataError
from chainmap.graph import network
from chainmap.graph.network import (
    calc_communities,
    calc_counting_betweenness,
    calc_downstreamness,
    calc_pagerank,
    calc_random_walk,
    calc_random_walk_centrality,
    calc_upstreamness,
    calc_upstreamness_open,
    is_strongly_connected,
    network_measures,
    threshold_sensitivity,
)
from chainmap.io.examples import miller_blair_2x2


def direct_mfpt(W: np.ndarray) -> np.ndarray:
    """H[:, j] = (I − P_{¬j,¬j})⁻¹ 1: one solve per target (the textbook definition)."""
    P = W / W.sum(axis=1, keepdims=True)
    n = P.shape[0]
    H = np.zeros((n, n))
    for j in range(n):
        keep = np.arange(n) != j
        H[keep, j] = np.linalg.solve(np.eye(n - 1) - P[np.ix_(keep, keep)], np.ones(n - 1))
    return H


def direct_counting_betweenness(W: np.ndarray) -> np.ndarray:
    """Blöchl et al.'s definition, one absorbing chain per target, edge passages counted."""
    P = W / W.sum(axis=1, keepdims=True)
    n = P.shape[0]
    total = np.zeros(n)
    for t in range(n):
        keep = np.flatnonzero(np.arange(n) != t)
        N = np.linalg.inv(np.eye(n - 1) - P[np.ix_(keep, keep)])  # visits before absorption
        for a, s in enumerate(keep):
            edges = N[a][:, None] * P[np.ix_(keep, keep)]  # uses of link (i, j), j ≠ t
            for b, i in enumerate(keep):
                passes = (edges[b, :].sum() + edges[:, b].sum()) / 2
                total[i] += passes + (1.0 if i == s else 0.0)
            total[t] += 1.0  # the target is reached once
    return total / (n * (n - 1))


def random_flows(n: int, seed: int, density: float = 0.6) -> np.ndarray:
    rng = np.random.default_rng(seed)
    W = rng.uniform(0.1, 10.0, (n, n)) * (rng.random((n, n)) < density)
    W += np.roll(np.eye(n), 1, axis=1)  # a directed cycle keeps it strongly connected
    return W


# ----- random walks -------------------------------------------------------------------


def test_rwc_matches_direct_mfpt_on_fixture(fixtures: dict[str, Any]) -> None:
    case = fixtures["xtranat_exmpl_matrix"]
    W = np.array(case["W"])
    walk = calc_random_walk(W)
    assert walk.teleport == 0.0
    np.testing.assert_allclose(walk.mfpt, direct_mfpt(W), rtol=1e-10, atol=1e-10)
    rwc = calc_random_walk_centrality(walk)
    np.testing.assert_allclose(rwc, case["rwc_direct"], atol=1e-6)
    # the published package values are wrong at nodes 3, 4, 7, 9, 10 (peers.md §5)
    wrong = np.abs(rwc - np.array(case["rwc_xtranat_0_1_0"])) > 1e-3
    assert np.flatnonzero(wrong).tolist() == [2, 3, 6, 8, 9]


def test_counting_betweenness_matches_definition_and_fixture(fixtures: dict[str, Any]) -> None:
    case = fixtures["xtranat_exmpl_matrix"]
    W = np.array(case["W"])
    cb = calc_counting_betweenness(calc_random_walk(W))
    np.testing.assert_allclose(cb, direct_counting_betweenness(W), rtol=1e-10)
    # xtranat's cbet() does not use its faulty mfpt(), so its values are usable here
    np.testing.assert_allclose(cb, case["cbet_xtranat_0_1_0"], atol=2e-6)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_walk_measures_on_random_networks(seed: int) -> None:
    W = random_flows(7, seed)
    walk = calc_random_walk(W)
    np.testing.assert_allclose(walk.mfpt, direct_mfpt(W), rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(walk.stationary @ walk.transition, walk.stationary, atol=1e-12)
    np.testing.assert_allclose(
        calc_counting_betweenness(walk), direct_counting_betweenness(W), rtol=1e-9
    )


def test_two_node_walk_by_hand() -> None:
    # H_12 = 1/P_12 = 650/500, H_21 = 1/P_21 = 300/200; RWC_1 = 2/H_21, RWC_2 = 2/H_12
    walk = calc_random_walk(np.array([[150.0, 500.0], [200.0, 100.0]]))
    np.testing.assert_allclose(calc_random_walk_centrality(walk), [2 / 1.5, 2 / 1.3])
    # cbet_1 = (visits to 1 from 1 before 2: 1.3, weighted (1 − P_12/2), + 1/2; + 1 as target)/2
    np.testing.assert_allclose(calc_counting_betweenness(walk), [1.15, 1.25])


def test_reducible_network_needs_teleport() -> None:
    W = np.array([[1.0, 2.0, 0.0], [0.0, 1.0, 3.0], [0.0, 0.0, 0.0]])  # a chain, last row empty
    assert not is_strongly_connected(W)
    with pytest.raises(InputDataError, match="teleport"):
        calc_random_walk(W, teleport=0.0)
    walk = calc_random_walk(W)
    assert walk.teleport == network.DEFAULT_TELEPORT
    np.testing.assert_allclose(walk.transition.sum(axis=1), 1.0)
    assert (calc_random_walk_centrality(walk) > 0).all()


def test_strong_connectivity_beyond_the_strongest_links() -> None:
    # the strongest links form two separate cycles; weak links join them
    W = np.array(
        [
            [0.0, 9.0, 0.0, 1.0],
            [9.0, 0.0, 0.0, 0.0],
            [1.0, 0.0, 0.0, 9.0],
            [0.0, 0.0, 9.0, 0.0],
        ]
    )
    assert is_strongly_connected(W)
    W[0, 3] = 0.0
    assert not is_strongly_connected(W)


# ----- PageRank ---------------------------------------------------------------------------


@pytest.mark.parametrize("seed", [4, 5])
def test_pagerank_equals_networkx(seed: int) -> None:
    W = random_flows(12, seed, density=0.3)
    W[3] = 0.0  # a dangling node
    graph = nx.from_numpy_array(W, create_using=nx.DiGraph)
    for alpha in (0.85, 0.6):
        expected = nx.pagerank(graph, alpha=alpha, weight="weight", tol=1e-12, max_iter=1000)
        got = calc_pagerank(W, alpha)
        np.testing.assert_allclose(got, [expected[i] for i in range(12)], atol=1e-9)
    default = nx.pagerank(graph)
    assert np.abs(calc_pagerank(W) - [default[i] for i in range(12)]).max() < 1e-6


def test_pagerank_on_fixture_network(fixtures: dict[str, Any]) -> None:
    W = np.array(fixtures["xtranat_exmpl_matrix"]["W"])
    expected = nx.pagerank(nx.from_numpy_array(W, create_using=nx.DiGraph))
    assert np.abs(calc_pagerank(W) - [expected[i] for i in range(10)]).max() < 1e-6
    assert calc_pagerank(W).sum() == pytest.approx(1.0, abs=1e-14)


# ----- upstreamness and downstreamness ------------------------------------------------------


def test_upstreamness_and_downstreamness_miller_blair() -> None:
    t = miller_blair_2x2()
    U = calc_upstreamness(t.g)
    np.testing.assert_allclose(U, [1.914191, 1.254125], atol=1e-6)
    np.testing.assert_allclose(U, np.linalg.solve(np.eye(2) - t.b, np.ones(2)), rtol=1e-12)
    np.testing.assert_allclose(calc_downstreamness(t.l), [1.518152, 1.452145], atol=1e-6)
    np.testing.assert_allclose(
        calc_downstreamness(t.l), np.linalg.solve((np.eye(2) - t.a).T, np.ones(2)), rtol=1e-12
    )


def test_open_economy_upstreamness_by_hand() -> None:
    t = miller_blair_2x2()
    zero = np.zeros(2)
    exports = np.array([250.0, 1200.0])
    # δ = Z / (x − e) = [[0.2, 2/3], [0.25, 0.125]]; (I − δ) U = 1 by hand
    U = calc_upstreamness_open(t.z, t.x, exports, zero, zero)
    np.testing.assert_allclose(U, [2.890625, 1.96875], rtol=1e-12)
    # imports add to domestic use exactly as negative exports do
    np.testing.assert_allclose(
        calc_upstreamness_open(t.z, t.x, zero, 2000 - exports, zero),
        calc_upstreamness_open(t.z, t.x, exports - 2000, zero, zero),
    )
    with pytest.raises(InputDataError, match="domestic use"):
        calc_upstreamness_open(t.z, t.x, np.array([1000.0, 0.0]), zero, zero)


# ----- communities -----------------------------------------------------------------------------


def planted_blocks(seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    W = rng.uniform(0.0, 0.2, (12, 12))
    W[:6, :6] += rng.uniform(5, 10, (6, 6))
    W[6:, 6:] += rng.uniform(5, 10, (6, 6))
    return W


def test_communities_find_planted_blocks_deterministically() -> None:
    W = planted_blocks()
    labels, basis = calc_communities(W, seed=7)
    assert basis == "full"
    assert labels.tolist() == [0] * 6 + [1] * 6
    again, _ = calc_communities(W, seed=7)
    assert (again == labels).all()


def test_communities_use_a_backbone_for_large_tables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(network, "FULL_COMMUNITY_LIMIT", 5)
    labels, basis = calc_communities(planted_blocks(), seed=1)
    assert basis == f"top-{network.BACKBONE_K} backbone"
    assert labels.tolist() == [0] * 6 + [1] * 6


# ----- table level -------------------------------------------------------------------------------


def test_network_measures_miller_blair() -> None:
    t = miller_blair_2x2()
    m = network_measures(t)
    assert m.index.tolist() == ["1", "2"]
    assert set(m.columns) >= {"pagerank", "rwc", "counting_betweenness", "community"}
    np.testing.assert_allclose(m["upstreamness"], [1.914191, 1.254125], atol=1e-6)
    # exports [250, 1200], no imports column: the hand-computed open-economy values
    np.testing.assert_allclose(m["upstreamness_open"], [2.890625, 1.96875], rtol=1e-12)
    assert m.attrs["rw_teleport"] == 0.0


def test_threshold_sensitivity_rows() -> None:
    t = miller_blair_2x2()
    df = threshold_sensitivity(t, (0.0, 0.1, 0.2), measures=("pagerank", "downstreamness"))
    assert len(df) == 6
    at_zero = df[df["threshold"] == 0.0]
    np.testing.assert_allclose(at_zero[["spearman", "kendall", "top_overlap"]], 1.0)
    kept = df.groupby("threshold")["edges_kept"].first().tolist()
    assert kept == [4, 3, 2]  # a = [[.15, .25], [.2, .05]]
    with pytest.raises(InputDataError, match="unknown measures"):
        threshold_sensitivity(t, (0.0,), measures=("degree",))


@pytest.mark.realdata
def test_network_measures_real_table() -> None:
    from chainmap.io.readers import read_table

    path = need_data("china-nbs/china_2020_153.csv")
    t = read_table("cn-nbs-2020-153", data_dir=path.parents[1])
    m = network_measures(t)
    graph = nx.from_numpy_array(t.z, create_using=nx.DiGraph)
    # networkx stops when the L1 change is below n·tol: its default (tol=1e-6) is off by
    # 3e-4 here, so it is run to convergence before comparing
    pr = nx.pagerank(graph, tol=1e-10, max_iter=10_000)
    assert np.abs(m["pagerank"].to_numpy() - [pr[i] for i in range(t.n)]).max() < 1e-6
    # six construction/social-work rows sell nothing to intermediate use: teleport needed
    assert m.attrs["rw_teleport"] == network.DEFAULT_TELEPORT
    assert np.isfinite(m.drop(columns="community").to_numpy()).all()
    assert m["upstreamness"].min() >= 1.0 - 1e-12
    sens = threshold_sensitivity(t, (0.0, 0.01), measures=("pagerank",))
    assert sens["spearman"].iloc[0] == pytest.approx(1.0) and sens["spearman"].iloc[1] < 0.99
