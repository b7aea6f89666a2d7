"""Normalisation of indicator columns: min–max, z-score, rank (formulas.md C.9).

Conventions (the tool's choices): a *benefit* indicator is better when larger, a *cost*
indicator when smaller; missing values (NaN) stay missing and are ignored when the
column's minimum, maximum, mean or ranks are taken; a column that does not vary maps to
0 for every row, so it cannot contribute to a score.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from chainmap.errors import ScenarioError

#: Normalisation methods accepted by :func:`normalise`.
NORMALISATIONS: tuple[str, ...] = ("minmax", "zscore", "rank")


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
