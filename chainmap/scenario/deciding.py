"""The decision: chain gaps of the shortlist, the selection solved in shortlist rounds.

An industry the optimum chooses on its score alone, outside the shortlist, has an
unvalued chain: it joins the shortlist, its chain is diagnosed and the selection is
solved again, until every chosen industry's chain is valued (at most
:data:`MAX_SHORTLIST_ROUNDS` rounds). The selection terms that do not depend on the
chains (scores, stages, costs, caps, diversity) are built once for all rounds.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from chainmap.analysis.extraction import calc_group_extraction
from chainmap.criteria.roles import apply_decision
from chainmap.criteria.scores import CriteriaResult
from chainmap.gaps.diagnosis import GapDiagnosis, diagnose_gaps
from chainmap.io.table import IOTable
from chainmap.scenario.schema import Scenario
from chainmap.scenario.selection_setup import (
    LinkCache,
    chain_selection_terms,
    fixed_selection_terms,
)
from chainmap.scenario.settings import gap_thresholds
from chainmap.select.alternatives import Alternative, solve_k_best
from chainmap.select.diagnosis import InfeasibilityDiagnosis, diagnose_infeasibility
from chainmap.select.inputs import SelectionInputs
from chainmap.select.model import build_problem
from chainmap.select.problem import SelectionProblem
from chainmap.select.result import SelectionResult, SelectionStatus
from chainmap.select.solve import solve_problem

#: Rounds of "add chosen industries outside the shortlist, solve again".
MAX_SHORTLIST_ROUNDS = 4


@dataclass
class DecisionSetup:
    """What a decision is taken on: the scenario, its tables and the industries in play.

    ``short`` (the shortlist) grows with the rounds; ``gap_cache`` keeps the diagnoses of
    this city table across decisions (None: diagnose afresh) and ``link_cache`` the links
    read from them.
    """

    scenario: Scenario
    city: IOTable
    parent: IOTable
    codes: dict[str, Any]  # sector-valued keys resolved (chainmap.scenario.schema.check_codes)
    candidates: list[str]
    short: list[str]
    gap_cache: dict[str, GapDiagnosis] | None = None
    link_cache: LinkCache | None = None


@dataclass(frozen=True)
class Decision:
    """The best portfolio, the inputs and model it was solved on, and why none if none."""

    inputs: SelectionInputs
    problem: SelectionProblem
    selection: SelectionResult
    infeasibility: InfeasibilityDiagnosis | None


def diagnose_chains(
    city: IOTable,
    parent: IOTable,
    short: list[str],
    scenario: Scenario,
    cache: dict[str, GapDiagnosis] | None = None,
) -> dict[str, GapDiagnosis]:
    """Gap diagnoses of ``short`` in its order (reusing and filling ``cache``).

    Industries that buy nothing from the city and whose imports are unknown have no
    chain to diagnose and are left out.
    """
    thresholds = gap_thresholds(scenario)
    cache = {} if cache is None else cache
    position = {str(c): k for k, c in enumerate(city.codes)}
    out: dict[str, GapDiagnosis] = {}
    for code in short:
        if city.z[:, position[code]].sum() <= 0 and city.imports is None:
            continue
        if code not in cache:
            cache[code] = diagnose_gaps(
                city, code, parent=parent if parent is not city else None, thresholds=thresholds
            )
        out[code] = cache[code]
    return out


def decide(
    setup: DecisionSetup,
    criteria: CriteriaResult,
    gaps: dict[str, GapDiagnosis],
    notes: list[str] | None = None,
) -> Decision:
    """Solve the selection in shortlist rounds; ``gaps`` and ``setup.short`` grow.

    Only the best portfolio is solved per round; alternatives are solved afterwards on
    the final round's model (:func:`solve_alternatives`).
    """
    sc = setup.scenario
    fixed = fixed_selection_terms(sc, setup.city, criteria, setup.codes, setup.candidates)
    outside: list[str] = []
    for _ in range(MAX_SHORTLIST_ROUNDS):
        chains = chain_selection_terms(
            sc, setup.city, gaps, setup.codes, setup.candidates, setup.link_cache
        )
        inputs = SelectionInputs(**fixed, **chains)
        problem, selection, infeasibility = _select_best(sc, inputs)
        outside = [c for c in (*selection.leading, *selection.potential) if c not in gaps]
        if not outside:
            break
        setup.short.extend(outside)
        gaps.update(diagnose_chains(setup.city, setup.parent, outside, sc, setup.gap_cache))
    else:
        if notes is not None:
            notes.append(
                f"after {MAX_SHORTLIST_ROUNDS} rounds chosen industries {outside} still had "
                "unvalued chains"
            )
    return Decision(inputs, problem, selection, infeasibility)


def _select_best(
    scenario: Scenario, inputs: SelectionInputs
) -> tuple[SelectionProblem, SelectionResult, InfeasibilityDiagnosis | None]:
    """Build and solve the best portfolio; diagnose the conflict if there is none."""
    solver = scenario.get("selection.solver")
    limit = float(scenario.get("selection.time_limit"))
    problem = build_problem(inputs)
    result = solve_problem(problem, solver=solver, time_limit=limit)
    if result.status == SelectionStatus.TIME_LIMIT:
        return problem, result, None  # not infeasible: stopped by selection.time_limit
    if result.status not in (SelectionStatus.OPTIMAL, SelectionStatus.FEASIBLE):
        return problem, result, diagnose_infeasibility(inputs, solver=solver, time_limit=limit)
    return problem, result, None


def solve_alternatives(scenario: Scenario, decision: Decision) -> list[Alternative]:
    """The runner-ups of the decision, by no-good cuts added to the problem it was solved on."""
    k = int(scenario.get("selection.alternatives"))
    best = decision.selection
    if not k or not best.is_solved:
        return []
    alts = solve_k_best(
        decision.inputs,
        k + 1,
        solver=scenario.get("selection.solver"),
        time_limit=float(scenario.get("selection.time_limit")),
        best=best,
        problem=decision.problem,
    )
    return alts[1:]


def roles_after_decision(
    criteria: CriteriaResult, selection: SelectionResult, candidates: list[str]
) -> CriteriaResult:
    """Criteria result whose roles agree with the chosen portfolio."""
    roles = apply_decision(
        criteria.roles,
        selection.leading,
        selection.potential,
        criteria.indicators["forward_linkage"],
        criteria.indicators["intermediate_share"],
        rules=criteria.options.roles,
        candidates=candidates,
    )
    return dataclasses.replace(criteria, roles=roles)


def group_effect(city: IOTable, measures: pd.DataFrame, leading: tuple[str, ...]) -> dict[str, Any]:
    """Joint hypothetical extraction of the leading industries beside the sum of single ones."""
    group = calc_group_extraction(city, list(leading))
    additive = float(measures.loc[list(leading), "hem_full"].sum())
    out = dataclasses.asdict(group)
    out["sectors"] = list(group.sectors)
    out["additive_full"] = additive
    out["interaction_full"] = float(group.full - additive)
    out["share_of_output"] = float(group.full / city.x.sum())
    return {k: (float(v) if isinstance(v, np.floating) else v) for k, v in out.items()}
