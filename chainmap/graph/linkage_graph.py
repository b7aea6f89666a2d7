"""The industry-linkage graph: sectors as nodes with every measure, flows as edges.

An edge i → j means supplier i sells to buyer j. It carries z_ij (flow), a_ij (input
coefficient), b_ij (allocation coefficient), l_ij and g_ij (Leontief and Ghosh
inverses), the field-of-influence importance of a_ij and its tolerable limit.

Measures are always computed on the full weighted matrix; the display options only
decide which edges are drawn or exported, and every export states them:

* ``min_coefficient`` keeps edges with a_ij ≥ min_coefficient (and z_ij > 0);
* ``top_k`` keeps an edge when i is one of the k largest suppliers of j (by a_ij) or
  j one of the k largest buyers of i (by b_ij); ties go to the smaller code;
* ``important_only`` keeps coefficients whose tolerable limit is at most
  ``important_limit`` percent (the "important coefficients" of Miller & Blair, ch. 12).

The three rules combine with AND. Self-loops are kept.
"""

from __future__ import annotations

import json
import math
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import numpy.typing as npt
import pandas as pd

from chainmap.analysis.summary import analyze_table
from chainmap.errors import InputDataError
from chainmap.graph.network import attach_communities, calc_communities, network_measures
from chainmap.io.atomic import write_text_atomic, write_with
from chainmap.io.sectors import sector_labels
from chainmap.io.table import IOTable
from chainmap.iomath import Array

#: Default tolerable limit (percent change of a_ij that moves some output by 1 %).
DEFAULT_IMPORTANT_LIMIT = 20.0
#: Edge attributes, in export order.
EDGE_FIELDS: tuple[str, ...] = ("z", "a", "b", "l", "g", "influence", "tolerable_limit")


def calc_influence(L: Array) -> Array:
    """Field-of-influence importance of every coefficient (Sonis & Hewings).

    The first-order field of a change in a_ij is F(i, j) = L_{·i} L_{j·}; the sum of its
    entries is (i′L e_i)(e_j′L i) = colsum_i(L) · rowsum_j(L): the total output change
    per unit change of a_ij with unit final demand everywhere. Computed as one outer
    product of two vectors (no n² matrices of fields).

    Examples
    --------
    >>> from chainmap.io.examples import miller_blair_2x2
    >>> calc_influence(miller_blair_2x2().l).round(4)
    array([[2.405 , 2.1044],
           [2.3004, 2.0129]])
    """
    L = np.asarray(L, dtype=float)
    return np.asarray(np.outer(L.sum(axis=0), L.sum(axis=1)), dtype=float)


def calc_tolerable_limits(A: Array, L: Array, x: Array) -> Array:
    """Percent change of a_ij that changes the output of sector i by 1 % (f fixed).

    By Sherman–Morrison a change Δ of a_ij moves x by Δ·L_{·i} x_j / (1 − Δ l_ji), so
    x_i changes by 1 % when Δ = 1 / (l_ji + 100 l_ii x_j / x_i), i.e.

        r_ij = 100 / [a_ij (l_ji + 100 l_ii x_j / x_i)]   (percent; ∞ when a_ij = 0).

    Small r_ij marks an important coefficient: a modest error in it moves output.

    Examples
    --------
    >>> from chainmap.io.examples import miller_blair_2x2
    >>> t = miller_blair_2x2()
    >>> calc_tolerable_limits(t.a, t.l, t.x).round(2)
    array([[ 5.26,  1.59],
           [ 8.86, 17.65]])
    """
    A = np.asarray(A, dtype=float)
    L = np.asarray(L, dtype=float)
    x = np.asarray(x, dtype=float)
    sensitivity = A * (L.T + 100.0 * np.diag(L)[:, None] * (x[None, :] / x[:, None]))
    with np.errstate(divide="ignore"):
        return np.asarray(np.where(A > 0, 100.0 / sensitivity, np.inf), dtype=float)


def _top_k_mask(
    values: Array, k: int, axis: int, code_rank: npt.NDArray[np.intp]
) -> npt.NDArray[np.bool_]:
    """True at the k largest positive entries along ``axis`` (ties: smaller code first).

    O(n²): the k-th largest value of each line comes from ``np.partition``; only
    lines with ties at that value are settled one by one.
    """
    lines = values.T if axis == 0 else values  # one row of `lines` per column/row
    length = lines.shape[1]
    k = min(k, length)
    kth = -np.partition(-lines, k - 1, axis=1)[:, k - 1]
    keep = lines > kth[:, None]
    ties = lines == kth[:, None]
    short = k - keep.sum(axis=1)
    for line in np.flatnonzero(ties.sum(axis=1) > short):
        tied = np.flatnonzero(ties[line])
        chosen = tied[np.argsort(code_rank[tied], kind="stable")[: short[line]]]
        ties[line] = False
        ties[line, chosen] = True
    mask = (keep | ties) & (lines > 0)
    return np.asarray(mask.T if axis == 0 else mask, dtype=bool)


def select_edges(
    table: IOTable,
    *,
    min_coefficient: float = 0.0,
    top_k: int | None = None,
    important_only: bool = False,
    important_limit: float = DEFAULT_IMPORTANT_LIMIT,
) -> npt.NDArray[np.bool_]:
    """Boolean n × n mask of the edges drawn under the display rules (see module doc).

    Examples
    --------
    >>> from chainmap.io.examples import miller_blair_2x2
    >>> select_edges(miller_blair_2x2(), min_coefficient=0.2).astype(int)
    array([[0, 1],
           [1, 0]])
    """
    if min_coefficient < 0 or not math.isfinite(min_coefficient):
        msg = f"min_coefficient must be a finite number >= 0, got {min_coefficient}"
        raise InputDataError(msg)
    if top_k is not None and top_k < 1:
        msg = f"top_k must be at least 1, got {top_k}"
        raise InputDataError(msg)
    A = table.a
    mask = (table.z > 0) & (min_coefficient <= A)
    if top_k is not None:
        code_rank = np.argsort(np.argsort(np.asarray(table.codes, dtype=str), kind="stable"))
        by_supplier = _top_k_mask(A, top_k, axis=0, code_rank=code_rank)
        by_buyer = _top_k_mask(table.b, top_k, axis=1, code_rank=code_rank)
        mask &= by_supplier | by_buyer
    if important_only:
        mask &= calc_tolerable_limits(A, table.l, table.x) <= important_limit
    return np.asarray(mask, dtype=np.bool_)


def node_measures(table: IOTable) -> pd.DataFrame:
    """Foundation measures (:func:`~chainmap.analysis.summary.analyze_table`) and network ones."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        # Louvain (pure Python) overlaps the inversion and factorisations (LAPACK, which
        # releases the GIL) on two or more cores; the labels are those of a serial run.
        clusters = pool.submit(calc_communities, table.z, seed=0)
        base = analyze_table(table)
        net = network_measures(table, communities=False)
        attach_communities(net, *clusters.result(), seed=0)
    if "code" in base.columns:
        base = base.set_index("code")
    base.index = base.index.astype(str)
    merged = base.join(net[[c for c in net.columns if c not in base.columns]])
    merged.attrs = {**base.attrs, **net.attrs}
    return merged


def _plain(value: Any) -> Any:
    """Python scalar for GraphML/JSON (numpy scalars and NaN handled by callers)."""
    if isinstance(value, np.generic):
        return value.item()
    return value


def _rule_text(attrs: dict[str, Any]) -> str:
    top_k = attrs["top_k"] or "none"
    important = (
        f"tolerable limit <= {attrs['important_limit']:g}%" if attrs["important_only"] else "off"
    )
    return (
        f"edges i->j with z_ij > 0 and a_ij >= {attrs['min_coefficient']:g}; "
        f"top_k per node = {top_k}; important coefficients = {important}; "
        "node measures computed on the full matrix"
    )


def build_linkage_graph(
    table: IOTable,
    *,
    min_coefficient: float = 0.0,
    top_k: int | None = None,
    important_only: bool = False,
    important_limit: float = DEFAULT_IMPORTANT_LIMIT,
    measures: pd.DataFrame | None = None,
) -> nx.DiGraph:
    """Industry-linkage graph of a table, with measures on nodes and coefficients on edges.

    Parameters
    ----------
    table : IOTable
    min_coefficient, top_k, important_only, important_limit
        Display rules for edges (module docstring); they never change node measures.
    measures : DataFrame, optional
        Node measures indexed by code; default :func:`node_measures` (computed on the
        full matrix).

    Returns
    -------
    networkx.DiGraph
        Nodes = codes with ``name``, ``name_zh``, ``name_en`` and every measure column;
        edges with :data:`EDGE_FIELDS`; graph attributes state the rules used
        (``edge_rule``, ``min_coefficient``, ``top_k``, ...), the table and edge counts.

    Examples
    --------
    >>> from chainmap.io.examples import miller_blair_2x2
    >>> t = miller_blair_2x2()
    >>> g = build_linkage_graph(t, min_coefficient=0.2, measures=t.output.to_frame())
    >>> sorted(g.edges()), g.graph["min_coefficient"]
    ([('1', '2'), ('2', '1')], 0.2)
    >>> round(g.edges["1", "2"]["l"], 6)
    0.330033
    """
    if measures is None:
        measures = node_measures(table)
    measures = measures.copy()
    measures.index = measures.index.astype(str)
    codes = [str(c) for c in table.codes]
    missing = sorted(set(codes) - set(measures.index))
    if missing:
        msg = f"measures lack sectors {missing[:10]}"
        raise InputDataError(msg)
    mask = select_edges(
        table,
        min_coefficient=min_coefficient,
        top_k=top_k,
        important_only=important_only,
        important_limit=important_limit,
    )
    graph = nx.DiGraph()
    measures = measures.reindex(codes)
    _add_nodes(graph, table, codes, measures)
    _add_edges(graph, table, codes, mask)
    nonzero = table.z > 0
    graph.graph.update(
        {
            "table_id": table.meta.table_id,
            "region": table.meta.region,
            "year": table.meta.year if table.meta.year is not None else "",
            "unit": table.meta.unit,
            "min_coefficient": float(min_coefficient),
            "top_k": int(top_k) if top_k is not None else 0,
            "important_only": bool(important_only),
            "important_limit": float(important_limit),
            "edges_kept": int(mask.sum()),
            "edges_nonzero": int(nonzero.sum()),
            "flow_share_kept": float(table.z[mask].sum() / table.z.sum()),
        }
    )
    graph.graph["edge_rule"] = _rule_text(graph.graph)
    for key, value in measures.attrs.items():
        if isinstance(value, str | int | float | bool):
            graph.graph[f"measures_{key}"] = value
    return graph


def _add_nodes(graph: nx.DiGraph, table: IOTable, codes: list[str], measures: pd.DataFrame) -> None:
    """One node per sector with its names and every measure column (Python scalars)."""
    names_zh, names_en = sector_labels(table, "zh"), sector_labels(table, "en")
    plain_names = table.sectors["name"].astype(str)
    columns = [str(c) for c in measures.columns if str(c) not in ("name_zh", "name_en", "name")]
    # column-wise .tolist() gives Python scalars in one pass per column
    column_values = [measures[c].tolist() for c in columns]
    for k, code in enumerate(codes):
        attrs: dict[str, Any] = {
            "name": plain_names[code],
            "name_zh": names_zh[code],
            "name_en": names_en[code],
        }
        attrs.update(zip(columns, (values[k] for values in column_values), strict=True))
        graph.add_node(code, **attrs)


def _add_edges(
    graph: nx.DiGraph, table: IOTable, codes: list[str], mask: npt.NDArray[np.bool_]
) -> None:
    """The kept edges with :data:`EDGE_FIELDS` (coefficients, influence, tolerable limit)."""
    rows, cols = np.nonzero(mask)
    matrices = {
        "z": table.z,
        "a": table.a,
        "b": table.b,
        "l": table.l,
        "g": table.g,
    }
    values = {key: m[rows, cols].tolist() for key, m in matrices.items()}
    col_l, row_l = table.l.sum(axis=0), table.l.sum(axis=1)
    values["influence"] = (col_l[rows] * row_l[cols]).tolist()
    x, L = table.x, table.l
    # r_ij of the kept edges only (calc_tolerable_limits, without n² temporaries)
    sensitivity = table.a[rows, cols] * (L[cols, rows] + 100.0 * L[rows, rows] * x[cols] / x[rows])
    values["tolerable_limit"] = (100.0 / sensitivity).tolist()
    graph.add_edges_from(
        (codes[i], codes[j], dict(zip(EDGE_FIELDS, edge, strict=True)))
        for i, j, *edge in zip(
            rows.tolist(), cols.tolist(), *(values[key] for key in EDGE_FIELDS), strict=True
        )
    )


def graph_frames(graph: nx.DiGraph) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(nodes, edges) DataFrames of a linkage graph, in graph order."""
    nodes = pd.DataFrame.from_dict(dict(graph.nodes(data=True)), orient="index")
    nodes.index.name = "code"
    edges = pd.DataFrame(
        [
            {
                "source": u,
                "target": v,
                "source_name": graph.nodes[u].get("name", ""),
                "target_name": graph.nodes[v].get("name", ""),
                **d,
            }
            for u, v, d in graph.edges(data=True)
        ],
        columns=["source", "target", "source_name", "target_name", *EDGE_FIELDS],
    )
    return nodes.reset_index(), edges


def _json_value(value: Any) -> Any:
    value = _plain(value)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def graph_to_json(graph: nx.DiGraph) -> str:
    """JSON text ``{"graph": {...rules...}, "nodes": [...], "edges": [...]}`` (UTF-8).

    Non-finite numbers (an infinite tolerable limit, a missing measure) become null.
    """
    doc = {
        "graph": {k: _json_value(v) for k, v in graph.graph.items()},
        "nodes": [
            {"id": n, **{k: _json_value(v) for k, v in d.items()}}
            for n, d in graph.nodes(data=True)
        ],
        "edges": [
            {"source": u, "target": v, **{k: _json_value(x) for k, x in d.items()}}
            for u, v, d in graph.edges(data=True)
        ],
    }
    return json.dumps(doc, ensure_ascii=False, indent=1)


def _graphml_ready(graph: nx.DiGraph) -> nx.DiGraph:
    """Copy with GraphML-compatible attribute values (no None, plain scalars)."""
    out = nx.DiGraph()
    out.graph.update({k: ("" if v is None else _plain(v)) for k, v in graph.graph.items()})
    for n, d in graph.nodes(data=True):
        out.add_node(n, **{k: ("" if v is None else _plain(v)) for k, v in d.items()})
    for u, v, d in graph.edges(data=True):
        out.add_edge(u, v, **{k: ("" if x is None else _plain(x)) for k, x in d.items()})
    return out


def export_graph(graph: nx.DiGraph, path: str | Path, *, overwrite: bool = True) -> list[Path]:
    """Write a linkage graph as GraphML, JSON or CSV (by suffix), atomically.

    GraphML and JSON carry the display rules as graph attributes. CSV writes the
    edge list to ``path`` and the node measures to ``<stem>_nodes.csv``; both begin
    with a ``#`` line stating the rules (read with ``pd.read_csv(path, comment="#")``).

    Returns
    -------
    list of Path
        Files written.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".graphml":
        ready = _graphml_ready(graph)
        return [write_with(path, lambda tmp: nx.write_graphml(ready, tmp), overwrite=overwrite)]
    if suffix == ".json":
        return [write_text_atomic(path, graph_to_json(graph) + "\n", overwrite=overwrite)]
    if suffix == ".csv":
        nodes, edges = graph_frames(graph)
        header = f"# chainmap linkage graph ({graph.graph.get('table_id', '')}): "
        header += str(graph.graph.get("edge_rule", "")) + "\n"
        node_path = path.with_name(f"{path.stem}_nodes.csv")
        return [
            write_text_atomic(path, header + edges.to_csv(index=False), overwrite=overwrite),
            write_text_atomic(node_path, header + nodes.to_csv(index=False), overwrite=overwrite),
        ]
    msg = f"{path}: unsupported graph format {suffix!r}; use .graphml, .json or .csv"
    raise InputDataError(msg)
