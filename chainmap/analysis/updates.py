"""Rank-k updates of the Leontief inverse (Woodbury), for scenarios without re-inversion.

A scenario that changes k columns of A (a new supplier mix for k buyers, imports
replaced by local supply along k chain links, a new sector's input column) changes
``I − A`` by a rank-k term ``U Vᵀ``. The Woodbury identity (formulas.md §E.3)

``(I − A − U Vᵀ)⁻¹ = L + L U (I_k − Vᵀ L U)⁻¹ Vᵀ L``

gives the new inverse in O(n²k + k³) instead of O(n³), and the new output for fixed
final demand in O(n²k) without forming it at all.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from chainmap.errors import ScenarioError
from chainmap.iomath import Array


def _capacitance(VtL_U: Array) -> Array:
    k = VtL_U.shape[0]
    K = np.eye(k) - VtL_U
    # det(I − A') = det(I − A)·det K: a (numerically) singular K means the updated
    # I − A is singular itself. Judge σ_min(K) against the size of the terms in K.
    ok = bool(np.all(np.isfinite(K)))
    if ok and k:
        scale = max(1.0, float(np.linalg.norm(VtL_U, 2)))
        ok = float(np.linalg.svd(K, compute_uv=False)[-1]) > 1e-12 * scale
    if not ok:
        msg = (
            "the coefficient change makes I − A singular (or nearly so): the updated "
            "economy has no finite Leontief inverse"
        )
        raise ScenarioError(msg)
    return K


def calc_rank_k_update(L: npt.ArrayLike, U: npt.ArrayLike, V: npt.ArrayLike) -> Array:
    """Leontief inverse after ``A → A + U Vᵀ``: ``(I − A − U Vᵀ)⁻¹`` by Woodbury.

    ``L' = L + L U (I_k − Vᵀ L U)⁻¹ Vᵀ L``, cost O(n²k + k³).

    Proof sketch: write ``M = I − A`` so ``L = M⁻¹`` and ``M' = M − U Vᵀ``. Then
    ``M' L' = (M − U Vᵀ)(L + L U K⁻¹ Vᵀ L)`` with ``K = I − Vᵀ L U``
    ``= I + U K⁻¹ Vᵀ L − U Vᵀ L − U (Vᵀ L U) K⁻¹ Vᵀ L``
    ``= I − U Vᵀ L + U (I − Vᵀ L U) K⁻¹ Vᵀ L = I − U Vᵀ L + U Vᵀ L = I``.
    K is invertible exactly when M' is (``det M' = det M · det K``).

    Parameters
    ----------
    L : (n, n) array
        Leontief inverse of the current A.
    U, V : (n, k) arrays (or (n,) for k = 1)
        The change of A is ``U Vᵀ``.

    Returns
    -------
    (n, n) array

    Raises
    ------
    ScenarioError
        When the updated ``I − A`` is singular.

    Examples
    --------
    Raise a_12 of Miller & Blair's table from 0.25 to 0.30 (U = 0.05 e_1, V = e_2):

    >>> import numpy as np
    >>> from chainmap.io.examples import miller_blair_2x2
    >>> t = miller_blair_2x2()
    >>> L2 = calc_rank_k_update(t.l, [0.05, 0.0], [0.0, 1.0])
    >>> A2 = t.a.copy(); A2[0, 1] = 0.30
    >>> bool(np.allclose(L2, np.linalg.inv(np.eye(2) - A2), rtol=0, atol=1e-14))
    True
    """
    Lm = np.asarray(L, dtype=np.float64)
    Um = np.asarray(U, dtype=np.float64).reshape(Lm.shape[0], -1)
    Vm = np.asarray(V, dtype=np.float64).reshape(Lm.shape[0], -1)
    if Um.shape != Vm.shape:
        msg = f"U and V must have the same shape, got {Um.shape} and {Vm.shape}"
        raise ValueError(msg)
    LU = Lm @ Um
    VtL = Vm.T @ Lm
    K = _capacitance(Vm.T @ LU)
    return np.asarray(Lm + LU @ np.linalg.solve(K, VtL), dtype=np.float64)


def _column_change(
    L: Array, columns: Sequence[int], delta: npt.ArrayLike
) -> tuple[npt.NDArray[np.intp], Array, Array]:
    n = L.shape[0]
    cols = np.asarray(columns, dtype=np.intp).ravel()
    D = np.asarray(delta, dtype=np.float64).reshape(n, -1)
    if D.shape[1] != cols.size or len(set(cols.tolist())) != cols.size:
        msg = (
            f"delta must have one column per changed column of A (got {D.shape[1]} for "
            f"{cols.size} columns) and columns must be distinct"
        )
        raise ValueError(msg)
    if cols.size and (cols.min() < 0 or cols.max() >= n):
        msg = f"column positions must lie in 0..{n - 1}"
        raise ValueError(msg)
    LD = L @ D
    LC_D = LD[cols, :]  # Vᵀ L U with V = E_C: rows C of L D
    K = _capacitance(LC_D)
    if np.all(D >= 0) and cols.size:
        # Regular splitting: with D ≥ 0, A + D E_Cᵀ stays productive iff ρ(L_C· D) < 1.
        rho = float(np.max(np.abs(np.linalg.eigvals(LC_D))))
        if rho >= 1.0:
            msg = (
                f"raising columns {cols.tolist()} of A by this much makes the economy "
                f"non-productive (spectral radius of L_C·D = {rho:.4f} ≥ 1)"
            )
            raise ScenarioError(msg)
    return cols, LD, K


def calc_column_update(L: npt.ArrayLike, columns: Sequence[int], delta: npt.ArrayLike) -> Array:
    """Leontief inverse after adding ``delta`` (n × k) to k columns of A.

    ``A' = A + D E_Cᵀ`` (column ``C[m]`` of A changes by ``D[:, m]``), so with
    U = D and V = E_C (:func:`calc_rank_k_update`):
    ``L' = L + L D (I_k − L_{C·} D)⁻¹ L_{C·}``. Use it for a buyer's new input mix or
    for imports replaced by local supply along some chain links.

    Raises
    ------
    ScenarioError
        Singular update, or (for ``delta ≥ 0``) a non-productive economy. Changes
        with negative entries are only checked for singularity.

    Examples
    --------
    >>> import numpy as np
    >>> from chainmap.io.examples import miller_blair_2x2
    >>> t = miller_blair_2x2()
    >>> L2 = calc_column_update(t.l, [1], [[0.05], [0.0]])
    >>> bool(np.allclose(L2, calc_rank_k_update(t.l, [0.05, 0.0], [0.0, 1.0])))
    True
    """
    Lm = np.asarray(L, dtype=np.float64)
    cols, LD, K = _column_change(Lm, columns, delta)
    return np.asarray(Lm + LD @ np.linalg.solve(K, Lm[cols, :]), dtype=np.float64)


def calc_output_after_column_update(
    L: npt.ArrayLike, x: npt.ArrayLike, columns: Sequence[int], delta: npt.ArrayLike
) -> Array:
    """New gross output for the *same* final demand after a k-column change of A.

    ``x' = L' f = x + L D (I_k − L_{C·} D)⁻¹ x_C`` (since ``L_{C·} f = x_C``), at
    O(n²k) without forming L'. ``x' − x`` is the output gained (or lost) by the
    change, e.g. the value of filling a chain link with local supply.

    Examples
    --------
    Sector 2 buys 0.05 more from sector 1 per unit of output (local supply replacing
    imports), final demand unchanged:

    >>> from chainmap.io.examples import miller_blair_2x2
    >>> t = miller_blair_2x2()
    >>> (calc_output_after_column_update(t.l, t.x, [1], [[0.05], [0.0]]) - t.x).round(4)
    array([127.0903,  26.7559])
    """
    Lm = np.asarray(L, dtype=np.float64)
    xv = np.asarray(x, dtype=np.float64)
    cols, LD, K = _column_change(Lm, columns, delta)
    return np.asarray(xv + LD @ np.linalg.solve(K, xv[cols]), dtype=np.float64)


def calc_entry_update(
    L: npt.ArrayLike,
    rows: Sequence[int],
    columns: Sequence[int],
    deltas: Sequence[float] | npt.ArrayLike,
) -> Array:
    """Leontief inverse after changing single coefficients ``a_{rows[m], columns[m]}``.

    Entries are grouped by column, so the rank is the number of distinct columns;
    then :func:`calc_column_update`.

    Examples
    --------
    >>> import numpy as np
    >>> from chainmap.io.examples import miller_blair_2x2
    >>> t = miller_blair_2x2()
    >>> L2 = calc_entry_update(t.l, [0, 1], [1, 1], [0.05, -0.02])
    >>> A2 = t.a.copy(); A2[0, 1] += 0.05; A2[1, 1] -= 0.02
    >>> bool(np.allclose(L2, np.linalg.inv(np.eye(2) - A2), rtol=0, atol=1e-14))
    True
    """
    Lm = np.asarray(L, dtype=np.float64)
    r = np.asarray(rows, dtype=np.intp).ravel()
    c = np.asarray(columns, dtype=np.intp).ravel()
    d = np.asarray(deltas, dtype=np.float64).ravel()
    if not r.size == c.size == d.size:
        msg = "rows, columns and deltas must have the same length"
        raise ValueError(msg)
    cols = sorted(set(c.tolist()))
    D = np.zeros((Lm.shape[0], len(cols)))
    where = {col: m for m, col in enumerate(cols)}
    for ri, ci, di in zip(r, c, d, strict=True):
        D[ri, where[int(ci)]] += di
    return calc_column_update(Lm, cols, D)
