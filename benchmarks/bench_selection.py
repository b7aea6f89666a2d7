"""Benchmark the selection MILP and the weight Monte Carlo.

Run: ``.venv/bin/python benchmarks/bench_selection.py [--solver cbc|highs]``.

Targets (issue 5): 153 sectors with every constraint and 5 alternatives < 2 s;
a synthetic n = 1000 instance < 15 s; 10,000 weight draws on 153 sectors < 1 s.
Instances are synthetic and seeded, sized like china_2020_153 (about 8 supplier links
per candidate, 19 categories, four resource caps, synergy pairs).
"""

from __future__ import annotations

import argparse
import os
import resource
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import numpy as np
import pandas as pd

from chainmap.robustness import calc_weight_sensitivity
from chainmap.selection import SelectionInputs, build_problem, solve_k_best, solve_problem

T = TypeVar("T")


def synthetic_inputs(n: int, seed: int = 0, links_per_sector: int = 8) -> SelectionInputs:
    """A seeded instance with every constraint family switched on."""
    rng = np.random.default_rng(seed)
    codes = [f"S{k:04d}" for k in range(n)]
    idx = pd.Index(codes)
    criteria = pd.DataFrame(
        rng.uniform(0, 1, (n, 5)), index=idx, columns=["drive", "base", "stage", "market", "policy"]
    )
    weights = pd.Series(
        {"drive": 0.35, "base": 0.25, "stage": 0.15, "market": 0.15, "policy": 0.10}
    )
    score = criteria @ (weights / weights.sum())
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
        weights=weights,
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


def real_inputs(path: Path, seed: int = 0) -> SelectionInputs:
    """A 153-sector instance on the real 2020 NBS table (A, Leontief and Ghosh linkages).

    Criteria: driving effect (mean of normalised Rasmussen backward and Ghosh forward
    linkages), base (output share), market (export share), with synthetic seeded
    policy, stage classes, costs, caps and local coverage rpc. Links: for each
    candidate the suppliers covering 80 % of its input coefficients (at most 10),
    w_ij = a_ij (1 − rpc_i).
    """
    rng = np.random.default_rng(seed)
    raw = pd.read_csv(path, dtype={"Code": str})
    codes = [c for c in raw.columns if c.isdigit()]
    body = raw.set_index("Code").loc[codes]
    z = body[codes].to_numpy(dtype=float)
    x = body["GO"].to_numpy(dtype=float)
    a = z / x[None, :]
    eye = np.eye(len(codes))
    backward = np.linalg.inv(eye - a).sum(axis=0)
    forward = np.linalg.inv(eye - z / x[:, None]).sum(axis=1)
    idx = pd.Index(codes)

    def norm(v: np.ndarray) -> np.ndarray:
        return (v - v.min()) / (v.max() - v.min())

    criteria = pd.DataFrame(
        {
            "drive": norm(backward / backward.mean() + forward / forward.mean()),
            "base": norm(np.log(x)),
            "market": norm(body["EX"].to_numpy(dtype=float) / x),
            "policy": rng.uniform(0, 1, len(codes)),
        },
        index=idx,
    )
    weights = pd.Series({"drive": 0.4, "base": 0.25, "market": 0.2, "policy": 0.15})
    rpc = rng.uniform(0.2, 0.9, len(codes))
    rows = []
    for j in range(len(codes)):
        order = np.argsort(-a[:, j], kind="stable")
        share = np.cumsum(a[order, j]) / a[:, j].sum()
        for i in order[: min(10, int(np.searchsorted(share, 0.8)) + 1)]:
            rows.append((codes[j], codes[i], a[i, j] * (1 - rpc[i]), rpc[i]))
    links = pd.DataFrame(rows, columns=["industry", "supplier", "value", "rpc"])
    base = synthetic_inputs(len(codes), seed=seed)
    relabel = dict(zip(base.candidates, codes, strict=True))
    syn = base.synergy.replace(relabel)  # type: ignore[union-attr]
    return SelectionInputs(
        candidates=tuple(codes),
        score=criteria @ (weights / weights.sum()),
        criteria=criteria,
        weights=weights,
        stage_class=base.stage_class.set_axis(idx),  # type: ignore[union-attr]
        entry_cost=base.entry_cost.set_axis(idx),  # type: ignore[union-attr]
        links=links,
        fill_cost=base.fill_cost.set_axis(idx),  # type: ignore[union-attr]
        budget=base.budget,
        n_leading_min=base.n_leading_min,
        n_leading_max=base.n_leading_max,
        n_potential_min=0,
        n_potential_max=3,
        max_links=base.max_links,
        caps={k: (v.coefficients.set_axis(idx), v.cap, v.sense) for k, v in base.caps.items()},
        category=base.category.set_axis(idx),  # type: ignore[union-attr]
        max_per_category=2,
        must_include=(relabel[base.must_include[0]],),
        exclude=tuple(relabel[c] for c in base.exclude),
        synergy=syn,
        cost_weight=0.05,
    )


def timed(label: str, target: float, fn: Callable[[], T]) -> T:
    """Run fn once; print wall time and CPU time (this process + solver subprocesses)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu0 = time.process_time() + usage.ru_utime + usage.ru_stime
    start = time.perf_counter()
    out = fn()
    took = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = time.process_time() + usage.ru_utime + usage.ru_stime - cpu0
    verdict = "ok" if took < target else "SLOW"
    print(f"{label:<62} wall {took:7.2f} s  cpu {cpu:7.2f} s  (target < {target:g} s) {verdict}")
    return out


def bench_instance(name: str, inp: SelectionInputs, solver: str) -> None:
    alts = timed(
        f"[{solver}] {name}: best + 5 alternatives",
        2.0,
        lambda: solve_k_best(inp, 6, solver=solver),
    )
    objs = [round(a.result.objective or 0.0, 4) for a in alts]
    print(f"    objectives {objs}; statuses {sorted({str(a.result.status) for a in alts})}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--solver", choices=["cbc", "highs"], default="cbc")
    parser.add_argument("--skip-1000", action="store_true", help="skip the n = 1000 instance")
    args = parser.parse_args()
    data = Path(os.environ.get("CHAINMAP_DATA_DIR", Path(__file__).parents[2] / "shared" / "data"))
    real = data / "china-nbs" / "china_2020_153.csv"
    inp153 = synthetic_inputs(153)
    print(f"synthetic 153: {len(inp153.links)} links")
    bench_instance("synthetic 153", inp153, args.solver)
    if real.exists():
        inp_real = real_inputs(real)
        print(f"china_2020_153: {len(inp_real.links)} links")
        bench_instance("china_2020_153", inp_real, args.solver)
    else:
        print(f"china_2020_153 not found under {data}; set CHAINMAP_DATA_DIR")
    if not args.skip_1000:
        inp1000 = synthetic_inputs(1000, seed=1)
        res = timed(
            f"[{args.solver}] synthetic 1000 ({len(inp1000.links)} links): build + solve",
            15.0,
            lambda: solve_problem(build_problem(inp1000), solver=args.solver, time_limit=120),
        )
        print(f"    status {res.status}, objective {res.objective}")
    timed(
        "10,000 weight draws on 153 sectors (ranks, top-K sets)",
        1.0,
        lambda: calc_weight_sensitivity(inp153, n_draws=10_000, seed=0, resolve=False, top_k=6),
    )


if __name__ == "__main__":
    main()
