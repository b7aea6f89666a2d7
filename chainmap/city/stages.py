"""Industry development stages (产业发展阶段) of every industry, and leading-industry eligibility.

The source report (000:1248) names six stages and says which may lead
(:mod:`chainmap.city.lifecycle`); it gives **no indicator or threshold** for assigning a
stage. A stage is therefore either stated per sector in the scenario or inferred from an
output series by the tool's own rules (:mod:`chainmap.city.stage_inference`), and
:func:`resolve_stages` combines the two. The names of both modules are re-exported here.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from chainmap.city.lifecycle import (
    STAGE_KEYS,
    STAGES,
    Eligibility,
    StageGroup,
    StageInfo,
    parse_stage,
    stage_eligibility,
    stage_info,
)
from chainmap.city.stage_inference import (
    StageRules,
    infer_stage,
    infer_stages,
    series_indicators,
)
from chainmap.errors import ScenarioError

__all__ = [
    "STAGES",
    "STAGE_KEYS",
    "Eligibility",
    "StageGroup",
    "StageInfo",
    "StageRules",
    "infer_stage",
    "infer_stages",
    "parse_stage",
    "resolve_stages",
    "series_indicators",
    "stage_eligibility",
    "stage_info",
]

#: The default thresholds (frozen, so one shared instance is safe as a default).
DEFAULT_STAGE_RULES = StageRules()


def resolve_stages(
    codes: pd.Index,
    *,
    given: Mapping[str, str] | pd.Series | None = None,
    series: pd.DataFrame | None = None,
    total: pd.Series | None = None,
    rules: StageRules = DEFAULT_STAGE_RULES,
    default: str | None = "steady_growth",
    where: str = "stages",
) -> pd.DataFrame:
    """The stage of every industry: stated > inferred from a series > assumed default.

    Parameters
    ----------
    codes : Index
        Industry codes of the table.
    given : mapping, optional
        ``code -> stage label`` stated in the scenario (Chinese or English labels).
    series, total, rules
        Output series for :func:`infer_stages` (industries with too few positive
        observations are not inferred).
    default : str or None
        Stage assumed for industries with neither; None makes them an error.
    where : str
        Scenario key named in errors.

    Returns
    -------
    DataFrame indexed by ``codes``: ``stage``, ``stage_zh``, ``stage_en``,
    ``stage_source`` ("scenario", "inferred" or "assumed") and ``stage_rule``.

    Raises
    ------
    ScenarioError
        A stated or series code not in ``codes``, an unknown stage label, or an
        industry without a stage when ``default`` is None.

    Examples
    --------
    >>> r = resolve_stages(pd.Index(["1", "2"]), given={"2": "成熟期"})
    >>> r[["stage", "stage_source"]].to_numpy().tolist()
    [['steady_growth', 'assumed'], ['maturity', 'scenario']]
    """
    keys = [str(c) for c in codes]
    stage: dict[str, str] = {}
    source: dict[str, str] = {}
    rule: dict[str, str] = {}
    if series is not None:
        unknown = sorted(set(map(str, series.index)) - set(keys))
        if unknown:
            msg = f"{where}: output series has industry codes not in the table: {unknown}"
            raise ScenarioError(msg)
        inferred = infer_stages(series, total=total, rules=rules, on_short="skip")
        for code, row in inferred.iterrows():
            c = str(code)
            stage[c], source[c], rule[c] = str(row["stage"]), "inferred", str(row["rule"])
    for code, label in dict(given or {}).items():
        c = str(code)
        if c not in keys:
            msg = f"{where}.{code}: unknown sector code {code!r}"
            raise ScenarioError(msg)
        stage[c] = parse_stage(label, where=f"{where}.{code}")
        source[c], rule[c] = "scenario", "stated in the scenario"
    missing = [c for c in keys if c not in stage]
    if missing and default is None:
        msg = f"{where}: no stage stated or inferable for {missing} and no default stage"
        raise ScenarioError(msg)
    if missing:
        key = parse_stage(default or "", where=f"{where} default")
        for c in missing:
            stage[c], source[c], rule[c] = key, "assumed", "default stage (none stated or inferred)"
    return pd.DataFrame(
        {
            "stage": [stage[c] for c in keys],
            "stage_zh": [stage_info(stage[c]).zh for c in keys],
            "stage_en": [stage_info(stage[c]).en for c in keys],
            "stage_source": [source[c] for c in keys],
            "stage_rule": [rule[c] for c in keys],
        },
        index=codes,
    )
