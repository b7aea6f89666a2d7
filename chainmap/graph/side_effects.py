"""Side effects (旁侧效应) of an industry: a documented composite with visible parts.

The source reports define the side (lateral) effect of a leading industry as its
influence, through indirect connections, on the regional economy and social
structure, and give **no formula**. The composite below is **this tool's
operationalisation, not the report's method** (formulas.md C.5 discusses Rostow's
backward / lateral / forward effects and the proxies Chinese regional studies use).

Components, each per unit of final demand for the sector unless stated:

========== ===================================== =========================================
key        raw value                             meaning
========== ===================================== =========================================
employment ``employment_multiplier`` (c′L)_j      jobs in the whole economy (only when the
                                                 table has an ``employment`` satellite)
income     ``income_multiplier``                 compensation of employees generated
tax        ``tax_multiplier``                    net production taxes generated
induced    ``output_induced``                    Type II − Type I output multiplier: extra
                                                 output from household re-spending
breadth    2 / (cv_backward + cv_forward)        how evenly the effect spreads over sectors
                                                 (a low coefficient of variation is broad)
centrality ``rwc`` (or another network measure)  how quickly shocks reach the sector along
                                                 the flow network (Blöchl et al. 2011)
========== ===================================== =========================================

Every component is min–max scaled over the sectors to [0, 1] (0 = the lowest sector,
1 = the highest; a constant component is 0.5 for all), and the composite is the weighted
mean of the scaled components, in [0, 1]. Min–max rather than division by the mean:
a component may be negative (net production taxes of subsidised sectors: UK 2010
agriculture's tax multiplier is below zero), and dividing by a mean near or below zero
flips or explodes the composite. Under the Type II closure the induced output is a
fixed multiple of the income a sector generates (households re-spend their income), so
``induced`` and ``income`` measure one thing twice: ``induced`` is shown but carries no
weight by default. Simple multipliers (totals per unit of final demand) are used
instead of Type I ratios, which inflate sectors with little direct employment or
income. Weights are parameters; :data:`DEFAULT_WEIGHTS` are a modelling choice, not
estimates.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping

import numpy as np
import pandas as pd

from chainmap.analysis.summary import analyze_table
from chainmap.errors import DataWarning, ScenarioError, is_finite_number
from chainmap.graph.network import network_measures
from chainmap.io.table import IOTable

#: Default weights of the components (renormalised over the available ones).
DEFAULT_WEIGHTS: dict[str, float] = {
    "employment": 0.25,
    "income": 0.30,
    "tax": 0.15,
    "induced": 0.0,  # proportional to income under the Type II closure: not counted twice
    "breadth": 0.10,
    "centrality": 0.15,
}
COMPONENTS: tuple[str, ...] = tuple(DEFAULT_WEIGHTS)
CENTRALITY_MEASURES: tuple[str, ...] = ("rwc", "counting_betweenness", "pagerank")

#: Statement carried in ``df.attrs["note"]`` and shown by reports.
NOTE = (
    "Side-effect composite (旁侧效应综合指数): chainmap's operationalisation of the "
    "report's qualitative 'side effect', not a method the report gives. Components: "
    "employment, income and tax multipliers, breadth (1 / mean CV) and network centrality, "
    "each min-max scaled to [0, 1]; composite = weighted mean (Type II induced output shown, "
    "not weighted: it is proportional to income)."
)


def _raw_components(measures: pd.DataFrame, centrality: str) -> dict[str, pd.Series]:
    """Raw component series available in ``measures`` (missing ones are absent)."""
    raw: dict[str, pd.Series] = {}
    columns = {
        "employment": "employment_multiplier",
        "income": "income_multiplier",
        "tax": "tax_multiplier",
        "induced": "output_induced",
        "centrality": centrality,
    }
    for key, column in columns.items():
        # an all-NaN column means the table lacks the data (e.g. no tax row)
        if column in measures.columns and measures[column].notna().any():
            raw[key] = measures[column].astype(float)
    if {"cv_backward", "cv_forward"} <= set(measures.columns):
        mean_cv = (measures["cv_backward"].astype(float) + measures["cv_forward"]) / 2
        raw["breadth"] = 1.0 / mean_cv
    return raw


def normalise_minmax01(values: pd.Series) -> pd.Series:
    """Min–max scaling to [0, 1]; a constant series is 0.5 everywhere.

    Robust to negative values (unlike division by the mean).

    Examples
    --------
    >>> normalise_minmax01(pd.Series([-13.9, 0.0, 1.1])).round(4).tolist()
    [0.0, 0.9267, 1.0]
    """
    v = values.astype(float)
    bad = ~np.isfinite(v.to_numpy())
    if bad.any():
        where = [str(c) for c in v.index[bad]]
        shown = ", ".join(where[:5]) + (f" and {len(where) - 5} more" if len(where) > 5 else "")
        msg = (
            f"{values.name}: non-finite values for {len(where)} of {len(v)} sectors ({shown}) "
            "cannot be scaled; all sectors at once usually means the Leontief inverse is "
            "undefined (a sector with zero output but inputs or sales in the table)"
        )
        raise ScenarioError(msg)
    lo, hi = float(v.min()), float(v.max())
    if hi - lo <= 0:
        return pd.Series(0.5, index=v.index, name=values.name)
    return (v - lo) / (hi - lo)


def normalise_to_mean_one(values: pd.Series) -> pd.Series:
    """``values / mean(values)``; the mean must be finite and positive.

    Examples
    --------
    >>> normalise_to_mean_one(pd.Series([1.0, 3.0])).tolist()
    [0.5, 1.5]
    """
    mean = float(values.mean())
    if not math.isfinite(mean) or mean <= 0 or not np.isfinite(values.to_numpy()).all():
        msg = f"{values.name}: cannot normalise to mean 1 (mean {mean:.6g}, or non-finite values)"
        raise ScenarioError(msg)
    return values / mean


def score_side_effects(
    table: IOTable,
    *,
    weights: Mapping[str, float] | None = None,
    centrality: str = "rwc",
    measures: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Side-effect composite of every sector, with every component visible.

    Parameters
    ----------
    table : IOTable
    weights : mapping, optional
        Component → weight ≥ 0 (keys from :data:`COMPONENTS`). Default
        :data:`DEFAULT_WEIGHTS`, dropping components the table cannot provide (e.g.
        employment without an employment satellite). Weights are rescaled to sum to 1.
    centrality : {"rwc", "counting_betweenness", "pagerank"}
        Network measure used as the centrality component.
    measures : DataFrame, optional
        Precomputed :func:`chainmap.analysis.summary.analyze_table` output joined with
        :func:`chainmap.graph.network.network_measures` (indexed by code).

    Returns
    -------
    DataFrame
        Index = codes; ``name``, the raw components (``employment_multiplier``, ...,
        ``breadth``, ``centrality``), their normalised ``<key>_index`` columns, the
        ``side_effect`` composite and its ``rank``. ``df.attrs``: ``weights`` (used),
        ``dropped`` (unavailable components), ``centrality`` and ``note``.

    Raises
    ------
    ScenarioError
        Unknown component or centrality, a negative weight, a weight on a component
        the table cannot provide, or all weights zero.

    Examples
    --------
    >>> from chainmap.io.examples import miller_blair_2x2
    >>> df = score_side_effects(miller_blair_2x2())
    >>> df["income_index"].tolist()  # min-max: the lower sector 0, the higher 1
    [0.0, 1.0]
    >>> bool(df["side_effect"].between(0, 1).all())
    True
    """
    explicit = weights is not None
    wanted = _checked_weights(weights, centrality)
    if measures is None:
        base = analyze_table(table)
        net = network_measures(table, communities=False)
        measures = base.join(net[[c for c in net.columns if c not in base.columns]])
    raw = _raw_components(measures, centrality)
    used = _used_weights(wanted, raw, explicit=explicit)
    out = pd.DataFrame(index=measures.index.copy())
    if "name" in measures.columns:
        out["name"] = measures["name"]
    for key in COMPONENTS:
        if key in raw:
            out[_RAW_COLUMNS[key]] = raw[key].to_numpy()
    composite = pd.Series(0.0, index=out.index)
    for key in COMPONENTS:
        if key in used:
            index = normalise_minmax01(raw[key].rename(key))
            out[f"{key}_index"] = index.to_numpy()
            composite += used[key] * index.to_numpy()
    out["side_effect"] = composite
    codes = [str(c) for c in out.index]
    order = sorted(range(len(codes)), key=lambda i: (-float(composite.iloc[i]), codes[i]))
    rank = np.empty(len(codes), dtype=int)
    rank[order] = np.arange(1, len(codes) + 1)
    out["rank"] = rank
    out.attrs.update(
        {
            "title": "Side-effect composite 旁侧效应综合指数",
            "weights": used,
            "dropped": sorted(set(wanted) - set(used)),
            "centrality": centrality,
            "note": NOTE,
        }
    )
    return out


#: Output column of each raw component.
_RAW_COLUMNS = {
    "employment": "employment_multiplier",
    "income": "income_multiplier",
    "tax": "tax_multiplier",
    "induced": "output_induced",
    "breadth": "breadth",
    "centrality": "centrality",
}


def _checked_weights(weights: Mapping[str, float] | None, centrality: str) -> dict[str, float]:
    """The weights asked for (default :data:`DEFAULT_WEIGHTS`); unknown names and
    negative weights raise."""
    if centrality not in CENTRALITY_MEASURES:
        msg = f"unknown centrality {centrality!r}; choose from {list(CENTRALITY_MEASURES)}"
        raise ScenarioError(msg)
    wanted = dict(DEFAULT_WEIGHTS if weights is None else weights)
    unknown = sorted(set(wanted) - set(COMPONENTS))
    if unknown:
        msg = f"unknown side-effect components {unknown}; choose from {list(COMPONENTS)}"
        raise ScenarioError(msg)
    negative = {k: w for k, w in wanted.items() if not (is_finite_number(w) and w >= 0)}
    if negative:
        msg = f"side-effect weights must be finite and >= 0: {negative}"
        raise ScenarioError(msg)
    return wanted


def _used_weights(
    wanted: dict[str, float], raw: dict[str, pd.Series], *, explicit: bool
) -> dict[str, float]:
    """Weights of the available components, rescaled to sum to 1. Caller weights on an
    unavailable component raise; defaults drop it."""
    missing = [k for k, w in wanted.items() if w > 0 and k not in raw]
    if explicit and wanted.get("induced", 0) > 0 and wanted.get("income", 0) > 0:
        warnings.warn(
            "side effects: income and induced output are both weighted; under the Type II "
            "closure they are proportional, so the composite counts household re-spending twice",
            DataWarning,
            stacklevel=3,  # the caller of score_side_effects
        )
    if missing and explicit:
        msg = f"components {missing} are weighted but not available for this table"
        raise ScenarioError(msg)
    used = {k: float(w) for k, w in wanted.items() if w > 0 and k in raw}
    total = sum(used.values())
    if total <= 0:
        msg = "all side-effect weights are zero"
        raise ScenarioError(msg)
    return {k: w / total for k, w in used.items()}
