"""The raw indicators of the five criteria, one function per criterion's inputs.

Driving effect (BL, Ghosh FL, NBS FL, side effect), industrial base (output share,
location quotient, rank, growth, local embedding), development stage, market size and
policy support, each aligned to the city's industries; :mod:`chainmap.criteria.scores`
puts them together and :mod:`chainmap.criteria.aggregation` scores them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import pandas as pd

from chainmap.analysis.summary import analyze_table
from chainmap.city.market import calc_market_size
from chainmap.city.stage_inference import series_indicators
from chainmap.city.stages import resolve_stages
from chainmap.criteria.options import INDICATORS, CriteriaOptions
from chainmap.errors import InputDataError, ScenarioError, is_finite_number
from chainmap.graph.network import network_measures
from chainmap.graph.side_effects import score_side_effects
from chainmap.io.sectors import resolve_sector
from chainmap.io.table import IOTable


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


def resolve_key(table: IOTable, key: object, where: str) -> str:
    """Code of a sector named by code or name in the scenario key ``where``."""
    if str(key) in table.codes:
        return str(key)

    try:
        return resolve_sector(table, key)
    except InputDataError as err:
        msg = f"{where}.{key}: unknown sector code or name ({err})"
        raise ScenarioError(msg) from err


def policy_intensity(table: IOTable, policy: Mapping[str, float] | pd.Series | None) -> pd.Series:
    """Policy-support intensity in [0, 1] per code (``code or name -> value``; others 0)."""
    out = pd.Series(0.0, index=table.codes, name="policy_intensity")
    for key, value in dict(policy if policy is not None else {}).items():
        code = resolve_key(table, key, "policy")
        if not (is_finite_number(value) and 0 <= value <= 1):
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


def aligned(
    frame: pd.DataFrame, codes: pd.Index, columns: Sequence[str], what: str
) -> pd.DataFrame:
    """``frame[columns]`` in the order of ``codes``; missing columns or rows fail."""
    missing_cols = [c for c in columns if c not in frame.columns]
    if missing_cols:
        msg = f"{what}: missing columns {missing_cols}"
        raise InputDataError(msg)
    missing = [str(c) for c in codes if c not in frame.index]
    if missing:
        msg = f"{what}: no rows for industries {missing[:10]}"
        raise InputDataError(msg)
    return frame.reindex(codes)[list(columns)]


def sector_groups(codes: pd.Index, groups: Mapping[str, str] | pd.Series | None) -> pd.Series:
    """Group of every code (``groups`` mapping; a code not named is its own group)."""
    mapping = dict(groups) if groups is not None else {}
    return pd.Series([str(mapping.get(str(c), c)) for c in codes], index=codes, name="group")


def group_series(series: pd.DataFrame | None, grp: pd.Series) -> pd.DataFrame | None:
    """Output series summed per group (NaN where no member reports the year)."""
    if series is None:
        return None
    known = series.reindex(grp.index)
    known.index = grp.to_numpy()
    out = known.groupby(level=0, sort=False).sum(min_count=1)
    return out.loc[out.notna().any(axis=1)]


def local_embedding(city: IOTable, parent: IOTable | None) -> pd.Series:
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


def series_growth(codes: pd.Index, series: pd.DataFrame | None) -> pd.Series:
    """Compound annual growth of each code's output series (NaN without one)."""
    values: dict[str, float] = {}
    if series is not None:
        for code, row in series.iterrows():
            where = f"output series, industry {code}"
            values[str(code)] = series_indicators(row, where=where)["growth"]
    return pd.Series([values.get(str(c), math.nan) for c in codes], index=codes)


def driving_indicators(
    city_table: IOTable,
    parent: IOTable | None,
    driving: pd.DataFrame | None,
    opts: CriteriaOptions,
    notes: list[str],
) -> pd.DataFrame:
    """The four driving-effect indicators at the city's codes (``driving`` if given)."""
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
    columns = [i.name for i in INDICATORS if i.criterion == "driving_effect"]
    return aligned(driving, city_table.codes, columns, "driving-effect indicators")


def base_indicators(
    city_table: IOTable,
    parent: IOTable | None,
    grp: pd.Series,
    series_g: pd.DataFrame | None,
    notes: list[str],
) -> pd.DataFrame:
    """Industrial base per code, measured per group: share, LQ, rank, growth; embedding."""
    codes = city_table.codes
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
    base["output_growth"] = series_growth(xg.index, series_g).reindex(grp.to_numpy()).to_numpy()
    base["local_embedding"] = local_embedding(city_table, parent)
    return base


def stage_indicators(
    city_table: IOTable,
    grp: pd.Series,
    series_g: pd.DataFrame | None,
    total_series: pd.Series | None,
    stages: Mapping[str, str] | pd.Series | None,
    opts: CriteriaOptions,
    notes: list[str],
) -> pd.DataFrame:
    """Stage per code (stated > inferred per group > assumed) and its stage score."""
    codes = city_table.codes
    given = None
    if stages is not None:
        given = {resolve_key(city_table, k, "stages"): v for k, v in dict(stages).items()}
    st_g = resolve_stages(
        pd.Index(city_table.output.groupby(grp).sum().index),
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
    return st


def market_table(
    city_table: IOTable,
    parent: IOTable | None,
    market: pd.DataFrame | None,
    opts: CriteriaOptions,
    notes: list[str],
) -> pd.DataFrame:
    """``market`` as given, else national demand of the parent (or the city) table."""
    if market is not None:
        return market
    src = parent if parent is not None else city_table
    label = src.meta.table_id or src.meta.region or "the table"
    notes.append(f"no market data given: market size from {label}, growth not computed")
    return calc_market_size(src, basis=opts.market_basis)
