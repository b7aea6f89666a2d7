"""Output, value-added, income, tax, import and satellite multipliers; Type I and Type II.

Symbols as in ``formulas.md`` §C.5. For a coefficient row ``c = component / x``
(gross value added, compensation of employees, net production taxes, imported
intermediate inputs, employment, energy...):

* simple multiplier ``(c′L)_j``: what one unit of final demand for j generates in
  total (pymrio's ``M = S L``);
* Type I multiplier ``(c′L)_j / c_j``: total over direct (NaN where ``c_j = 0``);
* Type II multiplier: the same ratio in the model closed for households. The wage
  row ``w = compensation / x`` and the household-consumption column
  ``h = household consumption by product / total compensation`` border A,

  ``A* = [[A, h], [w′, 0]]``, and its inverse comes from L by the Schur complement
  ``d = 1 − w′Lh`` (one O(n²) bordered update, no second inversion):

  ``L* = [[L + Lh w′L / d, Lh / d], [w′L / d, 1 / d]]``.

  Hence the Type II total effect of c is ``c′L + (c′Lh)(w′L)/d``; the induced effect
  is Type II − Type I.

Value added is *gross value added*: the ``value_added`` rows only (never imports
or taxes on products). In a non-competitive table Z is domestic, so these are
domestic-technology multipliers (what stays in the region); use
:meth:`chainmap.io.table.IOTable.total_technology` for the competitive version.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import pandas as pd

from chainmap.errors import InputDataError, Issue
from chainmap.io.table import IOTable
from chainmap.iomath import Array

#: Multiplier prefixes with a fixed meaning; satellites may not use them.
RESERVED_PREFIXES: tuple[str, ...] = ("output", "va", "income", "tax", "import")


def calc_output_multiplier(L: npt.ArrayLike) -> Array:
    """Output multiplier ``m_j = (i′L)_j``: total output per unit of final demand for j.

    Examples
    --------
    >>> from chainmap.io.examples import miller_blair_2x2
    >>> calc_output_multiplier(miller_blair_2x2().l).round(8)
    array([1.51815182, 1.45214521])
    """
    return np.asarray(np.ones(np.shape(L)[0]) @ np.asarray(L, dtype=np.float64), dtype=np.float64)


def calc_simple_multiplier(c: npt.ArrayLike, L: npt.ArrayLike) -> Array:
    """Simple multiplier ``c′L`` of one coefficient row (n,) or a block (k, n).

    Examples
    --------
    Employment per unit of final demand in Miller & Blair's economy (c = [0.3, 0.25]):

    >>> from chainmap.io.examples import miller_blair_2x2
    >>> calc_simple_multiplier([0.3, 0.25], miller_blair_2x2().l).round(6)
    array([0.442244, 0.379538])
    """
    return np.asarray(np.asarray(c, dtype=np.float64) @ np.asarray(L, dtype=np.float64))


def ratio_to_direct(total: npt.ArrayLike, c: npt.ArrayLike) -> Array:
    """``total / c`` elementwise, NaN where the direct coefficient c is 0.

    Examples
    --------
    >>> ratio_to_direct([0.5, 0.2], [0.25, 0.0])
    array([ 2., nan])
    """
    t = np.asarray(total, dtype=np.float64)
    cv = np.broadcast_to(np.asarray(c, dtype=np.float64), t.shape)
    out = np.full(t.shape, np.nan)
    np.divide(t, cv, out=out, where=cv != 0)
    return out


def calc_type1_multiplier(c: npt.ArrayLike, L: npt.ArrayLike) -> Array:
    """Type I multiplier ``(c′L)_j / c_j`` (NaN where ``c_j = 0``).

    Examples
    --------
    >>> from chainmap.io.examples import miller_blair_2x2
    >>> calc_type1_multiplier([0.3, 0.25], miller_blair_2x2().l).round(6)
    array([1.474147, 1.518152])
    """
    return ratio_to_direct(calc_simple_multiplier(c, L), c)


# ----- household closure (Type II) ------------------------------------------------------


@dataclass(frozen=True)
class HouseholdClosure:
    """The bordered (n+1) model closed for households, kept as O(n) vectors.

    Attributes
    ----------
    wage_coefficients : w, compensation per unit of output.
    consumption_coefficients : h, household consumption per unit of total compensation.
    l_h : ``L h``.
    w_l : ``w′L`` (the Type I income effects).
    denominator : ``d = 1 − w′Lh`` (> 0 iff the closed model is productive).
    """

    wage_coefficients: Array
    consumption_coefficients: Array
    l_h: Array
    w_l: Array
    denominator: float

    def total_effect(self, c: npt.ArrayLike, c_l: npt.ArrayLike) -> Array:
        """Type II total effects ``c′L + (c′Lh)(w′L)/d`` of a row (n,) or block (k, n).

        ``c_l`` is the open-model effect ``c′L`` (already computed by the caller), so
        the cost is O(nk).
        """
        cm = np.asarray(c, dtype=np.float64)
        cl = np.asarray(c_l, dtype=np.float64)
        return np.asarray(cl + np.multiply.outer(cm @ self.l_h, self.w_l) / self.denominator)

    def output_multiplier(self, column_sums: npt.ArrayLike) -> Array:
        """Type II output multiplier: column sums of the n industry rows of L*."""
        s = np.asarray(column_sums, dtype=np.float64)
        return np.asarray(s + self.l_h.sum() * self.w_l / self.denominator, dtype=np.float64)


def calc_household_closure(
    L: npt.ArrayLike,
    wage_coefficients: npt.ArrayLike,
    consumption_coefficients: npt.ArrayLike,
    *,
    source: str = "",
) -> HouseholdClosure:
    """Close the model for households via the Schur complement of ``I − A``.

    Parameters
    ----------
    L : (n, n) array
    wage_coefficients : (n,) array
        ``w_j = compensation_j / x_j``.
    consumption_coefficients : (n,) array
        ``h_i = household consumption of product i / total compensation``.
    source : str
        File named in the error message.

    Raises
    ------
    InputDataError
        When ``d = 1 − w′Lh ≤ 0``: the closed system is not productive.

    Examples
    --------
    >>> from chainmap.io.examples import miller_blair_2x2
    >>> t = miller_blair_2x2()
    >>> c = calc_household_closure(t.l, [0.2, 0.35], [100 / 900, 500 / 900])
    >>> round(c.denominator, 6)
    0.707004
    """
    Lm = np.asarray(L, dtype=np.float64)
    w = np.asarray(wage_coefficients, dtype=np.float64)
    h = np.asarray(consumption_coefficients, dtype=np.float64)
    l_h = Lm @ h
    w_l = w @ Lm
    d = float(1.0 - w @ l_h)
    if not d > 0:
        msg = (
            f"the model closed for households is not productive: 1 − w′Lh = {d:.6g} ≤ 0 "
            "(household consumption per unit of compensation is too large for the "
            "compensation shares; in a competitive table household consumption includes "
            "imported products, which the negative imports column offsets), so Type II "
            "multipliers are undefined"
        )
        raise InputDataError([Issue(msg, file=source, sheet="final_demand")], source)
    return HouseholdClosure(w, h, l_h, w_l, d)


def calc_closed_leontief(closure: HouseholdClosure, L: npt.ArrayLike) -> Array:
    """The (n+1) × (n+1) closed Leontief inverse ``L*`` (household last), in O(n²).

    Examples
    --------
    >>> import numpy as np
    >>> from chainmap.io.examples import miller_blair_2x2
    >>> t = miller_blair_2x2()
    >>> w, h = np.array([0.2, 0.35]), np.array([100 / 900, 500 / 900])
    >>> Ls = calc_closed_leontief(calc_household_closure(t.l, w, h), t.l)
    >>> As = np.block([[t.a, h[:, None]], [w[None, :], np.zeros((1, 1))]])
    >>> bool(np.allclose(Ls, np.linalg.inv(np.eye(3) - As), rtol=0, atol=1e-13))
    True
    """
    Lm = np.asarray(L, dtype=np.float64)
    d = closure.denominator
    top = Lm + np.multiply.outer(closure.l_h, closure.w_l) / d
    return np.block([[top, closure.l_h[:, None] / d], [closure.w_l[None, :] / d, 1.0 / d]])


# ----- table-level coefficient rows -----------------------------------------------------


def _aligned(frame: pd.DataFrame, table: IOTable, block: str) -> pd.DataFrame:
    if frame.columns.equals(table.codes):
        return frame
    if set(map(str, frame.columns)) != set(map(str, table.codes)):
        msg = f"{block} columns do not match the table's sector codes"
        raise InputDataError([Issue(msg, file=table.meta.path, sheet=block)], table.meta.path)
    return frame.set_axis(frame.columns.map(str), axis=1).reindex(columns=table.codes.map(str))


@dataclass(frozen=True)
class CoefficientRows:
    """Per-unit-of-output rows of a table (name → (n,) array) and notes on gaps.

    Names: ``va`` (gross value added), ``income`` (compensation), ``tax`` (net
    production taxes), ``import`` (imported intermediate inputs, non-competitive
    tables only), then one per satellite.
    """

    rows: dict[str, Array]
    satellites: tuple[str, ...]
    notes: list[str] = field(default_factory=list)


def calc_coefficient_rows(table: IOTable) -> CoefficientRows:
    """Coefficient rows ``component / x`` of a table, see :class:`CoefficientRows`.

    A missing ``compensation`` or ``production_taxes`` row leaves that name out and
    adds a note.

    Raises
    ------
    InputDataError
        A satellite named like a fixed multiplier (output, va, income, tax, import).

    Examples
    --------
    >>> from chainmap.io.examples import miller_blair_2x2
    >>> rows = calc_coefficient_rows(miller_blair_2x2())
    >>> sorted(rows.rows), rows.rows["income"].round(2).tolist()
    (['employment', 'income', 'va'], [0.2, 0.35])
    """
    x = table.x
    notes: list[str] = []
    va = _aligned(table.value_added, table, "value_added")
    rows: dict[str, Array] = {"va": va.to_numpy(dtype=float).sum(axis=0) / x}
    for name, component in (("income", "compensation"), ("tax", "production_taxes")):
        if component in va.index:
            rows[name] = va.loc[[component]].to_numpy(dtype=float).sum(axis=0) / x
        else:
            notes.append(
                f"no value_added row '{component}': {name} multipliers are not available (NaN)"
            )
    if table.imports is not None:
        imp = _aligned(table.imports, table, "imports")
        rows["import"] = imp.to_numpy(dtype=float).sum(axis=0) / x
    sats: list[str] = []
    if table.satellites is not None:
        sat = _aligned(table.satellites, table, "satellites")
        for name in map(str, sat.index):
            if name in RESERVED_PREFIXES or name in rows:
                msg = f"satellite row {name!r} clashes with a built-in multiplier name"
                raise InputDataError(
                    [Issue(msg, file=table.meta.path, sheet="satellites", row=name)],
                    table.meta.path,
                )
            rows[name] = sat.loc[name].to_numpy(dtype=float) / x
            sats.append(name)
    return CoefficientRows(rows, tuple(sats), notes)


_HOUSEHOLD = re.compile(r"household|居民|住户|\bhfce\b", re.IGNORECASE)
_NOT_HOUSEHOLD = re.compile(r"npish|non[-_ ]?profit|serving[-_ ]households|政府", re.IGNORECASE)


def is_household_column(name: object) -> bool:
    """Whether a final-demand column is household consumption, by its name.

    Examples
    --------
    >>> [is_household_column(c) for c in ["rural_household", "Households", "HFCE",
    ...  "居民消费", "NPISH", "government"]]
    [True, True, True, True, False, False]
    """
    text = str(name).replace("_", " ")
    return bool(_HOUSEHOLD.search(text)) and not _NOT_HOUSEHOLD.search(text)


def household_consumption(table: IOTable) -> tuple[Array | None, str]:
    """Household consumption by product for the Type II closure, and a note.

    Sums the final-demand columns whose names start with ``household``; failing those, the
    columns :func:`is_household_column` recognises (``rural_household``, ``urban_household``,
    ``Households``, ``HFCE``, 居民消费…), with a note naming them. A table that
    publishes only total final consumption (some NBS tables) has it used under the
    name ``final_consumption``, with a note saying so (government consumption is then
    treated as induced, which overstates Type II effects). Returns ``(None, note)``
    when neither exists.

    Examples
    --------
    >>> from chainmap.io.examples import miller_blair_2x2
    >>> household_consumption(miller_blair_2x2())
    (array([100., 500.]), '')
    """
    fd = table.final_demand
    cols = [c for c in fd.columns if str(c).startswith("household")]
    if cols:
        return fd[cols].to_numpy(dtype=float).sum(axis=1), ""
    cols = [c for c in fd.columns if is_household_column(c)]
    if cols:
        note = (
            "Type II: household consumption taken as the sum of final-demand columns "
            + ", ".join(map(str, cols))
            + " (recognised by name)"
        )
        return fd[cols].to_numpy(dtype=float).sum(axis=1), note
    if "final_consumption" in fd.columns:
        note = (
            "Type II: the table has no household-consumption column; total final "
            "consumption (final_consumption, incl. government) closes the model instead, "
            "which overstates the induced effects"
        )
        return fd["final_consumption"].to_numpy(dtype=float), note
    return None, (
        "Type II multipliers are not available: no household-consumption "
        "(household*) or final_consumption column in final demand"
    )
