"""A built selection MILP: its variables, named constraint groups and relax rules.

:class:`SelectionProblem` is what :func:`chainmap.select.model.build_problem` returns and
what :mod:`chainmap.select.solve` solves; constraint groups and their labels live here
so that the constraints, the solution reader and the diagnosis share them.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import pulp

from chainmap.select.inputs import SelectionInputs

__all__ = [
    "GROUP_LABELS",
    "LIMIT_GROUPS",
    "STRUCTURAL_GROUPS",
    "Plan",
    "SelectionProblem",
    "by_code",
    "is_active",
    "linear",
    "may_lead",
    "sum_largest",
]

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
    plan : Plan
        Which variables exist, the K used in the caps W_i and H_j, and the pair values.
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
    plan: Plan | None = None
    groups: dict[str, list[str]] = field(default_factory=dict)
    relaxed: list[str] = field(default_factory=list)
    omitted: set[str] = field(default_factory=set)
    terms: dict[str, Any] = field(default_factory=dict)

    def active(self, name: str, group: str) -> bool:
        """True unless the constraint, its group or its family is relaxed."""
        return is_active(self.relax, name, group)

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
        return linear((v, 1) for v in (self.y.get(j), self.p.get(j)) if v is not None)


@dataclass(frozen=True)
class Plan:
    """Which variables can be nonzero, decided before any is created."""

    lead: tuple[str, ...]  # candidates that get y_j
    pot: tuple[str, ...]  # candidates that get p_j
    users: dict[str, list[tuple[str, float]]]  # supplier -> [(industry, w_ij)], kept links
    fillable: tuple[str, ...]  # suppliers that get u_i
    k_max: int | None  # most leading industries in force (None: no upper limit)
    pairs: dict[str, list[tuple[str, float]]] = field(default_factory=dict)  # j -> [(k, h_jk)]


def is_active(relax: Collection[str], name: str, group: str) -> bool:
    """True unless the constraint, its group or its family (``cap``) is in ``relax``."""
    if not relax:  # the problem as given: every row is in force
        return True
    family = "cap" if group.startswith("cap_") else group
    return not {group, family, name} & set(relax)


def sum_largest(values: Collection[float], k: int | None) -> float:
    """Sum of the k largest values (all of them when k is None)."""
    return float(sum(sorted(values, reverse=True)[:k]))


def may_lead(stage_class: str, strict: bool) -> bool:
    """Stage rule: class "leading" may lead; "potential" too unless the rule is strict."""
    return stage_class == "leading" or (stage_class == "potential" and not strict)


def linear(terms: Iterable[tuple[pulp.LpVariable, float]]) -> pulp.LpAffineExpression:
    """Σ coefficient × variable, the expression ``pulp.lpSum(c * x for x, c in terms)``.

    Built in one step instead of one expression per term (most of the model's build
    time). As in PuLP, a zero coefficient leaves its variable out (``0 * x`` is empty,
    so a variable without other terms stays out of the model) and a variable given
    twice gets the sum of its coefficients.
    """
    kept = [(x, c) for x, c in terms if c != 0]
    expr = pulp.LpAffineExpression(kept)
    if len(expr) < len(kept):  # a variable given twice: the dict kept only its last term
        expr = pulp.lpSum(c * x for x, c in kept)
    return expr


def by_code(series: pd.Series) -> dict[str, Any]:
    """A code-indexed Series as a plain dict (a lookup per variable without pandas)."""
    return dict(zip(series.index.tolist(), series.tolist(), strict=True))
