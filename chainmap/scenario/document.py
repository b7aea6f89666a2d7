"""The content of ``result.json``: the decision, its context, notes and provenance."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np

from chainmap.gaps.diagnosis import diagnose_gaps
from chainmap.io.registry import PROJECT_ROOT
from chainmap.scenario.runner import ScenarioResult
from chainmap.scenario.settings import gap_thresholds
from chainmap.select.alternatives import Alternative

#: The shipped summary of the provincial backtest (``chainmap backtest``).
BACKTEST_SUMMARY = PROJECT_ROOT / "io_tables" / "backtest_summary.json"


def clean_json(value: Any) -> Any:
    """JSON-safe copy: numpy scalars to Python, NaN/inf to None, tuples to lists."""
    if isinstance(value, dict):
        return {str(k): clean_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [clean_json(v) for v in value]
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


def sector_name(table: Any, code: str, lang: str) -> str:
    """The sector's label in ``lang``, or its code when the table does not know it."""
    try:
        return str(table.label(code, lang))
    except KeyError:
        return code


def chosen_codes(result: ScenarioResult) -> list[str]:
    """Leading then potential industries of the selection (empty when there is none)."""
    sel = result.selection
    if sel is None:
        return []
    return list(dict.fromkeys([*sel.leading, *sel.potential]))


def report_diagnoses(result: ScenarioResult) -> dict[str, Any]:
    """Gap diagnoses of the shortlist plus every chosen industry outside it, by code.

    The selection values the chains of the shortlist only, yet a chosen industry may lie
    outside it (chosen on its score); the report still shows its chain, so it is
    diagnosed here with the scenario's thresholds (one diagnosis, no effect on the choice).
    """
    out = dict(result.gaps)
    missing = [c for c in chosen_codes(result) if c not in out]
    if missing:
        thresholds = gap_thresholds(result.scenario)
        parent = result.parent if result.parent is not result.city else None
        for code in missing:
            out[code] = diagnose_gaps(result.city, code, parent=parent, thresholds=thresholds)
    return dict(sorted(out.items()))


def chain_fill_gain(city: Any, diagnosis: Any) -> dict[str, Any]:
    """Output and value added gained if the chain's own break/weak/choke links rose to the
    fill target for this industry only (its column of A; import substitution, no capacity
    or time limits: an upper bound). One rank-1 update, so nothing is counted twice:
    ``Δx = L δ x_j / (1 − (L δ)_j)``. Products the city does not make are left out."""
    links = diagnosis.links
    target = float(diagnosis.summary.get("fill_target", 0.5))
    codes = [str(c) for c in city.codes]
    pos = {c: i for i, c in enumerate(codes)}
    todo = links[links["action"].isin(["fill", "strengthen"])]
    delta = np.zeros(city.n)
    used = 0
    for sup, row in todo.iterrows():
        if str(sup) in pos and str(sup) not in diagnosis.sector:
            gap = target * float(row["need"]) - float(row["local_coefficient"])
            if gap > 0:
                delta[pos[str(sup)]] += gap
                used += 1
    x = city.x
    group = [pos[c] for c in diagnosis.sector if c in pos]
    if not used or not group:
        return {"output_gain": 0.0, "value_added_gain": 0.0, "n_links": 0, "fill_target": target}
    j = max(group, key=lambda k: x[k])
    xj = float(sum(x[k] for k in group))
    l_delta = city.l @ delta
    den = 1.0 - float(l_delta[j])
    dx = l_delta * xj / den if den > 0 else np.full(city.n, np.nan)
    va = city.total_value_added.reindex(city.codes).to_numpy(float) / np.where(x > 0, x, 1.0)
    return {
        "output_gain": float(dx.sum()),
        "value_added_gain": float(va @ dx),
        "n_links": used,
        "fill_target": target,
        "industry_output": xj,
    }


def result_document(
    result: ScenarioResult,
    *,
    timings: bool = True,
    diagnoses: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The content of ``result.json`` (``diagnoses``: :func:`report_diagnoses`, if known)."""
    if diagnoses is None:
        diagnoses = report_diagnoses(result)
    city = result.city
    scenario = result.scenario
    chosen = chosen_codes(result)
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
        "city_coverage": _coverage(result),
        "selection": _decision(result),
        "alternatives": [_alternative(alt) for alt in result.alternatives],
        "infeasibility": _infeasibility(result),
        "group_effect": result.group_effect,
        "criteria_weights": result.criteria.weights.to_dict(),
        "shortlist": sorted(result.gaps),
        "report_only_gaps": sorted(set(diagnoses) - set(result.gaps)),
        "gap_summaries": {code: d.summary for code, d in sorted(diagnoses.items())},
        "chain_fill": {
            code: chain_fill_gain(city, d)
            for code, d in sorted(diagnoses.items())
            if code in chosen
        },
        "robustness": _robustness_summary(result),
        "backtest": backtest_evidence(
            {str(k): float(v) for k, v in result.criteria.weights.items()}
        ),
        "notes": list(result.notes),
        "provenance": result.provenance(timings=timings),
    }
    cleaned: dict[str, Any] = clean_json(doc)
    return cleaned


def _decision(result: ScenarioResult) -> dict[str, Any]:
    """The selection with the names of its leading, potential and filled industries."""
    sel = result.selection
    decision = sel.to_dict() if sel is not None else {}
    for key in ("leading", "potential", "filled"):
        decision[f"{key}_names"] = [
            {
                "code": c,
                "name_zh": sector_name(result.city, c, "zh"),
                "name_en": sector_name(result.city, c, "en"),
            }
            for c in decision.get(key, [])
        ]
    return decision


def _alternative(alt: Alternative) -> dict[str, Any]:
    """One runner-up portfolio and how it differs from the best."""
    return {
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


def _coverage(result: ScenarioResult) -> dict[str, Any]:
    """Which sectors the city data cover, which were filled and which are absent."""
    co = result.city_output
    if co is None:
        return {}
    return {
        "covered": list(co.covered),
        "filled": list(co.filled),
        "absent": list(co.absent),
        "fill_rule": co.fill,
    }


def _infeasibility(result: ScenarioResult) -> dict[str, Any] | None:
    """Why no portfolio exists (the relaxations that would allow one), or None."""
    d = result.infeasibility
    if d is None:
        return None
    return {
        "feasible": d.feasible,
        "relaxations": [list(r) for r in d.relaxations],
        "constraints": list(d.constraints),
        "min_budget": d.min_budget,
        "message": d.message,
    }


def _robustness_summary(result: ScenarioResult) -> dict[str, Any] | None:
    """Stability of the choice under parameter variants (and weight draws), or None."""
    params = getattr(result.robustness, "parameters", None)
    if params is None:
        return None
    out = dict(params.summary)
    out["variants"] = params.variants.to_dict(orient="records")
    return out


def backtest_evidence(weights: dict[str, float]) -> dict[str, Any] | None:
    """How the default method did out of sample (``io_tables/backtest_summary.json``).

    The shipped summary of ``chainmap backtest`` on every provincial table 1997–2017:
    pooled Spearman ρ with the later absolute output increase and top-5 hits, with
    bootstrap intervals, for the default method (out of sample: weights fitted without
    each held-out province) and for the naive baseline "output at T". ``same_weights``
    says whether this run used the weights that were back-tested. None when the file is
    absent.
    """
    path = BACKTEST_SUMMARY
    if not path.exists():
        return None
    summary = json.loads(path.read_text(encoding="utf-8"))
    tested = summary.get("weights", {})
    same = all(abs(float(weights.get(k, 0.0)) - float(v)) < 1e-9 for k, v in tested.items())
    rankers = summary.get("rankers", {})
    return {
        "source": "io_tables/backtest_summary.json",
        "generated": summary.get("generated"),
        "data": summary.get("data"),
        "method_out_of_sample": rankers.get("method_lopo"),
        "method_default": rankers.get("method_default"),
        "output_at_T": rankers.get("output"),
        "method_beats_output": summary.get("method_beats_output"),
        "same_weights": same,
    }
