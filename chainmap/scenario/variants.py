"""Parameter variants of the robustness analysis: the decision under other modelling choices.

Each variant changes one choice the weight draws do not touch: the regionalisation δ
(or dropping the provincial / learned shares), the stage thresholds, or policy support
on/off; it re-scores and re-solves the decision (no alternatives) reusing everything
the choice does not change. :func:`chainmap.select.robustness.summarise_variants` turns
them into the share of variants choosing each industry.
"""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass

import pandas as pd

from chainmap.city.stages import StageRules
from chainmap.criteria.options import INDICATORS
from chainmap.criteria.scores import CriteriaOptions, CriteriaResult
from chainmap.errors import ScenarioError
from chainmap.gaps.diagnosis import GapDiagnosis
from chainmap.scenario.analysis import ScenarioAnalysis
from chainmap.scenario.deciding import DecisionSetup, decide, diagnose_chains
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


def variant_specs(
    analysis: ScenarioAnalysis, setup: DecisionSetup, options: CriteriaOptions, limit: int
) -> list[VariantSpec]:
    """The parameter variants, families interleaved so a small ``limit`` keeps each one.

    * regionalisation: with provincial shares, the FLQ without them at δ 0.2/0.3/0.4;
      otherwise FLQ at every δ of :data:`DELTA_GRID` but the scenario's (a non-FLQ
      method is replaced by FLQ);
    * stage thresholds (only when stages are inferred from a series): every threshold
      × :data:`STAGE_FACTORS`;
    * policy on/off: policy off, when the scenario has policy support.
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
) -> list[Variant]:
    """Re-run criteria and selection under each variant, reusing what it does not change.

    The driving effect (parent technology) and market are reused by every variant; the
    city table and the gap diagnosis are recomputed only for a regionalisation variant
    (on the baseline's shortlist); one selection per variant, without alternatives.
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
        try:
            scored = analysis.data.score(variant.city, policy, options, driving=driving)
            sel = decide(variant, scored, chains).selection
            out.append(Variant(spec.family, spec.label, sel.leading, sel.potential, sel.is_solved))
        except ScenarioError as exc:
            logger.warning("robustness variant %s failed: %s", spec.label, exc)
            out.append(Variant(spec.family, spec.label, (), (), False))
    return out


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
