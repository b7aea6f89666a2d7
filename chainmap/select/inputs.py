"""Plain data of one selection problem, validated on construction (选择问题的输入).

:class:`SelectionInputs` holds everything the MILP (:mod:`chainmap.select.model`) needs:
candidates, scores, links, costs and the planner's limits, as pandas objects indexed by
industry code. It never sees an IO table or a scenario file.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from chainmap.errors import ScenarioError

__all__ = ["SYN_COLS", "ResourceCap", "SelectionInputs", "table_rows"]

STAGE_CLASSES: tuple[str, ...] = ("leading", "potential", "excluded")
SYN_COLS: tuple[str, ...] = ("industry", "partner", "sigma")


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


def table_rows(df: pd.DataFrame, cols: Sequence[str]) -> list[tuple[Any, ...]]:
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
        for row, (ind, sup, val, rpc) in enumerate(table_rows(links, cols)):
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
        for row, (ind, par, sigma) in enumerate(table_rows(syn, ["industry", "partner", "sigma"])):
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
