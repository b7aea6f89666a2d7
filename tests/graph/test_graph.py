"""The linkage graph: edges exactly as the display rules say, measures independent of them."""

from __future__ import annotations

import json
import math

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from coefficient_tables import table_from_coefficients
from conftest import need_data

from chainmap.cli.main import main
from chainmap.errors import InputDataError
from chainmap.graph.linkage_graph import (
    build_linkage_graph,
    calc_influence,
    calc_tolerable_limits,
    export_graph,
    select_edges,
)
from chainmap.io.examples import miller_blair_2x2
from chainmap.io.table import IOTable


def random_table(n: int, seed: int, density: float = 0.5) -> IOTable:
    """A productive table with some zero flows and a few exactly tied coefficients."""
    rng = np.random.default_rng(seed)
    A = np.round(rng.uniform(0, 0.2, (n, n)), 2) * (rng.random((n, n)) < density)
    f = rng.uniform(50, 100, n)
    codes = [f"{k:02d}" for k in range(n)]
    return table_from_coefficients(A, f, codes, value_added_shares=(0.4, 0.6))


def measures_of(t: IOTable) -> pd.DataFrame:
    return pd.DataFrame({"output": t.x, "marker": np.arange(t.n)}, index=t.codes)


def edge_set(graph: nx.DiGraph) -> set[tuple[str, str]]:
    return set(graph.edges())


@pytest.mark.parametrize("tau", [0.0, 0.03, 0.1, 0.15])
def test_edges_are_exactly_the_coefficients_above_threshold(tau: float) -> None:
    t = random_table(9, 1)
    graph = build_linkage_graph(t, min_coefficient=tau, measures=measures_of(t))
    codes = list(t.codes)
    expected = {
        (codes[i], codes[j])
        for i in range(t.n)
        for j in range(t.n)
        if t.z[i, j] > 0 and t.a[i, j] >= tau
    }
    assert edge_set(graph) == expected
    assert graph.graph["min_coefficient"] == tau
    assert graph.graph["edges_kept"] == len(expected)
    assert f"a_ij >= {tau:g}" in graph.graph["edge_rule"]


def test_edge_values_are_the_table_coefficients() -> None:
    t = miller_blair_2x2()
    graph = build_linkage_graph(t, measures=measures_of(t))
    assert graph.number_of_edges() == 4  # self-loops kept
    for (u, v), data in graph.edges.items():
        i, j = int(u) - 1, int(v) - 1
        for key, matrix in {"z": t.z, "a": t.a, "b": t.b, "l": t.l, "g": t.g}.items():
            assert data[key] == pytest.approx(matrix[i, j], rel=1e-14)
        assert data["influence"] == pytest.approx(t.l[:, i].sum() * t.l[j, :].sum(), rel=1e-14)
    assert graph.edges["1", "2"]["tolerable_limit"] == pytest.approx(
        calc_tolerable_limits(t.a, t.l, t.x)[0, 1], rel=1e-12
    )


def test_influence_is_the_derivative_of_total_requirements() -> None:
    t = miller_blair_2x2()
    eps = 1e-7
    for i in range(2):
        for j in range(2):
            A = t.a.copy()
            A[i, j] += eps
            numeric = (np.linalg.inv(np.eye(2) - A).sum() - t.l.sum()) / eps
            assert calc_influence(t.l)[i, j] == pytest.approx(numeric, rel=1e-5)


def test_tolerable_limit_moves_output_by_one_percent() -> None:
    t = random_table(6, 2)
    f = t.total_final_demand.to_numpy()
    r = calc_tolerable_limits(t.a, t.l, t.x)
    for i, j in zip(*np.nonzero(t.a), strict=True):
        A = t.a.copy()
        A[i, j] *= 1 + r[i, j] / 100
        x = np.linalg.solve(np.eye(t.n) - A, f)
        assert x[i] / t.x[i] - 1 == pytest.approx(0.01, rel=1e-9)
    assert np.isinf(r[t.a == 0]).all()


def test_important_only_keeps_small_tolerable_limits() -> None:
    t = random_table(8, 3)
    graph = build_linkage_graph(
        t, important_only=True, important_limit=50.0, measures=measures_of(t)
    )
    r = calc_tolerable_limits(t.a, t.l, t.x)
    codes = list(t.codes)
    expected = {(codes[i], codes[j]) for i, j in zip(*np.nonzero(r <= 50.0), strict=True)}
    assert edge_set(graph) == expected and expected


def test_top_k_keeps_largest_suppliers_or_buyers() -> None:
    t = random_table(8, 4, density=0.8)
    k = 2
    mask = select_edges(t, top_k=k)
    codes = list(t.codes)
    for i in range(t.n):
        for j in range(t.n):
            suppliers = sorted(range(t.n), key=lambda s: (-t.a[s, j], codes[s]))[:k]
            buyers = sorted(range(t.n), key=lambda b: (-t.b[i, b], codes[b]))[:k]
            expected = t.z[i, j] > 0 and (i in suppliers or j in buyers)
            assert mask[i, j] == expected, (i, j)


def test_node_measures_do_not_depend_on_display_rules() -> None:
    t = random_table(9, 5)
    full = build_linkage_graph(t)
    thin = build_linkage_graph(t, min_coefficient=0.1, top_k=2, important_only=True)
    assert thin.number_of_edges() < full.number_of_edges()
    frame = pd.DataFrame.from_dict(dict(full.nodes(data=True)), orient="index")
    pd.testing.assert_frame_equal(
        frame, pd.DataFrame.from_dict(dict(thin.nodes(data=True)), orient="index")
    )
    node = full.nodes["00"]
    for key in (
        "bl",
        "fl_ghosh",
        "hem_full",
        "pagerank",
        "rwc",
        "counting_betweenness",
        "community",
    ):
        assert key in node


def test_bad_display_rules() -> None:
    t = miller_blair_2x2()
    with pytest.raises(InputDataError, match="min_coefficient"):
        select_edges(t, min_coefficient=-0.1)
    with pytest.raises(InputDataError, match="top_k"):
        select_edges(t, top_k=0)


def test_exports_state_the_threshold(tmp_path) -> None:  # type: ignore[no-untyped-def]
    t = random_table(6, 6)
    graph = build_linkage_graph(t, min_coefficient=0.05, top_k=3)
    [graphml] = export_graph(graph, tmp_path / "g.graphml")
    back = nx.read_graphml(graphml)
    assert back.graph["min_coefficient"] == 0.05 and back.graph["top_k"] == 3
    assert set(back.edges()) == edge_set(graph)
    [js] = export_graph(graph, tmp_path / "g.json")
    doc = json.loads(js.read_text(encoding="utf-8"))
    assert doc["graph"]["min_coefficient"] == 0.05
    assert len(doc["edges"]) == graph.number_of_edges() and len(doc["nodes"]) == 6
    edges_csv, nodes_csv = export_graph(graph, tmp_path / "g.csv")
    first = edges_csv.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("#") and "a_ij >= 0.05" in first and "top_k per node = 3" in first
    edges = pd.read_csv(edges_csv, comment="#", dtype={"source": str, "target": str})
    assert len(edges) == graph.number_of_edges()
    assert math.isclose(edges["a"].min(), min(d["a"] for *_, d in graph.edges(data=True)))
    nodes = pd.read_csv(nodes_csv, comment="#", dtype={"code": str})
    assert nodes["code"].tolist() == list(t.codes)
    with pytest.raises(InputDataError, match="unsupported graph format"):
        export_graph(graph, tmp_path / "g.xml")


def test_cli_graph(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "mb.json"
    assert main(["graph", "example-miller-blair-2x2", "--min-coef", "0.2", "-o", str(out)]) == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert {(e["source"], e["target"]) for e in doc["edges"]} == {("1", "2"), ("2", "1")}
    assert "2 of 4 links" in capsys.readouterr().out
    sens = tmp_path / "sens.csv"
    args = ["graph", "example-miller-blair-2x2", "--min-coef", "0.2", "-o", str(out)]
    assert main([*args, "--sensitivity", str(sens), "--force"]) == 0
    table = pd.read_csv(sens)
    assert 0.2 in set(table["threshold"]) and {"spearman", "kendall"} <= set(table.columns)


@pytest.mark.realdata
def test_real_table_graph() -> None:
    from chainmap.io.readers import read_table

    path = need_data("china-nbs/china_2020_153.csv")
    t = read_table("cn-nbs-2020-153", data_dir=path.parents[1])
    graph = build_linkage_graph(t, min_coefficient=0.01)
    assert graph.number_of_edges() == int(((t.z > 0) & (t.a >= 0.01)).sum())
    node = graph.nodes["079"]
    assert node["name_zh"] == "汽车整车"
    assert node["bl"] == pytest.approx(t.n * t.l[:, 78].sum() / t.l.sum(), rel=1e-12)
