"""Benchmark: the full linkage analysis against one matrix inversion and against pymrio.

Run ``python benchmarks/bench_linkages.py`` (``--quick`` skips n = 4000). For the
official 2020 153-sector table (when the data directory has it) and synthetic tables
of n = 1000, 2000, 4000 (≈30 % non-zeros, column sums of A in 0.3–0.7, fixed seed) it
prints, on the same matrices:

* ``full / inv``: :func:`chainmap.analysis.summary.analyze_table` on a fresh table (A, the
  Leontief inverse, every linkage, CV, all four HEM variants for every sector, Type I
  and Type II multipliers) over one ``np.linalg.inv(I − A)``, split into chainmap's
  own A + L (in-place LAPACK getrf/getri, :func:`chainmap.iomath.calc_L`) and the
  rest of the analysis;
* ``pymrio / chainmap``: pymrio ``IOSystem.calc_all()`` (A, L, x and the multipliers
  of the same extensions) over the chainmap full analysis;
* all-sector extraction (four variants, from L) over one inversion at n = 2000;
* peak memory of the full analysis at n = 4000 in dense n × n float64 matrices:
  tracemalloc (numpy allocations) and the process high-water mark (which also sees
  LAPACK's internal buffers; Linux only).

Times are the minimum over interleaved repeats, which filters out noise from other
processes on a shared machine; ``OPENBLAS_NUM_THREADS=1`` gives steadier ratios there.
Targets: full ≤ 1.5× inv at n ≥ 1000; pymrio no faster; all-sector HEM < 1 % of inv at
n = 2000; peak memory < 5 matrices at n = 4000.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
import tracemalloc
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from chainmap.analysis.extraction import calc_hem_all
from chainmap.analysis.summary import analyze_table
from chainmap.io.table import INDUSTRY, IOTable, TableMeta

ROOT = Path(__file__).resolve().parents[1]


def synthetic_table(n: int, seed: int = 20240601) -> IOTable:
    """A balanced table with ≈30 % non-zeros and column sums of A in 0.3–0.7."""
    rng = np.random.default_rng(seed)
    A = rng.random((n, n))
    A *= rng.random((n, n)) < 0.3
    A *= rng.uniform(0.3, 0.7, n) / A.sum(axis=0)
    f = rng.uniform(1.0, 100.0, n)
    x = np.linalg.solve(np.eye(n) - A, f)
    A *= x  # Z, in place
    codes = pd.Index([f"S{i:04d}" for i in range(n)], name=INDUSTRY)
    va = x - A.sum(axis=0)
    return IOTable(
        sectors=pd.DataFrame({"name": [f"sector {c}" for c in codes]}, index=codes),
        Z=pd.DataFrame(A, index=codes, columns=codes, copy=False),
        final_demand=pd.DataFrame(
            {"household_consumption": 0.45 * f, "exports": 0.55 * f}, index=codes
        ),
        value_added=pd.DataFrame(
            np.vstack([0.5 * va, 0.1 * va, 0.4 * va]),
            index=["compensation", "production_taxes", "operating_surplus"],
            columns=codes,
        ),
        satellites=pd.DataFrame([0.01 * x], index=["employment"], columns=codes),
        meta=TableMeta(region="synthetic", unit="units", table_id=f"synthetic-{n}"),
    )


def official_table(data_dir: Path) -> IOTable | None:
    path = data_dir / "china-nbs" / "china_2020_153.csv"
    if not path.exists():
        print(f"china_2020_153 skipped: {path} not found (set CHAINMAP_DATA_DIR)")
        return None
    try:
        from chainmap.io.readers import read_table
    except ImportError:
        print("china_2020_153 skipped: chainmap.io.readers.read_table is not available")
        return None
    return read_table(path)


def pymrio_system(table: IOTable) -> object:
    """The same flows and extensions as a one-region pymrio IOSystem (not computed)."""
    import pymrio

    codes = [str(c) for c in table.codes]
    idx = pd.MultiIndex.from_product([["R"], codes], names=["region", "sector"])
    cats = pd.MultiIndex.from_product(
        [["R"], [str(c) for c in table.final_demand.columns]], names=["region", "category"]
    )
    io = pymrio.IOSystem(
        Z=pd.DataFrame(table.z, index=idx, columns=idx),
        Y=pd.DataFrame(table.final_demand.to_numpy(dtype=float), index=idx, columns=cats),
    )
    va = table.value_added
    io.factor_inputs = pymrio.Extension(
        name="factor_inputs",
        F=pd.DataFrame(va.to_numpy(dtype=float), index=va.index.map(str), columns=idx),
    )
    if table.satellites is not None:
        sat = table.satellites
        io.satellites = pymrio.Extension(
            name="satellites",
            F=pd.DataFrame(sat.to_numpy(dtype=float), index=sat.index.map(str), columns=idx),
        )
    return io


#: (setup, run): setup's result (untimed) is passed to run (timed).
Job = tuple[Callable[[], Any], Callable[[Any], object]]


def _none() -> None:
    return None


def best_of(rounds: int, *jobs: Job) -> list[float]:
    """Minimum time of each (setup, run) job over interleaved rounds."""
    best = [float("inf")] * len(jobs)
    for _ in range(rounds):
        for k, (setup, run) in enumerate(jobs):
            arg = setup()
            gc.collect()
            start = time.perf_counter()
            run(arg)
            best[k] = min(best[k], time.perf_counter() - start)
            del arg
    return best


def _hwm_kib() -> int | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def _rss_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def peak_memory(table: IOTable) -> tuple[float, float | None]:
    """Peak extra memory of analyze_table(fresh table) in n × n float64 matrices."""
    matrix = table.n**2 * 8
    fresh = table.replace()
    gc.collect()
    tracemalloc.start()
    analyze_table(fresh)
    traced = tracemalloc.get_traced_memory()[1] / matrix
    tracemalloc.stop()
    del fresh
    gc.collect()
    rss: float | None = None
    try:
        Path("/proc/self/clear_refs").write_text("5")  # reset the high-water mark
    except OSError:
        return traced, None
    fresh = table.replace()
    before = _rss_kib()
    analyze_table(fresh)
    hwm = _hwm_kib()
    if hwm is not None:
        rss = (hwm - before) * 1024 / matrix
    return traced, rss


def bench_case(name: str, table: IOTable, rounds: int, with_pymrio: bool) -> dict[str, float]:
    n = table.n
    I_minus_A = np.eye(n) - table.replace().a
    jobs: list[Job] = [
        (_none, lambda _: np.linalg.inv(I_minus_A)),
        (table.replace, analyze_table),
        (table.replace, lambda t: t.l),  # chainmap's own A and L from a fresh table
    ]
    if with_pymrio:
        jobs.append((lambda: pymrio_system(table), lambda io: io.calc_all()))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pymrio's pandas-API notices
        times = best_of(rounds, *jobs)
    inv, full, own_l = times[:3]
    row = {"n": n, "inv": inv, "full": full, "own_l": own_l}
    text = (
        f"{name:16s} {n:5d}  np.inv {inv:8.3f} s  full {full:8.3f} s  full/inv {full / inv:5.2f}"
        f"  (A+L {own_l / inv:4.2f}, rest {(full - own_l) / inv:4.2f})"
    )
    if with_pymrio:
        row["pymrio"] = times[3]
        text += f"  pymrio {times[3]:8.3f} s  pymrio/chainmap {times[3] / full:5.2f}"
    print(text)
    return row


def bench_extraction(table: IOTable, rounds: int) -> float:
    """All-sector HEM (four variants, from L: column sums, L x, diagonal) over one inversion."""
    L, x = table.l, table.x
    f = table.final_demand.to_numpy(dtype=float).sum(axis=1)
    a_diag = np.diagonal(table.a).copy()
    I_minus_A = np.eye(table.n) - table.a
    t_hem, t_inv = best_of(
        rounds,
        (_none, lambda _: calc_hem_all(L, x, f, a_diag)),
        (_none, lambda _: np.linalg.inv(I_minus_A)),
    )
    print(
        f"{'':16s} all-sector HEM (4 variants, from L) {t_hem * 1e3:.2f} ms = "
        f"{100 * t_hem / t_inv:.2f} % of one inversion"
    )
    return t_hem / t_inv


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip n = 4000")
    parser.add_argument("--rounds", type=int, default=5, help="interleaved repeats (min taken)")
    parser.add_argument("--no-pymrio", action="store_true", help="skip the pymrio timings")
    parser.add_argument("--data-dir", type=Path, default=None)
    args = parser.parse_args(argv)
    data_dir = args.data_dir or Path(
        os.environ.get("CHAINMAP_DATA_DIR", ROOT.parent / "shared" / "data")
    )
    print(f"numpy {np.__version__}, {os.cpu_count()} CPUs; times = min over {args.rounds} rounds")
    cases: list[tuple[str, IOTable]] = []
    official = official_table(data_dir)
    if official is not None:
        cases.append(("china_2020_153", official))
    sizes = (1000, 2000) if args.quick else (1000, 2000, 4000)
    for n in sizes:
        cases.append(("synthetic", synthetic_table(n)))
    for name, table in cases:
        # Small cases are cheap: more rounds filter more noise from other processes.
        rounds = max(2, args.rounds // 2) if table.n >= 4000 else args.rounds
        rounds = 3 * rounds if table.n <= 1000 else rounds
        bench_case(name, table, rounds, not args.no_pymrio)
        if table.n == 2000:
            bench_extraction(table, args.rounds)
        if table.n == max(sizes):
            traced, rss = peak_memory(table)
            text = f"{rss:.2f}" if rss is not None else "n/a"
            print(
                f"{'':16s} peak memory of the full analysis at n = {table.n}: {traced:.2f} "
                f"matrices (tracemalloc), {text} matrices (process high-water mark)"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
