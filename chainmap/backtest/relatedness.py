"""Relatedness density (Hidalgo, Klinger, Barabási & Hausmann 2007, *Science* 317:482).

From an output matrix X (regions p × industries i) of one year:

* revealed comparative advantage ``RCA_pi = (X_pi / Σ_i X_pi) / (Σ_p X_pi / Σ_pi X_pi)``
  and ``M_pi = 1[RCA_pi ≥ 1]``;
* proximity ``φ_ij = Σ_p M_pi M_pj / max(k_i, k_j)`` with ubiquity ``k_i = Σ_p M_pi``
  (the minimum of the two conditional probabilities of co-location), ``φ_ii = 0``;
* density ``ω_pi = Σ_j M_pj φ_ij / Σ_j φ_ij``: the share of i's neighbourhood in which
  region p already has comparative advantage (0 where i has no neighbours).

The backtest computes it from the provincial tables of the base year T only.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def calc_rca(output: pd.DataFrame) -> pd.DataFrame:
    """RCA of every region (rows) in every industry (columns); NaN-free (0 where empty).

    Examples
    --------
    >>> import pandas as pd
    >>> x = pd.DataFrame([[3.0, 1.0], [1.0, 3.0]], index=["p", "q"], columns=["a", "b"])
    >>> calc_rca(x).to_numpy().tolist()
    [[1.5, 0.5], [0.5, 1.5]]
    """
    x = output.fillna(0.0).clip(lower=0.0).to_numpy(dtype=float)
    region = x.sum(axis=1, keepdims=True)
    industry = x.sum(axis=0, keepdims=True)
    total = x.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        rca = (x / region) / (industry / total)
    return pd.DataFrame(np.nan_to_num(rca), index=output.index, columns=output.columns)


def calc_proximity(presence: pd.DataFrame) -> pd.DataFrame:
    """Proximity φ between industries from a 0/1 presence matrix M (regions × industries)."""
    m = presence.to_numpy(dtype=float)
    co = m.T @ m
    ubiquity = m.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        phi = co / np.maximum.outer(ubiquity, ubiquity)
    phi = np.nan_to_num(phi)
    np.fill_diagonal(phi, 0.0)
    return pd.DataFrame(phi, index=presence.columns, columns=presence.columns)


def calc_density(output: pd.DataFrame) -> pd.DataFrame:
    """Relatedness density ω of every region in every industry (formulas in the module doc).

    Examples
    --------
    >>> import pandas as pd
    >>> x = pd.DataFrame(
    ...     [[5.0, 5.0, 0.0], [0.0, 5.0, 5.0], [5.0, 0.0, 5.0]],
    ...     index=["p", "q", "r"], columns=["a", "b", "c"],
    ... )
    >>> calc_density(x).loc["p"].tolist()
    [0.5, 0.5, 1.0]
    """
    presence = (calc_rca(output) >= 1.0).astype(float)
    phi = calc_proximity(presence).to_numpy()
    den = phi.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        omega = (presence.to_numpy() @ phi) / den
    return pd.DataFrame(np.nan_to_num(omega), index=output.index, columns=output.columns)
