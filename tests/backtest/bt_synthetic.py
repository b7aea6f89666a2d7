"""A tiny synthetic archive (3 provinces + nation, 6 sectors, 2000/2005/2010) for tests."""

from __future__ import annotations

import numpy as np
import pandas as pd

from chainmap.backtest.archive import NATIONAL, Archive, RegionYear, sum_regions

CODES = tuple(f"C{i:02d}" for i in range(1, 7))
YEARS = (2000, 2005, 2010)
PROVINCES = ("甲", "乙", "丙")


def region_year(region: str, year: int, seed: int) -> RegionYear:
    rng = np.random.default_rng(seed)
    n = len(CODES)
    x = rng.uniform(50, 150, n) * (1 + 0.05 * (year - 2000)) * rng.uniform(0.5, 1.5, n)
    a = rng.uniform(0.0, 0.4 / n, (n, n))
    z = a * x[None, :]
    fd = x - z.sum(axis=1)
    va = pd.DataFrame([x - z.sum(axis=0)], index=["compensation"], columns=list(CODES))
    return RegionYear(
        region=region,
        year=year,
        codes=CODES,
        names=tuple(f"sector {c}" for c in CODES),
        Z=z,
        x=x,
        domestic_final=0.8 * fd,
        exports=0.3 * fd,
        imports=0.1 * fd,
        value_added=va,
    )


def synthetic_archive(*, later_scale: float = 1.0, years: tuple[int, ...] = YEARS) -> Archive:
    """Archive; ``later_scale`` multiplies every 2010 output (look-ahead test)."""
    tables: dict[tuple[str, int], RegionYear] = {}
    for y, year in enumerate(years):
        for p, prov in enumerate(PROVINCES):
            t = region_year(prov, year, seed=100 * y + p)
            if year == 2010 and later_scale != 1.0:
                t = RegionYear(
                    t.region,
                    t.year,
                    t.codes,
                    t.names,
                    t.Z * later_scale,
                    t.x * later_scale * np.linspace(0.5, 2.0, len(t.codes)),
                    t.domestic_final,
                    t.exports,
                    t.imports,
                    t.value_added,
                )
            tables[(prov, year)] = t
        parts = [tables[(p, year)] for p in PROVINCES]
        tables[(NATIONAL, year)] = sum_regions(parts, NATIONAL)
    return Archive(tables)
