"""Tests of the selection MILP: brute force, invariants, golden LP, diagnosis, k-best."""

from __future__ import annotations

import dataclasses
import itertools
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from chainmap.errors import ScenarioError
from chainmap.select.alternatives import solve_k_best
from chainmap.select.diagnosis import diagnose_infeasibility
from chainmap.select.inputs import SelectionInputs
from chainmap.select.model import build_problem
from chainmap.select.result import SelectionResult, SelectionStatus
from chainmap.select.solve import solve_problem

LP_DIR = Path(__file__).parent / "lp_files"


# ---------------------------------------------------------------- random instances
def random_inputs(seed: int, n: int | None = None) -> SelectionInputs:
    """A random instance with every constraint family (n ≤ 8 so brute force is cheap)."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(4, 9)) if n is None else n
    codes = [f"S{k}" for k in range(n)]
    idx = pd.Index(codes)
    has_stage = rng.random() < 0.8
    stage = None
    if has_stage:
        stage = pd.Series(
            rng.choice(["leading", "potential", "excluded"], n, p=[0.5, 0.35, 0.15]), idx
        )
    externals = [f"X{k}" for k in range(int(rng.integers(0, 3)))]
    pool = codes[:3] + externals
    suppliers = list(rng.choice(pool, size=min(len(pool), int(rng.integers(1, 5))), replace=False))
    rows = [(j, i) for j in codes for i in suppliers if rng.random() < 0.35]
    links = pd.DataFrame(
        {
            "industry": [j for j, _ in rows],
            "supplier": [i for _, i in rows],
            "value": rng.uniform(0, 0.6, len(rows)).round(3),
        }
    )
    rpc_of = {i: round(float(rng.uniform(0, 1)), 3) for i in suppliers}
    links["rpc"] = [rpc_of[i] for i in links["supplier"]]
    entry = pd.Series(rng.uniform(0.5, 3, n).round(2), idx)
    fill = pd.Series(rng.uniform(0, 1.5, len(suppliers)).round(2), pd.Index(suppliers))
    lo = int(rng.integers(0, 3))
    hi = lo + int(rng.integers(0, 3))
    caps: dict[str, tuple[pd.Series, float, str]] = {
        "land": (pd.Series(rng.uniform(0, 2, n).round(2), idx), float(rng.uniform(2, 5)), "<=")
    }
    if rng.random() < 0.5:
        caps["jobs"] = (
            pd.Series(rng.uniform(0, 3, n).round(2), idx),
            float(rng.uniform(0, 2)),
            ">=",
        )
    category = pd.Series(rng.choice(["a", "b", "c"], n), idx)
    must = [c for c in codes if rng.random() < 0.1]
    exclude = [c for c in codes if c not in must and rng.random() < 0.1]
    pairs = list(itertools.combinations(codes, 2))
    chosen = rng.choice(len(pairs), size=min(3, len(pairs)), replace=False)
    synergy = pd.DataFrame(
        {
            "industry": [pairs[k][1] for k in chosen],  # reversed order on purpose
            "partner": [pairs[k][0] for k in chosen],
            "sigma": rng.uniform(-0.3, 0.5, len(chosen)).round(3),
        }
    )
    return SelectionInputs(
        candidates=tuple(codes),
        score=pd.Series(rng.uniform(0, 1, n).round(3), idx),
        stage_class=stage,
        strict=bool(rng.random() < 0.5),
        entry_cost=entry,
        links=links,
        fill_cost=fill,
        budget=float(rng.uniform(3, 9)),
        n_leading_min=lo,
        n_leading_max=hi,
        n_potential_min=0 if has_stage else None,
        n_potential_max=int(rng.integers(0, 3)) if has_stage else None,
        max_links=int(rng.integers(0, 3)) if rng.random() < 0.4 else None,
        caps=caps,
        category=category,
        max_per_category=int(rng.integers(1, 3)),
        must_include=tuple(must),
        exclude=tuple(exclude),
        synergy=synergy,
        score_weight=float(rng.uniform(0.5, 2)),
        link_weight=float(rng.uniform(0, 2)),
        cost_weight=float(rng.uniform(0, 0.3)),
        potential_discount=float(rng.uniform(0, 1)),
        synergy_weight=float(rng.uniform(0, 2)),
    )


# ---------------------------------------------------------------- brute force
def enumerate_portfolios(inp: SelectionInputs) -> pd.DataFrame:
    """Every feasible (roles, fills) pair with its objective, written from the docstring model.

    Roles: 0 none, 1 leading, 2 potential; q_ij = y_j u_i and z_jk = y_j y_k at the
    optimum, so the objective is a function of (y, p, u).
    """
    codes = list(inp.candidates)
    n = len(codes)
    sup = list(inp.suppliers)
    roles = np.array(list(itertools.product((0, 1, 2), repeat=n)), dtype=int).reshape(-1, n)
    Y, P = (roles == 1).astype(float), (roles == 2).astype(float)
    chosen = Y + P
    ok = np.ones(len(roles), dtype=bool)
    if inp.stage_class is None:
        ok &= P.sum(1) == 0
    else:
        cls = inp.stage_class.to_numpy()
        may_lead = (cls == "leading") | ((cls == "potential") & (not inp.strict))
        ok &= (Y[:, ~may_lead].sum(1) == 0) & (P[:, cls != "potential"].sum(1) == 0)
    for lo, hi, count in (
        (inp.n_leading_min, inp.n_leading_max, Y.sum(1)),
        (inp.n_potential_min, inp.n_potential_max, P.sum(1)),
    ):
        ok &= (count >= (lo or 0)) & (count <= (n if hi is None else hi))
    for cap in inp.caps.values():
        use = chosen @ cap.coefficients.to_numpy()
        ok &= use <= cap.cap + 1e-9 if cap.sense == "<=" else use >= cap.cap - 1e-9
    if inp.category is not None:
        for g, m in inp.max_per_category.items():  # type: ignore[union-attr]
            ok &= chosen[:, (inp.category == g).to_numpy()].sum(1) <= m
    for c in inp.must_include:
        ok &= chosen[:, codes.index(c)] == 1
    for c in inp.exclude:
        ok &= chosen[:, codes.index(c)] == 0
    Y, P, chosen = Y[ok], P[ok], chosen[ok]
    U = np.array(list(itertools.product((0, 1), repeat=len(sup))), dtype=float).reshape(
        2 ** len(sup), len(sup)
    )
    W = np.zeros((n, len(sup)))
    users = np.zeros((n, len(sup)))
    for j, i, w in zip(
        inp.links["industry"], inp.links["supplier"], inp.links["value"], strict=True
    ):
        W[codes.index(j), sup.index(i)] = w
        users[codes.index(j), sup.index(i)] = 1
    active = (Y @ users) > 0  # supplier i has a leading user
    fill_ok = ~(U[None, :, :] > active[:, None, :]).any(-1)
    # with leading_covers_links a supplier that leads covers its links itself and is
    # never also filled
    leads = np.zeros((len(Y), len(sup)))
    for b, i in enumerate(sup):
        if i in codes and inp.leading_covers_links:
            leads[:, b] = Y[:, codes.index(i)]
    fill_ok &= ~((U[None, :, :] * leads[:, None, :]) > 0).any(-1)
    covered = np.maximum(U[None, :, :], leads[:, None, :])  # (portfolio, fills, supplier)
    if inp.max_links is not None:
        fill_ok &= U.sum(1)[None, :] <= inp.max_links
    cost = (chosen @ inp.entry_cost.to_numpy())[:, None] + (U @ inp.fill_cost.to_numpy())[None, :]
    if inp.budget is not None:
        fill_ok &= cost <= inp.budget + 1e-9
    s = inp.score.to_numpy()
    syn = np.zeros(len(Y))
    if inp.synergy is not None:
        for j, k, sigma in zip(
            inp.synergy["industry"], inp.synergy["partner"], inp.synergy["sigma"], strict=True
        ):
            syn += sigma * Y[:, codes.index(j)] * Y[:, codes.index(k)]
    obj = (
        (inp.score_weight * (Y @ s + inp.potential_discount * (P @ s)) + inp.synergy_weight * syn)[
            :, None
        ]
        + inp.link_weight * ((Y @ W)[:, None, :] * covered).sum(-1)
        - inp.cost_weight * cost
    )
    f, u = np.nonzero(fill_ok)
    return pd.DataFrame(
        {
            "leading": [tuple(c for c, v in zip(codes, Y[a], strict=True) if v) for a in f],
            "potential": [tuple(c for c, v in zip(codes, P[a], strict=True) if v) for a in f],
            "filled": [tuple(c for c, v in zip(sup, U[b], strict=True) if v) for b in u],
            "objective": obj[f, u],
        }
    )


def check_invariants(inp: SelectionInputs, res: SelectionResult) -> None:
    """Every planner rule holds in a solved portfolio."""
    lead, pot, fill = set(res.leading), set(res.potential), set(res.filled)
    chosen = lead | pot
    assert not lead & pot
    cost = sum(inp.entry_cost[j] for j in chosen) + sum(inp.fill_cost[i] for i in fill)
    assert res.usage["cost_total"] == pytest.approx(cost)
    if inp.budget is not None:
        assert cost <= inp.budget + 1e-9
    assert (inp.n_leading_min or 0) <= len(lead) <= (inp.n_leading_max or len(inp.candidates))
    assert (
        (inp.n_potential_min or 0)
        <= len(pot)
        <= (len(inp.candidates) if inp.n_potential_max is None else inp.n_potential_max)
    )
    assert set(inp.must_include) <= chosen
    assert not set(inp.exclude) & chosen
    if inp.stage_class is not None:
        assert all(inp.stage_class[j] == "potential" for j in pot)
        allowed = {"leading"} if inp.strict else {"leading", "potential"}
        assert all(inp.stage_class[j] in allowed for j in lead)
    else:
        assert not pot
    for cap_name, cap in inp.caps.items():
        use = sum(cap.coefficients[j] for j in chosen)
        assert (use <= cap.cap + 1e-9) if cap.sense == "<=" else (use >= cap.cap - 1e-9), cap_name
    if inp.category is not None:
        for g, m in inp.max_per_category.items():  # type: ignore[union-attr]
            assert sum(inp.category[j] == g for j in chosen) <= m
    if inp.max_links is not None:
        assert len(fill) <= inp.max_links
    users = inp.links.groupby("supplier")["industry"].agg(set)
    assert all(users[i] & lead for i in fill), "a supplier is filled outside every chosen chain"
    if inp.leading_covers_links:
        assert not fill & lead, "a leading industry is also filled"
    by_lead = lead if inp.leading_covers_links else set()
    for link in res.links:
        assert link.industry in lead
        assert link.by == ("fill" if link.supplier in fill else "leading")
        assert link.supplier in (fill if link.by == "fill" else lead)
    covered = {
        (r.industry, r.supplier)
        for r in inp.links.itertuples()
        if r.industry in lead and (r.supplier in fill or r.supplier in by_lead)
    }
    assert covered == {(link.industry, link.supplier) for link in res.links}
    assert res.objective == pytest.approx(sum(res.terms.values()))
    assert res.solver_objective == pytest.approx(res.objective, abs=1e-6)


SEEDS = range(40)


@pytest.mark.parametrize("covers", [False, True], ids=["fill-only", "leading-covers"])
def test_brute_force_matches_milp_and_invariants_hold(covers: bool) -> None:
    n_feasible = n_infeasible = 0
    for seed in SEEDS:
        inp = dataclasses.replace(random_inputs(seed), leading_covers_links=covers)
        table = enumerate_portfolios(inp)
        res = solve_problem(build_problem(inp))
        if table.empty:
            assert res.status is SelectionStatus.INFEASIBLE, seed
            n_infeasible += 1
            continue
        n_feasible += 1
        assert res.status is SelectionStatus.OPTIMAL, seed
        assert res.objective == pytest.approx(table["objective"].max(), abs=1e-7), seed
        check_invariants(inp, res)
        # The MILP's own portfolio is feasible for the brute force and valued the same.
        mine = table[
            (table["leading"] == res.leading)
            & (table["potential"] == res.potential)
            & (table["filled"] == res.filled)
        ]
        assert len(mine) == 1, seed
        assert mine["objective"].iloc[0] == pytest.approx(res.objective, abs=1e-9), seed
    assert n_feasible >= 25 and n_infeasible >= 1  # the generator exercises both outcomes


@pytest.mark.parametrize("covers", [False, True], ids=["fill-only", "leading-covers"])
def test_brute_force_dense_synergy_and_shared_suppliers(covers: bool) -> None:
    # Every pair listed (in either order), every supplier shared by several chains: the
    # per-industry and per-supplier rows with their K-largest caps must still be exact,
    # including when K = n_leading_max bites.
    checked = 0
    for seed in SEEDS[:20]:
        rng = np.random.default_rng(1000 + seed)
        inp = random_inputs(seed)
        codes = list(inp.candidates)
        pairs = [
            (j, k) if rng.random() < 0.5 else (k, j) for j, k in itertools.combinations(codes, 2)
        ]
        synergy = pd.DataFrame(
            {
                "industry": [j for j, _ in pairs],
                "partner": [k for _, k in pairs],
                "sigma": rng.uniform(-0.2, 0.6, len(pairs)).round(3),
            }
        )
        suppliers = ["X0", codes[0], codes[1]]
        links = pd.DataFrame(
            [(j, i, round(float(rng.uniform(0, 0.6)), 3), 0.2) for j in codes for i in suppliers],
            columns=["industry", "supplier", "value", "rpc"],
        )
        fill = pd.Series(rng.uniform(0, 0.8, len(suppliers)).round(2), pd.Index(suppliers))
        hi = int(rng.integers(1, 4))
        inp = dataclasses.replace(
            inp,
            synergy=synergy,
            links=links,
            fill_cost=fill,
            n_leading_min=min(inp.n_leading_min or 0, hi),
            n_leading_max=hi,
            max_links=None,
            synergy_weight=1.0,
            link_weight=1.0,
            leading_covers_links=covers,
        )
        table = enumerate_portfolios(inp)
        res = solve_problem(build_problem(inp))
        if table.empty:
            assert res.status is SelectionStatus.INFEASIBLE, seed
            continue
        assert res.objective == pytest.approx(table["objective"].max(), abs=1e-7), seed
        check_invariants(inp, res)
        checked += 1
    assert checked >= 12


def test_cbc_and_highs_agree() -> None:
    for seed in range(12):
        inp = random_inputs(seed)
        cbc = solve_problem(build_problem(inp), solver="cbc")
        highs = solve_problem(build_problem(inp), solver="highs")
        assert cbc.status == highs.status, seed
        if cbc.is_solved:
            assert highs.objective == pytest.approx(cbc.objective, abs=1e-7), seed
            check_invariants(inp, highs)
            assert highs.solver == "highs"


def test_k_best_enumerates_portfolios_in_order() -> None:
    for seed, solver in ((2, "cbc"), (4, "cbc"), (3, "highs"), (17, "highs")):
        inp = random_inputs(seed, n=5)
        table = enumerate_portfolios(inp)
        assert table.groupby(["leading", "potential"]).ngroups >= 6
        best_per_portfolio = (
            table.groupby(["leading", "potential"])["objective"].max().sort_values(ascending=False)
        )
        alts = solve_k_best(inp, k=len(best_per_portfolio) + 1, solver=solver)
        assert len(alts) == len(best_per_portfolio), seed  # stops when no portfolio is left
        objs = [a.result.objective for a in alts]
        assert objs == pytest.approx(best_per_portfolio.to_list(), abs=1e-7)
        assert all(a >= b - 1e-9 for a, b in itertools.pairwise(objs))
        keys = [(a.result.leading, a.result.potential) for a in alts]
        assert len(set(keys)) == len(keys)
        best = alts[0].result
        for a in alts[1:]:
            assert set(a.leading_in) == set(a.result.leading) - set(best.leading)
            assert set(a.leading_out) == set(best.leading) - set(a.result.leading)
            assert a.objective_gap == pytest.approx(best.objective - a.result.objective)
            assert a.leading_in or a.leading_out or a.potential_in or a.potential_out


# ---------------------------------------------------------------- hand-derivable cases
def knapsack() -> SelectionInputs:
    codes = ("A", "B", "C", "D")
    return SelectionInputs(
        codes,
        pd.Series([10.0, 7.0, 5.0, 4.0], index=codes),
        entry_cost=pd.Series([5.0, 4.0, 3.0, 1.0], index=codes),
        budget=8.0,
    )


def test_knapsack_known_optimum_and_binding_budget() -> None:
    # {B, C, D}: 16 at cost 8 beats {A, C}: 15 and {A, D}: 14.
    res = solve_problem(build_problem(knapsack()))
    assert res.leading == ("B", "C", "D")
    assert res.objective == 16.0
    assert res.terms["score_leading"] == 16.0 and res.terms["cost"] == 0.0
    assert res.slack == {"budget": 0.0}
    assert res.binding == ("budget",)
    loose = solve_problem(build_problem(SelectionInputs(**{**_fields(knapsack()), "budget": 20.0})))
    assert loose.leading == ("A", "B", "C", "D") and loose.binding == ()
    assert loose.slack["budget"] == pytest.approx(7.0)


def _fields(inp: SelectionInputs) -> dict[str, object]:
    return {f: getattr(inp, f) for f in inp.__dataclass_fields__}


def test_link_value_needs_leading_user_and_fill() -> None:
    # Filling X (cost 1, μ = 1) is worth λ w = 1.5 only if A leads; C is only potential.
    codes = ("A", "B", "C")
    inp = SelectionInputs(
        codes,
        pd.Series([1.0, 1.2, 0.9], index=codes),
        stage_class=pd.Series(["leading", "leading", "potential"], index=codes),
        strict=True,
        links=pd.DataFrame(
            {
                "industry": ["A", "C"],
                "supplier": ["X", "X"],
                "value": [1.5, 5.0],
                "rpc": [0.25, 0.25],
            }
        ),
        fill_cost=pd.Series({"X": 1.0}),
        n_leading_max=1,
        n_potential_max=1,
        cost_weight=1.0,
        potential_discount=0.5,
    )
    res = solve_problem(build_problem(inp))
    # A + X: 1.0 + 1.5 − 1.0 = 1.5 beats B alone (1.2); C adds 0.45 as potential, its link nothing.
    assert (res.leading, res.potential, res.filled) == (("A",), ("C",), ("X",))
    assert res.terms == pytest.approx(
        {"score_leading": 1.0, "score_potential": 0.45, "links": 1.5, "synergy": 0.0, "cost": -1.0}
    )
    assert [(x.industry, x.supplier, x.rpc_before) for x in res.links] == [("A", "X", 0.25)]


def test_synergy_bonus_and_penalty() -> None:
    codes = ("A", "B", "C")
    base = {
        "candidates": codes,
        "score": pd.Series([1.0, 0.9, 0.8], index=codes),
        "n_leading_min": 2,
        "n_leading_max": 2,
    }
    bonus = SelectionInputs(
        **base, synergy=pd.DataFrame({"industry": ["C"], "partner": ["B"], "sigma": [0.5]})
    )
    res = solve_problem(build_problem(bonus))
    assert res.leading == ("B", "C") and res.terms["synergy"] == 0.5
    penalty = SelectionInputs(
        **base, synergy=pd.DataFrame({"industry": ["A"], "partner": ["B"], "sigma": [-0.3]})
    )
    res = solve_problem(build_problem(penalty))
    assert res.leading == ("A", "C") and res.terms["synergy"] == 0.0


def test_lenient_stage_allows_potential_as_leading() -> None:
    codes = ("A", "B")
    kw = {
        "candidates": codes,
        "score": pd.Series([0.2, 0.9], index=codes),
        "stage_class": pd.Series(["leading", "potential"], index=codes),
        "n_leading_min": 1,
        "n_leading_max": 1,
    }
    assert solve_problem(build_problem(SelectionInputs(**kw, strict=True))).leading == ("A",)
    assert solve_problem(build_problem(SelectionInputs(**kw, strict=False))).leading == ("B",)


# ---------------------------------------------------------------- golden LP
def tiny_inputs() -> SelectionInputs:
    codes = ("agr", "mfg", "svc")
    idx = pd.Index(codes)
    return SelectionInputs(
        codes,
        pd.Series([0.4, 0.9, 0.6], idx),
        stage_class=pd.Series(["leading", "leading", "potential"], idx),
        entry_cost=pd.Series([1.0, 2.0, 1.5], idx),
        links=pd.DataFrame(
            {
                "industry": ["mfg", "mfg", "agr"],
                "supplier": ["svc", "chem", "chem"],
                "value": [0.3, 0.5, 0.2],
                "rpc": [0.4, 0.1, 0.1],
            }
        ),
        fill_cost=pd.Series({"svc": 0.5, "chem": 1.0}),
        budget=4.0,
        n_leading_min=1,
        n_leading_max=2,
        n_potential_max=1,
        max_links=1,
        caps={
            "land": (pd.Series([2.0, 1.0, 0.5], idx), 2.5),
            "jobs": (pd.Series([1.0, 3.0, 2.0], idx), 2.0, ">="),
        },
        category=pd.Series(["primary", "secondary", "tertiary"], idx),
        max_per_category=1,
        must_include=("mfg",),
        exclude=("agr",),
        synergy=pd.DataFrame({"industry": ["mfg"], "partner": ["svc"], "sigma": [0.1]}),
        cost_weight=0.1,
    )


@pytest.mark.parametrize(
    ("covers", "golden"), [(False, "tiny.lp"), (True, "tiny_leading_covers.lp")]
)
def test_golden_lp(tmp_path: Path, covers: bool, golden: str) -> None:
    path = tmp_path / "tiny.lp"
    inputs = dataclasses.replace(tiny_inputs(), leading_covers_links=covers)
    build_problem(inputs).prob.writeLP(str(path))
    got = set(path.read_text(encoding="utf-8").splitlines())
    want = set((LP_DIR / golden).read_text(encoding="utf-8").splitlines())
    assert got == want, f"extra: {sorted(got - want)}\nmissing: {sorted(want - got)}"


def test_tiny_solution() -> None:
    # By hand: agr excluded, mfg required (leading class); svc may lead (lenient).
    # mfg + svc lead: 0.9 + 0.6 + synergy 0.1; budget 4 − 3.5 leaves 0.5 = fill svc (link 0.3);
    # objective 1.6 + 0.3 − 0.1 × 4 = 1.5, beating mfg + chem (0.9 + 0.5 − 0.3 = 1.1).
    res = solve_problem(build_problem(tiny_inputs()))
    check_invariants(tiny_inputs(), res)
    assert (res.leading, res.potential, res.filled) == (("mfg", "svc"), (), ("svc",))
    assert [(x.industry, x.supplier, x.by) for x in res.links] == [("mfg", "svc", "fill")]
    assert res.objective == pytest.approx(1.5)
    assert set(res.binding) == {
        "budget",
        "count_leading_max",
        "max_links",
        "diversity_secondary",
        "diversity_tertiary",
    }


def test_tiny_solution_when_a_leading_supplier_covers_its_links() -> None:
    # Same instance, leading_covers_links: svc, itself leading, covers svc→mfg (0.3)
    # without a fill; cost 3.5, objective 1.6 + 0.3 − 0.1 × 3.5 = 1.55. Filling svc
    # instead of leading it: mfg + fill svc = 0.9 + 0.3 − 0.25 = 0.95.
    inputs = dataclasses.replace(tiny_inputs(), leading_covers_links=True)
    res = solve_problem(build_problem(inputs))
    check_invariants(inputs, res)
    assert (res.leading, res.potential, res.filled) == (("mfg", "svc"), (), ())
    assert [(x.industry, x.supplier, x.by) for x in res.links] == [("mfg", "svc", "leading")]
    assert res.objective == pytest.approx(1.55)
    assert set(res.binding) == {"count_leading_max", "diversity_secondary", "diversity_tertiary"}


# ---------------------------------------------------------------- infeasibility
def test_infeasible_budget_vs_must_include() -> None:
    codes = ("A", "B", "C")
    inp = SelectionInputs(
        codes,
        pd.Series([1.0, 0.5, 0.2], index=codes),
        entry_cost=pd.Series([5.0, 1.0, 1.0], index=codes),
        budget=3.0,
        must_include=("A", "B"),
    )
    assert solve_problem(build_problem(inp)).status is SelectionStatus.INFEASIBLE
    diag = diagnose_infeasibility(inp)
    assert not diag.feasible
    assert set(diag.relaxations) == {("budget",), ("must_include",)}
    assert diag.constraints == ("must_include_A",)  # dropping B alone is not enough
    assert diag.min_budget == 6.0
    assert (
        "budget" in diag.message and "must_include" in diag.message and "无可行解" in diag.message
    )


def test_infeasible_stage_vs_must_include_and_pairs() -> None:
    codes = ("A", "B", "C", "D")
    idx = pd.Index(codes)
    stage = pd.Series(["leading", "leading", "excluded", "excluded"], idx)
    inp = SelectionInputs(codes, pd.Series(1.0, idx), stage_class=stage, must_include=("C",))
    diag = diagnose_infeasibility(inp)
    assert set(diag.relaxations) == {("stage",), ("must_include",)}
    assert "stage_lead_C" in diag.constraints and "stage_potential_C" in diag.constraints
    # Two interlocking conflicts: no single group suffices, three minimal pairs do.
    both = SelectionInputs(
        codes,
        pd.Series(1.0, idx),
        stage_class=stage,
        entry_cost=pd.Series([4.0, 1.0, 1.0, 1.0], idx),
        budget=2.0,
        must_include=("A",),
        n_leading_min=3,
    )
    diag = diagnose_infeasibility(both)
    assert {frozenset(r) for r in diag.relaxations} == {
        frozenset({"budget", "count_leading"}),
        frozenset({"budget", "stage"}),
        frozenset({"must_include", "count_leading"}),
    }  # must_include + stage is not enough: three eligible-by-cost sectors cost 3 > 2
    assert "only relaxing together" in diag.message


def test_diagnosis_of_feasible_problem() -> None:
    assert diagnose_infeasibility(knapsack()).feasible


def test_relax_leaves_out_named_rows() -> None:
    problem = build_problem(tiny_inputs(), relax=["budget", "cap_land", "must_include_mfg"])
    assert "budget" not in problem.groups and "cap_land" not in problem.groups
    assert "cap_jobs" in problem.groups and "must_include" not in problem.groups
    assert problem.relaxed == ["budget", "cap_land", "must_include_mfg"]
    with pytest.raises(ScenarioError, match="structural"):
        build_problem(tiny_inputs(), relax=["link"])


# ---------------------------------------------------------------- determinism, hooks, names
def test_determinism() -> None:
    inp = random_inputs(37)  # leading, potential and two filled suppliers
    a = solve_problem(build_problem(inp)).to_dict()
    b = solve_problem(build_problem(random_inputs(37))).to_dict()
    assert a == b and a["potential"] and len(a["filled"]) == 2
    ka = [x.result.to_dict() for x in solve_k_best(inp, 4)]
    kb = [x.result.to_dict() for x in solve_k_best(inp, 4)]
    assert ka == kb
    best = solve_problem(build_problem(inp))
    kc = [x.result.to_dict() for x in solve_k_best(inp, 4, best=best)]  # reuses the optimum
    assert kc == ka


def test_exact_score_hook() -> None:
    res = solve_problem(build_problem(tiny_inputs()))
    seen: list[tuple[str, ...]] = []

    def rescore(codes: tuple[str, ...]) -> float:
        seen.append(codes)
        return 10.0 * len(codes)

    out = res.with_exact_score(rescore)
    assert out.exact_score == 20.0 and seen == [("mfg", "svc")]
    assert res.exact_score is None and out.to_dict()["exact_score"] == 20.0


def test_unsafe_codes_get_positional_names(tmp_path: Path) -> None:
    codes = ("制造业", "C-1", "C_1")
    inp = SelectionInputs(
        codes,
        pd.Series([0.5, 0.7, 0.6], index=codes),
        category=pd.Series(["工业", "工业", "服务业"], index=codes),
        max_per_category=1,
    )
    problem = build_problem(inp)
    assert sorted(v.name for v in problem.y.values()) == ["y_s0", "y_s1", "y_s2"]
    problem.prob.writeLP(str(tmp_path / "x.lp"))
    res = solve_problem(problem)
    assert res.leading == ("C-1", "C_1")  # one per category: 0.7 (工业) + 0.6 (服务业)


# ---------------------------------------------------------------- validation
@pytest.mark.parametrize(
    ("change", "match"),
    [
        ({"must_include": ("Z9",)}, r"must_include: unknown code\(s\) \['Z9'\]"),
        (
            {"entry_cost": pd.Series({"A": -1.0, "B": 1.0})},
            r"entry_cost: negative value at \['A=-1'\]",
        ),
        ({"score": pd.Series({"A": np.nan, "B": 1.0})}, r"score: NaN.*A=nan"),
        ({"score": pd.Series({"A": 1.0})}, r"score: no value for code\(s\) \['B'\]"),
        (
            {"stage_class": pd.Series({"A": "mature", "B": "leading"})},
            r"stage_class: expected one of.*A='mature'",
        ),
        ({"exclude": ("A",), "must_include": ("A",)}, r"in both lists"),
        ({"n_leading_min": 3, "n_leading_max": 1}, r"n_leading_min: 3 exceeds n_leading_max 1"),
        ({"potential_discount": 1.5}, r"potential_discount: must be in \[0, 1\]"),
        (
            {
                "links": pd.DataFrame(
                    {"industry": ["Q"], "supplier": ["A"], "value": [0.1], "rpc": [0.2]}
                )
            },
            r"links row 0 \(A→Q\): unknown industry code 'Q'",
        ),
        (
            {
                "links": pd.DataFrame(
                    {"industry": ["A"], "supplier": ["B"], "value": [0.1], "rpc": [1.2]}
                )
            },
            r"rpc must be in \[0, 1\], got 1.2",
        ),
        (
            {
                "links": pd.DataFrame(
                    {
                        "industry": ["A", "B"],
                        "supplier": ["X", "X"],
                        "value": [0.1, 0.1],
                        "rpc": [0.2, 0.3],
                    }
                )
            },
            r"supplier X has different rpc values",
        ),
        (
            {
                "links": pd.DataFrame(
                    {"industry": ["A"], "supplier": ["X"], "value": [0.1], "rpc": [0.2]}
                ),
                "fill_cost": pd.Series({"Y": 1.0}),
            },
            r"fill_cost: no value for code\(s\) \['X'\]",
        ),
        ({"caps": {"land": (pd.Series({"A": 1.0, "B": 1.0}), 2.0, "<")}}, r"caps\[land\]: sense"),
        (
            {"category": pd.Series({"A": "x", "B": "y"}), "max_per_category": {"z": 1}},
            r"unknown categories \['z'\]",
        ),
        ({"n_potential_min": 1}, r"n_potential_min: potential industries need stage_class"),
    ],
)
def test_validation_errors(change: dict[str, object], match: str) -> None:
    kw: dict[str, object] = {"candidates": ("A", "B"), "score": pd.Series({"A": 1.0, "B": 0.5})}
    kw.update(change)
    with pytest.raises(ScenarioError, match=match):
        SelectionInputs(**kw)  # type: ignore[arg-type]


def test_validation_reports_every_problem_at_once() -> None:
    with pytest.raises(ScenarioError, match="3 problems") as err:
        SelectionInputs(
            ("A", "B"),
            pd.Series({"A": 1.0, "B": 0.5}),
            entry_cost=pd.Series({"A": -1.0, "B": 1.0}),
            must_include=("Q",),
            budget=-2.0,
        )
    assert (
        "entry_cost" in str(err.value)
        and "must_include" in str(err.value)
        and "budget" in str(err.value)
    )


def test_zero_score_candidate_without_constraints() -> None:
    # y_A has a zero objective coefficient and no row: PuLP leaves it out of the model.
    inp = SelectionInputs(("A", "B"), pd.Series({"A": 0.0, "B": 1.0}))
    res = solve_problem(build_problem(inp))
    assert res.leading == ("B",) and res.objective == 1.0


def test_unknown_solver() -> None:
    with pytest.raises(ScenarioError, match="unknown solver 'gurobi'"):
        solve_problem(build_problem(knapsack()), solver="gurobi")
