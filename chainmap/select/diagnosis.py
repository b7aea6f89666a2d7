"""Which constraint groups make a selection problem infeasible (冲突约束诊断)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from itertools import combinations

from chainmap.select.inputs import SelectionInputs
from chainmap.select.model import build_problem, cost_problem
from chainmap.select.problem import GROUP_LABELS, STRUCTURAL_GROUPS
from chainmap.select.solve import solve_problem

__all__ = ["InfeasibilityDiagnosis", "diagnose_infeasibility"]


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
        res = solve_problem(cost_problem(inputs), solver=solver, time_limit=time_limit)
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
