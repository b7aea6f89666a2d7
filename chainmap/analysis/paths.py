"""Structural path analysis: the strongest supply paths from one sector to another.

A supply path i = k₀ → k₁ → … → k_m = j carries the value a_{k₀k₁} a_{k₁k₂} ⋯ a_{k_{m−1}k_m}:
the output of i needed along that route per unit of final demand for j. Summed over
all paths of every length (repeated sectors allowed) the values give the total
requirement l_ij = Σ_m (Aᵐ)_ij, so each path's *share* of l_ij says how much of the
total need travels along it.

The search is exact and bounded: it grows paths backwards from the buyer j and
prunes a partial path k → … → j of value v as soon as v · l_ik falls below the
threshold, because l_ik is the total value of *all* its completions from i to k, so
no single completion can be worth more. Partial paths are expanded best bound first
(ties by sector code), so the search stops once ``max_paths`` paths beat every
remaining bound. Results are deterministic.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from chainmap.errors import InputDataError
from chainmap.io.sectors import resolve_sector
from chainmap.io.table import IOTable
from chainmap.iomath import Array

#: Default limits of the search.
DEFAULT_MIN_SHARE = 0.01
DEFAULT_MAX_DEPTH = 6
DEFAULT_MAX_PATHS = 20
DEFAULT_MAX_EXPANSIONS = 200_000


@dataclass(frozen=True)
class PathSearch:
    """Result of :func:`calc_structural_paths`: paths as index tuples (supplier first)."""

    paths: list[tuple[tuple[int, ...], float]]
    expansions: int
    truncated: bool


def calc_structural_paths(
    A: Array,
    L: Array,
    source: int,
    target: int,
    *,
    min_value: float,
    max_depth: int = DEFAULT_MAX_DEPTH,
    max_paths: int | None = DEFAULT_MAX_PATHS,
    max_expansions: int = DEFAULT_MAX_EXPANSIONS,
    tie_rank: npt.NDArray[np.intp] | None = None,
) -> PathSearch:
    """All supply paths source → … → target worth at least ``min_value`` (best first).

    Parameters
    ----------
    A, L : (n, n) arrays
        Input coefficients and Leontief inverse.
    source, target : int
        Positions of the supplying and the buying sector.
    min_value : float
        Smallest path value kept (absolute, in units of l).
    max_depth : int
        Largest number of links in a path.
    max_paths : int or None
        Keep the best ``max_paths`` paths (None: every path above ``min_value``).
    max_expansions : int
        Safety limit on partial paths expanded; ``truncated`` tells when it was hit.
    tie_rank : (n,) int array, optional
        Order used to break ties (default: position).

    Examples
    --------
    >>> from chainmap.io.examples import miller_blair_2x2
    >>> t = miller_blair_2x2()
    >>> found = calc_structural_paths(t.a, t.l, 1, 0, min_value=0.005, max_paths=3)
    >>> [(p, round(v, 4)) for p, v in found.paths]
    [((1, 0), 0.2), ((1, 0, 0), 0.03), ((1, 0, 1, 0), 0.01)]
    """
    A = np.asarray(A, dtype=float)
    L = np.asarray(L, dtype=float)
    n = A.shape[0]
    rank = np.arange(n) if tie_rank is None else np.asarray(tie_rank)
    found: list[tuple[float, tuple[int, ...], tuple[int, ...]]] = []
    # heap items: (-bound, tie key, path from the current head k back to target, value)
    start = (target,)
    heap: list[tuple[float, tuple[int, ...], tuple[int, ...], float]] = [
        (-L[source, target], (int(rank[target]),), start, 1.0)
    ]
    expansions = 0
    truncated = False
    while heap:
        neg_bound, key, path, value = heapq.heappop(heap)
        if max_paths is not None and len(found) >= max_paths:
            kth = sorted(-v for v, _, _ in found)[max_paths - 1]
            if -neg_bound < -kth:
                break  # no remaining path can enter the best max_paths
        head = path[0]
        if head == source and value >= min_value:
            found.append((-value, key, path))
        if len(path) - 1 >= max_depth:
            continue
        if expansions >= max_expansions:
            truncated = True
            break
        expansions += 1
        new_values = value * A[:, head]
        bounds = new_values * L[source, :]
        for k in np.flatnonzero((new_values > 0) & (bounds >= min_value)):
            kk = int(k)
            heapq.heappush(
                heap,
                (-float(bounds[kk]), (int(rank[kk]), *key), (kk, *path), float(new_values[kk])),
            )
    found.sort()
    if max_paths is not None:
        found = found[:max_paths]
    return PathSearch(
        paths=[(p, -v) for v, _, p in found], expansions=expansions, truncated=truncated
    )


def structural_paths(
    table: IOTable,
    source: str,
    target: str,
    *,
    min_share: float = DEFAULT_MIN_SHARE,
    max_depth: int = DEFAULT_MAX_DEPTH,
    max_paths: int | None = DEFAULT_MAX_PATHS,
    max_expansions: int = DEFAULT_MAX_EXPANSIONS,
    lang: str = "zh",
) -> pd.DataFrame:
    """Strongest supply paths from ``source`` (supplier) to ``target`` (buyer).

    Parameters
    ----------
    table : IOTable
    source, target : str
        Codes or exact names (see :func:`chainmap.io.sectors.resolve_sector`).
    min_share : float
        Keep paths worth at least this share of l_source,target (0 < min_share ≤ 1;
        0 is allowed together with a finite ``max_depth``).
    max_depth, max_paths, max_expansions
        Search limits (:func:`calc_structural_paths`).
    lang : {"zh", "en"}
        Language of the ``path_names`` column.

    Returns
    -------
    DataFrame
        ``rank``, ``path`` (codes joined by " → "), ``path_names``, ``length`` (links),
        ``value``, ``share`` (of l_ij) and ``cumulative_share``; ``df.attrs`` holds
        ``source``, ``target``, ``total_requirement``, ``coverage`` (share of l_ij
        explained by the listed paths), ``truncated`` and the limits.

    Examples
    --------
    >>> from chainmap.io.examples import miller_blair_2x2
    >>> spa = structural_paths(miller_blair_2x2(), "2", "1", min_share=0.01, max_paths=2)
    >>> spa[["path", "value", "share"]].round(4).values.tolist()
    [['2 → 1', 0.2, 0.7575], ['2 → 1 → 1', 0.03, 0.1136]]
    """
    if not 0.0 <= min_share <= 1.0:
        msg = f"min_share must lie in [0, 1], got {min_share}"
        raise InputDataError(msg)
    if max_depth < 0:
        msg = f"max_depth must be >= 0, got {max_depth}"
        raise InputDataError(msg)
    src = resolve_sector(table, source)
    dst = resolve_sector(table, target)
    codes = [str(c) for c in table.codes]
    i, j = codes.index(src), codes.index(dst)
    total = float(table.l[i, j])
    rank = np.argsort(np.argsort(np.asarray(codes, dtype=str), kind="stable"))
    search = calc_structural_paths(
        table.a,
        table.l,
        i,
        j,
        min_value=min_share * total,
        max_depth=max_depth,
        max_paths=max_paths,
        max_expansions=max_expansions,
        tie_rank=rank,
    )
    rows = []
    cumulative = 0.0
    for position, (path, value) in enumerate(search.paths, start=1):
        share = value / total if total > 0 else 0.0
        cumulative += share
        rows.append(
            {
                "rank": position,
                "path": " → ".join(codes[k] for k in path),
                "path_names": " → ".join(table.label(codes[k], lang) for k in path),
                "length": len(path) - 1,
                "value": value,
                "share": share,
                "cumulative_share": cumulative,
            }
        )
    df = pd.DataFrame(
        rows,
        columns=["rank", "path", "path_names", "length", "value", "share", "cumulative_share"],
    )
    df.attrs.update(
        {
            "title": f"Structural paths {src} → {dst}",
            "source": src,
            "target": dst,
            "total_requirement": total,
            "coverage": cumulative,
            "truncated": search.truncated,
            "expansions": search.expansions,
            "min_share": min_share,
            "max_depth": max_depth,
            "max_paths": max_paths if max_paths is not None else 0,
        }
    )
    return df
