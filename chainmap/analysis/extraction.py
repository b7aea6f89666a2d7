"""Hypothetical extraction (HEM) for every sector, and exact joint extraction of groups.

All variants keep the table's final demand ``f`` fixed (``f = x − Z i``, every
final-demand column including exports and, in a competitive table, the negative
imports column) and measure the loss of total gross output ``i′x − i′x̄`` in the
table's unit. With ``s = i′L`` (output multipliers) and ``l_jj`` the diagonal of L,
the closed forms of ``formulas.md`` §C.3 give every sector at O(n) cost once L
exists — never one inversion per sector:

* backward (column j of A set to 0; j buys nothing from others, Dietzenbacher &
  van der Linden 1997): ``x_j (s_j − 1) / l_jj``;
* forward (row j of B set to 0; j sells nothing to others, Ghosh model with primary
  inputs ``v′ = x′(I − B)`` fixed): ``x_j ((Gi)_j − 1) / g_jj = ((Lx)_j − x_j) / l_jj``;
* full (row and column j removed, own output included, Strassert/Schultz):
  ``x_j s_j / l_jj``;
* total linkage (Cella 1984, Clements 1990: off-diagonal blocks ``A_jr`` and ``A_rj``
  set to 0, ``a_jj`` kept). Using ``(I − A_rr)⁻¹ = L_rr − L_rj L_jr / l_jj`` (Schur
  complement) the sum over the rest collapses to
  ``TL_j = x_j − f_j / (1 − a_jj) + (s_j − l_jj) x_j / l_jj``.

For a set S of k sectors the same algebra (Woodbury, see
:mod:`chainmap.analysis.updates`) gives exact joint losses from the k×k block ``L_SS``:

* backward: ``(s_S − 1)′ L_SS⁻¹ x_S``;
* forward: ``1′ L_SS⁻¹ ((Lx)_S − x_S)``;
* full: ``s_S′ L_SS⁻¹ x_S``;
* total: ``1′x_S − 1′(I − A_SS)⁻¹ f_S + (s_S − L_SS′1)′ L_SS⁻¹ x_S``;

at O(nk + k³) cost (column sums of ``L_{·S}`` and rows ``L_{S·}`` x).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from chainmap.errors import ScenarioError
from chainmap.io.table import IOTable
from chainmap.iomath import Array


def _vectors(L: npt.ArrayLike, x: npt.ArrayLike) -> tuple[Array, Array, Array]:
    Lm = np.asarray(L, dtype=np.float64)
    xv = np.asarray(x, dtype=np.float64)
    if Lm.ndim != 2 or Lm.shape != (xv.size, xv.size):
        msg = f"L must be n×n and x length n; got L {Lm.shape}, x {xv.shape}"
        raise ValueError(msg)
    return Lm, xv, np.diagonal(Lm).copy()


def calc_hem_backward(L: npt.ArrayLike, x: npt.ArrayLike) -> Array:
    """Backward extraction loss of every sector: ``x_j (s_j − 1) / l_jj``.

    Column j of A is set to zero (j buys no intermediate inputs) with the table's
    final demand f held fixed; the loss is ``i′x − i′(I − A^{(¬col j)})⁻¹ f``.
    Sherman–Morrison: ``L a_j = l_j − e_j`` and the denominator is ``l_jj``.

    Parameters
    ----------
    L : (n, n) array
        Leontief inverse.
    x : (n,) array
        Gross output.

    Returns
    -------
    (n,) array, in the table's unit of output.

    Examples
    --------
    >>> from chainmap.io.examples import miller_blair_2x2
    >>> t = miller_blair_2x2()
    >>> calc_hem_backward(t.l, t.x).round(4)
    array([413.1579, 805.8824])
    """
    Lm, xv, d = _vectors(L, x)
    return np.asarray(xv * (Lm.sum(axis=0) - 1.0) / d, dtype=np.float64)


def calc_hem_forward(L: npt.ArrayLike, x: npt.ArrayLike) -> Array:
    """Forward extraction loss of every sector: ``((Lx)_j − x_j) / l_jj``.

    Row j of B is set to zero (j sells nothing to other sectors) in the Ghosh model
    with primary inputs ``v′ = x′(I − B)`` held fixed; the loss
    ``i′x − v′(I − B^{(¬row j)})⁻¹ i`` equals ``x_j ((Gi)_j − 1) / g_jj``, and
    ``(Gi)_j = (Lx)_j / x_j``, ``g_jj = l_jj``, so G is never formed.

    Examples
    --------
    >>> from chainmap.io.examples import miller_blair_2x2
    >>> t = miller_blair_2x2()
    >>> calc_hem_forward(t.l, t.x).round(4)
    array([728.9474, 452.9412])
    """
    Lm, xv, d = _vectors(L, x)
    return np.asarray((Lm @ xv - xv) / d, dtype=np.float64)


def calc_hem_full(L: npt.ArrayLike, x: npt.ArrayLike) -> Array:
    """Full extraction loss of every sector: ``T_j = x_j s_j / l_jj``.

    Row and column j are removed, so j's own output is lost too; with the table's
    final demand of the remaining sectors fixed, ``x̄_r = (I − A_rr)⁻¹ f_r``. The loss
    in the other sectors alone is ``T_j − x_j``.

    Examples
    --------
    >>> from chainmap.io.examples import miller_blair_2x2
    >>> t = miller_blair_2x2()
    >>> calc_hem_full(t.l, t.x).round(4)
    array([1210.5263, 2588.2353])
    """
    Lm, xv, d = _vectors(L, x)
    return np.asarray(xv * Lm.sum(axis=0) / d, dtype=np.float64)


def calc_hem_total(
    L: npt.ArrayLike, x: npt.ArrayLike, f: npt.ArrayLike, a_diag: npt.ArrayLike
) -> Array:
    """Cella/Clements total linkage of every sector (``a_jj`` kept).

    ``A_jr`` and ``A_rj`` are set to zero; with the table's final demand f fixed,
    ``x̄_j = f_j / (1 − a_jj)`` and ``x̄_r = (I − A_rr)⁻¹ f_r``, whose sum follows from
    the Schur complement ``(I − A_rr)⁻¹ = L_rr − L_rj L_jr / l_jj``:

    ``TL_j = x_j − f_j / (1 − a_jj) + (s_j − l_jj) x_j / l_jj``.

    Parameters
    ----------
    L : (n, n) array
    x : (n,) array
    f : (n,) array
        Final demand, ``x − Z i`` (``x = L f``).
    a_diag : (n,) array
        Diagonal of A.

    Examples
    --------
    With two sectors both extractions cut the same pair a_12, a_21, hence equal losses:

    >>> import numpy as np
    >>> from chainmap.io.examples import miller_blair_2x2
    >>> t = miller_blair_2x2()
    >>> calc_hem_total(t.l, t.x, t.x - t.z.sum(axis=1), np.diagonal(t.a)).round(4)
    array([798.7616, 798.7616])
    """
    Lm, xv, d = _vectors(L, x)
    fv = np.asarray(f, dtype=np.float64)
    ad = np.asarray(a_diag, dtype=np.float64)
    return _total(Lm.sum(axis=0), d, xv, fv, ad)


def _total(s: Array, d: Array, x: Array, f: Array, a_diag: Array) -> Array:
    return np.asarray(x - f / (1.0 - a_diag) + (s - d) * x / d, dtype=np.float64)


@dataclass(frozen=True)
class AllSectorExtraction:
    """Every sector's HEM losses (table unit of output), see the module docstring."""

    backward: Array
    forward: Array
    full: Array
    total: Array


def calc_hem_all(
    L: npt.ArrayLike,
    x: npt.ArrayLike,
    f: npt.ArrayLike,
    a_diag: npt.ArrayLike,
    *,
    column_sums: npt.ArrayLike | None = None,
    l_times_x: npt.ArrayLike | None = None,
) -> AllSectorExtraction:
    """All four HEM variants for every sector from one pass over L.

    ``column_sums`` (= ``i′L``, the output multipliers) and ``l_times_x`` (= ``L x``)
    may be passed when already computed; then the cost is O(n).

    Examples
    --------
    >>> import numpy as np
    >>> from chainmap.io.examples import miller_blair_2x2
    >>> t = miller_blair_2x2()
    >>> hem = calc_hem_all(t.l, t.x, t.x - t.z.sum(axis=1), np.diagonal(t.a))
    >>> hem.full.round(4)
    array([1210.5263, 2588.2353])
    """
    Lm, xv, d = _vectors(L, x)
    s = Lm.sum(axis=0) if column_sums is None else np.asarray(column_sums, dtype=np.float64)
    lx = Lm @ xv if l_times_x is None else np.asarray(l_times_x, dtype=np.float64)
    fv = np.asarray(f, dtype=np.float64)
    return AllSectorExtraction(
        backward=np.asarray(xv * (s - 1.0) / d, dtype=np.float64),
        forward=np.asarray((lx - xv) / d, dtype=np.float64),
        full=np.asarray(xv * s / d, dtype=np.float64),
        total=_total(s, d, xv, fv, np.asarray(a_diag, dtype=np.float64)),
    )


# ----- groups ------------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupExtraction:
    """Exact joint extraction losses of a set of sectors (table unit of output).

    ``total`` is None when the source gave no A (Cella's variant needs ``A_SS``).
    """

    sectors: tuple[str, ...]
    backward: float
    forward: float
    full: float
    total: float | None


GroupSource = IOTable | tuple[Array, Array] | tuple[Array, Array, Array]


def _positions(codes: Sequence[str] | None, n: int, sectors: Sequence[str | int]) -> list[int]:
    pos: list[int] = []
    lookup = {c: i for i, c in enumerate(codes)} if codes is not None else {}
    for s in sectors:
        if isinstance(s, str | np.str_) and codes is not None:
            if s not in lookup:
                msg = f"unknown sector code {s!r} in the extracted group"
                raise ScenarioError(msg)
            pos.append(lookup[str(s)])
        elif isinstance(s, int | np.integer) and not isinstance(s, bool) and 0 <= s < n:
            pos.append(int(s))
        else:
            msg = f"sector {s!r} is neither a code of the table nor a position 0..{n - 1}"
            raise ScenarioError(msg)
    if len(set(pos)) != len(pos):
        msg = f"the extracted group lists a sector twice: {list(sectors)}"
        raise ScenarioError(msg)
    if not pos:
        msg = "the extracted group is empty"
        raise ScenarioError(msg)
    return pos


def calc_group_extraction(
    table_or_arrays: GroupSource, sectors: Sequence[str | int]
) -> GroupExtraction:
    """Exact joint extraction of a set S of k sectors, O(nk + k³) after L.

    The table's final demand f (``x − Z i``) is held fixed for the backward, full and
    total variants, primary inputs ``v′ = x′(I − B)`` for the forward one. Unlike the
    sum of single-sector losses, this accounts for the interaction of the extracted
    sectors (the inverse of ``L_SS``).

    Parameters
    ----------
    table_or_arrays : IOTable, or ``(L, x)`` or ``(L, x, A)`` arrays
        With arrays, sectors are positions and ``total`` needs A.
    sectors : sequence of codes (str) or positions (int)

    Returns
    -------
    GroupExtraction

    Raises
    ------
    ScenarioError
        Unknown, repeated or no sectors.

    Examples
    --------
    >>> from chainmap.io.examples import miller_blair_2x2
    >>> g = calc_group_extraction(miller_blair_2x2(), ["1"])
    >>> round(g.backward, 4), round(g.forward, 4), round(g.full, 4)
    (413.1579, 728.9474, 1210.5263)
    >>> round(calc_group_extraction(miller_blair_2x2(), ["1", "2"]).full, 6)
    3000.0
    """
    A: Array | None
    codes: list[str] | None
    source = table_or_arrays
    if isinstance(source, IOTable):
        Lm, xv, A = source.l, source.x, source.a
        codes = [str(c) for c in source.codes]
    else:
        Lm = np.asarray(source[0], dtype=np.float64)
        xv = np.asarray(source[1], dtype=np.float64)
        A = np.asarray(source[2], dtype=np.float64) if len(source) == 3 else None
        codes = None
    n = xv.size
    S = np.asarray(_positions(codes, n, sectors), dtype=np.intp)
    L_SS = Lm[np.ix_(S, S)]
    s_S = Lm[:, S].sum(axis=0)
    x_S = xv[S]
    lx_S = Lm[S, :] @ xv
    # Solve with L_SS once for x_S; the transposed solve gives the row vector for forward.
    y = np.linalg.solve(L_SS, x_S)
    z = np.linalg.solve(L_SS.T, np.ones(S.size))
    total: float | None = None
    if A is not None:
        f_S = x_S - A[S, :] @ xv
        own = np.linalg.solve(np.eye(S.size) - A[np.ix_(S, S)], f_S)
        total = float(x_S.sum() - own.sum() + (s_S - L_SS.sum(axis=0)) @ y)
    labels = tuple(codes[i] for i in S) if codes is not None else tuple(str(i) for i in S)
    return GroupExtraction(
        sectors=labels,
        backward=float((s_S - 1.0) @ y),
        forward=float(z @ (lx_S - x_S)),
        full=float(s_S @ y),
        total=total,
    )
