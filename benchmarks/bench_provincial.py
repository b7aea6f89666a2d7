"""Speed of the provincial reader and of the full accuracy evaluation (issue 10).

Targets: one provincial workbook read < 0.2 s; the full evaluation (all province-years,
all methods, δ grid, size-regression δ, learned estimator leave-one-province-out) < 60 s
on 2 cores. Prints each time and its ratio to the target. Needs CHAINMAP_DATA_DIR.
"""

from __future__ import annotations

import statistics
import time

from chainmap.city.accuracy import load_cases
from chainmap.city.learned import evaluate_all
from chainmap.io.readers.provincial import list_provincial_files, read_provincial_table
from chainmap.io.registry import data_dir


def main() -> None:
    base = data_dir()
    if base is None:
        raise SystemExit("set CHAINMAP_DATA_DIR")
    files = list_provincial_files(base)
    times = []
    for f in files:
        t0 = time.perf_counter()
        read_provincial_table(f.path)
        times.append(time.perf_counter() - t0)
    med, worst = statistics.median(times), max(times)
    print(
        f"read {len(files)} workbooks: median {med:.3f} s, max {worst:.3f} s "
        f"(target 0.2 s: median at {med / 0.2:.0%}, max at {worst / 0.2:.0%})"
    )
    t0 = time.perf_counter()
    df = evaluate_all(load_cases(base))
    total = time.perf_counter() - t0
    print(f"full evaluation: {total:.1f} s for {len(df)} rows (target 60 s: {total / 60:.0%})")


if __name__ == "__main__":
    main()
