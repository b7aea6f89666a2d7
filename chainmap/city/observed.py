"""Observed local supply of a provincial table: local shares and regional coefficients.

These figures are *observed* (read from the province's own table), not modelled.

The provincial tables are competitive-import tables: z_ij mixes products made in the
province, in other provinces (inflows n_i) and abroad (imports m_i).  Under the
**proportionality assumption** — every user of product *i* in the province (each
industry and each final-use category) takes the same fraction of local, other-province
and foreign supply — the share of the province's own production in its use of *i* is

    s_i = (x_i − e_i − o_i) / (x_i − e_i − o_i + m_i + n_i)            (gross form)

with gross output x, exports e, outflows to other provinces o, imports m and inflows n
(all ≥ 0; where 流出/流入 already include foreign trade, e = m = 0).  The denominator is
the province's total use of *i* (intermediate + final domestic use, including
inventory change and the statistical error).  The regional (local-input) coefficient
matrix is

    r = diag(s) · A,    A = Z · diag(x)^-1   (a_ij = z_ij / x_j; a_ij = 0 when x_j = 0).

**Net form** (2002 tables, some 1997 provinces and national tables before 2000, which
give only net outflows d_i = e_i + o_i − m_i − n_i): without cross-hauling,

    s_i = (x_i − d_i⁺) / (x_i − d_i⁺ + d_i⁻) = min(1, x_i / (x_i − d_i))   for d_i < x_i,

which is an **upper bound** of the gross-form share (cross-hauling can only lower it).

Transit and re-export trade (e_i + o_i > x_i) gives a negative numerator; such shares
are clipped to 0 (and any above 1 to 1) and the sectors are named in ``quirks``.
Sectors with no use at all (0/0) get share 0.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from chainmap.io.readers.provincial import ProvincialTable

__all__ = [
    "LocalShares",
    "calc_local_share",
    "calc_regional_coefficients",
    "technical_coefficients",
]


@dataclass
class LocalShares:
    """Observed local shares of one table.

    Attributes
    ----------
    share : Series
        s_i in [0, 1] (clipped), indexed by sector code.
    raw : Series
        s_i before clipping (NaN where 0/0).
    form : str
        ``"gross"`` or ``"net"`` (upper bound, see module docstring).
    quirks : list of str
        Clipped and undefined sectors, in plain words.
    """

    share: pd.Series
    raw: pd.Series
    form: str
    quirks: list[str] = field(default_factory=list)


#: Output below this (万元) is an empty sector (rounding noise such as −0.0003 occurs).
EMPTY_OUTPUT = 0.5


def technical_coefficients(table: ProvincialTable) -> pd.DataFrame:
    """Total-use (competitive) input coefficients a_ij = z_ij / x_j (0 for empty sectors)."""
    x = table.x.to_numpy(dtype=float)
    ok = x >= EMPTY_OUTPUT
    a = np.where(ok, table.Z.to_numpy(dtype=float) / np.where(ok, x, 1.0), 0.0)
    return pd.DataFrame(a, index=table.codes, columns=table.codes)


def calc_local_share(table: ProvincialTable, *, clip: bool = True) -> LocalShares:
    """Observed share of the province's own production in its use of each product.

    Parameters
    ----------
    table : ProvincialTable
        A provincial table (a national table gives the domestic share of use).
    clip : bool
        Clip to [0, 1] (default); the clipped sectors are listed in ``quirks``.

    Returns
    -------
    LocalShares
        Gross form s_i = (x−e−o)/(x−e−o+m+n) when gross trade flows are given,
        otherwise the net form min(1, x/(x−d)) (an upper bound).
    """
    fu = table.final_use
    x = table.x.to_numpy(dtype=float)
    quirks: list[str] = []
    if table.trade_form == "gross":
        out = (fu["exports"].fillna(0) + fu["outflows"].fillna(0)).to_numpy(dtype=float)
        inn = (fu["imports"].fillna(0) + fu["inflows"].fillna(0)).to_numpy(dtype=float)
        form = "gross"
    elif table.trade_form == "net":
        d = fu["net_outflows"].fillna(0).to_numpy(dtype=float)
        out, inn = np.maximum(d, 0.0), np.maximum(-d, 0.0)
        form = "net"
        quirks.append(
            "only net outflows given: share = min(1, x/(x − net outflows)), an upper "
            "bound that ignores cross-hauling"
        )
    else:
        out = inn = np.zeros_like(x)
        form = "gross"
        quirks.append("no trade columns: every product treated as locally supplied")
    num = x - out
    den = num + inn
    with np.errstate(divide="ignore", invalid="ignore"):
        raw = np.where(np.abs(den) > 1e-9, num / np.where(np.abs(den) > 1e-9, den, 1.0), np.nan)
    codes = table.codes
    undefined = [c for c, v in zip(codes, raw, strict=False) if np.isnan(v)]
    if undefined:
        quirks.append(
            f"no use of {len(undefined)} products (share undefined, set to 0): "
            + ", ".join(undefined)
        )
    s = np.nan_to_num(raw, nan=0.0)
    if clip:
        low = [
            f"{c} {n}"
            for c, n, v, nu in zip(codes, table.names, s, num, strict=False)
            if v < 0 or nu < 0
        ]
        high = [f"{c} {n}" for c, n, v in zip(codes, table.names, s, strict=False) if v > 1]
        if low:
            quirks.append(
                f"local share negative for {len(low)} sectors (exports+outflows exceed "
                f"output: transit/re-export trade), clipped to 0: " + ", ".join(low)
            )
        if high:
            quirks.append(
                f"local share above 1 for {len(high)} sectors, clipped to 1: " + ", ".join(high)
            )
        s = np.where(num < 0, 0.0, np.clip(s, 0.0, 1.0))
    return LocalShares(
        pd.Series(s, index=codes, name="local_share"),
        pd.Series(raw, index=codes, name="local_share_raw"),
        form,
        quirks,
    )


def calc_regional_coefficients(
    table: ProvincialTable, shares: LocalShares | None = None
) -> pd.DataFrame:
    """Observed regional coefficients r = diag(s) · A (local inputs per unit of output).

    Parameters
    ----------
    table : ProvincialTable
    shares : LocalShares, optional
        Precomputed :func:`calc_local_share` (clipped) result.

    Returns
    -------
    DataFrame
        r_ij = s_i · z_ij / x_j, sector × sector; 0 ≤ r_ij ≤ a_ij when z ≥ 0.
    """
    s = (shares or calc_local_share(table)).share.to_numpy(dtype=float)
    a = technical_coefficients(table)
    return pd.DataFrame(s[:, None] * a.to_numpy(), index=a.index, columns=a.columns)
