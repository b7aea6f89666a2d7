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

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from chainmap.analysis.updates import calc_rank_k_update
from chainmap.city.regional import ABSENT_PREFIX, calc_import_share, parent_technology
from chainmap.draw.chain_drawing import NodeClass, write_chain_png, write_chain_svg
from chainmap.errors import InputDataError, ScenarioError
from chainmap.graph.chain import chain_map
from chainmap.io.atomic import write_text_atomic
from chainmap.io.sectors import resolve_sectors
from chainmap.io.table import IOTable
from chainmap.iomath import Array

GAP_CLASSES: dict[str, tuple[str, str]] = {
    "break": ("断点", "break point"),
    "choke": ("堵点", "choke point"),
    "weak": ("弱点", "weak point"),
    "sound": ("健全", "sound"),
    "minor": ("次要", "minor link"),
}
ACTIONS: dict[str, tuple[str, str]] = {
    "fill": ("补链", "fill the chain"),
    "strengthen": ("强链", "strengthen the chain"),
    "extend": ("延链", "extend the chain"),
    "none": ("", ""),
}
_ACTION_OF = {"break": "fill", "choke": "strengthen", "weak": "strengthen"}


@dataclass(frozen=True)
class GapThresholds:
    """Thresholds of the gap classification (shares are fractions).

    Defaults: a link under 1 % of j's inputs is minor; under 15 % bought locally is a
    break point, under 40 % weak (both from the observed local shares of the provincial
    tables, see the module docstring); a supplier with large local output (city location
    quotient ≥ ``large_lq`` = 1 against the parent, or ≥ ``large_output_share`` = 0.5 % of
    city output) is never a break point (at worst weak) and counts as present; a choke
    point takes ≥ 5 % of j's inputs with a national import share ≥ 25 % (about four times
    China's 2020 average of 6 %); key links cover 80 % of requirements; a filled supplier
    reaches 50 % local share; a buyer taking ≥ 2 % of j's national output at under half
    its national presence is an extension target.
    """

    min_cost_share: float = 0.01
    break_share: float = 0.15
    sound_share: float = 0.40
    choke_cost_share: float = 0.05
    choke_import_share: float = 0.25
    key_share: float = 0.80
    fill_target: float = 0.50
    extension_sales_share: float = 0.02
    extension_presence: float = 0.50
    large_lq: float = 1.0
    large_output_share: float = 0.005

    def __post_init__(self) -> None:
        for name, value in asdict(self).items():
            if name == "large_lq":
                if value < 0:
                    raise ScenarioError(f"gap threshold large_lq must be ≥ 0; got {value}")
                continue
            if not 0.0 <= value <= 1.0:
                msg = f"gap threshold {name} must lie in [0, 1]; got {value}"
                raise ScenarioError(msg)
        if self.break_share > self.sound_share:
            msg = "gap threshold break_share must not exceed sound_share"
            raise ScenarioError(msg)


@dataclass(frozen=True)
class GapDiagnosis:
    """Result of :func:`diagnose_gaps`: per-link table, downstream table and summary."""

    sector: tuple[str, ...]
    links: pd.DataFrame
    downstream: pd.DataFrame
    summary: dict[str, Any]
    thresholds: GapThresholds


@dataclass(frozen=True)
class _Parent:
    table: IOTable
    a_total: Array  # total-technology coefficients of the parent
    pos: dict[str, int]  # code → position in the parent


@dataclass(frozen=True)
class _Need:
    products: list[str]  # city sectors first, then products the city lacks
    need: Array  # (products × city sectors) parent requirement per unit of city output
    local: Array  # (products × city sectors) local coefficients
    n_city: int
    avg_local: Array  # city's local share of each city product over all its local buyers


@lru_cache(maxsize=16)
def _positions(table: IOTable) -> dict[str, int]:
    """code → position (tables are immutable, so cached by identity)."""
    return {str(c): i for i, c in enumerate(table.codes)}


def _need_matrices(city: IOTable, ctx: _Parent | None) -> _Need:
    x = city.x
    codes = [str(c) for c in city.codes]
    z = city.z
    absent: list[str] = []
    rows: list[Array] = []
    if city.imports is not None and city.imports.shape[0] == city.n:
        if [str(c) for c in city.imports.index] != codes:
            msg = "the city's import block must list the products in the table's sector order"
            raise InputDataError(msg)
        m = city.imports.to_numpy(dtype=float)
        if city.other_inputs is not None:
            labels = [str(label) for label in city.other_inputs.index]
            values = city.other_inputs.to_numpy(dtype=float)
            for k, label in enumerate(labels):
                if label.startswith(ABSENT_PREFIX):
                    absent.append(label[len(ABSENT_PREFIX) :])
                    rows.append(values[k])
        need_flow = np.vstack([z + m, *rows]) if rows else z + m
        need = need_flow / x[np.newaxis, :]
    elif ctx is not None:
        missing = [c for c in codes if c not in ctx.pos]
        if missing:
            msg = f"city sectors {missing[:5]} are not sectors of the parent table"
            raise InputDataError(msg)
        here = set(codes)
        absent = [str(c) for c in ctx.table.codes if str(c) not in here]
        order = [ctx.pos[c] for c in [*codes, *absent]]
        need = ctx.a_total[np.ix_(order, [ctx.pos[c] for c in codes])]
    else:
        msg = (
            "gap diagnosis needs the city's imports by product (an n x n import block, as "
            "regionalize writes it) or the parent table"
        )
        raise InputDataError(msg)
    local = np.zeros_like(need)
    local[: city.n] = z / x[np.newaxis, :]
    tot = need[: city.n] @ x
    avg = np.divide(z.sum(axis=1), tot, out=np.zeros(city.n), where=tot > 0)
    return _Need([*codes, *absent], need, local, city.n, avg)


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


def _classify(
    cost_share: Array, local_share: Array, mu: Array, t: GapThresholds, large: Array | None = None
) -> list[str]:
    big = np.zeros(len(cost_share), dtype=bool) if large is None else np.asarray(large, bool)
    out = []
    for cs, ls, m, lg in zip(cost_share, local_share, mu, big, strict=True):
        if cs < t.min_cost_share:
            out.append("minor")
        elif ls < t.break_share and not lg:
            out.append("break")
        elif cs >= t.choke_cost_share and not np.isnan(m) and m >= t.choke_import_share:
            out.append("choke")
        elif ls < t.sound_share:
            out.append("weak")
        else:
            out.append("sound")
    return out


def calc_key_links(need: Array, key_share: float) -> Array:
    """Boolean mask of the fewest links (largest first, ties by position) covering ``key_share``.

    Examples
    --------
    >>> import numpy as np
    >>> calc_key_links(np.array([0.1, 0.5, 0.3, 0.1]), 0.8).tolist()
    [False, True, True, False]
    """
    v = np.asarray(need, dtype=float)
    order = np.argsort(-v, kind="stable")
    cum_before = np.concatenate([[0.0], np.cumsum(v[order])[:-1]]) / max(v.sum(), 1e-300)
    key = np.zeros(v.size, dtype=bool)
    key[order] = (cum_before < key_share - 1e-12) & (v[order] > 0)
    return key


def calc_fill_gains(L: Array, x: Array, delta: Array) -> Array:
    """Output change when supplier ``i_s``'s row of A rises by ``delta[s]``, each alone.

    Sherman–Morrison (rank-1 Woodbury) for every supplier at once:
    ``Δx_s = L e_{i_s} (δ_s′ x) / (1 − δ_s′ L e_{i_s})``, since ``x' = (I − A − e_i δ′)⁻¹ f``.

    Parameters
    ----------
    L : (n, k) array
        The suppliers' columns of the Leontief inverse, ``L[:, i_s]``.
    x : (n,) array
        City output (for the unchanged final demand).
    delta : (k, n) array
        Rise of each supplier's row of A.

    Returns
    -------
    (n, k) array of output changes.

    Examples
    --------
    >>> import numpy as np
    >>> from chainmap.io.examples import miller_blair_2x2
    >>> t = miller_blair_2x2()
    >>> d = np.array([[0.0, 0.05]])          # a_12 rises by 0.05
    >>> calc_fill_gains(t.l[:, [0]], t.x, d).round(4).ravel()
    array([127.0903,  26.7559])
    """
    num = delta @ x
    den = 1.0 - np.einsum("sk,ks->s", delta, L)
    if (den <= 0).any():
        msg = "a fill scenario makes the city economy non-productive (1 - δ′L e_i <= 0)"
        raise ScenarioError(msg)
    return np.asarray(L * (num / den)[np.newaxis, :], dtype=np.float64)


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
        ctx = _Parent(parent, parent_technology(parent, "total")[0], _positions(parent))
    nm = _need_matrices(city_table, ctx)
    x = city_table.x
    cpos = _positions(city_table)
    cols = [cpos[c] for c in group]
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
    prods = [nm.products[k] for k in keep]
    need = need_g[keep]
    local = local_g[keep]
    share = need / total_need
    local_share = np.divide(local, need, out=np.zeros_like(need), where=need > 0)

    mu = np.full(len(prods), np.nan)
    mu_src = "none (no parent table: choke points not evaluated)"
    if import_share is not None:
        mu = import_share.reindex(pd.Index(prods)).to_numpy(dtype=float)
        mu_src = "given import_share"
    elif ctx is not None:
        mu_all = calc_import_share(ctx.table).to_numpy(dtype=float)
        mu = np.array([mu_all[ctx.pos[c]] if c in ctx.pos else np.nan for c in prods])
        mu_src = f"m/(x - e + m) of {ctx.table.meta.table_id or ctx.table.meta.path or 'parent'}"
    slq = np.full(len(prods), np.nan)
    if ctx is not None:
        xr_all = _city_output_at(ctx, city_table)
        slq_all = (xr_all / xr_all.sum()) / (ctx.table.x / ctx.table.x.sum())
        slq = np.array([slq_all[ctx.pos[c]] if c in ctx.pos else np.nan for c in prods])

    local_output = np.array([x[cpos[c]] if c in cpos else 0.0 for c in prods])
    large = (np.nan_to_num(slq) >= t.large_lq) | (local_output >= t.large_output_share * x.sum())
    classes = _classify(share, local_share, mu, t, large)
    actions = [_ACTION_OF.get(c, "none") for c in classes]
    key = calc_key_links(need, t.key_share)
    present = (local_share >= t.break_share) | large
    gains_out, gains_va = _fill_values(city_table, nm, keep, ctx, t.fill_target)
    names = _names(city_table, parent)
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
    downstream = _downstream(city_table, ctx, group, t, names)
    todo = keep[[a in ("fill", "strengthen") for a in actions]]
    joint = _joint_fill(city_table, nm, todo, ctx, t.fill_target)
    counts = Counter(classes)
    n_key = int(key.sum())
    summary: dict[str, Any] = {
        "sector": group,
        "sector_name_zh": " / ".join(names[c][0] for c in group),
        "sector_name_en": " / ".join(names[c][1] for c in group),
        "city_output": float(xg.sum()),
        "local_supporting_rate": float(local.sum() / total_need),
        "intermediate_input_coefficient": total_need,
        "links": len(classes) - counts["minor"],
        **{f"n_{k}": int(counts[k]) for k in GAP_CLASSES},
        "key_links": n_key,
        "key_links_present": int((key & present).sum()),
        "chain_completeness": float((key & present).sum() / n_key) if n_key else float("nan"),
        "extension_opportunities": int((downstream["action"] == "extend").sum()),
        "fill_target": t.fill_target,
        "joint_fill_output_gain": joint[0],
        "joint_fill_value_added_gain": joint[1],
        "import_share_source": mu_src,
        "city_table": city_table.meta.region,
        "city_notes": list(city_table.meta.notes),
        "thresholds": asdict(t),
    }
    return GapDiagnosis(tuple(group), links, downstream, summary, t)


@lru_cache(maxsize=16)
def _table_names(table: IOTable) -> dict[str, tuple[str, str]]:
    """(Chinese, English) name per code (tables are immutable, so cached by identity)."""
    sec = table.sectors
    n = len(sec)
    base = [str(v) for v in sec["name"].tolist()] if "name" in sec else [""] * n
    cols = []
    for col in ("name_zh", "name_en"):
        vals = sec[col].tolist() if col in sec else [""] * n
        cols.append(["" if v is None or pd.isna(v) else str(v) for v in vals])
    return {
        str(code): (zh or b or str(code), en or b or str(code))
        for code, b, zh, en in zip(sec.index, base, cols[0], cols[1], strict=True)
    }


def _names(city: IOTable, parent: IOTable | None) -> dict[str, tuple[str, str]]:
    """(Chinese, English) name per code; the city's own names win over the parent's."""
    if parent is None:
        return _table_names(city)
    return {**_table_names(parent), **_table_names(city)}


def _city_output_at(ctx: _Parent, city: IOTable) -> Array:
    """City output at the parent's codes (0 where the city has none)."""
    xr = np.zeros(ctx.table.n)
    missing = [str(c) for c in city.codes if str(c) not in ctx.pos]
    if missing:
        msg = f"city sectors {missing[:5]} are not sectors of the parent table"
        raise InputDataError(msg)
    xr[[ctx.pos[str(c)] for c in city.codes]] = city.x
    return xr


def _va_coefficients(city: IOTable) -> Array:
    return city.value_added.to_numpy(dtype=float).sum(axis=0) / city.x


def _supplier_delta(nm: _Need, pos: int, target: float) -> Array:
    """Rise of supplier ``pos``'s row of local coefficients up to ``target`` of the need."""
    return np.maximum(0.0, target * nm.need[pos] - nm.local[pos])


def _new_sector_parts(
    city: IOTable, nm: _Need, code: str, ctx: _Parent, target: float
) -> tuple[Array, Array, float, float]:
    """Sales row, purchase column, own coefficient and VA coefficient of a new sector."""
    pcol = ctx.pos[code]
    city_rows = [ctx.pos[str(c)] for c in city.codes]
    purchases = ctx.a_total[city_rows, pcol] * nm.avg_local
    sales = target * nm.need[nm.products.index(code)]
    own = target * float(ctx.a_total[pcol, pcol])
    va = float(ctx.table.value_added.to_numpy(dtype=float)[:, pcol].sum() / ctx.table.x[pcol])
    return sales, purchases, own, va


def _fill_values(
    city: IOTable, nm: _Need, rows: np.ndarray, ctx: _Parent | None, target: float
) -> tuple[Array, Array]:
    """Output and VA gained by filling each supplier (rows of ``nm``) alone."""
    x = city.x
    v = _va_coefficients(city)
    out_gain = np.full(rows.size, np.nan)
    va_gain = np.full(rows.size, np.nan)
    in_city = np.flatnonzero(rows < nm.n_city)
    if in_city.size:
        r = rows[in_city]
        delta = np.maximum(0.0, target * nm.need[r] - nm.local[r])
        dx = calc_fill_gains(city.l[:, r], x, delta)
        out_gain[in_city] = dx.sum(axis=0)
        va_gain[in_city] = v @ dx
    if ctx is not None:
        for s in np.flatnonzero(rows >= nm.n_city):
            code = nm.products[int(rows[s])]
            dx, x_new, va_new = _new_sector_gain(city, nm, [code], ctx, target, [])
            out_gain[s] = dx.sum() + x_new
            va_gain[s] = v @ dx + va_new
    return out_gain, va_gain


def _new_sector_gain(
    city: IOTable,
    nm: _Need,
    new_codes: list[str],
    ctx: _Parent,
    target: float,
    present_pos: list[int],
    *,
    joint: bool = False,
) -> tuple[Array, float, float]:
    """Output change of the city sectors, output and VA of new sectors (bordered Woodbury)."""
    n, k = city.n, len(new_codes)
    L_aug = np.zeros((n + k, n + k))
    L_aug[:n, :n] = city.l
    L_aug[n:, n:] = np.eye(k)
    us: list[Array] = []
    vs: list[Array] = []
    va_new = np.zeros(k)
    for m, code in enumerate(new_codes):
        sales, purchases, own, va_new[m] = _new_sector_parts(city, nm, code, ctx, target)
        e = np.zeros(n + k)
        e[n + m] = 1.0
        row = np.concatenate([sales, np.zeros(k)])
        row[n + m] = own
        col = np.concatenate([purchases, np.zeros(k)])
        us += [e, col]
        vs += [row, e]
    for p in present_pos:
        e = np.zeros(n + k)
        e[p] = 1.0
        us.append(e)
        vs.append(np.concatenate([_supplier_delta(nm, p, target), np.zeros(k)]))
    U = np.column_stack(us)
    V = np.column_stack(vs)
    x_aug = np.concatenate([city.x, np.zeros(k)])
    if joint:
        L_new = calc_rank_k_update(L_aug, U, V)
        f_aug = np.concatenate([city.final_demand.to_numpy(dtype=float).sum(axis=1), np.zeros(k)])
        x_new = L_new @ f_aug
    else:
        # Woodbury applied to output only: x' = x + L U (I − V′ L U)⁻¹ V′ x (no new inverse)
        LU = L_aug @ U
        K = np.eye(U.shape[1]) - V.T @ LU
        if not np.isfinite(K).all() or np.linalg.cond(K) > 1e12:
            msg = f"filling {new_codes} makes the city economy singular"
            raise ScenarioError(msg)
        x_new = x_aug + LU @ np.linalg.solve(K, V.T @ x_aug)
    dx = x_new[:n] - city.x
    return dx, float(x_new[n:].sum()), float(va_new @ x_new[n:])


def _joint_fill(
    city: IOTable, nm: _Need, rows: np.ndarray, ctx: _Parent | None, target: float
) -> tuple[float, float]:
    """Output and VA gained by filling every 补链/强链 link at once (one rank-k update)."""
    if rows.size == 0:
        return 0.0, 0.0
    present = [int(r) for r in rows if r < nm.n_city]
    new = [nm.products[int(r)] for r in rows if r >= nm.n_city]
    if new and ctx is None:
        return float("nan"), float("nan")
    v = _va_coefficients(city)
    if new:
        assert ctx is not None
        dx, x_new, va_new = _new_sector_gain(city, nm, new, ctx, target, present, joint=True)
        return float(dx.sum() + x_new), float(v @ dx + va_new)
    U = np.zeros((city.n, len(present)))
    U[present, np.arange(len(present))] = 1.0
    V = np.column_stack([_supplier_delta(nm, p, target) for p in present])
    L_new = calc_rank_k_update(city.l, U, V)
    dx = L_new @ city.final_demand.to_numpy(dtype=float).sum(axis=1) - city.x
    return float(dx.sum()), float(v @ dx)


def _downstream(
    city: IOTable,
    ctx: _Parent | None,
    group: list[str],
    t: GapThresholds,
    names: dict[str, tuple[str, str]],
) -> pd.DataFrame:
    """Buyers of the candidate's product: national sales share, local presence, 延链 flag."""
    cols = ["name_zh", "name_en", "sales_share", "presence", "local_output", "action", "action_zh"]
    if ctx is None:
        return pd.DataFrame(columns=cols, index=pd.Index([], name="buyer"))
    gpos = [ctx.pos[c] for c in group]
    xn = ctx.table.x
    # share of the group's national output sold to each buyer as intermediate input
    sales = (ctx.a_total[gpos, :] * xn[np.newaxis, :]).sum(axis=0) / xn[gpos].sum()
    xr = _city_output_at(ctx, city)
    presence = (xr / xr[gpos].sum()) / (xn / xn[gpos].sum())
    mask = np.ones(ctx.table.n, dtype=bool)
    mask[gpos] = False
    mask &= sales >= t.extension_sales_share
    idx = np.flatnonzero(mask)
    idx = idx[np.argsort(-sales[idx], kind="stable")]
    all_codes = [str(c) for c in ctx.table.codes]
    codes = [all_codes[int(i)] for i in idx]
    ext = presence[idx] < t.extension_presence
    return pd.DataFrame(
        {
            "name_zh": [names[c][0] for c in codes],
            "name_en": [names[c][1] for c in codes],
            "sales_share": sales[idx],
            "presence": presence[idx],
            "local_output": xr[idx],
            "action": np.where(ext, "extend", "none"),
            "action_zh": np.where(ext, ACTIONS["extend"][0], ""),
        },
        index=pd.Index(codes, name="buyer"),
    )


# ----- output: link table, JSON and the chain map coloured by gap class -------------------
#: Node styles of the gap chain map (fill, stroke, Chinese and English legend labels).
GAP_STYLES: dict[str, tuple[str, str, str, str]] = {
    "candidate": ("#fde3c8", "#e8741a", "候选产业", "candidate"),
    "break": ("#f6c9c4", "#c0392b", "断点 · 补链", "break point · fill"),
    "choke": ("#fbd9b5", "#d35400", "堵点 · 强链", "choke point · strengthen"),
    "weak": ("#fbefc0", "#b7950b", "弱点 · 强链", "weak point · strengthen"),
    "sound": ("#d3ecd3", "#2e8b57", "健全", "sound"),
    "minor": ("#ececec", "#9a9a9a", "次要环节", "minor link"),
    "extend": ("#d4e3f4", "#2e6da4", "延链机会", "extension opportunity"),
    "buyer": ("#f3f3f3", "#7f7f7f", "下游（本地已有）", "downstream (present locally)"),
    "other": ("#ffffff", "#bbbbbb", "间接关联（未诊断）", "indirect (not diagnosed)"),
}


def gap_node_classes(diagnosis: GapDiagnosis, nodes: pd.DataFrame) -> dict[str, str]:
    """Class key per node of a chain map (index = codes, with ``position``, ``is_candidate``)."""
    gap = diagnosis.links["gap_class"].to_dict()
    ext = set(diagnosis.downstream.index[diagnosis.downstream["action"] == "extend"])
    out: dict[str, str] = {}
    for code, row in nodes.iterrows():
        c = str(code)
        if bool(row["is_candidate"]) or c in diagnosis.sector:
            out[c] = "candidate"
        elif row["position"] == "downstream":
            out[c] = "extend" if c in ext else "buyer"
        else:
            out[c] = str(gap.get(c, "other"))
    return out


def _json_ready(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _json_ready(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_ready(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not np.isfinite(value):
        return None
    return value


def gaps_to_json(diagnosis: GapDiagnosis) -> str:
    """The diagnosis as JSON: summary, links and downstream buyers (NaN → null)."""
    import json

    doc = {
        "summary": diagnosis.summary,
        "links": diagnosis.links.reset_index().to_dict("records"),
        "downstream": diagnosis.downstream.reset_index().to_dict("records"),
    }
    return json.dumps(_json_ready(doc), ensure_ascii=False, indent=1, allow_nan=False)


def export_gaps(
    diagnosis: GapDiagnosis,
    out_dir: str | Path,
    *,
    map_table: IOTable,
    city_output: pd.Series | None = None,
    lang: str = "zh",
    png: bool = True,
    overwrite: bool = True,
) -> list[Path]:
    """Write ``gaps_<code>_links.csv``, ``_downstream.csv``, ``.json``, ``.svg`` and ``.png``.

    The chain map is drawn on ``map_table`` (the parent, whose chain shows every link the
    candidate needs, or the city table) for the group member with the largest city
    output (``city_output``), nodes coloured by gap class. Files are written atomically.
    """
    group = list(diagnosis.sector)
    main = group[0]
    if city_output is not None and len(group) > 1:
        main = str(city_output.reindex(group).astype(float).idxmax())
    out = Path(out_dir)
    stem = f"gaps_{main}" if len(group) == 1 else f"gaps_{group[0]}-{group[-1]}"
    written = [
        write_text_atomic(
            out / f"{stem}_links.csv",
            diagnosis.links.reset_index().to_csv(index=False, lineterminator="\n"),
            overwrite=overwrite,
        ),
        write_text_atomic(
            out / f"{stem}_downstream.csv",
            diagnosis.downstream.reset_index().to_csv(index=False, lineterminator="\n"),
            overwrite=overwrite,
        ),
        write_text_atomic(
            out / f"{stem}.json", gaps_to_json(diagnosis) + "\n", overwrite=overwrite
        ),
    ]
    chain = chain_map(map_table, main, depth=2, top_n=8)
    classes = {k: NodeClass(*v) for k, v in GAP_STYLES.items()}
    node_class = gap_node_classes(diagnosis, chain.nodes)
    rate = diagnosis.summary["local_supporting_rate"]
    name = diagnosis.summary["sector_name_zh" if lang != "en" else "sector_name_en"]
    title = (
        f"{name} · 产业链断点诊断 · 本地配套率 {rate:.0%}"
        if lang != "en"
        else f"{name} · chain gaps · local supporting rate {rate:.0%}"
    )
    written.append(
        write_chain_svg(
            chain,
            out / f"{stem}.svg",
            lang=lang,
            node_class=node_class,
            classes=classes,
            title=title,
            overwrite=overwrite,
        )
    )
    if png:
        drawn = write_chain_png(
            chain,
            out / f"{stem}.png",
            lang=lang,
            node_class=node_class,
            classes=classes,
            title=title,
            overwrite=overwrite,
        )
        written.append(drawn.path)
    return written
