"""Naive rankings a planner could use instead of the method, from data dated ≤ T only.

For region p at base year T (common scheme, nominal 万元):

* ``output``: gross output x_pi(T) (size);
* ``growth``: x_pi(T) / x_pi(T′) − 1 with T′ the latest earlier table of p (NaN for
  the first year);
* ``national_bl``: the national backward linkage ``n (i′L)_i / (i′L i)`` at T;
* ``lq``: location quotient ``(x_pi / Σ_i x_pi) / (x_Ni / Σ_i x_Ni)`` against the
  national table N at T;
* ``relatedness``: relatedness density ω_pi (:mod:`chainmap.backtest.relatedness`) over
  the provinces' output at T;
* ``random``: no score; its expected figures come from :mod:`chainmap.backtest.metrics`.
"""

from __future__ import annotations

import pandas as pd

from chainmap.analysis.summary import analyze_table
from chainmap.backtest.archive import NATIONAL, DatedArchive
from chainmap.backtest.relatedness import calc_density

#: Baselines with a score, in report order (``random`` is reported from expectations).
BASELINES: tuple[str, ...] = ("output", "growth", "national_bl", "lq", "relatedness")


def previous_year(view: DatedArchive, region: str, year: int) -> int | None:
    """Latest year < ``year`` with a table of ``region`` (None if none)."""
    earlier = [y for y in view.years if y < year and view.has(region, y)]
    return max(earlier) if earlier else None


def calc_baselines(view: DatedArchive, region: str, year: int, codes: pd.Index) -> pd.DataFrame:
    """Every baseline score of ``region`` at ``year`` for ``codes`` (formulas in module doc)."""
    here = view.get(region, year).output
    nation = view.get(NATIONAL, year)
    out = pd.DataFrame(index=codes)
    out["output"] = here.reindex(codes)
    prev = previous_year(view, region, year)
    if prev is None:
        out["growth"] = float("nan")
    else:
        before = view.get(region, prev).output.reindex(codes)
        out["growth"] = (out["output"] / before.where(before > 0)) - 1.0
    bl = analyze_table(nation.to_iotable())["bl"]
    out["national_bl"] = bl.reindex(codes)
    share = here / here.sum()
    nat = nation.output
    out["lq"] = (share / (nat / nat.sum()).where(nat > 0)).reindex(codes)
    matrix = pd.DataFrame({p: view.get(p, year).output for p in view.provinces(year)}).T
    out["relatedness"] = calc_density(matrix).loc[region].reindex(codes)
    return out
