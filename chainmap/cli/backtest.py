"""``chainmap backtest``: the method at past base years against what happened later."""

from __future__ import annotations

import argparse
import json
import logging
import time
from pathlib import Path
from typing import Any

from chainmap.errors import ChainmapError

_SHOWN = ("rho_abs", "rho_share", "hits_top5", "hits_chosen", "ndcg5")


def _years(text: str | None) -> list[int] | None:
    return [int(y) for y in text.split(",") if y.strip()] if text else None


def _table(pooled: object) -> str:
    import pandas as pd

    assert isinstance(pooled, pd.DataFrame)
    lines = []
    for key, row in pooled.iterrows():
        cells = [f"{row[m]:6.3f} [{row[m + '_lo']:6.3f}, {row[m + '_hi']:6.3f}]" for m in _SHOWN]
        label = " ".join(str(k) for k in key) if isinstance(key, tuple) else str(key)
        lines.append(f"{label:<28} {int(row['cases']):>4}  " + "  ".join(cells))
    head = f"{'ranker':<28} {'n':>4}  " + "  ".join(f"{m:<22}" for m in _SHOWN)
    return "\n".join([head, *lines])


#: dask.distributed loggers that log every scheduler, nanny and worker start and stop.
DASK_LOGGERS: tuple[str, ...] = ("distributed", "dask")


def quiet_dask_logs(*, debug: bool) -> None:
    """Raise the dask loggers to WARNING unless ``--debug``.

    distributed sets its own loggers to INFO, and their records reach the root handler
    that :func:`chainmap.cli.main.main` installs whatever the root level, so a LocalCluster
    start and stop print ~80 lines on stderr, even with ``--quiet``. distributed sets
    those levels when it is imported, so it is imported first.
    """
    import distributed  # noqa: F401  (its import configures the loggers set below)

    for name in DASK_LOGGERS:
        logging.getLogger(name).setLevel(logging.DEBUG if debug else logging.WARNING)


def _cmd_backtest(args: argparse.Namespace) -> int:
    from chainmap.backtest.archive import load_archive
    from chainmap.backtest.pooling import pool
    from chainmap.backtest.run import BASE_YEARS, plan, run_backtests
    from chainmap.io.registry import data_dir

    quiet_dask_logs(debug=bool(getattr(args, "debug", False)))
    root = data_dir()
    if root is None:
        msg = "backtest needs the provincial tables: set CHAINMAP_DATA_DIR or --data-dir"
        raise ChainmapError(msg)
    start = time.perf_counter()
    archive = load_archive(root)
    loaded = time.perf_counter() - start
    tasks = plan(
        archive,
        regions=args.province or None,
        bases=_years(args.base) or list(BASE_YEARS),
        targets=_years(args.target),
    )
    if not tasks:
        raise ChainmapError("no province has tables at the base year and a later year")
    common = {"workers": args.workers, "scheduler": args.scheduler, "progress": not args.quiet}
    out = Path(args.output) if args.output else None
    if args.calibrate:
        from chainmap.backtest.study import run_study

        study = run_study(archive, tasks, step=args.step, rerun=not args.no_rerun, **common)
        results = study.results
    else:
        _, results = run_backtests(archive, tasks, **common)
    pooled = pool(results, ("ranker",), n_boot=args.bootstrap)
    by_horizon = pool(results, ("base", "target", "ranker"), n_boot=args.bootstrap)
    elapsed = time.perf_counter() - start
    print(f"{len(tasks)} predictions, {results['region'].nunique()} regions; prices nominal")
    print("pooled over every case (mean [95% province-bootstrap interval]):")
    print(_table(pooled))
    if args.calibrate:
        print("weights fitted on all provinces (proposed defaults):", study.defaults)
    for failure in results.attrs.get("failures", []):
        print(f"not run: {failure}")
    print(f"read tables {loaded:.1f} s, total {elapsed:.1f} s")
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        results.to_csv(out / "cases.csv", index=False)
        pooled.to_csv(out / "pooled.csv")
        by_horizon.to_csv(out / "pooled_by_horizon.csv")
        _write_summary(out, pooled, results, args)
        if args.calibrate:
            study.fold_weights.to_csv(out / "fold_weights.csv")
            (out / "defaults.json").write_text(json.dumps(study.defaults, indent=2) + "\n")
        print(f"results: {out}")
    return 0


def _write_summary(out: Path, pooled: Any, results: Any, args: argparse.Namespace) -> None:
    """``summary.json``: the citable record (copy to io_tables/backtest_summary.json)."""
    import subprocess
    import sys

    from chainmap.backtest.summary import build_summary, write_summary
    from chainmap.criteria.options import DEFAULT_WEIGHTS
    from chainmap.io.registry import PROJECT_ROOT

    try:
        commit = subprocess.run(
            ["git", "-C", str(PROJECT_ROOT), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = "unknown"
    if "ranker" in pooled.index.names and "method_default" not in pooled.index:
        # without --calibrate the method's rows are "method" (the default weights)
        pooled = pooled.rename(index={"method": "method_default"})
    summary = build_summary(
        pooled,
        results,
        weights=DEFAULT_WEIGHTS,
        commit=commit,
        command="chainmap " + " ".join(sys.argv[1:]),
    )
    write_summary(summary, out / "summary.json")


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``backtest`` to the command line."""
    p = sub.add_parser(
        "backtest",
        help="score industries with data ≤ T and compare with what grew by T + k",
        description=(
            "Run the method for each province at base years T with only data dated ≤ T "
            "and compare with the realised output change to later years, beside naive "
            "baselines and relatedness density; --calibrate fits criterion weights by "
            "leave-one-province-out. Runs on dask.distributed."
        ),
    )
    p.add_argument("--province", action="append", help="province (Chinese name); repeatable")
    p.add_argument("--base", help="base years, comma-separated (default 1997,2002,2007,2012)")
    p.add_argument("--target", help="target years, comma-separated (default: every later one)")
    p.add_argument("--calibrate", action="store_true", help="also run the LOPO calibration")
    p.add_argument(
        "--no-rerun",
        action="store_true",
        help="calibration: re-weight stored scores instead of re-running the MILP",
    )
    p.add_argument("--step", type=float, default=0.05, help="weight grid step (calibration)")
    p.add_argument("--workers", type=int, default=2, help="LocalCluster processes (0 = serial)")
    p.add_argument("--scheduler", help="address of an existing dask scheduler")
    p.add_argument("--bootstrap", type=int, default=1000, help="bootstrap draws")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("-o", "--output", help="folder for cases.csv, pooled*.csv, weights")
    p.set_defaults(handler=_cmd_backtest)
