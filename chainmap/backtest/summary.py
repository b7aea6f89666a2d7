"""A citable summary of a backtest run (``io_tables/backtest_summary.json``).

The report's summary cites how the method has performed out of sample; this module
builds that record from the pooled table of :func:`chainmap.backtest.pooling.pool`
and checks a stored one. Fields:

* ``generated`` (ISO date), ``commit`` (git commit of the code that ran), ``command``;
* ``data``: provinces, base and target years, cases, price basis;
* ``rankers``: for the default method (``method_default``: the shipped
  ``DEFAULT_WEIGHTS``), the LOPO method (``method_lopo``, when calibrated) and output at
  T (``output``): pooled Spearman ρ with the absolute output increase, top-5 hits in its
  own top 5 and in the chosen leading set, each ``{"mean", "lo", "hi"}`` (95 % province
  bootstrap), and ``cases``;
* ``weights``: the default criterion weights the run used;
* ``method_beats_output``: whether the default method's pooled ρ is at least output's
  (the issue's bar: no worse than 0.01 below, and as many top-5 hits);
* ``check``: the figures of a subset of the same cases that a test recomputes from the
  provincial tables in seconds (:func:`check_subset`): base :data:`CHECK_BASE`, target
  :data:`CHECK_TARGET`, the first :data:`CHECK_PROVINCES` provinces by name; per
  province and pooled, ρ with the absolute increase and the realised top 5 in the top 5
  and in the chosen set, of the default method and of output at T. It ties the shipped
  figures to the code and the data: when a change of the method moves them, the test
  fails until the summary is re-generated.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, cast

import pandas as pd

from chainmap.io.registry import PROJECT_ROOT

#: Where the shipped summary lives.
SUMMARY_PATH = PROJECT_ROOT / "io_tables" / "backtest_summary.json"
#: Rankers recorded (when present in the pooled table).
RANKERS: tuple[str, ...] = ("method_default", "method_lopo", "output")
#: Metrics recorded per ranker.
FIGURES: tuple[str, ...] = ("rho_abs", "hits_top5", "hits_chosen")
#: The checkable subset (:func:`check_subset`): one horizon of the first provinces.
CHECK_BASE, CHECK_TARGET, CHECK_PROVINCES = 2012, 2017, 8
#: Rankers and metrics of the checkable subset.
CHECK_RANKERS: tuple[str, ...] = ("method_default", "output")
CHECK_FIGURES: tuple[str, ...] = ("rho_abs", "hits_top5", "hits_chosen")


def _num(v: Any) -> float | None:
    return None if v is None or (isinstance(v, float) and math.isnan(v)) else round(float(v), 4)


def _figure(row: pd.Series, metric: str) -> dict[str, float | None]:
    return {
        "mean": _num(row.get(metric)),
        "lo": _num(row.get(f"{metric}_lo")),
        "hi": _num(row.get(f"{metric}_hi")),
    }


def check_provinces(regions: Sequence[str], n: int = CHECK_PROVINCES) -> list[str]:
    """The provinces of the checkable subset: the first ``n`` by name (sorted)."""
    return sorted(set(regions))[:n]


def check_subset(
    results: pd.DataFrame,
    provinces: Sequence[str],
    *,
    base: int = CHECK_BASE,
    target: int = CHECK_TARGET,
) -> dict[str, Any]:
    """Figures of the cases ``(p, base, target)``, p in ``provinces``, from result rows.

    The method's rows may be named ``method`` (a plain backtest) or ``method_default``
    (a calibration study). Returns ``{"base", "target", "provinces", "pooled": {ranker:
    {metric: mean}}, "cases": {province: {ranker: {metric: value}}}}``, values rounded
    to 4 decimals.
    """
    rows = results[
        results["region"].isin(list(provinces))
        & (results["base"] == base)
        & (results["target"] == target)
    ].replace({"ranker": {"method": "method_default"}})
    rows = rows[rows["ranker"].isin(CHECK_RANKERS)]
    missing = sorted(set(provinces) - set(rows["region"]))
    if missing:
        raise ValueError(f"backtest summary check: no {base} → {target} case for {missing}")
    pooled = rows.groupby("ranker")[list(CHECK_FIGURES)].mean()
    cases = {
        str(region): {
            str(r["ranker"]): {m: _num(r[m]) for m in CHECK_FIGURES} for _, r in group.iterrows()
        }
        for region, group in rows.sort_values(["region", "ranker"]).groupby("region")
    }
    return {
        "base": int(base),
        "target": int(target),
        "provinces": list(provinces),
        "pooled": {
            str(name): {m: _num(v) for m, v in row.items()} for name, row in pooled.iterrows()
        },
        "cases": cases,
    }


#: What each ranker of the summary is.
RANKER_NOTES: dict[str, str] = {
    "method_default": "the shipped DEFAULT_WEIGHTS, whole method run (chosen set solved); "
    "the weights were fitted on all provinces, so this is in sample for the weights",
    "method_lopo": "each province scored with weights fitted without it (out of sample); "
    "the chosen set is re-solved unless the run used --no-rerun",
    "output": "output at T, the naive size baseline; its chosen set is its top m",
}


def build_summary(
    pooled: pd.DataFrame,
    results: pd.DataFrame,
    *,
    weights: Mapping[str, float],
    commit: str,
    command: str,
    generated: str | None = None,
) -> dict[str, Any]:
    """The summary record (see the module doc) from ``pool(results, ("ranker",))``."""
    rankers: dict[str, Any] = {}
    for name in RANKERS:
        if name not in pooled.index:
            continue
        row = cast(pd.Series, pooled.loc[name])
        rankers[name] = {"cases": int(cast(float, row["cases"]))} | {
            m: _figure(row, m) for m in FIGURES
        }
    method = rankers.get("method_default", {})
    output = rankers.get("output", {})
    beats = None
    if method and output:
        beats = bool(
            method["rho_abs"]["mean"] >= output["rho_abs"]["mean"] - 0.01
            and method["hits_top5"]["mean"] >= output["hits_top5"]["mean"]
        )
    return {
        "generated": generated or dt.date.today().isoformat(),
        "commit": commit,
        "command": command,
        "data": {
            "provinces": int(results["region"].nunique()),
            "base_years": sorted(int(y) for y in results["base"].unique()),
            "target_years": sorted(int(y) for y in results["target"].unique()),
            "cases": int(results[["region", "base", "target"]].drop_duplicates().shape[0]),
            "prices": "nominal",
            "sectors": "33-group common 1997-2017 scheme "
            "(io_tables/concordances/provincial_common.csv)",
        },
        "notes": RANKER_NOTES,
        "interval": "95 % percentile bootstrap over provinces (1000 draws, fixed seed)",
        "weights": {k: float(v) for k, v in weights.items()},
        "rankers": rankers,
        "method_beats_output": beats,
        "check": _check_of(results),
    }


def _check_of(results: pd.DataFrame) -> dict[str, Any] | None:
    """The checkable subset of ``results``, None when it lacks the base or target year."""
    at = results[(results["base"] == CHECK_BASE) & (results["target"] == CHECK_TARGET)]
    if at.empty:
        return None
    return check_subset(results, check_provinces([str(r) for r in at["region"].unique()]))


def check_summary(
    summary: Mapping[str, Any], rankers: Sequence[str] = ("method_default", "output")
) -> None:
    """Raise ``ValueError`` when ``summary`` lacks a field or holds an impossible figure."""
    for key in ("generated", "commit", "data", "weights", "rankers", "method_beats_output"):
        if key not in summary:
            raise ValueError(f"backtest summary: missing {key!r}")
    dt.date.fromisoformat(str(summary["generated"])[:10])
    for name in rankers:
        entry = summary["rankers"].get(name)
        if entry is None:
            raise ValueError(f"backtest summary: missing ranker {name!r}")
        for metric in ("rho_abs", "hits_top5"):
            fig = entry[metric]
            lo, mean, hi = fig["lo"], fig["mean"], fig["hi"]
            bound = (-1.0, 1.0) if metric == "rho_abs" else (0.0, 5.0)
            if not (bound[0] <= lo <= mean <= hi <= bound[1]):
                raise ValueError(f"backtest summary: {name} {metric} {fig} out of order/range")


def write_summary(summary: Mapping[str, Any], path: str | Path = SUMMARY_PATH) -> Path:
    """Write ``summary`` as indented UTF-8 JSON; returns the path."""
    out = Path(path)
    out.write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return out


def read_summary(path: str | Path = SUMMARY_PATH) -> dict[str, Any]:
    """The stored summary (checked)."""
    data: dict[str, Any] = json.loads(Path(path).read_text(encoding="utf-8"))
    check_summary(data)
    return data
