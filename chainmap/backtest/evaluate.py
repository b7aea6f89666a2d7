"""Compare what the method and the baselines said at T with what happened by T + k.

Realised outcomes of region p over its industries i (the codes scored at T, common
scheme, nominal 万元; an industry absent at T + k has output 0 there):

* absolute increase ``Δx_i = x_i(T + k) − x_i(T)``;
* change in output share ``Δs_i = x_i(T + k) / Σ_j x_j(T + k) − x_i(T) / Σ_j x_j(T)``.

Per ranker (the method's score, each baseline of :mod:`chainmap.backtest.baselines`,
and ``random`` as expected values) one row of :func:`evaluate_case`:
``rho_abs`` and ``rho_share`` (Spearman with Δx and Δs), ``hits_top5`` (realised top 5
by Δx among the ranker's top 5), ``hits_chosen`` (realised top 5 among the chosen
leading set; for a baseline, among its top m with m = the size of the method's
leading set, so the sets compare at equal size), ``ndcg5`` (gains max(Δx, 0)).
"""

from __future__ import annotations

import pandas as pd

from chainmap.backtest.archive import Archive
from chainmap.backtest.baselines import BASELINES
from chainmap.backtest.metrics import (
    TOP_K,
    ndcg_at_k,
    random_hits,
    random_ndcg,
    spearman,
    top_k,
    top_k_hits,
)
from chainmap.backtest.predict import Prediction

#: Name of the method's row in the results.
METHOD = "method"

#: Metric columns of a result row.
METRICS: tuple[str, ...] = ("rho_abs", "rho_share", "hits_top5", "hits_chosen", "ndcg5")


def outcomes(
    archive: Archive, region: str, base: int, target: int, codes: pd.Index
) -> pd.DataFrame:
    """Realised ``abs_increase`` and ``share_change`` of ``region`` from base to target."""
    before = archive.get(region, base).output
    after_all = archive.get(region, target).output
    after = after_all.reindex(codes).fillna(0.0)
    x0 = before.reindex(codes)
    return pd.DataFrame(
        {
            "abs_increase": after - x0,
            "share_change": after / after_all.sum() - x0 / before.sum(),
        },
        index=codes,
    )


def _row(score: pd.Series, out: pd.DataFrame, chosen: list[str]) -> dict[str, float]:
    return {
        "rho_abs": spearman(score, out["abs_increase"]),
        "rho_share": spearman(score, out["share_change"]),
        "hits_top5": float(top_k_hits(out["abs_increase"], top_k(score, TOP_K))),
        "hits_chosen": float(top_k_hits(out["abs_increase"], chosen)),
        "ndcg5": ndcg_at_k(score, out["abs_increase"]),
    }


def evaluate_case(
    prediction: Prediction, archive: Archive, target: int, *, score: pd.Series | None = None
) -> pd.DataFrame:
    """One row per ranker for one (region, base year, target year) case.

    ``score`` replaces the method's score (calibration re-weights the criteria); the
    chosen set stays the prediction's leading set.
    """
    codes = prediction.score.index
    out = outcomes(archive, prediction.region, prediction.year, target, codes)
    method_score = prediction.score if score is None else score
    m = len(prediction.leading)
    rows = {METHOD: _row(method_score, out, list(prediction.leading))}
    for name in BASELINES:
        values = prediction.baselines[name]
        if values.notna().sum() < 3:
            continue
        rows[name] = _row(values, out, top_k(values, m))
    rows["random"] = {
        "rho_abs": 0.0,
        "rho_share": 0.0,
        "hits_top5": random_hits(len(codes), TOP_K),
        "hits_chosen": random_hits(len(codes), m),
        "ndcg5": random_ndcg(out["abs_increase"]),
    }
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.name = "ranker"
    frame = frame.reset_index()
    frame.insert(0, "target", target)
    frame.insert(0, "base", prediction.year)
    frame.insert(0, "region", prediction.region)
    frame["n"] = len(codes)
    frame["n_chosen"] = m
    return frame
