"""The constraint families of the selection MILP, one ``add_*`` function each.

Every function adds named rows to a :class:`~chainmap.select.problem.SelectionProblem`
through :meth:`~chainmap.select.problem.SelectionProblem.add`, which leaves out the
rows whose group or name is relaxed. Formulas: :mod:`chainmap.select.model`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import pulp

from chainmap.select.problem import SelectionProblem, by_code, linear, may_lead, sum_largest
from chainmap.select.result import SelectionResult

__all__ = [
    "ADDERS",
    "add_budget_constraint",
    "add_cap_constraints",
    "add_count_constraints",
    "add_diversity_constraints",
    "add_fixed_choices",
    "add_link_constraints",
    "add_max_links_constraint",
    "add_nogood_cut",
    "add_pair_constraints",
    "add_role_constraint",
    "add_stage_constraints",
    "add_synergy_constraints",
]


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
        need = linear((problem.y[j], w) for j, w in users)
        problem.add(v <= need, f"link_need_{tok[i]}", "link")
        cap = sum_largest([w for _, w in users], plan.k_max)
        problem.add(v <= cap * problem.u[i], f"link_fill_{tok[i]}", "link")
    for i, ui in problem.u.items():
        users_i = linear((problem.y[j], 1) for j, _ in plan.users[i])
        problem.add(ui <= users_i, f"chain_{tok[i]}", "chain")
        if problem.inputs.leading_covers_links and i in problem.y:
            problem.add(ui + problem.y[i] <= 1, f"fill_or_lead_{tok[i]}", "link")


def add_pair_constraints(problem: SelectionProblem) -> None:
    """Value earned by pairs of leading industries: synergy and lead-covered links.

    Two products of leading binaries y_j y_k carry value: a synergy bonus γ σ_jk > 0 for
    a listed pair, and λ w_kj for a link k→j whose supplier k is itself a leading
    industry (it covers the link without a fill). Each pair value is split in halves
    between its two ends and summed per partner (h_jk, see
    :func:`~chainmap.select.model.pair_values`); per
    industry j: g_j ≤ Σ_k h_jk y_k (``pair_need_<j>``) and g_j ≤ H_j y_j
    (``pair_lead_<j>``), H_j the sum of the K − 1 largest h_jk. At every integer point
    with at most K leading industries g_j = y_j Σ_k h_jk y_k and Σ_j g_j is the value of
    every pair with both ends leading.
    """
    tok, plan = problem.tok, problem.plan
    assert plan is not None
    halves = plan.pairs
    k_other = None if plan.k_max is None else max(plan.k_max - 1, 0)
    for j, gj in problem.g.items():
        need = linear((problem.y[k], h) for k, h in halves[j])
        problem.add(gj <= need, f"pair_need_{tok[j]}", "pair")
        cap = sum_largest([h for _, h in halves[j]], k_other)
        problem.add(gj <= cap * problem.y[j], f"pair_lead_{tok[j]}", "pair")


def add_synergy_constraints(problem: SelectionProblem) -> None:
    """Synergy penalty (σ < 0), per pair: z_jk ≥ y_j + y_k − 1 (``synergy_<j>_<k>``).

    Bonuses (σ > 0) need only upper bounds and are part of :func:`add_pair_constraints`.
    """
    tok = problem.tok
    for (j, k), z in problem.z.items():
        problem.add(z >= problem.y[j] + problem.y[k] - 1, f"synergy_{tok[j]}_{tok[k]}", "synergy")


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
        linear((y, 1) for y in problem.y.values()),
        inp.n_leading_min,
        inp.n_leading_max,
        "count_leading",
    )
    if inp.stage_class is not None:
        total = linear((p, 1) for p in problem.p.values())
        _add_range(problem, total, inp.n_potential_min, inp.n_potential_max, "count_potential")


def add_max_links_constraint(problem: SelectionProblem) -> None:
    """Σ_i u_i ≤ max_links (``max_links``)."""
    if problem.inputs.max_links is not None and problem.u:
        problem.add(
            linear((u, 1) for u in problem.u.values()) <= problem.inputs.max_links,
            "max_links",
            "max_links",
        )


def add_cap_constraints(problem: SelectionProblem) -> None:
    """Σ_j coefficient_j (y_j + p_j) ≤ cap (or ≥ for floors), one ``cap_<name>`` each."""
    for name, cap in problem.inputs.caps.items():
        coef = by_code(cap.coefficients)
        expr = linear((v, coef[j]) for j, v in (*problem.y.items(), *problem.p.items()))
        row = expr <= cap.cap if cap.sense == "<=" else expr >= cap.cap
        problem.add(row, f"cap_{name}", f"cap_{name}")


def add_diversity_constraints(problem: SelectionProblem) -> None:
    """At most m_g chosen industries (either role) per category g (``diversity_<g>``)."""
    inp = problem.inputs
    if inp.category is None or not isinstance(inp.max_per_category, Mapping):
        return
    category = by_code(inp.category)
    for g, limit in inp.max_per_category.items():
        members = [j for j in inp.candidates if category[j] == g]
        if not any(j in problem.y or j in problem.p for j in members):
            continue  # no member can be chosen: 0 ≤ m_g holds, no row to report
        expr = linear(
            (v, 1) for j in members for v in (problem.y.get(j), problem.p.get(j)) if v is not None
        )
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
    stage = by_code(inp.stage_class)
    for j in inp.candidates:
        cls = stage[j]
        if not may_lead(cls, inp.strict):
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


ADDERS: tuple[Callable[[SelectionProblem], None], ...] = (
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


def add_nogood_cut(problem: SelectionProblem, result: SelectionResult, name: str) -> None:
    """Forbid the (y, p) portfolio of ``result``: Σ_{x*=1} (1 − x) + Σ_{x*=0} x ≥ 1."""
    ones = {("y", j) for j in result.leading} | {("p", j) for j in result.potential}
    expr = pulp.lpSum(
        (1 - var) if (role, j) in ones else var
        for role, vars_ in (("y", problem.y), ("p", problem.p))
        for j, var in vars_.items()
    )
    problem.add(expr >= 1, name, "nogood")
