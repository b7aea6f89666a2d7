"""Market size and growth for the criteria, from the tables a scenario names.

Growth is taken per sector of the parent's classification where two national tables of
that classification exist up to the run year (:func:`finest_growth_tables`), and from
the ``market.tables`` pair (per 42-sector group) elsewhere. The robustness analysis also
measures it over a longer window, from an earlier national table matched by sector name
(:func:`growth_window_start`, :func:`window_market`).
"""

from __future__ import annotations

import re

import pandas as pd

from chainmap.city.market import (
    MarketBasis,
    calc_market_growth,
    calc_market_growth_by_name,
    calc_market_size,
    combine_growth,
    nbs_concordance,
)
from chainmap.errors import ScenarioError
from chainmap.io.readers import read_table
from chainmap.io.registry import find_entry
from chainmap.io.table import IOTable
from chainmap.scenario.reading import read_scenario_table
from chainmap.scenario.schema import Scenario
from chainmap.scenario.settings import criteria_options

#: Registry ids of national NBS tables: ``cn-nbs-<year>-<sectors>``.
_NATIONAL_ID = re.compile(r"cn-nbs-(\d{4})-(\d+)")
#: Sector lists a longer growth window may start from besides the parent's own: the
#: 2017 benchmark table's 149 sectors, whose Chinese names match 147 of the 153 of the
#: 2018 and 2020 extension tables (:func:`chainmap.city.market.calc_market_growth_by_name`).
WINDOW_START_SECTORS: tuple[int, ...] = (149,)
#: How many years before the baseline window a longer window may start.
WINDOW_MAX_YEARS = 10


def market_indicators(
    scenario: Scenario, parent: IOTable, inputs: dict[str, str], year: int | None = None
) -> pd.DataFrame:
    """Market size, growth and export share per parent sector (``market.*`` keys).

    Raises
    ------
    ScenarioError
        ``market.tables`` does not name two tables, or names tables whose classification
        differs from the parent's with no known concordance.
    """
    ids = list(scenario.get("market.tables"))
    earlier = later = None
    concordance = None
    if len(ids) == 2:
        earlier, later = (
            read_scenario_table(i, scenario, inputs, year=year, key="market.tables") for i in ids
        )
        if earlier.n != parent.n or later.n != parent.n:
            concordance = _concordance_to_42(ids, (earlier, later), parent)
    elif ids:
        msg = f"market.tables must name two tables (earlier, later), got {ids}"
        raise ScenarioError(msg)
    basis = criteria_options(scenario).market_basis
    coarse = calc_market_size(
        parent,
        earlier=earlier,
        later=later,
        concordance=concordance,
        forecasts=dict(scenario.get("market.forecasts")),
        basis=basis,
    )
    fine = finest_growth_tables(parent, year, inputs)
    if fine is None:
        return coarse
    growth = calc_market_growth(fine[0], fine[1], basis)["market_growth"]
    return combine_growth(coarse, growth, [t.meta.table_id or "" for t in fine])


def _concordance_to_42(
    ids: list[str], tables: tuple[IOTable, IOTable], parent: IOTable
) -> pd.Series:
    """Parent code -> 42-sector code, when the market tables are the 42-sector ones."""
    if parent.n not in (149, 153):
        sizes = ", ".join(
            f"{t.meta.table_id or i}: {t.n}" for i, t in zip(ids, tables, strict=True)
        )
        msg = (
            f"market.tables {ids} ({sizes} sectors) do not share the classification "
            f"of the parent {parent.meta.table_id or 'table'} ({parent.n} sectors), and "
            "a concordance is known only from NBS 149/153 to 42 sectors; choose "
            "market tables with the parent's sectors or set market.tables: []"
        )
        raise ScenarioError(msg)
    concordance: pd.Series = nbs_concordance("nbs-153" if parent.n == 153 else "nbs-149")["code_42"]
    return concordance


def finest_growth_tables(
    parent: IOTable, year: int | None, inputs: dict[str, str]
) -> tuple[IOTable, IOTable] | None:
    """The two latest national tables of the parent's classification dated ≤ the run year.

    For a 153-sector parent (2020) and a 2023 run: the 2018 and 2020 153-sector tables,
    so market growth is measured per 153 sector rather than per 42-sector group. None
    when fewer than two such tables are registered (never a table after ``year``).
    """
    if parent.meta.table_id is None or not str(parent.meta.table_id).startswith("cn-nbs-"):
        return None
    last = year if year is not None else parent.meta.year
    if last is None:
        return None
    found: list[IOTable] = []
    for y in range(int(last), int(last) - 10, -1):
        table_id = f"cn-nbs-{y}-{parent.n}"
        if find_entry(table_id) is None:
            continue
        table = parent if parent.meta.table_id == table_id else read_table(table_id)
        if list(table.codes) != list(parent.codes):
            continue
        if table.meta.path:
            inputs[table.meta.path] = table.meta.sha256
        found.append(table)
        if len(found) == 2:
            return found[1], found[0]
    return None


def growth_window_start(market: pd.DataFrame | None, parent: IOTable) -> str | None:
    """The earlier table of the robustness "growth window": registry id, or None.

    The baseline measures growth between the two latest national tables of the parent's
    classification dated ≤ the run year (``market.attrs["growth_tables_fine"]``, e.g.
    2018 → 2020). The longer window starts at the latest registered national table dated
    before that window's start (so ≤ the run year too), of the parent's sector list or of
    :data:`WINDOW_START_SECTORS` (e.g. the 2017 149-sector benchmark table: 2017 → 2020).
    None without per-sector growth or without such a table.
    """
    fine = (market.attrs.get("growth_tables_fine") or []) if market is not None else []
    m = _NATIONAL_ID.fullmatch(str(fine[0])) if len(fine) == 2 else None
    if m is None:
        return None
    start = int(m.group(1))
    for y in range(start - 1, start - 1 - WINDOW_MAX_YEARS, -1):
        for n in dict.fromkeys((parent.n, *WINDOW_START_SECTORS)):
            if find_entry(f"cn-nbs-{y}-{n}") is not None:
                return f"cn-nbs-{y}-{n}"
    return None


def window_market(
    market: pd.DataFrame,
    parent: IOTable,
    start: str,
    basis: MarketBasis,
    inputs: dict[str, str],
) -> pd.DataFrame:
    """The market indicators with growth measured from ``start`` to the baseline's end.

    ``g_i = (M_i,end / M_i,start)^(1 / Δy) − 1`` per sector of the parent, the earlier
    table's sector matched by Chinese name (:func:`calc_market_growth_by_name`); sectors
    without a match keep the baseline's rate (:func:`combine_growth`). ``attrs``
    ``growth_tables_fine`` names the new window.
    """
    end = str(market.attrs["growth_tables_fine"][1])
    later = parent if parent.meta.table_id == end else read_table(end)
    earlier = read_table(start)
    for table in (earlier, later):
        if table.meta.path:
            inputs[table.meta.path] = table.meta.sha256
    growth = calc_market_growth_by_name(earlier, later, basis)["market_growth"]
    return combine_growth(market, growth, [start, end])
