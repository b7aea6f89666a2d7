"""Benchmark: regionalise the 153-sector national table to many synthetic cities.

Run: ``CHAINMAP_DATA_DIR=../shared/data .venv/bin/python benchmarks/bench_regional.py
[--cities 300] [--method flq]``.

Each synthetic city (seeded) reports output for the industrial sectors 006–102 only, like
the Hangzhou above-scale figures: national output × a city size (log-uniform, 0.2–4 % of the
nation) × a sector specialisation (log-normal, σ = 1), capped at the national output, with
5 % of the sectors absent. Services and agriculture are filled at the parent's share. Per
city the benchmark times

* ``regionalize``: city data → city table (FLQ, δ = 0.3, fill, identities);
* ``gap-relevant``: the city's Leontief inverse, the local supporting rate and the local
  share (realised RPC) of every sector's inputs, and the full chain-gap diagnosis
  (:func:`chainmap.gaps.diagnosis.diagnose_gaps`, with its Woodbury fill values) of the city's
  largest manufacturing sector.

It prints the median and mean time per city for each part and the total. Target (issue 4):
under 50 ms per city. Without the data directory a synthetic 153-sector competitive table
stands in (and the output says so).

BLAS threads: the matrices are 153 × 153, too small for threading to pay; on a busy
machine OpenBLAS's spinning threads triple the wall time. The benchmark therefore runs
with one BLAS thread unless ``--blas-threads N`` (or an already set OPENBLAS_NUM_THREADS /
OMP_NUM_THREADS) says otherwise; the thread count is printed.
"""

from __future__ import annotations

import argparse
import os
import sys

if __name__ == "__main__":  # must happen before numpy is imported
    _n = next((a.split("=", 1)[1] for a in sys.argv if a.startswith("--blas-threads=")), None)
    for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        if _n is not None:
            os.environ[_var] = _n
        else:
            os.environ.setdefault(_var, "1")

import statistics
import time

import numpy as np
import pandas as pd

from chainmap.city.citydata import CityData
from chainmap.city.regional import regionalize
from chainmap.gaps.diagnosis import diagnose_gaps
from chainmap.io.table import INDUSTRY, IOTable, TableMeta

INDUSTRY_CODES = [f"{i:03d}" for i in range(6, 103)]
MANUFACTURING = [f"{i:03d}" for i in range(12, 100)]


def synthetic_parent(n: int = 153, seed: int = 0) -> IOTable:
    """A seeded competitive table (32 % non-zero A, exports and imports) with NBS-like codes."""
    rng = np.random.default_rng(seed)
    A = rng.random((n, n)) * (rng.random((n, n)) < 0.32)
    A *= rng.uniform(0.3, 0.7, n) / A.sum(axis=0)
    f = rng.uniform(1.0, 10.0, n)
    x = np.linalg.solve(np.eye(n) - A, f)
    Z = A * x[None, :]
    codes = pd.Index([f"{k + 1:03d}" for k in range(n)], name=INDUSTRY)
    m = 0.1 * f * rng.random(n)
    fd = pd.DataFrame({"household_consumption": 0.7 * f + m, "exports": 0.3 * f, "imports": -m})
    fd.index = codes
    return IOTable(
        sectors=pd.DataFrame({"name": codes, "name_zh": codes, "name_en": codes}, index=codes),
        Z=pd.DataFrame(Z, index=codes, columns=codes),
        final_demand=fd,
        value_added=pd.DataFrame(
            [x - Z.sum(axis=0)], index=pd.Index(["operating_surplus"]), columns=codes
        ),
        meta=TableMeta(region="synthetic", unit="万元", table_id="synthetic-153"),
    )


def load_parent() -> tuple[IOTable, str]:
    from chainmap.errors import InputDataError
    from chainmap.io.readers import read_table

    try:
        return read_table("cn-nbs-2020-153"), "china_2020_153 (NBS 2020, 153 sectors)"
    except InputDataError:
        return synthetic_parent(), "synthetic 153-sector table (CHAINMAP_DATA_DIR not set)"


def synthetic_cities(parent: IOTable, count: int, seed: int = 1) -> list[CityData]:
    rng = np.random.default_rng(seed)
    codes = [c for c in INDUSTRY_CODES if c in parent.codes]
    xn = parent.output[codes].to_numpy()
    cities = []
    for k in range(count):
        size = np.exp(rng.uniform(np.log(0.002), np.log(0.04)))
        special = rng.lognormal(0.0, 1.0, len(codes))
        values = np.minimum(xn * size * special, xn)
        values[rng.random(len(codes)) < 0.05] = 0.0
        cities.append(
            CityData(pd.Series(values, index=codes), region=f"city-{k:03d}", source="synthetic")
        )
    return cities


def gap_quantities(city: IOTable, parent: IOTable) -> float:
    """Local supporting rates and RPCs of every sector, then one full gap diagnosis."""
    L = city.l  # the one inversion of the city table
    need = city.z + city.imports.to_numpy()
    if city.other_inputs is not None:
        need = need + city.other_inputs.to_numpy()[
            [str(r).startswith("imported:") for r in city.other_inputs.index]
        ].sum(axis=0)
    rates = city.z.sum(axis=0) / need.sum(axis=0)
    total_need = city.z + city.imports.to_numpy()
    rpc = np.divide(city.z, total_need, out=np.zeros_like(city.z), where=total_need > 0)
    manu = city.output.reindex([c for c in MANUFACTURING if c in city.codes])
    d = diagnose_gaps(city, str(manu.idxmax()), parent=parent)
    return float(rates.mean() + rpc.mean() + L.trace() + d.summary["local_supporting_rate"])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cities", type=int, default=300)
    ap.add_argument("--method", default="flq", choices=["slq", "cilq", "flq", "aflq"])
    ap.add_argument("--blas-threads", default=None, help="BLAS threads (write --blas-threads=N)")
    args = ap.parse_args()
    parent, label = load_parent()
    cities = synthetic_cities(parent, args.cities)
    regionalize(parent, cities[0], method=args.method)  # warm the parent's cached matrices
    t_reg: list[float] = []
    t_gap: list[float] = []
    check = 0.0
    c0 = time.process_time()
    for data in cities:
        t0 = time.perf_counter()
        city = regionalize(parent, data, method=args.method)
        t1 = time.perf_counter()
        check += gap_quantities(city, parent)
        t2 = time.perf_counter()
        t_reg.append(t1 - t0)
        t_gap.append(t2 - t1)
    cpu = (time.process_time() - c0) / len(cities)
    total = [a + b for a, b in zip(t_reg, t_gap, strict=True)]
    print(
        f"parent: {label}; {args.cities} synthetic cities, method {args.method}, delta 0.3; "
        f"BLAS threads {os.environ.get('OPENBLAS_NUM_THREADS', 'default')}"
    )
    for name, times in (("regionalize", t_reg), ("gap-relevant", t_gap), ("total", total)):
        print(
            f"{name:<13} median {statistics.median(times) * 1e3:7.2f} ms/city   "
            f"mean {statistics.fmean(times) * 1e3:7.2f} ms/city (wall clock)"
        )
    print(f"CPU time per city (all threads of this process): {cpu * 1e3:.2f} ms")
    verdict = "meets" if statistics.median(total) < 0.050 else "misses"
    print(f"target < 50 ms per city: {verdict} (median wall-clock total); checksum {check:.6g}")


if __name__ == "__main__":
    main()
