"""Measure the stage-rule indicators on the provincial output series 2002–2017.

Reads every provincial table of 2002, 2007, 2012 and 2017
(:mod:`chainmap.io.readers.provincial`, under the data directory), maps sectors to the
common classification (``provincial_common.csv``) and prints the
distribution over province × sector of the series indicators of
:func:`chainmap.city.stages.series_indicators`: CAGR, volatility of the 5-year rates and
share trend. The stage thresholds in :class:`chainmap.city.stages.StageRules` were set
from these quantiles (README, "Development stage").

``--lopo`` then chooses the thresholds of :data:`chainmap.backtest.stage_rules.STAGE_GRID`
by leave-one-province-out backtest, jointly with the criterion weights
(:func:`chainmap.backtest.stage_rules.run_stage_study`), and prints, per variant, the
in-sample figures at the default weights (chosen set solved), the variants the folds
chose and the out-of-sample figures against the weights-only LOPO (README, "Does the
method work?"). ``-o DIR`` writes the tables as CSV.

Run: ``python benchmarks/calibrate_stages.py [--lopo [--workers 1] [-o DIR]]`` (with
``CHAINMAP_DATA_DIR`` set).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from chainmap.city.stages import series_indicators
from chainmap.io.readers.provincial import list_provincial_files, read_provincial_table
from chainmap.io.registry import data_dir

ROOT = Path(__file__).resolve().parents[1]


def lopo(workers: int, out: Path | None) -> None:
    """Choose the stage thresholds by leave-one-province-out (module doc)."""
    from chainmap.backtest.archive import load_archive
    from chainmap.backtest.run import plan
    from chainmap.backtest.stage_rules import run_stage_study

    root = data_dir()
    if root is None:
        sys.exit("set CHAINMAP_DATA_DIR to the folder holding china-provinces/")
    print(f"load average {os.getloadavg()}")
    start = time.perf_counter()
    archive = load_archive(root)
    study = run_stage_study(archive, plan(archive), workers=workers, progress=True)
    shown = ["rho_abs", "rho_share", "hits_top5", "hits_chosen", "ndcg5"]
    pd.set_option("display.width", 200)
    keys = list(study.variants[0])
    print("per variant, default weights, whole method re-run (in sample):")
    print(study.in_sample[[*keys, "cases", *shown, "objective"]].round(4).to_string())
    print("variant chosen by each fold (joint LOPO):")
    print(study.folds["variant"].value_counts().sort_index().to_string())
    print("out of sample (re-weighted, same cases):")
    cols = [c for m in shown[:3] + shown[4:] for c in (m, f"{m}_lo", f"{m}_hi")]
    print(study.out_of_sample[["cases", *cols]].round(4).to_string())
    print("fitted on all provinces:", study.fitted_all)
    print(f"wall {time.perf_counter() - start:.0f} s; load average {os.getloadavg()}")
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        study.in_sample.to_csv(out / "stage_variants.csv")
        study.folds.to_csv(out / "stage_folds.csv")
        study.out_of_sample.to_csv(out / "stage_lopo.csv")
        (out / "stage_fitted.json").write_text(json.dumps(study.fitted_all, indent=2) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lopo", action="store_true", help="choose thresholds by LOPO")
    parser.add_argument("--workers", type=int, default=1, help="LocalCluster processes")
    parser.add_argument("-o", "--output", type=Path, help="folder for the --lopo tables")
    args = parser.parse_args()
    if args.lopo:
        lopo(args.workers, args.output)
        return
    quantiles()


def quantiles() -> None:
    """Print the quantiles the thresholds were set from (module doc)."""
    base = data_dir()
    if base is None:
        sys.exit("set CHAINMAP_DATA_DIR to the folder holding china-provinces/")
    conc = pd.read_csv(ROOT / "io_tables/concordances/provincial_common.csv", dtype=str)
    conc = conc.dropna(subset=["common_2002"])
    rows = []
    for f in list_provincial_files(base / "china-provinces"):
        if f.year not in (2002, 2007, 2012, 2017):
            continue
        t = read_provincial_table(f.path)
        m = conc[conc["year"] == str(f.year)].set_index("code")["common_2002"]
        x = pd.Series(np.asarray(t.x, dtype=float), index=[str(c) for c in t.codes])
        x = x[x.index.isin(m.index)].groupby(m).sum()
        for code, value in x.items():
            rows.append((f.province, f.year, code, value))
    frame = pd.DataFrame(rows, columns=["province", "year", "code", "x"])
    wide = frame.pivot_table(index=["province", "code"], columns="year", values="x")
    totals = frame.groupby(["province", "year"])["x"].sum().unstack()
    ind = []
    for (prov, code), row in wide.iterrows():
        r = series_indicators(
            row.dropna().clip(lower=0), totals.loc[prov].dropna(), where=f"{prov} {code}"
        )
        if r["observations"] >= 3:
            ind.append(r)
    out = pd.DataFrame(ind)
    q = [0.1, 0.25, 0.5, 0.75, 0.9, 0.95]
    print(f"{len(out)} province x sector series (2002, 2007, 2012, 2017)")
    print(out[["growth", "volatility", "acceleration", "share_trend", "share"]].quantile(q))
    # 萌芽期: a small share alone is not emergence; StageRules.emergence_growth is the
    # median growth and emergence_share_trend 0 (a rising share)
    small = out[out["share"] < 0.002]
    fast = small[(small["growth"] >= out["growth"].median()) & (small["share_trend"] > 0)]
    print(
        f"share < 0.2 %: {len(small)} series, growth median {small['growth'].median():.3f}; "
        f"{len(fast)} also grow at least the median {out['growth'].median():.3f} with a "
        "rising share (萌芽期 under the rule)"
    )


if __name__ == "__main__":
    main()
