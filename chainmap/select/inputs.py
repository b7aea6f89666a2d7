"""Plain data of one selection problem, validated on construction (选择问题的输入).

:class:`SelectionInputs` holds everything the MILP (:mod:`chainmap.select.model`) needs:
candidates, scores, links, costs and the planner's limits, as pandas objects indexed by
industry code. It never sees an IO table or a scenario file. The checks themselves are
in :mod:`chainmap.select.checks`.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import pandas as pd

from chainmap.errors import ScenarioError
from chainmap.select.checks import (
    LINK_COLS,
    SYN_COLS,
    as_codes,
    check_count,
    check_criteria,
    check_diversity,
    check_links,
    check_lists,
    check_number,
    check_series,
    check_stage_class,
    check_synergy,
    code_index,
    duplicates,
    table_rows,
)

__all__ = ["ResourceCap", "SelectionInputs"]


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
        codes = as_codes(self.candidates)
        if not codes:
            issues.append("candidates: empty")
        if len(set(codes)) != len(codes):
            issues.append(f"candidates: duplicate codes {duplicates(codes)}")
        index = code_index(codes)  # shared by every normalised Series
        norm: dict[str, Any] = {"candidates": codes, **self._check_scores(issues, codes, index)}
        norm.update(check_criteria(issues, self.criteria, self.weights, codes, index))
        norm.update(check_links(issues, self.links, self.fill_cost, codes))
        norm["caps"] = self._check_caps(issues, codes, index)
        norm.update(check_diversity(issues, self.category, self.max_per_category, codes, index))
        norm.update(check_lists(issues, self.must_include, self.exclude, codes))
        if self.synergy is not None:
            norm["synergy"] = check_synergy(issues, self.synergy, codes)
        self._check_settings(issues)
        if issues:
            head = f"{len(issues)} problem{'s' if len(issues) > 1 else ''} in selection inputs"
            raise ScenarioError(f"{head}:\n" + "\n".join(f" * {i}" for i in issues))
        for key, value in norm.items():
            object.__setattr__(self, key, value)

    def _check_scores(
        self, issues: list[str], codes: tuple[str, ...], index: pd.Index
    ) -> dict[str, Any]:
        """Score, entry cost (0 when not given) and stage class per candidate."""
        out: dict[str, Any] = {
            "score": check_series(issues, "score", self.score, codes, index=index),
            "entry_cost": pd.Series(0.0, index=index.view())
            if self.entry_cost is None
            else check_series(
                issues, "entry_cost", self.entry_cost, codes, index=index, nonneg=True
            ),
        }
        if self.stage_class is not None:
            out["stage_class"] = check_stage_class(issues, self.stage_class, codes, index)
        return out

    def _check_caps(
        self, issues: list[str], codes: tuple[str, ...], index: pd.Index
    ) -> dict[str, ResourceCap]:
        out: dict[str, ResourceCap] = {}
        for name, raw in dict(self.caps).items():
            cap = raw if isinstance(raw, ResourceCap) else ResourceCap(*raw)
            if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", str(name)):
                issues.append(f"caps: name {name!r} must be an identifier (letters, digits, _)")
            if cap.sense not in ("<=", ">="):
                issues.append(f"caps[{name}]: sense must be '<=' or '>=', got {cap.sense!r}")
            check_number(issues, f"caps[{name}].cap", cap.cap, lo=None)
            coef = check_series(
                issues, f"caps[{name}].coefficients", cap.coefficients, codes, index=index
            )
            if coef is not None:
                out[str(name)] = ResourceCap(coef, float(cap.cap), cap.sense)
        return out

    def _check_settings(self, issues: list[str]) -> None:
        """Budget, objective weights, count ranges and flags."""
        for name in ("budget", "score_weight", "link_weight", "cost_weight", "synergy_weight"):
            check_number(issues, name, getattr(self, name))
        check_number(issues, "potential_discount", self.potential_discount)
        if isinstance(self.potential_discount, int | float) and self.potential_discount > 1:
            issues.append(f"potential_discount: must be in [0, 1], got {self.potential_discount:g}")
        for role in ("leading", "potential"):
            lo, hi = getattr(self, f"n_{role}_min"), getattr(self, f"n_{role}_max")
            check_count(issues, f"n_{role}_min", lo)
            check_count(issues, f"n_{role}_max", hi)
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

    @cached_property
    def link_rows(self) -> list[tuple[str, str, float, float]]:
        """``links`` as plain (industry, supplier, value, rpc) tuples, sorted."""
        assert self.links is not None  # normalised in __post_init__
        return table_rows(self.links, LINK_COLS)

    @cached_property
    def synergy_rows(self) -> list[tuple[str, str, float]]:
        """``synergy`` as plain (industry, partner, sigma) tuples (none without synergy)."""
        return [] if self.synergy is None else table_rows(self.synergy, SYN_COLS)

    @cached_property
    def suppliers(self) -> tuple[str, ...]:
        """Codes of the suppliers that appear in ``links`` (sorted)."""
        assert self.links is not None  # normalised in __post_init__
        return tuple(sorted(set(self.links["supplier"].tolist())))

    def with_scores(self, score: pd.Series, weights: pd.Series | None = None) -> SelectionInputs:
        """Copy with new composite scores (and criteria weights); validation reruns."""
        return dataclasses.replace(
            self, score=score, weights=self.weights if weights is None else weights
        )
