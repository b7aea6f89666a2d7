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
  (the issue's bar: no worse than 0.01 below, and as many top-5 hits).
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


def _figure(row: pd.Series, metric: str) -> dict[str, float | None]:
    def num(v: Any) -> float | None:
        return None if v is None or (isinstance(v, float) and math.isnan(v)) else round(float(v), 4)

    return {
        "mean": num(row.get(metric)),
        "lo": num(row.get(f"{metric}_lo")),
        "hi": num(row.get(f"{metric}_hi")),
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
        "interval": "95 % percentile bootstrap over provinces (1000 draws, fixed seed)",
        "weights": {k: float(v) for k, v in weights.items()},
        "rankers": rankers,
        "method_beats_output": beats,
    }


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
