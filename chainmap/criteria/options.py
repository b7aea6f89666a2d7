"""Specification of the five criteria: indicators, labels, defaults and options.

:data:`INDICATORS` lists every sub-indicator :func:`chainmap.criteria.scores.score_criteria`
shows, with its criterion, labels, direction and default weight within the criterion;
:class:`CriteriaOptions` holds (and validates) how they are normalised, weighted and
aggregated. The report (000:1245-1248) names the criteria but gives no measures,
weights or thresholds: every number here is the tool's default, overridable per
scenario.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from chainmap.city.lifecycle import parse_stage
from chainmap.city.market import MarketBasis
from chainmap.city.stage_inference import StageRules
from chainmap.criteria.ahp import ahp_weights
from chainmap.criteria.normalisation import NORMALISATIONS
from chainmap.criteria.roles import RoleRules
from chainmap.criteria.weighting import check_weights
from chainmap.errors import (
    ScenarioError,
    is_finite_number,
    reject_unknown_keys,
    require_finite_number,
)

#: The five criteria in the report's order (000:1245).
CRITERIA: tuple[str, ...] = (
    "driving_effect",
    "industrial_base",
    "development_stage",
    "market_size",
    "policy_support",
)

#: Chinese and English labels of the criteria.
CRITERION_LABELS: dict[str, tuple[str, str]] = {
    "driving_effect": ("带动效应", "Driving effect"),
    "industrial_base": ("经济与产业基础", "Economic & industrial base"),
    "development_stage": ("产业发展阶段", "Development stage"),
    "market_size": ("市场规模", "Market size"),
    "policy_support": ("政策支持", "Policy support"),
}

#: Default criterion weights, **calibrated**: chosen by the leave-one-province-out
#: backtest of the fixed method (``chainmap backtest --calibrate``; README "Does the
#: method work?"; io_tables/backtest_summary.json): fitted on all 28 provinces, 1997–2017,
#: objective fixed beforehand: mean (ρ_abs + ρ_share) / 2 over cases (Spearman ρ of the
#: score with the absolute output increase and with the change in output share). The
#: driving effect gets 0: it adds no out-of-sample predictive power for output growth
#: (it is still computed and shown). Policy support cannot be fitted (no past plan
#: documents) and keeps 0.15. Before: 0.30/0.25/0.10/0.20/0.15.
DEFAULT_WEIGHTS: dict[str, float] = {
    "driving_effect": 0.0,
    "industrial_base": 0.68,
    "development_stage": 0.085,
    "market_size": 0.085,
    "policy_support": 0.15,
}

#: Score of each stage as a leading-industry stage (the tool's choice): steady growth
#: best, validation close, emergence and hype lower (unproven, bubble risk), maturity
#: low, decline nothing.
DEFAULT_STAGE_SCORES: dict[str, float] = {
    "emergence": 0.5,
    "overheating": 0.4,
    "validation": 0.75,
    "steady_growth": 1.0,
    "maturity": 0.25,
    "decline": 0.0,
}


@dataclass(frozen=True)
class Indicator:
    """One sub-indicator: column name, criterion, labels, direction, default weight."""

    name: str
    criterion: str
    zh: str
    en: str
    benefit: bool = True
    weight: float = 1.0  # within its criterion; 0 = shown, not scored


INDICATORS: tuple[Indicator, ...] = (
    Indicator("backward_linkage", "driving_effect", "影响力系数", "Backward linkage"),
    Indicator("forward_linkage", "driving_effect", "感应度（Ghosh）", "Forward linkage (Ghosh)"),
    Indicator(
        "forward_linkage_nbs",
        "driving_effect",
        "感应度系数（国家统计局口径）",
        "Forward linkage (NBS, rows of L)",
        weight=0.0,
    ),
    Indicator("side_effect", "driving_effect", "旁侧效应", "Side effect"),
    Indicator("output_share", "industrial_base", "产出占比", "Share of city output"),
    Indicator("location_quotient", "industrial_base", "区位熵", "Location quotient"),
    Indicator(
        "output_rank", "industrial_base", "本地产出排名", "Rank in city output", benefit=False
    ),
    Indicator("output_growth", "industrial_base", "产出增长率", "Output growth"),
    Indicator(
        "local_embedding",
        "industrial_base",
        "本地配套率",
        "Local embedding (inputs bought in the city)",
        weight=0.0,
    ),
    Indicator("stage_score", "development_stage", "发展阶段得分", "Stage score"),
    Indicator("market_size", "market_size", "全国需求规模", "National demand"),
    Indicator("market_growth", "market_size", "需求增长率", "Demand growth"),
    Indicator("export_share", "market_size", "出口占比", "Export share"),
    Indicator("policy_intensity", "policy_support", "政策支持力度", "Policy intensity"),
)
_BY_NAME = {i.name: i for i in INDICATORS}

Weighting = Literal["manual", "entropy", "ahp"]
Aggregation = Literal["weighted_sum", "topsis"]


def _check_choice(value: object, allowed: Sequence[str], key: str) -> None:
    if value not in allowed:
        msg = f"{key}: unknown value {value!r} (use one of {', '.join(allowed)})"
        raise ScenarioError(msg)


@dataclass(frozen=True)
class CriteriaOptions:
    """How the five criteria are weighted, normalised and aggregated (validated).

    Attributes
    ----------
    weights : mapping
        Criterion weights for ``weighting="manual"`` (scaled to sum 1; missing = 0).
    weighting : {"manual", "entropy", "ahp"}
    ahp_matrix : n × n sequence, optional
        Pairwise comparisons of the five criteria in :data:`CRITERIA` order.
    normalisation : {"minmax", "zscore", "rank"}
    aggregation : {"weighted_sum", "topsis"}
    indicator_weights : mapping
        Overrides of the weights of indicators within their criterion.
    stage_scores : mapping
        Score per stage (keys: stage labels; missing stages keep their default).
    default_stage : str or None
        Stage assumed where none is stated or inferable (None: error).
    strict_stages : bool
        True: only 稳健增长期 may lead; False: the early stages may lead too.
    stage_rules : StageRules
    roles : RoleRules
    side_effect_weights : mapping, optional
        Passed to the side-effect composite.
    market_basis : {"total", "final"}
        Demand measuring market size and its growth (:mod:`chainmap.city.market`).
        Default ``"total"``: intermediate plus final home demand, so components and
        materials (whose final use is about zero) have a market too.
    """

    weights: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    weighting: Weighting = "manual"
    ahp_matrix: Sequence[Sequence[object]] | None = None
    normalisation: str = "minmax"
    aggregation: Aggregation = "weighted_sum"
    indicator_weights: Mapping[str, float] = field(default_factory=dict)
    stage_scores: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_STAGE_SCORES))
    default_stage: str | None = "steady_growth"
    strict_stages: bool = False
    stage_rules: StageRules = field(default_factory=StageRules)
    roles: RoleRules = field(default_factory=RoleRules)
    side_effect_weights: Mapping[str, float] | None = None
    market_basis: MarketBasis = "total"

    def __post_init__(self) -> None:
        for name in ("weights", "indicator_weights", "stage_scores"):
            if not isinstance(getattr(self, name), Mapping):
                msg = f"criteria.{name}: must be a mapping, got {getattr(self, name)!r}"
                raise ScenarioError(msg)
        if not isinstance(self.strict_stages, bool):
            msg = f"criteria.strict_stages: must be true or false, got {self.strict_stages!r}"
            raise ScenarioError(msg)
        if not isinstance(self.stage_rules, StageRules) or not isinstance(self.roles, RoleRules):
            msg = "criteria.stage_rules / criteria.roles: must be mappings of their parameters"
            raise ScenarioError(msg)
        _check_choice(self.weighting, ("manual", "entropy", "ahp"), "criteria.weighting")
        _check_choice(self.normalisation, NORMALISATIONS, "criteria.normalisation")
        _check_choice(self.aggregation, ("weighted_sum", "topsis"), "criteria.aggregation")
        _check_choice(self.market_basis, ("final", "total"), "criteria.market_basis")
        check_weights(self.weights, CRITERIA, name="criteria.weights")
        for key, value in self.indicator_weights.items():
            if key not in _BY_NAME:
                msg = (
                    f"criteria.indicator_weights: unknown indicator {key!r} ({', '.join(_BY_NAME)})"
                )
                raise ScenarioError(msg)
            if not (is_finite_number(value) and value >= 0):
                msg = f"criteria.indicator_weights.{key}: must be a number >= 0, got {value!r}"
                raise ScenarioError(msg)
        for key, value in self.stage_scores.items():
            parse_stage(key, where=f"criteria.stage_scores.{key}")
            require_finite_number(value, f"criteria.stage_scores.{key}:")
        if self.default_stage is not None:
            parse_stage(self.default_stage, where="criteria.default_stage")
        if self.weighting == "ahp":
            if self.ahp_matrix is None:
                msg = "criteria.ahp_matrix: weighting 'ahp' needs a 5 × 5 comparison matrix"
                raise ScenarioError(msg)
            ahp_weights(self.ahp_matrix, CRITERIA, name="criteria.ahp_matrix")

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any], *, where: str = "criteria") -> CriteriaOptions:
        """Build from plain data (a scenario section); unknown keys are errors."""
        reject_unknown_keys(values, sorted(f.name for f in dataclasses.fields(cls)), where)
        kwargs: dict[str, Any] = {}
        for key, value in values.items():
            if key == "stage_rules" and isinstance(value, Mapping):
                value = StageRules.from_mapping(value, where=f"{where}.stage_rules")
            elif key == "roles" and isinstance(value, Mapping):
                value = RoleRules.from_mapping(value, where=f"{where}.roles")
            kwargs[key] = value
        return cls(**kwargs)

    def stage_score(self, stage: str) -> float:
        """Score of one stage key."""
        scores = dict(DEFAULT_STAGE_SCORES)
        scores.update({parse_stage(k): float(v) for k, v in self.stage_scores.items()})
        return scores[stage]

    def indicator_weight(self, name: str) -> float:
        """Weight of one indicator within its criterion."""
        return float(self.indicator_weights.get(name, _BY_NAME[name].weight))
