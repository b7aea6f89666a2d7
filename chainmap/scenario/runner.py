"""Run a scenario end to end: table → city table → criteria → gaps → selection.

This is the only orchestration module. Each step calls the pure functions of its own
module; the runner only turns scenario settings into their arguments, times the steps
and collects everything into a :class:`ScenarioResult` that :mod:`chainmap.scenario.results`
writes and :mod:`chainmap.report.files` renders.

Modelling choices made here (documented in every result's ``notes``):

* Chain links enter the selection for a **shortlist** of industries: the best-scored
  ones that may lead or be cultivated (``4 × max leading`` of them, at least 12) plus
  every required industry and every industry named in ``gaps.candidates``. An industry
  outside the shortlist that the optimum chooses joins it and the problem is solved
  again, so every chosen industry's chain is valued.
* The value of covering link (i, j) is ``cost_share_ij × (1 − local_share_ij)``: the
  share of j's intermediate requirements that leaks out of the city through supplier i,
  counted only for links the gap diagnosis marks 补链/强链 (break, weak or choke points).
  It is dimensionless, like the criterion scores (0..1).
* The exact group effect of the chosen leading industries is their joint hypothetical
  extraction (full), reported beside the sum of their single-sector extractions.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from chainmap.__about__ import __version__
from chainmap.analysis.extraction import calc_group_extraction
from chainmap.analysis.summary import analyze_table
from chainmap.city.citydata import (
    complete_city_output,
    map_to_parent,
    read_city_data,
    read_concordance,
)
from chainmap.city.market import calc_market_size, nbs_concordance
from chainmap.city.regional import regionalize
from chainmap.criteria.roles import apply_decision
from chainmap.criteria.scores import CriteriaOptions, score_criteria
from chainmap.errors import ScenarioError
from chainmap.gaps.diagnosis import GapThresholds, diagnose_gaps
from chainmap.io.illustrative import is_illustrative
from chainmap.io.readers import read_table
from chainmap.io.registry import find_entry
from chainmap.io.sectors import resolve_sector
from chainmap.io.table import IOTable
from chainmap.scenario.schema import Scenario, check_codes
from chainmap.scenario.selection_setup import build_selection_inputs, candidate_codes, shortlist
from chainmap.select.robustness import calc_weight_sensitivity
from chainmap.select.selection import (
    SelectionStatus,
    build_problem,
    diagnose_infeasibility,
    solve_k_best,
    solve_problem,
)

logger = logging.getLogger(__name__)

#: Rounds of "add chosen industries outside the shortlist, solve again".
MAX_SHORTLIST_ROUNDS = 4


@dataclass
class ScenarioResult:
    """Everything a scenario run produced (see :func:`~chainmap.scenario.results.write_results`)."""

    scenario: Scenario
    parent: IOTable
    city: IOTable
    measures: pd.DataFrame
    criteria: Any  # chainmap.criteria.scores.CriteriaResult
    gaps: dict[str, Any]  # code -> chainmap.gaps.diagnosis.GapDiagnosis
    selection_inputs: Any  # chainmap.select.selection.SelectionInputs
    selection: Any  # chainmap.select.selection.SelectionResult
    alternatives: list[Any] = field(default_factory=list)
    infeasibility: Any = None
    group_effect: dict[str, Any] = field(default_factory=dict)
    robustness: Any = None
    city_output: Any = None
    notes: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    inputs: dict[str, str] = field(default_factory=dict)  # file -> sha256

    @property
    def illustrative(self) -> bool:
        """True when the data are the shipped illustrative economy, not statistics."""
        return bool(self.scenario.get("illustrative")) or is_illustrative(self.city)

    def provenance(self, *, timings: bool = True) -> dict[str, Any]:
        """Version, scenario with overrides, input hashes, solver and status, timings."""
        out: dict[str, Any] = {
            "chainmap_version": __version__,
            "scenario": self.scenario.to_dict(),
            "input_sha256": dict(sorted(self.inputs.items())),
            "parent_table": self.parent.meta.to_dict(),
            "solver": self.selection.solver if self.selection is not None else None,
            "status": str(self.selection.status) if self.selection is not None else None,
            "illustrative": self.illustrative,
        }
        if timings:
            out["timings_s"] = {k: round(v, 4) for k, v in self.timings.items()}
        return out


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class _Clock:
    def __init__(self) -> None:
        self.timings: dict[str, float] = {}

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        yield
        self.timings[name] = time.perf_counter() - start
        logger.info("%s: %.3f s", name, self.timings[name])


def _read(source: str, scenario: Scenario, inputs: dict[str, str]) -> IOTable:
    registered = find_entry(source)
    if registered is None:  # not a registry id: a path written in the scenario
        path = scenario.resolve_path(source)
        table = read_table(path)
    else:
        table = read_table(source, repair=tuple(getattr(registered, "repair", ()) or ()))
    if table.meta.path:
        inputs[table.meta.path] = table.meta.sha256
    return table


def _city_table(
    scenario: Scenario, parent: IOTable, inputs: dict[str, str], notes: list[str]
) -> tuple[IOTable, Any, pd.DataFrame | None]:
    """Regionalise the parent with the scenario's city data (or use the parent itself)."""
    city = scenario.get("city")
    if not city["data"]:
        notes.append("no city data: the parent table itself is analysed as the region")
        return parent, None, None
    data_path = scenario.resolve_path(city["data"])
    inputs[str(data_path)] = _sha256(data_path) if data_path.exists() else ""
    key_column = city.get("key_column")
    local = read_city_data(
        data_path,
        value_column=city["column"],
        key_column=key_column,
        measure=city["measure"],
        unit=city.get("unit") or "",
        region=city["name"],
    )
    series = None
    if city["concordance"]:
        conc_path = scenario.resolve_path(city["concordance"])
        inputs[str(conc_path)] = _sha256(conc_path)
        conc = read_concordance(conc_path)
        local = map_to_parent(local, conc, parent, unreported=city["unreported"])
    else:
        conc = None
    series = _output_series(scenario, data_path, parent, conc)
    method = scenario.get("regionalization.method")
    table = regionalize(
        parent,
        local,
        method=method,
        delta=float(scenario.get("regionalization.delta")),
        fill=city["fill"],
        fill_total=city["fill_total"],
    )
    completed = complete_city_output(
        local, parent, fill=city["fill"], fill_total=city["fill_total"]
    )
    notes.extend(table.meta.notes)
    if series is not None:
        # sectors the city does not have leave the city table (fill "zero"/"exclude")
        series = series.loc[series.index.isin(table.codes)].reindex(table.codes)
    return table, completed, series


def _output_series(
    scenario: Scenario, data_path: Path, parent: IOTable, conc: pd.DataFrame | None
) -> pd.DataFrame | None:
    """City output by year (columns ``yYYYY`` of the city CSV) at parent codes, if present."""
    city = scenario.get("city")
    header = pd.read_csv(data_path, nrows=0).columns
    years = [c for c in header if isinstance(c, str) and c[:1] == "y" and c[1:].isdigit()]
    if len(years) < 2:
        return None
    columns = {}
    for col in years:
        data = read_city_data(
            data_path,
            value_column=col,
            key_column=city.get("key_column"),
            measure=city["measure"],
            unit=city.get("unit") or "",
        )
        if conc is not None:
            data = map_to_parent(data, conc, parent, unreported=city["unreported"])
        columns[int(col[1:])] = data.values
    frame = pd.DataFrame(columns).sort_index(axis=1)
    frame.index = frame.index.astype(str)
    return frame


def _market(scenario: Scenario, parent: IOTable, inputs: dict[str, str]) -> pd.DataFrame:
    ids = list(scenario.get("market.tables"))
    forecasts = dict(scenario.get("market.forecasts"))
    earlier = later = None
    concordance = None
    if len(ids) == 2:
        earlier, later = (_read(i, scenario, inputs) for i in ids)
        if earlier.n != parent.n or later.n != parent.n:
            if parent.n not in (149, 153):
                msg = (
                    f"market.tables {ids}: their {earlier.n}-sector classification differs "
                    f"from the {parent.n}-sector parent and no concordance is known"
                )
                raise ScenarioError(msg)
            concordance = nbs_concordance("nbs-153" if parent.n == 153 else "nbs-149")["code_42"]
    elif ids:
        msg = f"market.tables must name two tables (earlier, later), got {ids}"
        raise ScenarioError(msg)
    return calc_market_size(
        parent, earlier=earlier, later=later, concordance=concordance, forecasts=forecasts
    )


def run_scenario(
    scenario: Scenario, *, progress: Callable[[int, int], None] | None = None
) -> ScenarioResult:
    """Run every step of a scenario and return the collected result.

    Parameters
    ----------
    scenario : Scenario
        From :func:`chainmap.scenario.schema.load_scenario`.
    progress : callable, optional
        ``progress(done, total)`` for the Monte Carlo weight draws.

    Returns
    -------
    ScenarioResult

    Raises
    ------
    ChainmapError
        Bad input data or scenario (unknown codes name the key and the file).
    """
    clock = _Clock()
    inputs: dict[str, str] = {}
    notes: list[str] = []
    with clock.step("read_table"):
        parent = _read(scenario.get("table"), scenario, inputs)
        if scenario.get("technology") == "total" and parent.meta.table_type != "competitive":
            parent = parent.total_technology()
    with clock.step("regionalize"):
        city, city_output, series = _city_table(scenario, parent, inputs, notes)
    with clock.step("market"):
        market = _market(scenario, parent, inputs) if scenario.get("market.tables") else None
    return run_on_tables(
        scenario,
        parent,
        city,
        city_output=city_output,
        series=series,
        market=market,
        progress=progress,
        clock=clock,
        inputs=inputs,
        notes=notes,
    )


def run_on_tables(
    scenario: Scenario,
    parent: IOTable,
    city: IOTable,
    *,
    city_output: Any = None,
    series: pd.DataFrame | None = None,
    total_series: pd.Series | None = None,
    market: pd.DataFrame | None = None,
    progress: Callable[[int, int], None] | None = None,
    clock: _Clock | None = None,
    inputs: dict[str, str] | None = None,
    notes: list[str] | None = None,
) -> ScenarioResult:
    """Every step after the tables are read: criteria → gaps → selection → robustness.

    :func:`run_scenario` reads the tables named by the scenario and calls this; callers
    that already hold the tables (the backtest, which builds them from provincial
    workbooks dated ≤ T) call it directly, so both run the same code path.

    Parameters
    ----------
    scenario : Scenario
        Settings (criteria, selection, gaps, robustness); its table keys are not read.
    parent, city : IOTable
        Parent (technology, LQ, market) and the region's table (``city is parent``
        when the parent itself is analysed).
    city_output : CityOutput, optional
        Which sectors the city data cover (``selection.candidates: covered``).
    series : DataFrame, optional
        Output by industry (rows) and year (columns) for growth and stages.
    total_series : Series, optional
        Total output by year (share rules of the stage inference).
    market : DataFrame, optional
        Market indicators (:func:`chainmap.city.market.calc_market_size`).
    progress : callable, optional
        ``progress(done, total)`` for the weight draws.

    Returns
    -------
    ScenarioResult
    """
    clock = clock if clock is not None else _Clock()
    inputs = inputs if inputs is not None else {}
    notes = notes if notes is not None else []
    codes = check_codes(scenario, list(city.codes), lambda t: resolve_sector(city, t))
    with clock.step("analyze"):
        measures = analyze_table(city)
    with clock.step("criteria"):
        criteria = score_criteria(
            city,
            parent=parent if city is not parent else None,
            market=market,
            stages=codes["stages"] or None,
            output_series=series,
            total_series=total_series,
            policy=codes["policy"] or None,
            options=_criteria_options(scenario),
        )
    notes.extend(criteria.notes)

    covered = None if city_output is None else [c for c in city_output.covered if c in city.codes]
    candidates = candidate_codes(scenario, city, covered)
    if len(candidates) < city.n:
        notes.append(
            f"selection candidates: the {len(candidates)} industries the city data report "
            "(selection.candidates: covered); filled sectors are neither chosen nor filled"
        )
    bad = [c for c in codes["selection.require"] if c not in candidates]
    if bad:
        msg = (
            f"{scenario.path}: key 'selection.require': {bad} are not candidates (not in the "
            "city data); set selection.candidates: all to allow them"
        )
        raise ScenarioError(msg)
    with clock.step("gaps"):
        short = shortlist(scenario, criteria, codes, candidates)
        gaps = _diagnose(city, parent, short, scenario)
    with clock.step("selection"):
        # An industry chosen on its score alone has an unvalued chain: add it to the
        # shortlist and solve again until every chosen chain is valued.
        for _ in range(MAX_SHORTLIST_ROUNDS):
            sel_inputs = build_selection_inputs(scenario, city, criteria, gaps, codes, candidates)
            selection, alternatives, infeasibility = _select(scenario, sel_inputs)
            outside = [c for c in (*selection.leading, *selection.potential) if c not in gaps]
            if not outside:
                break
            short.extend(outside)
            gaps.update(_diagnose(city, parent, outside, scenario))
        else:
            notes.append(
                f"after {MAX_SHORTLIST_ROUNDS} rounds chosen industries {outside} still had "
                "unvalued chains"
            )
    if selection.leading or selection.potential:
        criteria = _roles_after_decision(criteria, selection)
    group_effect: dict[str, Any] = {}
    if selection.leading:
        with clock.step("group_effect"):
            group_effect = _group_effect(city, measures, selection.leading)
    robustness = None
    draws = int(scenario.get("robustness.weight_draws"))
    if draws > 0 and selection.leading:
        with clock.step("robustness"):
            robustness = calc_weight_sensitivity(
                sel_inputs,
                n_draws=draws,
                concentration=float(scenario.get("robustness.concentration")),
                seed=int(scenario.get("robustness.seed")),
                baseline=selection,
                solver=scenario.get("selection.solver"),
                time_limit=float(scenario.get("selection.time_limit")),
                progress=progress,
                max_solves=int(scenario.get("robustness.max_solves")),
            )
    notes.append(
        f"chain links valued for a shortlist of {len(short)} industries "
        "(best-scored eligible ones, required ones and gaps.candidates)"
    )
    return ScenarioResult(
        scenario=scenario,
        parent=parent,
        city=city,
        measures=measures,
        criteria=criteria,
        gaps=gaps,
        selection_inputs=sel_inputs,
        selection=selection,
        alternatives=alternatives,
        infeasibility=infeasibility,
        group_effect=group_effect,
        robustness=robustness,
        city_output=city_output,
        notes=notes,
        timings=clock.timings,
        inputs=inputs,
    )


def _roles_after_decision(criteria: Any, selection: Any) -> Any:
    """Criteria result whose roles agree with the chosen portfolio."""
    roles = apply_decision(
        criteria.roles,
        selection.leading,
        selection.potential,
        criteria.indicators["forward_linkage"],
        criteria.indicators["intermediate_share"],
        rules=criteria.options.roles,
    )
    return dataclasses.replace(criteria, roles=roles)


def _criteria_options(scenario: Scenario) -> Any:
    section = dict(scenario.get("criteria"))
    section["strict_stages"] = scenario.get("selection.strict_stages")
    roles = dict(section.pop("roles") or {})
    roles.setdefault("n_leading", _upper(scenario.get("selection.n_leading")))
    section["roles"] = roles
    return CriteriaOptions.from_mapping(section)


def _upper(value: Any) -> int:
    return int(value[-1]) if isinstance(value, list) else int(value)


def gap_thresholds(scenario: Scenario) -> GapThresholds:
    """The gap thresholds a scenario sets (``gaps.key_share``, ``gaps.target_local_share``)."""
    return GapThresholds(
        key_share=float(scenario.get("gaps.key_share")),
        fill_target=float(scenario.get("gaps.target_local_share")),
    )


def _diagnose(
    city: IOTable, parent: IOTable, short: list[str], scenario: Scenario
) -> dict[str, Any]:
    thresholds = gap_thresholds(scenario)
    out: dict[str, Any] = {}
    for code in short:
        if city.z[:, list(city.codes).index(code)].sum() <= 0 and city.imports is None:
            continue
        out[code] = diagnose_gaps(
            city, code, parent=parent if parent is not city else None, thresholds=thresholds
        )
    return out


def _select(scenario: Scenario, inputs: Any) -> tuple[Any, list[Any], Any]:
    solver = scenario.get("selection.solver")
    limit = float(scenario.get("selection.time_limit"))
    result = solve_problem(build_problem(inputs), solver=solver, time_limit=limit)
    if result.status not in (SelectionStatus.OPTIMAL, SelectionStatus.FEASIBLE):
        return result, [], diagnose_infeasibility(inputs, solver=solver, time_limit=limit)
    k = int(scenario.get("selection.alternatives"))
    alternatives = (
        solve_k_best(inputs, k + 1, solver=solver, time_limit=limit, best=result)[1:] if k else []
    )
    return result, alternatives, None


def _group_effect(
    city: IOTable, measures: pd.DataFrame, leading: tuple[str, ...]
) -> dict[str, Any]:
    group = calc_group_extraction(city, list(leading))
    additive = float(measures.loc[list(leading), "hem_full"].sum())
    out = dataclasses.asdict(group)
    out["sectors"] = list(group.sectors)
    out["additive_full"] = additive
    out["interaction_full"] = float(group.full - additive)
    out["share_of_output"] = float(group.full / city.x.sum())
    return {k: (float(v) if isinstance(v, np.floating) else v) for k, v in out.items()}
