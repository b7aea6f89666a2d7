"""AHP: criterion weights from a pairwise comparison matrix, with Saaty's consistency check."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import pandas as pd

from chainmap.errors import ScenarioError

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
    labels, a = _read_matrix(matrix, labels, name)
    n = len(labels)
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


def _read_matrix(
    matrix: Sequence[Sequence[object]] | np.ndarray | pd.DataFrame,
    labels: Sequence[str] | None,
    name: str,
) -> tuple[Sequence[str], np.ndarray]:
    """``(labels, A)``: a square, positive, reciprocal matrix of an order Saaty's RI covers."""
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
    return labels, a
