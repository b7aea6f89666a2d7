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

Every component is divided by its mean over all sectors (mean 1, like the
linkage indices) and the composite is the weighted mean of the normalised
components, so it too averages 1. Simple multipliers (totals per unit of final
demand) are used instead of Type I ratios, which inflate sectors with little direct
employment or income. Weights are parameters; :data:`DEFAULT_WEIGHTS` are a
modelling choice, not estimates.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

from chainmap.analysis.summary import analyze_table
from chainmap.errors import ScenarioError
from chainmap.graph.network import network_measures
from chainmap.io.table import IOTable

#: Default weights of the components (renormalised over the available ones).
DEFAULT_WEIGHTS: dict[str, float] = {
    "employment": 0.25,
    "income": 0.20,
    "tax": 0.15,
    "induced": 0.15,
    "breadth": 0.10,
    "centrality": 0.15,
}
COMPONENTS: tuple[str, ...] = tuple(DEFAULT_WEIGHTS)
CENTRALITY_MEASURES: tuple[str, ...] = ("rwc", "counting_betweenness", "pagerank")

#: Statement carried in ``df.attrs["note"]`` and shown by reports.
NOTE = (
    "Side-effect composite (旁侧效应综合指数): chainmap's operationalisation of the "
    "report's qualitative 'side effect', not a method the report gives. Components: "
    "employment, income and tax multipliers, Type II induced output, breadth (1 / mean CV) "
    "and network centrality, each divided by its mean; composite = weighted mean."
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
    >>> df["income_index"].round(6).tolist()
    [0.855967, 1.144033]
    >>> round(float(df["side_effect"].mean()), 12)
    1.0
    """
    if centrality not in CENTRALITY_MEASURES:
        msg = f"unknown centrality {centrality!r}; choose from {list(CENTRALITY_MEASURES)}"
        raise ScenarioError(msg)
    explicit = weights is not None
    wanted = dict(DEFAULT_WEIGHTS if weights is None else weights)
    unknown = sorted(set(wanted) - set(COMPONENTS))
    if unknown:
        msg = f"unknown side-effect components {unknown}; choose from {list(COMPONENTS)}"
        raise ScenarioError(msg)
    negative = {k: w for k, w in wanted.items() if not (w >= 0 and math.isfinite(w))}
    if negative:
        msg = f"side-effect weights must be finite and >= 0: {negative}"
        raise ScenarioError(msg)
    if measures is None:
        base = analyze_table(table)
        net = network_measures(table, communities=False)
        measures = base.join(net[[c for c in net.columns if c not in base.columns]])
    raw = _raw_components(measures, centrality)
    missing = [k for k, w in wanted.items() if w > 0 and k not in raw]
    if missing and explicit:
        msg = f"components {missing} are weighted but not available for this table"
        raise ScenarioError(msg)
    used = {k: float(w) for k, w in wanted.items() if w > 0 and k in raw}
    total = sum(used.values())
    if total <= 0:
        msg = "all side-effect weights are zero"
        raise ScenarioError(msg)
    used = {k: w / total for k, w in used.items()}
    out = pd.DataFrame(index=measures.index.copy())
    if "name" in measures.columns:
        out["name"] = measures["name"]
    names = {
        "employment": "employment_multiplier",
        "income": "income_multiplier",
        "tax": "tax_multiplier",
        "induced": "output_induced",
        "breadth": "breadth",
        "centrality": "centrality",
    }
    for key in COMPONENTS:
        if key in raw:
            out[names[key]] = raw[key].to_numpy()
    composite = pd.Series(0.0, index=out.index)
    for key in COMPONENTS:
        if key in used:
            index = normalise_to_mean_one(raw[key].rename(key))
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
