"""Random walks on a flow network: mean first-passage times, RWC, counting betweenness.

The walk moves along the flows, P = D⁻¹W (row-normalised, self-loops included). All
mean first-passage times follow from one fundamental matrix (Kemeny & Snell 1960)
instead of n absorbing solves, and random-walk centrality and counting betweenness
(Blöchl et al. 2011) need only its diagonal and the stationary distribution, which
one LU factorisation and two triangular inversions give (about 0.6 of an inversion).
Tested against a direct solve per target on the network of
``fixtures.json`` (``xtranat_exmpl_matrix.rwc_direct``), not against xtranat's
published values, which are wrong for five nodes (peers.md §5).

References
----------
Blöchl F., Theis F. J., Vega-Redondo F., Fisher E. O'N. (2011). Vertex centralities in
input-output networks reveal the structure of modern economies. Phys. Rev. E 83, 046127.
Kemeny J. G., Snell J. L. (1960). Finite Markov Chains. Van Nostrand.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import numpy.typing as npt
import scipy.linalg
import scipy.linalg.lapack

from chainmap.errors import InputDataError
from chainmap.iomath import Array

logger = logging.getLogger(__name__)

#: Teleport probability added to the random walk when the flow graph is not strongly
#: connected (then mean first-passage times are otherwise infinite).
DEFAULT_TELEPORT = 0.01


def check_weights(W: Array) -> Array:
    """W as a float array, checked square, finite and non-negative."""
    W = np.asarray(W, dtype=float)
    if W.ndim != 2 or W.shape[0] != W.shape[1]:
        msg = f"weight matrix must be square, got shape {W.shape}"
        raise InputDataError(msg)
    if not np.isfinite(W).all() or (W < 0).any():
        msg = "weight matrix must be finite and non-negative"
        raise InputDataError(msg)
    return W


def transition_matrix(W: Array) -> Array:
    """Row-stochastic D⁻¹W (new array); rows without out-weight become uniform."""
    n = W.shape[0]
    out = W.sum(axis=1)
    return np.divide(W, out[:, None], out=np.full_like(W, 1.0 / n), where=out[:, None] > 0)


def _reaches_all(W: Array, forward: bool) -> bool:
    """Whether node 0 reaches (or is reached by) every node: breadth-first by mat-vecs."""
    seen = np.zeros(W.shape[0])
    seen[0] = 1.0
    while True:
        # entries are ≥ 0, so a product is positive exactly when some link exists
        step = (seen @ W if forward else W @ seen) > 0
        grown = np.maximum(seen, step)
        if (grown == seen).all():
            return bool(seen.all())
        seen = grown


def is_strongly_connected(W: Array) -> bool:
    """True when every node reaches every other one along positive weights.

    Breadth-first search from one node, forwards and backwards, with one dense
    mat-vec per level (a few levels for IO tables), instead of a sparse conversion.

    Examples
    --------
    >>> is_strongly_connected(np.array([[0.0, 1.0], [1.0, 0.0]]))
    True
    >>> is_strongly_connected(np.array([[1.0, 1.0], [0.0, 1.0]]))
    False
    """
    W = np.asarray(W, dtype=float)
    return _reaches_all(W, forward=True) and _reaches_all(W, forward=False)


@dataclass(frozen=True, eq=False)
class RandomWalk:
    """The random walk P = D⁻¹W on a flow network, with its fundamental matrix.

    Attributes
    ----------
    transition : (n, n) array
        Row-stochastic P actually used (with teleport, if any).
    stationary : (n,) array
        Stationary distribution π (πᵀP = πᵀ, Σπ = 1).
    fundamental_diagonal : (n,) array
        Diagonal of F = (I − P + 1uᵀ)⁻¹, u = 1/n (Kemeny–Snell, valid for any uᵀ1 = 1).
    teleport : float
        Probability of a uniform jump mixed into P (0 for a strongly connected W).
    factors : tuple
        LU factors of (I − P + 1uᵀ)ᵀ, from which :attr:`fundamental` is formed on demand.
    """

    transition: Array
    stationary: Array
    fundamental_diagonal: Array
    teleport: float
    factors: tuple[Array, npt.NDArray[np.int32]] = field(repr=False)

    @property
    def n(self) -> int:
        """Number of nodes."""
        return int(self.transition.shape[0])

    @cached_property
    def fundamental(self) -> Array:
        """F = (I − P + 1uᵀ)⁻¹ in full (only the mean first-passage matrix needs it)."""
        eye = np.eye(self.n)
        return np.asarray(scipy.linalg.lu_solve(self.factors, eye, trans=1, check_finite=False))

    @cached_property
    def walk_sums(self) -> Array:
        """Σ_i H_ij for every target j: n (f_jj/π_j − 1), since F's column sums are nπ."""
        return np.asarray(self.n * (self.fundamental_diagonal / self.stationary - 1.0))

    @cached_property
    def mfpt(self) -> Array:
        """Mean first-passage times H_ij = (f_jj − f_ij) / π_j (H_jj = 0)."""
        F = self.fundamental
        return np.asarray((np.diag(F)[None, :] - F) / self.stationary[None, :], dtype=float)


def calc_random_walk(W: Array, *, teleport: float | None = None) -> RandomWalk:
    """Random walk P = D⁻¹W and its fundamental matrix, in one O(n³) step.

    For an irreducible chain and any u with uᵀ1 = 1, F = (I − P + 1uᵀ)⁻¹ satisfies
    uᵀF = πᵀ and the mean first-passage times are H_ij = (f_jj − f_ij)/π_j: all n²
    passage times from one factorisation instead of n solves of size n − 1. RWC and
    counting betweenness need only π and diag(F) (one LU and two triangular
    inverses, about 0.6 of an inversion); the full F is formed only on request.

    Parameters
    ----------
    W : (n, n) array
        Non-negative flows; self-loops are part of the walk.
    teleport : float, optional
        Probability ε of a uniform jump, P_ε = (1 − ε)P + ε/n·11ᵀ (dangling rows become
        uniform). None (default) uses 0 when W is strongly connected without dangling
        rows and :data:`DEFAULT_TELEPORT` otherwise; the value used is kept on the result.

    Raises
    ------
    InputDataError
        ``teleport=0`` on a network that is not strongly connected.
    """
    W = check_weights(W)
    n = W.shape[0]
    out = W.sum(axis=1)
    irreducible = bool((out > 0).all()) and is_strongly_connected(W)
    if teleport is None:
        teleport = 0.0 if irreducible else DEFAULT_TELEPORT
        if teleport:
            logger.info("flow network not strongly connected: random walk teleport %g", teleport)
    if not 0.0 <= teleport < 1.0:
        msg = f"teleport must be in [0, 1), got {teleport}"
        raise InputDataError(msg)
    if teleport == 0.0 and not irreducible:
        msg = (
            "random-walk measures need a strongly connected flow network without "
            "dangling rows; pass teleport > 0"
        )
        raise InputDataError(msg)
    P = transition_matrix(W)
    if teleport:
        P *= 1.0 - teleport
        P += teleport / n
    system = (1.0 / n) - P  # M = I − P + 1uᵀ with u = 1/n, built in two passes
    system.flat[:: n + 1] += 1.0
    # factor Mᵀ through its Fortran-ordered view (no copy); πᵀ = uᵀM⁻¹ ⇔ Mᵀπ = u
    factors = scipy.linalg.lu_factor(system.T, overwrite_a=True, check_finite=False)
    pi = scipy.linalg.lu_solve(factors, np.full(n, 1.0 / n), check_finite=False)
    return RandomWalk(
        transition=P,
        stationary=pi / pi.sum(),
        fundamental_diagonal=_inverse_diagonal(*factors),
        teleport=teleport,
        factors=factors,
    )


def _inverse_diagonal(lu: Array, piv: npt.NDArray[np.int32]) -> Array:
    """diag(M⁻¹) from the LU factors of Mᵀ (``scipy.linalg.lu_factor``), in ~n³ flops.

    Mᵀ[perm] = L U gives M⁻ᵀ = U⁻¹ L⁻¹ Π, so diag(M⁻¹)_j = Σ_k (U⁻¹)_jk (L⁻¹)_{k,pos(j)};
    the two triangular inverses cost about half of a full inversion.
    """
    n = lu.shape[0]
    perm = np.arange(n)
    for i, p in enumerate(piv.tolist()):  # LAPACK row interchanges → permutation
        perm[i], perm[p] = perm[p], perm[i]
    pos = np.empty(n, dtype=np.intp)
    pos[perm] = np.arange(n)
    l_inv, info_l = scipy.linalg.lapack.dtrtri(lu, lower=1, unitdiag=1)
    u_inv, info_u = scipy.linalg.lapack.dtrtri(lu, lower=0, unitdiag=0)
    if info_l or info_u:
        msg = "random-walk system is singular (is the flow network strongly connected?)"
        raise InputDataError(msg)
    l_inv = np.tril(l_inv, -1)
    l_inv.flat[:: n + 1] = 1.0
    return np.asarray(np.einsum("jk,kj->j", np.triu(u_inv), l_inv[:, pos]))


def calc_random_walk_centrality(walk: RandomWalk) -> Array:
    """Random-walk centrality RWC_j = n / Σ_i H_ij (Blöchl et al. 2011).

    How quickly a shock starting anywhere reaches j along the flows. Computed in
    O(n) from the fundamental matrix: Σ_i H_ij = (n f_jj − Σ_i f_ij)/π_j and the
    column sums of F are nπ (because uᵀF = πᵀ), so Σ_i H_ij = n (f_jj/π_j − 1).

    Examples
    --------
    >>> walk = calc_random_walk(np.array([[150.0, 500.0], [200.0, 100.0]]))
    >>> calc_random_walk_centrality(walk).round(6)
    array([1.333333, 1.538462])
    """
    return np.asarray(walk.walk_sums**-1 * walk.n, dtype=float)


def calc_counting_betweenness(walk: RandomWalk) -> Array:
    """Counting betweenness (Blöchl et al. 2011), for all nodes in O(n²) after F.

    c_i = Σ_s Σ_{t≠s} N^{st}(i) / (n(n − 1)), where a walk from s absorbed at t uses
    link (i, j) N^{st}_ij times and N^{st}(i) = Σ_{j≠t} (N^{st}_ij + N^{st}_ji)/2 for
    i ∉ {s, t}, plus 1 when i = s (the start) and N^{st}(t) = 1. With the expected visits
    V^{(t)}_{si} = π_i (H_st + H_ti − H_si) before absorption this is

        N^{st}(i) = V^{(t)}_{si} (1 − P_it / 2) + ½·[i = s]   (i ≠ t).

    Summed over s, the visits give π_i Σ_{t≠i} (1 − P_it/2)(C_t + n H_ti − C_i) with
    C_t = Σ_s H_st; with Σ_t H_ti = C_i, Σ_t P_it = 1 and the return-time identity
    Σ_t P_it H_ti = 1/π_i − 1 this collapses to one mat-vec:

        c_i = [π_i (ΣC − ½(P C)_i + ½ C_i) − (n/2)(1 − π_i) + 1.5(n − 1)] / (n(n − 1)).

    Examples
    --------
    >>> walk = calc_random_walk(np.array([[150.0, 500.0], [200.0, 100.0]]))
    >>> calc_counting_betweenness(walk).round(6)
    array([1.15, 1.25])
    """
    pi = walk.stationary
    n = walk.n
    col = walk.walk_sums  # C_t = Σ_s H_st
    inner = col.sum() - 0.5 * (walk.transition @ col) + 0.5 * col
    total = pi * inner - 0.5 * n * (1.0 - pi) + 1.5 * (n - 1)
    return np.asarray(total / (n * (n - 1)), dtype=float)
