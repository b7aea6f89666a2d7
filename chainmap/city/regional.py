"""Regionalisation: a city table from a national (or provincial) table and city sector data.

The location quotients (formulas.md C.6; why δ = 0.3 by default) are in
:mod:`chainmap.city.lq`, the choice of national coefficients they scale (``basis``) in
:mod:`chainmap.city.technology`; both are re-exported here. The local (regional)
coefficient is ``r_ij = a_ij · min(1, LQ_ij)``.

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

import numpy as np
import pandas as pd

from chainmap.city.balancing import calc_ras
from chainmap.city.completion import CityOutput, FillRule, complete_city_output
from chainmap.city.lq import (
    DEFAULT_DELTA,
    METHODS,
    Method,
    calc_aflq,
    calc_cilq,
    calc_flq,
    calc_lambda_star,
    calc_lq,
    calc_regional_coefficients,
    calc_slq,
)
from chainmap.city.reading import CityData
from chainmap.city.technology import Basis, calc_import_share, parent_technology, table_name
from chainmap.errors import InputDataError, ScenarioError
from chainmap.io.table import INDUSTRY, IOTable, TableMeta
from chainmap.iomath import Array

__all__ = [
    "ABSENT_PREFIX",
    "DEFAULT_DELTA",
    "FINAL_DEMAND_COLUMN",
    "METHODS",
    "Basis",
    "Method",
    "calc_aflq",
    "calc_cilq",
    "calc_flq",
    "calc_import_share",
    "calc_lambda_star",
    "calc_lq",
    "calc_regional_coefficients",
    "calc_slq",
    "parent_technology",
    "regionalize",
]

FINAL_DEMAND_COLUMN = "final_demand_and_net_exports"
ABSENT_PREFIX = "imported:"


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
    r, method_note = _local_coefficients(
        parent,
        out,
        a_total,
        a_basis,
        method=method,
        delta=delta,
        basis=basis,
        local_share=local_share,
    )
    xr = out.output.to_numpy(dtype=float)
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
        z_loc, capped = _cap_local_supply(z_loc, xp, parent.x, a_basis, present, codes)
    if capped:
        notes.append(f"local supply cap applied to {len(capped)} sectors: {', '.join(capped)}")
    return _assemble(
        parent,
        out,
        codes=codes,
        present=present,
        absent=absent,
        z_loc=z_loc,
        imports=_imports(need, z_loc, codes),
        a_total=a_total,
        notes=[
            f"parent: {table_name(parent)}",
            f"regionalised from {table_name(parent)} ({parent.meta.region} "
            f"{parent.meta.year}) with city data {local.source or local.region or '(memory)'}",
            method_note,
            *share_notes,
            *out.notes,
            *notes,
            "imports: n x n block of inputs bought outside the city (rest of the country or "
            f"abroad); products not made in the city are other_inputs rows {ABSENT_PREFIX}<code>",
            f"final demand: one residual column {FINAL_DEMAND_COLUMN} (local final use plus "
            "sales outside the city) closing the row identity",
            "value added and satellites: parent coefficients times city output",
        ],
    )


def _local_coefficients(
    parent: IOTable,
    out: CityOutput,
    a_total: Array,
    a_basis: Array,
    *,
    method: Method,
    delta: float,
    basis: Basis,
    local_share: pd.Series | None,
) -> tuple[Array, str]:
    """``(r, note)``: local coefficients at every parent code, and how they were found.

    Location quotients over ``out.lq_codes`` scale ``a_basis``; given local shares scale
    the total coefficients instead (they already exclude inflows and imports).
    """
    xn = parent.x
    xr = out.output.to_numpy(dtype=float)
    ref = parent.codes.get_indexer(pd.Index(out.lq_codes))
    if local_share is not None:
        s = local_share.reindex(parent.codes).fillna(0.0).to_numpy(dtype=float)
        r = calc_regional_coefficients(a_total, np.repeat(np.clip(s, 0, 1)[:, None], parent.n, 1))
    else:
        lq = np.zeros((parent.n, parent.n))
        lq[np.ix_(ref, ref)] = calc_lq(xr[ref], xn[ref], method, delta)
        r = calc_regional_coefficients(a_basis, lq)
    # λ* is checked (and can fail) whenever the method is FLQ/AFLQ, shares given or not
    lam = (
        calc_lambda_star(float(xr[ref].sum()), float(xn[ref].sum()), delta)
        if method in ("flq", "aflq")
        else 1.0
    )
    if local_share is not None:
        return r, "method: observed provincial local shares scaled to the city; r_ij = s_i * a_ij"
    return r, (
        f"method: {method}, "
        + (f"delta={delta:g}, lambda*={lam:.6g}, " if method in ("flq", "aflq") else "")
        + f"basis={basis}; r_ij = a_ij * min(1, LQ_ij)"
    )


def _cap_local_supply(
    z_loc: Array, xp: Array, xn: Array, a_basis: Array, present: np.ndarray, codes: pd.Index
) -> tuple[Array, list[str]]:
    """Scale down rows whose local sales exceed local output: ``(flows, capped codes)``.

    ``xp`` is city output of the ``present`` sectors, ``xn`` the parent's output. A row's
    residual share of output (local final use plus sales outside the city) may not fall
    below ``min(0, the parent's own)``.
    """
    # the parent's own residual share of output (negative only with inventory drawdown)
    fd_parent_share = (xn - a_basis @ xn) / xn
    floor = np.minimum(0.0, fd_parent_share[present]) * xp
    sales = z_loc.sum(axis=1)
    over = sales > xp - floor + 1e-12 * xp
    if not over.any():
        return z_loc, []
    scale = np.where(over, (xp - floor) / np.where(over, sales, 1.0), 1.0)
    return z_loc * scale[:, np.newaxis], [str(c) for c in codes[over]]


def _imports(need: Array, z_loc: Array, codes: pd.Index) -> Array:
    """Inputs bought outside the city, ``need − z_loc``; local purchases above need fail."""
    imports = need - z_loc
    if (imports < -1e-9 * np.maximum(need, 1.0)).any():
        i, j = np.unravel_index(int(np.argmin(imports)), imports.shape)
        msg = (
            f"local purchases of {codes[int(i)]} by {codes[int(j)]} ({z_loc[i, j]:.6g}) exceed the "
            f"parent's requirement ({need[i, j]:.6g}); check the RAS margins"
        )
        raise InputDataError(msg)
    return np.maximum(imports, 0.0)


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
        source=f"chainmap regionalisation of {table_name(parent)}",
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
