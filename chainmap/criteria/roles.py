"""Role of every industry: 主导 leading, 潜在主导 potential leading, 基础 basic, 辅助 auxiliary.

The source report divides a region's industries into leading, auxiliary and basic
ones (000:1245) and calls pre-steady-growth industries potential leading industries
(000:1248), but gives **no rule** for telling them apart (method.md 1.2). The rule
below is **this tool's**, applied in order:

1. **leading (主导产业)**: the ``n_leading`` highest scores among industries whose stage
   may lead (稳健增长期; with lenient stages also 萌芽期/验证放量期); ties by code.
2. **potential leading (潜在主导产业)**: an early-stage industry (萌芽期,
   验证放量期) not chosen in 1 whose score is at least the ``potential_quantile``
   quantile of all scores.
3. **basic (基础产业)**: an industry not chosen above that mainly supplies other
   industries: normalised Ghosh forward linkage ≥ ``basic_forward_linkage`` and
   intermediate sales ≥ ``basic_intermediate_share`` of its output (energy,
   materials, logistics...).
4. **auxiliary (辅助产业)**: every other industry.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, fields

import numpy as np
import pandas as pd

from chainmap.city.lifecycle import stage_eligibility
from chainmap.errors import ScenarioError, is_finite_number, reject_unknown_keys

#: Role keys with Chinese and English labels.
ROLE_LABELS: dict[str, tuple[str, str]] = {
    "leading": ("主导产业", "Leading industry"),
    "potential": ("潜在主导产业", "Potential leading industry"),
    "basic": ("基础产业", "Basic industry"),
    "auxiliary": ("辅助产业", "Auxiliary industry"),
}


@dataclass(frozen=True)
class RoleRules:
    """Parameters of :func:`classify_roles` (the tool's own rule).

    Attributes
    ----------
    n_leading : int
        How many leading industries (default 3).
    potential_quantile : float
        Score quantile (0–1, over all industries) an early-stage industry must reach
        to be a potential leading industry (default 0.5, the median).
    basic_forward_linkage : float
        Least normalised Ghosh forward linkage of a basic industry (default 1, the mean).
    basic_intermediate_share : float
        Least share of output sold to other industries (default 0.5).
    """

    n_leading: int = 3
    potential_quantile: float = 0.5
    basic_forward_linkage: float = 1.0
    basic_intermediate_share: float = 0.5

    def __post_init__(self) -> None:
        n = self.n_leading
        if isinstance(n, bool) or not isinstance(n, int) or n < 0:
            msg = f"roles.n_leading: must be an integer >= 0, got {n!r}"
            raise ScenarioError(msg)
        for name in ("potential_quantile", "basic_intermediate_share"):
            value = getattr(self, name)
            if not (is_finite_number(value) and 0 <= value <= 1):
                msg = f"roles.{name}: must be a number in [0, 1], got {value!r}"
                raise ScenarioError(msg)
        value = self.basic_forward_linkage
        if not is_finite_number(value):
            msg = f"roles.basic_forward_linkage: must be a finite number, got {value!r}"
            raise ScenarioError(msg)

    @classmethod
    def from_mapping(cls, values: Mapping[str, float], *, where: str = "roles") -> RoleRules:
        """Build from a plain dict, rejecting unknown keys (named in the error)."""
        reject_unknown_keys(values, sorted(f.name for f in fields(cls)), where)
        return cls(**dict(values))  # type: ignore[arg-type]


def ordered_by_score(scores: pd.Series) -> list[str]:
    """Codes by descending score, ties by ascending code (deterministic).

    Examples
    --------
    >>> ordered_by_score(pd.Series({"b": 1.0, "a": 1.0, "c": 2.0}))
    ['c', 'a', 'b']
    """
    codes = np.array([str(c) for c in scores.index])
    order = np.lexsort((codes, -scores.to_numpy(dtype=float)))  # last key is primary
    return [str(c) for c in codes[order]]


def classify_roles(
    scores: pd.Series,
    stages: pd.Series,
    forward_linkage: pd.Series,
    intermediate_share: pd.Series,
    *,
    strict: bool = False,
    rules: RoleRules = RoleRules(),
) -> pd.DataFrame:
    """Classify every industry as leading / potential / basic / auxiliary.

    Parameters
    ----------
    scores : Series
        Total score per industry (higher = better).
    stages : Series
        Stage key or label per industry.
    forward_linkage : Series
        Normalised Ghosh forward linkage (mean 1).
    intermediate_share : Series
        Intermediate sales / output per industry.
    strict : bool
        Strict stages: only 稳健增长期 may lead.
    rules : RoleRules

    Returns
    -------
    DataFrame indexed like ``scores``: ``role``, ``role_zh``, ``role_en``, ``can_lead``,
    ``can_be_potential``, ``role_reason``.

    Examples
    --------
    >>> idx = pd.Index(["a", "b", "c", "d"])
    >>> r = classify_roles(
    ...     pd.Series([0.9, 0.8, 0.7, 0.1], index=idx),
    ...     pd.Series(["稳健增长期", "萌芽期", "成熟期", "成熟期"], index=idx),
    ...     pd.Series([0.8, 0.9, 1.5, 0.7], index=idx),
    ...     pd.Series([0.2, 0.1, 0.8, 0.3], index=idx),
    ...     strict=True,
    ...     rules=RoleRules(n_leading=1),
    ... )
    >>> r["role"].tolist()
    ['leading', 'potential', 'basic', 'auxiliary']
    """
    codes = [str(c) for c in scores.index]
    score = dict(zip(codes, scores.to_numpy(dtype=float), strict=True))
    stage = dict(zip(codes, stages.reindex(scores.index).astype(str), strict=True))
    fl = dict(zip(codes, forward_linkage.reindex(scores.index).to_numpy(dtype=float), strict=True))
    inter = intermediate_share.reindex(scores.index).to_numpy(dtype=float)
    share = dict(zip(codes, inter, strict=True))
    by_stage = {s: stage_eligibility(s, strict=strict) for s in set(stage.values())}
    elig = {c: by_stage[stage[c]] for c in codes}
    role: dict[str, str] = {}
    reason: dict[str, str] = {}
    eligible = [c for c in ordered_by_score(scores) if elig[c].can_lead]
    for rank, c in enumerate(eligible[: rules.n_leading], start=1):
        role[c] = "leading"
        reason[c] = f"rank {rank} by score among {len(eligible)} industries whose stage may lead"
    cut = float(np.quantile(scores.to_numpy(dtype=float), rules.potential_quantile))
    for c in codes:
        if c in role:
            continue
        if elig[c].can_be_potential and score[c] >= cut:
            role[c] = "potential"
            reason[c] = f"early stage, score {score[c]:.3f} >= quantile {cut:.3f}"
        elif fl[c] >= rules.basic_forward_linkage and share[c] >= rules.basic_intermediate_share:
            role[c] = "basic"
            reason[c] = (
                f"forward linkage {fl[c]:.2f} and intermediate sales {share[c]:.0%} of "
                "output: supplies other industries"
            )
        else:
            role[c] = "auxiliary"
            reason[c] = "neither leading, potential nor basic"
    return pd.DataFrame(
        {
            "role": [role[c] for c in codes],
            "role_zh": [ROLE_LABELS[role[c]][0] for c in codes],
            "role_en": [ROLE_LABELS[role[c]][1] for c in codes],
            "can_lead": [elig[c].can_lead for c in codes],
            "can_be_potential": [elig[c].can_be_potential for c in codes],
            "role_reason": [reason[c] for c in codes],
        },
        index=scores.index,
    )


def apply_decision(
    roles: pd.DataFrame,
    leading: tuple[str, ...] | list[str],
    potential: tuple[str, ...] | list[str],
    forward_linkage: pd.Series,
    intermediate_share: pd.Series,
    *,
    rules: RoleRules = RoleRules(),
    candidates: tuple[str, ...] | list[str] | None = None,
) -> pd.DataFrame:
    """Roles after the selection: the chosen portfolio replaces rules 1–2.

    ``candidates``: the industries the selection could choose; one outside them that
    rules 1–2 named says so (not a candidate: the city data do not cover it) instead of
    "not chosen".

    Industries the optimisation chose become leading / potential (reason: the
    decision); industries that rules 1–2 named but the decision did not choose fall
    back to rules 3–4 (basic or auxiliary), so the roles never contradict the decision.

    Examples
    --------
    >>> idx = pd.Index(["a", "b", "c"])
    >>> before = classify_roles(
    ...     pd.Series([0.9, 0.8, 0.1], index=idx),
    ...     pd.Series(["稳健增长期"] * 3, index=idx),
    ...     pd.Series([1.2, 0.9, 0.7], index=idx),
    ...     pd.Series([0.6, 0.1, 0.3], index=idx),
    ...     rules=RoleRules(n_leading=1),
    ... )
    >>> after = apply_decision(before, ["b"], [], pd.Series([1.2, 0.9, 0.7], index=idx),
    ...                        pd.Series([0.6, 0.1, 0.3], index=idx))
    >>> after["role"].tolist()
    ['basic', 'leading', 'auxiliary']
    """
    out = roles.copy()
    chosen = {**{str(c): "leading" for c in leading}, **{str(c): "potential" for c in potential}}
    for code in out.index:
        key = str(code)
        if key in chosen:
            role = chosen[key]
            reason = "chosen by the selection model (MILP)"
        elif (ranked := str(out.at[code, "role"])) in ("leading", "potential"):
            fl = float(forward_linkage.get(code, math.nan))
            share = float(intermediate_share.get(code, math.nan))
            basic = fl >= rules.basic_forward_linkage and share >= rules.basic_intermediate_share
            role = "basic" if basic else "auxiliary"
            reason = f"ranked {ranked} by score but not chosen by the selection"
            if candidates is not None and key not in {str(c) for c in candidates}:
                reason = (
                    f"ranked {ranked} by score but not a selection candidate: the city data "
                    "do not cover it (its figures are filled; selection.candidates: all "
                    "allows it)"
                )
        else:
            continue
        out.at[code, "role"] = role
        out.at[code, "role_zh"] = ROLE_LABELS[role][0]
        out.at[code, "role_en"] = ROLE_LABELS[role][1]
        out.at[code, "role_reason"] = reason
    return out
