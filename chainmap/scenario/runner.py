"""Run a scenario end to end: table → city table → criteria → gaps → selection.

The stages live in their own modules; this one strings them together, times them and
collects everything into a :class:`ScenarioResult` that :mod:`chainmap.scenario.results`
writes and :mod:`chainmap.report.files` renders:

* :mod:`~chainmap.scenario.reading`, :mod:`~chainmap.scenario.city_table`,
  :mod:`~chainmap.scenario.market_inputs`, :mod:`~chainmap.scenario.policy` and
  :mod:`~chainmap.scenario.analysis`: the tables, the city table and the criteria
  indicators (:func:`analyse_scenario`, cached as a :class:`ScenarioAnalysis`);
* :mod:`~chainmap.scenario.deciding`: the gap diagnoses and the selection
  (:func:`solve_scenario`, on a cached analysis);
* :mod:`~chainmap.scenario.variants`: the parameter variants of the robustness analysis.

Modelling choices made here (documented in every result's ``notes``):

* Chain links enter the selection for a **shortlist** of industries: the best-scored
  ones that may lead or be cultivated (``4 × max leading`` of them, at least 12) plus
  every required industry and every industry named in ``gaps.candidates``. An industry
  outside the shortlist that the optimum chooses joins it and the problem is solved
  again, so every chosen industry's chain is valued.
* The value of covering link (i, j) is ``cost_share_ij × (1 − local_share_ij)``: the
  share of j's intermediate requirements that leaks out of the city through supplier i,
  counted only for links the gap diagnosis marks 补链/强链 (break, weak or choke points),
  divided by the largest chain total so the best chain fully filled is worth 1, like
  the best criterion score; ``selection.objective.link_weight`` (default 0.5, recorded
  in the notes) is the stated weight of the link term against the scores.
* The exact group effect of the chosen leading industries is their joint hypothetical
  extraction (full), reported beside the sum of their single-sector extractions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from chainmap.__about__ import __version__
from chainmap.city.citydata import CityOutput
from chainmap.criteria.scores import CriteriaResult, rescore_criteria
from chainmap.errors import ScenarioError
from chainmap.gaps.diagnosis import GapDiagnosis
from chainmap.io.illustrative import is_illustrative
from chainmap.io.sectors import resolve_sector
from chainmap.io.table import IOTable
from chainmap.scenario.analysis import (
    SOLVE_SETTINGS,
    Clock,
    ScenarioAnalysis,
    analyse_scenario,
    analyse_tables,
    analysis_key,
)
from chainmap.scenario.deciding import (
    MAX_SHORTLIST_ROUNDS,
    Decision,
    DecisionSetup,
    decide,
    diagnose_chains,
    group_effect,
    roles_after_decision,
    solve_alternatives,
)
from chainmap.scenario.market_inputs import finest_growth_tables, market_indicators
from chainmap.scenario.schema import Scenario, assumption_notes, check_codes
from chainmap.scenario.selection_setup import candidate_codes, shortlist
from chainmap.scenario.settings import criteria_options, gap_thresholds
from chainmap.scenario.variants import ParameterOnly, run_variants, with_parameters
from chainmap.select.alternatives import Alternative
from chainmap.select.diagnosis import InfeasibilityDiagnosis
from chainmap.select.inputs import SelectionInputs
from chainmap.select.result import SelectionResult
from chainmap.select.robustness import (
    WeightSensitivity,
    calc_weight_sensitivity,
    summarise_variants,
)

# Names other packages import from here (web, backtest, tests of city), kept so their
# files need no change; the definitions live in the modules named above.
__all__ = [
    "MAX_SHORTLIST_ROUNDS",
    "SOLVE_SETTINGS",
    "ScenarioAnalysis",
    "ScenarioResult",
    "_finest_growth_tables",
    "_market",
    "analyse_scenario",
    "analyse_tables",
    "analysis_key",
    "gap_thresholds",
    "run_on_tables",
    "run_scenario",
    "solve_scenario",
]
_market = market_indicators
_finest_growth_tables = finest_growth_tables

#: Robustness of a result: weight draws (with the parameter variants attached as
#: ``.parameters`` when they ran), the parameter variants alone, or None.
Robustness = WeightSensitivity | ParameterOnly | None


@dataclass
class ScenarioResult:
    """Everything a scenario run produced (see :func:`~chainmap.scenario.results.write_results`)."""

    scenario: Scenario
    parent: IOTable
    city: IOTable
    measures: pd.DataFrame
    criteria: CriteriaResult
    gaps: dict[str, GapDiagnosis]  # candidate code -> its chain-gap diagnosis
    selection_inputs: SelectionInputs
    selection: SelectionResult
    alternatives: list[Alternative] = field(default_factory=list)
    infeasibility: InfeasibilityDiagnosis | None = None
    group_effect: dict[str, Any] = field(default_factory=dict)
    robustness: Robustness = None
    city_output: CityOutput | None = None
    notes: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    inputs: dict[str, str] = field(default_factory=dict)  # file -> sha256
    #: regionalisation provenance: method, parent/province tables, observed vs modelled
    regionalisation: dict[str, Any] = field(default_factory=dict)
    #: the province's shares of use from other provinces and abroad (None: national parent)
    origins: pd.DataFrame | None = None

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
            "regionalisation": self.regionalisation,
        }
        if timings:
            out["timings_s"] = {k: round(v, 4) for k, v in self.timings.items()}
        return out


def run_on_tables(
    scenario: Scenario,
    parent: IOTable,
    city: IOTable,
    *,
    progress: Callable[[int, int], None] | None = None,
    **tables: Any,
) -> ScenarioResult:
    """:func:`analyse_tables` then :func:`solve_scenario`: ``chainmap run`` on given tables.

    Keyword arguments other than ``progress`` go to :func:`analyse_tables`
    (``city_output``, ``series``, ``total_series``, ``groups``, ``market``...).
    """
    analysis = analyse_tables(scenario, parent, city, **tables)
    return solve_scenario(scenario, analysis, progress=progress)


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
    return solve_scenario(scenario, analyse_scenario(scenario), progress=progress)


def solve_scenario(
    scenario: Scenario,
    analysis: ScenarioAnalysis,
    *,
    progress: Callable[[int, int], None] | None = None,
    decision_only: bool = False,
) -> ScenarioResult:
    """Score and select on a cached analysis (the steps after :func:`analyse_scenario`).

    ``scenario`` may differ from the one analysed only in :data:`SOLVE_SETTINGS`
    (criterion weights, selection, robustness...). ``decision_only`` skips the
    alternatives, group effect and robustness (the decision itself is unchanged).

    Raises
    ------
    ScenarioError
        ``scenario`` changes a setting of the analysis.
    """
    if analysis_key(scenario) != analysis.key:
        msg = f"{scenario.name}: settings of the analysis changed; run analyse_scenario again"
        raise ScenarioError(msg)
    clock = Clock()
    clock.timings.update(analysis.timings)
    notes = [*assumption_notes(scenario), *analysis.notes]
    city = analysis.city
    codes = check_codes(scenario, list(city.codes), lambda t: resolve_sector(city, t))
    criteria = _rescored(scenario, analysis, clock)
    notes.extend(criteria.notes)
    candidates = _candidates(scenario, analysis, codes, notes)
    with clock.step("gaps"):
        short = shortlist(scenario, criteria, codes, candidates)
        setup = DecisionSetup(
            scenario,
            city,
            analysis.parent,
            codes,
            candidates,
            short,
            gap_cache=analysis.gaps,
            link_cache=analysis.links,
        )
        gaps = diagnose_chains(city, analysis.parent, short, scenario, analysis.gaps)
    with clock.step("selection"):
        decision = decide(setup, criteria, gaps, notes)
        alternatives = [] if decision_only else solve_alternatives(scenario, decision)
    selection = decision.selection
    if selection.leading or selection.potential:
        criteria = roles_after_decision(criteria, selection, candidates)
    effect: dict[str, Any] = {}
    robustness: Robustness = None
    inputs = dict(analysis.inputs)  # and what the robustness variants read
    if selection.leading and not decision_only:
        with clock.step("group_effect"):
            effect = group_effect(city, analysis.measures, selection.leading)
        robustness = _robustness(
            analysis, setup, criteria, gaps, decision, clock, notes, progress, inputs
        )
    notes.extend(_selection_notes(scenario, short))
    return ScenarioResult(
        scenario=scenario,
        parent=analysis.parent,
        city=city,
        measures=analysis.measures,
        criteria=criteria,
        gaps=gaps,
        selection_inputs=decision.inputs,
        selection=selection,
        alternatives=alternatives,
        infeasibility=decision.infeasibility,
        group_effect=effect,
        robustness=robustness,
        city_output=analysis.city_output,
        notes=notes,
        timings=clock.timings,
        inputs=inputs,
        regionalisation=dict(analysis.regionalisation),
        origins=analysis.origins,
    )


def _rescored(scenario: Scenario, analysis: ScenarioAnalysis, clock: Clock) -> CriteriaResult:
    """The analysis's criteria, re-weighted when the scenario's criteria options differ."""
    options = criteria_options(scenario)
    if options == analysis.criteria.options:
        return analysis.criteria
    with clock.step("rescore"):
        return rescore_criteria(analysis.criteria, options)


def _candidates(
    scenario: Scenario, analysis: ScenarioAnalysis, codes: dict[str, Any], notes: list[str]
) -> list[str]:
    """The industries that may be chosen, with a note when the city data limit them.

    Raises
    ------
    ScenarioError
        A required industry is not a candidate.
    """
    city, city_output = analysis.city, analysis.city_output
    covered = None if city_output is None else [c for c in city_output.covered if c in city.codes]
    candidates = candidate_codes(scenario, city, covered)
    if len(candidates) < city.n:
        chosen = set(candidates)
        sections = analysis.sections
        services = (
            []
            if sections is None
            else [c for c in city.codes if c not in chosen and sections.get(c) == "S"]
        )
        notes.append(
            f"selection candidates: the {len(candidates)} industries the city data report "
            "(selection.candidates: covered); filled sectors are neither chosen nor filled"
            + (
                f"; {len(services)} service sectors (e.g. software, internet, e-commerce) "
                "are not candidates because the city data do not cover them — add their "
                "output to the city data to make them eligible"
                if services
                else ""
            )
        )
    bad = [c for c in codes["selection.require"] if c not in candidates]
    if bad:
        msg = (
            f"{scenario.path}: key 'selection.require': {bad} are not candidates (not in the "
            "city data); set selection.candidates: all to allow them"
        )
        raise ScenarioError(msg)
    return candidates


def _robustness(
    analysis: ScenarioAnalysis,
    setup: DecisionSetup,
    criteria: CriteriaResult,
    gaps: dict[str, GapDiagnosis],
    decision: Decision,
    clock: Clock,
    notes: list[str],
    progress: Callable[[int, int], None] | None,
    inputs: dict[str, str],
) -> Robustness:
    """Weight draws, then the parameter variants (each when the scenario asks for it);
    files the variants read are added to ``inputs``."""
    scenario, selection = setup.scenario, decision.selection
    weights: WeightSensitivity | None = None
    draws = int(scenario.get("robustness.weight_draws"))
    if draws > 0:
        with clock.step("robustness"):
            weights = calc_weight_sensitivity(
                decision.inputs,
                n_draws=draws,
                concentration=float(scenario.get("robustness.concentration")),
                seed=int(scenario.get("robustness.seed")),
                baseline=selection,
                solver=scenario.get("selection.solver"),
                time_limit=float(scenario.get("selection.time_limit")),
                progress=progress,
                max_solves=int(scenario.get("robustness.max_solves")),
            )
    n_variants = int(scenario.get("robustness.parameter_draws"))
    if n_variants <= 0:
        return weights
    with clock.step("robustness_parameters"):
        variants = run_variants(analysis, setup, criteria, gaps, n_variants, inputs)
        weight_freq = None if weights is None else weights.table["selected_frequency"]
        params = summarise_variants(
            selection.leading, variants, list(setup.city.codes), weight_frequency=weight_freq
        )
        notes.append(f"robustness: {params.summary['text']}")
        return with_parameters(weights, params)


def _selection_notes(scenario: Scenario, short: list[str]) -> list[str]:
    """The link scale and the shortlist size, stated in every result."""
    link_weight = float(scenario.get("selection.objective.link_weight"))
    return [
        "link values scaled so the most valuable chain, fully filled, is worth 1 (the score "
        f"scale); selection.objective.link_weight = {link_weight:g}",
        f"chain links valued for a shortlist of {len(short)} industries "
        "(best-scored eligible ones, required ones and gaps.candidates)",
    ]
