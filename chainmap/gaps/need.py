"""What a candidate needs and what the city supplies locally: the need and local matrices."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from chainmap.city.regional import ABSENT_PREFIX
from chainmap.errors import InputDataError
from chainmap.io.table import IOTable
from chainmap.iomath import Array


@dataclass(frozen=True)
class ParentContext:
    """The parent table with its total-technology coefficients and code positions."""

    table: IOTable
    a_total: Array  # total-technology coefficients of the parent
    pos: dict[str, int]  # code → position in the parent


@dataclass(frozen=True)
class NeedMatrices:
    """Requirement and local coefficients of every product for every city sector."""

    products: list[str]  # city sectors first, then products the city lacks
    need: Array  # (products × city sectors) parent requirement per unit of city output
    local: Array  # (products × city sectors) local coefficients
    n_city: int
    avg_local: Array  # city's local share of each city product over all its local buyers


@lru_cache(maxsize=16)
def table_positions(table: IOTable) -> dict[str, int]:
    """code → position (tables are immutable, so cached by identity)."""
    return {str(c): i for i, c in enumerate(table.codes)}


def need_matrices(city: IOTable, ctx: ParentContext | None) -> NeedMatrices:
    """Need ``a_ij = (z_ij + m_ij) / x_j`` and local ``r_ij = z_ij / x_j`` of every city sector.

    The need comes from the city's import block (with ``imported:<code>`` rows for the
    products the city lacks) or, without one, from the parent's total technology.
    """
    x = city.x
    codes = [str(c) for c in city.codes]
    z = city.z
    absent: list[str] = []
    rows: list[Array] = []
    if city.imports is not None and city.imports.shape[0] == city.n:
        if [str(c) for c in city.imports.index] != codes:
            msg = "the city's import block must list the products in the table's sector order"
            raise InputDataError(msg)
        m = city.imports.to_numpy(dtype=float)
        if city.other_inputs is not None:
            labels = [str(label) for label in city.other_inputs.index]
            values = city.other_inputs.to_numpy(dtype=float)
            for k, label in enumerate(labels):
                if label.startswith(ABSENT_PREFIX):
                    absent.append(label[len(ABSENT_PREFIX) :])
                    rows.append(values[k])
        need_flow = np.vstack([z + m, *rows]) if rows else z + m
        need = need_flow / x[np.newaxis, :]
    elif ctx is not None:
        missing = [c for c in codes if c not in ctx.pos]
        if missing:
            msg = f"city sectors {missing[:5]} are not sectors of the parent table"
            raise InputDataError(msg)
        here = set(codes)
        absent = [str(c) for c in ctx.table.codes if str(c) not in here]
        order = [ctx.pos[c] for c in [*codes, *absent]]
        need = ctx.a_total[np.ix_(order, [ctx.pos[c] for c in codes])]
    else:
        msg = (
            "gap diagnosis needs the city's imports by product (an n x n import block, as "
            "regionalize writes it) or the parent table"
        )
        raise InputDataError(msg)
    local = np.zeros_like(need)
    local[: city.n] = z / x[np.newaxis, :]
    tot = need[: city.n] @ x
    avg = np.divide(z.sum(axis=1), tot, out=np.zeros(city.n), where=tot > 0)
    return NeedMatrices([*codes, *absent], need, local, city.n, avg)


@lru_cache(maxsize=16)
def table_names(table: IOTable) -> dict[str, tuple[str, str]]:
    """(Chinese, English) name per code (tables are immutable, so cached by identity)."""
    sec = table.sectors
    n = len(sec)
    base = [str(v) for v in sec["name"].tolist()] if "name" in sec else [""] * n
    cols = []
    for col in ("name_zh", "name_en"):
        vals = sec[col].tolist() if col in sec else [""] * n
        cols.append(["" if v is None or pd.isna(v) else str(v) for v in vals])
    return {
        str(code): (zh or b or str(code), en or b or str(code))
        for code, b, zh, en in zip(sec.index, base, cols[0], cols[1], strict=True)
    }


def sector_names(city: IOTable, parent: IOTable | None) -> dict[str, tuple[str, str]]:
    """(Chinese, English) name per code; the city's own names win over the parent's."""
    if parent is None:
        return table_names(city)
    return {**table_names(parent), **table_names(city)}


def city_output_at(ctx: ParentContext, city: IOTable) -> Array:
    """City output at the parent's codes (0 where the city has none)."""
    xr = np.zeros(ctx.table.n)
    missing = [str(c) for c in city.codes if str(c) not in ctx.pos]
    if missing:
        msg = f"city sectors {missing[:5]} are not sectors of the parent table"
        raise InputDataError(msg)
    xr[[ctx.pos[str(c)] for c in city.codes]] = city.x
    return xr
