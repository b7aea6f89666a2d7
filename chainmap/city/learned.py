"""A learned estimator of regional local shares, validated leave-one-province-out.

Model (fitted on the observed provincial tables; one row per province-year-sector with
positive provincial and national output):

    logit(s_i) = β1·ln SLQ_i + β2·(ln SLQ_i)² + β3·ln(X^R/X^N) + β4·ln SLQ_i·ln(X^R/X^N)
                 + γ_{year,i} + ε

by ordinary least squares on the logit of the observed local share, s clipped to
[0.01, 0.99]; γ_{year,i} are supplier-sector fixed effects per table year (they also
absorb year effects, since the classification changes by year).  Prediction
ŝ_i = 1/(1 + exp(−fitted)), ŝ_i = 0 where the province has no output of i, and

    r̂ = diag(ŝ) · A^N.

Variant ``learned+VA``: the national technology is also adjusted column by column to
the province's own intermediate-input ratio, a^N_ij · (1 − v^R_j)/(1 − v^N_j), where
v_j = value added / output — a regional total published in provincial yearbooks
(by industry), so this uses one extra piece of regional data beyond sector outputs.

Validation: leave-one-province-out — every year of the held-out province is excluded
from fitting (see :func:`lopo_splits`).  Compared methods (all out of sample): FLQ at
δ = 0.3, FLQ at the pooled best δ chosen on the training provinces (lowest mean
multiplier MAPE on the grid; all years pooled, or per table year), FLQ with δ from the
size regression, and the oracle
(true local shares with national technology, not a usable estimator).
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd

from chainmap.city.accuracy import DELTAS, Case, evaluate, lq_matrix, metrics, multipliers

__all__ = ["ShareModel", "compare_lopo", "evaluate_all", "features", "lopo_splits", "summarize"]

_EPS = 0.01


def features(c: Case) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Numeric features, the mask of usable sectors and the fixed-effect keys of a case."""
    slq = c.slq
    ok = (c.x_r > 0) & (c.x_n > 0)
    ls = np.log(np.where(ok, slq, 1.0))
    lz = np.full_like(ls, np.log(c.size))
    X = np.column_stack([ls, ls**2, lz, ls * lz])
    keys = [f"{c.year}-{k:02d}" for k in range(1, len(slq) + 1)]
    return X, ok, keys


class ShareModel:
    """OLS on logit(local share) with supplier-sector × year fixed effects."""

    def __init__(self) -> None:
        self.levels: list[str] = []
        self.coef = np.zeros(0)

    def _design(self, X: np.ndarray, keys: list[str]) -> np.ndarray:
        idx = {k: i for i, k in enumerate(self.levels)}
        D = np.zeros((len(keys), len(self.levels)))
        for r, k in enumerate(keys):
            if k in idx:
                D[r, idx[k]] = 1.0
        return np.column_stack([X, D])

    def fit(self, cases: list[Case]) -> ShareModel:
        """Fit on the given cases (only the rows with positive outputs)."""
        Xs, ys, ks = [], [], []
        for c in cases:
            X, ok, keys = features(c)
            Xs.append(X[ok])
            ys.append(c.share[ok])
            ks += [k for k, o in zip(keys, ok, strict=False) if o]
        self.levels = sorted(set(ks))
        y = np.clip(np.concatenate(ys), _EPS, 1 - _EPS)
        y = np.log(y / (1 - y))
        X = np.vstack(Xs)
        # Fixed effects by the within transformation (Frisch–Waugh–Lovell): the same OLS
        # as regressing on X and one dummy per level, without the n × levels design.
        g = np.searchsorted(self.levels, ks)
        count = np.bincount(g, minlength=len(self.levels)).astype(float)
        mx = np.stack(
            [np.bincount(g, X[:, k], len(self.levels)) for k in range(X.shape[1])], 1
        ).astype(float)
        mx /= count[:, None]
        my = np.bincount(g, y, len(self.levels)) / count
        beta, *_ = np.linalg.lstsq(X - mx[g], y - my[g], rcond=None)
        self.coef = np.concatenate([beta, my - mx @ beta])
        return self

    def predict(self, c: Case) -> np.ndarray:
        """ŝ for every sector of a case (0 where the province has no output)."""
        X, ok, keys = features(c)
        z = self._design(X, keys) @ self.coef
        return np.where(ok, 1.0 / (1.0 + np.exp(-z)), 0.0)


def lopo_splits(cases: list[Case]) -> Iterator[tuple[str, list[Case], list[Case]]]:
    """Yield (province, training cases, held-out cases); training never holds the province."""
    for p in sorted({c.province for c in cases}):
        train = [c for c in cases if c.province != p]
        test = [c for c in cases if c.province == p]
        assert all(c.province != p for c in train)
        yield p, train, test


def _va_scaled(c: Case) -> np.ndarray:
    """National technology with columns scaled to the province's intermediate-input ratio."""
    col_r, col_n = c.a_r.sum(axis=0), c.a_n.sum(axis=0)
    f = np.where((col_n > 0) & (c.x_r > 0), col_r / np.where(col_n > 0, col_n, 1.0), 1.0)
    return c.a_n * f[None, :]


def compare_lopo(cases: list[Case]) -> pd.DataFrame:
    """Out-of-sample metrics of every method for every case (tidy DataFrame)."""
    ms = {id(c): multipliers(c.r) for c in cases}
    err_by_d = {
        d: {
            id(c): metrics(c.a_n * lq_matrix(c.slq, c.size, "FLQ", d), c.r, ms[id(c)], c.x_r)[
                "mult_mape"
            ]
            for c in cases
        }
        for d in DELTAS
    }
    best = {id(c): DELTAS[int(np.argmin([err_by_d[d][id(c)] for d in DELTAS]))] for c in cases}
    rows = []
    for _p, train, test in lopo_splits(cases):
        model = ShareModel().fit(train)
        d_pool = DELTAS[
            int(np.argmin([np.mean([err_by_d[d][id(c)] for c in train]) for d in DELTAS]))
        ]
        size = np.log([c.size for c in train])
        bd = np.array([best[id(c)] for c in train])
        b1, b0 = np.polyfit(size, bd, 1)
        d_year = {
            y: DELTAS[
                int(
                    np.argmin(
                        [
                            np.mean([err_by_d[d][id(c)] for c in train if c.year == y])
                            for d in DELTAS
                        ]
                    )
                )
            ]
            for y in {c.year for c in test}
        }
        for c in test:
            s_hat = model.predict(c)
            d_reg = float(np.clip(b0 + b1 * np.log(c.size), 0.0, 0.95))
            est = {
                "FLQ δ=0.30": (c.a_n * lq_matrix(c.slq, c.size, "FLQ", 0.3), 0.3),
                "FLQ pooled δ": (c.a_n * lq_matrix(c.slq, c.size, "FLQ", d_pool), d_pool),
                "FLQ pooled δ by year": (
                    c.a_n * lq_matrix(c.slq, c.size, "FLQ", d_year[c.year]),
                    d_year[c.year],
                ),
                "FLQ-reg δ": (c.a_n * lq_matrix(c.slq, c.size, "FLQ", d_reg), d_reg),
                "learned": (s_hat[:, None] * c.a_n, np.nan),
                "learned+VA": (s_hat[:, None] * _va_scaled(c), np.nan),
                "oracle share": (c.share[:, None] * c.a_n, np.nan),
            }
            for name, (r_hat, d) in est.items():
                rows.append(
                    {
                        "province": c.province,
                        "year": c.year,
                        "method": name,
                        "delta": d,
                        "trade_form": c.trade_form,
                        **metrics(r_hat, c.r, ms[id(c)], c.x_r),
                    }
                )
    return pd.DataFrame(rows)


def evaluate_all(cases: list[Case]) -> pd.DataFrame:
    """The full accuracy table: every method on the δ grid (in sample, as published
    methods take δ from outside) plus the leave-one-province-out comparison.

    Returns a tidy DataFrame (province, year, method, delta, trade_form, mad, stpe,
    theil_u, mult_mape, validation) where ``validation`` is ``grid`` for
    :func:`chainmap.city.accuracy.evaluate` rows (SLQ, CILQ, FLQ/AFLQ at every δ, the
    size-regression δ fitted leave-one-province-out, the oracle) and ``lopo`` for
    :func:`compare_lopo` rows (the learned estimator and the FLQ δ chosen on the
    training provinces).
    """
    grid = evaluate(cases)
    lab = grid.method.where(
        grid.delta.isna() | (grid.method == "FLQ-reg"),
        grid.method + " δ=" + grid.delta.map(lambda v: f"{v:.2f}"),
    )
    grid = grid.assign(method=lab, validation="grid").drop(columns=["size"])
    lopo = compare_lopo(cases).assign(validation="lopo")
    lopo = lopo[~lopo.method.isin(["FLQ δ=0.30", "oracle share", "FLQ-reg δ"])]
    return pd.concat([grid, lopo], ignore_index=True)


def summarize(df: pd.DataFrame, metric: str = "mult_mape") -> pd.DataFrame:
    """Mean of ``metric`` by method × table year, plus ``all`` and ``all gross`` (the
    years and provinces with gross trade flows), sorted by ``all``."""
    t = df.pivot_table(index="method", columns="year", values=metric, aggfunc="mean")
    t.columns = [str(c) for c in t.columns]
    t["all"] = df.groupby("method")[metric].mean()
    t["all gross"] = df[df.trade_form == "gross"].groupby("method")[metric].mean()
    return t.sort_values("all")


#: Table years of the provincial data; the model used for a run of year Y is the one
#: fitted on the tables dated ≤ Y (no look-ahead).
CUTOFFS: tuple[int, ...] = (1997, 2002, 2007, 2012, 2017)
FEATURE_NAMES: tuple[str, ...] = ("ln_slq", "ln_slq_sq", "ln_size", "ln_slq_x_ln_size")


def fit_shipped(cases: list[Case]) -> dict[str, dict[str, object]]:
    """The coefficients shipped in ``chainmap/data/learned_share_model.json``.

    One model per cutoff year Y in :data:`CUTOFFS`, fitted on the cases dated ≤ Y; per
    model the four slopes (:data:`FEATURE_NAMES`) and the supplier-sector effects of the
    latest table year ≤ Y (keys ``'<year>-<code>'``).
    """
    out: dict[str, dict[str, object]] = {}
    for cut in CUTOFFS:
        train = [c for c in cases if c.year <= cut]
        if not train:
            continue
        m = ShareModel().fit(train)
        k = len(FEATURE_NAMES)
        fe = {lv: round(float(v), 10) for lv, v in zip(m.levels, m.coef[k:], strict=True)}
        out[str(cut)] = {
            "beta": [round(float(b), 10) for b in m.coef[:k]],
            "fixed_effects": {lv: v for lv, v in fe.items() if lv.startswith(f"{cut}-")},
            "n_cases": len(train),
        }
    return out


def shipped_model(year: int | None) -> tuple[int, np.ndarray, dict[str, float]]:
    """(cutoff, slopes, sector effects) of the shipped model for a run of ``year``.

    The cutoff is the latest table year ≤ ``year`` (the earliest one for older runs, with
    no later data used); ``None`` means the latest.
    """
    import json
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "data" / "learned_share_model.json"
    models = json.loads(path.read_text(encoding="utf-8"))
    years = sorted(int(y) for y in models)
    ok = [y for y in years if year is None or y <= year]
    cut = ok[-1] if ok else years[0]
    m = models[str(cut)]
    return cut, np.asarray(m["beta"], dtype=float), dict(m["fixed_effects"])
