"""Write a scenario result as machine-readable files (JSON and CSV), atomically.

Layout of a result folder (the report reads only these files):

``result.json``
    provenance (version, scenario with overrides, input hashes, solver, status,
    timings), the decision (leading, potential, filled links, objective terms, binding
    constraints), alternatives, infeasibility diagnosis, exact group effect, city
    coverage (covered/filled/absent sectors), criteria weights and notes.
``timings.json``   wall-clock seconds per step (the only file that differs between runs).
``measures.csv``   every linkage measure and multiplier of the city table.
``criteria.csv``   five-criteria indicators, scores, contributions and roles.
``links.csv``      the chain links the selection valued, and which were covered.
``gaps/<code>_links.csv``, ``gaps/<code>_downstream.csv``, ``gaps/<code>.json``
                   chain-gap diagnosis of every shortlisted industry.
``alternatives.csv`` the k-best portfolios.
``robustness.csv`` selection frequency and rank interval under weight uncertainty.

Every file is complete or absent: files are written to temporary names and renamed;
the folder itself is built beside the target and renamed into place, so an interrupted
run never leaves a half-written result. Every file but ``timings.json`` is identical
for identical inputs.
"""

from __future__ import annotations

import json
import math
import shutil
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from chainmap.errors import ChainmapError
from chainmap.runner import ScenarioResult


def _clean(value: Any) -> Any:
    """JSON-safe copy: numpy scalars to Python, NaN/inf to None, tuples to lists."""
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    if isinstance(value, np.bool_ | bool):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        f = float(value)
        return f if math.isfinite(f) else None
    if isinstance(value, Path):
        return str(value)
    return value


def _name(table: Any, code: str, lang: str) -> str:
    try:
        return str(table.label(code, lang))
    except KeyError:
        return code


def result_document(result: ScenarioResult, *, timings: bool = True) -> dict[str, Any]:
    """The content of ``result.json``."""
    sel = result.selection
    city = result.city
    scenario = result.scenario
    decision = sel.to_dict() if sel is not None else {}
    for key in ("leading", "potential", "filled"):
        decision[f"{key}_names"] = [
            {"code": c, "name_zh": _name(city, c, "zh"), "name_en": _name(city, c, "en")}
            for c in decision.get(key, [])
        ]
    alternatives = []
    for alt in result.alternatives:
        alternatives.append(
            {
                "rank": alt.rank,
                "leading": list(alt.result.leading),
                "potential": list(alt.result.potential),
                "filled": list(alt.result.filled),
                "objective": alt.result.objective,
                "terms": dict(alt.result.terms),
                "leading_in": list(alt.leading_in),
                "leading_out": list(alt.leading_out),
                "potential_in": list(alt.potential_in),
                "potential_out": list(alt.potential_out),
                "objective_gap": alt.objective_gap,
            }
        )
    coverage: dict[str, Any] = {}
    if result.city_output is not None:
        co = result.city_output
        coverage = {
            "covered": list(co.covered),
            "filled": list(co.filled),
            "absent": list(co.absent),
            "fill_rule": co.fill,
        }
    infeasible = None
    if result.infeasibility is not None:
        d = result.infeasibility
        infeasible = {
            "feasible": d.feasible,
            "relaxations": [list(r) for r in d.relaxations],
            "constraints": list(d.constraints),
            "min_budget": d.min_budget,
            "message": d.message,
        }
    doc = {
        "scenario": {
            "name": scenario.name,
            "description": scenario.get("description"),
            "city": scenario.get("city.name"),
            "city_en": scenario.get("city.name_en"),
        },
        "illustrative": result.illustrative,
        "table": city.meta.to_dict(),
        "parent_table": result.parent.meta.to_dict(),
        "n_sectors": city.n,
        "city_coverage": coverage,
        "selection": decision,
        "alternatives": alternatives,
        "infeasibility": infeasible,
        "group_effect": result.group_effect,
        "criteria_weights": result.criteria.weights.to_dict(),
        "shortlist": sorted(result.gaps),
        "gap_summaries": {code: d.summary for code, d in sorted(result.gaps.items())},
        "notes": list(result.notes),
        "provenance": result.provenance(timings=timings),
    }
    cleaned: dict[str, Any] = _clean(doc)
    return cleaned


def _csv(frame: pd.DataFrame, path: Path, *, index: bool = True) -> None:
    frame.to_csv(path, index=index, lineterminator="\n", encoding="utf-8")


def _links_frame(result: ScenarioResult) -> pd.DataFrame:
    links = result.selection_inputs.links
    if links is None:
        return pd.DataFrame(columns=["industry", "supplier", "value", "rpc", "covered"])
    covered = {(lf.industry, lf.supplier) for lf in result.selection.links}
    frame = links.copy()
    frame["covered"] = [
        (j, i) in covered for j, i in zip(frame["industry"], frame["supplier"], strict=True)
    ]
    frame["industry_name_zh"] = [_name(result.city, c, "zh") for c in frame["industry"]]
    frame["supplier_name_zh"] = [_name(result.city, c, "zh") for c in frame["supplier"]]
    return frame


def write_results(result: ScenarioResult, out_dir: str | Path, *, force: bool = False) -> Path:
    """Write every result file into ``out_dir`` (see the module docstring).

    Raises
    ------
    ChainmapError
        ``out_dir`` exists and is not empty, unless ``force``.
    """
    from chainmap.gaps import gaps_to_json

    target = Path(out_dir)
    if target.exists() and any(target.iterdir()) and not force:
        msg = f"{target} exists and is not empty; pass --force to replace it"
        raise ChainmapError(msg)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        # timings vary run to run: kept out of result.json so identical inputs give
        # byte-identical result files
        doc = result_document(result, timings=False)
        doc["provenance"]["timings_file"] = "timings.json"
        (staging / "result.json").write_text(
            json.dumps(doc, ensure_ascii=False, indent=1, allow_nan=False) + "\n",
            encoding="utf-8",
        )
        timings = {k: round(v, 4) for k, v in result.timings.items()}
        (staging / "timings.json").write_text(json.dumps(timings, indent=1) + "\n", "utf-8")
        _csv(result.measures, staging / "measures.csv", index=False)
        _csv(result.criteria.to_frame(), staging / "criteria.csv")
        _csv(_links_frame(result), staging / "links.csv", index=False)
        gaps_dir = staging / "gaps"
        gaps_dir.mkdir()
        for code, diagnosis in sorted(result.gaps.items()):
            _csv(diagnosis.links, gaps_dir / f"{code}_links.csv")
            _csv(diagnosis.downstream, gaps_dir / f"{code}_downstream.csv")
            (gaps_dir / f"{code}.json").write_text(gaps_to_json(diagnosis) + "\n", "utf-8")
        alt_rows = [
            {
                "rank": a["rank"],
                "leading": " ".join(a["leading"]),
                "potential": " ".join(a["potential"]),
                "objective": a["objective"],
                "objective_gap": a["objective_gap"],
                "leading_in": " ".join(a["leading_in"]),
                "leading_out": " ".join(a["leading_out"]),
            }
            for a in doc["alternatives"]
        ]
        _csv(pd.DataFrame(alt_rows), staging / "alternatives.csv", index=False)
        if result.robustness is not None:
            _csv(result.robustness.table, staging / "robustness.csv")
        for path in staging.rglob("*"):
            if path.is_file():
                path.chmod(0o644)
        staging.chmod(0o755)
        if target.exists():
            backup = target.with_name(f".{target.name}.old")
            if backup.exists():
                shutil.rmtree(backup)
            target.rename(backup)
            staging.rename(target)
            shutil.rmtree(backup)
        else:
            staging.rename(target)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return target


def read_result(out_dir: str | Path) -> dict[str, Any]:
    """Load ``result.json`` of a result folder (clear error when it is not one)."""
    path = Path(out_dir) / "result.json"
    if not path.exists():
        msg = f"{out_dir} is not a chainmap result folder (no result.json); run `chainmap run`"
        raise ChainmapError(msg)
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data
