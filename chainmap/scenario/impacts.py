"""Economic impacts of the chosen industries, IMPLAN / RIMS II style (``impacts.csv``).

For each chosen industry j and for the portfolio, the effect of a stated final-demand
shock (one 亿元 of new final demand for j's products; the portfolio is one 亿元 for each
pick) on city output, gross value added, compensation, net production taxes and every
satellite (e.g. employment), split into

* **direct** ``c_j · Δf`` (for output: ``Δf`` itself);
* **indirect** ``(c′L)_j · Δf − direct``: the local supply chain (Type I);
* **induced** ``Type II − Type I``: local spending of the wages earned, in the model
  closed for households (:func:`chainmap.analysis.multipliers.calc_household_closure`).

A city table built by regionalisation has no household-consumption column; its
closure then uses the parent's household consumption per unit of compensation, scaled
by the city's local share of each product (Σ_k z_ik / Σ_k (z_ik + m_ik)): an estimate,
flagged in ``induced_basis``. Where neither exists the induced effect is NaN and
``induced_basis`` says so. ``direct + indirect + induced = total`` in every row
(induced 0 in that sum when unavailable).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from chainmap.analysis import multipliers
from chainmap.errors import InputDataError
from chainmap.io.table import IOTable

#: Shock of one 亿元 in the table's unit (only money units the report knows).
_SHOCK_IN_UNIT = {"万元": 1e4, "亿元": 1.0, "元": 1e8, "千元": 1e5, "百万元": 1e2}
#: Effect rows written, in order (satellites follow).
MEASURES: tuple[str, ...] = ("output", "va", "income", "tax")
COLUMNS = [
    "scope",
    "industry",
    "measure",
    "direct",
    "indirect",
    "induced",
    "total",
    "unit",
    "shock",
    "shock_unit",
    "induced_basis",
]


def shock_size(unit: str) -> tuple[float, str]:
    """One 亿元 in the table unit, and the label of the shock; one unit when unknown.

    Examples
    --------
    >>> shock_size("万元"), shock_size("EUR million")
    ((10000.0, '亿元'), (1.0, 'EUR million'))
    """
    if unit in _SHOCK_IN_UNIT:
        return _SHOCK_IN_UNIT[unit], "亿元"
    return 1.0, unit


def _local_share_by_product(table: IOTable) -> np.ndarray:
    """Σ_k z_ik / Σ_k (z_ik + m_ik) of each product (1 where the table has no import block)."""
    z = table.z.sum(axis=1)
    if table.imports is None or table.imports.shape[0] != table.n:
        return np.ones(table.n)
    m = table.imports.reindex(index=table.codes, columns=table.codes).fillna(0.0).to_numpy(float)
    tot = z + m.sum(axis=1)
    return np.divide(z, tot, out=np.ones_like(z), where=tot > 0)


def household_closure(
    city: IOTable, parent: IOTable | None, income: np.ndarray | None
) -> tuple[multipliers.HouseholdClosure | None, str]:
    """The Type II closure of ``city`` and its basis (``table``, ``parent_estimate``, or why
    not)."""
    if income is None or not np.isfinite(income).all():
        return None, "unavailable: no compensation row"
    L = city.l
    h_total, _note = multipliers.household_consumption(city)
    basis = "table"
    if h_total is not None:
        h = h_total / max(float((income * city.x).sum()), 1e-300)
    elif parent is not None:
        ph, _ = multipliers.household_consumption(parent)
        pva = parent.value_added
        if ph is None or "compensation" not in pva.index:
            return None, "unavailable: no household consumption in the city or parent table"
        comp = float(pva.loc[["compensation"]].to_numpy(float).sum())
        per_comp = pd.Series(ph / max(comp, 1e-300), index=parent.codes.map(str))
        h = np.asarray(per_comp.reindex(city.codes.map(str)).fillna(0.0), dtype=np.float64)
        h = h * _local_share_by_product(city)
        basis = "parent_estimate"
    else:
        return None, "unavailable: no household consumption column"
    try:
        return multipliers.calc_household_closure(L, income, h), basis
    except InputDataError as exc:
        return None, f"unavailable: {exc}"


def calc_impacts(
    city: IOTable,
    picks: Sequence[str],
    *,
    parent: IOTable | None = None,
) -> pd.DataFrame:
    """Direct, indirect and induced effects of one 亿元 of final demand per pick (see module).

    Examples
    --------
    >>> from chainmap.io.examples import miller_blair_2x2
    >>> t = miller_blair_2x2()
    >>> df = calc_impacts(t, ["1"])
    >>> row = df[(df.scope == "industry") & (df.measure == "output")].iloc[0]
    >>> float(round(row.direct, 4)), float(round(row.indirect, 4))  # column 1 of L sums to 1.518
    (1.0, 0.5182)
    """
    codes = [str(c) for c in city.codes]
    pos = {c: i for i, c in enumerate(codes)}
    picks = [p for p in picks if p in pos]
    coef = multipliers.calc_coefficient_rows(city)
    rows = {"output": np.ones(city.n), **coef.rows}
    names = [m for m in MEASURES if m in rows] + list(coef.satellites)
    L = city.l
    closure, basis = household_closure(city, parent, coef.rows.get("income"))
    shock, shock_unit = shock_size(city.meta.unit)
    out: list[dict[str, Any]] = []
    for name in names:
        c = np.asarray(rows[name], dtype=float)
        cl = c @ L
        t2 = closure.total_effect(c, cl) if closure is not None else np.full(city.n, np.nan)
        # money effects in the shock's unit (a multiplier per 亿元 is 亿元 per 亿元);
        # satellites in their own unit per table unit, times the shock in table units
        sat = name in coef.satellites
        # a satellite unit may carry its basis after ";" ("persons; persons per 万元 ...")
        sat_unit = city.satellite_units.get(name, "").split(";", 1)[0].strip() or name
        scale, unit = (shock, sat_unit) if sat else (1.0, shock_unit)
        acc = np.zeros(3)
        for p in picks:
            j = pos[p]
            direct = c[j] * scale
            indirect = cl[j] * scale - direct
            induced = (t2[j] - cl[j]) * scale if closure is not None else math.nan
            acc += [direct, indirect, 0.0 if math.isnan(induced) else induced]
            out.append(
                {
                    "scope": "industry",
                    "industry": p,
                    "measure": name,
                    "direct": direct,
                    "indirect": indirect,
                    "induced": induced,
                    "total": direct + indirect + (0.0 if math.isnan(induced) else induced),
                    "unit": unit,
                    "shock": 1.0,
                    "shock_unit": shock_unit,
                    "induced_basis": basis,
                }
            )
        if picks:
            out.append(
                {
                    "scope": "portfolio",
                    "industry": " ".join(picks),
                    "measure": name,
                    "direct": acc[0],
                    "indirect": acc[1],
                    "induced": acc[2] if closure is not None else math.nan,
                    "total": float(acc.sum()),
                    "unit": unit,
                    "shock": float(len(picks)),
                    "shock_unit": shock_unit,
                    "induced_basis": basis,
                }
            )
    return pd.DataFrame(out, columns=COLUMNS)
