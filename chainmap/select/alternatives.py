"""The k best distinct portfolios, by successive no-good cuts (备选方案)."""

from __future__ import annotations

from dataclasses import dataclass

from chainmap.errors import ScenarioError
from chainmap.select.constraints import add_nogood_cut
from chainmap.select.inputs import SelectionInputs
from chainmap.select.model import build_problem
from chainmap.select.problem import SelectionProblem
from chainmap.select.result import SelectionResult
from chainmap.select.solve import solve_problem

__all__ = ["Alternative", "solve_k_best", "versus_best"]


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


def versus_best(rank: int, result: SelectionResult, best: SelectionResult) -> Alternative:
    """The :class:`Alternative` of ``result`` at ``rank``: what separates it from ``best``."""
    assert best.objective is not None and result.objective is not None
    return Alternative(
        rank,
        result,
        tuple(sorted(set(result.leading) - set(best.leading))),
        tuple(sorted(set(best.leading) - set(result.leading))),
        tuple(sorted(set(result.potential) - set(best.potential))),
        tuple(sorted(set(best.potential) - set(result.potential))),
        best.objective - result.objective,
    )


def solve_k_best(
    inputs: SelectionInputs,
    k: int,
    *,
    solver: str = "cbc",
    time_limit: float = 60.0,
    gap_rel: float = 0.0,
    best: SelectionResult | None = None,
    problem: SelectionProblem | None = None,
) -> list[Alternative]:
    """The k best distinct portfolios (best first), by successive no-good cuts on (y, p).

    Portfolios differ in their leading or potential industries; the fills u and
    coverage q are re-optimised for each. Fewer than k are returned when no further
    feasible portfolio exists; an infeasible problem returns an empty list.

    One model serves every rank: after each solve the no-good cut of its portfolio
    (:func:`~chainmap.select.constraints.add_nogood_cut`) is added to the same problem,
    which is solved again. No warm start is passed: the previous solution is exactly
    what the new cut forbids, so CBC rejects it as a MIP start (measured: no gain).

    Parameters
    ----------
    inputs : SelectionInputs
    k : int
        Number of portfolios including the best (k = 6 gives the best and 5 runner-ups).
    solver, time_limit, gap_rel : see :func:`solve_problem` (time limit per solve).
    best : SelectionResult, optional
        The already solved optimum of these inputs; saves re-solving it.
    problem : SelectionProblem, optional
        The built (unrelaxed) problem of these inputs, e.g. the one ``best`` was solved
        on; saves building it again. The cuts are added to it in place.

    Returns
    -------
    list of Alternative
        Objectives are non-increasing when every solve is optimal.
    """
    if not isinstance(k, int) or k < 1:
        msg = f"k: expected a positive integer, got {k!r}"
        raise ScenarioError(msg)
    if problem is None:
        problem = build_problem(inputs)
    elif problem.inputs is not inputs or problem.relax:
        msg = "problem: expected the unrelaxed problem built from these inputs"
        raise ScenarioError(msg)
    out: list[Alternative] = []
    for rank in range(k):
        if rank == 0 and best is not None:
            result = best
        else:
            result = solve_problem(problem, solver=solver, time_limit=time_limit, gap_rel=gap_rel)
        if not result.is_solved:
            break
        out.append(versus_best(rank, result, out[0].result) if out else Alternative(0, result))
        if rank + 1 < k:
            add_nogood_cut(problem, result, f"nogood_{rank + 1}")
    return out
