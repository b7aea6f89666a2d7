"""Market size (市场规模), criterion 4: national demand, its growth, export share.

The source report says market size sets the ceiling on an industry's contribution and
is forward-looking (000:1248) but gives no measure. The tool's measure:

* ``market_size``: national demand for the product in the latest national table.
  ``basis="final"`` (default) is final use other than exports, inventory change and the
  statistical error, i.e. household, NPISH and government consumption plus gross fixed
  capital formation, of domestic and imported origin (a non-competitive table's
  imported final use is added). Inventory change is left out because it is a stock
  adjustment that is often negative (a table that publishes only gross capital
  formation, inventories included, is used as published). ``basis="total"`` adds
  intermediate use (both origins), the whole home market a producer sells into; use it
  when intermediate goods (ores, chemicals, power) matter, whose final use is often zero.
* ``market_growth``: compound annual growth of the same quantity between two national
  tables of one classification (by default the 2017 and 2020 42-sector NBS tables,
  both non-competitive), at current prices. A table at 149 or 153 sectors is mapped to
  the 42 sectors with the concordance shipped in ``chainmap/data/nbs_sectors_to_42.csv``
  (the official 2017 42↔149 concordance, plus name matches for the 153-sector list and
  six documented manual entries; aggregating the 2018 and 2020 153-sector tables with it
  reproduces the 42-sector outputs to 1e-14). Growth is NaN where the demand is not
  positive in either year.
* ``export_share``: exports / gross output in the latest national table.

A scenario may replace ``market_size`` with forecasts per sector.

Growth at the finest level (:func:`combine_growth`): when two national tables of the
parent's own classification are registered up to the run year T (the 2018 and 2020
153-sector tables for a 2023 run on the 2020 table), growth is taken per sector from
them, and the 42-sector group rate is kept only where that is NaN. No table after T.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from importlib import resources
from typing import Literal

import numpy as np
import pandas as pd

from chainmap.errors import InputDataError, ScenarioError, require_finite_number
from chainmap.io.table import IOTable

MarketBasis = Literal["final", "total"]

#: Final-demand columns that are not part of the home market for a product.
EXCLUDED_FINAL_DEMAND: frozenset[str] = frozenset(
    {"exports", "imports", "inventory_change", "statistical_error"}
)


def nbs_concordance(scheme: Literal["nbs-149", "nbs-153"]) -> pd.DataFrame:
    """The shipped concordance of NBS 149/153-sector codes to the 42 sectors.

    Returns
    -------
    DataFrame indexed by code with ``name_zh``, ``code_42``, ``name_zh_42``, ``basis``.

    Examples
    --------
    >>> nbs_concordance("nbs-153").loc["090", ["name_zh", "code_42"]].tolist()
    ['计算机', '20']
    """
    text = resources.files("chainmap").joinpath("data/nbs_sectors_to_42.csv")
    with resources.as_file(text) as path:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame = frame[frame["scheme"] == scheme].drop(columns="scheme").set_index("code")
    if frame.empty:
        msg = f"unknown concordance scheme {scheme!r} (use nbs-149 or nbs-153)"
        raise ScenarioError(msg)
    return frame


def calc_demand(table: IOTable, basis: MarketBasis = "final") -> pd.Series:
    """National demand for each product of ``table`` (see the module docstring).

    Examples
    --------
    >>> from chainmap.io.examples import miller_blair_2x2
    >>> calc_demand(miller_blair_2x2()).tolist()  # household consumption only
    [100.0, 500.0]
    >>> calc_demand(miller_blair_2x2(), "total").tolist()
    [750.0, 800.0]
    """
    if basis not in ("final", "total"):
        msg = f"market basis must be 'final' or 'total', got {basis!r}"
        raise ScenarioError(msg)
    keep = [c for c in table.final_demand.columns if c not in EXCLUDED_FINAL_DEMAND]
    demand = table.final_demand[keep].sum(axis=1).astype(float)
    if table.imports_final_demand is not None:
        imf = table.imports_final_demand.reindex(index=table.codes, fill_value=0.0)
        demand = demand + imf[[c for c in imf.columns if c not in EXCLUDED_FINAL_DEMAND]].sum(
            axis=1
        )
    if basis == "total":
        demand = demand + table.Z.sum(axis=1)
        if table.imports is not None and table.imports.shape[0] == table.n:
            demand = demand + table.imports.set_axis(table.codes, axis=0).sum(axis=1)
    return demand.rename("market_size")


def _concordance_for(
    table: IOTable, target: pd.Index, concordance: Mapping[str, str] | pd.Series | None
) -> pd.Series:
    codes = [str(c) for c in table.codes]
    if concordance is not None:
        mapping = pd.Series(dict(concordance), dtype=object)
        where = "market concordance"
    elif set(codes) <= set(map(str, target)):
        return pd.Series(codes, index=table.codes)
    else:
        scheme: Literal["nbs-149", "nbs-153"] | None = None
        if table.n in (149, 153):
            scheme = "nbs-149" if table.n == 149 else "nbs-153"
            frame = nbs_concordance(scheme)
        if scheme is None or set(codes) != set(frame.index):
            msg = (
                f"market growth: table {table.meta.table_id or table.meta.region!r} has codes "
                f"that are neither the growth tables' codes nor an NBS 149/153 list; pass a "
                "concordance (code -> growth-table code)"
            )
            raise ScenarioError(msg)
        names = table.sectors.get("name_zh", pd.Series("", index=table.codes)).astype(str)
        expected = frame["name_zh"].astype(str)
        wrong = [
            f"{c} ({str(names[c]).strip()} vs {expected[c]})"
            for c in codes
            if str(names[c]).strip() and str(names[c]).strip() != expected[c]
        ]
        if wrong:
            msg = f"market growth: sector names differ from the {scheme} concordance: {wrong[:5]}"
            raise InputDataError(msg)
        mapping = frame["code_42"]
        where = f"{scheme} concordance"
    missing = [c for c in codes if c not in mapping.index]
    if missing:
        msg = f"{where}: no entry for codes {missing}"
        raise ScenarioError(msg)
    mapping = mapping.reindex(codes)
    bad = sorted(set(mapping) - set(map(str, target)))
    if bad:
        msg = f"{where}: target codes {bad} are not in the growth tables"
        raise ScenarioError(msg)
    return pd.Series(mapping.to_numpy(), index=table.codes)


def calc_market_growth(
    earlier: IOTable, later: IOTable, basis: MarketBasis = "final"
) -> pd.DataFrame:
    """Compound annual growth of national demand between two tables of one classification.

    ``g = (M_later / M_earlier)^(1 / (year_later − year_earlier)) − 1``, NaN where M is
    not positive in either year.

    Returns
    -------
    DataFrame indexed by the tables' codes: ``demand_earlier``, ``demand_later``,
    ``market_growth``.

    Raises
    ------
    InputDataError
        Different codes, or years missing or not increasing.
    """
    if list(earlier.codes) != list(later.codes):
        msg = (
            "market growth: the two tables must share one classification; "
            f"{earlier.meta.table_id} has {earlier.n} codes, {later.meta.table_id} {later.n}"
        )
        raise InputDataError(msg)
    y0, y1 = earlier.meta.year, later.meta.year
    if y0 is None or y1 is None or y1 <= y0:
        msg = f"market growth: need increasing table years, got {y0} and {y1}"
        raise InputDataError(msg)
    m0, m1 = calc_demand(earlier, basis), calc_demand(later, basis)
    ok = (m0 > 0) & (m1 > 0)
    ratio = (m1.where(ok) / m0.where(ok)).astype(float)
    growth = np.power(ratio, 1.0 / (y1 - y0)) - 1.0
    return pd.DataFrame(
        {"demand_earlier": m0, "demand_later": m1, "market_growth": growth}, index=later.codes
    )


def calc_market_size(
    national: IOTable,
    *,
    earlier: IOTable | None = None,
    later: IOTable | None = None,
    concordance: Mapping[str, str] | pd.Series | None = None,
    basis: MarketBasis = "final",
    forecasts: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """Market-size indicators for every sector of ``national``.

    Parameters
    ----------
    national : IOTable
        Latest national table at the codes being scored (e.g. the 2020 153-sector
        table that a city table was regionalised from).
    earlier, later : IOTable, optional
        Two national tables of one classification for growth (e.g. the 2017 and 2020
        42-sector tables). Without them ``market_growth`` is NaN.
    concordance : mapping, optional
        ``national code -> growth-table code``; by default the identity when the codes
        agree, or the shipped NBS 149/153 → 42 concordance.
    basis : {"final", "total"}
    forecasts : mapping, optional
        ``code -> forecast market size`` (table unit) replacing ``market_size``.

    Returns
    -------
    DataFrame indexed by code: ``market_size``, ``market_growth``, ``export_share``,
    ``market_source`` ("table" or "forecast"), ``growth_code``; ``attrs`` record the
    basis and the tables used.

    Raises
    ------
    ScenarioError
        A forecast for an unknown code or a negative/non-finite forecast.

    Examples
    --------
    >>> from chainmap.io.examples import miller_blair_2x2
    >>> m = calc_market_size(miller_blair_2x2(), forecasts={"2": 650.0})
    >>> m[["market_size", "export_share", "market_source"]].to_numpy().tolist()
    [[100.0, 0.25, 'table'], [650.0, 0.6, 'forecast']]
    """
    size = calc_demand(national, basis)
    if "exports" in national.final_demand.columns:
        export_share = national.final_demand["exports"].astype(float) / national.output
    else:
        export_share = pd.Series(math.nan, index=national.codes)
    growth = pd.Series(math.nan, index=national.codes)
    growth_code = pd.Series("", index=national.codes, dtype=object)
    if (earlier is None) != (later is None):
        msg = "market growth needs both an earlier and a later table"
        raise ScenarioError(msg)
    if earlier is not None and later is not None:
        g = calc_market_growth(earlier, later, basis)
        mapping = _concordance_for(national, g.index, concordance)
        growth = pd.Series(
            g["market_growth"].reindex(mapping.to_numpy()).to_numpy(), index=mapping.index
        )
        growth_code = mapping
    source = pd.Series("table", index=national.codes, dtype=object)
    for code, value in dict(forecasts or {}).items():
        if str(code) not in size.index:
            msg = f"market.forecasts.{code}: unknown sector code {code!r}"
            raise ScenarioError(msg)
        forecast = require_finite_number(value, f"market.forecasts.{code}: forecast")
        if forecast < 0:
            msg = f"market.forecasts.{code}: forecast must be a number >= 0, got {value!r}"
            raise ScenarioError(msg)
        size[str(code)] = forecast
        source[str(code)] = "forecast"
    out = pd.DataFrame(
        {
            "market_size": size,
            "market_growth": growth,
            "export_share": export_share,
            "market_source": source,
            "growth_code": growth_code,
        },
        index=national.codes,
    )
    out.attrs["basis"] = basis
    out.attrs["table"] = national.meta.table_id or national.meta.region
    out.attrs["growth_tables"] = (
        [earlier.meta.table_id, later.meta.table_id] if earlier is not None and later else []
    )
    return out


def calc_market_growth_by_name(
    earlier: IOTable, later: IOTable, basis: MarketBasis = "final"
) -> pd.DataFrame:
    """Growth per sector of ``later`` from an earlier table of another NBS list, by name.

    NBS changed its sector list between the 2017 benchmark table (149 sectors) and the
    2018 and 2020 extension tables (153): 147 sectors keep their Chinese name, while
    construction is split (房屋建筑 → 住宅房屋建筑 + 体育场馆和其他房屋建筑, …) and two
    equipment sectors are renamed. A sector of ``later`` whose ``name_zh`` is the name
    of exactly one sector of ``earlier`` gets ``g = (M_later / M_earlier)^(1 / Δy) − 1``
    (:func:`calc_demand`, Δy the years between the tables); the others get NaN, so
    :func:`combine_growth` keeps their coarser rate. This measures growth from the
    benchmark table (2017 → 2020 over three years) instead of between two extension
    tables (2018 → 2020).

    Returns
    -------
    DataFrame indexed by ``later``'s codes: ``earlier_code`` ("" when unmatched),
    ``demand_earlier``, ``demand_later``, ``market_growth``.

    Raises
    ------
    InputDataError
        Years missing or not increasing.

    Examples
    --------
    >>> import dataclasses
    >>> from chainmap.io.examples import miller_blair_2x2
    >>> t0 = miller_blair_2x2()  # 2009; household consumption 100 and 500
    >>> fd = t0.final_demand * [1.21, 1.0]
    >>> t1 = t0.replace(final_demand=fd, meta=dataclasses.replace(t0.meta, year=2011))
    >>> calc_market_growth_by_name(t0, t1)["market_growth"].round(6).tolist()
    [0.1, 0.1]
    """
    y0, y1 = earlier.meta.year, later.meta.year
    if y0 is None or y1 is None or y1 <= y0:
        msg = f"market growth: need increasing table years, got {y0} and {y1}"
        raise InputDataError(msg)

    def names(table: IOTable) -> pd.Series:
        col = table.sectors.get("name_zh", pd.Series("", index=table.codes))
        return col.astype(str).str.strip()

    before = names(earlier)
    unique = before[~before.duplicated(keep=False) & (before != "")]
    by_name = pd.Series(unique.index, index=unique.to_numpy())
    match = names(later).map(by_name)
    m0 = calc_demand(earlier, basis).reindex(match.dropna().to_numpy())
    m0.index = match.dropna().index
    m0 = m0.reindex(later.codes)
    m1 = calc_demand(later, basis)
    ok = (m0 > 0) & (m1 > 0)
    ratio = (m1.where(ok) / m0.where(ok)).astype(float)
    growth = np.power(ratio, 1.0 / (y1 - y0)) - 1.0
    return pd.DataFrame(
        {
            "earlier_code": match.fillna("").astype(str),
            "demand_earlier": m0,
            "demand_later": m1,
            "market_growth": growth,
        },
        index=later.codes,
    )


def combine_growth(coarse: pd.DataFrame, fine_growth: pd.Series, tables: list[str]) -> pd.DataFrame:
    """Market indicators with growth at the finest level available.

    ``fine_growth`` (per code of ``coarse``, from two tables of the same classification)
    replaces ``market_growth`` where it is finite; elsewhere the coarse group rate stays.
    ``growth_code`` is the code itself where the fine rate is used; ``attrs`` record
    ``growth_tables_fine``.

    Examples
    --------
    >>> coarse = pd.DataFrame({"market_growth": [0.05, 0.05, 0.02],
    ...                        "growth_code": ["20", "20", "21"]}, index=["a", "b", "c"])
    >>> out = combine_growth(coarse, pd.Series({"a": 0.10, "b": -0.01, "c": float("nan")}),
    ...                      ["t2018", "t2020"])
    >>> out["market_growth"].tolist(), out["growth_code"].tolist()
    ([0.1, -0.01, 0.02], ['a', 'b', '21'])
    """
    out = coarse.copy()
    fine = fine_growth.reindex(out.index).astype(float)
    use = np.isfinite(fine.to_numpy())
    out.loc[use, "market_growth"] = fine[use]
    out.loc[use, "growth_code"] = out.index[use]
    out.attrs = dict(coarse.attrs)
    out.attrs["growth_tables_fine"] = list(tables)
    return out
