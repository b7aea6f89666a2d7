"""Accuracy of location-quotient regionalisation measured against observed provincial tables.

For every province-year, the national coefficient matrix A^N is regionalised with the
province's sector outputs only, and compared with the observed regional coefficients
r = diag(s)·A^R of the province's own table (:mod:`observed`).

Location quotients (x^R_i province output, x^N_i national output, X = Σ_i x_i):

    SLQ_i   = (x^R_i / X^R) / (x^N_i / X^N)
    CILQ_ij = SLQ_i / SLQ_j              (i ≠ j;  SLQ_i on the diagonal)
    λ*      = [log2(1 + X^R / X^N)]^δ     (0 ≤ δ < 1)
    FLQ_ij  = λ* · CILQ_ij               (i ≠ j;  λ* · SLQ_i on the diagonal)
    AFLQ_ij = FLQ_ij · log2(1 + SLQ_j)   where SLQ_j > 1, FLQ_ij otherwise
              (Flegg & Webber 2000: the specialisation term only for SLQ_j > 1)

    r̂_ij = a^N_ij · min(1, LQ_ij)

Metrics over the n × n cells (n sectors) and the output multipliers
m_j = Σ_i [(I − r)^-1]_ij:

    MAD    = mean |r̂_ij − r_ij|
    STPE   = 100 · Σ|r̂_ij − r_ij| / Σ r_ij
    U      = sqrt(Σ (r̂_ij − r_ij)² / Σ r_ij²)                    (Theil's U)
    MAPE_m = mean_j |m̂_j − m_j| / m_j   over sectors with x^R_j > 0   (a fraction)

National comparators: ``0中国.xls`` for 2002, 2007 and 2012 (same layout and
classification); for 2017 ``china-nbs/china_2017_42.csv`` (NBS non-competitive table,
domestic + import rows summed to the competitive total-use matrix, same 42 sectors);
for 1997 the sum of the 26 provincial tables (the NBS 1997 national table has a
different 40-sector list; the sum misses 5 provinces, so X^R/X^N is overstated by about
a fifth for that year).

δ from region size (in the manner of Flegg & Tohmo 2013): the best δ of each
province-year on the grid (lowest MAPE_m) is regressed on ln(X^R/X^N) by OLS, fitted
leave-one-province-out (all years of the held-out province excluded) and clipped to
[0, 0.95]; FLQ is then evaluated at the predicted δ (method ``FLQ-reg``).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from chainmap.city.observed import (
    calc_local_share,
    calc_regional_coefficients,
    technical_coefficients,
)
from chainmap.errors import InputDataError, Issue
from chainmap.io.readers.provincial import (
    ProvincialTable,
    list_provincial_files,
    read_provincial_table,
)
from chainmap.io.registry import data_dir as env_data_dir

__all__ = [
    "DELTAS",
    "Case",
    "evaluate",
    "load_cases",
    "lq_matrix",
    "metrics",
    "multipliers",
    "national_2017",
    "summary",
]

DELTAS: tuple[float, ...] = tuple(round(0.05 * k, 2) for k in range(11))


@dataclass
class Case:
    """One province-year: observed r and the national comparator."""

    province: str
    year: int
    x_r: np.ndarray  # provincial gross output
    r: np.ndarray  # observed regional coefficients
    a_r: np.ndarray  # provincial total-use coefficients
    share: np.ndarray  # observed local shares (clipped)
    a_n: np.ndarray  # national total-use coefficients
    x_n: np.ndarray  # national gross output
    trade_form: str

    @property
    def size(self) -> float:
        """Region size X^R / X^N."""
        return float(self.x_r.sum() / self.x_n.sum())

    @property
    def slq(self) -> np.ndarray:
        """Simple location quotients (0 where the nation has no output)."""
        with np.errstate(divide="ignore", invalid="ignore"):
            q = (self.x_r / self.x_r.sum()) / (self.x_n / self.x_n.sum())
        return np.nan_to_num(q, nan=0.0, posinf=0.0)


def national_2017(path: str | Path) -> tuple[np.ndarray, np.ndarray]:
    """Competitive A^N and x^N from the NBS 2017 42-sector non-competitive CSV."""
    d = pd.read_csv(path, dtype={"Code": str})
    cols = [f"{k:02d}" for k in range(1, 43)]
    z = d[d.Origin == "Domestic"][cols].to_numpy(float) + d[d.Origin == "Imports"][cols].to_numpy(
        float
    )
    x = d[d.Code == "TI"][cols].to_numpy(float)[0]
    return np.where(x > 0, z / np.where(x > 0, x, 1), 0.0), x


def _a(t: ProvincialTable) -> np.ndarray:
    return technical_coefficients(t).to_numpy()


def load_cases(
    data_dir: str | Path | None = None,
    *,
    max_year: int | None = None,
    years: Collection[int] | None = None,
) -> list[Case]:
    """Read every provincial table and pair it with its national comparator.

    ``data_dir`` defaults to ``CHAINMAP_DATA_DIR``; ``max_year`` keeps only tables dated
    ≤ that year (no look-ahead when training for a run of that year); ``years`` keeps
    only the tables of those years (the others are not read).
    """
    root = Path(data_dir) if data_dir is not None else env_data_dir()
    if root is None:
        raise InputDataError([Issue("CHAINMAP_DATA_DIR is not set: no provincial tables")])
    tables: dict[int, list[ProvincialTable]] = {}
    national: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    for e in list_provincial_files(root / "china-provinces"):
        if max_year is not None and e.year > max_year:
            continue
        if years is not None and e.year not in years:
            continue
        t = read_provincial_table(e.path)
        if t.is_national:
            national[t.year] = (_a(t), t.x.to_numpy(float))
        else:
            tables.setdefault(t.year, []).append(t)
    if (max_year is None or max_year >= 2017) and (years is None or 2017 in years):
        national[2017] = national_2017(root / "china-nbs" / "china_2017_42.csv")
    ts = tables.get(1997, [])
    if ts:
        z = np.sum([t.Z.to_numpy(float) for t in ts], axis=0)
        x = np.sum([t.x.to_numpy(float) for t in ts], axis=0)
        national[1997] = (np.where(x > 0, z / np.where(x > 0, x, 1), 0.0), x)
    cases = []
    for year, ts in sorted(tables.items()):
        a_n, x_n = national[year]
        for t in ts:
            sh = calc_local_share(t)
            cases.append(
                Case(
                    t.province,
                    year,
                    t.x.to_numpy(float),
                    calc_regional_coefficients(t, sh).to_numpy(),
                    _a(t),
                    sh.share.to_numpy(float),
                    a_n,
                    x_n,
                    t.trade_form,
                )
            )
    return cases


def lq_matrix(slq: np.ndarray, size: float, method: str, delta: float = 0.0) -> np.ndarray:
    """min(1, LQ_ij) for method SLQ, CILQ, FLQ or AFLQ (see module docstring)."""
    n = len(slq)
    if method == "SLQ":
        return np.repeat(np.minimum(1.0, slq)[:, None], n, axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        q = np.where(slq[None, :] > 0, slq[:, None] / slq[None, :], 0.0)
    np.fill_diagonal(q, slq)
    if method in ("FLQ", "AFLQ"):
        q = q * np.log2(1.0 + size) ** delta
    if method == "AFLQ":
        q = q * np.where(slq > 1.0, np.log2(1.0 + slq), 1.0)[None, :]
    elif method not in ("CILQ", "FLQ"):
        raise ValueError(f"unknown method {method!r}")
    return np.minimum(1.0, q)


def multipliers(r: np.ndarray) -> np.ndarray:
    """Output multipliers: column sums of (I − r)^-1 (batched over leading axes)."""
    n = r.shape[-1]
    eye = np.broadcast_to(np.eye(n), r.shape)
    inv = np.linalg.solve(eye - r, eye)
    return inv.sum(axis=-2)


def metrics(r_hat: np.ndarray, r: np.ndarray, m: np.ndarray, x_r: np.ndarray) -> dict[str, float]:
    """MAD, STPE, Theil's U and multiplier MAPE of one estimate (see module docstring)."""
    d = r_hat - r
    m_hat = multipliers(r_hat)
    ok = x_r > 0
    return {
        "mad": float(np.abs(d).mean()),
        "stpe": float(100 * np.abs(d).sum() / r.sum()),
        "theil_u": float(np.sqrt((d**2).sum() / (r**2).sum())),
        "mult_mape": float(np.mean(np.abs(m_hat[ok] - m[ok]) / m[ok])),
    }


def _fit_delta(size: np.ndarray, best: np.ndarray) -> tuple[float, float]:
    """OLS of best δ on ln(size): returns (intercept, slope)."""
    X = np.column_stack([np.ones_like(size), np.log(size)])
    coef, *_ = np.linalg.lstsq(X, best, rcond=None)
    return float(coef[0]), float(coef[1])


def evaluate(cases: list[Case], deltas: tuple[float, ...] = DELTAS) -> pd.DataFrame:
    """All methods for all cases → tidy DataFrame (province, year, method, delta, metrics)."""
    rows = []
    for c in cases:
        m = multipliers(c.r)
        slq, size = c.slq, c.size
        specs = [("SLQ", np.nan), ("CILQ", np.nan)] + [
            (meth, d) for meth in ("FLQ", "AFLQ") for d in deltas
        ]
        for meth, d in specs:
            r_hat = c.a_n * lq_matrix(slq, size, meth, 0.0 if np.isnan(d) else d)
            rows.append(
                {
                    "province": c.province,
                    "year": c.year,
                    "method": meth,
                    "delta": d,
                    "size": size,
                    "trade_form": c.trade_form,
                    **metrics(r_hat, c.r, m, c.x_r),
                }
            )
        rows.append(
            {
                "province": c.province,
                "year": c.year,
                "method": "oracle-share",
                "delta": np.nan,
                "size": size,
                "trade_form": c.trade_form,
                **metrics(c.share[:, None] * c.a_n, c.r, m, c.x_r),
            }
        )
    df = pd.DataFrame(rows)
    flq = df[df.method == "FLQ"]
    best = flq.loc[flq.groupby(["province", "year"]).mult_mape.idxmin()]
    extra = []
    for c in cases:
        train = best[best.province != c.province]
        b0, b1 = _fit_delta(train["size"].to_numpy(), train["delta"].to_numpy())
        d = float(np.clip(b0 + b1 * np.log(c.size), 0.0, 0.95))
        r_hat = c.a_n * lq_matrix(c.slq, c.size, "FLQ", d)
        extra.append(
            {
                "province": c.province,
                "year": c.year,
                "method": "FLQ-reg",
                "delta": d,
                "size": c.size,
                "trade_form": c.trade_form,
                **metrics(r_hat, c.r, multipliers(c.r), c.x_r),
            }
        )
    return pd.concat([df, pd.DataFrame(extra)], ignore_index=True)


def summary(df: pd.DataFrame, metric: str = "mult_mape") -> pd.DataFrame:
    """Mean of a metric by method (δ-grid rows labelled ``FLQ δ=0.30``) × year, plus 'all'."""
    lab = df.method.where(
        df.delta.isna() | (df.method == "FLQ-reg"),
        df.method + " δ=" + df.delta.map(lambda v: f"{v:.2f}"),
    )
    t = df.assign(label=lab).pivot_table(
        index="label", columns="year", values=metric, aggfunc="mean"
    )
    t["all"] = df.assign(label=lab).groupby("label")[metric].mean()
    return t.sort_values("all")
