"""The parent's technology: which national coefficients the location quotients scale.

LQs describe trade between regions of one country, so by default (``basis="domestic"``)
they scale the parent's *domestic* coefficients: the domestic flow block of a
non-competitive parent, or, for a competitive parent, ``a_ij (1 − μ_i)`` with the national
import share ``μ_i = m_i / (x_i − e_i + m_i)`` (imports are assumed to serve every use of
product i in the same proportion). ``basis="total"`` scales the total-technology
coefficients as formulas.md C.6 writes it (imported inputs may then be "bought locally").
"""

from __future__ import annotations

import warnings
from typing import Literal

import numpy as np
import pandas as pd

from chainmap.errors import DataWarning, InputDataError, ScenarioError
from chainmap.io.table import IOTable
from chainmap.iomath import Array

Basis = Literal["domestic", "total"]


def calc_import_share(parent: IOTable) -> pd.Series:
    """National import share of domestic use ``μ_i = m_i / (x_i − e_i + m_i)``.

    ``m_i``: the negative ``imports`` column of a competitive table, or the row sums of
    the import block (plus imported final use) of a non-competitive one; ``e_i``: the
    ``exports`` column (0 when absent). A table without imports has μ = 0.

    Examples
    --------
    >>> from chainmap.io.examples import miller_blair_2x2
    >>> calc_import_share(miller_blair_2x2()).tolist()
    [0.0, 0.0]
    """
    x = parent.x
    fd = parent.final_demand
    exports = fd["exports"].to_numpy(dtype=float) if "exports" in fd else np.zeros(parent.n)
    if parent.meta.table_type == "noncompetitive":
        if parent.imports is None or parent.imports.shape[0] != parent.n:
            msg = (
                f"table {table_name(parent)}: regionalisation of a non-competitive table "
                "needs its n x n import-use block"
            )
            raise InputDataError(msg)
        m = parent.imports.to_numpy(dtype=float).sum(axis=1)
        if parent.imports_final_demand is not None:
            imf = parent.imports_final_demand.reindex(index=parent.imports.index, fill_value=0.0)
            m = m + imf.to_numpy(dtype=float).sum(axis=1)
    else:
        m = -fd["imports"].to_numpy(dtype=float) if "imports" in fd else np.zeros(parent.n)
    use = x - exports + m
    bad = [c for c, mi, u in zip(parent.codes, m, use, strict=True) if mi < 0 or u <= 0 or mi > u]
    if bad:
        # processing trade: exports exceed output + imports' home use (re-exports), so
        # the domestic use x − e + m is ≤ 0 or below m; μ is capped to [0, 1]
        msg = (
            f"table {table_name(parent)}: import share m/(x - e + m) is not in [0, 1] for "
            f"sectors {', '.join(map(str, bad))} (processing trade: exports exceed output); "
            "capped to [0, 1] (μ = 1 where domestic use is not positive)"
        )
        warnings.warn(msg, DataWarning, stacklevel=2)
    with np.errstate(divide="ignore", invalid="ignore"):
        mu = np.where(use > 0, m / np.where(use > 0, use, 1.0), 1.0)
    mu = np.clip(np.where(m <= 0, 0.0, mu), 0.0, 1.0)
    return pd.Series(mu, index=parent.codes, name="import_share")


def parent_technology(parent: IOTable, basis: Basis = "domestic") -> tuple[Array, Array]:
    """Total-technology coefficients and the coefficients LQs scale, ``(a_total, a_basis)``.

    Examples
    --------
    >>> from chainmap.io.examples import miller_blair_2x2
    >>> a, ad = parent_technology(miller_blair_2x2())
    >>> bool((a == ad).all())
    True
    """
    if basis not in ("domestic", "total"):
        msg = f"unknown coefficient basis {basis!r}; choose 'domestic' or 'total'"
        raise ScenarioError(msg)
    x = parent.x
    if parent.meta.table_type == "noncompetitive":
        calc_import_share(parent)  # checks the import block
        assert parent.imports is not None
        zm = parent.imports.to_numpy(dtype=float)
        a_total = (parent.z + zm) / x[np.newaxis, :]
        a_dom = parent.a
    else:
        a_total = parent.a
        mu_arr = calc_import_share(parent).to_numpy()
        a_dom = a_total * (1.0 - mu_arr)[:, np.newaxis]
    return a_total, (a_dom if basis == "domestic" else a_total)


def table_name(table: IOTable) -> str:
    """How notes and messages name a table: its id, else its file, else its region."""
    return table.meta.table_id or table.meta.path or table.meta.region or "(memory)"
