"""Solve a built selection MILP with CBC or HiGHS and read the solution back.

With :mod:`chainmap.select.model` the only module that imports PuLP.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

import pulp

from chainmap.errors import ScenarioError, SolverError
from chainmap.select.inputs import SelectionInputs
from chainmap.select.problem import LIMIT_GROUPS, SelectionProblem
from chainmap.select.result import LinkFill, SelectionResult, SelectionStatus

__all__ = ["solve_problem"]
_TOL = 1e-6


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
    if status in (SelectionStatus.INFEASIBLE, SelectionStatus.NOT_SOLVED) and (
        wall >= 0.95 * time_limit
    ):  # CBC stopped at the limit without an incumbent: say so, not "infeasible"
        status = SelectionStatus.TIME_LIMIT
    relaxed = tuple(problem.relaxed)
    if status not in (SelectionStatus.OPTIMAL, SelectionStatus.FEASIBLE):
        return SelectionResult(status, solver, wall, relaxed=relaxed)
    return _read_solution(problem, status, solver, wall)


def _read_solution(
    problem: SelectionProblem, status: SelectionStatus, solver: str, wall: float
) -> SelectionResult:
    """The solved portfolio, its objective terms recomputed from the rounded decisions."""
    values = _variable_values(problem.prob)
    leading, potential, filled = (
        tuple(sorted(c for c, v in variables.items() if values.get(v.name, 0.0) == 1.0))
        for variables in (problem.y, problem.p, problem.u)
    )
    links = _covered_links(problem.inputs, set(leading), set(filled))
    terms, usage = _terms_and_usage(problem.inputs, leading, potential, filled, links)
    slack, binding = _limit_slack(problem, values, usage)
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


def _variable_values(prob: pulp.LpProblem) -> dict[str, float]:
    """Value of every variable by name; binaries rounded to 0 or 1."""
    return {
        v.name: (
            float((v.varValue or 0.0) > 0.5)
            if v.cat == pulp.LpInteger
            else float(v.varValue or 0.0)
        )
        for v in prob.variables()
    }


def _covered_links(
    inp: SelectionInputs, leading: set[str], filled: set[str]
) -> tuple[LinkFill, ...]:
    """Links of the leading chains covered by a fill (or, if allowed, by a leading supplier)."""
    by_lead = leading if inp.leading_covers_links else set()
    return tuple(
        LinkFill(ind, sup, float(val), float(rpc), "fill" if sup in filled else "leading")
        for ind, sup, val, rpc in inp.link_rows
        if ind in leading and (sup in filled or sup in by_lead)
    )


def _terms_and_usage(
    inp: SelectionInputs,
    leading: tuple[str, ...],
    potential: tuple[str, ...],
    filled: tuple[str, ...],
    links: tuple[LinkFill, ...],
) -> tuple[dict[str, float], dict[str, float]]:
    """Objective terms (as the module docstring of :mod:`~chainmap.select.model` splits
    them) and the left-hand sides of the budget and count limits."""
    assert inp.fill_cost is not None and inp.entry_cost is not None
    entry = sum(float(inp.entry_cost[j]) for j in leading + potential)
    fill_cost = sum(float(inp.fill_cost[i]) for i in filled)
    lead = set(leading)
    synergy = sum((s for j, k, s in inp.synergy_rows if j in lead and k in lead), 0.0)
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
    return terms, usage


def _limit_slack(
    problem: SelectionProblem, values: Mapping[str, float], usage: dict[str, float]
) -> tuple[dict[str, float], list[str]]:
    """Slack of every limit, cap and diversity row, and the binding ones; caps' use to ``usage``."""
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
    return slack, binding
