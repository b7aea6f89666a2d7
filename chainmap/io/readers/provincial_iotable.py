"""A :class:`~chainmap.io.readers.provincial.ProvincialTable` as chainmap's :class:`IOTable`.

The official provincial and national workbooks are competitive-import tables, so the
result is a ``competitive`` :class:`IOTable` (``Z`` holds total flows, whatever their
origin) with these final-demand columns, in 万元:

* the domestic final uses as published (``household_consumption_rural`` /
  ``household_consumption_urban``, or ``household_consumption`` when only the total is
  given; ``government_consumption``, ``gross_fixed_capital_formation``,
  ``inventory_change``);
* ``exports`` and ``imports`` (imports negative, the IOTable convention);
* ``outflows`` (to other provinces) and ``inflows`` (from other provinces, negative),
  kept as named columns so that local shares can be computed from the IOTable too;
  ``net_outflows`` where the workbook gives only the net figure (2002, some 1997 files,
  national tables before 2000);
* ``statistical_error``: the workbook's own 其他/误差 column plus whatever is needed for
  the row identity ``x = Z i + final_demand i`` to reproduce the published 总产出
  exactly (rounding in the workbook; the reader has already checked the totals);
* where the column identity (Σ_i z_ij + value added = 总产出) does not close in the
  workbook, the difference is an ``other_inputs`` row ``column_discrepancy``.

Sectors with no output (e.g. 浙江 2017 石油和天然气开采) cannot be industries of an
IOTable (coefficients need x > 0), but in a competitive table their products are still
used, all supplied from other provinces and abroad: their row of intermediate use
becomes an ``other_inputs`` row ``outside_supply_<code>`` and the sector is left out
(noted in ``meta.notes``).  Negative intermediate
flows of a few old workbooks are kept unless ``repair=("clip_negative",)`` is asked for,
and a column whose inputs exceed its output (some 1997 and 2002 tables) fails
validation: such a workbook still reads as a ``ProvincialTable`` (local shares, accuracy)
but not as an ``IOTable``.  Cells below 0.01 万元 in absolute value (formula noise such
as −1e-10) are set to 0.

Value added keeps the four standard rows (and the extra rows of the old tables under
their Chinese labels); rows the workbook does not report are dropped.  Quirks the
reader noted travel in ``meta.notes``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from chainmap.io.readers._common import frame, sectors_frame, sha256_of
from chainmap.io.readers.provincial import (
    FINAL_USE_COLUMNS,
    ProvincialTable,
    read_provincial_table,
)
from chainmap.io.table import IOTable, TableMeta
from chainmap.io.validate import validate_table

__all__ = ["provincial_to_iotable", "read_provincial_workbook"]

#: Relative gap allowed between the row and column identities (published in whole 万元).
BALANCE_TOLERANCE = 1e-3

#: Domestic final uses: the final-use columns before exports.
_DOMESTIC = FINAL_USE_COLUMNS[: FINAL_USE_COLUMNS.index("exports")]
_SIGN = {"imports": -1.0, "inflows": -1.0}
#: Cells smaller than this (万元) are float noise of the workbook's formulas (±1e-10).
_NOISE = 0.01


def _clean(v: np.ndarray) -> np.ndarray:
    return np.where(np.abs(v) < _NOISE, 0.0, v)


def provincial_to_iotable(
    t: ProvincialTable, *, repair: Sequence[str] = (), sha256: str = ""
) -> IOTable:
    """Convert a provincial table to a validated competitive :class:`IOTable`.

    Parameters
    ----------
    t : ProvincialTable
    repair : repairs for :func:`chainmap.io.validate.validate_table` (e.g. the empty
        sectors of 西藏 need ``drop_zero_output``).
    sha256 : hash of the source file, recorded in ``meta``.

    Raises
    ------
    InputDataError
        The converted table fails validation.
    """
    fu = t.final_use.where(t.final_use.abs() >= _NOISE, 0.0)
    z = _clean(t.Z.to_numpy(float))
    x = _clean(t.x.fillna(0.0).to_numpy(float))
    cols = _final_demand_columns(t, fu, z, x)
    codes = list(t.codes)
    va = t.value_added.loc[~t.value_added.isna().all(axis=1)].fillna(0.0)
    va = va.where(va.abs() >= _NOISE, 0.0)
    empty = [c for c, v in zip(codes, x, strict=True) if v <= 0]
    notes = list(t.quirks)
    if empty:
        notes.append(
            f"sectors with no output in the workbook ({', '.join(empty)}) are not industries "
            "of this table; their use (all supplied from outside) is kept as other inputs "
            "'outside_supply_<code>'"
        )
    keep = np.array([c not in empty for c in codes])
    kept = [c for c in codes if c not in empty]
    z_in = z[np.ix_(keep, keep)]
    vav = va.to_numpy(float)[:, keep]
    other = _other_inputs(codes, empty, keep, z, x, vav, notes)
    meta = TableMeta(
        region=t.province,
        year=t.year,
        unit=t.unit,
        currency="CNY",
        source=f"official input-output workbook {Path(t.source).name}, sheet {t.sheet}",
        table_type="competitive",
        path=t.source,
        sha256=sha256,
        notes=tuple(notes),
        balance_tolerance=BALANCE_TOLERANCE,
    )
    fd = np.column_stack(list(cols.values()))[keep]
    table = IOTable(
        sectors=sectors_frame(
            kept, [nm for nm, k in zip(t.names, keep, strict=True) if k], [""] * len(kept)
        ),
        Z=frame(z_in, kept, kept),
        final_demand=frame(fd, kept, list(cols)),
        value_added=pd.DataFrame(
            vav,
            index=pd.Index([str(i) for i in va.index], dtype=object),
            columns=pd.Index(kept, name="industry", dtype=object),
        ),
        meta=meta,
        other_inputs=other,
    )
    return validate_table(table, source=t.source, repair=repair)


def _final_demand_columns(
    t: ProvincialTable, fu: pd.DataFrame, z: np.ndarray, x: np.ndarray
) -> dict[str, np.ndarray]:
    """Final-demand columns reported (imports and inflows negative); the statistical
    error absorbs what the row identity x = Z i + f i leaves over."""
    cols: dict[str, np.ndarray] = {}
    has_parts = not (
        fu["household_consumption_rural"].isna().all()
        or fu["household_consumption_urban"].isna().all()
    )
    for key in _DOMESTIC:
        if key == "household_consumption" and has_parts:
            continue
        if key in t.not_reported:
            continue
        cols[key] = fu[key].fillna(0.0).to_numpy(float)
    for key in ("exports", "imports", "outflows", "inflows", "net_outflows"):
        if key not in t.not_reported:
            cols[key] = _SIGN.get(key, 1.0) * fu[key].fillna(0.0).to_numpy(float)
    err = fu["statistical_error"].fillna(0.0).to_numpy(float)
    so_far = z.sum(axis=1) + np.sum(list(cols.values()), axis=0) + err
    cols["statistical_error"] = err + (x - so_far)
    return cols


def _other_inputs(
    codes: list[str],
    empty: list[str],
    keep: np.ndarray,
    z: np.ndarray,
    x: np.ndarray,
    vav: np.ndarray,
    notes: list[str],
) -> pd.DataFrame | None:
    """Other-input rows: the supply of each empty sector, then the gap of the column
    identity (noted) where it is not noise; None when there is neither."""
    other_rows: dict[str, np.ndarray] = {}
    for k, c in enumerate(codes):
        if c in empty and np.abs(z[k]).sum() > 0:
            other_rows[f"outside_supply_{c}"] = z[k][keep]
    kept = [c for c in codes if c not in empty]
    z_in = z[np.ix_(keep, keep)]
    extra = np.array(list(other_rows.values())).reshape(len(other_rows), len(kept))
    gap = x[keep] - z_in.sum(axis=0) - vav.sum(axis=0) - extra.sum(axis=0)
    if np.abs(gap).max(initial=0.0) >= _NOISE:
        other_rows["column_discrepancy"] = gap
        notes.append(
            "总投入 by columns differs from 总产出 in some sectors: the difference is kept as "
            "other input 'column_discrepancy'"
        )
    if not other_rows:
        return None
    return frame(
        np.array(list(other_rows.values())),
        list(other_rows),
        kept,
        index_name="input",
        columns_name="industry",
    )


def read_provincial_workbook(path: str | Path, *, repair: Sequence[str] = ()) -> IOTable:
    """Read an official provincial or national workbook (.xls/.xlsx) as an :class:`IOTable`.

    See :func:`chainmap.io.readers.provincial.read_provincial_table` for the layouts read
    and :func:`provincial_to_iotable` for the conversion.
    """
    p = Path(path)
    t = read_provincial_table(p)
    return provincial_to_iotable(t, repair=repair, sha256=sha256_of(p))
