"""The expensive stages of a run, cached while only the weights or the selection change.

:func:`analyse_scenario` reads the tables, regionalises, analyses the city table and
computes the criteria indicators; :func:`chainmap.scenario.runner.solve_scenario` then
scores and selects on the :class:`ScenarioAnalysis`, as often as the settings in
:data:`SOLVE_SETTINGS` change (the browser workbench re-solves this way).
"""

from __future__ import annotations

import copy
import hashlib
import json
import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import pandas as pd

from chainmap.analysis.summary import analyze_table
from chainmap.city.citydata import CityOutput
from chainmap.criteria.scores import CriteriaOptions, CriteriaResult, score_criteria
from chainmap.errors import ScenarioError
from chainmap.gaps.diagnosis import GapDiagnosis
from chainmap.io.sectors import resolve_sector
from chainmap.io.table import IOTable
from chainmap.scenario.city_table import Regionaliser, city_table
from chainmap.scenario.market_inputs import market_indicators
from chainmap.scenario.policy import PolicySupport, policy_support
from chainmap.scenario.reading import check_not_after, read_scenario_table, scenario_year
from chainmap.scenario.schema import Scenario, check_codes
from chainmap.scenario.selection_setup import LinkCache, calc_sections

logger = logging.getLogger(__name__)

#: Settings that do not change the analysis stages (tables, regionalisation, measures,
#: market, criteria indicators, gap diagnoses): changing only these re-runs scoring and
#: selection (:func:`chainmap.scenario.runner.solve_scenario`) on a cached
#: :class:`ScenarioAnalysis`.
SOLVE_SETTINGS: tuple[str, ...] = (
    "name",
    "description",
    "criteria.weights",
    "criteria.weighting",
    "criteria.ahp_matrix",
    "criteria.normalisation",
    "criteria.aggregation",
    "criteria.indicator_weights",
    "criteria.roles",
    "gaps.candidates",
    "selection",
    "robustness",
    "report",
)


class Clock:
    """Wall-clock seconds per named step of a run (logged as each step ends)."""

    def __init__(self) -> None:
        self.timings: dict[str, float] = {}

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        yield
        self.timings[name] = time.perf_counter() - start
        logger.info("%s: %.3f s", name, self.timings[name])


@dataclass(frozen=True)
class CriteriaData:
    """What the criteria are scored from besides the city table, the policy and the options.

    One place for the arguments of :func:`chainmap.criteria.scores.score_criteria`, so the
    analysis and every parameter variant of the robustness analysis score alike.
    """

    parent: IOTable
    market: pd.DataFrame | None = None
    stages: dict[str, str] | None = None  # stages the scenario states, by code
    series: pd.DataFrame | None = None
    total_series: pd.Series | None = None
    groups: dict[str, str] | None = None

    def score(
        self,
        city: IOTable,
        policy: PolicySupport,
        options: CriteriaOptions,
        *,
        driving: pd.DataFrame | None = None,
    ) -> CriteriaResult:
        """Score ``city`` (``driving``: reuse these driving-effect indicators)."""
        return score_criteria(
            city,
            parent=self.parent if city is not self.parent else None,
            market=self.market,
            stages=self.stages or None,
            output_series=self.series,
            total_series=self.total_series,
            groups=self.groups,
            policy=policy,
            options=options,
            driving=driving,
        )


@dataclass
class ScenarioAnalysis:
    """The expensive stages of a run, reusable while only :data:`SOLVE_SETTINGS` change.

    ``gaps`` caches the chain-gap diagnosis of every industry diagnosed so far (they
    depend only on the tables and the gap thresholds, which are part of the analysis).
    ``policy``, ``data`` and ``again`` are what the parameter variants of the robustness
    analysis re-score and regionalise with. ``origins``: the province's shares of use
    from other provinces and abroad at the table's codes, when a provincial table was
    read (:func:`chainmap.scenario.city_table.supply_origins`).
    """

    key: str
    parent: IOTable
    city: IOTable
    city_output: CityOutput | None
    measures: pd.DataFrame
    criteria: CriteriaResult  # scored with the options of the scenario analysed
    notes: list[str]
    timings: dict[str, float]
    inputs: dict[str, str]
    data: CriteriaData
    regionalisation: dict[str, Any] = field(default_factory=dict)
    gaps: dict[str, GapDiagnosis] = field(default_factory=dict)
    links: LinkCache = field(default_factory=dict)  # links read from the cached diagnoses
    policy: PolicySupport = None
    again: Regionaliser | None = None
    origins: pd.DataFrame | None = None
    # robustness "growth window" markets by (start table, market basis), each with the
    # files it read: computed on the first solve that asks, reused by later ones
    window_markets: dict[tuple[str, str], tuple[pd.DataFrame, dict[str, str]]] = field(
        default_factory=dict
    )

    @cached_property
    def sections(self) -> pd.Series | None:
        """NBS section per sector of the city table (S = services); None for others."""
        try:
            return calc_sections(self.city)
        except ScenarioError:
            return None


def analysis_key(scenario: Scenario) -> str:
    """Hash of every setting that changes the analysis stages (not :data:`SOLVE_SETTINGS`).

    Two scenarios with the same key can share one :class:`ScenarioAnalysis`; the key
    includes the scenario's folder, since relative data paths are resolved from it.
    """
    settings = copy.deepcopy(scenario.settings)
    for dotted in SOLVE_SETTINGS:
        *parents, last = dotted.split(".")
        node = settings
        for part in parents:
            node = node[part]
        node.pop(last, None)
    text = json.dumps([str(scenario.root), settings], sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def analyse_scenario(scenario: Scenario) -> ScenarioAnalysis:
    """Read the tables, regionalise, analyse, and compute the criteria indicators.

    Raises
    ------
    ChainmapError
        Bad input data or scenario.
    """
    clock = Clock()
    inputs: dict[str, str] = {}
    notes: list[str] = []
    regional: dict[str, Any] = {}
    with clock.step("read_table"):
        parent = read_scenario_table(scenario.get("table"), scenario, inputs)
        year = scenario_year(scenario, parent.meta.year)
        check_not_after(parent, year, "table", scenario)
        if year is not None:
            notes.append(
                f"scenario year {year}: no table or city column dated after {year} is read"
            )
        if scenario.get("technology") == "total" and parent.meta.table_type != "competitive":
            parent = parent.total_technology()
    with clock.step("regionalize"):
        city = city_table(scenario, parent, inputs, notes, regional, year)
    return analyse_tables(
        scenario,
        parent,
        city.table,
        city_output=city.output,
        series=city.series,
        groups=city.groups,
        market=lambda: (
            market_indicators(scenario, parent, inputs, year)
            if scenario.get("market.tables")
            else None
        ),
        clock=clock,
        inputs=inputs,
        notes=notes,
        regional=regional,
        again=city.again,
        origins=city.origins,
    )


def analyse_tables(
    scenario: Scenario,
    parent: IOTable,
    city: IOTable,
    *,
    city_output: CityOutput | None = None,
    series: pd.DataFrame | None = None,
    total_series: pd.Series | None = None,
    groups: dict[str, str] | None = None,
    market: pd.DataFrame | Callable[[], pd.DataFrame | None] | None = None,
    clock: Clock | None = None,
    inputs: dict[str, str] | None = None,
    notes: list[str] | None = None,
    regional: dict[str, Any] | None = None,
    again: Regionaliser | None = None,
    origins: pd.DataFrame | None = None,
) -> ScenarioAnalysis:
    """The analysis after the tables are read: measures, policy support, criteria.

    :func:`analyse_scenario` reads the tables named by the scenario (refusing any dated
    after the scenario year) and calls this; callers that already hold the tables (the
    backtest, which builds them from provincial workbooks dated ≤ T) call it through
    :func:`chainmap.scenario.runner.run_on_tables`, so ``chainmap run`` and the backtest
    share one code path. The caller passes only data dated ≤ T: nothing here reads a
    file except the scenario's ``policy_documents``.

    Parameters
    ----------
    scenario : Scenario
        Settings; its table keys are not read.
    parent, city : IOTable
        Parent (technology, LQ, market) and the region's table (``city is parent``
        when the parent itself is analysed).
    city_output : CityOutput, optional
        Which sectors the city data cover (``selection.candidates: covered``).
    series : DataFrame, optional
        Output by industry (rows) and year (columns) for growth and stages.
    total_series : Series, optional
        Total output by year (stage share rules); default ``series.attrs["total"]``.
    groups : dict, optional
        ``code -> group`` of sectors sharing city figures
        (:func:`chainmap.scenario.city_table.concordance_groups`).
    market : DataFrame or callable, optional
        Market indicators (:func:`chainmap.city.market.calc_market_size`), or a function
        computing them (timed as the ``market`` step).
    again : callable, optional
        Regionalises again with another δ / without shares (the regionalisation variants
        of the robustness analysis; :func:`chainmap.scenario.city_table.city_table`);
        without it they are skipped.
    origins : DataFrame, optional
        Shares of the province's use from other provinces and abroad, at the city
        table's codes (:func:`chainmap.scenario.city_table.supply_origins`).
    """
    clock = clock if clock is not None else Clock()
    inputs = inputs if inputs is not None else {}
    notes = notes if notes is not None else []
    if total_series is None and series is not None:
        total_series = series.attrs.get("total")
    codes = check_codes(scenario, list(city.codes), lambda t: resolve_sector(city, t))
    with clock.step("analyze"):
        measures = analyze_table(city)
    with clock.step("market"):
        market_frame = market() if callable(market) else market
        notes.extend(_market_notes(market_frame, parent))
    with clock.step("policy"):
        policy, options = policy_support(scenario, city, codes, inputs, notes)
    data = CriteriaData(parent, market_frame, codes["stages"], series, total_series, groups)
    with clock.step("criteria"):
        criteria = data.score(city, policy, options)
    return ScenarioAnalysis(
        key=analysis_key(scenario),
        parent=parent,
        city=city,
        city_output=city_output,
        measures=measures,
        criteria=criteria,
        notes=notes,
        timings=clock.timings,
        inputs=inputs,
        data=data,
        regionalisation=regional if regional is not None else {},
        policy=policy,
        again=again,
        origins=origins,
    )


def _market_notes(market: pd.DataFrame | None, parent: IOTable) -> list[str]:
    """Where market growth came from, when it is per sector of the parent."""
    if market is None or not market.attrs.get("growth_tables_fine"):
        return []
    fine = market.attrs["growth_tables_fine"]
    coarse = ", ".join(market.attrs.get("growth_tables") or []) or "—"
    return [
        f"market growth per {parent.n}-sector product from {fine[0]} to {fine[1]} "
        "(latest two tables of the parent's classification up to the run year); the "
        f"group rate of {coarse} only where that is missing"
    ]
