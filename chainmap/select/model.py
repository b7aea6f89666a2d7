"""Selection MILP: build the model of leading industries and chain links (主导产业与补链优化).

The model half of the only subpackage that imports PuLP (with :mod:`chainmap.select.solve`).
It sees plain data (:class:`~chainmap.select.inputs.SelectionInputs`), never an IO table
or a scenario file; building and solving are separate steps.
Model (formulas.md C.10, corrected)
-----------------------------------
Binary y_j (j leads), p_j (j is cultivated as a *potential* leading industry),
u_i (supplier i is filled or strengthened locally). A link i→j earns w_ij when its
industry j leads and its supplier is covered: filled (c_i = u_i), or, with
``leading_covers_links``, filled or itself leading (c_i = u_i + y_i). The objective is
bilinear: a link earns only when c_i = y_j = 1, a synergy pair σ_jk only when
y_j = y_k = 1. Written as a quadratic program::

    max  ω Σ_j s_j y_j + ω δ Σ_j s_j p_j + λ Σ_i c_i Σ_j w_ij y_j + γ Σ_jk σ_jk y_j y_k
         − μ (Σ_j c_j (y_j + p_j) + Σ_i κ_i u_i)
    s.t. y_j + p_j ≤ 1                          role_j
         u_i ≤ Σ_{j: (i,j) a link} y_j          chain_i
         u_i + y_i ≤ 1                          fill_or_lead_i (leading_covers_links)
         plus the optional planner groups below.

Each product is linearised per supplier and per industry, not per pair (exact at
every integer point with at most K = n_leading_max leading industries):

* filled links: v_i ≤ Σ_j w_ij y_j (link_need_i), v_i ≤ W_i u_i (link_fill_i), W_i the
  sum of the K largest w_ij; a supplier with a single user j earns w_ij u_i directly;
* pairs of leading industries, y_j y_k: synergy bonuses γ σ_jk > 0 and, with
  ``leading_covers_links``, links λ w_kj between two leading industries. Every pair
  value is split in halves h between its ends: g_j ≤ Σ_k h_jk y_k (pair_need_j),
  g_j ≤ H_j y_j (pair_lead_j), H_j the sum of the K − 1 largest h_jk;
* synergy penalty (σ < 0): z_jk ≥ y_j + y_k − 1 (synergy_j_k).

The aggregated rows give about a third of the variables and a fifth of the rows of
the pairwise McCormick form (q_ij ≤ y_j, q_ij ≤ u_i). Their LP relaxation is weaker
(on the Hangzhou 153-sector instance 4.76 against 4.01 for an optimum of 3.86), but
CBC's root cuts close most of that gap and the best and five alternatives solve about
2.5× faster (benchmarks/bench_selection.py; adding the pairwise rows back, or the
u-tight rows v_i ≤ w(S) u_i + Σ_{j∉S} w_ij y_j for the heaviest users S, was slower).
Variables that are zero in every optimal solution are not created at all (``_plan``).

Decisions made here (the C.10 draft left them open or got them wrong):

* w_ij = need × local-supply gap is already net of the existing regional purchase
  coefficient RPC_i, so only newly filled supply earns value (a link counts only with
  u_i = 1). The draft's q_ij ≤ u_i + RPC_i paid for existing supply a second time and
  without investment.
* Links and synergy count for *leading* industries only: method.md 2.1 builds the
  chain "在识别并确立要发展的主导产业基础上" (after the leading industry is fixed); a
  cultivated potential industry earns its discounted score (δ) and nothing else.
* A supplier is filled only for a chain in the portfolio (chain_i), so u_i = 1 never
  appears without a chosen user even when κ_i = 0.
* A supplier that is itself chosen to lead may also be filled by default: the fill
  is the targeted 强链 between two leading chains, costed on top of its entry. With
  ``leading_covers_links`` the leading supplier covers those links itself and is
  never also filled (fill_or_lead_i); that reading adds products y_i y_j and solves
  several times slower.
* Entry costs, resource caps and diversity count both roles (y_j + p_j): both take
  money, land and attention. Counts are per role.
* Stage rule (method.md 1.4): p_j only for stage class "potential"; y_j for class
  "leading", and in lenient mode also for "potential"; class "excluded" takes no role.
* A synergy bonus σ_jk > 0 needs only upper bounds (the draft's lower bound on z is
  the linearisation of a penalty, kept here for σ_jk < 0).

Relaxable constraint groups (named ``group`` or ``group_<code>`` in the LP):
``budget, count_leading, count_potential, max_links, cap_<name>, diversity,
must_include, exclude, stage``.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from typing import Any

import pulp

from chainmap.errors import ScenarioError
from chainmap.select.constraints import ADDERS
from chainmap.select.inputs import SelectionInputs
from chainmap.select.problem import (
    STRUCTURAL_GROUPS,
    Plan,
    SelectionProblem,
    by_code,
    is_active,
    linear,
    may_lead,
    sum_largest,
)

__all__ = ["build_problem", "cost_problem", "pair_values", "relaxable_groups"]


def _tokens(labels: Sequence[str], prefix: str) -> dict[str, str]:
    """LP-safe names: the label itself when ASCII-safe and unique, else positional."""
    safe = [re.sub(r"[^0-9A-Za-z]", "_", s) for s in labels]
    if len(set(safe)) == len(safe) and all(re.fullmatch(r"[0-9A-Za-z_.-]+", s) for s in labels):
        return dict(zip(labels, safe, strict=True))
    width = len(str(max(len(labels) - 1, 0)))
    return {s: f"{prefix}{k:0{width}d}" for k, s in enumerate(labels)}


def _plan(inputs: SelectionInputs, tok: dict[str, str], relax: frozenset[str]) -> Plan:
    """Leave out variables that are zero in every optimal solution.

    * y_j / p_j where the stage rule or the exclude list forbids the role (kept, with
      the rule as a row, for must-include industries so that infeasibility shows);
    * links (i, j) with w_ij = 0 or whose industry j cannot lead: they earn nothing;
    * u_i for suppliers whose best possible gain λ Σ_{K largest} w_ij (K = most leading
      industries, or all users) does not exceed μ κ_i: a fill then never raises the
      objective and only uses budget and ``max_links``, so u_i = 0 is optimal for every
      portfolio (exact for the optimum and for every k-best alternative). Their links
      stay when the supplier can itself lead (it then covers them without a fill).
    """
    lead, pot = _roles(inputs, tok, relax)
    assert inputs.links is not None and inputs.fill_cost is not None
    can_lead = set(lead)
    users: dict[str, list[tuple[str, float]]] = {}
    for j, i, w, _ in inputs.link_rows:
        if j in can_lead and w > 0:
            users.setdefault(i, []).append((j, float(w)))
    lo, hi = inputs.n_leading_min, inputs.n_leading_max
    count_row = "count_leading" if lo is not None and lo == hi else "count_leading_max"
    k_max = hi if hi is not None and is_active(relax, count_row, "count_leading") else None
    fill_cost = by_code(inputs.fill_cost)
    fillable = []
    for i in sorted(users):
        best = sum_largest([w for _, w in users[i]], k_max)
        if inputs.link_weight * best > inputs.cost_weight * float(fill_cost[i]):
            fillable.append(i)
        elif not (inputs.leading_covers_links and i in can_lead):
            del users[i]
    pairs = pair_values(inputs, can_lead, users)
    return Plan(tuple(lead), tuple(pot), users, tuple(fillable), k_max, pairs)


def _roles(
    inputs: SelectionInputs, tok: dict[str, str], relax: frozenset[str]
) -> tuple[list[str], list[str]]:
    """Candidates that get a leading variable y_j and a potential variable p_j."""
    stage = None if inputs.stage_class is None else by_code(inputs.stage_class)
    must, excluded = set(inputs.must_include), set(inputs.exclude)
    lead: list[str] = []
    pot: list[str] = []
    for j in inputs.candidates:
        if j in excluded and is_active(relax, f"exclude_{tok[j]}", "exclude"):
            continue
        if stage is None:
            lead.append(j)
            continue
        cls = stage[j]
        lead_ok = may_lead(cls, inputs.strict)
        if j in must or lead_ok or not is_active(relax, f"stage_lead_{tok[j]}", "stage"):
            lead.append(j)
        if (
            j in must
            or cls == "potential"
            or not is_active(relax, f"stage_potential_{tok[j]}", "stage")
        ):
            pot.append(j)
    return lead, pot


def pair_values(
    inputs: SelectionInputs, can_lead: Collection[str], users: dict[str, list[tuple[str, float]]]
) -> dict[str, list[tuple[str, float]]]:
    """Leading-capable industry -> [(partner, h)]: half of every pair value, per partner.

    Pair values: γ σ_jk for each listed synergy bonus, λ w_ij for each link i→j whose
    supplier i can lead (i ≠ j; with ``leading_covers_links``; ``users`` are the kept
    links per supplier). Splitting each evenly between its two ends keeps Σ_j g_j exact
    at every integer point while each g_j carries only half the pair: a tighter LP
    relaxation than charging the whole value to one end.
    """
    pairs = [
        (j, k, inputs.synergy_weight * float(sigma))
        for j, k, sigma in inputs.synergy_rows
        if sigma > 0
    ]
    for i, kept in users.items() if inputs.leading_covers_links else ():
        pairs += [(i, j, inputs.link_weight * w) for j, w in kept if j != i]
    half: dict[str, dict[str, float]] = {}
    for j, k, value in pairs:
        if value > 0 and j in can_lead and k in can_lead:
            for a, b in ((j, k), (k, j)):
                row = half.setdefault(a, {})
                row[b] = row.get(b, 0.0) + 0.5 * value
    return {j: sorted(row.items()) for j, row in sorted(half.items())}


def relaxable_groups(inputs: SelectionInputs) -> tuple[str, ...]:
    """Names of the planner's constraint groups present for these inputs."""
    problem = build_problem(inputs)
    return tuple(g for g in problem.groups if g not in STRUCTURAL_GROUPS)


def build_problem(inputs: SelectionInputs, *, relax: Collection[str] = ()) -> SelectionProblem:
    """Build the selection MILP (nothing is solved).

    Variables that are zero in every optimal solution are not created (see
    :func:`_plan`): roles the stage rule or the exclude list forbids, links worth
    nothing, suppliers whose fill can never pay. The rules enforced that way keep
    their names in ``groups`` (and ``omitted``) so that a diagnosis can relax them.

    Parameters
    ----------
    inputs : SelectionInputs
    relax : collection of str
        Constraint groups (``budget``, ``cap``, ``cap_land``, ``stage``...) or single
        constraint names (``must_include_C10``) to leave out; used by the diagnosis.

    Returns
    -------
    SelectionProblem
        The maximisation problem; objective as in the module docstring.

    Examples
    --------
    >>> import pandas as pd
    >>> from chainmap.select.solve import solve_problem
    >>> inp = SelectionInputs(("agr", "mfg"), pd.Series({"agr": 0.4, "mfg": 0.9}),
    ...                       n_leading_max=1)
    >>> problem = build_problem(inp)
    >>> sorted(problem.groups)
    ['count_leading']
    >>> solve_problem(problem).leading
    ('mfg',)
    """
    unknown_structural = set(relax) & STRUCTURAL_GROUPS
    if unknown_structural:
        msg = f"relax: structural groups {sorted(unknown_structural)} cannot be relaxed"
        raise ScenarioError(msg)
    assert (
        inputs.links is not None and inputs.fill_cost is not None and inputs.entry_cost is not None
    )
    codes = sorted(set(inputs.candidates) | set(inputs.suppliers))
    tok = _tokens(codes, "s")
    if inputs.category is not None:
        cats = sorted(set(inputs.category))
        tok.update({f"category:{g}": t for g, t in _tokens(cats, "g").items()})
    plan = _plan(inputs, tok, frozenset(relax))
    prob = pulp.LpProblem("chainmap_selection", pulp.LpMaximize)
    y = {j: prob.add_variable(f"y_{tok[j]}", cat=pulp.LpBinary) for j in plan.lead}
    p: dict[str, pulp.LpVariable] = {}
    if inputs.stage_class is not None:
        p = {j: prob.add_variable(f"p_{tok[j]}", cat=pulp.LpBinary) for j in plan.pot}
    u = {i: prob.add_variable(f"u_{tok[i]}", cat=pulp.LpBinary) for i in plan.fillable}
    v = {i: prob.add_variable(f"v_{tok[i]}", 0) for i in u if len(plan.users[i]) > 1}
    problem = SelectionProblem(inputs, prob, y, p, u, v, {}, {}, tok, frozenset(relax), plan)
    problem.g = {j: prob.add_variable(f"g_{tok[j]}", 0) for j in plan.pairs}
    if inputs.synergy is not None:
        problem.z = {
            (j, k): prob.add_variable(f"z_{tok[j]}_{tok[k]}", 0, 1)
            for j, k, sigma in inputs.synergy_rows
            if sigma < 0 and j in y and k in y
        }
    problem.terms = _objective_terms(problem)
    prob.setObjective(
        pulp.lpSum(v for k, v in problem.terms.items() if k != "cost")
        - inputs.cost_weight * problem.terms["cost"]
    )
    for add in ADDERS:
        add(problem)
    return problem


def _objective_terms(problem: SelectionProblem) -> dict[str, Any]:
    """The objective's LP terms; ``cost`` is the unweighted total cost.

    The reported terms are recomputed from the solution (:mod:`chainmap.select.solve`),
    split as in the module docstring. Here: scores, fills, pairs of leading industries
    (synergy bonuses and links a leading supplier covers), a leading industry's own
    link i→i, synergy penalties and costs.
    """
    inp, plan = problem.inputs, problem.plan
    assert plan is not None
    assert inp.links is not None and inp.fill_cost is not None and inp.entry_cost is not None
    omega, lam = inp.score_weight, inp.link_weight
    score, entry, fill = by_code(inp.score), by_code(inp.entry_cost), by_code(inp.fill_cost)
    # coefficients multiplied in the order the expressions c * x always used (floats)
    own = [
        (problem.y[i], lam * w)
        for i, users in plan.users.items()
        for j, w in users
        if j == i and i in problem.y and inp.leading_covers_links
    ]
    return {
        "score_leading": linear((v, omega * float(score[j])) for j, v in problem.y.items()),
        "score_potential": linear(
            (v, omega * inp.potential_discount * float(score[j])) for j, v in problem.p.items()
        ),
        "links_filled": linear(
            [(vi, lam) for vi in problem.v.values()]
            + [(ui, lam * plan.users[i][0][1]) for i, ui in problem.u.items() if i not in problem.v]
        ),
        "pairs": linear((g, 1) for g in problem.g.values()),
        "links_own": linear(own),
        "synergy_penalty": linear(
            (problem.z[(j, k)], inp.synergy_weight * float(sigma))
            for j, k, sigma in inp.synergy_rows
            if (j, k) in problem.z
        ),
        "cost": linear(
            [(v, float(entry[j])) for j, v in problem.y.items()]
            + [(v, float(entry[j])) for j, v in problem.p.items()]
            + [(v, float(fill[i])) for i, v in problem.u.items()]
        ),
    }


def cost_problem(inputs: SelectionInputs) -> SelectionProblem:
    """The problem without its budget row, minimising the unweighted total cost."""
    problem = build_problem(inputs, relax=["budget"])
    problem.prob.setObjective(problem.terms["cost"])
    problem.prob.sense = pulp.LpMinimize
    return problem
