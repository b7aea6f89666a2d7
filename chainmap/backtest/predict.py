"""The method at base year T, through the same code path as ``chainmap run``.

For region p and base year T the backtest builds, from tables dated ≤ T only (a
:class:`~chainmap.backtest.archive.DatedArchive` refuses later ones):

* the region's table: p's own provincial table at T (no regionalisation is needed:
  the province publishes its table);
* the parent: the national table at T (technology, location quotient, market);
* the output series: p's output in every provincial table ≤ T (growth, stages), and
  its total by year (share rules of the stage inference);
* the market indicators: :func:`chainmap.city.market.calc_market_size` on the national
  table at T, with growth from the previous national table ≤ T;

and calls :func:`chainmap.scenario.runner.run_on_tables`, the function ``chainmap
run`` calls after reading its tables: criteria scoring, gap diagnosis and the selection
MILP are the package's own. The scenario is :data:`chainmap.scenario.schema.DEFAULTS`
with the backtest settings of :data:`BACKTEST_SETTINGS` and any overrides.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from chainmap.backtest.archive import NATIONAL, DatedArchive
from chainmap.backtest.baselines import calc_baselines
from chainmap.city.market import calc_market_size
from chainmap.scenario.runner import run_on_tables
from chainmap.scenario.schema import DEFAULTS, Scenario

#: Settings every backtest run uses (dotted keys): every sector of the province's own
#: table is observed, so all are candidates; no alternatives, weight draws or parameter
#: variants are needed (the backtest reads only the scores and the chosen set).
BACKTEST_SETTINGS: dict[str, Any] = {
    "selection.candidates": "all",
    "selection.alternatives": 0,
    "robustness.weight_draws": 0,
    "robustness.parameter_draws": 0,
    "market.tables": [],
}


@dataclass(frozen=True)
class Prediction:
    """What the method (and each baseline) said at T about region p.

    Attributes
    ----------
    region, year : str, int
    score : Series
        The method's total score by common code.
    criteria : DataFrame
        The five criterion scores (linear in the weights: ``score = criteria @ w``).
    leading, potential : tuple of str
        The MILP's chosen leading and potential industries.
    baselines : DataFrame
        :func:`chainmap.backtest.baselines.calc_baselines`.
    """

    region: str
    year: int
    score: pd.Series
    criteria: pd.DataFrame
    leading: tuple[str, ...]
    potential: tuple[str, ...]
    baselines: pd.DataFrame


def backtest_scenario(overrides: Mapping[str, Any] | None = None, *, name: str = "") -> Scenario:
    """In-memory scenario: :data:`DEFAULTS`, then :data:`BACKTEST_SETTINGS`, then ``overrides``.

    ``overrides`` maps dotted keys to values (e.g. ``{"criteria.weights": {...}}``).
    """
    settings = copy.deepcopy(DEFAULTS)
    for key, value in {**BACKTEST_SETTINGS, **dict(overrides or {})}.items():
        node = settings
        parts = key.split(".")
        for part in parts[:-1]:
            node = node[part]
        node[parts[-1]] = copy.deepcopy(value)
    settings["name"] = name or "backtest"
    return Scenario(name=settings["name"], settings=settings)


def output_series(view: DatedArchive, region: str, codes: pd.Index) -> pd.DataFrame | None:
    """Output of ``region`` by code (rows) and year ≤ as_of (columns); None if < 2 years."""
    years = [y for y in view.years if view.has(region, y)]
    if len(years) < 2:
        return None
    frame = pd.DataFrame({y: view.get(region, y).output.reindex(codes) for y in years})
    return frame.where(frame > 0)


def predict(
    view: DatedArchive,
    region: str,
    *,
    overrides: Mapping[str, Any] | None = None,
) -> Prediction:
    """Run the method for ``region`` at ``view.as_of`` with data dated ≤ as_of only."""
    year = view.as_of
    table = view.get(region, year).to_iotable()
    parent = view.get(NATIONAL, year).to_iotable()
    codes = table.codes
    series = output_series(view, region, codes)
    total = None if series is None else series.sum(axis=0)
    scenario = backtest_scenario(overrides, name=f"backtest {region} {year}")
    earlier = [y for y in view.years if y < year and view.has(NATIONAL, y)]
    prev = view.get(NATIONAL, max(earlier)).to_iotable() if earlier else None
    market = calc_market_size(
        parent,
        earlier=prev,
        later=parent if prev is not None else None,
        basis=scenario.get("criteria.market_basis"),
    )
    result = run_on_tables(
        scenario, parent, table, series=series, total_series=total, market=market
    )
    crit = result.criteria
    return Prediction(
        region=region,
        year=year,
        score=crit.score.astype(float),
        criteria=crit.criteria.astype(float),
        leading=tuple(result.selection.leading),
        potential=tuple(result.selection.potential),
        baselines=calc_baselines(view, region, year, codes),
    )
