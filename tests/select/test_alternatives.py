"""k-best on one reused model: same portfolios as rebuilding the model for every rank."""

from __future__ import annotations

import pytest
from test_selection import random_inputs

from chainmap.errors import ScenarioError
from chainmap.select import alternatives
from chainmap.select.alternatives import solve_k_best, versus_best
from chainmap.select.constraints import add_nogood_cut
from chainmap.select.model import build_problem
from chainmap.select.result import SelectionResult
from chainmap.select.solve import solve_problem


def k_best_rebuilt(seed: int, k: int) -> list[SelectionResult]:
    """Reference: a fresh model per rank carrying the cuts of every earlier portfolio."""
    inp = random_inputs(seed, n=6)
    found: list[SelectionResult] = []
    for _ in range(k):
        problem = build_problem(inp)
        for rank, earlier in enumerate(found):
            add_nogood_cut(problem, earlier, f"nogood_{rank + 1}")
        result = solve_problem(problem)
        if not result.is_solved:
            break
        found.append(result)
    return found


@pytest.mark.parametrize("seed", [2, 4, 9, 23, 31])
def test_reused_model_equals_rebuilt_model(seed: int) -> None:
    inp = random_inputs(seed, n=6)
    want = [r.to_dict() for r in k_best_rebuilt(seed, 6)]
    got = [a.result.to_dict() for a in solve_k_best(inp, 6)]
    assert got == want, seed
    problem = build_problem(inp)
    best = solve_problem(problem)
    handed = solve_k_best(inp, 6, best=best, problem=problem)  # the runner's path
    assert [a.result.to_dict() for a in handed] == want, seed


def test_each_rank_adds_its_no_good_cut_to_the_same_problem() -> None:
    inp = random_inputs(2, n=5)
    problem = build_problem(inp)
    alts = solve_k_best(inp, 4, problem=problem)
    assert len(alts) == 4
    assert problem.groups["nogood"] == ["nogood_1", "nogood_2", "nogood_3"]  # none after last
    keys = [(a.result.leading, a.result.potential) for a in alts]
    assert len(set(keys)) == len(keys)


def test_without_the_cut_the_best_repeats(monkeypatch: pytest.MonkeyPatch) -> None:
    # Guards the test above: a k-best that forgets the cut returns the optimum k times.
    monkeypatch.setattr(alternatives, "add_nogood_cut", lambda *args: None)
    alts = solve_k_best(random_inputs(2, n=5), 3)
    assert len({(a.result.leading, a.result.potential) for a in alts}) == 1


def test_problem_must_come_from_the_same_unrelaxed_inputs() -> None:
    inp = random_inputs(2, n=5)
    with pytest.raises(ScenarioError, match="unrelaxed problem"):
        solve_k_best(inp, 2, problem=build_problem(random_inputs(4, n=5)))
    with pytest.raises(ScenarioError, match="unrelaxed problem"):
        solve_k_best(inp, 2, problem=build_problem(inp, relax=["budget"]))


def test_versus_best() -> None:
    alts = solve_k_best(random_inputs(4, n=5), 3)
    best = alts[0].result
    for a in alts[1:]:
        assert versus_best(a.rank, a.result, best) == a
