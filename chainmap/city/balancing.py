"""Biproportional balancing of a flow matrix to known margins: RAS and GRAS.

RAS (Stone 1961; Miller & Blair 2009, §7.4; formulas.md C.6) finds
``Z = r̂ Z₀ ŝ`` with row sums ``u`` and column sums ``v``, alternating
``r_i = u_i / (Z s)_i`` and ``s_j = v_j / (r′ Z)_j``. It needs non-negative entries.

GRAS (Junius & Oosterhaven 2003, with the correction of Lenzen, Wood & Gallego 2007;
Temurshoev, Miller & Bouwmeester 2013) handles negative entries (subsidies, inventory
drawdowns). Split ``Z₀ = P − N`` (P, N ≥ 0); the solution is
``z_ij = r_i p_ij s_j − n_ij / (r_i s_j)``, with the row step solving
``r_i p_i(s) − n_i(s) / r_i = u_i``, i.e.
``r_i = (u_i + √(u_i² + 4 p_i(s) n_i(s))) / (2 p_i(s))`` where ``p_i(s) = Σ_j p_ij s_j`` and
``n_i(s) = Σ_j n_ij / s_j`` (``r_i = −n_i(s) / u_i`` when ``p_i(s) = 0``), and the column step
the same with the roles swapped. Signs are preserved and zeros stay zero.

Both stop when the largest margin residual, relative to the largest margin, is below
``tol``; otherwise :class:`BalancingError` names the residual reached.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from chainmap.errors import ChainmapError
from chainmap.iomath import Array


class BalancingError(ChainmapError, ValueError):
    """Margins are inconsistent or the iteration did not converge."""


@dataclass(frozen=True)
class BalanceResult:
    """A balanced matrix with its row and column multipliers.

    Attributes
    ----------
    Z : balanced matrix
    r, s : row and column multipliers
    iterations : number of row-and-column sweeps
    max_residual : largest |margin − target| at the end (matrix units)
    """

    Z: Array
    r: Array
    s: Array
    iterations: int
    max_residual: float


def _check_margins(z0: Array, u: Array, v: Array, tol: float) -> float:
    if z0.ndim != 2 or u.shape != (z0.shape[0],) or v.shape != (z0.shape[1],):
        msg = f"margins of shape {u.shape} and {v.shape} do not fit a {z0.shape} matrix"
        raise BalancingError(msg)
    if not (np.isfinite(z0).all() and np.isfinite(u).all() and np.isfinite(v).all()):
        msg = "matrix or margins contain NaN or infinite values"
        raise BalancingError(msg)
    scale = max(float(np.abs(u).max(initial=0.0)), float(np.abs(v).max(initial=0.0)), 1e-300)
    gap = abs(float(u.sum()) - float(v.sum()))
    if gap > tol * max(abs(float(u.sum())), scale):
        msg = (
            f"row targets sum to {u.sum():.10g} but column targets to {v.sum():.10g}; "
            "biproportional balancing needs equal totals"
        )
        raise BalancingError(msg)
    empty_rows = np.flatnonzero((z0 == 0).all(axis=1) & (u != 0))
    empty_cols = np.flatnonzero((z0 == 0).all(axis=0) & (v != 0))
    if empty_rows.size or empty_cols.size:
        msg = (
            f"rows {empty_rows.tolist()} / columns {empty_cols.tolist()} are all zero but "
            "have non-zero targets"
        )
        raise BalancingError(msg)
    return scale


def _residual(z: Array, u: Array, v: Array) -> float:
    return float(max(np.abs(z.sum(axis=1) - u).max(), np.abs(z.sum(axis=0) - v).max()))


def _fail(name: str, max_iter: int, res: float, scale: float, tol: float) -> BalancingError:
    msg = (
        f"{name} did not converge in {max_iter} iterations: max residual {res:.6g} "
        f"({res / scale:.3g} of the largest margin; tolerance {tol:g}); the margins may be "
        "infeasible for the matrix's zero pattern"
    )
    return BalancingError(msg)


def calc_ras(
    Z0: Array, row_totals: Array, col_totals: Array, *, tol: float = 1e-10, max_iter: int = 10_000
) -> BalanceResult:
    """RAS: scale the rows and columns of a non-negative ``Z0`` to the given sums.

    Parameters
    ----------
    Z0 : (m, n) array, non-negative (use :func:`calc_gras` otherwise)
    row_totals, col_totals : target row and column sums (equal totals)
    tol : relative tolerance on the largest margin residual
    max_iter : maximum number of sweeps

    Raises
    ------
    BalancingError
        Negative entries, inconsistent margins, or no convergence (with the residual).

    Examples
    --------
    >>> import numpy as np
    >>> res = calc_ras(np.ones((2, 2)), np.array([3.0, 1.0]), np.array([2.0, 2.0]))
    >>> res.Z.round(10)
    array([[1.5, 1.5],
           [0.5, 0.5]])
    """
    z0 = np.asarray(Z0, dtype=float)
    u = np.asarray(row_totals, dtype=float)
    v = np.asarray(col_totals, dtype=float)
    if (z0 < 0).any() or (u < 0).any() or (v < 0).any():
        msg = "RAS needs non-negative entries and margins; use GRAS (calc_gras)"
        raise BalancingError(msg)
    scale = _check_margins(z0, u, v, tol)
    r = np.ones(z0.shape[0])
    s = np.ones(z0.shape[1])
    res = np.inf
    for it in range(1, max_iter + 1):
        rs = z0 @ s
        r = np.divide(u, rs, out=np.ones_like(u), where=rs > 0)
        cs = r @ z0
        s = np.divide(v, cs, out=np.ones_like(v), where=cs > 0)
        z = r[:, np.newaxis] * z0 * s[np.newaxis, :]
        res = _residual(z, u, v)
        if res <= tol * scale:
            return BalanceResult(z, r, s, it, res)
    raise _fail("RAS", max_iter, res, scale, tol)


def _gras_step(p: Array, n: Array, target: Array) -> Array:
    """Solve ``m p − n / m = target`` for the positive multiplier m, element-wise."""
    out = np.ones_like(target)
    pos = p > 0
    disc = np.sqrt(target[pos] ** 2 + 4.0 * p[pos] * n[pos])
    out[pos] = (target[pos] + disc) / (2.0 * p[pos])
    only_neg = ~pos & (n > 0)
    out[only_neg] = -n[only_neg] / np.where(target[only_neg] < 0, target[only_neg], -1.0)
    bad = only_neg & (target >= 0)
    out[bad] = np.inf  # infeasible: a row of negative entries cannot reach a positive target
    return out


def _check_finite(m: Array, axis: str) -> None:
    bad = np.flatnonzero(~np.isfinite(m) | (m <= 0))
    if bad.size:
        msg = (
            f"GRAS: {axis}s {bad.tolist()} have only negative entries but a non-negative "
            "target; the margins cannot be reached"
        )
        raise BalancingError(msg)


def calc_gras(
    Z0: Array, row_totals: Array, col_totals: Array, *, tol: float = 1e-10, max_iter: int = 10_000
) -> BalanceResult:
    """GRAS: balance a matrix with positive and negative entries (module docstring).

    Reduces to RAS when ``Z0`` has no negative entry.

    Raises
    ------
    BalancingError
        Inconsistent margins, a sign pattern that cannot reach a target, or no
        convergence within ``max_iter`` (with the residual reached).

    Examples
    --------
    >>> import numpy as np
    >>> z0 = np.array([[4.0, -1.0], [2.0, 3.0]])
    >>> res = calc_gras(z0, np.array([4.0, 6.0]), np.array([7.0, 3.0]))
    >>> res.Z.sum(axis=1).round(9), res.Z.sum(axis=0).round(9)
    (array([4., 6.]), array([7., 3.]))
    >>> bool((np.sign(res.Z) == np.sign(z0)).all())
    True
    """
    z0 = np.asarray(Z0, dtype=float)
    u = np.asarray(row_totals, dtype=float)
    v = np.asarray(col_totals, dtype=float)
    scale = _check_margins(z0, u, v, tol)
    P = np.where(z0 > 0, z0, 0.0)
    N = np.where(z0 < 0, -z0, 0.0)
    r = np.ones(z0.shape[0])
    s = np.ones(z0.shape[1])
    res = np.inf
    for it in range(1, max_iter + 1):
        r = _gras_step(P @ s, N @ (1.0 / s), u)
        _check_finite(r, "row")
        s = _gras_step(r @ P, (1.0 / r) @ N, v)
        _check_finite(s, "column")
        z = r[:, np.newaxis] * P * s[np.newaxis, :] - N / (r[:, np.newaxis] * s[np.newaxis, :])
        res = _residual(z, u, v)
        if res <= tol * scale:
            return BalanceResult(z, r, s, it, res)
    raise _fail("GRAS", max_iter, res, scale, tol)
