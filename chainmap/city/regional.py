"""Regionalisation: a city table from a national (or provincial) table and city sector data.

Location-quotient methods (formulas.md C.6; Miller & Blair 2009, §8.3; Flegg & Webber 1997;
Flegg & Tohmo 2013) turn the parent's coefficients into regional purchase coefficients:

* ``SLQ_i = (x_i^R / x^R) / (x_i^N / x^N)``, applied row-wise;
* ``CILQ_ij = SLQ_i / SLQ_j``, with ``SLQ_i`` on the diagonal (Miller & Blair's convention,
  so that FLQ with δ = 0 *is* CILQ);
* ``FLQ_ij = CILQ_ij · λ*`` (``SLQ_i · λ*`` on the diagonal), ``λ* = [log₂(1 + x^R/x^N)]^δ``;
* ``AFLQ_ij = FLQ_ij · log₂(1 + SLQ_j)`` where ``SLQ_j > 1`` (Flegg & Webber 2000: only a
  specialised buying sector gets the upward correction), else ``FLQ_ij``.

The local (regional) coefficient is ``r_ij = a_ij · min(1, LQ_ij)``; ``min(1, LQ_ij)`` is
the regional purchase coefficient (RPC) of the link.

Why δ = 0.3 by default: Flegg & Webber (1997) proposed 0.3, Bonfiglio & Chelli (2008)
found δ ≈ 0.3 best in Monte-Carlo tests, and Flegg & Tohmo (2013) estimated 0.1–0.3 for
Finnish regions, the larger values for the smaller regions. A city is a small region
(x^R/x^N ≈ 1–2 % for Hangzhou), so the upper end of that range is the appropriate default;
λ* is then about 0.3 and a city buys roughly a third of an average input locally.

Which national coefficient ``a_ij`` is scaled (``basis``)
---------------------------------------------------------
LQs describe trade between regions of one country, so by default (``basis="domestic"``)
they scale the parent's *domestic* coefficients: the domestic flow block of a
non-competitive parent, or, for a competitive parent, ``a_ij (1 − μ_i)`` with the national
import share ``μ_i = m_i / (x_i − e_i + m_i)`` (imports are assumed to serve every use of
product i in the same proportion). ``basis="total"`` scales the total-technology
coefficients as formulas.md C.6 writes it (imported inputs may then be "bought locally").

The city table
--------------
Non-competitive, over the parent's sectors with positive city output:

* ``Z`` = local flows ``r_ij x_j^R``;
* ``imports`` (n × n, rows = products) = inputs bought outside the city (rest of the
  country or abroad), ``(a_ij − r_ij) x_j^R`` with ``a`` the parent's total technology;
* products the city does not make at all are bought entirely outside it: they are rows
  ``imported:<code>`` of ``other_inputs``, with any other inputs of the parent scaled;
* ``value_added`` (and satellites) = the parent's coefficients times city output;
* ``final_demand`` = one residual column ``final_demand_and_net_exports`` that closes the
  row identity (local final use plus sales outside the city, inventory change included).

So ``Z i + f = x^R`` and ``Z′i + imports′i + other_inputs′i + value_added′i = x^R`` hold
exactly. When LQs overstate local sales of a product (its local intermediate sales would
exceed its output), ``cap_local_supply`` scales that row down so the residual share is not
below ``min(0, the parent's own)``; capped sectors are listed in the notes.
"""

from __future__ import annotations

import math
import warnings
from typing import Literal

import numpy as np
import pandas as pd

from chainmap.city.balancing import calc_ras
from chainmap.city.completion import CityOutput, FillRule, complete_city_output
from chainmap.city.reading import CityData
from chainmap.errors import DataWarning, InputDataError, ScenarioError
from chainmap.io.table import INDUSTRY, IOTable, TableMeta
from chainmap.iomath import Array

Method = Literal["slq", "cilq", "flq", "aflq"]
Basis = Literal["domestic", "total"]

METHODS: tuple[str, ...] = ("slq", "cilq", "flq", "aflq")
DEFAULT_DELTA = 0.3
FINAL_DEMAND_COLUMN = "final_demand_and_net_exports"
ABSENT_PREFIX = "imported:"


# ----- pure location-quotient maths ---------------------------------------------------
def calc_slq(x_region: Array, x_nation: Array) -> Array:
    """Simple location quotients ``SLQ_i = (x_i^R / x^R) / (x_i^N / x^N)``.

    Parameters
    ----------
    x_region, x_nation : (n,) arrays
        Output (or employment) of the region and of the parent; totals are their sums.

    Examples
    --------
    >>> import numpy as np
    >>> calc_slq(np.array([10.0, 30.0]), np.array([100.0, 100.0]))
    array([0.5, 1.5])
    """
    xr = np.asarray(x_region, dtype=float)
    xn = np.asarray(x_nation, dtype=float)
    return np.asarray((xr / xr.sum()) / (xn / xn.sum()), dtype=np.float64)


def calc_cilq(slq: Array) -> Array:
    """Cross-industry location quotients ``CILQ_ij = SLQ_i / SLQ_j``; ``SLQ_i`` on the diagonal.

    A buyer with ``SLQ_j = 0`` has no local output, so its column never enters a city
    table; its quotients are set to ``inf`` (no division warning).

    Examples
    --------
    >>> import numpy as np
    >>> calc_cilq(np.array([0.5, 2.0]))
    array([[0.5 , 0.25],
           [4.  , 2.  ]])
    """
    s = np.asarray(slq, dtype=float)
    num = np.broadcast_to(s[:, np.newaxis], (s.size, s.size))
    den = np.broadcast_to(s[np.newaxis, :], (s.size, s.size))
    out = np.full((s.size, s.size), np.inf)
    np.divide(num, den, out=out, where=den > 0)
    np.fill_diagonal(out, s)
    return out


def calc_lambda_star(region_total: float, nation_total: float, delta: float) -> float:
    """FLQ size factor ``λ* = [log₂(1 + x^R / x^N)]^δ`` (0 ≤ δ < 1).

    Examples
    --------
    >>> round(calc_lambda_star(1.0, 100.0, 0.3), 6)
    0.279965
    >>> calc_lambda_star(1.0, 100.0, 0.0)
    1.0
    """
    if not 0.0 <= delta < 1.0:
        msg = f"FLQ delta must satisfy 0 <= delta < 1; got {delta}"
        raise ScenarioError(msg)
    if not 0.0 < region_total <= nation_total:
        msg = (
            f"region total {region_total} must be positive and not above the parent total "
            f"{nation_total}"
        )
        raise InputDataError(msg)
    return float(math.log2(1.0 + region_total / nation_total) ** delta)


def calc_flq(slq: Array, lambda_star: float) -> Array:
    """Flegg location quotients: ``λ* · CILQ_ij`` off the diagonal, ``λ* · SLQ_i`` on it.

    Examples
    --------
    >>> import numpy as np
    >>> calc_flq(np.array([0.5, 2.0]), 0.5)
    array([[0.25 , 0.125],
           [2.   , 1.   ]])
    """
    return calc_cilq(slq) * lambda_star


def calc_aflq(slq: Array, lambda_star: float) -> Array:
    """Augmented FLQ: ``FLQ_ij · log₂(1 + SLQ_j)`` for buyers with ``SLQ_j > 1``, else FLQ.

    Examples
    --------
    >>> import numpy as np
    >>> calc_aflq(np.array([0.5, 3.0]), 1.0)
    array([[0.5       , 0.33333333],
           [6.        , 6.        ]])
    """
    s = np.asarray(slq, dtype=float)
    factor = np.where(s > 1.0, np.log2(1.0 + np.where(s > 1.0, s, 1.0)), 1.0)
    return calc_flq(s, lambda_star) * factor[np.newaxis, :]


def calc_lq(
    x_region: Array, x_nation: Array, method: Method = "flq", delta: float = DEFAULT_DELTA
) -> Array:
    """Location-quotient matrix of ``method`` (SLQ is broadcast along each row).

    Examples
    --------
    >>> import numpy as np
    >>> calc_lq(np.array([10.0, 30.0]), np.array([100.0, 100.0]), "slq")
    array([[0.5, 0.5],
           [1.5, 1.5]])
    """
    xr = np.asarray(x_region, dtype=float)
    xn = np.asarray(x_nation, dtype=float)
    slq = calc_slq(xr, xn)
    if method == "slq":
        return np.repeat(slq[:, np.newaxis], slq.size, axis=1)
    if method == "cilq":
        return calc_cilq(slq)
    if method not in ("flq", "aflq"):
        msg = f"unknown regionalisation method {method!r}; choose one of {', '.join(METHODS)}"
        raise ScenarioError(msg)
    lam = calc_lambda_star(float(xr.sum()), float(xn.sum()), delta)
    return calc_flq(slq, lam) if method == "flq" else calc_aflq(slq, lam)


def calc_regional_coefficients(a: Array, lq: Array) -> Array:
    """Regional (local) coefficients ``r_ij = a_ij · min(1, LQ_ij)``.

    Examples
    --------
    >>> import numpy as np
    >>> calc_regional_coefficients(np.array([[0.2, 0.1], [0.3, 0.4]]),
    ...                            np.array([[0.5, 2.0], [1.0, 0.25]]))
    array([[0.1, 0.1],
           [0.3, 0.1]])
    """
    return np.asarray(a, dtype=float) * np.minimum(1.0, np.asarray(lq, dtype=float))


# ----- the parent's technology ------------------------------------------------------------
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
                f"table {_table_name(parent)}: regionalisation of a non-competitive table "
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
            f"table {_table_name(parent)}: import share m/(x - e + m) is not in [0, 1] for "
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


# ----- the city table --------------------------------------------------------------------------
def regionalize(
    parent: IOTable,
    local: CityData,
    *,
    method: Method = "flq",
    delta: float = DEFAULT_DELTA,
    fill: FillRule = "parent_share",
    fill_total: float | None = None,
    basis: Basis = "domestic",
    ras_margins: tuple[pd.Series, pd.Series] | None = None,
    cap_local_supply: bool = True,
    local_share: pd.Series | None = None,
    share_notes: tuple[str, ...] = (),
) -> IOTable:
    """City table from a parent table and city sector data (see the module docstring).

    Parameters
    ----------
    parent : IOTable
        National or provincial table (competitive, or non-competitive with an n × n
        import block).
    local : CityData
        City output, employment or value added at the parent's codes
        (:func:`chainmap.city.citydata.map_to_parent` converts other classifications).
    method : {"slq", "cilq", "flq", "aflq"}
    delta : float
        FLQ/AFLQ exponent, 0 ≤ δ < 1; default 0.3 (module docstring says why).
    fill, fill_total : rule for sectors the city data does not cover
        (:func:`chainmap.city.citydata.complete_city_output`).
    basis : {"domestic", "total"}
        Which national coefficients the LQs scale (module docstring).
    ras_margins : (row_totals, column_totals) or None
        Known local intermediate sales by product and local intermediate purchases by
        sector (city sectors, parent units). The local flows are RAS-balanced to them
        (GRAS is not needed: local flows are non-negative).
    cap_local_supply : bool
        Keep local intermediate sales within local output (module docstring); not applied
        to RAS-balanced flows, whose stated margins are kept.
    local_share : Series or None
        Local share of each product at the parent's codes (e.g. observed in the city's
        province and scaled to the city, :mod:`chainmap.city.from_province`). When given
        it replaces the location quotients: r_ij = s_i · a_ij with the parent's *total*
        coefficients (the shares already exclude inflows and imports); ``method`` and
        ``delta`` are then not used. ``share_notes`` say where the shares come from.

    Returns
    -------
    IOTable
        Non-competitive city table; ``meta.notes`` record the parent, method, δ, λ*,
        the unit conversion and the filled, absent and capped sectors.

    Examples
    --------
    >>> from chainmap.io.examples import miller_blair_2x2
    >>> from chainmap.city.citydata import CityData
    >>> import pandas as pd
    >>> t = miller_blair_2x2()
    >>> city = regionalize(t, CityData(pd.Series([100.0, 100.0], index=["1", "2"])))
    >>> city.x.round(6).tolist()
    [100.0, 100.0]
    >>> bool((city.a <= t.a + 1e-15).all())
    True
    """
    if method not in METHODS:
        msg = f"unknown regionalisation method {method!r}; choose one of {', '.join(METHODS)}"
        raise ScenarioError(msg)
    out = complete_city_output(local, parent, fill=fill, fill_total=fill_total)
    a_total, a_basis = parent_technology(parent, basis)
    xn = parent.x
    xr = out.output.to_numpy(dtype=float)
    ref = parent.codes.get_indexer(pd.Index(out.lq_codes))
    lq = np.zeros((parent.n, parent.n))
    if local_share is not None:
        s = local_share.reindex(parent.codes).fillna(0.0).to_numpy(dtype=float)
        r = calc_regional_coefficients(a_total, np.repeat(np.clip(s, 0, 1)[:, None], parent.n, 1))
        method_note = (
            "method: observed provincial local shares scaled to the city; r_ij = s_i * a_ij"
        )
    else:
        lq_ref = calc_lq(xr[ref], xn[ref], method, delta)
        lq[np.ix_(ref, ref)] = lq_ref
        r = calc_regional_coefficients(a_basis, lq)
    lam = (
        calc_lambda_star(float(xr[ref].sum()), float(xn[ref].sum()), delta)
        if method in ("flq", "aflq")
        else 1.0
    )
    if local_share is None:
        method_note = (
            f"method: {method}, "
            + (f"delta={delta:g}, lambda*={lam:.6g}, " if method in ("flq", "aflq") else "")
            + f"basis={basis}; r_ij = a_ij * min(1, LQ_ij)"
        )

    present = np.flatnonzero(xr > 0)
    absent = np.flatnonzero(xr <= 0)
    codes = parent.codes[present]
    xp = xr[present]
    z_loc = r[np.ix_(present, present)] * xp[np.newaxis, :]
    need = a_total[np.ix_(present, present)] * xp[np.newaxis, :]

    notes: list[str] = []
    if ras_margins is not None:
        z_loc = _ras_local(z_loc, ras_margins, codes)
        notes.append("local flows RAS-balanced to the given row and column margins")
    capped: list[str] = []
    if cap_local_supply and ras_margins is None:  # stated margins are kept as given
        # the parent's own residual share of output (negative only with inventory drawdown)
        fd_parent_share = (xn - a_basis @ xn) / xn
        floor = np.minimum(0.0, fd_parent_share[present]) * xp
        sales = z_loc.sum(axis=1)
        over = sales > xp - floor + 1e-12 * xp
        if over.any():
            scale = np.where(over, (xp - floor) / np.where(over, sales, 1.0), 1.0)
            z_loc = z_loc * scale[:, np.newaxis]
            capped = [str(c) for c in codes[over]]
    imports = need - z_loc
    if (imports < -1e-9 * np.maximum(need, 1.0)).any():
        i, j = np.unravel_index(int(np.argmin(imports)), imports.shape)
        msg = (
            f"local purchases of {codes[int(i)]} by {codes[int(j)]} ({z_loc[i, j]:.6g}) exceed the "
            f"parent's requirement ({need[i, j]:.6g}); check the RAS margins"
        )
        raise InputDataError(msg)
    imports = np.maximum(imports, 0.0)

    return _assemble(
        parent,
        out,
        codes=codes,
        present=present,
        absent=absent,
        z_loc=z_loc,
        imports=imports,
        a_total=a_total,
        notes=[
            f"parent: {_table_name(parent)}",
            f"regionalised from {_table_name(parent)} ({parent.meta.region} "
            f"{parent.meta.year}) with city data {local.source or local.region or '(memory)'}",
            method_note,
            *share_notes,
            *out.notes,
            *notes,
            *(
                [f"local supply cap applied to {len(capped)} sectors: {', '.join(capped)}"]
                if capped
                else []
            ),
            "imports: n x n block of inputs bought outside the city (rest of the country or "
            f"abroad); products not made in the city are other_inputs rows {ABSENT_PREFIX}<code>",
            f"final demand: one residual column {FINAL_DEMAND_COLUMN} (local final use plus "
            "sales outside the city) closing the row identity",
            "value added and satellites: parent coefficients times city output",
        ],
    )


def _assemble(
    parent: IOTable,
    out: CityOutput,
    *,
    codes: pd.Index,
    present: np.ndarray,
    absent: np.ndarray,
    z_loc: Array,
    imports: Array,
    a_total: Array,
    notes: list[str],
) -> IOTable:
    xn = parent.x
    xp = out.output.to_numpy(dtype=float)[present]
    idx = pd.Index(codes, name=INDUSTRY)
    va_coef = parent.value_added.to_numpy(dtype=float)[:, present] / xn[present]
    value_added = pd.DataFrame(va_coef * xp, index=parent.value_added.index, columns=idx)
    other_rows: list[pd.DataFrame] = []
    if parent.other_inputs is not None:
        oc = parent.other_inputs.to_numpy(dtype=float)[:, present] / xn[present]
        other_rows.append(pd.DataFrame(oc * xp, index=parent.other_inputs.index, columns=idx))
    if absent.size:
        m_abs = a_total[np.ix_(absent, present)] * xp[np.newaxis, :]
        labels = [f"{ABSENT_PREFIX}{c}" for c in parent.codes[absent]]
        other_rows.append(pd.DataFrame(m_abs, index=pd.Index(labels), columns=idx))
    other = pd.concat(other_rows) if other_rows else None
    if other is not None:
        other.index.name = (
            parent.other_inputs.index.name if parent.other_inputs is not None else None
        )
    satellites = None
    if parent.satellites is not None:
        sc = parent.satellites.to_numpy(dtype=float)[:, present] / xn[present]
        satellites = pd.DataFrame(sc * xp, index=parent.satellites.index, columns=idx)
    residual = xp - z_loc.sum(axis=1)
    meta = TableMeta(
        region=out.region or "city",
        year=out.year if out.year is not None else parent.meta.year,
        unit=parent.meta.unit,
        currency=parent.meta.currency,
        source=f"chainmap regionalisation of {_table_name(parent)}",
        table_type="noncompetitive",
        table_id="",
        notes=tuple(notes),
    )
    return IOTable(
        sectors=parent.sectors.loc[codes].set_axis(idx, axis=0),
        Z=pd.DataFrame(z_loc, index=idx, columns=idx),
        final_demand=pd.DataFrame({FINAL_DEMAND_COLUMN: residual}, index=idx),
        value_added=value_added,
        meta=meta,
        imports=pd.DataFrame(imports, index=idx.copy(), columns=idx),
        other_inputs=other,
        satellites=satellites,
        satellite_units=dict(parent.satellite_units),
    )


def _ras_local(z: Array, margins: tuple[pd.Series, pd.Series], codes: pd.Index) -> Array:
    rows, cols = margins
    missing = [c for c in codes if c not in rows.index or c not in cols.index]
    if missing:
        msg = f"RAS margins lack city sectors {', '.join(map(str, missing[:10]))}"
        raise InputDataError(msg)
    u = rows.reindex(codes).to_numpy(dtype=float)
    v = cols.reindex(codes).to_numpy(dtype=float)
    return calc_ras(z, u, v).Z


def _table_name(table: IOTable) -> str:
    return table.meta.table_id or table.meta.path or table.meta.region or "(memory)"
