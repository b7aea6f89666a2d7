"""Where a chain link's supply comes from today: the city, other provinces or abroad.

A provincial table with gross trade flows gives, for each product i, the province's own
output ``x_i``, exports abroad ``e_i``, outflows to other provinces ``o_i``, imports from
abroad ``m_i`` and inflows from other provinces ``n_i``. The province's use of i is
``u_i = x_i − e_i − o_i + m_i + n_i`` and the shares of that use bought from other
provinces and from abroad are ``n_i / u_i`` and ``m_i / u_i`` (``u_i`` raised to
``m_i + n_i`` where re-exports make ``x_i − e_i − o_i`` negative, so that the two never
exceed 1).

Under the proportionality assumption the provincial local shares already rest on (every
buyer of i in the province buys it in the same proportions), a city link i → j with
local share ``s_ij = r_ij / a_ij`` buys from other provinces and from abroad

    other_ij  = k_ij · n_i / u_i,   abroad_ij = k_ij · m_i / u_i,
    k_ij = min(1, (1 − s_ij) / ((n_i + m_i) / u_i)),

so that the city, other provinces and abroad never add up to more than the link's need;
the remainder ``1 − s_ij − other_ij − abroad_ij`` comes from elsewhere in the province.
A national parent table has no inter-provincial flows: there only "bought outside the
city" (``1 − s_ij``) is known.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from chainmap.io.readers.provincial import ProvincialTable
from chainmap.io.table import IOTable
from chainmap.iomath import Array

#: Columns of a gap-link table that carry its supply origins (fractions of the link's need).
ORIGIN_COLUMNS: tuple[str, str] = ("source_other_provinces", "source_abroad")


def calc_origin_shares(
    output: Array, exports: Array, outflows: Array, imports: Array, inflows: Array
) -> tuple[Array, Array]:
    """Shares ``n_i / u_i`` (other provinces) and ``m_i / u_i`` (abroad) of a province's use.

    ``u_i = max(x_i − e_i − o_i + m_i + n_i, m_i + n_i)`` (module formula), imports and
    inflows as positive amounts (negative entries count as 0), missing flows as 0. NaN
    where the product has no use.

    Examples
    --------
    >>> import numpy as np
    >>> o, m = calc_origin_shares(*(np.array([v]) for v in (100.0, 10.0, 30.0, 20.0, 20.0)))
    >>> o.tolist(), m.tolist()
    ([0.2], [0.2])
    """
    x = np.asarray(output, dtype=float)
    e, o = (np.nan_to_num(np.asarray(v, dtype=float)) for v in (exports, outflows))
    m, n = (np.maximum(np.nan_to_num(np.asarray(v, dtype=float)), 0.0) for v in (imports, inflows))
    use = np.maximum(x - e - o + m + n, m + n)
    with np.errstate(divide="ignore", invalid="ignore"):
        other = np.where(use > 0, n / use, np.nan)
        abroad = np.where(use > 0, m / use, np.nan)
    return other, abroad


def calc_province_sources(table: ProvincialTable) -> pd.DataFrame:
    """Shares of the province's use of each product from other provinces and from abroad.

    Returns
    -------
    DataFrame
        Index = the table's sector codes; columns ``other_provinces`` (``n_i / u_i``) and
        ``abroad`` (``m_i / u_i``). NaN where the table gives no separate gross flows
        (net trade only, or inflows that include foreign imports) or the product has no use.
    """
    fu = table.final_use
    codes = [str(c) for c in table.codes]
    nan = pd.DataFrame(np.nan, index=codes, columns=["other_provinces", "abroad"])
    cols = ("exports", "outflows", "imports", "inflows")
    if table.trade_form != "gross" or any(fu[c].isna().all() for c in cols):
        return nan
    e, o, m, n = (fu[c].to_numpy(dtype=float) for c in cols)
    other, abroad = calc_origin_shares(table.x.to_numpy(dtype=float), e, o, m, n)
    return pd.DataFrame({"other_provinces": other, "abroad": abroad}, index=codes)


def calc_table_sources(table: IOTable) -> pd.DataFrame | None:
    """:func:`calc_province_sources` from a provincial workbook read as an :class:`IOTable`.

    The provincial reader keeps ``exports``, ``imports``, ``outflows`` and ``inflows`` as
    final-demand columns (imports and inflows negative). None for a table without all
    four (a national table, or a province giving net trade only).
    """
    fd = table.final_demand
    cols = ("exports", "outflows", "imports", "inflows")
    if any(c not in fd.columns for c in cols) or not fd["inflows"].abs().sum() > 0:
        return None
    e, o, m, n = (fd[c].to_numpy(dtype=float) for c in cols)
    other, abroad = calc_origin_shares(table.x, e, o, -m, -n)  # stored negative
    codes = [str(c) for c in table.codes]
    return pd.DataFrame({"other_provinces": other, "abroad": abroad}, index=codes)


def calc_link_sources(local_share: Array, other: Array, abroad: Array) -> tuple[Array, Array]:
    """Parts of each link's need bought from other provinces and from abroad (module formula).

    Parameters
    ----------
    local_share : array
        ``s_ij = r_ij / a_ij`` of each link.
    other, abroad : array
        The province's shares ``n_i / u_i`` and ``m_i / u_i`` of each link's product.

    Examples
    --------
    >>> import numpy as np
    >>> o, m = calc_link_sources(np.array([0.4, 0.9]), np.array([0.3, 0.3]), np.array([0.1, 0.1]))
    >>> o.round(3).tolist(), m.round(3).tolist()
    ([0.3, 0.075], [0.1, 0.025])
    """
    s = np.clip(np.asarray(local_share, dtype=float), 0.0, 1.0)
    o = np.asarray(other, dtype=float)
    a = np.asarray(abroad, dtype=float)
    outside = o + a
    with np.errstate(divide="ignore", invalid="ignore"):
        k = np.where(outside > 0, np.minimum(1.0, (1.0 - s) / outside), 1.0)
    return o * k, a * k


def sources_at_codes(
    province: pd.DataFrame, concordance: pd.Series, codes: list[str]
) -> pd.DataFrame:
    """The province's shares (:func:`calc_province_sources`) at other codes.

    ``concordance`` maps each code (e.g. 153-sector) to the province's product code
    (42-sector); codes the province table lists itself map to themselves. Products
    outside both are NaN.
    """
    own = set(province.index)
    target = [c if c in own else concordance.get(c) for c in codes]
    out = province.reindex(pd.Index(target, dtype=object))
    out.index = pd.Index(codes, dtype=object)
    return out


def calc_gap_link_origins(links: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Supply origins of every link of a gap diagnosis (:func:`calc_link_sources`).

    Parameters
    ----------
    links : DataFrame
        A diagnosis's link table: index = supplier codes, column ``local_share``.
    sources : DataFrame
        The province's shares at the same code scheme (:func:`sources_at_codes`), columns
        ``other_provinces`` and ``abroad``; suppliers it lacks get NaN.

    Returns
    -------
    DataFrame
        Index as ``links``; columns :data:`ORIGIN_COLUMNS` (fractions of each link's need).

    Examples
    --------
    >>> links = pd.DataFrame({"local_share": [0.4, 0.9]}, index=["01", "02"])
    >>> src = pd.DataFrame({"other_provinces": [0.3, 0.3], "abroad": [0.1, 0.1]},
    ...                    index=["01", "02"])
    >>> calc_gap_link_origins(links, src).round(3).to_dict("list")
    {'source_other_provinces': [0.3, 0.075], 'source_abroad': [0.1, 0.025]}
    """
    at = sources.reindex([str(c) for c in links.index])
    other, abroad = calc_link_sources(
        links["local_share"].to_numpy(dtype=float),
        at["other_provinces"].to_numpy(dtype=float),
        at["abroad"].to_numpy(dtype=float),
    )
    return pd.DataFrame(dict(zip(ORIGIN_COLUMNS, (other, abroad), strict=True)), index=links.index)
