"""Chain-gap diagnosis (产业链断点/弱点/堵点) of a candidate industry in a city table.

For a candidate j (one sector or a group, e.g. the IO sectors of a GB/T division) of a
non-competitive city table (:func:`chainmap.city.regional.regionalize`):

* **need** ``a_ij = (z_ij + m_ij) / x_j``: the parent's requirement (local plus bought
  outside the city; products the city does not make are ``other_inputs`` rows
  ``imported:<code>``); **cost share** ``a_ij / Σ_i a_ij``;
* **local share** (realised regional purchase coefficient) ``RPC_ij = r_ij / a_ij`` with
  ``r_ij = z_ij / x_j``; **leakage** ``a_ij (1 − RPC_ij) = m_ij / x_j``;
* **local supporting rate 本地配套率** ``Σ_i r_ij / Σ_i a_ij``;
* **national import dependence** ``μ_i = m_i / (x_i − e_i + m_i)`` of the parent
  (:func:`chainmap.city.regional.calc_import_share`: the imports column of the competitive
  2020 153-sector table, at the links' own resolution; pass ``import_share`` to use
  another source, e.g. the 42-sector non-competitive import block mapped to 153 codes).

Classification of a link (thresholds in :class:`GapThresholds`), first match wins:

=========  ===================================================  ==============
class      rule                                                 action
=========  ===================================================  ==============
minor      cost share < ``min_cost_share``                      —
断点 break  local share < ``break_share`` (no meaningful local   补链 fill
           production)
堵点 choke  cost share ≥ ``choke_cost_share`` and                强链 strengthen
           μ_i ≥ ``choke_import_share`` (dependent even
           nationally)
弱点 weak   local share < ``sound_share`` (local but              强链 strengthen
           insufficient)
sound      otherwise                                            —
=========  ===================================================  ==============

**Thresholds from observed local shares.** In the 104 province-year tables with gross
inflows and outflows (1997, 2007, 2012, 2017; :mod:`chainmap.city.observed`), the local
share of a product the province makes with SLQ ≥ 0.5 (substantial output; 3,249 cases)
is below 0.156 in 5 % of cases (2.5 %: 0; 10 %: 0.335; median 0.823); over every
produced product (4,212 cases) the lower quartile is 0.403 and the median 0.734.  Hence
``break_share`` = 0.15 (a local share lower than 95 % of regions with substantial output
reach: no meaningful local supply) and ``sound_share`` = 0.40 (the lower quartile of
observed shares: below it supply is local but insufficient).  **Large local output is
never a break:** a supplier whose city location quotient against the parent is ≥ 1, or
whose city output is ≥ 0.5 % of the city's gross output (below the average sector's
1/153 = 0.65 %; Hangzhou's non-ferrous metals 064/065, 560 亿元, are 0.73 % and 0.60 %),
is at worst a weak point (or a choke
point) and counts as present in the completeness, whatever the modelled share (FLQ gives
a specialised supplier a small share when its buyer is even more specialised).  When the
parent is a provincial table (``regionalization.province``), the local shares these
classes use are the province's observed shares scaled to the city
(:mod:`chainmap.city.from_province`); otherwise the learned model's (or FLQ's).

Break outranks choke: with no local supplier the city's move is to fill the link (Hefei
brought in BOE for the TV panel, a nationally import-dependent product in 2008); the
``choke`` flag is still reported beside it. Downstream buyers k of j that take at least
``extension_sales_share`` of j's national output but are under-represented in the city
(``(x_k^R / x_j^R) / (x_k^N / x_j^N) < extension_presence``) are 延链 extension
opportunities.

**Chain completeness 产业链完整度**: the key links are the fewest suppliers (largest need
first) covering ``key_share`` of j's requirements; completeness is the share of them that
are present locally (local share ≥ ``break_share``).

**Value of filling a link**: city output and value added gained, for the city's final
demand, if supplier i's local share rose to ``fill_target`` for every local buyer,
``A' = A + e_i δ′`` with ``δ_k = max(0, t·a_ik − r_ik)``. Sherman–Morrison (the rank-1
Woodbury of formulas.md E.3) gives ``Δx = L e_i (δ′x) / (1 − δ′ L e_i)`` for all suppliers
at once. A supplier the city lacks enters as a new sector: the matrix is bordered with
its row and column (L of the bordered matrix is ``diag(L, 1)``) and the rank-2 Woodbury
identity gives the new output, ``x' = x + L U (I − V′ L U)⁻¹ V′ x``. The new sector sells
``t·a_ik`` per unit of k and buys its own inputs with the parent's technology at the
city's average local share of each product (so it needs the parent). The joint fill of
every 补链/强链 link is one rank-k update (:func:`chainmap.analysis.updates.calc_rank_k_update`).
No fill re-inverts a matrix.
"""

from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

import numpy as np
import pandas as pd

from chainmap.city.regional import calc_import_share, parent_technology
from chainmap.errors import InputDataError, ScenarioError
from chainmap.gaps.classes import (
    ACTION_OF,
    ACTIONS,
    GAP_CLASSES,
    GapDiagnosis,
    GapThresholds,
    calc_key_links,
    classify_links,
)
from chainmap.gaps.export import GAP_STYLES, export_gaps, gap_node_classes, gaps_to_json
from chainmap.gaps.extension import downstream_buyers
from chainmap.gaps.fill import calc_fill_gains, fill_values, joint_fill
from chainmap.gaps.need import (
    NeedMatrices,
    ParentContext,
    city_output_at,
    need_matrices,
    sector_names,
    table_positions,
)
from chainmap.io.sectors import resolve_sectors
from chainmap.io.table import IOTable
from chainmap.iomath import Array

__all__ = [
    "GAP_STYLES",
    "GapDiagnosis",
    "GapThresholds",
    "calc_fill_gains",
    "calc_key_links",
    "diagnose_gaps",
    "export_gaps",
    "gap_node_classes",
    "gaps_to_json",
    "parent_id",
]


def parent_id(city_table: IOTable) -> str | None:
    """The parent table (registry id or path) a regionalised table records, if any.

    Examples
    --------
    >>> from chainmap.io.examples import miller_blair_2x2
    >>> parent_id(miller_blair_2x2()) is None
    True
    """
    for note in city_table.meta.notes:
        if note.startswith("parent: "):
            return note[len("parent: ") :].strip() or None
    return None


def _resolve(city: IOTable, sector: str | Sequence[str]) -> list[str]:
    texts = [sector] if isinstance(sector, str) else list(sector)
    if not texts:
        msg = "no candidate sector given"
        raise ScenarioError(msg)
    known = set(map(str, city.codes))
    # exact codes need no name lookup (the common case in batch runs)
    codes = texts if all(isinstance(t, str) and t in known for t in texts) else None
    if codes is None:
        codes = resolve_sectors(city, texts)
    return list(dict.fromkeys(codes))


def diagnose_gaps(
    city_table: IOTable,
    sector: str | Sequence[str],
    *,
    parent: IOTable | None = None,
    import_share: pd.Series | None = None,
    thresholds: GapThresholds | None = None,
) -> GapDiagnosis:
    """Diagnose the chain gaps of a candidate industry (see the module docstring).

    Parameters
    ----------
    city_table : IOTable
        Non-competitive city table (local Z, imports by product).
    sector : code or name, or several (a group diagnosed as one buyer, output-weighted).
    parent : IOTable, optional
        The parent table: national import dependence, location quotients, downstream
        buyers and the technology of suppliers the city lacks. Without it those columns
        are NaN and no choke point can be found.
    import_share : Series, optional
        National import dependence by product code, overriding the parent's.
    thresholds : GapThresholds, optional

    Returns
    -------
    GapDiagnosis

    Examples
    --------
    >>> import pandas as pd
    >>> from chainmap.io.examples import miller_blair_2x2
    >>> from chainmap.city.citydata import CityData
    >>> from chainmap.city.regional import regionalize
    >>> t = miller_blair_2x2()
    >>> city = regionalize(t, CityData(pd.Series([50.0, 200.0], index=["1", "2"])))
    >>> d = diagnose_gaps(city, "2", parent=t)
    >>> d.links["gap_class"].tolist()
    ['weak', 'sound']
    >>> round(d.summary["local_supporting_rate"], 4)
    0.3227
    """
    t = thresholds or GapThresholds()
    group = _resolve(city_table, sector)
    ctx = None
    if parent is not None:
        ctx = ParentContext(parent, parent_technology(parent, "total")[0], table_positions(parent))
    nm = need_matrices(city_table, ctx)
    keep, need, local, total_need = _group_need(city_table, nm, group)
    prods = [nm.products[k] for k in keep]
    share = need / total_need
    local_share = np.divide(local, need, out=np.zeros_like(need), where=need > 0)
    mu, mu_src = _import_dependence(prods, ctx, import_share)
    x = city_table.x
    cpos = table_positions(city_table)
    local_output = np.array([x[cpos[c]] if c in cpos else 0.0 for c in prods])
    slq = _supplier_lq(prods, ctx, city_table)
    large = (np.nan_to_num(slq) >= t.large_lq) | (local_output >= t.large_output_share * x.sum())
    classes = classify_links(share, local_share, mu, t, large)
    actions = [ACTION_OF.get(c, "none") for c in classes]
    key = calc_key_links(need, t.key_share)
    present = (local_share >= t.break_share) | large
    gains_out, gains_va = fill_values(city_table, nm, keep, ctx, t.fill_target)
    names = sector_names(city_table, parent)
    links = pd.DataFrame(
        {
            "name_zh": [names.get(c, (c, c))[0] for c in prods],
            "name_en": [names.get(c, (c, c))[1] for c in prods],
            "need": need,
            "cost_share": share,
            "local_coefficient": local,
            "local_share": local_share,
            "leakage": need - local,
            "local_output": local_output,
            "slq": slq,
            "large_local_output": large,
            "import_share": mu,
            "is_key": key,
            "is_self": [c in group for c in prods],
            "present_locally": present,
            "choke_flag": (share >= t.choke_cost_share)
            & (np.nan_to_num(mu) >= t.choke_import_share),
            "gap_class": classes,
            "gap_class_zh": [GAP_CLASSES[c][0] for c in classes],
            "action": actions,
            "action_zh": [ACTIONS[a][0] for a in actions],
            "fill_output_gain": gains_out,
            "fill_value_added_gain": gains_va,
        },
        index=pd.Index(prods, name="supplier"),
    )
    downstream = downstream_buyers(city_table, ctx, group, t, names)
    todo = keep[[a in ("fill", "strengthen") for a in actions]]
    joint = joint_fill(city_table, nm, todo, ctx, t.fill_target)
    summary = _summary(city_table, group, links, downstream, t, names, total_need)
    summary["joint_fill_output_gain"], summary["joint_fill_value_added_gain"] = joint
    summary["import_share_source"] = mu_src
    summary["city_table"] = city_table.meta.region
    summary["city_notes"] = list(city_table.meta.notes)
    summary["thresholds"] = asdict(t)
    return GapDiagnosis(tuple(group), links, downstream, summary, t)


def _group_need(
    city: IOTable, nm: NeedMatrices, group: list[str]
) -> tuple[np.ndarray, Array, Array, float]:
    """Rows with a need (largest first), the group's output-weighted need and local, total need."""
    x = city.x
    cols = [table_positions(city)[c] for c in group]
    xg = x[cols]
    need_g = nm.need[:, cols] @ xg / xg.sum()
    local_g = nm.local[:, cols] @ xg / xg.sum()
    total_need = float(need_g.sum())
    if total_need <= 0:
        msg = f"sector {group} buys no intermediate inputs; nothing to diagnose"
        raise InputDataError(msg)
    keep = np.flatnonzero(need_g > 0)
    # largest need first, ties by code (stable and deterministic)
    keep = keep[np.lexsort((np.array(nm.products)[keep], -need_g[keep]))]
    return keep, need_g[keep], local_g[keep], total_need


def _import_dependence(
    prods: list[str], ctx: ParentContext | None, import_share: pd.Series | None
) -> tuple[Array, str]:
    """National import dependence of each product and where it comes from."""
    if import_share is not None:
        return import_share.reindex(pd.Index(prods)).to_numpy(dtype=float), "given import_share"
    if ctx is None:
        return np.full(len(prods), np.nan), "none (no parent table: choke points not evaluated)"
    mu_all = calc_import_share(ctx.table).to_numpy(dtype=float)
    mu = np.array([mu_all[ctx.pos[c]] if c in ctx.pos else np.nan for c in prods])
    return mu, f"m/(x - e + m) of {ctx.table.meta.table_id or ctx.table.meta.path or 'parent'}"


def _supplier_lq(prods: list[str], ctx: ParentContext | None, city: IOTable) -> Array:
    """City location quotient of each supplier against the parent (NaN without a parent)."""
    if ctx is None:
        return np.full(len(prods), np.nan)
    xr_all = city_output_at(ctx, city)
    slq_all = (xr_all / xr_all.sum()) / (ctx.table.x / ctx.table.x.sum())
    return np.array([slq_all[ctx.pos[c]] if c in ctx.pos else np.nan for c in prods])


def _summary(
    city: IOTable,
    group: list[str],
    links: pd.DataFrame,
    downstream: pd.DataFrame,
    t: GapThresholds,
    names: dict[str, tuple[str, str]],
    total_need: float,
) -> dict[str, Any]:
    """Supporting rate, counts per class, completeness and extension openings of one chain."""
    counts = Counter(links["gap_class"])
    key = links["is_key"].to_numpy(dtype=bool)
    present = links["present_locally"].to_numpy(dtype=bool)
    n_key = int(key.sum())
    pos = table_positions(city)
    return {
        "sector": group,
        "sector_name_zh": " / ".join(names[c][0] for c in group),
        "sector_name_en": " / ".join(names[c][1] for c in group),
        "city_output": float(city.x[[pos[c] for c in group]].sum()),
        "local_supporting_rate": float(links["local_coefficient"].sum() / total_need),
        "intermediate_input_coefficient": total_need,
        "links": len(links) - counts["minor"],
        **{f"n_{k}": int(counts[k]) for k in GAP_CLASSES},
        "key_links": n_key,
        "key_links_present": int((key & present).sum()),
        "chain_completeness": float((key & present).sum() / n_key) if n_key else float("nan"),
        "extension_opportunities": int((downstream["action"] == "extend").sum()),
        "fill_target": t.fill_target,
    }
