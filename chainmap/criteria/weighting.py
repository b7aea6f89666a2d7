"""Criterion weights (manual, entropy) and TOPSIS aggregation; normalisation and AHP re-exported.

These are the generic multi-criteria tools behind :mod:`chainmap.criteria.scores`; they work
on plain DataFrames (rows = alternatives, i.e. industries; columns = indicators) and
know nothing about input-output tables. Formulas follow formulas.md C.9. Normalisation
lives in :mod:`chainmap.criteria.normalisation`, AHP in :mod:`chainmap.criteria.ahp`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from chainmap.criteria.ahp import (
    MAX_CONSISTENCY_RATIO,
    RECIPROCITY_TOLERANCE,
    SAATY_RI,
    AHPResult,
    ahp_weights,
)
from chainmap.criteria.normalisation import (
    NORMALISATIONS,
    normalise,
    normalise_minmax,
    normalise_rank,
    normalise_zscore,
)
from chainmap.errors import ScenarioError, reject_unknown_keys, require_finite_number

__all__ = [
    "MAX_CONSISTENCY_RATIO",
    "NORMALISATIONS",
    "RECIPROCITY_TOLERANCE",
    "SAATY_RI",
    "AHPResult",
    "TopsisResult",
    "ahp_weights",
    "check_weights",
    "entropy_weights",
    "normalise",
    "normalise_minmax",
    "normalise_rank",
    "normalise_zscore",
    "score_topsis",
]


def check_weights(
    weights: Mapping[str, float], allowed: Sequence[str], *, name: str = "weights"
) -> pd.Series:
    """Validate manual weights and scale them to sum to 1.

    Names missing from ``weights`` get weight 0.

    Raises
    ------
    ScenarioError
        An unknown name, a negative or non-finite weight, or weights that do not sum
        to a positive number; the message names the key.

    Examples
    --------
    >>> check_weights({"a": 3, "b": 1}, ["a", "b", "c"]).tolist()
    [0.75, 0.25, 0.0]
    """
    out = pd.Series(0.0, index=pd.Index(list(allowed), dtype=object), name="weight")
    reject_unknown_keys(weights, list(allowed), name)
    for key, value in weights.items():
        number = require_finite_number(value, f"{name}.{key}: weight")
        if number < 0:
            msg = f"{name}.{key}: weight must be finite and >= 0, got {value!r}"
            raise ScenarioError(msg)
        out[key] = number
    total = float(out.sum())
    if total <= 0:
        msg = f"{name}: weights must sum to a positive number, got {dict(weights)!r}"
        raise ScenarioError(msg)
    return out / total


def entropy_weights(frame: pd.DataFrame) -> pd.Series:
    """Entropy weights of the columns of a non-negative decision matrix.

    For m alternatives and indicator j: ``p_ij = y_ij / Σ_i y_ij``,
    ``e_j = −(1 / ln m) Σ_i p_ij ln p_ij`` (with 0 · ln 0 = 0) and
    ``w_j = (1 − e_j) / Σ_k (1 − e_k)`` (formulas.md C.9). An indicator whose
    column is all zeros carries no information and gets e_j = 1, weight 0. Apply
    it to normalised data (min–max), as is usual.

    Raises
    ------
    ScenarioError
        Fewer than two rows, negative or missing values, or every column constant
        (no weight can be derived).

    Examples
    --------
    >>> y = pd.DataFrame({"a": [1.0, 1.0, 1.0], "b": [1.0, 0.0, 0.0]})
    >>> entropy_weights(y).round(12).tolist()
    [0.0, 1.0]
    """
    y = frame.to_numpy(dtype=float)
    m = y.shape[0]
    if m < 2:
        msg = f"entropy weights need at least 2 alternatives, got {m}"
        raise ScenarioError(msg)
    if np.isnan(y).any() or (y < 0).any():
        bad = [str(c) for c in frame.columns if frame[c].isna().any() or (frame[c] < 0).any()]
        msg = f"entropy weights need non-negative, complete columns; check {bad}"
        raise ScenarioError(msg)
    col_sum = y.sum(axis=0)
    p = np.divide(y, col_sum, out=np.zeros_like(y), where=col_sum > 0)
    plogp = np.where(p > 0, p * np.log(np.where(p > 0, p, 1.0)), 0.0)
    e = np.where(col_sum > 0, -plogp.sum(axis=0) / math.log(m), 1.0)
    d = 1.0 - e
    if d.sum() <= 1e-12:
        msg = "entropy weights undefined: every indicator is constant across the alternatives"
        raise ScenarioError(msg)
    return pd.Series(d / d.sum(), index=frame.columns, name="weight")


@dataclass(frozen=True)
class TopsisResult:
    """TOPSIS closeness with its parts.

    Attributes
    ----------
    closeness : Series
        ``C_i = D_i⁻ / (D_i⁺ + D_i⁻)`` in [0, 1] (1 = the ideal).
    distance_ideal, distance_anti_ideal : Series
        ``D_i⁺`` and ``D_i⁻``.
    ideal, anti_ideal : Series
        The weighted ideal and anti-ideal points per indicator.
    contributions : DataFrame
        Additive split of C_i by indicator, ``(v_ij − v_j⁻)² / (D_i⁻ (D_i⁺ + D_i⁻))``;
        rows sum to C_i (0 where D_i⁻ = 0).
    """

    closeness: pd.Series
    distance_ideal: pd.Series
    distance_anti_ideal: pd.Series
    ideal: pd.Series
    anti_ideal: pd.Series
    contributions: pd.DataFrame


def score_topsis(
    frame: pd.DataFrame,
    weights: Mapping[str, float] | pd.Series,
    *,
    benefit: Mapping[str, bool] | None = None,
) -> TopsisResult:
    """TOPSIS (Hwang & Yoon 1981) closeness to the ideal solution.

    ``r_ij = y_ij / √Σ_i y_ij²`` (vector normalisation; a column of zeros stays 0),
    ``v_ij = w_j r_ij``; the ideal takes the best v of each column (max for a benefit,
    min for a cost indicator), the anti-ideal the worst;
    ``D_i^± = √Σ_j (v_ij − v_j^±)²`` and ``C_i = D_i⁻ / (D_i⁺ + D_i⁻)``.

    Because ``C_i = Σ_j (v_ij − v_j⁻)² / (D_i⁻ (D_i⁺ + D_i⁻))``, each indicator's term
    is an exact additive contribution to the closeness (reported in
    :attr:`TopsisResult.contributions`).

    Parameters
    ----------
    frame : DataFrame
        Rows = alternatives, columns = indicators; no missing values.
    weights : mapping or Series
        Weight per column (scaled to sum 1 here).
    benefit : mapping, optional
        ``column -> False`` for cost indicators.

    Examples
    --------
    >>> y = pd.DataFrame({"gain": [3.0, 4.0, 0.0], "cost": [4.0, 3.0, 0.0]})
    >>> r = score_topsis(y, {"gain": 0.5, "cost": 0.5}, benefit={"cost": False})
    >>> r.closeness.round(5).tolist()
    [0.42116, 0.57884, 0.5]
    """
    cols = [str(c) for c in frame.columns]
    w = check_weights(dict(weights), cols, name="TOPSIS weights").to_numpy()
    benefit = dict(benefit or {})
    unknown = sorted(set(benefit) - set(cols))
    if unknown:
        msg = f"TOPSIS: benefit/cost flags for unknown indicators {unknown}"
        raise ScenarioError(msg)
    y = frame.to_numpy(dtype=float)
    if not np.isfinite(y).all():
        bad = [c for c, ok in zip(cols, np.isfinite(y).all(axis=0), strict=True) if not ok]
        msg = f"TOPSIS needs finite values; missing or infinite values in {bad}"
        raise ScenarioError(msg)
    norm = np.sqrt((y**2).sum(axis=0))
    r = np.divide(y, norm, out=np.zeros_like(y), where=norm > 0)
    v = r * w
    is_benefit = np.array([benefit.get(c, True) for c in cols])
    ideal = np.where(is_benefit, v.max(axis=0), v.min(axis=0))
    anti = np.where(is_benefit, v.min(axis=0), v.max(axis=0))
    d_plus = np.sqrt(((v - ideal) ** 2).sum(axis=1))
    sq_minus = (v - anti) ** 2
    d_minus = np.sqrt(sq_minus.sum(axis=1))
    denom = d_plus + d_minus
    closeness = np.divide(d_minus, denom, out=np.zeros_like(d_minus), where=denom > 0)
    scale = d_minus * denom
    contrib = np.divide(
        sq_minus, scale[:, None], out=np.zeros_like(sq_minus), where=scale[:, None] > 0
    )
    idx = frame.index
    return TopsisResult(
        closeness=pd.Series(closeness, index=idx, name="closeness"),
        distance_ideal=pd.Series(d_plus, index=idx, name="distance_ideal"),
        distance_anti_ideal=pd.Series(d_minus, index=idx, name="distance_anti_ideal"),
        ideal=pd.Series(ideal, index=frame.columns, name="ideal"),
        anti_ideal=pd.Series(anti, index=frame.columns, name="anti_ideal"),
        contributions=pd.DataFrame(contrib, index=idx, columns=frame.columns),
    )
