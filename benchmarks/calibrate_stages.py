"""Measure the stage-rule indicators on the provincial output series 2002–2017.

Reads every provincial table of 2002, 2007, 2012 and 2017
(:mod:`chainmap.io.readers.provincial`, under the data directory), maps sectors to the
common classification (``provincial_common.csv``) and prints the
distribution over province × sector of the series indicators of
:func:`chainmap.city.stages.series_indicators`: CAGR, volatility of the 5-year rates and
share trend. The stage thresholds in :class:`chainmap.city.stages.StageRules` are set
from these quantiles (README, "Development stage").

Run: ``python benchmarks/calibrate_stages.py`` (with ``CHAINMAP_DATA_DIR`` set).
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

from chainmap.city.stages import series_indicators
from chainmap.io.readers.provincial import list_provincial_files, read_provincial_table
from chainmap.io.registry import data_dir

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
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
