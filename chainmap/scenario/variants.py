"""Parameter variants of the robustness analysis: the decision under other modelling choices.

Each variant changes one choice the weight draws do not touch: the regionalisation δ
(or dropping the provincial / learned shares), the stage thresholds, policy support
on/off, or the window market growth is measured over; it re-scores and re-solves the
decision (no alternatives) reusing everything the choice does not change.
:func:`chainmap.select.robustness.summarise_variants` turns them into the share of
variants choosing each industry.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from dataclasses import dataclass

import pandas as pd

from chainmap.city.stages import StageRules
from chainmap.criteria.options import INDICATORS
from chainmap.criteria.scores import CriteriaOptions, CriteriaResult
from chainmap.errors import ChainmapError
from chainmap.gaps.diagnosis import GapDiagnosis
from chainmap.scenario.analysis import ScenarioAnalysis
from chainmap.scenario.deciding import DecisionSetup, decide, diagnose_chains
from chainmap.scenario.market_inputs import growth_window_start, window_market
from chainmap.scenario.policy import policy_off
from chainmap.select.robustness import ParameterSensitivity, Variant, WeightSensitivity

logger = logging.getLogger(__name__)

#: δ grid of the regionalisation variants (FLQ); the scenario's δ is left out.
DELTA_GRID: tuple[float, ...] = (0.1, 0.2, 0.3, 0.4, 0.5)
#: Factors on every stage threshold in the stage-threshold variants.
STAGE_FACTORS: tuple[float, ...] = (0.75, 1.25, 0.9, 1.1)


@dataclass
class VariantSpec:
    """One variant: its family, its label and the one choice it changes."""

    family: str
    label: str
    delta: float | None = None
    use_province: bool = True
    stage_rules: StageRules | None = None
    policy_off: bool = False
    growth_from: str | None = None  # registry id of the table a longer growth window starts at


@dataclass(frozen=True)
class ParameterOnly:
    """Robustness without weight draws: the parameter variants only."""

    table: pd.DataFrame
    parameters: ParameterSensitivity


def scaled_rules(rules: StageRules, factor: float) -> StageRules:
    """Every threshold of ``rules`` times ``factor`` (counts and zero thresholds kept)."""
    values = {
        f.name: (v if f.name == "min_observations" else v * factor)
        for f in dataclasses.fields(rules)
        for v in [getattr(rules, f.name)]
    }
    return StageRules(**values)


def _regionalisation_family(analysis: ScenarioAnalysis, setup: DecisionSetup) -> list[VariantSpec]:
    """FLQ without the provincial/learned shares at δ 0.3/0.2/0.4, or FLQ at other δ."""
    sc = setup.scenario
    shared = "provincial" if sc.get("regionalization.province") else None
    if shared is None and sc.get("regionalization.method") == "learned":
        shared = "learned"
    if shared:
        return [
            VariantSpec("regionalization", f"FLQ δ = {d:g}, no {shared} shares", d, False)
            for d in (0.3, 0.2, 0.4)
        ]
    base = float(sc.get("regionalization.delta"))
    method = sc.get("regionalization.method")
    quotient = method in ("flq", "aflq")
    grid = sorted(
        (d for d in DELTA_GRID if not quotient or abs(d - base) > 1e-9),
        key=lambda d: (abs(d - base), d),
    )
    name = method.upper() if quotient else "FLQ"
    return [VariantSpec("regionalization", f"{name} δ = {d:g}", d) for d in grid]


def _table_year(table_id: str) -> str:
    """The year in a registry id (``cn-nbs-2017-149`` → ``2017``), else the id itself."""
    m = re.search(r"-(\d{4})-", table_id)
    return m.group(1) if m else table_id


def variant_specs(
    analysis: ScenarioAnalysis, setup: DecisionSetup, options: CriteriaOptions, limit: int
) -> list[VariantSpec]:
    """The parameter variants, families interleaved so a small ``limit`` keeps each one.

    * regionalisation: with provincial shares, the FLQ without them at δ 0.2/0.3/0.4;
      otherwise FLQ at every δ of :data:`DELTA_GRID` but the scenario's (a non-FLQ
      method is replaced by FLQ);
    * stage thresholds (only when stages are inferred from a series): every threshold
      × :data:`STAGE_FACTORS`;
    * policy on/off: policy off, when the scenario has policy support;
    * growth window (when growth is measured per sector between two tables): growth from
      an earlier national table dated ≤ the run year to the same end
      (:func:`chainmap.scenario.market_inputs.growth_window_start`, e.g. 2017 → 2020 from
      the 149-sector benchmark table instead of 2018 → 2020).
    """
    families: list[list[VariantSpec]] = []
    if analysis.again is not None:
        families.append(_regionalisation_family(analysis, setup))
    if analysis.data.series is not None:
        rules = options.stage_rules
        families.append(
            [
                VariantSpec(
                    "stages", f"stage thresholds × {f:g}", stage_rules=scaled_rules(rules, f)
                )
                for f in STAGE_FACTORS
            ]
        )
    if analysis.policy is not None and len(analysis.policy):
        families.append([VariantSpec("policy", "policy support off", policy_off=True)])
    market = analysis.data.market
    start = growth_window_start(market, setup.parent)
    if market is not None and start is not None:
        end = str(market.attrs["growth_tables_fine"][1])
        label = f"market growth {_table_year(start)} → {_table_year(end)}"
        families.append([VariantSpec("growth_window", label, growth_from=start)])
    out: list[VariantSpec] = []
    for i in range(max((len(f) for f in families), default=0)):
        out.extend(f[i] for f in families if i < len(f))
    return out[:limit]


def run_variants(
    analysis: ScenarioAnalysis,
    setup: DecisionSetup,
    criteria: CriteriaResult,
    gaps: dict[str, GapDiagnosis],
    limit: int,
    inputs: dict[str, str],
) -> list[Variant]:
    """Re-run criteria and selection under each variant, reusing what it does not change.

    The driving effect (parent technology) and market are reused by every variant; the
    city table and the gap diagnosis are recomputed only for a regionalisation variant
    (on the baseline's shortlist); one selection per variant, without alternatives. Files
    a variant reads (a growth window's earlier table) are added to ``inputs``, the run's.
    """
    # the driving effect is on the parent's technology (or the city table when there is
    # no parent): reusable unless a variant changes the table it is computed on
    driving_cols = [i.name for i in INDICATORS if i.criterion == "driving_effect"]
    reuse = setup.city is not setup.parent
    driving = criteria.indicators[driving_cols] if reuse else None
    out: list[Variant] = []
    for spec in variant_specs(analysis, setup, criteria.options, limit):
        variant = dataclasses.replace(setup, short=list(setup.short))
        chains = dict(gaps)
        if spec.delta is not None and analysis.again is not None:
            variant.city = analysis.again(spec.delta, spec.use_province)
            variant.gap_cache = {}  # another city table: its own diagnoses and links
            variant.link_cache = {}
            chains = diagnose_chains(
                variant.city, setup.parent, list(setup.short), setup.scenario, variant.gap_cache
            )
        options, policy = criteria.options, analysis.policy
        if spec.stage_rules is not None:
            options = dataclasses.replace(options, stage_rules=spec.stage_rules)
        if spec.policy_off:
            options, policy = policy_off(options), None
        data = analysis.data
        try:
            if spec.growth_from is not None and data.market is not None:
                market = _window_market(analysis, data.market, spec.growth_from, options, inputs)
                data = dataclasses.replace(data, market=market)
            scored = data.score(variant.city, policy, options, driving=driving)
            sel = decide(variant, scored, chains).selection
            out.append(Variant(spec.family, spec.label, sel.leading, sel.potential, sel.is_solved))
        except ChainmapError as exc:  # a bad variant (or its table) must not stop the run
            logger.warning("robustness variant %s failed: %s", spec.label, exc)
            out.append(Variant(spec.family, spec.label, (), (), False))
    return out


def _window_market(
    analysis: ScenarioAnalysis,
    market: pd.DataFrame,
    start: str,
    options: CriteriaOptions,
    inputs: dict[str, str],
) -> pd.DataFrame:
    """``market`` (the analysis's) with growth over the window from ``start``: computed once
    per analysis, its files added to ``inputs`` on every use."""
    key = (start, str(options.market_basis))
    if key not in analysis.window_markets:
        read: dict[str, str] = {}
        windowed = window_market(market, analysis.parent, start, options.market_basis, read)
        analysis.window_markets[key] = (windowed, read)
    market, read = analysis.window_markets[key]
    inputs.update(read)
    return market


def with_parameters(
    weights: WeightSensitivity | None, params: ParameterSensitivity
) -> WeightSensitivity | ParameterOnly:
    """The robustness result with the parameter-variant columns and summary attached."""
    if weights is None:
        return ParameterOnly(table=params.table, parameters=params)
    table = weights.table.join(params.table.drop(columns=[], errors="ignore"), how="left")
    table = table.loc[:, ~table.columns.duplicated()]
    result = dataclasses.replace(weights, table=table)
    # read back by getattr(robustness, "parameters") (chainmap.scenario.results)
    object.__setattr__(result, "parameters", params)
    return result
