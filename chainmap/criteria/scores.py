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
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from chainmap.analysis.summary import analyze_table
from chainmap.city.market import calc_market_size
from chainmap.city.stages import resolve_stages, series_indicators
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
from chainmap.criteria.roles import classify_roles, ordered_by_score
from chainmap.criteria.weighting import (
    AHPResult,
    ahp_weights,
    check_weights,
    entropy_weights,
    normalise,
    normalise_minmax,
    score_topsis,
)
from chainmap.errors import InputDataError, ScenarioError
from chainmap.graph.network import network_measures
from chainmap.graph.side_effects import score_side_effects
from chainmap.io.sectors import resolve_sector
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


@dataclass(frozen=True)
class CriteriaResult:
    """Scores of every industry on the five criteria, with their explanation.

    Attributes
    ----------
    indicators : DataFrame
        Raw indicators, one visible column each (:data:`INDICATORS`), plus ``name``,
        the stage columns, market/growth provenance and ``intermediate_share``.
    normalised : DataFrame
        The scored indicators after normalisation (NaN where not available).
    criteria : DataFrame
        The five criterion scores (weighted mean of available normalised indicators).
    weights : Series
        Criterion weights used (sum 1).
    indicator_weights : Series
        Weight of each scored indicator within its criterion.
    contributions : DataFrame
        Per-industry contribution of each criterion; rows sum to ``score``.
    score : Series
        Total score (weighted sum, or TOPSIS closeness).
    rank : Series
        1 = best; ties by code.
    roles : DataFrame
        Role per industry (:func:`chainmap.criteria.roles.classify_roles`).
    options : CriteriaOptions
    ahp : AHPResult or None
        The AHP weights and consistency when ``weighting="ahp"``.
    notes : tuple of str
        Missing indicators, assumed stages, excluded criteria and other caveats.
    """

    indicators: pd.DataFrame
    normalised: pd.DataFrame
    criteria: pd.DataFrame
    weights: pd.Series
    indicator_weights: pd.Series
    contributions: pd.DataFrame
    score: pd.Series
    rank: pd.Series
    roles: pd.DataFrame
    options: CriteriaOptions
    ahp: AHPResult | None = None
    notes: tuple[str, ...] = ()

    def to_frame(self) -> pd.DataFrame:
        """One table for reports: indicators, criterion scores, contributions, score, role."""
        contrib = self.contributions.add_prefix("contribution_")
        crit = self.criteria.add_prefix("score_")
        out = pd.concat(
            [self.indicators, crit, contrib, self.score.rename("score"), self.rank.rename("rank")],
            axis=1,
        )
        out = pd.concat([out, self.roles], axis=1).sort_values("rank", kind="stable")
        out.attrs["title"] = "Five-criteria scores 主导产业五项标准评分"
        out.attrs["weights"] = self.weights.to_dict()
        out.attrs["notes"] = list(self.notes)
        return out


def calc_location_quotient(city: IOTable, parent: IOTable) -> pd.Series:
    """Location quotient of city output against the parent region.

    ``LQ_i = (x_i^c / Σ_j x_j^c) / (x_i^p / Σ_j x_j^p)``; > 1 means the city is
    more specialised in i than its parent (the report's comparative advantage is
    framed within the region; the LQ is the tool's complement to it).

    Raises
    ------
    InputDataError
        City codes missing from the parent, or a parent output that is not positive.

    Examples
    --------
    >>> from chainmap.io.examples import miller_blair_2x2
    >>> t = miller_blair_2x2()
    >>> calc_location_quotient(t, t).tolist()
    [1.0, 1.0]
    """
    missing = [str(c) for c in city.codes if c not in parent.codes]
    if missing:
        msg = f"location quotient: city codes {missing[:10]} are not in the parent table"
        raise InputDataError(msg)
    xp = parent.output.reindex(city.codes)
    if (xp <= 0).any():
        msg = f"location quotient: parent output not positive for {list(xp[xp <= 0].index)}"
        raise InputDataError(msg)
    xc = city.output
    return ((xc / xc.sum()) / (xp / parent.output.sum())).rename("location_quotient")


def _resolve_key(table: IOTable, key: object, where: str) -> str:
    if str(key) in table.codes:
        return str(key)

    try:
        return resolve_sector(table, key)
    except InputDataError as err:
        msg = f"{where}.{key}: unknown sector code or name ({err})"
        raise ScenarioError(msg) from err


def _policy(table: IOTable, policy: Mapping[str, float] | pd.Series | None) -> pd.Series:
    out = pd.Series(0.0, index=table.codes, name="policy_intensity")
    for key, value in dict(policy if policy is not None else {}).items():
        code = _resolve_key(table, key, "policy")
        ok = isinstance(value, int | float | np.number) and not isinstance(value, bool)
        if not (ok and math.isfinite(float(value)) and 0 <= float(value) <= 1):
            msg = f"policy.{key}: intensity must be a number in [0, 1], got {value!r}"
            raise ScenarioError(msg)
        out[code] = float(value)
    return out


def calc_driving_indicators(
    table: IOTable, *, side_effect_weights: Mapping[str, float] | None = None
) -> pd.DataFrame:
    """Driving-effect indicators of a table: BL, Ghosh FL, NBS FL, side-effect composite.

    * ``backward_linkage`` BL_j = n (i′L)_j / (i′L i) (影响力系数);
    * ``forward_linkage`` FL_i = n (G i)_i / (i′G i), Ghosh (formulas.md C.1);
    * ``forward_linkage_nbs`` = n (L i)_i / (i′L i), the NBS 感应度系数 (rows of L);
    * ``side_effect``: :func:`chainmap.graph.side_effects.score_side_effects` (in [0, 1]).

    All come from :func:`chainmap.analysis.summary.analyze_table` (one inversion) and the
    network measures of :mod:`chainmap.graph.network`.

    Returns
    -------
    DataFrame indexed by code with the four columns above.

    Examples
    --------
    >>> from chainmap.io.examples import miller_blair_2x2
    >>> d = calc_driving_indicators(miller_blair_2x2())
    >>> d[["backward_linkage", "forward_linkage"]].round(6).to_numpy().tolist()
    [[1.022222, 1.208333], [0.977778, 0.791667]]
    """
    an = analyze_table(table)
    net = network_measures(table, communities=False)
    measures = an.join(net[[c for c in net.columns if c not in an.columns]])
    side = score_side_effects(table, weights=side_effect_weights, measures=measures)
    return pd.DataFrame(
        {
            "backward_linkage": an["bl"],
            "forward_linkage": an["fl_ghosh"],
            "forward_linkage_nbs": an["fl_leontief"],
            "side_effect": side["side_effect"],
        },
        index=table.codes,
    )


def _options(options: CriteriaOptions | None, **overrides: Any) -> CriteriaOptions:
    opts = options if options is not None else CriteriaOptions()
    changes = {k: v for k, v in overrides.items() if v is not None}
    return dataclasses.replace(opts, **changes) if changes else opts


def _aligned(
    frame: pd.DataFrame, codes: pd.Index, columns: Sequence[str], what: str
) -> pd.DataFrame:
    missing_cols = [c for c in columns if c not in frame.columns]
    if missing_cols:
        msg = f"{what}: missing columns {missing_cols}"
        raise InputDataError(msg)
    missing = [str(c) for c in codes if c not in frame.index]
    if missing:
        msg = f"{what}: no rows for industries {missing[:10]}"
        raise InputDataError(msg)
    return frame.reindex(codes)[list(columns)]


def _groups(codes: pd.Index, groups: Mapping[str, str] | pd.Series | None) -> pd.Series:
    mapping = dict(groups) if groups is not None else {}
    return pd.Series([str(mapping.get(str(c), c)) for c in codes], index=codes, name="group")


def _group_series(series: pd.DataFrame | None, grp: pd.Series) -> pd.DataFrame | None:
    """Output series summed per group (NaN where no member reports the year)."""
    if series is None:
        return None
    known = series.reindex(grp.index)
    known.index = grp.to_numpy()
    out = known.groupby(level=0, sort=False).sum(min_count=1)
    return out.loc[out.notna().any(axis=1)]


def _local_embedding(city: IOTable, parent: IOTable | None) -> pd.Series:
    """Share of a sector's intermediate inputs (parent technology) bought in the city.

    ``Σ_i a^city_ij / Σ_i a^parent_ij``: 1 when the regionalisation keeps every input
    local, lower when the city buys inputs outside. It measures local embedding
    (本地配套) as the regionalisation estimates it; shown beside the base indicators
    (weight 0 by default: under FLQ it falls with the city's specialisation by
    construction, and scoring it would undercut the location quotient).
    """
    codes = city.codes
    if parent is None:
        return pd.Series(math.nan, index=codes)
    a_city = pd.Series(city.a.sum(axis=0), index=codes)
    a_par = pd.Series(parent.a.sum(axis=0), index=parent.codes).reindex(codes)
    return (a_city / a_par.where(a_par > 0)).clip(upper=1.0)


def _growth(codes: pd.Index, series: pd.DataFrame | None) -> pd.Series:
    values: dict[str, float] = {}
    if series is not None:
        for code, row in series.iterrows():
            where = f"output series, industry {code}"
            values[str(code)] = series_indicators(row, where=where)["growth"]
    return pd.Series([values.get(str(c), math.nan) for c in codes], index=codes)


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
    names = [i.name for i in INDICATORS]
    if driving is None:
        # the parent's technology: FLQ shrinks the coefficients of exactly the industries
        # a city specialises in, so city-table linkages would undercut the base criterion
        tech = parent if parent is not None else city_table
        driving = calc_driving_indicators(tech, side_effect_weights=opts.side_effect_weights)
        if parent is not None:
            label = parent.meta.table_id or parent.meta.region or "the parent"
            notes.append(
                f"driving effect (BL, FL, side effect) from the parent's technology ({label}); "
                "local embedding is shown separately under the industrial base"
            )
    drv = _aligned(driving, codes, names[:4], "driving-effect indicators")
    grp = _groups(codes, groups)
    x = city_table.output
    xg = x.groupby(grp).sum()
    base = pd.DataFrame(index=codes)
    base["output_share"] = (xg / x.sum()).reindex(grp.to_numpy()).to_numpy()
    if parent is not None:
        lq = calc_location_quotient(city_table, parent)
        xp = parent.output.reindex(codes)
        lq_g = (xg / x.sum()) / (xp.groupby(grp).sum() / parent.output.sum())
        base["location_quotient"] = lq_g.reindex(grp.to_numpy()).to_numpy()
        base.loc[lq.isna(), "location_quotient"] = math.nan
    else:
        base["location_quotient"] = math.nan
        notes.append("no parent table: location quotient not computed")
    base["output_rank"] = (
        xg.rank(ascending=False, method="average").reindex(grp.to_numpy()).to_numpy()
    )
    series_g = _group_series(output_series, grp)
    base["output_growth"] = _growth(xg.index, series_g).reindex(grp.to_numpy()).to_numpy()
    base["local_embedding"] = _local_embedding(city_table, parent)
    if groups is not None and (grp != pd.Series(codes, index=codes)).any():
        n_split = int(grp.duplicated(keep=False).sum())
        notes.append(
            f"industrial base and stage scored at the level of the city data: {n_split} "
            "sectors that share one city figure (split by national shares) share its share, "
            "location quotient, rank, growth and stage"
        )
    given = None
    if stages is not None:
        given = {_resolve_key(city_table, k, "stages"): v for k, v in dict(stages).items()}
    st_g = resolve_stages(
        pd.Index(xg.index),
        series=series_g,
        total=total_series,
        rules=opts.stage_rules,
        default=opts.default_stage,
    )
    st = st_g.reindex(grp.to_numpy()).set_axis(codes, axis=0)
    for code, label in dict(given or {}).items():
        one = resolve_stages(pd.Index([code]), given={code: label})
        st.loc[code] = one.loc[code]
    st["stage_score"] = [opts.stage_score(s) for s in st["stage"]]
    assumed = st.index[st["stage_source"] == "assumed"]
    if len(assumed):
        notes.append(
            f"{len(assumed)} of {len(codes)} industries have no stated or inferable stage; "
            f"assumed {opts.default_stage}"
        )
    if market is None:
        src = parent if parent is not None else city_table
        market = calc_market_size(src, basis=opts.market_basis)
        label = src.meta.table_id or src.meta.region or "the table"
        notes.append(f"no market data given: market size from {label}, growth not computed")
    mkt = _aligned(market, codes, ["market_size", "market_growth", "export_share"], "market")
    pol = _policy(city_table, policy)
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
    return _aggregate(indicators, opts, notes)


def rescore_criteria(result: CriteriaResult, options: CriteriaOptions) -> CriteriaResult:
    """Score the same indicators again with other weights, normalisation or aggregation.

    Nothing is recomputed but the aggregation: only the options :func:`score_criteria`
    applies after computing the indicators (``weights``, ``weighting``, ``ahp_matrix``,
    ``normalisation``, ``aggregation``, ``indicator_weights``, ``roles``,
    ``strict_stages``) may differ from ``result.options``. The notes about the
    indicators are kept; those about the scoring are replaced.
    """
    scoring_notes = set(_aggregate(result.indicators, result.options, []).notes)
    kept = [n for n in result.notes if n not in scoring_notes]
    return _aggregate(result.indicators, options, kept)


def _aggregate(indicators: pd.DataFrame, opts: CriteriaOptions, notes: list[str]) -> CriteriaResult:
    codes = indicators.index
    sub_w = {i.name: opts.indicator_weight(i.name) for i in INDICATORS}
    scored = [i for i in INDICATORS if sub_w[i.name] > 0]
    raw = indicators[[i.name for i in scored]].to_numpy(dtype=float)
    if np.isinf(raw).any():
        bad = [i.name for i, inf in zip(scored, np.isinf(raw).any(axis=0), strict=True) if inf]
        msg = f"indicators {bad} have infinite values"
        raise InputDataError(msg)
    avail: list[Indicator] = []
    for k, ind in enumerate(scored):
        present = raw[~np.isnan(raw[:, k]), k]
        if present.size == 0:
            notes.append(f"indicator {ind.name} not available for any industry: not scored")
        elif present.min() == present.max():
            notes.append(f"indicator {ind.name} is the same for every industry: not scored")
        else:
            avail.append(ind)
    keep = [scored.index(i) for i in avail]
    norm = normalise(
        pd.DataFrame(raw[:, keep], index=codes, columns=[i.name for i in avail]),
        opts.normalisation,
        benefit={i.name: i.benefit for i in avail},
    )
    values = norm.to_numpy(dtype=float)
    crit_values = np.zeros((len(codes), len(CRITERIA)))
    for j, c in enumerate(CRITERIA):
        cols = [k for k, i in enumerate(avail) if i.criterion == c]
        if not cols:
            notes.append(f"criterion {c} has no informative indicator: 0 for every industry")
            continue
        w = np.array([sub_w[avail[k].name] for k in cols])
        vals = values[:, cols]
        have = ~np.isnan(vals)
        den = (have * w).sum(axis=1)
        if (den == 0).any():
            lost = [str(k) for k, d in zip(codes, den, strict=True) if d == 0]
            msg = f"criterion {c}: no indicator available for industries {lost[:10]}"
            raise InputDataError(msg)
        crit_values[:, j] = (np.where(have, vals, 0.0) * w).sum(axis=1) / den
        for k, n_missing in zip(cols, (~have).sum(axis=0), strict=True):
            if n_missing:
                notes.append(
                    f"indicator {avail[k].name} missing for {n_missing} industries: their {c} "
                    "score averages the other indicators"
                )
    crit = pd.DataFrame(crit_values, index=codes, columns=list(CRITERIA))
    ahp = None
    if opts.weighting == "manual":
        w_crit = check_weights(opts.weights, CRITERIA, name="criteria.weights")
    elif opts.weighting == "ahp":
        ahp = ahp_weights(opts.ahp_matrix or [], CRITERIA, name="criteria.ahp_matrix")
        w_crit = ahp.weights
    else:
        scaled = pd.DataFrame({c: normalise_minmax(crit[c]) for c in CRITERIA})
        w_crit = entropy_weights(scaled)
    w_crit = (w_crit.reindex(list(CRITERIA)) / w_crit.sum()).rename("weight")
    if opts.aggregation == "topsis":
        top = score_topsis(crit, w_crit)
        contributions = top.contributions
        score = top.closeness
    else:
        contributions = crit * w_crit
        score = contributions.sum(axis=1)
    score = score.rename("score")
    order = ordered_by_score(score)
    rank = pd.Series(range(1, len(order) + 1), index=order, name="rank").reindex(codes)
    roles = classify_roles(
        score,
        indicators["stage"],
        indicators["forward_linkage"],
        indicators["intermediate_share"],
        strict=opts.strict_stages,
        rules=opts.roles,
    )
    return CriteriaResult(
        indicators=indicators,
        normalised=norm,
        criteria=crit,
        weights=w_crit,
        indicator_weights=pd.Series({i.name: sub_w[i.name] for i in avail}, name="weight"),
        contributions=contributions,
        score=score,
        rank=rank,
        roles=roles,
        options=opts,
        ahp=ahp,
        notes=tuple(notes),
    )
