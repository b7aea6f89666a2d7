"""Normalisation, criterion weights (manual, entropy, AHP) and TOPSIS aggregation.

These are the generic multi-criteria tools behind :mod:`chainmap.criteria.scores`; they work
on plain DataFrames (rows = alternatives, i.e. industries; columns = indicators) and
know nothing about input-output tables. Formulas follow formulas.md C.9.

Conventions (the tool's choices, stated here once):

* A *benefit* indicator is better when larger, a *cost* indicator when smaller.
* Missing values (NaN) are left missing by every normalisation and ignored when the
  column's minimum, maximum, mean or ranks are taken.
* A column that does not vary (one distinct value) carries no information: every
  normalisation maps it to 0 for every row, so it cannot contribute to a score.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import pandas as pd

from chainmap.errors import ScenarioError, reject_unknown_keys

#: Normalisation methods accepted by :func:`normalise`.
NORMALISATIONS: tuple[str, ...] = ("minmax", "zscore", "rank")

#: Saaty's random consistency index RI by matrix order n (Saaty 1980, Table 1.7;
#: 500 random reciprocal matrices per n). n = 1, 2 are always consistent.
SAATY_RI: dict[int, float] = {
    1: 0.0,
    2: 0.0,
    3: 0.58,
    4: 0.90,
    5: 1.12,
    6: 1.24,
    7: 1.32,
    8: 1.41,
    9: 1.45,
    10: 1.49,
}

#: Largest acceptable consistency ratio (Saaty's 10 % rule).
MAX_CONSISTENCY_RATIO = 0.1

#: Tolerance on a_ij · a_ji = 1 and a_ii = 1 (lets users write 0.333 for 1/3).
RECIPROCITY_TOLERANCE = 0.02


# ----- normalisation ----------------------------------------------------------------------


def _split(values: pd.Series) -> tuple[np.ndarray, np.ndarray, bool]:
    """Float array, mask of present values, and whether the present values are constant."""
    y = values.to_numpy(dtype=float)
    ok = ~np.isnan(y)
    constant = not ok.any() or bool(y[ok].min() == y[ok].max())
    return y, ok, constant


def _wrap(out: np.ndarray, values: pd.Series) -> pd.Series:
    return pd.Series(out, index=values.index, name=values.name)


def normalise_minmax(values: pd.Series, *, benefit: bool = True) -> pd.Series:
    """Min–max normalisation to [0, 1].

    ``y' = (y − min) / (max − min)`` for a benefit indicator and
    ``y' = (max − y) / (max − min)`` for a cost indicator; a constant column gives 0.

    Examples
    --------
    >>> normalise_minmax(pd.Series([2.0, 4.0, 3.0])).tolist()
    [0.0, 1.0, 0.5]
    >>> normalise_minmax(pd.Series([2.0, 4.0, 3.0]), benefit=False).tolist()
    [1.0, 0.0, 0.5]
    """
    y, ok, constant = _split(values)
    if constant:
        return _wrap(np.where(ok, 0.0, np.nan), values)
    lo, hi = float(y[ok].min()), float(y[ok].max())
    out = (y - lo) / (hi - lo) if benefit else (hi - y) / (hi - lo)
    return _wrap(np.clip(out, 0.0, 1.0), values)  # rounding can leave -1e-17


def normalise_zscore(values: pd.Series, *, benefit: bool = True) -> pd.Series:
    """Z-score ``(y − ȳ) / s`` with the population standard deviation (ddof = 0).

    A cost indicator is negated; a constant column gives 0.

    Examples
    --------
    >>> normalise_zscore(pd.Series([1.0, 2.0, 3.0])).round(6).tolist()
    [-1.224745, 0.0, 1.224745]
    """
    y, ok, constant = _split(values)
    if constant:
        return _wrap(np.where(ok, 0.0, np.nan), values)
    out = (y - y[ok].mean()) / y[ok].std(ddof=0)
    return _wrap(out if benefit else -out, values)


def normalise_rank(values: pd.Series, *, benefit: bool = True) -> pd.Series:
    """Rank normalisation to [0, 1]: ``(r − 1) / (m − 1)``.

    ``r`` is the ascending rank (descending for a cost indicator) with ties given
    their average rank, ``m`` the number of non-missing values. The result depends
    on the order of the values only, never on their position in the Series, so it
    is deterministic. A constant column gives 0.

    Examples
    --------
    >>> normalise_rank(pd.Series([10.0, 30.0, 20.0, 30.0])).round(4).tolist()
    [0.0, 0.8333, 0.3333, 0.8333]
    """
    y, ok, constant = _split(values)
    if constant:
        return _wrap(np.where(ok, 0.0, np.nan), values)
    ranks = pd.Series(y).rank(method="average", ascending=benefit).to_numpy()
    return _wrap((ranks - 1.0) / (int(ok.sum()) - 1.0), values)


_NORMALISERS = {"minmax": normalise_minmax, "zscore": normalise_zscore, "rank": normalise_rank}


def normalise(
    frame: pd.DataFrame, method: str = "minmax", *, benefit: Mapping[str, bool] | None = None
) -> pd.DataFrame:
    """Normalise every column of ``frame`` with one method.

    Parameters
    ----------
    frame : DataFrame
        Rows = alternatives, columns = indicators (numeric).
    method : {"minmax", "zscore", "rank"}
    benefit : mapping, optional
        ``column -> False`` for cost indicators; columns not named are benefits.

    Returns
    -------
    DataFrame of the same shape.

    Raises
    ------
    ScenarioError
        Unknown method, or ``benefit`` naming a column that does not exist.

    Examples
    --------
    >>> df = pd.DataFrame({"a": [1.0, 3.0], "b": [5.0, 1.0]})
    >>> normalise(df, "minmax", benefit={"b": False}).to_numpy().tolist()
    [[0.0, 0.0], [1.0, 1.0]]
    """
    if method not in _NORMALISERS:
        msg = f"normalisation: unknown method {method!r} (use one of {', '.join(NORMALISATIONS)})"
        raise ScenarioError(msg)
    benefit = dict(benefit or {})
    unknown = sorted(set(benefit) - set(map(str, frame.columns)))
    if unknown:
        msg = f"normalisation: benefit/cost flags for unknown indicators {unknown}"
        raise ScenarioError(msg)
    func = _NORMALISERS[method]
    return pd.DataFrame(
        {c: func(frame[c], benefit=benefit.get(str(c), True)) for c in frame.columns},
        index=frame.index,
    )


# ----- weights ----------------------------------------------------------------------------


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
        if isinstance(value, bool) or not isinstance(value, int | float | np.number):
            msg = f"{name}.{key}: weight must be a number, got {value!r}"
            raise ScenarioError(msg)
        if not math.isfinite(float(value)) or float(value) < 0:
            msg = f"{name}.{key}: weight must be finite and >= 0, got {value!r}"
            raise ScenarioError(msg)
        out[key] = float(value)
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
class AHPResult:
    """Weights and consistency of a pairwise comparison matrix.

    Attributes
    ----------
    weights : Series
        Principal right eigenvector scaled to sum to 1.
    lambda_max : float
        Principal eigenvalue.
    ci : float
        Consistency index ``(λ_max − n) / (n − 1)`` (0 for n ≤ 2).
    cr : float
        Consistency ratio ``CI / RI`` (0 for n ≤ 2).
    ri : float
        Saaty's random index for n.
    """

    weights: pd.Series
    lambda_max: float
    ci: float
    cr: float
    ri: float


def _parse_entry(value: object, name: str, i: int, j: int) -> float:
    try:
        if isinstance(value, str):
            number = float(Fraction(value.strip()))
        elif isinstance(value, bool):
            raise TypeError
        else:
            number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError, ZeroDivisionError) as err:
        msg = f"{name}: entry ({i + 1}, {j + 1}) must be a number or a fraction, got {value!r}"
        raise ScenarioError(msg) from err
    if not math.isfinite(number) or number <= 0:
        msg = f"{name}: entry ({i + 1}, {j + 1}) must be positive, got {value!r}"
        raise ScenarioError(msg)
    return number


def ahp_weights(
    matrix: Sequence[Sequence[object]] | np.ndarray | pd.DataFrame,
    labels: Sequence[str] | None = None,
    *,
    name: str = "AHP matrix",
    max_cr: float = MAX_CONSISTENCY_RATIO,
) -> AHPResult:
    """AHP weights from a pairwise comparison matrix (Saaty's eigenvector method).

    ``a_ij`` says how much more important criterion i is than j (Saaty's 1–9 scale;
    fractions such as ``"1/3"`` are accepted). The weights are the principal right
    eigenvector w of A (``A w = λ_max w``) scaled to Σ w = 1; ``CI = (λ_max − n)/(n − 1)``
    and ``CR = CI / RI(n)`` with Saaty's random index :data:`SAATY_RI`.

    Parameters
    ----------
    matrix : n × n numbers (list of lists, array or DataFrame)
    labels : sequence of str, optional
        Criterion names in row order (a DataFrame's index is used otherwise).
    name : str
        How the matrix is named in error messages (e.g. ``criteria.ahp_matrix``).
    max_cr : float
        Largest acceptable consistency ratio (default 0.1).

    Raises
    ------
    ScenarioError
        Not square, a non-positive entry, a diagonal entry ≠ 1, ``a_ij · a_ji ≠ 1``
        (beyond :data:`RECIPROCITY_TOLERANCE`), n beyond the RI table, or CR > max_cr.

    References
    ----------
    Saaty, T. L. (1980). *The Analytic Hierarchy Process*. McGraw-Hill.

    Examples
    --------
    >>> r = ahp_weights([[1, 3], ["1/3", 1]], ["a", "b"])
    >>> r.weights.round(4).tolist(), round(r.lambda_max, 6), r.cr
    ([0.75, 0.25], 2.0, 0.0)
    """
    if isinstance(matrix, pd.DataFrame):
        labels = list(map(str, matrix.index)) if labels is None else labels
        rows: list[list[object]] = matrix.to_numpy().tolist()
    else:
        rows = [list(r) for r in np.asarray(matrix, dtype=object).tolist()]
    n = len(rows)
    if n == 0 or any(len(r) != n for r in rows):
        msg = f"{name}: must be a square matrix, got row lengths {[len(r) for r in rows]}"
        raise ScenarioError(msg)
    if labels is None:
        labels = [str(i + 1) for i in range(n)]
    if len(labels) != n:
        msg = f"{name}: {n} rows but {len(labels)} labels {list(labels)}"
        raise ScenarioError(msg)
    if n not in SAATY_RI:
        msg = f"{name}: order {n} is beyond Saaty's random-index table (n ≤ {max(SAATY_RI)})"
        raise ScenarioError(msg)
    a = np.array(
        [[_parse_entry(v, name, i, j) for j, v in enumerate(r)] for i, r in enumerate(rows)]
    )
    for i in range(n):
        if abs(a[i, i] - 1.0) > RECIPROCITY_TOLERANCE:
            msg = f"{name}: diagonal entry ({i + 1}, {i + 1}) must be 1, got {a[i, i]:g}"
            raise ScenarioError(msg)
        for j in range(i + 1, n):
            if abs(a[i, j] * a[j, i] - 1.0) > RECIPROCITY_TOLERANCE:
                msg = (
                    f"{name}: not reciprocal at ({i + 1}, {j + 1}) = {a[i, j]:g} and "
                    f"({j + 1}, {i + 1}) = {a[j, i]:g}; a_ji must be 1 / a_ij"
                )
                raise ScenarioError(msg)
    eigenvalues, vectors = np.linalg.eig(a)
    k = int(np.argmax(eigenvalues.real))
    lam = float(eigenvalues[k].real)
    w = np.abs(vectors[:, k].real)  # Perron vector: one sign; abs removes the arbitrary one
    w = w / w.sum()
    ri = SAATY_RI[n]
    ci = max(lam - n, 0.0) / (n - 1) if n > 2 else 0.0
    cr = ci / ri if ri > 0 else 0.0
    if cr > max_cr:
        msg = (
            f"{name}: consistency ratio CR = {cr:.3f} exceeds {max_cr:g} "
            f"(λ_max = {lam:.3f}, CI = {ci:.3f}, RI = {ri:.2f}); revise the comparisons"
        )
        raise ScenarioError(msg)
    return AHPResult(
        weights=pd.Series(w, index=pd.Index(list(labels), dtype=object), name="weight"),
        lambda_max=lam,
        ci=ci,
        cr=cr,
        ri=ri,
    )


# ----- TOPSIS -----------------------------------------------------------------------------


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
