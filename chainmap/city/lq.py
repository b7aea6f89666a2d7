"""Location quotients: the parent's coefficients turned into regional purchase coefficients.

Location-quotient methods (formulas.md C.6; Miller & Blair 2009, §8.3; Flegg & Webber 1997;
Flegg & Tohmo 2013) turn the parent's coefficients into regional purchase coefficients:

* ``SLQ_i = (x_i^R / x^R) / (x_i^N / x^N)``, applied row-wise;
* ``CILQ_ij = SLQ_i / SLQ_j``, with ``SLQ_i`` on the diagonal (Miller & Blair's convention,
  so that FLQ with δ = 0 *is* CILQ);
* ``FLQ_ij = CILQ_ij · λ*`` (``SLQ_i · λ*`` on the diagonal), ``λ* = [log₂(1 + x^R/x^N)]^δ``;
* ``AFLQ_ij = FLQ_ij · log₂(1 + SLQ_j)`` where ``SLQ_j > 1`` (Flegg & Webber 2000: only a
  specialised buying sector gets the upward correction), else ``FLQ_ij``.

The local (regional) coefficient is ``r_ij = a_ij · min(1, LQ_ij)``; ``min(1, LQ_ij)`` is
the regional purchase coefficient (RPC) of the link.

Why δ = 0.3 by default: Flegg & Webber (1997) proposed 0.3, Bonfiglio & Chelli (2008)
found δ ≈ 0.3 best in Monte-Carlo tests, and Flegg & Tohmo (2013) estimated 0.1–0.3 for
Finnish regions, the larger values for the smaller regions. A city is a small region
(x^R/x^N ≈ 1–2 % for Hangzhou), so the upper end of that range is the appropriate default;
λ* is then about 0.3 and a city buys roughly a third of an average input locally.
"""

from __future__ import annotations

import math
from typing import Literal

import numpy as np

from chainmap.errors import InputDataError, ScenarioError
from chainmap.iomath import Array

Method = Literal["slq", "cilq", "flq", "aflq"]

METHODS: tuple[str, ...] = ("slq", "cilq", "flq", "aflq")
DEFAULT_DELTA = 0.3


def calc_slq(x_region: Array, x_nation: Array) -> Array:
    """Simple location quotients ``SLQ_i = (x_i^R / x^R) / (x_i^N / x^N)``.

    Parameters
    ----------
    x_region, x_nation : (n,) arrays
        Output (or employment) of the region and of the parent; totals are their sums.

    Examples
    --------
    >>> import numpy as np
    >>> calc_slq(np.array([10.0, 30.0]), np.array([100.0, 100.0]))
    array([0.5, 1.5])
    """
    xr = np.asarray(x_region, dtype=float)
    xn = np.asarray(x_nation, dtype=float)
    return np.asarray((xr / xr.sum()) / (xn / xn.sum()), dtype=np.float64)


def calc_cilq(slq: Array) -> Array:
    """Cross-industry location quotients ``CILQ_ij = SLQ_i / SLQ_j``; ``SLQ_i`` on the diagonal.

    A buyer with ``SLQ_j = 0`` has no local output, so its column never enters a city
    table; its quotients are set to ``inf`` (no division warning).

    Examples
    --------
    >>> import numpy as np
    >>> calc_cilq(np.array([0.5, 2.0]))
    array([[0.5 , 0.25],
           [4.  , 2.  ]])
    """
    s = np.asarray(slq, dtype=float)
    num = np.broadcast_to(s[:, np.newaxis], (s.size, s.size))
    den = np.broadcast_to(s[np.newaxis, :], (s.size, s.size))
    out = np.full((s.size, s.size), np.inf)
    np.divide(num, den, out=out, where=den > 0)
    np.fill_diagonal(out, s)
    return out


def calc_lambda_star(region_total: float, nation_total: float, delta: float) -> float:
    """FLQ size factor ``λ* = [log₂(1 + x^R / x^N)]^δ`` (0 ≤ δ < 1).

    Examples
    --------
    >>> round(calc_lambda_star(1.0, 100.0, 0.3), 6)
    0.279965
    >>> calc_lambda_star(1.0, 100.0, 0.0)
    1.0
    """
    if not 0.0 <= delta < 1.0:
        msg = f"FLQ delta must satisfy 0 <= delta < 1; got {delta}"
        raise ScenarioError(msg)
    if not 0.0 < region_total <= nation_total:
        msg = (
            f"region total {region_total} must be positive and not above the parent total "
            f"{nation_total}"
        )
        raise InputDataError(msg)
    return float(math.log2(1.0 + region_total / nation_total) ** delta)


def calc_flq(slq: Array, lambda_star: float) -> Array:
    """Flegg location quotients: ``λ* · CILQ_ij`` off the diagonal, ``λ* · SLQ_i`` on it.

    Examples
    --------
    >>> import numpy as np
    >>> calc_flq(np.array([0.5, 2.0]), 0.5)
    array([[0.25 , 0.125],
           [2.   , 1.   ]])
    """
    return calc_cilq(slq) * lambda_star


def calc_aflq(slq: Array, lambda_star: float) -> Array:
    """Augmented FLQ: ``FLQ_ij · log₂(1 + SLQ_j)`` for buyers with ``SLQ_j > 1``, else FLQ.

    Examples
    --------
    >>> import numpy as np
    >>> calc_aflq(np.array([0.5, 3.0]), 1.0)
    array([[0.5       , 0.33333333],
           [6.        , 6.        ]])
    """
    s = np.asarray(slq, dtype=float)
    factor = np.where(s > 1.0, np.log2(1.0 + np.where(s > 1.0, s, 1.0)), 1.0)
    return calc_flq(s, lambda_star) * factor[np.newaxis, :]


def calc_lq(
    x_region: Array, x_nation: Array, method: Method = "flq", delta: float = DEFAULT_DELTA
) -> Array:
    """Location-quotient matrix of ``method`` (SLQ is broadcast along each row).

    Examples
    --------
    >>> import numpy as np
    >>> calc_lq(np.array([10.0, 30.0]), np.array([100.0, 100.0]), "slq")
    array([[0.5, 0.5],
           [1.5, 1.5]])
    """
    xr = np.asarray(x_region, dtype=float)
    xn = np.asarray(x_nation, dtype=float)
    slq = calc_slq(xr, xn)
    if method == "slq":
        return np.repeat(slq[:, np.newaxis], slq.size, axis=1)
    if method == "cilq":
        return calc_cilq(slq)
    if method not in ("flq", "aflq"):
        msg = f"unknown regionalisation method {method!r}; choose one of {', '.join(METHODS)}"
        raise ScenarioError(msg)
    lam = calc_lambda_star(float(xr.sum()), float(xn.sum()), delta)
    return calc_flq(slq, lam) if method == "flq" else calc_aflq(slq, lam)


def calc_regional_coefficients(a: Array, lq: Array) -> Array:
    """Regional (local) coefficients ``r_ij = a_ij · min(1, LQ_ij)``.

    Examples
    --------
    >>> import numpy as np
    >>> calc_regional_coefficients(np.array([[0.2, 0.1], [0.3, 0.4]]),
    ...                            np.array([[0.5, 2.0], [1.0, 0.25]]))
    array([[0.1, 0.1],
           [0.3, 0.1]])
    """
    return np.asarray(a, dtype=float) * np.minimum(1.0, np.asarray(lq, dtype=float))
