"""Selection MILP: choose leading industries and the chain links to fill (主导产业与补链优化).

The only module that imports PuLP. It sees plain data (:class:`SelectionInputs`),
never an IO table or a scenario file; building and solving are separate steps.

Model (formulas.md C.10, corrected)
-----------------------------------
Binary y_j (j leads), p_j (j is cultivated as a *potential* leading industry),
u_i (supplier i is filled or strengthened locally). A link i→j earns w_ij when its
industry j leads and its supplier is covered: filled (c_i = u_i), or, with
``leading_covers_links``, filled or itself leading (c_i = u_i + y_i). The objective is
bilinear: a link earns only when c_i = y_j = 1, a synergy pair σ_jk only when
y_j = y_k = 1. Written as a quadratic program::

    max  ω Σ_j s_j y_j + ω δ Σ_j s_j p_j + λ Σ_i c_i Σ_j w_ij y_j + γ Σ_jk σ_jk y_j y_k
         − μ (Σ_j c_j (y_j + p_j) + Σ_i κ_i u_i)
    s.t. y_j + p_j ≤ 1                          role_j
         u_i ≤ Σ_{j: (i,j) a link} y_j          chain_i
         u_i + y_i ≤ 1                          fill_or_lead_i (leading_covers_links)
         plus the optional planner groups below.

Each product is linearised per supplier and per industry, not per pair (exact at
every integer point with at most K = n_leading_max leading industries):

* filled links: v_i ≤ Σ_j w_ij y_j (link_need_i), v_i ≤ W_i u_i (link_fill_i), W_i the
  sum of the K largest w_ij; a supplier with a single user j earns w_ij u_i directly;
* pairs of leading industries, y_j y_k: synergy bonuses γ σ_jk > 0 and, with
  ``leading_covers_links``, links λ w_kj between two leading industries. Every pair
  value is split in halves h between its ends: g_j ≤ Σ_k h_jk y_k (pair_need_j),
  g_j ≤ H_j y_j (pair_lead_j), H_j the sum of the K − 1 largest h_jk;
* synergy penalty (σ < 0): z_jk ≥ y_j + y_k − 1 (synergy_j_k).

The aggregated rows give about a third of the variables and a fifth of the rows of
the pairwise McCormick form (q_ij ≤ y_j, q_ij ≤ u_i). Their LP relaxation is weaker
(on the Hangzhou 153-sector instance 4.76 against 4.01 for an optimum of 3.86), but
CBC's root cuts close most of that gap and the best and five alternatives solve about
2.5× faster (benchmarks/bench_selection.py; adding the pairwise rows back, or the
u-tight rows v_i ≤ w(S) u_i + Σ_{j∉S} w_ij y_j for the heaviest users S, was slower).
Variables that are zero in every optimal solution are not created at all (``_plan``).

Decisions made here (the C.10 draft left them open or got them wrong):

* w_ij = need × local-supply gap is already net of the existing regional purchase
  coefficient RPC_i, so only newly filled supply earns value (a link counts only with
  u_i = 1). The draft's q_ij ≤ u_i + RPC_i paid for existing supply a second time and
  without investment.
* Links and synergy count for *leading* industries only: method.md 2.1 builds the
  chain "在识别并确立要发展的主导产业基础上" (after the leading industry is fixed); a
  cultivated potential industry earns its discounted score (δ) and nothing else.
* A supplier is filled only for a chain in the portfolio (chain_i), so u_i = 1 never
  appears without a chosen user even when κ_i = 0.
* A supplier that is itself chosen to lead may also be filled by default: the fill
  is the targeted 强链 between two leading chains, costed on top of its entry. With
  ``leading_covers_links`` the leading supplier covers those links itself and is
  never also filled (fill_or_lead_i); that reading adds products y_i y_j and solves
  several times slower.
* Entry costs, resource caps and diversity count both roles (y_j + p_j): both take
  money, land and attention. Counts are per role.
* Stage rule (method.md 1.4): p_j only for stage class "potential"; y_j for class
  "leading", and in lenient mode also for "potential"; class "excluded" takes no role.
* A synergy bonus σ_jk > 0 needs only upper bounds (the draft's lower bound on z is
  the linearisation of a penalty, kept here for σ_jk < 0).

Relaxable constraint groups (named ``group`` or ``group_<code>`` in the LP):
``budget, count_leading, count_potential, max_links, cap_<name>, diversity,
must_include, exclude, stage``.
"""

from __future__ import annotations

import dataclasses
import math
import re
import time
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import pandas as pd
import pulp

from chainmap.errors import ScenarioError, SolverError

__all__ = [
    "GROUP_LABELS",
    "Alternative",
    "InfeasibilityDiagnosis",
    "LinkFill",
    "ResourceCap",
    "SelectionInputs",
    "SelectionProblem",
    "SelectionResult",
    "SelectionStatus",
    "add_nogood_cut",
    "build_problem",
    "diagnose_infeasibility",
    "relaxable_groups",
    "solve_k_best",
    "solve_problem",
]

STAGE_CLASSES: tuple[str, ...] = ("leading", "potential", "excluded")
SYN_COLS: tuple[str, ...] = ("industry", "partner", "sigma")

#: Bilingual labels of the constraint groups (used in diagnoses and reports).
GROUP_LABELS: dict[str, str] = {
    "budget": "预算 budget",
    "count_leading": "主导产业数量 number of leading industries",
    "count_potential": "潜在主导产业数量 number of potential industries",
    "max_links": "补链数量上限 maximum number of filled links",
    "cap": "资源约束 resource cap",
    "diversity": "门类分散 diversity per category",
    "must_include": "必选产业 must-include list",
    "exclude": "排除产业 exclude list",
    "stage": "产业阶段规则 stage rule",
    "role": "角色互斥 one role per industry",
    "link": "链接覆盖 link coverage",
    "chain": "补链须属所选产业链 fill only chosen chains",
    "pair": "主导产业间的协同与供给 value of pairs of leading industries",
    "synergy": "协同 synergy",
    "nogood": "排除已找到组合 no-good cut",
}
#: Groups that define the model itself; never relaxed by the diagnosis.
STRUCTURAL_GROUPS: frozenset[str] = frozenset(
    {"role", "link", "chain", "pair", "synergy", "nogood"}
)
#: Groups whose slack is reported (binding constraints of the planner).
LIMIT_GROUPS: tuple[str, ...] = ("budget", "count_leading", "count_potential", "max_links")
_TOL = 1e-6


@dataclass(frozen=True, eq=False)
class ResourceCap:
    """A resource limit Σ_j coefficient_j (y_j + p_j) ``sense`` cap.

    Parameters
    ----------
    coefficients : pd.Series
        Use per chosen industry (land in mu, energy in tce, jobs...), indexed by code.
    cap : float
        Limit, in the unit of ``coefficients``.
    sense : {"<=", ">="}
        "<=" for caps (land, energy, emission), ">=" for floors (employment).
    """

    coefficients: pd.Series
    cap: float
    sense: str = "<="


def _codes(values: Any) -> tuple[str, ...]:
    if values is None:
        return ()
    if isinstance(values, str):
        return (values,)
    return tuple(str(v) for v in values)


def _check_series(
    issues: list[str],
    name: str,
    s: Any,
    codes: Sequence[str],
    *,
    nonneg: bool = False,
    numeric: bool = True,
    allow_extra: bool = False,
) -> pd.Series | None:
    """Validate a code-indexed Series and return it in ``codes`` order (None if bad)."""
    if not isinstance(s, pd.Series):
        issues.append(f"{name}: expected a pandas Series indexed by code, got {type(s).__name__}")
        return None
    index = [str(c) for c in s.index]
    n_before = len(issues)
    present = set(index)
    dups = sorted({c for c in index if index.count(c) > 1}) if len(present) < len(index) else []
    if dups:
        issues.append(f"{name}: duplicate codes {dups[:5]}")
    missing = [c for c in codes if c not in present]
    if missing:
        issues.append(f"{name}: no value for code(s) {missing[:5]}")
    if not allow_extra:
        known = set(codes)
        extra = [c for c in index if c not in known]
        if extra:
            issues.append(
                f"{name}: unknown label(s) {extra[:5]} (expected only {list(codes)[:5]}...)"
            )
    if len(issues) > n_before:
        return None
    out = s.set_axis(index).reindex(list(codes))
    if not numeric:
        bad = [c for c, v in out.items() if not isinstance(v, str)]
        if bad:
            issues.append(f"{name}: missing or non-text value for code(s) {bad[:5]}")
            return None
        return out.astype(object)
    values = pd.to_numeric(out, errors="coerce").astype(float)
    bad = [f"{c}={_show(out[c])}" for c in codes if not math.isfinite(values[c])]
    if bad:
        issues.append(f"{name}: NaN, infinite or non-numeric value at {bad[:5]}")
        return None
    neg = [f"{c}={values[c]:g}" for c in codes if nonneg and values[c] < 0]
    if neg:
        issues.append(f"{name}: negative value at {neg[:5]}")
        return None
    return values


def _show(v: Any) -> str:
    """A value for a message: numbers plainly (nan, inf, 1.5), anything else quoted."""
    return f"{float(v):g}" if isinstance(v, int | float) else repr(v)


def _rows(df: pd.DataFrame, cols: Sequence[str]) -> list[tuple[Any, ...]]:
    """Rows of ``df[cols]`` as plain Python tuples (typed loops without itertuples)."""
    return list(zip(*(df[c].tolist() for c in cols), strict=True))


def _check_number(issues: list[str], name: str, v: Any, *, lo: float | None = 0.0) -> None:
    if v is None:
        return
    if not isinstance(v, int | float) or isinstance(v, bool) or not math.isfinite(v):
        issues.append(f"{name}: expected a finite number, got {v!r}")
    elif lo is not None and v < lo:
        issues.append(f"{name}: must be ≥ {lo:g}, got {v:g}")


@dataclass(frozen=True, eq=False)
class SelectionInputs:
    """Plain data of one selection problem; validated and normalised on construction.

    Parameters
    ----------
    candidates : sequence of str
        Industry codes that may be chosen.
    score : pd.Series
        Composite criterion score s_j per candidate.
    criteria, weights : pd.DataFrame and pd.Series, optional
        Normalised per-criterion scores (candidates × criteria) and their weights, so
        that robustness can re-weight (score should equal criteria @ weights / Σ weights).
    stage_class : pd.Series, optional
        "leading" | "potential" | "excluded" per candidate (method.md 1.4). Without it
        there are no potential-industry variables p_j.
    strict : bool
        Strict stage rule: only class "leading" may lead. Lenient: "potential" may too.
    entry_cost : pd.Series, optional
        Cost c_j of making j leading or potential (default 0).
    links : pd.DataFrame, optional
        Columns ``industry`` (j), ``supplier`` (i), ``value`` (w_ij ≥ 0, need × local
        supply gap, already net of existing coverage) and ``rpc`` (existing local
        coverage RPC_i ∈ [0, 1], one value per supplier; reported, not re-counted).
    fill_cost : pd.Series, optional
        Cost κ_i of filling supplier i (every linked supplier; extra codes ignored).
    budget : float, optional
        Limit on Σ c_j (y_j + p_j) + Σ κ_i u_i.
    n_leading_min, n_leading_max, n_potential_min, n_potential_max : int, optional
        Count ranges (min == max for an exact count).
    max_links : int, optional
        At most this many suppliers filled (Σ u_i).
    caps : mapping of str to ResourceCap or (coefficients, cap[, sense])
        Resource caps and floors.
    category, max_per_category : pd.Series and int or mapping, optional
        Diversity: at most m chosen industries (either role) per category.
    must_include, exclude : sequence of str
        Must be in the portfolio (y_j + p_j = 1) / must not.
    synergy : pd.DataFrame, optional
        Columns ``industry``, ``partner``, ``sigma``: bonus σ_jk when both lead.
    score_weight, link_weight, cost_weight, potential_discount, synergy_weight : float
        ω, λ, μ, δ ∈ [0, 1] and γ of the objective.
    leading_covers_links : bool
        False (default): a link is covered only by filling its supplier, also when the
        supplier is itself chosen to lead (the fill is then the targeted 强链 between
        two leading chains, costed on top of the entry). True: a leading supplier
        covers its links to the other leading chains itself, and is never also filled
        (u_i + y_i ≤ 1). The second rule adds products y_i y_j and solves several times
        slower (benchmarks/bench_selection.py).
    """

    candidates: tuple[str, ...]
    score: pd.Series
    criteria: pd.DataFrame | None = None
    weights: pd.Series | None = None
    stage_class: pd.Series | None = None
    strict: bool = False
    entry_cost: pd.Series | None = None
    links: pd.DataFrame | None = None
    fill_cost: pd.Series | None = None
    budget: float | None = None
    n_leading_min: int | None = None
    n_leading_max: int | None = None
    n_potential_min: int | None = None
    n_potential_max: int | None = None
    max_links: int | None = None
    caps: Mapping[str, Any] = field(default_factory=dict)
    category: pd.Series | None = None
    max_per_category: int | Mapping[str, int] | None = None
    must_include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    synergy: pd.DataFrame | None = None
    score_weight: float = 1.0
    link_weight: float = 1.0
    cost_weight: float = 0.0
    potential_discount: float = 0.5
    synergy_weight: float = 1.0
    leading_covers_links: bool = False

    def __post_init__(self) -> None:
        issues: list[str] = []
        codes = _codes(self.candidates)
        if not codes:
            issues.append("candidates: empty")
        if len(set(codes)) != len(codes):
            issues.append(
                f"candidates: duplicate codes {sorted({c for c in codes if codes.count(c) > 1})}"
            )
        norm: dict[str, Any] = {"candidates": codes}
        norm["score"] = _check_series(issues, "score", self.score, codes)
        norm["entry_cost"] = (
            pd.Series(0.0, index=list(codes))
            if self.entry_cost is None
            else _check_series(issues, "entry_cost", self.entry_cost, codes, nonneg=True)
        )
        if self.stage_class is not None:
            st = _check_series(issues, "stage_class", self.stage_class, codes, numeric=False)
            bad = (
                []
                if st is None
                else [f"{c}={v!r}" for c, v in st.items() if v not in STAGE_CLASSES]
            )
            if bad:
                issues.append(f"stage_class: expected one of {STAGE_CLASSES}, got {bad[:5]}")
            norm["stage_class"] = st
        norm.update(self._check_criteria(issues, codes))
        norm.update(self._check_links(issues, codes))
        norm["caps"] = self._check_caps(issues, codes)
        norm.update(self._check_diversity(issues, codes))
        norm.update(self._check_lists(issues, codes))
        if self.synergy is not None:
            norm["synergy"] = self._check_synergy(issues, codes)
        for name in ("budget", "score_weight", "link_weight", "cost_weight", "synergy_weight"):
            _check_number(issues, name, getattr(self, name))
        _check_number(issues, "potential_discount", self.potential_discount)
        if isinstance(self.potential_discount, int | float) and self.potential_discount > 1:
            issues.append(f"potential_discount: must be in [0, 1], got {self.potential_discount:g}")
        for role in ("leading", "potential"):
            lo, hi = getattr(self, f"n_{role}_min"), getattr(self, f"n_{role}_max")
            for name, v in ((f"n_{role}_min", lo), (f"n_{role}_max", hi)):
                if v is not None and (not isinstance(v, int) or isinstance(v, bool) or v < 0):
                    issues.append(f"{name}: expected a non-negative integer, got {v!r}")
            if isinstance(lo, int) and isinstance(hi, int) and lo > hi:
                issues.append(f"n_{role}_min: {lo} exceeds n_{role}_max {hi}")
        if self.stage_class is None and (self.n_potential_min or 0) > 0:
            issues.append("n_potential_min: potential industries need stage_class data")
        if self.max_links is not None and (
            not isinstance(self.max_links, int) or self.max_links < 0
        ):
            issues.append(f"max_links: expected a non-negative integer, got {self.max_links!r}")
        for flag in ("strict", "leading_covers_links"):
            if not isinstance(getattr(self, flag), bool):
                issues.append(f"{flag}: expected true or false, got {getattr(self, flag)!r}")
        if issues:
            head = f"{len(issues)} problem{'s' if len(issues) > 1 else ''} in selection inputs"
            raise ScenarioError(f"{head}:\n" + "\n".join(f" * {i}" for i in issues))
        for key, value in norm.items():
            object.__setattr__(self, key, value)

    def _check_criteria(self, issues: list[str], codes: tuple[str, ...]) -> dict[str, Any]:
        if (self.criteria is None) != (self.weights is None):
            issues.append("criteria/weights: give both or neither")
            return {}
        if self.criteria is None or self.weights is None:
            return {}
        if not isinstance(self.criteria, pd.DataFrame):
            issues.append(f"criteria: expected a DataFrame, got {type(self.criteria).__name__}")
            return {}
        cols = [str(c) for c in self.criteria.columns]
        w = _check_series(issues, "weights", self.weights, cols, nonneg=True)
        if w is not None and w.sum() <= 0:
            issues.append("weights: all weights are zero")
        crit = {}
        for col, orig in zip(cols, self.criteria.columns, strict=True):
            crit[col] = _check_series(issues, f"criteria[{col}]", self.criteria[orig], codes)
        if any(v is None for v in crit.values()) or w is None:
            return {}
        return {"criteria": pd.DataFrame(crit, index=list(codes)), "weights": w}

    def _check_links(self, issues: list[str], codes: tuple[str, ...]) -> dict[str, Any]:
        cols = ["industry", "supplier", "value", "rpc"]
        empty = pd.DataFrame({"industry": [], "supplier": [], "value": [], "rpc": []})
        links = empty if self.links is None else self.links
        if not isinstance(links, pd.DataFrame) or not set(cols) <= set(links.columns):
            issues.append(f"links: expected a DataFrame with columns {cols}")
            return {}
        links = links[cols].astype({"industry": str, "supplier": str}).reset_index(drop=True)
        links["value"] = pd.to_numeric(links["value"], errors="coerce").astype(float)
        links["rpc"] = pd.to_numeric(links["rpc"], errors="coerce").astype(float)
        known = set(codes)
        n_before = len(issues)
        for row, (ind, sup, val, rpc) in enumerate(_rows(links, cols)):
            where = f"links row {row} ({sup}→{ind})"
            if ind not in known:
                issues.append(f"{where}: unknown industry code {ind!r}")
            if not (math.isfinite(val) and val >= 0):
                issues.append(f"{where}: value must be finite and ≥ 0, got {val}")
            if not (0.0 <= rpc <= 1.0):
                issues.append(f"{where}: rpc must be in [0, 1], got {rpc}")
        if links.duplicated(["industry", "supplier"]).any():
            d = links[links.duplicated(["industry", "supplier"])].iloc[0]
            issues.append(f"links: duplicate link {d['supplier']}→{d['industry']}")
        spread = links.groupby("supplier")["rpc"].agg(lambda s: s.max() - s.min())
        for sup in spread.index[spread > 1e-12]:
            issues.append(f"links: supplier {sup} has different rpc values (one per supplier)")
        suppliers = tuple(sorted(set(links["supplier"])))
        fill = pd.Series(0.0, index=list(suppliers))
        if suppliers and self.fill_cost is not None:
            checked = _check_series(
                issues, "fill_cost", self.fill_cost, suppliers, nonneg=True, allow_extra=True
            )
            fill = fill if checked is None else checked
        if len(issues) > n_before:
            return {}
        links = links.sort_values(["industry", "supplier"], kind="stable").reset_index(drop=True)
        return {"links": links, "fill_cost": fill}

    def _check_caps(self, issues: list[str], codes: tuple[str, ...]) -> dict[str, ResourceCap]:
        out: dict[str, ResourceCap] = {}
        for name, raw in dict(self.caps).items():
            cap = raw if isinstance(raw, ResourceCap) else ResourceCap(*raw)
            if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", str(name)):
                issues.append(f"caps: name {name!r} must be an identifier (letters, digits, _)")
            if cap.sense not in ("<=", ">="):
                issues.append(f"caps[{name}]: sense must be '<=' or '>=', got {cap.sense!r}")
            _check_number(issues, f"caps[{name}].cap", cap.cap, lo=None)
            coef = _check_series(issues, f"caps[{name}].coefficients", cap.coefficients, codes)
            if coef is not None:
                out[str(name)] = ResourceCap(coef, float(cap.cap), cap.sense)
        return out

    def _check_diversity(self, issues: list[str], codes: tuple[str, ...]) -> dict[str, Any]:
        if (self.category is None) != (self.max_per_category is None):
            issues.append("category/max_per_category: give both or neither")
            return {}
        if self.category is None or self.max_per_category is None:
            return {}
        cat = _check_series(issues, "category", self.category, codes, numeric=False)
        if cat is None:
            return {}
        groups = sorted(set(cat))
        m = self.max_per_category
        limits = (
            dict.fromkeys(groups, m) if isinstance(m, int) else {str(k): v for k, v in m.items()}
        )
        unknown = sorted(set(limits) - set(groups))
        if unknown:
            issues.append(f"max_per_category: unknown categories {unknown[:5]}")
        for g, v in limits.items():
            if not isinstance(v, int) or isinstance(v, bool) or v < 0:
                issues.append(f"max_per_category[{g}]: expected a non-negative integer, got {v!r}")
        return {"category": cat, "max_per_category": {g: limits[g] for g in groups if g in limits}}

    def _check_lists(self, issues: list[str], codes: tuple[str, ...]) -> dict[str, Any]:
        must, excl = _codes(self.must_include), _codes(self.exclude)
        known = set(codes)
        for name, lst in (("must_include", must), ("exclude", excl)):
            unknown = [c for c in lst if c not in known]
            if unknown:
                issues.append(f"{name}: unknown code(s) {unknown[:5]}")
        both = sorted(set(must) & set(excl))
        if both:
            issues.append(f"must_include/exclude: code(s) {both} are in both lists")
        return {"must_include": tuple(sorted(set(must))), "exclude": tuple(sorted(set(excl)))}

    def _check_synergy(self, issues: list[str], codes: tuple[str, ...]) -> pd.DataFrame | None:
        syn = self.synergy
        if not isinstance(syn, pd.DataFrame) or not {"industry", "partner", "sigma"} <= set(
            syn.columns
        ):
            issues.append("synergy: expected a DataFrame with columns industry, partner, sigma")
            return None
        syn = syn[["industry", "partner", "sigma"]].astype({"industry": str, "partner": str})
        syn = syn.assign(sigma=pd.to_numeric(syn["sigma"], errors="coerce").astype(float))
        known, seen = set(codes), set()
        for row, (ind, par, sigma) in enumerate(_rows(syn, ["industry", "partner", "sigma"])):
            pair = tuple(sorted((ind, par)))
            if ind not in known or par not in known:
                issues.append(f"synergy row {row}: unknown code in pair {pair}")
            if ind == par or pair in seen:
                issues.append(f"synergy row {row}: self or duplicate pair {pair}")
            if not math.isfinite(sigma):
                issues.append(f"synergy row {row}: sigma must be finite, got {sigma}")
            seen.add(pair)
        a = syn[["industry", "partner"]].min(axis=1)
        b = syn[["industry", "partner"]].max(axis=1)
        out = pd.DataFrame({"industry": a, "partner": b, "sigma": syn["sigma"]})
        return out.sort_values(["industry", "partner"], kind="stable").reset_index(drop=True)

    @property
    def suppliers(self) -> tuple[str, ...]:
        """Codes of the suppliers that appear in ``links`` (sorted)."""
        assert self.links is not None  # normalised in __post_init__
        return tuple(sorted(set(self.links["supplier"])))

    def with_scores(self, score: pd.Series, weights: pd.Series | None = None) -> SelectionInputs:
        """Copy with new composite scores (and criteria weights); validation reruns."""
        return dataclasses.replace(
            self, score=score, weights=self.weights if weights is None else weights
        )


def _tokens(labels: Sequence[str], prefix: str) -> dict[str, str]:
    """LP-safe names: the label itself when ASCII-safe and unique, else positional."""
    safe = [re.sub(r"[^0-9A-Za-z]", "_", s) for s in labels]
    if len(set(safe)) == len(safe) and all(re.fullmatch(r"[0-9A-Za-z_.-]+", s) for s in labels):
        return dict(zip(labels, safe, strict=True))
    width = len(str(max(len(labels) - 1, 0)))
    return {s: f"{prefix}{k:0{width}d}" for k, s in enumerate(labels)}


@dataclass(eq=False)
class SelectionProblem:
    """A built (unsolved) selection MILP: the PuLP problem, its variables and groups.

    Only variables that can be nonzero exist (see :func:`build_problem`); a missing
    ``y[j]``, ``p[j]`` or ``u[i]`` is zero in every solution.

    Attributes
    ----------
    inputs : SelectionInputs
    prob : pulp.LpProblem
    y, p, u : dict of str to LpVariable
        Leading, potential and fill binaries (``p`` is empty without stage data).
    v : dict of str to LpVariable
        Value of the links a filled supplier covers, for fillable suppliers with two
        or more users: v_i = u_i Σ_j w_ij y_j at every integer point. A supplier with
        a single user j earns w_ij u_i directly (u_i ≤ y_j there).
    g : dict of str to LpVariable
        Value of the pairs a leading industry forms with its leading partners (half
        of each synergy bonus and, with ``leading_covers_links``, of each link between
        two leading industries): g_j = y_j Σ_k h_jk y_k at every integer point.
    z : dict of (industry, partner) to LpVariable
        Penalty pairs (σ < 0): z_jk ≥ y_j + y_k − 1.
    tok : dict of str to str
        LP-safe token of every code (``y_<tok>``) and category.
    relax : frozenset of str
        Groups or constraint names left out (see :func:`build_problem`).
    groups : dict of str to list of str
        Names of the constraints in force, per group, in insertion order (including
        the rules enforced by leaving a variable out, listed in ``omitted``).
    relaxed : list of str
        Names of the constraints left out.
    omitted : set of str
        Rules in force that need no row because their variables do not exist
        (``stage_lead_<j>``, ``stage_potential_<j>``, ``exclude_<j>``).
    terms : dict of str to LpAffineExpression
        The objective terms of the LP; ``cost`` is the unweighted total cost. (The
        terms reported in a result are recomputed from the solution.)
    plan : _Plan
        Which variables exist and the K used in the caps W_i and H_j.
    """

    inputs: SelectionInputs
    prob: pulp.LpProblem
    y: dict[str, pulp.LpVariable]
    p: dict[str, pulp.LpVariable]
    u: dict[str, pulp.LpVariable]
    v: dict[str, pulp.LpVariable]
    g: dict[str, pulp.LpVariable]
    z: dict[tuple[str, str], pulp.LpVariable]
    tok: dict[str, str]
    relax: frozenset[str] = frozenset()
    plan: _Plan | None = None
    groups: dict[str, list[str]] = field(default_factory=dict)
    relaxed: list[str] = field(default_factory=list)
    omitted: set[str] = field(default_factory=set)
    terms: dict[str, Any] = field(default_factory=dict)

    def active(self, name: str, group: str) -> bool:
        """True unless the constraint, its group or its family is relaxed."""
        return _active(self.relax, name, group)

    def add(self, constraint: pulp.LpConstraint, name: str, group: str) -> None:
        """Add a named constraint unless its group, its family or its name is relaxed."""
        if not self.active(name, group):
            self.relaxed.append(name)
            return
        self.prob += constraint, name
        self.groups.setdefault(group, []).append(name)

    def omit(self, name: str, group: str) -> None:
        """Record a rule in force that holds because its variables were never created."""
        self.groups.setdefault(group, []).append(name)
        self.omitted.add(name)

    def chosen(self, j: str) -> Any:
        """y_j + p_j: j is in the portfolio in either role (0 if neither role exists)."""
        return pulp.lpSum(v for v in (self.y.get(j), self.p.get(j)) if v is not None)


@dataclass(frozen=True)
class _Plan:
    """Which variables can be nonzero, decided before any is created."""

    lead: tuple[str, ...]  # candidates that get y_j
    pot: tuple[str, ...]  # candidates that get p_j
    users: dict[str, list[tuple[str, float]]]  # supplier -> [(industry, w_ij)], kept links
    fillable: tuple[str, ...]  # suppliers that get u_i
    k_max: int | None  # most leading industries in force (None: no upper limit)


def _active(relax: Collection[str], name: str, group: str) -> bool:
    """True unless the constraint, its group or its family (``cap``) is in ``relax``."""
    family = "cap" if group.startswith("cap_") else group
    return not {group, family, name} & set(relax)


def _sum_largest(values: Collection[float], k: int | None) -> float:
    """Sum of the k largest values (all of them when k is None)."""
    return float(sum(sorted(values, reverse=True)[:k]))


def _may_lead(stage_class: str, strict: bool) -> bool:
    """Stage rule: class "leading" may lead; "potential" too unless the rule is strict."""
    return stage_class == "leading" or (stage_class == "potential" and not strict)


def _plan(inputs: SelectionInputs, tok: dict[str, str], relax: frozenset[str]) -> _Plan:
    """Leave out variables that are zero in every optimal solution.

    * y_j / p_j where the stage rule or the exclude list forbids the role (kept, with
      the rule as a row, for must-include industries so that infeasibility shows);
    * links (i, j) with w_ij = 0 or whose industry j cannot lead: they earn nothing;
    * u_i for suppliers whose best possible gain λ Σ_{K largest} w_ij (K = most leading
      industries, or all users) does not exceed μ κ_i: a fill then never raises the
      objective and only uses budget and ``max_links``, so u_i = 0 is optimal for every
      portfolio (exact for the optimum and for every k-best alternative). Their links
      stay when the supplier can itself lead (it then covers them without a fill).
    """
    stage, must = inputs.stage_class, set(inputs.must_include)
    lead: list[str] = []
    pot: list[str] = []
    for j in inputs.candidates:
        if j in inputs.exclude and _active(relax, f"exclude_{tok[j]}", "exclude"):
            continue
        if stage is None:
            lead.append(j)
            continue
        cls = stage[j]
        may_lead = _may_lead(cls, inputs.strict)
        if j in must or may_lead or not _active(relax, f"stage_lead_{tok[j]}", "stage"):
            lead.append(j)
        if (
            j in must
            or cls == "potential"
            or not _active(relax, f"stage_potential_{tok[j]}", "stage")
        ):
            pot.append(j)
    assert inputs.links is not None and inputs.fill_cost is not None
    can_lead = set(lead)
    users: dict[str, list[tuple[str, float]]] = {}
    for j, i, w in _rows(inputs.links, ["industry", "supplier", "value"]):
        if j in can_lead and w > 0:
            users.setdefault(i, []).append((j, float(w)))
    lo, hi = inputs.n_leading_min, inputs.n_leading_max
    count_row = "count_leading" if lo is not None and lo == hi else "count_leading_max"
    k_max = hi if hi is not None and _active(relax, count_row, "count_leading") else None
    fillable = []
    for i in sorted(users):
        best = _sum_largest([w for _, w in users[i]], k_max)
        if inputs.link_weight * best > inputs.cost_weight * float(inputs.fill_cost[i]):
            fillable.append(i)
        elif not (inputs.leading_covers_links and i in can_lead):
            del users[i]
    return _Plan(tuple(lead), tuple(pot), users, tuple(fillable), k_max)


def add_role_constraint(problem: SelectionProblem) -> None:
    """One role per industry: y_j + p_j ≤ 1 (``role_<j>``) where both roles exist."""
    for j in problem.p:
        if j in problem.y:
            problem.add(problem.y[j] + problem.p[j] <= 1, f"role_{problem.tok[j]}", "role")


def add_link_constraints(problem: SelectionProblem) -> None:
    """Value of filled links, and fills only in chosen chains.

    A fill and a leading role exclude each other, u_i + y_i ≤ 1 (``fill_or_lead_<i>``):
    a leading supplier covers its links itself (see :func:`add_pair_constraints`) and
    its entry cost already pays for that. Filled supplier i with two or more users:
    v_i ≤ Σ_j w_ij y_j (``link_need_<i>``) and v_i ≤ W_i u_i (``link_fill_<i>``), W_i the
    sum of the K largest w_ij (K = most leading industries), so v_i = u_i Σ_j w_ij y_j at
    every integer point with at most K leading industries; with a single user j it earns
    w_ij u_i directly. Every fill: u_i ≤ Σ_{j: (i, j) a link} y_j (``chain_<i>``).
    """
    tok, plan = problem.tok, problem.plan
    assert plan is not None
    for i, v in problem.v.items():
        users = plan.users[i]
        need = pulp.lpSum(w * problem.y[j] for j, w in users)
        problem.add(v <= need, f"link_need_{tok[i]}", "link")
        cap = _sum_largest([w for _, w in users], plan.k_max)
        problem.add(v <= cap * problem.u[i], f"link_fill_{tok[i]}", "link")
    for i, ui in problem.u.items():
        users_i = pulp.lpSum(problem.y[j] for j, _ in plan.users[i])
        problem.add(ui <= users_i, f"chain_{tok[i]}", "chain")
        if problem.inputs.leading_covers_links and i in problem.y:
            problem.add(ui + problem.y[i] <= 1, f"fill_or_lead_{tok[i]}", "link")


def add_pair_constraints(problem: SelectionProblem) -> None:
    """Value earned by pairs of leading industries: synergy and lead-covered links.

    Two products of leading binaries y_j y_k carry value: a synergy bonus γ σ_jk > 0 for
    a listed pair, and λ w_kj for a link k→j whose supplier k is itself a leading
    industry (it covers the link without a fill). Each pair value is split in halves
    between its two ends and summed per partner (h_jk, see :func:`_pair_values`); per
    industry j: g_j ≤ Σ_k h_jk y_k (``pair_need_<j>``) and g_j ≤ H_j y_j
    (``pair_lead_<j>``), H_j the sum of the K − 1 largest h_jk. At every integer point
    with at most K leading industries g_j = y_j Σ_k h_jk y_k and Σ_j g_j is the value of
    every pair with both ends leading.
    """
    tok, plan = problem.tok, problem.plan
    assert plan is not None
    halves = _pair_values(problem)
    k_other = None if plan.k_max is None else max(plan.k_max - 1, 0)
    for j, gj in problem.g.items():
        need = pulp.lpSum(h * problem.y[k] for k, h in halves[j])
        problem.add(gj <= need, f"pair_need_{tok[j]}", "pair")
        cap = _sum_largest([h for _, h in halves[j]], k_other)
        problem.add(gj <= cap * problem.y[j], f"pair_lead_{tok[j]}", "pair")


def add_synergy_constraints(problem: SelectionProblem) -> None:
    """Synergy penalty (σ < 0), per pair: z_jk ≥ y_j + y_k − 1 (``synergy_<j>_<k>``).

    Bonuses (σ > 0) need only upper bounds and are part of :func:`add_pair_constraints`.
    """
    tok = problem.tok
    for (j, k), z in problem.z.items():
        problem.add(z >= problem.y[j] + problem.y[k] - 1, f"synergy_{tok[j]}_{tok[k]}", "synergy")


def _pair_values(problem: SelectionProblem) -> dict[str, list[tuple[str, float]]]:
    """Leading-capable industry -> [(partner, h)]: half of every pair value, per partner.

    Pair values: γ σ_jk for each listed synergy bonus, λ w_ij for each link i→j whose
    supplier i can lead (i ≠ j). Splitting each evenly between its two ends keeps
    Σ_j g_j exact at every integer point while each g_j carries only half the pair: a
    tighter LP relaxation than charging the whole value to one end.
    """
    inp = problem.inputs
    pairs: list[tuple[str, str, float]] = []
    if inp.synergy is not None:
        pairs += [
            (j, k, inp.synergy_weight * float(sigma))
            for j, k, sigma in _rows(inp.synergy, SYN_COLS)
            if sigma > 0
        ]
    assert problem.plan is not None
    for i, users in problem.plan.users.items() if inp.leading_covers_links else ():
        pairs += [(i, j, inp.link_weight * w) for j, w in users if j != i]
    half: dict[str, dict[str, float]] = {}
    for j, k, value in pairs:
        if value > 0 and j in problem.y and k in problem.y:
            for a, b in ((j, k), (k, j)):
                row = half.setdefault(a, {})
                row[b] = row.get(b, 0.0) + 0.5 * value
    return {j: sorted(row.items()) for j, row in sorted(half.items())}


def add_budget_constraint(problem: SelectionProblem) -> None:
    """Σ_j c_j (y_j + p_j) + Σ_i κ_i u_i ≤ budget (``budget``)."""
    if problem.inputs.budget is not None:
        problem.add(problem.terms["cost"] <= problem.inputs.budget, "budget", "budget")


def _add_range(
    problem: SelectionProblem, expr: Any, lo: int | None, hi: int | None, name: str
) -> None:
    if lo is not None and lo == hi:
        problem.add(expr == lo, name, name)
        return
    if lo is not None:
        problem.add(expr >= lo, f"{name}_min", name)
    if hi is not None:
        problem.add(expr <= hi, f"{name}_max", name)


def add_count_constraints(problem: SelectionProblem) -> None:
    """Counts of leading (Σ y) and potential (Σ p) industries, exact or in a range."""
    inp = problem.inputs
    _add_range(
        problem,
        pulp.lpSum(problem.y.values()),
        inp.n_leading_min,
        inp.n_leading_max,
        "count_leading",
    )
    if inp.stage_class is not None:
        total = pulp.lpSum(problem.p.values())
        _add_range(problem, total, inp.n_potential_min, inp.n_potential_max, "count_potential")


def add_max_links_constraint(problem: SelectionProblem) -> None:
    """Σ_i u_i ≤ max_links (``max_links``)."""
    if problem.inputs.max_links is not None and problem.u:
        problem.add(
            pulp.lpSum(problem.u.values()) <= problem.inputs.max_links, "max_links", "max_links"
        )


def add_cap_constraints(problem: SelectionProblem) -> None:
    """Σ_j coefficient_j (y_j + p_j) ≤ cap (or ≥ for floors), one ``cap_<name>`` each."""
    for name, cap in problem.inputs.caps.items():
        coef = cap.coefficients
        expr = pulp.lpSum(float(coef[j]) * v for j, v in (*problem.y.items(), *problem.p.items()))
        row = expr <= cap.cap if cap.sense == "<=" else expr >= cap.cap
        problem.add(row, f"cap_{name}", f"cap_{name}")


def add_diversity_constraints(problem: SelectionProblem) -> None:
    """At most m_g chosen industries (either role) per category g (``diversity_<g>``)."""
    inp = problem.inputs
    if inp.category is None or not isinstance(inp.max_per_category, Mapping):
        return
    for g, limit in inp.max_per_category.items():
        members = [j for j in inp.candidates if inp.category[j] == g]
        if not any(j in problem.y or j in problem.p for j in members):
            continue  # no member can be chosen: 0 ≤ m_g holds, no row to report
        expr = pulp.lpSum(problem.chosen(j) for j in members)
        problem.add(expr <= limit, f"diversity_{problem.tok['category:' + g]}", "diversity")


def _rule(problem: SelectionProblem, var: pulp.LpVariable | None, name: str, group: str) -> None:
    """Fix var = 0: a row if the variable exists (must-include), else nothing to add."""
    if not problem.active(name, group):
        problem.relaxed.append(name)
    elif var is None:
        problem.omit(name, group)
    else:
        problem.add(1 * var <= 0, name, group)


def add_stage_constraints(problem: SelectionProblem) -> None:
    """Stage rule (method.md 1.4): y_j = 0 / p_j = 0 where the stage class forbids the role."""
    inp = problem.inputs
    if inp.stage_class is None:
        return
    for j in inp.candidates:
        cls = inp.stage_class[j]
        if not _may_lead(cls, inp.strict):
            _rule(problem, problem.y.get(j), f"stage_lead_{problem.tok[j]}", "stage")
        if cls != "potential":
            _rule(problem, problem.p.get(j), f"stage_potential_{problem.tok[j]}", "stage")


def add_fixed_choices(problem: SelectionProblem) -> None:
    """Must-include (y_j + p_j ≥ 1) and exclude (y_j + p_j ≤ 0) lists."""
    for j in problem.inputs.must_include:
        problem.add(problem.chosen(j) >= 1, f"must_include_{problem.tok[j]}", "must_include")
    for j in problem.inputs.exclude:
        name = f"exclude_{problem.tok[j]}"
        if not problem.active(name, "exclude"):
            problem.relaxed.append(name)
        elif j in problem.y or j in problem.p:
            problem.add(problem.chosen(j) <= 0, name, "exclude")
        else:
            problem.omit(name, "exclude")


_ADDERS: tuple[Callable[[SelectionProblem], None], ...] = (
    add_role_constraint,
    add_link_constraints,
    add_pair_constraints,
    add_synergy_constraints,
    add_budget_constraint,
    add_count_constraints,
    add_max_links_constraint,
    add_cap_constraints,
    add_diversity_constraints,
    add_stage_constraints,
    add_fixed_choices,
)


def relaxable_groups(inputs: SelectionInputs) -> tuple[str, ...]:
    """Names of the planner's constraint groups present for these inputs."""
    problem = build_problem(inputs)
    return tuple(g for g in problem.groups if g not in STRUCTURAL_GROUPS)


def build_problem(inputs: SelectionInputs, *, relax: Collection[str] = ()) -> SelectionProblem:
    """Build the selection MILP (nothing is solved).

    Variables that are zero in every optimal solution are not created (see
    :func:`_plan`): roles the stage rule or the exclude list forbids, links worth
    nothing, suppliers whose fill can never pay. The rules enforced that way keep
    their names in ``groups`` (and ``omitted``) so that a diagnosis can relax them.

    Parameters
    ----------
    inputs : SelectionInputs
    relax : collection of str
        Constraint groups (``budget``, ``cap``, ``cap_land``, ``stage``...) or single
        constraint names (``must_include_C10``) to leave out; used by the diagnosis.

    Returns
    -------
    SelectionProblem
        The maximisation problem; objective as in the module docstring.

    Examples
    --------
    >>> import pandas as pd
    >>> inp = SelectionInputs(("agr", "mfg"), pd.Series({"agr": 0.4, "mfg": 0.9}),
    ...                       n_leading_max=1)
    >>> problem = build_problem(inp)
    >>> sorted(problem.groups)
    ['count_leading']
    >>> solve_problem(problem).leading
    ('mfg',)
    """
    unknown_structural = set(relax) & STRUCTURAL_GROUPS
    if unknown_structural:
        msg = f"relax: structural groups {sorted(unknown_structural)} cannot be relaxed"
        raise ScenarioError(msg)
    assert (
        inputs.links is not None and inputs.fill_cost is not None and inputs.entry_cost is not None
    )
    codes = sorted(set(inputs.candidates) | set(inputs.suppliers))
    tok = _tokens(codes, "s")
    if inputs.category is not None:
        cats = sorted(set(inputs.category))
        tok.update({f"category:{g}": t for g, t in _tokens(cats, "g").items()})
    plan = _plan(inputs, tok, frozenset(relax))
    prob = pulp.LpProblem("chainmap_selection", pulp.LpMaximize)
    y = {j: prob.add_variable(f"y_{tok[j]}", cat=pulp.LpBinary) for j in plan.lead}
    p: dict[str, pulp.LpVariable] = {}
    if inputs.stage_class is not None:
        p = {j: prob.add_variable(f"p_{tok[j]}", cat=pulp.LpBinary) for j in plan.pot}
    u = {i: prob.add_variable(f"u_{tok[i]}", cat=pulp.LpBinary) for i in plan.fillable}
    v = {i: prob.add_variable(f"v_{tok[i]}", 0) for i in u if len(plan.users[i]) > 1}
    problem = SelectionProblem(inputs, prob, y, p, u, v, {}, {}, tok, frozenset(relax), plan)
    problem.g = {j: prob.add_variable(f"g_{tok[j]}", 0) for j in _pair_values(problem)}
    if inputs.synergy is not None:
        problem.z = {
            (j, k): prob.add_variable(f"z_{tok[j]}_{tok[k]}", 0, 1)
            for j, k, sigma in _rows(inputs.synergy, SYN_COLS)
            if sigma < 0 and j in y and k in y
        }
    problem.terms = _objective_terms(problem)
    prob.setObjective(
        pulp.lpSum(v for k, v in problem.terms.items() if k != "cost")
        - inputs.cost_weight * problem.terms["cost"]
    )
    for add in _ADDERS:
        add(problem)
    return problem


def _objective_terms(problem: SelectionProblem) -> dict[str, Any]:
    inp, plan = problem.inputs, problem.plan
    assert plan is not None
    assert inp.links is not None and inp.fill_cost is not None and inp.entry_cost is not None
    w = inp.score_weight
    terms: dict[str, Any] = {
        "score_leading": pulp.lpSum(w * float(inp.score[j]) * v for j, v in problem.y.items()),
        "score_potential": pulp.lpSum(
            w * inp.potential_discount * float(inp.score[j]) * v for j, v in problem.p.items()
        ),
        # LP terms (the reported terms are recomputed from the solution, split as the
        # docstring model): fills, pairs of leading industries (synergy bonuses and
        # links a leading supplier covers), a leading industry's own link i→i, penalties
        "links_filled": pulp.lpSum(inp.link_weight * vi for vi in problem.v.values())
        + pulp.lpSum(
            inp.link_weight * plan.users[i][0][1] * ui
            for i, ui in problem.u.items()
            if i not in problem.v
        ),
        "pairs": pulp.lpSum(problem.g.values()),
        "links_own": pulp.lpSum(
            inp.link_weight * w * problem.y[i]
            for i, users in plan.users.items()
            for j, w in users
            if j == i and i in problem.y and inp.leading_covers_links
        ),
        "synergy_penalty": pulp.lpSum(
            inp.synergy_weight * float(sigma) * problem.z[(j, k)]
            for j, k, sigma in ([] if inp.synergy is None else _rows(inp.synergy, SYN_COLS))
            if (j, k) in problem.z
        ),
        "cost": pulp.lpSum(float(inp.entry_cost[j]) * v for j, v in problem.y.items())
        + pulp.lpSum(float(inp.entry_cost[j]) * v for j, v in problem.p.items())
        + pulp.lpSum(float(inp.fill_cost[i]) * v for i, v in problem.u.items()),
    }
    return terms


class SelectionStatus(StrEnum):
    """Outcome of a solve (求解状态)."""

    OPTIMAL = "optimal"
    FEASIBLE = "feasible"  # time limit hit with an incumbent: optimality not proven
    INFEASIBLE = "infeasible"
    UNBOUNDED = "unbounded"
    NOT_SOLVED = "not_solved"  # time limit without a solution, or solver failure


@dataclass(frozen=True)
class LinkFill:
    """A chain link i→j covered by the solution for leading industry j.

    ``by`` is "fill" when supplier i is filled (补链/强链) and "leading" when i is itself
    a chosen leading industry, whose development covers the link without a fill.
    """

    industry: str
    supplier: str
    value: float  # w_ij, need × local-supply gap (net of rpc_before)
    rpc_before: float  # existing local coverage RPC_i
    by: str = "fill"


@dataclass(frozen=True)
class SelectionResult:
    """Solved portfolio with the objective split into its terms.

    Attributes
    ----------
    status : SelectionStatus
    solver : str
    wall_time : float
        Seconds spent in the solver call.
    objective : float or None
        Σ of ``terms`` recomputed from the rounded decisions (None when unsolved).
    solver_objective : float or None
        Objective as reported by the solver (agrees with ``objective`` to tolerance).
    terms : dict
        ``score_leading`` (ω Σ s y), ``score_potential`` (ω δ Σ s p), ``links``
        (λ Σ w q), ``synergy`` (γ Σ σ z), ``cost`` (−μ × total cost).
    leading, potential, filled : tuple of str
        Chosen leading and potential industries, filled suppliers (sorted codes).
    links : tuple of LinkFill
        Covered links.
    usage : dict
        Left-hand sides: ``cost_total``, ``entry_cost``, ``fill_cost``, ``n_leading``,
        ``n_potential``, ``n_filled``, ``link_value`` and one per cap (``cap_<name>``).
    slack : dict
        Slack of every budget, count, max-links, cap and diversity constraint.
    binding : tuple of str
        Those constraints with slack ≈ 0.
    relaxed : tuple of str
        Constraints left out when the problem was built.
    exact_score : float or None
        Exact re-score of the portfolio (see :meth:`with_exact_score`).
    """

    status: SelectionStatus
    solver: str
    wall_time: float
    objective: float | None = None
    solver_objective: float | None = None
    terms: Mapping[str, float] = field(default_factory=dict)
    leading: tuple[str, ...] = ()
    potential: tuple[str, ...] = ()
    filled: tuple[str, ...] = ()
    links: tuple[LinkFill, ...] = ()
    usage: Mapping[str, float] = field(default_factory=dict)
    slack: Mapping[str, float] = field(default_factory=dict)
    binding: tuple[str, ...] = ()
    relaxed: tuple[str, ...] = ()
    exact_score: float | None = None

    @property
    def is_solved(self) -> bool:
        """True if a feasible portfolio was found (optimal or at a time limit)."""
        return self.status in (SelectionStatus.OPTIMAL, SelectionStatus.FEASIBLE)

    def with_exact_score(
        self, rescore: Callable[[tuple[str, ...]], float], *, include_potential: bool = False
    ) -> SelectionResult:
        """Copy with ``exact_score = rescore(leading [+ potential])``.

        The runner passes a callable built on ``calc_group_extraction`` (joint
        extraction of the chosen sectors), which the additive score approximates.
        """
        codes = self.leading + (self.potential if include_potential else ())
        return dataclasses.replace(self, exact_score=float(rescore(codes)))

    def to_dict(self, *, timing: bool = False) -> dict[str, Any]:
        """JSON-ready dict; ``wall_time`` only with ``timing=True`` so results are reproducible."""
        out: dict[str, Any] = {
            "status": str(self.status),
            "solver": self.solver,
            "objective": self.objective,
            "solver_objective": None
            if self.solver_objective is None
            else round(self.solver_objective, 9),
            "terms": dict(self.terms),
            "leading": list(self.leading),
            "potential": list(self.potential),
            "filled": list(self.filled),
            "links": [dataclasses.asdict(link) for link in self.links],
            "usage": dict(self.usage),
            "slack": dict(self.slack),
            "binding": list(self.binding),
            "relaxed": list(self.relaxed),
            "exact_score": self.exact_score,
        }
        if timing:
            out["wall_time"] = self.wall_time
        return out


def _make_solver(solver: str, time_limit: float, msg: bool, gap_rel: float) -> Any:
    if solver == "cbc":
        # COIN_CMD on PuLP's bundled binary: PULP_CBC_CMD is deprecated in PuLP 3.3.
        path = pulp.PULP_CBC_CMD.pulp_cbc_path
        return pulp.COIN_CMD(path=path, msg=msg, timeLimit=time_limit, gapRel=gap_rel, threads=1)
    if solver == "highs":
        return pulp.HiGHS(msg=msg, timeLimit=time_limit, gapRel=gap_rel, threads=1)
    msg_ = f"solver: unknown solver {solver!r}; use 'cbc' or 'highs'"
    raise ScenarioError(msg_)


def _status(prob: pulp.LpProblem) -> SelectionStatus:
    if prob.sol_status == pulp.LpSolutionOptimal:
        return SelectionStatus.OPTIMAL
    if prob.sol_status == pulp.LpSolutionIntegerFeasible:
        return SelectionStatus.FEASIBLE
    if prob.status == pulp.LpStatusInfeasible or prob.sol_status == pulp.LpSolutionInfeasible:
        return SelectionStatus.INFEASIBLE
    if prob.status == pulp.LpStatusUnbounded:
        return SelectionStatus.UNBOUNDED
    return SelectionStatus.NOT_SOLVED


def solve_problem(
    problem: SelectionProblem,
    *,
    solver: str = "cbc",
    time_limit: float = 60.0,
    msg: bool = False,
    gap_rel: float = 0.0,
) -> SelectionResult:
    """Solve a built problem with CBC (default) or HiGHS; infeasible is a status.

    Parameters
    ----------
    problem : SelectionProblem
    solver : {"cbc", "highs"}
    time_limit : float
        Seconds; at the limit the incumbent is returned with status ``feasible``.
    msg : bool
        Show the solver log.
    gap_rel : float
        Relative MIP gap (0: prove optimality, so CBC and HiGHS agree).

    Returns
    -------
    SelectionResult
    """
    backend = _make_solver(solver, time_limit, msg, gap_rel)
    start = time.perf_counter()
    try:
        problem.prob.solve(backend)
    except pulp.PulpSolverError as err:
        msg_ = f"solver {solver} failed: {err}"
        raise SolverError(msg_) from err
    wall = time.perf_counter() - start
    status = _status(problem.prob)
    relaxed = tuple(problem.relaxed)
    if status not in (SelectionStatus.OPTIMAL, SelectionStatus.FEASIBLE):
        return SelectionResult(status, solver, wall, relaxed=relaxed)
    return _read_solution(problem, status, solver, wall)


def _read_solution(
    problem: SelectionProblem, status: SelectionStatus, solver: str, wall: float
) -> SelectionResult:
    inp = problem.inputs
    assert inp.links is not None and inp.fill_cost is not None and inp.entry_cost is not None
    values = {
        v.name: (
            float((v.varValue or 0.0) > 0.5)
            if v.cat == pulp.LpInteger
            else float(v.varValue or 0.0)
        )
        for v in problem.prob.variables()
    }
    leading = tuple(sorted(j for j, v in problem.y.items() if values.get(v.name, 0.0) == 1.0))
    potential = tuple(sorted(j for j, v in problem.p.items() if values.get(v.name, 0.0) == 1.0))
    filled = tuple(sorted(i for i, v in problem.u.items() if values.get(v.name, 0.0) == 1.0))
    lead, fill = set(leading), set(filled)
    by_lead = lead if inp.leading_covers_links else set()
    links = tuple(
        LinkFill(ind, sup, float(val), float(rpc), "fill" if sup in fill else "leading")
        for ind, sup, val, rpc in _rows(inp.links, ["industry", "supplier", "value", "rpc"])
        if ind in lead and (sup in fill or sup in by_lead)
    )
    entry = sum(float(inp.entry_cost[j]) for j in leading + potential)
    fill_cost = sum(float(inp.fill_cost[i]) for i in filled)
    synergy = 0.0
    if inp.synergy is not None:
        synergy = sum(s for j, k, s in _rows(inp.synergy, SYN_COLS) if j in lead and k in lead)
    terms = {
        "score_leading": inp.score_weight * sum(float(inp.score[j]) for j in leading),
        "score_potential": inp.score_weight
        * inp.potential_discount
        * sum(float(inp.score[j]) for j in potential),
        "links": inp.link_weight * sum(link.value for link in links),
        "synergy": inp.synergy_weight * synergy,
        "cost": -inp.cost_weight * (entry + fill_cost),
    }
    usage = {
        "cost_total": entry + fill_cost,
        "entry_cost": entry,
        "fill_cost": fill_cost,
        "n_leading": float(len(leading)),
        "n_potential": float(len(potential)),
        "n_filled": float(len(filled)),
        "link_value": sum(link.value for link in links),
    }
    slack: dict[str, float] = {}
    binding: list[str] = []
    for group, names in problem.groups.items():
        if group not in LIMIT_GROUPS and group != "diversity" and not group.startswith("cap_"):
            continue
        for name in names:
            c = problem.prob.get_constraint_by_name(name)
            assert c is not None
            lhs = sum(coef * values[v.name] for v, coef in c.items())
            if group.startswith("cap_"):
                usage[group] = lhs
            rhs = -c.constant
            gap = rhs - lhs if c.sense == pulp.LpConstraintLE else lhs - rhs
            slack[name] = 0.0 if c.sense == pulp.LpConstraintEQ else gap
            if abs(slack[name]) <= _TOL * (1.0 + abs(rhs)):
                binding.append(name)
    solver_obj = pulp.value(problem.prob.objective)
    return SelectionResult(
        status=status,
        solver=solver,
        wall_time=wall,
        objective=sum(terms.values()),
        solver_objective=None if solver_obj is None else float(solver_obj),
        terms=terms,
        leading=leading,
        potential=potential,
        filled=filled,
        links=links,
        usage=usage,
        slack=slack,
        binding=tuple(binding),
        relaxed=tuple(problem.relaxed),
    )


def add_nogood_cut(problem: SelectionProblem, result: SelectionResult, name: str) -> None:
    """Forbid the (y, p) portfolio of ``result``: Σ_{x*=1} (1 − x) + Σ_{x*=0} x ≥ 1."""
    ones = {("y", j) for j in result.leading} | {("p", j) for j in result.potential}
    expr = pulp.lpSum(
        (1 - var) if (role, j) in ones else var
        for role, vars_ in (("y", problem.y), ("p", problem.p))
        for j, var in vars_.items()
    )
    problem.add(expr >= 1, name, "nogood")


@dataclass(frozen=True)
class Alternative:
    """The rank-th best distinct portfolio and what separates it from the best (rank 0)."""

    rank: int
    result: SelectionResult
    leading_in: tuple[str, ...] = ()  # leading here, not in the best
    leading_out: tuple[str, ...] = ()  # leading in the best, not here
    potential_in: tuple[str, ...] = ()
    potential_out: tuple[str, ...] = ()
    objective_gap: float = 0.0  # best objective − this objective (≥ 0 when both optimal)


def solve_k_best(
    inputs: SelectionInputs,
    k: int,
    *,
    solver: str = "cbc",
    time_limit: float = 60.0,
    gap_rel: float = 0.0,
    best: SelectionResult | None = None,
) -> list[Alternative]:
    """The k best distinct portfolios (best first), by successive no-good cuts on (y, p).

    Portfolios differ in their leading or potential industries; the fills u and
    coverage q are re-optimised for each. Fewer than k are returned when no further
    feasible portfolio exists; an infeasible problem returns an empty list.

    Parameters
    ----------
    inputs : SelectionInputs
    k : int
        Number of portfolios including the best (k = 6 gives the best and 5 runner-ups).
    solver, time_limit, gap_rel : see :func:`solve_problem` (time limit per solve).
    best : SelectionResult, optional
        The already solved optimum of these inputs; saves re-solving it.

    Returns
    -------
    list of Alternative
        Objectives are non-increasing when every solve is optimal.
    """
    if not isinstance(k, int) or k < 1:
        msg = f"k: expected a positive integer, got {k!r}"
        raise ScenarioError(msg)
    problem = build_problem(inputs)
    out: list[Alternative] = []
    for rank in range(k):
        if rank == 0 and best is not None:
            result = best
        else:
            result = solve_problem(problem, solver=solver, time_limit=time_limit, gap_rel=gap_rel)
        if not result.is_solved:
            break
        if out:
            best = out[0].result
            assert best.objective is not None and result.objective is not None
            out.append(
                Alternative(
                    rank,
                    result,
                    tuple(sorted(set(result.leading) - set(best.leading))),
                    tuple(sorted(set(best.leading) - set(result.leading))),
                    tuple(sorted(set(result.potential) - set(best.potential))),
                    tuple(sorted(set(best.potential) - set(result.potential))),
                    best.objective - result.objective,
                )
            )
        else:
            out.append(Alternative(0, result))
        add_nogood_cut(problem, result, f"nogood_{rank + 1}")
    return out


@dataclass(frozen=True)
class InfeasibilityDiagnosis:
    """Which constraints conflict (冲突约束诊断).

    Attributes
    ----------
    feasible : bool
        The problem as given is feasible (nothing to diagnose).
    relaxations : tuple of tuple of str
        Minimal sets of constraint groups whose removal makes it feasible.
    constraints : tuple of str
        Single constraints whose removal alone makes it feasible.
    min_budget : float or None
        Least cost of a portfolio meeting every other constraint, when the budget conflicts.
    message : str
    """

    feasible: bool
    relaxations: tuple[tuple[str, ...], ...] = ()
    constraints: tuple[str, ...] = ()
    min_budget: float | None = None
    message: str = ""


def _label(group: str) -> str:
    family = "cap" if group.startswith("cap_") else group
    return f"{GROUP_LABELS.get(family, family)} [{group}]"


def diagnose_infeasibility(
    inputs: SelectionInputs,
    *,
    solver: str = "cbc",
    time_limit: float = 60.0,
    max_groups: int = 2,
    max_single: int = 60,
) -> InfeasibilityDiagnosis:
    """Relax each planner constraint group in turn and report which ones restore feasibility.

    Groups (budget, counts, max_links, each cap, diversity, must_include, exclude, stage)
    are dropped one at a time, then in pairs (up to ``max_groups``) if no single group
    suffices; only minimal sets are reported. Inside each sufficient group of at most
    ``max_single`` rows, single rows are tried too (e.g. ``must_include_C10``).

    Returns
    -------
    InfeasibilityDiagnosis
        ``message`` names the conflicting constraints in Chinese and English.
    """
    from itertools import combinations

    def feasible(relax: Collection[str]) -> bool:
        problem = build_problem(inputs, relax=relax)
        return solve_problem(problem, solver=solver, time_limit=time_limit).is_solved

    full = build_problem(inputs)
    if solve_problem(full, solver=solver, time_limit=time_limit).is_solved:
        return InfeasibilityDiagnosis(True, message="feasible 有可行解")
    groups = [g for g in full.groups if g not in STRUCTURAL_GROUPS]
    found: list[tuple[str, ...]] = []
    for size in range(1, max_groups + 1):
        for combo in combinations(groups, size):
            if not any(set(f) <= set(combo) for f in found) and feasible(combo):
                found.append(combo)
        if found:
            break
    singles = [
        name
        for (g,) in (f for f in found if len(f) == 1)
        if len(full.groups[g]) > 1 and len(full.groups[g]) <= max_single
        for name in full.groups[g]
        if feasible([name])
    ]
    min_budget = None
    if ("budget",) in found:
        problem = build_problem(inputs, relax=["budget"])
        problem.prob.setObjective(problem.terms["cost"])
        problem.prob.sense = pulp.LpMinimize
        res = solve_problem(problem, solver=solver, time_limit=time_limit)
        min_budget = res.usage.get("cost_total") if res.is_solved else None
    head = "选择问题无可行解 The selection problem is infeasible."
    if not found:
        msg = f"{head} No combination of up to {max_groups} constraint groups restores feasibility."
    elif len(found[0]) == 1:
        names = "; ".join(_label(g) for (g,) in found)
        msg = f"{head} Conflicting constraints — relaxing any one of them restores it: {names}."
    else:
        names = "; ".join(" + ".join(_label(g) for g in f) for f in found)
        msg = f"{head} Conflicting constraints — only relaxing together restores it: {names}."
    if singles:
        msg += f" Single rows: {', '.join(singles)}."
    if min_budget is not None:
        msg += (
            f" Least cost meeting the other constraints: {min_budget:g} (budget {inputs.budget:g})."
        )
    return InfeasibilityDiagnosis(False, tuple(found), tuple(singles), min_budget, msg)
