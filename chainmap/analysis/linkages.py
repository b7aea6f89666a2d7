"""Rasmussen–Hirschman linkage indices, their dispersion and the key-sector typology.

Every index here is a pure function of the coefficient matrices of one table
(symbols as in ``formulas.md`` §C.1–C.2):

* backward linkage 影响力系数 ``BL_j = n (i′L)_j / (i′Li)`` (column sums of L);
* forward linkage, two conventions, always labelled:

  - **Ghosh** (recommended; Beyers 1976, Jones 1976, Miller & Blair 2009 ch. 12,
    Eurostat Manual pp. 506–507): ``FL_i = n (Gi)_i / (i′Gi)``;
  - **NBS / Rasmussen original** 感应度系数 (国家统计局口径): normalised row sums of
    **L**, the response of i to a unit rise of final demand in *every* sector;

* direct linkages: column sums of A and row sums of B, normalised the same way;
* Rasmussen's coefficients of variation (dispersion) of the columns of L and the
  rows of G;
* the four-class typology (key / backward / forward / weak).

Normalised indices average exactly 1 over the sectors, so "> 1" reads "above the
economy's average". The Ghosh forward index and its dispersion can be computed from
L and x without forming G (:func:`calc_ghosh_row_sums`,
:func:`calc_dispersion_forward_from_leontief`), which is what
:func:`chainmap.analysis.summary.analyze_table` does.

References
----------
Rasmussen, P. N. (1956). *Studies in Inter-Sectoral Relations*. Hirschman, A. O. (1958).
*The Strategy of Economic Development*. Miller, R. E. & Blair, P. D. (2009).
*Input-Output Analysis*, 2nd ed., ch. 12.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from chainmap.iomath import Array

#: Labels of the four classes returned by :func:`classify_key_sectors`.
KEY_CLASSES: dict[str, tuple[str, str]] = {
    "key": ("key sector: BL > 1 and FL > 1", "关键部门：影响力与感应度均高于平均"),
    "backward": ("backward-oriented: BL > 1, FL ≤ 1", "后向关联型：影响力高于平均"),
    "forward": ("forward-oriented: FL > 1, BL ≤ 1", "前向关联型：感应度高于平均"),
    "weak": ("weak linkages: BL ≤ 1 and FL ≤ 1", "弱关联型：两者均不高于平均"),
}


def _as2d(M: npt.ArrayLike) -> Array:
    arr = np.asarray(M, dtype=np.float64)
    if arr.ndim != 2 or arr.shape[0] != arr.shape[1]:
        msg = f"expected a square matrix, got shape {arr.shape}"
        raise ValueError(msg)
    return arr


def normalise_by_mean(values: npt.ArrayLike) -> Array:
    """Divide a vector by its mean: ``n v / Σ v`` (the Rasmussen normalisation).

    Examples
    --------
    >>> normalise_by_mean([1.0, 3.0])
    array([0.5, 1.5])
    """
    v = np.asarray(values, dtype=np.float64)
    return np.asarray(v * (v.size / v.sum()), dtype=np.float64)


def normalise_by_weights(values: npt.ArrayLike, weights: npt.ArrayLike) -> Array:
    """Divide a vector by its weighted mean: ``v_j / Σ_k α_k v_k`` with ``α = w / Σ w``.

    This is the size-weighted normalisation of Laumas and Cella (and 刘起运 2002 with
    final-demand weights): tiny sectors no longer pull the average down, and the
    result averages 1 under the weights α.

    Examples
    --------
    >>> normalise_by_weights([1.0, 3.0], [3.0, 1.0])
    array([0.66666667, 2.        ])
    """
    v = np.asarray(values, dtype=np.float64)
    w = np.asarray(weights, dtype=np.float64)
    if w.shape != v.shape or np.any(w < 0) or not w.sum() > 0:
        msg = "weights must be non-negative, not all zero and one per sector"
        raise ValueError(msg)
    return np.asarray(v / (w @ v / w.sum()), dtype=np.float64)


# ----- total (Leontief / Ghosh) linkages ------------------------------------------------


def calc_backward_linkage(L: npt.ArrayLike) -> Array:
    """Normalised backward linkage (power of dispersion, 影响力系数).

    ``BL_j = n (i′L)_j / (i′Li)``: the output multiplier of j relative to the average
    multiplier. ``BL_j > 1`` marks a sector whose final demand pulls more output from
    the economy than the average sector's.

    Parameters
    ----------
    L : (n, n) array
        Leontief inverse.

    Returns
    -------
    (n,) array averaging 1.

    Examples
    --------
    >>> from chainmap.io.examples import miller_blair_2x2
    >>> calc_backward_linkage(miller_blair_2x2().l).round(8)
    array([1.02222222, 0.97777778])
    """
    return normalise_by_mean(_as2d(L).sum(axis=0))


def calc_forward_linkage_ghosh(G: npt.ArrayLike) -> Array:
    """Normalised total forward linkage from the Ghosh inverse (recommended).

    ``FL_i = n (Gi)_i / (i′Gi)``: how much output is enabled downstream per unit of
    primary input into i, relative to the average. This is the supply-side
    convention of Miller & Blair (2009, ch. 12) and the Eurostat Manual.

    Examples
    --------
    >>> from chainmap.io.examples import miller_blair_2x2
    >>> calc_forward_linkage_ghosh(miller_blair_2x2().g).round(8)
    array([1.20833333, 0.79166667])
    """
    return normalise_by_mean(_as2d(G).sum(axis=1))


def calc_forward_linkage_leontief(L: npt.ArrayLike) -> Array:
    """Normalised row sums of **L**: the NBS 感应度系数 / Rasmussen's original index.

    ``E_i = n (Li)_i / (i′Li)`` — the 国家统计局 (NBS) convention and Rasmussen's
    (1956) "sensitivity of dispersion". It measures the response of i to a
    simultaneous unit increase of final demand in *every* sector, a demand-side
    stimulus; Miller & Blair criticise it as a forward measure. Reported for
    comparability with Chinese official practice; prefer
    :func:`calc_forward_linkage_ghosh`.

    Examples
    --------
    >>> from chainmap.io.examples import miller_blair_2x2
    >>> calc_forward_linkage_leontief(miller_blair_2x2().l).round(8)
    array([1.06666667, 0.93333333])
    """
    return normalise_by_mean(_as2d(L).sum(axis=1))


def calc_ghosh_row_sums(L: npt.ArrayLike, x: npt.ArrayLike) -> Array:
    """Row sums of G from L and x without forming G: ``(Gi)_i = (L x)_i / x_i``.

    Since ``g_ij = l_ij x_j / x_i``. Unnormalised, this is Antràs et al.'s
    upstreamness U (≥ 1; 1 = sells only to final demand).

    Examples
    --------
    >>> from chainmap.io.examples import miller_blair_2x2
    >>> t = miller_blair_2x2()
    >>> calc_ghosh_row_sums(t.l, t.x).round(6)
    array([1.914191, 1.254125])
    """
    xv = np.asarray(x, dtype=np.float64)
    return np.asarray((_as2d(L) @ xv) / xv, dtype=np.float64)


def calc_weighted_backward_linkage(L: npt.ArrayLike, weights: npt.ArrayLike) -> Array:
    """Backward linkage normalised by a weighted mean (Laumas; 刘起运 2002).

    ``BL_j^w = (i′L)_j / Σ_k α_k (i′L)_k``, ``α = weights / Σ weights``; use output
    shares or final-demand shares as weights so that tiny sectors do not set the bar.

    Examples
    --------
    >>> from chainmap.io.examples import miller_blair_2x2
    >>> t = miller_blair_2x2()
    >>> calc_weighted_backward_linkage(t.l, t.x).round(6)
    array([1.029851, 0.985075])
    """
    return normalise_by_weights(_as2d(L).sum(axis=0), weights)


def calc_weighted_forward_linkage(G: npt.ArrayLike, weights: npt.ArrayLike) -> Array:
    """Ghosh forward linkage normalised by a weighted mean of the row sums of G.

    ``FL_i^w = (Gi)_i / Σ_k α_k (Gi)_k`` with ``α = weights / Σ weights``.

    Examples
    --------
    >>> from chainmap.io.examples import miller_blair_2x2
    >>> t = miller_blair_2x2()
    >>> calc_weighted_forward_linkage(t.g, t.x).round(6)
    array([1.298507, 0.850746])
    """
    return normalise_by_weights(_as2d(G).sum(axis=1), weights)


# ----- direct linkages --------------------------------------------------------------------


def calc_direct_backward(A: npt.ArrayLike) -> Array:
    """Normalised direct backward linkage (Chenery–Watanabe): column sums of A.

    ``BL_j^d = n (i′A)_j / (i′Ai)`` — intermediate inputs per unit of output.

    Examples
    --------
    >>> from chainmap.io.examples import miller_blair_2x2
    >>> calc_direct_backward(miller_blair_2x2().a).round(6)
    array([1.076923, 0.923077])
    """
    return normalise_by_mean(_as2d(A).sum(axis=0))


def calc_direct_forward(B: npt.ArrayLike) -> Array:
    """Normalised direct forward linkage: row sums of the allocation matrix B.

    ``FL_i^d = n (Bi)_i / (i′Bi)`` — share of i's output sold as intermediate input.

    Examples
    --------
    >>> from chainmap.io.examples import miller_blair_2x2
    >>> calc_direct_forward(miller_blair_2x2().b).round(6)
    array([1.625, 0.375])
    """
    return normalise_by_mean(_as2d(B).sum(axis=1))


# ----- dispersion (Rasmussen's coefficients of variation) ------------------------------


def _cv_from_moments(total: Array, sum_sq: Array, n: int) -> Array:
    # var·(n−1) = Σ v² − (Σ v)²/n. One pass over the matrix (einsum, no n×n temporary);
    # no cancellation trouble for Leontief/Ghosh inverses, whose unit-dominated diagonal
    # keeps the variance far above rounding level.
    mean = total / n
    ss = np.maximum(sum_sq - total * mean, 0.0)
    return np.asarray(np.sqrt(ss / (n - 1)) / mean, dtype=np.float64)


def calc_dispersion_backward(
    L: npt.ArrayLike, *, column_sums: npt.ArrayLike | None = None
) -> Array:
    """Rasmussen coefficient of variation of each column of L (backward dispersion).

    ``V_j = √[(1/(n−1)) Σ_i (l_ij − l̄_·j)²] / l̄_·j`` with ``l̄_·j = (1/n) Σ_i l_ij``
    (formulas.md §C.2). Low V: the pull of j spreads evenly over many suppliers.
    ``column_sums`` (``i′L``) may be passed when already computed.

    Examples
    --------
    >>> from chainmap.io.examples import miller_blair_2x2
    >>> calc_dispersion_backward(miller_blair_2x2().l).round(6)
    array([0.922313, 0.771389])
    """
    M = _as2d(L)
    n = M.shape[0]
    total = M.sum(axis=0) if column_sums is None else np.asarray(column_sums, dtype=np.float64)
    return _cv_from_moments(total, np.einsum("ij,ij->j", M, M), n)


def calc_dispersion_forward(G: npt.ArrayLike) -> Array:
    """Rasmussen coefficient of variation of each row of G (forward dispersion).

    ``V_i = √[(1/(n−1)) Σ_j (g_ij − ḡ_i·)²] / ḡ_i·`` with ``ḡ_i· = (1/n) Σ_j g_ij``,
    computed on the Ghosh inverse (not leontief's mixed-index version).

    Examples
    --------
    >>> from chainmap.io.examples import miller_blair_2x2
    >>> calc_dispersion_forward(miller_blair_2x2().g).round(6)
    array([0.438894, 1.116484])
    """
    M = _as2d(G)
    n = M.shape[0]
    return _cv_from_moments(M.sum(axis=1), np.einsum("ij,ij->i", M, M), n)


def calc_dispersion_forward_from_leontief(
    L: npt.ArrayLike, x: npt.ArrayLike, *, l_times_x: npt.ArrayLike | None = None
) -> Array:
    """:func:`calc_dispersion_forward` of G computed from L and x, without forming G.

    Row i of G is row i of ``L x̂`` divided by x_i, and a coefficient of variation does
    not change when a row is scaled, so ``V_i`` is the CV of ``(l_ij x_j)_j``.
    ``l_times_x`` (``L x``) may be passed when already computed.

    Examples
    --------
    >>> from chainmap.io.examples import miller_blair_2x2
    >>> t = miller_blair_2x2()
    >>> calc_dispersion_forward_from_leontief(t.l, t.x).round(6)
    array([0.438894, 1.116484])
    """
    M = _as2d(L)
    xv = np.asarray(x, dtype=np.float64)
    n = M.shape[0]
    total = M @ xv if l_times_x is None else np.asarray(l_times_x, dtype=np.float64)
    return _cv_from_moments(total, np.einsum("ij,ij,j->i", M, M, xv * xv), n)


# ----- typology ---------------------------------------------------------------------------


def classify_key_sectors(bl: npt.ArrayLike, fl: npt.ArrayLike) -> npt.NDArray[np.str_]:
    """Four-class typology from normalised backward and forward linkages.

    ``key`` (BL > 1 and FL > 1), ``backward`` (BL > 1, FL ≤ 1), ``forward``
    (FL > 1, BL ≤ 1), ``weak`` (both ≤ 1) — ioanalysis ``key.sector`` classes
    III/IV/II/I. An index of exactly 1 is average, so it does not count as strong.
    chainmap passes the Ghosh forward linkage.

    Returns
    -------
    (n,) array of str, values in :data:`KEY_CLASSES`.

    Examples
    --------
    >>> classify_key_sectors([1.2, 1.1, 0.9, 0.8], [1.3, 0.7, 1.05, 1.0]).tolist()
    ['key', 'backward', 'forward', 'weak']
    """
    b = np.asarray(bl, dtype=np.float64) > 1.0
    f = np.asarray(fl, dtype=np.float64) > 1.0
    return np.where(b, np.where(f, "key", "backward"), np.where(f, "forward", "weak"))
