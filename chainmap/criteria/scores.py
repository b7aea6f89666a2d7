"""The five criteria for leading industries (主导产业), scored and explained.

The source report names five criteria (000:1245-1248): 带动效应 driving effect,
经济与产业基础 economic and industrial base, 产业发展阶段 development stage, 市场规模
market size and 政策支持 policy support. It gives no measures, weights, scales or
thresholds (method.md 1.6); everything quantitative below is **the tool's choice**:

1. driving effect: backward linkage (影响力系数, column sums of L over their mean),
   forward linkage from the Ghosh inverse (row sums of G over their mean) with the NBS
   感应度系数 (row sums of L) shown beside it but not scored by default, and the
   side-effect (旁侧效应) composite of :mod:`chainmap.graph.side_effects`, all on the city table;
2. base: share of city output, location quotient against the parent region,
   rank among the city's industries by output (1 = largest; the report's "compared with
   the region's other industries"), and output growth where a series is given;
3. stage: a score per life-cycle stage (:data:`DEFAULT_STAGE_SCORES`);
4. market size: national demand, its growth between two national tables, export share
   (:mod:`chainmap.city.market`), or scenario forecasts;
5. policy support: an intensity per sector named in higher-level plans (scenario).

Scoring: each scored indicator is normalised (min–max, z-score or rank); a criterion
score is the weighted mean of its indicators that are available for the industry (an
indicator missing for every industry, or equal for all, carries no information and is
not scored; both cases are listed in :attr:`CriteriaResult.notes`); the criterion
weights are manual, entropy (on the min–max-scaled criterion scores) or AHP; the total
is the weighted sum (or TOPSIS closeness) of the criterion scores.
:attr:`CriteriaResult.contributions` splits every total exactly into the five
criteria. Roles (主导/潜在主导/辅助/基础) follow :func:`chainmap.criteria.roles.classify_roles`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from chainmap.criteria.aggregation import CriteriaResult, aggregate_criteria
from chainmap.criteria.indicators import (
    aligned,
    base_indicators,
    calc_driving_indicators,
    calc_location_quotient,
    driving_indicators,
    group_series,
    market_table,
    policy_intensity,
    sector_groups,
    stage_indicators,
)
from chainmap.criteria.options import (
    CRITERIA,
    CRITERION_LABELS,
    DEFAULT_STAGE_SCORES,
    DEFAULT_WEIGHTS,
    INDICATORS,
    Aggregation,
    CriteriaOptions,
    Indicator,
    Weighting,
)
from chainmap.io.table import IOTable

__all__ = [
    "CRITERIA",
    "CRITERION_LABELS",
    "DEFAULT_STAGE_SCORES",
    "DEFAULT_WEIGHTS",
    "INDICATORS",
    "CriteriaOptions",
    "CriteriaResult",
    "Indicator",
    "calc_driving_indicators",
    "calc_location_quotient",
    "rescore_criteria",
    "score_criteria",
]


def _options(options: CriteriaOptions | None, **overrides: Any) -> CriteriaOptions:
    opts = options if options is not None else CriteriaOptions()
    changes = {k: v for k, v in overrides.items() if v is not None}
    return dataclasses.replace(opts, **changes) if changes else opts


def score_criteria(
    city_table: IOTable,
    *,
    parent: IOTable | None = None,
    market: pd.DataFrame | None = None,
    stages: Mapping[str, str] | pd.Series | None = None,
    output_series: pd.DataFrame | None = None,
    total_series: pd.Series | None = None,
    policy: Mapping[str, float] | pd.Series | None = None,
    weights: Mapping[str, float] | None = None,
    weighting: Weighting | None = None,
    ahp_matrix: Sequence[Sequence[object]] | None = None,
    normalisation: str | None = None,
    aggregation: Aggregation | None = None,
    options: CriteriaOptions | None = None,
    driving: pd.DataFrame | None = None,
    groups: Mapping[str, str] | pd.Series | None = None,
) -> CriteriaResult:
    """Score every industry of a city table on the five criteria.

    Parameters
    ----------
    city_table : IOTable
        The city's (or region's) table; driving effects are computed on it.
    parent : IOTable, optional
        Parent region (national or provincial table) for the location quotient and,
        without ``market``, the market indicators. Without it the LQ is not computed.
    market : DataFrame, optional
        ``market_size``, ``market_growth``, ``export_share`` by code, e.g. from
        :func:`chainmap.city.market.calc_market_size` with the 2017 and 2020 tables or
        from forecasts. Default: computed from ``parent`` (else the city table)
        without growth.
    stages : mapping, optional
        ``code or name -> stage label`` stated in the scenario.
    output_series : DataFrame, optional
        City output by industry (rows) and year (columns): output growth and stage
        inference (:func:`chainmap.city.stages.infer_stages`).
    total_series : Series, optional
        Total city output by year (share rules of the stage inference).
    policy : mapping, optional
        ``code or name -> intensity`` in [0, 1] of support in higher-level plans (typed,
        or the text score of :mod:`chainmap.criteria.policy_text`); others 0.
    weights, weighting, ahp_matrix, normalisation, aggregation
        Shortcuts replacing the fields of ``options``.
    options : CriteriaOptions, optional
    driving : DataFrame, optional
        Precomputed :func:`calc_driving_indicators` (saves recomputing the analysis).
        Default: computed on ``parent`` (the parent's technology), else the city table.
    groups : mapping, optional
        ``code -> group``: sectors that share one city figure (a division of the city
        data split among its IO sectors by national shares). The industrial base
        (share, LQ, rank, growth) and the inferred stage are computed per group and
        given to every member, so a division's rank does not shrink with the number of
        sectors it splits into. Default: every sector its own group.

    Returns
    -------
    CriteriaResult

    Raises
    ------
    ScenarioError
        Unknown criterion, indicator, stage, sector code or option value; weights not
        summing to a positive number; an AHP matrix with CR > 0.1.
    InputDataError
        Indicator tables that do not cover the city's industries.
    """
    opts = _options(
        options,
        weights=weights,
        weighting=weighting,
        ahp_matrix=ahp_matrix,
        normalisation=normalisation,
        aggregation=aggregation,
    )
    codes = city_table.codes
    notes: list[str] = []
    drv = driving_indicators(city_table, parent, driving, opts, notes)
    grp = sector_groups(codes, groups)
    series_g = group_series(output_series, grp)
    base = base_indicators(city_table, parent, grp, series_g, notes)
    if groups is not None and (grp != pd.Series(codes, index=codes)).any():
        n_split = int(grp.duplicated(keep=False).sum())
        notes.append(
            f"industrial base and stage scored at the level of the city data: {n_split} "
            "sectors that share one city figure (split by national shares) share its share, "
            "location quotient, rank, growth and stage"
        )
    st = stage_indicators(city_table, grp, series_g, total_series, stages, opts, notes)
    market = market_table(city_table, parent, market, opts, notes)
    mkt = aligned(market, codes, ["market_size", "market_growth", "export_share"], "market")
    pol = policy_intensity(city_table, policy)
    if not (pol > 0).any() and opts.weights.get("policy_support", 0) > 0:
        notes.append("no policy support stated: criterion policy_support is 0 for all")
    intermediate = pd.Series(city_table.z.sum(axis=1) / city_table.x, index=codes)
    indicators = pd.concat(
        [
            city_table.names.reindex(codes).rename("name"),
            drv,
            base,
            st,
            mkt,
            pol,
            intermediate.rename("intermediate_share"),
        ],
        axis=1,
    )
    extra = [c for c in ("market_source", "growth_code") if c in market.columns]
    for c in extra:
        indicators[c] = market[c].reindex(codes)
    return aggregate_criteria(indicators, opts, notes)


def rescore_criteria(result: CriteriaResult, options: CriteriaOptions) -> CriteriaResult:
    """Score the same indicators again with other weights, normalisation or aggregation.

    Nothing is recomputed but the aggregation: only the options :func:`score_criteria`
    applies after computing the indicators (``weights``, ``weighting``, ``ahp_matrix``,
    ``normalisation``, ``aggregation``, ``indicator_weights``, ``roles``,
    ``strict_stages``) may differ from ``result.options``. The notes about the
    indicators are kept; those about the scoring are replaced.
    """
    scoring_notes = set(aggregate_criteria(result.indicators, result.options, []).notes)
    kept = [n for n in result.notes if n not in scoring_notes]
    return aggregate_criteria(result.indicators, options, kept)
