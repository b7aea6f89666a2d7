"""Benchmark: one province-year backtest, and the LOPO calibration on 1 and 2 workers.

Run: ``CHAINMAP_DATA_DIR=../shared/data .venv/bin/python benchmarks/bench_backtest.py
[--full] [--workers 1,2]``.

* ``load``: every provincial workbook read and aggregated to the common scheme;
* ``one backtest``: the method at T = 2012 for a province (criteria, gaps, MILP),
  the baselines and the evaluation against 2017, serially in this process
  (target: < 5 s); median over five provinces;
* ``--full``: the whole study (``chainmap backtest --calibrate``: every province,
  T ∈ {1997, 2002, 2007, 2012}, every later target; LOPO fit; exact re-weighting)
  on a LocalCluster of each worker count (target: < 10 min on 2 cores), and the
  speed-up (``--bases 2012`` for a quicker one). The machine's load average is
  printed: on a shared machine the figures are ranges, not constants.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

if __name__ == "__main__":
    for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(_var, "1")


def main() -> int:
    """Run the benchmark and print the timings."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--full", action="store_true", help="also time the full calibration")
    parser.add_argument("--workers", default="1,2", help="worker counts for --full")
    parser.add_argument(
        "--bases",
        default="1997,2002,2007,2012",
        help="base years of the --full study (fewer: a quicker speed-up measurement)",
    )
    args = parser.parse_args()

    from chainmap.backtest.archive import load_archive
    from chainmap.backtest.run import plan, run_task
    from chainmap.backtest.study import run_study
    from chainmap.io.registry import data_dir

    root = data_dir()
    if root is None:
        print("CHAINMAP_DATA_DIR is not set: the backtest needs the provincial tables")
        return 2
    print(f"load average {os.getloadavg()}, cpus {os.cpu_count()}")
    start = time.perf_counter()
    archive = load_archive(root)
    print(f"load: {time.perf_counter() - start:.1f} s")
    times = []
    for region in archive.provinces(2012)[:5]:
        (task,) = plan(archive, regions=[region], bases=(2012,))
        start = time.perf_counter()
        run_task(task, archive)
        times.append(time.perf_counter() - start)
    print(
        f"one backtest (T=2012 → 2017): median {statistics.median(times):.2f} s, "
        f"range {min(times):.2f}–{max(times):.2f} s (target < 5 s)"
    )
    if not args.full:
        return 0
    tasks = plan(archive, bases=[int(b) for b in args.bases.split(",")])
    print(f"--full: {len(tasks)} predictions (bases {args.bases})")
    walls = {}
    for n in (int(w) for w in args.workers.split(",")):
        start = time.perf_counter()
        run_study(archive, tasks, workers=n, rerun=False, progress=False)
        walls[n] = time.perf_counter() - start
        print(f"full LOPO calibration, {n} worker(s): {walls[n]:.0f} s (target < 600 s on 2)")
        print(f"  load average now {os.getloadavg()}")
    if 1 in walls and 2 in walls:
        print(f"speed-up 1 → 2 workers: {walls[1] / walls[2]:.2f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
