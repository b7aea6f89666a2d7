"""Benchmark the selection MILP and the weight Monte Carlo.

Run: ``CHAINMAP_DATA_DIR=/work/shared/data .venv/bin/python benchmarks/bench_selection.py``
(``--solver highs``, ``--quick`` skips the stress lines, ``--repeat R`` keeps the best of R).

Target lines (issue 5), on instances shaped the way :mod:`chainmap.scenario.runner` builds them:

* ``real 153``: the national 2020 153-sector table regionalised to Hangzhou by the
  runner itself (``scenarios/hangzhou_2023.yaml`` with ``selection.candidates: all``,
  so every one of the city table's 149 sectors is a candidate), chain links from the
  runner's gap diagnosis for its shortlist of max(12, 4 × 6) = 24 best-scored industries
  plus the required one and the scenario's ``gaps.candidates`` (27 chains), and every
  planner constraint: 3–6 leading and 0–3 potential industries, a budget over
  capital-intensity entry costs and fills, at most 10 filled links, four resource caps
  whose coefficients are each sector's share of the city's energy use, fossil-fuel use,
  depreciation (capital) and wage bill (national intensities × city output), diversity
  of at most 2 per 门类 section, stage classes from the city's output series, one
  required and two excluded industries, and synergy pairs among the shortlist.
  Best + 5 alternatives < 2 s. The caps are in force but none binds at the optimum
  (the line prints each cap's use against its limit), so the same line is run again
  with every cap tightened to 90 % of the optimum's use (floors raised to use / 0.9):
  the caps then change the choice ("tight caps", no separate target).
* ``single re-solve`` (issue 15, the workbench's re-solve after a weight change): the
  selection part only — validating the runner's SelectionInputs with new weights,
  building the model and solving it — on the Hangzhou scenario as shipped (its own
  selection settings), median over 15 Dirichlet weight draws. No target of its own
  (the whole re-solve, with re-scoring and gap diagnoses, must stay < 0.3 s:
  benchmarks/bench_web.py).
* ``synthetic 1000``: n = 1000 seeded sectors with lognormal sizes, links for a shortlist
  of the 40 best-scored eligible ones (suppliers drawn by size), size-weighted caps,
  20 uneven sections. One build + solve < 15 s.
* 10,000 Dirichlet weight draws on 153 sectors (ranks and top-K sets, no re-solve) < 1 s.

Stress lines (no target): the dense instances where *every* candidate has a full set
of 8 links and four independent random caps (far harder than anything the runner
builds), at n = 153 (best + 5) and n = 1000 (one solve).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import resource
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from chainmap.select.alternatives import Alternative, solve_k_best
from chainmap.select.inputs import ResourceCap, SelectionInputs
from chainmap.select.model import build_problem
from chainmap.select.robustness import calc_weight_sensitivity
from chainmap.select.solve import solve_problem

T = TypeVar("T")
ROOT = Path(__file__).resolve().parents[1]
CRITERIA = ["drive", "base", "stage", "market", "policy"]
WEIGHTS = pd.Series({"drive": 0.35, "base": 0.25, "stage": 0.15, "market": 0.15, "policy": 0.10})


# ---------------------------------------------------------------- runner-built 153
def real_inputs(n_leading: tuple[int, int] = (3, 6), synergy: bool = True) -> SelectionInputs:
    """Selection inputs of Hangzhou 2023 on china_2020_153, built by the runner.

    The scenario is run twice (selection, alternatives and Monte Carlo switched off the
    first time) so that the caps and entry costs can be derived from its own city table.
    """
    from chainmap.scenario.runner import run_scenario
    from chainmap.scenario.schema import load_scenario

    path = ROOT / "scenarios" / "hangzhou_2023.yaml"
    quiet = ["robustness.weight_draws=0", "selection.alternatives=0", "selection.candidates=all"]
    first = run_scenario(load_scenario(path, quiet))
    nat, city = first.parent, first.city
    codes = [str(c) for c in city.codes]
    pos = [list(nat.codes).index(c) for c in codes]
    rows = {c: k for k, c in enumerate(nat.codes)}
    x_nat = nat.x[pos]

    def purchases(suppliers: list[str]) -> np.ndarray:
        return nat.z[[rows[c] for c in suppliers]][:, pos].sum(axis=0) / x_nat

    intensity = {
        "energy": purchases(["006", "007", "041", "042", "100", "101"]),
        "emission": purchases(["006", "007", "041", "042", "101"]),
        "capital": nat.value_added.loc["depreciation"].to_numpy()[pos] / x_nat,
        "employment": nat.value_added.loc["compensation"].to_numpy()[pos] / x_nat,
    }
    limits = {"energy": 5.0, "emission": 4.0, "capital": 6.0, "employment": 4.0}
    caps = {}
    for name, per_output in intensity.items():
        use = per_output * city.x  # the sector's use in the city ...
        share = 100.0 * use / use.sum()  # ... as a percentage of the city's total
        spec: dict[str, object] = {
            "coefficients": dict(zip(codes, share.round(4).tolist(), strict=True)),
            "cap": limits[name],
        }
        if name == "employment":
            spec["sense"] = ">="
        caps[name] = spec
    capital = intensity["capital"]
    entry = np.clip(capital / capital.mean(), 0.3, 3.0).round(3)
    lo, hi = n_leading
    overrides = [
        *quiet,
        f"selection.n_leading=[{lo}, {hi}]",
        "selection.n_potential=[0, 3]",
        "selection.budget=8",
        "selection.max_links=10",
        f"selection.caps={json.dumps(caps)}",
        f"selection.entry_cost={json.dumps(dict(zip(codes, entry.tolist(), strict=True)))}",
        "selection.diversity={by: section, max_per_group: 2}",
        "selection.require=['087']",  # 电池 batteries
        "selection.exclude=['103', '133']",  # housing construction, real estate
        f"selection.synergy_weight={1.0 if synergy else 0.0}",
    ]
    return run_scenario(load_scenario(path, overrides)).selection_inputs


def shipped_inputs() -> SelectionInputs:
    """Selection inputs of Hangzhou 2023 as shipped (the workbench's default settings)."""
    from chainmap.scenario.runner import run_scenario
    from chainmap.scenario.schema import load_scenario

    quiet = ["robustness.weight_draws=0", "selection.alternatives=0"]
    path = ROOT / "scenarios" / "hangzhou_2023.yaml"
    return run_scenario(load_scenario(path, quiet)).selection_inputs


def tightened(inp: SelectionInputs, factor: float = 0.9) -> SelectionInputs:
    """Every cap at ``factor`` × its use by the optimum, every floor at use / ``factor``."""
    best = solve_problem(build_problem(inp))
    caps = {
        name: ResourceCap(
            cap.coefficients,
            round(best.usage[f"cap_{name}"] * (factor if cap.sense == "<=" else 1 / factor), 3),
            cap.sense,
        )
        for name, cap in inp.caps.items()
    }
    return dataclasses.replace(inp, caps=caps)


# ---------------------------------------------------------------- synthetic, runner-shaped
def shortlist_inputs(
    n: int, seed: int = 0, n_chains: int = 40, n_leading: tuple[int, int] = (5, 10)
) -> SelectionInputs:
    """A seeded instance shaped like the runner's: links only for a shortlist of chains.

    Sizes are lognormal; suppliers of each chain are drawn with probability ∝ size;
    a link's value is its cost share × (1 − local share); the caps' coefficients are
    size × a lognormal intensity, as a percentage of the total (like the real ones).
    """
    rng = np.random.default_rng(seed)
    codes = [f"S{k:04d}" for k in range(n)]
    idx = pd.Index(codes)
    size = rng.lognormal(0.0, 1.2, n)
    crit = rng.uniform(0, 1, (n, len(CRITERIA)))
    crit[:, 1] = (np.log(size) - np.log(size).min()) / np.ptp(np.log(size))  # base ~ size
    criteria = pd.DataFrame(crit, index=idx, columns=CRITERIA)
    score = criteria @ (WEIGHTS / WEIGHTS.sum())
    stage = pd.Series(rng.choice(["leading", "potential", "excluded"], n, p=[0.55, 0.25, 0.2]), idx)
    n_sections = 20
    section_p = 1.0 / np.arange(1, n_sections + 1)
    category = pd.Series(
        [f"G{g:02d}" for g in rng.choice(n_sections, n, p=section_p / section_p.sum())], idx
    )
    exclude = tuple(score[stage == "leading"].nlargest(3).index[1:3])  # the 2nd and 3rd best
    eligible = score[(stage != "excluded") & ~idx.isin(exclude)]
    chains = list(eligible.sort_values(ascending=False, kind="stable").index[:n_chains])
    require = str(eligible.index[rng.integers(len(eligible))])
    if require not in chains:
        chains.append(require)
    local = rng.uniform(0.0, 0.4, n)  # existing local share of each supplier
    rows = []
    for j in chains:
        k = int(rng.integers(6, 15))
        sup = rng.choice(n, size=k, replace=False, p=size / size.sum())
        shares = rng.dirichlet(np.ones(k)) * rng.uniform(0.3, 0.7)
        rows += [
            (j, codes[i], s * (1 - local[i]), local[i]) for i, s in zip(sup, shares, strict=True)
        ]
    links = pd.DataFrame(rows, columns=["industry", "supplier", "value", "rpc"])
    links = links[links["industry"] != links["supplier"]]
    sigma: dict[tuple[str, str], float] = {}
    for j, i, w, _ in rows:  # chains that supply each other get a synergy bonus
        if i in chains and i != j:
            pair = tuple(sorted((i, j)))
            sigma[pair] = sigma.get(pair, 0.0) + w
    synergy = pd.DataFrame(
        [(a, b, s) for (a, b), s in sorted(sigma.items())], columns=["industry", "partner", "sigma"]
    )

    def cap(spread: float) -> pd.Series:
        use = size * rng.lognormal(0.0, spread, n)
        return pd.Series(100.0 * use / use.sum(), idx)

    lo, hi = n_leading
    suppliers = sorted(set(links["supplier"]))
    return SelectionInputs(
        candidates=tuple(codes),
        score=score,
        criteria=criteria,
        weights=WEIGHTS,
        stage_class=stage,
        entry_cost=pd.Series(rng.lognormal(0.0, 0.4, n), idx),
        links=links,
        fill_cost=pd.Series(0.5 * rng.lognormal(0.0, 0.3, len(suppliers)), suppliers),
        budget=1.4 * hi,
        n_leading_min=lo,
        n_leading_max=hi,
        n_potential_min=0,
        n_potential_max=3,
        max_links=15,
        caps={
            "energy": (cap(1.0), 3.0),
            "emission": (cap(1.0), 2.5),
            "capital": (cap(0.6), 3.0),
            "employment": (cap(0.5), 1.0, ">="),
        },
        category=category,
        max_per_category=3,
        must_include=(require,),
        exclude=exclude,
        synergy=synergy,
        cost_weight=0.1,
        potential_discount=0.5,
    )


# ---------------------------------------------------------------- dense stress instance
def dense_inputs(n: int, seed: int = 0, links_per_sector: int = 8) -> SelectionInputs:
    """Worst case: every candidate has 8 random links; four independent random caps."""
    rng = np.random.default_rng(seed)
    codes = [f"S{k:04d}" for k in range(n)]
    idx = pd.Index(codes)
    criteria = pd.DataFrame(rng.uniform(0, 1, (n, 5)), index=idx, columns=CRITERIA)
    score = criteria @ (WEIGHTS / WEIGHTS.sum())
    stage = pd.Series(rng.choice(["leading", "potential", "excluded"], n, p=[0.6, 0.25, 0.15]), idx)
    entry = pd.Series(rng.lognormal(0.0, 0.5, n), idx)
    rows = {
        (codes[j], codes[i])
        for j in range(n)
        for i in rng.choice(n, links_per_sector, replace=False)
    }
    industry, supplier = zip(*sorted(rows), strict=True)
    rpc = pd.Series(rng.uniform(0, 1, n), idx)
    links = pd.DataFrame(
        {
            "industry": industry,
            "supplier": supplier,
            "value": rng.uniform(0, 0.05, len(industry)) * (1 - rpc[list(supplier)].to_numpy()),
            "rpc": rpc[list(supplier)].to_numpy(),
        }
    )
    pairs = {tuple(sorted(rng.choice(n, 2, replace=False))) for _ in range(n)}
    synergy = pd.DataFrame(
        {
            "industry": [codes[a] for a, _ in sorted(pairs)],
            "partner": [codes[b] for _, b in sorted(pairs)],
            "sigma": rng.uniform(0, 0.05, len(pairs)),
        }
    )
    k_max = 6 if n <= 200 else 10
    eligible = [c for c in codes if stage[c] == "leading"]

    def coef(scale: float) -> pd.Series:
        return pd.Series(rng.lognormal(0.0, 0.6, n) * scale, idx)

    return SelectionInputs(
        candidates=tuple(codes),
        score=score,
        criteria=criteria,
        weights=WEIGHTS,
        stage_class=stage,
        strict=False,
        entry_cost=entry,
        links=links,
        fill_cost=pd.Series(rng.lognormal(-1.0, 0.5, n), idx),
        budget=1.2 * k_max,
        n_leading_min=k_max // 2,
        n_leading_max=k_max,
        n_potential_min=0,
        n_potential_max=3,
        max_links=2 * k_max,
        caps={
            "land": (coef(1.0), 1.0 * k_max),
            "energy": (coef(1.0), 1.1 * k_max),
            "emission": (coef(1.0), 1.1 * k_max),
            "employment": (coef(1.0), 0.5 * k_max, ">="),
        },
        category=pd.Series([f"G{k % 19:02d}" for k in range(n)], idx),
        max_per_category=2,
        must_include=(eligible[0],),
        exclude=tuple(eligible[1:4]),
        synergy=synergy,
        score_weight=1.0,
        link_weight=1.0,
        cost_weight=0.05,
        potential_discount=0.5,
    )


# ---------------------------------------------------------------- timing
def _cpu() -> float:
    """CPU seconds of this process and of its finished children (the CBC runs)."""
    child = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + child.ru_utime + child.ru_stime


def timed(label: str, target: float | None, fn: Callable[[], T], repeat: int = 1) -> T:
    """Run fn ``repeat`` times; print the best wall and CPU times and the ratio to target."""
    best_wall = best_cpu = float("inf")
    out: T
    for _ in range(repeat):
        cpu0, start = _cpu(), time.perf_counter()
        out = fn()
        best_wall = min(best_wall, time.perf_counter() - start)
        best_cpu = min(best_cpu, _cpu() - cpu0)
    if target is None:
        verdict = "(no target)"
    else:
        ok = "ok" if best_wall < target else "SLOW"
        verdict = f"target < {target:g} s, wall/target {best_wall / target:5.2f} {ok}"
    print(f"{label:<58} wall {best_wall:6.2f} s  cpu {best_cpu:6.2f} s  {verdict}", flush=True)
    return out


def describe(inp: SelectionInputs) -> str:
    links = inp.links if inp.links is not None else pd.DataFrame({"industry": [], "supplier": []})
    problem = build_problem(inp)
    return (
        f"{len(inp.candidates)} candidates, {links['industry'].nunique()} chains, "
        f"{len(links)} links, {len(inp.suppliers)} suppliers, {len(inp.caps)} caps, "
        f"{0 if inp.synergy is None else len(inp.synergy)} synergy pairs -> "
        f"{len(problem.prob.variables())} variables, {len(problem.prob.constraints)} rows"
    )


def bench_k_best(label: str, inp: SelectionInputs, target: float | None, args: Any) -> None:
    """Best solve alone, then best + 5 alternatives on one model (the runner's path)."""
    best = timed(
        f"[{args.solver}] {label}: build + best solve",
        None,
        lambda: solve_problem(build_problem(inp), solver=args.solver, time_limit=args.time_limit),
        args.repeat,
    )
    walls: list[float] = []

    def k_best() -> list[Alternative]:
        start = time.perf_counter()
        out = solve_k_best(inp, 6, solver=args.solver, time_limit=args.time_limit)
        walls.append(time.perf_counter() - start)
        return out

    alts = timed(f"[{args.solver}] {label}: best + 5 alternatives", target, k_best, args.repeat)
    use = {
        name: f"{best.usage.get(f'cap_{name}', float('nan')):.2f} {cap.sense} {cap.cap:g}"
        for name, cap in inp.caps.items()
    }
    print(f"    best: leading {list(best.leading)}; binding {list(best.binding)}; caps {use}")
    objs = [round(a.result.objective or 0.0, 4) for a in alts]
    per_solve = [round(a.result.wall_time, 2) for a in alts]
    print(
        f"    best + 5 / best solve {min(walls) / max(best.wall_time, 1e-9):4.1f}x; "
        f"solver wall per rank {per_solve}"
    )
    print(f"    objectives {objs}; statuses {sorted({str(a.result.status) for a in alts})}")


def bench_resolve(label: str, inp: SelectionInputs, args: Any, n: int = 15) -> None:
    """Median time of the selection part of a re-solve: new weights -> inputs -> model -> solve."""
    assert inp.criteria is not None and inp.weights is not None
    rng = np.random.default_rng(0)
    steps: dict[str, list[float]] = {"inputs": [], "build": [], "solve": []}
    cpu: list[float] = []
    for _ in range(n):
        w = pd.Series(rng.dirichlet(5.0 * np.ones(len(inp.weights))), index=inp.weights.index)
        score = inp.criteria @ (w / w.sum())
        cpu0, start = _cpu(), time.perf_counter()
        new = inp.with_scores(score, w)
        built = time.perf_counter()
        problem = build_problem(new)
        solving = time.perf_counter()
        solve_problem(problem, solver=args.solver, time_limit=args.time_limit)
        steps["inputs"].append(built - start)
        steps["build"].append(solving - built)
        steps["solve"].append(time.perf_counter() - solving)
        cpu.append(_cpu() - cpu0)
    total = [sum(t) for t in zip(*steps.values(), strict=True)]
    parts = ", ".join(f"{k} {1e3 * float(np.median(v)):.1f} ms" for k, v in steps.items())
    print(
        f"[{args.solver}] {label}: median wall {1e3 * float(np.median(total)):.1f} ms ({parts}), "
        f"cpu {1e3 * float(np.median(cpu)):.1f} ms; load average {os.getloadavg()[0]:.1f}"
    )


def bench_one(label: str, inp: SelectionInputs, target: float | None, args: Any) -> None:
    res = timed(
        f"[{args.solver}] {label}: build + solve",
        target,
        lambda: solve_problem(build_problem(inp), solver=args.solver, time_limit=args.time_limit),
        args.repeat,
    )
    print(f"    status {res.status}, objective {res.objective}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--solver", choices=["cbc", "highs"], default="cbc")
    parser.add_argument("--quick", action="store_true", help="skip the stress lines")
    parser.add_argument("--repeat", type=int, default=1, help="best of R runs per line")
    parser.add_argument("--time-limit", type=float, default=120.0, help="per solve (stress)")
    args = parser.parse_args()
    os.environ.setdefault("CHAINMAP_DATA_DIR", str(ROOT.parent / "shared" / "data"))
    print(f"load average {os.getloadavg()[0]:.1f} at the start")
    real = real_inputs()
    print(f"real 153 (runner-built): {describe(real)}")
    bench_k_best("real 153", real, 2.0, args)
    plain = dataclasses.replace(real, synergy=None)
    bench_k_best("real 153 without synergy", plain, 2.0, args)
    covers = dataclasses.replace(plain, leading_covers_links=True)
    bench_k_best("real 153 w/o synergy, leading covers links", covers, 2.0, args)
    bench_k_best("real 153, tight caps (90 % of the optimum's use)", tightened(real), None, args)
    bench_resolve("single re-solve, Hangzhou as shipped", shipped_inputs(), args)
    syn1000 = shortlist_inputs(1000, seed=1)
    print(f"synthetic 1000: {describe(syn1000)}")
    bench_one("synthetic 1000, 40 chains", syn1000, 15.0, args)
    mc = dense_inputs(153)
    timed(
        "10,000 weight draws on 153 sectors (ranks, top-K sets)",
        1.0,
        lambda: calc_weight_sensitivity(mc, n_draws=10_000, seed=0, resolve=False, top_k=6),
        max(args.repeat, 3),
    )
    if args.quick:
        return
    dense = dense_inputs(153)
    print(f"dense 153: {describe(dense)}")
    bench_k_best("dense 153 (stress)", dense, None, args)
    dense1000 = dense_inputs(1000, seed=1)
    print(f"dense 1000: {describe(dense1000)}")
    bench_one("dense 1000 (stress)", dense1000, None, args)


if __name__ == "__main__":
    main()
