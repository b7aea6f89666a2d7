"""Chain map of a candidate industry: its upstream, midstream and downstream tiers.

Upstream tiers (suppliers). Tier 1 holds the candidate c's direct suppliers
(a_ic > 0) with the largest total requirement l_ic (output of i needed per unit of
final demand for c); tier t + 1 holds the direct suppliers of tier t not yet placed,
again ranked by l_ic. Each tier keeps at most ``top_n`` sectors whose share
l_ic / Σ_{k≠c} l_kc is at least ``min_share``. Every sector also gets its rank by
direct need a_ic, so both views of "most important supplier" are visible.

Downstream tiers (buyers) mirror this on the supply side: tier 1 holds the direct
buyers of c (b_cj > 0) with the largest Ghosh coefficient g_cj (output of j enabled
per unit of primary input into c), share g_cj / Σ_{k≠c} g_ck.

Both sides are filled tier by tier at the same time. Midstream: the candidate and
its close peers, i.e. sectors in the tier-1 selection of both sides (a leading
direct supplier and a leading direct buyer); peers count as frontier on both sides.
From tier 2 on a sector can only enter the side where it is more tied to the
candidate: upstream when l_ic ≥ g_ci (output of i per unit of final demand for c,
versus output of i enabled per unit of primary input into c), so in dense tables a
supplier is not listed downstream merely because it buys a little from a buyer.
Each sector's upstreamness U_i (absolute) and U_i − U_c are reported beside.

Links join sectors in adjacent columns (upstream tier t → t − 1 → … → candidate →
downstream tier 1 → …) where a direct flow exists, and carry z, a, l, b, g.
``primary`` marks each sector's largest flow toward the candidate's column.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np
import numpy.typing as npt
import pandas as pd

from chainmap.errors import InputDataError
from chainmap.graph.network import calc_downstreamness, calc_upstreamness
from chainmap.i18n import t
from chainmap.io.sectors import resolve_sector, sector_labels
from chainmap.io.table import IOTable
from chainmap.iomath import Array

DEFAULT_DEPTH = 3
DEFAULT_TOP_N = 5
DEFAULT_MIN_SHARE = 0.01

POSITIONS: tuple[str, ...] = ("upstream", "midstream", "downstream")
LINK_FIELDS: tuple[str, ...] = ("z", "a", "l", "b", "g")


@dataclass(frozen=True, eq=False)
class ChainMap:
    """The chain of one candidate industry as tables and a small graph.

    Attributes
    ----------
    candidate : str
        Code of the candidate industry.
    nodes : DataFrame
        One row per sector on the map, index ``code``: names, ``position``
        (upstream / midstream / downstream), ``tier`` (negative upstream, 0 midstream,
        positive downstream), ``rank_in_tier``, the link to the candidate
        (``total_requirement`` l_ic, ``direct_need`` a_ic, ``ghosh`` g_ci,
        ``allocation`` b_ci with ranks and shares), ``upstreamness`` (absolute, G i),
        ``upstreamness_gap`` (U_i − U_c), ``downstreamness`` and ``output``.
    links : DataFrame
        ``source``, ``target``, :data:`LINK_FIELDS`, ``primary``.
    suppliers, buyers : DataFrame
        Every other sector ranked by l_ic (suppliers) and by g_cj (buyers).
    graph : networkx.DiGraph
        The map as a graph (node and link attributes as above).
    params : dict
        depth, top_n, min_share and the table's metadata.
    """

    candidate: str
    nodes: pd.DataFrame
    links: pd.DataFrame
    suppliers: pd.DataFrame
    buyers: pd.DataFrame
    graph: nx.DiGraph
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def columns(self) -> list[int]:
        """Tiers present, left (most upstream) to right."""
        return sorted({int(x) for x in self.nodes["tier"]})


def _ranking(values: Array, other: Array, codes: list[str], c: int) -> pd.DataFrame:
    """Ranks of all sectors but c by ``values`` and by ``other`` (ties: smaller code)."""
    idx = np.array([i for i in range(len(codes)) if i != c], dtype=int)
    code_arr = np.asarray(codes, dtype=str)[idx]
    total = values[idx].sum()
    df = pd.DataFrame(
        {"code": code_arr, "value": values[idx], "other": other[idx]},
    )
    df["share"] = df["value"] / total if total > 0 else 0.0
    df = df.sort_values(["code"], kind="stable")
    df["rank_value"] = df["value"].rank(ascending=False, method="first").astype(int)
    df["rank_other"] = df["other"].rank(ascending=False, method="first").astype(int)
    return df.sort_values("rank_value", kind="stable").set_index("code")


def _candidates(
    linked: npt.NDArray[np.bool_],
    ranking: pd.DataFrame,
    pos: dict[str, int],
    min_share: float,
    taken: set[int],
) -> list[int]:
    """Sectors linked to the frontier, best first, with enough share and not yet placed."""
    return [
        pos[code]
        for code, share in zip(ranking.index, ranking["share"], strict=True)
        if linked[pos[code]] and share >= min_share and pos[code] not in taken
    ]


def _assign_tiers(
    flows: Array,
    sup: pd.DataFrame,
    buy: pd.DataFrame,
    codes: list[str],
    c: int,
    depth: int,
    top_n: int,
    min_share: float,
) -> dict[int, tuple[str, int, int]]:
    """Position, signed tier and rank of every mapped sector (breadth-first on both sides).

    Tier t is filled on both sides at once. At t = 1 a sector in the top ``top_n`` of
    both sides becomes a midstream peer. From t = 2 on a sector may only enter the side
    where it is more tied to the candidate: upstream when l_ic ≥ g_ci (both are outputs
    of i per unit of the candidate's activity, demand- and supply-driven), so a coal
    mine that buys a little freight transport stays upstream of motor vehicles.
    """
    pos = {code: i for i, code in enumerate(codes)}
    up_value = np.zeros(len(codes))
    down_value = np.zeros(len(codes))
    up_value[[pos[k] for k in sup.index]] = sup["value"].to_numpy()
    down_value[[pos[k] for k in buy.index]] = buy["value"].to_numpy()
    prefers_up = up_value >= down_value
    out: dict[int, tuple[str, int, int]] = {c: ("midstream", 0, 0)}
    linked = flows > 0  # linked[i, k]: i supplies k
    front_up, front_down = [c], [c]
    for tier in range(1, depth + 1):
        taken = set(out)
        supplies_front = np.asarray(linked[:, front_up].any(axis=1), dtype=np.bool_)
        buys_from_front = np.asarray(linked[front_down, :].any(axis=0), dtype=np.bool_)
        ups = _candidates(supplies_front, sup, pos, min_share, taken)
        downs = _candidates(buys_from_front, buy, pos, min_share, taken)
        if tier > 1:
            ups = [i for i in ups if prefers_up[i]]
            downs = [i for i in downs if not prefers_up[i]]
        ups = ups[:top_n] if front_up else []
        downs = downs[:top_n] if front_down else []
        peers = sorted(set(ups) & set(downs), key=lambda i: codes[i])
        kept_up = [i for i in ups if i not in peers]
        kept_down = [i for i in downs if i not in peers]
        for rank, i in enumerate(peers, start=1):
            out[i] = ("midstream", 0, rank)
        for rank, i in enumerate(kept_up, start=1):
            out[i] = ("upstream", -tier, rank)
        for rank, i in enumerate(kept_down, start=1):
            out[i] = ("downstream", tier, rank)
        front_up, front_down = kept_up + peers, kept_down + peers
        if not front_up and not front_down:
            break
    return out


def chain_map(
    table: IOTable,
    sector: str,
    depth: int = DEFAULT_DEPTH,
    *,
    top_n: int = DEFAULT_TOP_N,
    min_share: float = DEFAULT_MIN_SHARE,
) -> ChainMap:
    """Upstream, midstream and downstream chain of a candidate industry.

    Parameters
    ----------
    table : IOTable
    sector : str
        Candidate: a code or the exact Chinese or English name.
    depth : int
        Number of tiers on each side (≥ 1).
    top_n : int
        Largest number of sectors per tier.
    min_share : float
        Smallest share of the candidate's total requirement (upstream) or Ghosh
        supply (downstream) for a sector to enter the map.

    Examples
    --------
    >>> from chainmap.io.examples import miller_blair_2x2
    >>> cm = chain_map(miller_blair_2x2(), "部门一", depth=1)
    >>> cm.nodes[["position", "tier"]].values.tolist()
    [['midstream', 0], ['midstream', 0]]
    >>> cm.suppliers["total_requirement"].round(6).tolist()
    [0.264026]
    """
    if depth < 1 or top_n < 1:
        msg = f"depth and top_n must be at least 1, got depth={depth}, top_n={top_n}"
        raise InputDataError(msg)
    if not 0.0 <= min_share <= 1.0:
        msg = f"min_share must lie in [0, 1], got {min_share}"
        raise InputDataError(msg)
    code = resolve_sector(table, sector)
    codes = [str(x) for x in table.codes]
    c = codes.index(code)
    Z, A, L, B, G = table.z, table.a, table.l, table.b, table.g
    U, D = calc_upstreamness(G), calc_downstreamness(L)
    sup = _ranking(L[:, c], A[:, c], codes, c)
    buy = _ranking(G[c, :], B[c, :], codes, c)
    placed = _assign_tiers(Z, sup, buy, codes, c, depth, top_n, min_share)
    order = sorted(placed, key=lambda i: (placed[i][1], placed[i][2], codes[i]))
    names_zh, names_en = sector_labels(table, "zh"), sector_labels(table, "en")
    rows = [
        _node_row(table, codes, i, c, placed[i], sup, buy, (names_zh, names_en), (U, D))
        for i in order
    ]
    nodes = pd.DataFrame(rows).set_index("code")
    links = _links(placed, codes, Z, A, L, B, G, c)
    params = {
        "candidate": code,
        "depth": depth,
        "top_n": top_n,
        "min_share": min_share,
        "table_id": table.meta.table_id,
        "region": table.meta.region,
        "year": table.meta.year,
        "unit": table.meta.unit,
    }
    suppliers, buyers = _ranked(sup, buy, nodes, (names_zh, names_en))
    graph = _graph(nodes, links, params)
    return ChainMap(code, nodes, links, suppliers, buyers, graph, params)


def _node_row(
    table: IOTable,
    codes: list[str],
    i: int,
    c: int,
    place: tuple[str, int, int],
    sup: pd.DataFrame,
    buy: pd.DataFrame,
    names: tuple[dict[str, str], dict[str, str]],
    streams: tuple[Array, Array],
) -> dict[str, Any]:
    """One node of the map: position, tier, requirement and supply figures of sector i."""
    position, tier, rank = place
    code_i = codes[i]
    L, A, G, B = table.l, table.a, table.g, table.b
    U, D = streams
    return {
        "code": code_i,
        "name_zh": names[0][code_i],
        "name_en": names[1][code_i],
        "position": position,
        "position_zh": t(f"position.{position}", "zh"),
        "position_en": t(f"position.{position}", "en"),
        "is_candidate": i == c,
        "tier": tier,
        "rank_in_tier": rank,
        "total_requirement": float(L[i, c]),
        "direct_need": float(A[i, c]),
        "requirement_share": float(sup["share"].get(code_i, math.nan)),
        "rank_requirement": int(sup["rank_value"].get(code_i, 0)),
        "rank_direct_need": int(sup["rank_other"].get(code_i, 0)),
        "ghosh": float(G[c, i]),
        "allocation": float(B[c, i]),
        "ghosh_share": float(buy["share"].get(code_i, math.nan)),
        "rank_ghosh": int(buy["rank_value"].get(code_i, 0)),
        "rank_allocation": int(buy["rank_other"].get(code_i, 0)),
        "upstreamness": float(U[i]),
        "upstreamness_gap": float(U[i] - U[c]),
        "downstreamness": float(D[i]),
        "output": float(table.x[i]),
    }


#: Names of a ranking's value, other value and their ranks, for suppliers and buyers.
_SUPPLIER_COLUMNS = ("total_requirement", "direct_need", "rank_requirement", "rank_direct_need")
_BUYER_COLUMNS = ("ghosh", "allocation", "rank_ghosh", "rank_allocation")


def _ranked(
    sup: pd.DataFrame,
    buy: pd.DataFrame,
    nodes: pd.DataFrame,
    names: tuple[dict[str, str], dict[str, str]],
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every supplier and buyer ranked, with names and whether it is in the map."""
    generic = ("value", "other", "rank_value", "rank_other")
    suppliers = sup.rename(columns=dict(zip(generic, _SUPPLIER_COLUMNS, strict=True)))
    buyers = buy.rename(columns=dict(zip(generic, _BUYER_COLUMNS, strict=True)))
    for frame in (suppliers, buyers):
        frame.insert(0, "name_zh", [names[0][x] for x in frame.index])
        frame.insert(1, "name_en", [names[1][x] for x in frame.index])
        frame["in_map"] = frame.index.isin(nodes.index)
    return suppliers, buyers


def _links(
    placed: dict[int, tuple[str, int, int]],
    codes: list[str],
    Z: Array,
    A: Array,
    L: Array,
    B: Array,
    G: Array,
    c: int,
) -> pd.DataFrame:
    """Direct flows between adjacent columns of the map (and within the middle column)."""
    rows = []
    for u, (_, tu, _) in placed.items():
        for v, (_, tv, _) in placed.items():
            adjacent = tv == tu + 1 or (tu == tv == 0 and c in (u, v) and u != v)
            if adjacent and Z[u, v] > 0:
                rows.append(
                    {
                        "source": codes[u],
                        "target": codes[v],
                        "source_tier": tu,
                        "target_tier": tv,
                        "z": float(Z[u, v]),
                        "a": float(A[u, v]),
                        "l": float(L[u, v]),
                        "b": float(B[u, v]),
                        "g": float(G[u, v]),
                    }
                )
    columns = ["source", "target", "source_tier", "target_tier", *LINK_FIELDS]
    links = pd.DataFrame(rows, columns=columns)
    if links.empty:
        links["primary"] = pd.Series(dtype=bool)
        return links
    links = links.sort_values(["source_tier", "target_tier", "source", "target"], kind="stable")
    # primary link: upstream side = each source's largest flow toward the middle;
    # downstream side = each target's largest flow from the middle side.
    upstream = links["target_tier"] <= 0
    key = np.where(upstream, links["source"], links["target"])
    links["_key"] = key + np.where(upstream, "|u", "|d")
    best = links.groupby("_key", sort=False)["z"].transform("max")
    links["primary"] = links["z"] == best
    return links.drop(columns="_key").reset_index(drop=True)


def _graph(nodes: pd.DataFrame, links: pd.DataFrame, params: dict[str, Any]) -> nx.DiGraph:
    graph = nx.DiGraph()
    graph.graph.update({k: ("" if v is None else v) for k, v in params.items()})
    for code, row in nodes.to_dict("index").items():
        graph.add_node(str(code), **{str(k): _scalar(v) for k, v in row.items()})
    for row in links.to_dict("records"):
        graph.add_edge(
            row["source"], row["target"], **{k: _scalar(row[k]) for k in (*LINK_FIELDS, "primary")}
        )
    return graph


def _scalar(value: Any) -> Any:
    """Python scalar for graph attributes (NaN stays a float: GraphML writes it)."""
    return value.item() if isinstance(value, np.generic) else value


def _plain(value: Any) -> Any:
    """JSON-ready scalar: numpy scalars unwrapped, non-finite numbers as null."""
    value = _scalar(value)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def chain_to_json(chain: ChainMap, *, top: int = 20) -> str:
    """JSON text of a chain map: params, nodes, links and the top supplier/buyer ranks."""

    def records(df: pd.DataFrame) -> list[dict[str, Any]]:
        return [{str(k): _plain(v) for k, v in r.items()} for r in df.to_dict("records")]

    doc = {
        "params": {k: _plain(v) for k, v in chain.params.items()},
        "nodes": records(chain.nodes.reset_index()),
        "links": records(chain.links),
        "suppliers": records(chain.suppliers.head(top).reset_index()),
        "buyers": records(chain.buyers.head(top).reset_index()),
    }
    return json.dumps(doc, ensure_ascii=False, indent=1)
