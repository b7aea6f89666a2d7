"""Core input-output algebra: pure functions from flows to coefficient matrices.

Notation follows Miller & Blair (2009): rows sell, columns buy; ``Z`` intermediate
flows, ``x`` gross output, ``A = Z x̂⁻¹``, ``L = (I − A)⁻¹``, ``B = x̂⁻¹ Z`` and
``G = (I − B)⁻¹ = x̂⁻¹ L x̂``. All functions take and return numpy arrays so that
they compose without copies; :class:`chainmap.io.table.IOTable` wraps them with labels.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

Array = npt.NDArray[np.float64]


def calc_A(Z: Array, x: Array) -> Array:
    """Technical (input) coefficients ``A = Z x̂⁻¹``: a_ij = z_ij / x_j.

    Parameters
    ----------
    Z : (n, n) array
        Intermediate flows, rows sell to columns.
    x : (n,) array
        Gross output, strictly positive (validated on load).

    Returns
    -------
    (n, n) array

    Examples
    --------
    >>> import numpy as np
    >>> calc_A(np.array([[150.0, 500.0], [200.0, 100.0]]), np.array([1000.0, 2000.0]))
    array([[0.15, 0.25],
           [0.2 , 0.05]])
    """
    return np.asarray(Z, dtype=float) / np.asarray(x, dtype=float)[np.newaxis, :]


def calc_B(Z: Array, x: Array) -> Array:
    """Allocation (output) coefficients ``B = x̂⁻¹ Z``: b_ij = z_ij / x_i.

    Examples
    --------
    >>> import numpy as np
    >>> calc_B(np.array([[150.0, 500.0], [200.0, 100.0]]), np.array([1000.0, 2000.0]))
    array([[0.15, 0.5 ],
           [0.1 , 0.05]])
    """
    return np.asarray(Z, dtype=float) / np.asarray(x, dtype=float)[:, np.newaxis]


def calc_L(A: Array) -> Array:
    """Leontief inverse ``L = (I − A)⁻¹`` by one LU-based inversion.

    Examples
    --------
    >>> import numpy as np
    >>> calc_L(np.array([[0.15, 0.25], [0.2, 0.05]])).round(8)
    array([[1.25412541, 0.330033  ],
           [0.2640264 , 1.12211221]])
    """
    A = np.asarray(A, dtype=float)
    L = np.asarray(np.linalg.inv(np.eye(A.shape[0]) - A), dtype=np.float64)
    return L


def calc_G(L: Array, x: Array) -> Array:
    """Ghosh inverse from the Leontief inverse, ``G = x̂⁻¹ L x̂`` (no second inversion).

    Proof: B = x̂⁻¹ A x̂, so I − B = x̂⁻¹ (I − A) x̂ and (I − B)⁻¹ = x̂⁻¹ L x̂:
    g_ij = l_ij x_j / x_i. (pymrio's docstring has the hats the wrong way round.)

    Examples
    --------
    >>> import numpy as np
    >>> L = calc_L(np.array([[0.15, 0.25], [0.2, 0.05]]))
    >>> calc_G(L, np.array([1000.0, 2000.0])).round(8)
    array([[1.25412541, 0.66006601],
           [0.1320132 , 1.12211221]])
    """
    x = np.asarray(x, dtype=float)
    return np.asarray(L, dtype=float) * (x[np.newaxis, :] / x[:, np.newaxis])


def calc_x(L: Array, f: Array) -> Array:
    """Output required by final demand, ``x = L f``.

    Examples
    --------
    >>> import numpy as np
    >>> L = calc_L(np.array([[0.15, 0.25], [0.2, 0.05]]))
    >>> calc_x(L, np.array([600.0, 1500.0])).round(1)
    array([1247.5, 1841.6])
    """
    return np.asarray(L, dtype=float) @ np.asarray(f, dtype=float)


def calc_coefficients(flows: Array, x: Array) -> Array:
    """Per-unit-of-output coefficients of extension rows, ``S = F x̂⁻¹``.

    ``flows`` may be one row (n,) or a block (k, n) of value added components,
    satellites (employment, energy) or imports.

    Examples
    --------
    >>> import numpy as np
    >>> calc_coefficients(np.array([300.0, 500.0]), np.array([1000.0, 2000.0]))
    array([0.3 , 0.25])
    """
    return np.asarray(flows, dtype=float) / np.asarray(x, dtype=float)
