"""Side-by-side comparisons: candidate industries within a scenario, or two scenarios.

:func:`compare_industries` puts named candidates next to each other on every
criterion, the main multipliers, their gap counts and local supporting rate — the
table a planner brings to a meeting where three industries compete for one slot.
:func:`compare_selections` shows what two scenarios chose and how every industry
either of them picked ranks in both.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from chainmap.gaps.diagnosis import diagnose_gaps
from chainmap.io.sectors import resolve_sector
from chainmap.scenario.compare_columns import CRITERIA_COLUMNS, GAP_COLUMNS, MEASURE_COLUMNS
from chainmap.scenario.runner import ScenarioResult
from chainmap.scenario.settings import gap_thresholds
from chainmap.select.problem import GROUP_LABELS


def _gap_summary(result: ScenarioResult, code: str) -> dict[str, Any]:
    diagnosis = result.gaps.get(code)
    if diagnosis is None:
        thresholds = gap_thresholds(result.scenario)
        parent = result.parent if result.parent is not result.city else None
        diagnosis = diagnose_gaps(result.city, code, parent=parent, thresholds=thresholds)
    summary: dict[str, Any] = diagnosis.summary
    return summary


def compare_industries(result: ScenarioResult, industries: Sequence[str]) -> pd.DataFrame:
    """One row per named industry with every criterion, multiplier and gap figure.

    Parameters
    ----------
    result : ScenarioResult
    industries : sequence of str
        Codes or exact Chinese/English names (unknown ones raise with close matches).

    Returns
    -------
    DataFrame
        Index ``industry`` in the order given; ``df.attrs["title"]`` set.
    """
    codes = [resolve_sector(result.city, text) for text in industries]
    measures = result.measures.set_index("code") if "code" in result.measures else result.measures
    crit = result.criteria.to_frame()
    sel = result.selection
    rows = []
    for code in codes:
        row: dict[str, Any] = {
            "industry": code,
            "name_zh": result.city.label(code, "zh"),
            "name_en": result.city.label(code, "en"),
            "selected": "leading"
            if code in sel.leading
            else "potential"
            if code in sel.potential
            else "",
        }
        for col in CRITERIA_COLUMNS:
            if col in crit.columns:
                row[col] = crit.at[code, col]
        for col in MEASURE_COLUMNS:
            if col in measures.columns:
                row[col] = measures.at[code, col]
        summary = _gap_summary(result, code)
        for col in GAP_COLUMNS:
            row[col] = summary.get(col)
        rows.append(row)
    frame = pd.DataFrame(rows).set_index("industry")
    frame.attrs["title"] = "Candidate comparison 候选产业对比"
    frame.attrs["kind"] = "candidates"
    frame.attrs["scenario"] = result.scenario.name
    frame.attrs["illustrative"] = result.illustrative
    frame.attrs["unit"] = result.city.meta.unit
    frame.attrs["chosen"] = [*sel.leading, *sel.potential]
    return frame


def _role(res: ScenarioResult, code: str) -> str:
    sel = res.selection
    if code in sel.leading:
        return "leading"
    if code in sel.potential:
        return "potential"
    if code in sel.filled:
        return "fill"
    return ""


def _conflicts(diag: Any) -> list[str]:
    """Constraint groups whose relaxation alone restores feasibility (then the pairs)."""
    found: list[str] = []
    for group in getattr(diag, "relaxations", ()) or ():
        for name in group:
            if name not in found:
                found.append(str(name))
    return found


def _group_label(group: str) -> tuple[str, str]:
    """(Chinese, English) name of a constraint group."""
    family = "cap" if group.startswith("cap_") else group
    text = GROUP_LABELS.get(family, family)
    zh, _, en = text.partition(" ")
    return (zh or group, en or group)


def _scenario_summary(res: ScenarioResult) -> dict[str, Any]:
    """Status, feasibility, the portfolio and its links, the objective of one scenario."""
    sel = res.selection
    diag = res.infeasibility
    return {
        "name": res.scenario.name,
        "status": str(sel.status),
        "feasible": bool(sel.is_solved),
        "message": str(getattr(diag, "message", "") or "") if not sel.is_solved else "",
        "conflicts": [_group_label(g) for g in _conflicts(diag)] if not sel.is_solved else [],
        "min_budget": getattr(diag, "min_budget", None) if not sel.is_solved else None,
        "budget": res.scenario.get("selection.budget"),
        "objective": sel.objective,
        "terms": dict(sel.terms),
        "leading": list(sel.leading),
        "potential": list(sel.potential),
        "filled": list(sel.filled),
        "links": [(link.supplier, link.industry) for link in sel.links if link.by == "fill"],
    }


def compare_selections(first: ScenarioResult, second: ScenarioResult) -> pd.DataFrame:
    """Every industry either scenario chose or filled, with its role, score and rank in both.

    Returns
    -------
    DataFrame
        Index ``industry``; columns ``name_zh``, ``name_en`` and, per scenario label,
        ``role`` (leading, potential, fill — a supplier filled for a leading industry — or
        empty), ``score``, ``rank`` (nullable integer) and ``fills`` (the chosen industries
        the supplier is filled for); sorted by code. ``df.attrs["summary"]`` holds each
        scenario's status, feasibility (with the infeasibility message), portfolio, filled
        links and objective; ``df.attrs["kind"]`` is ``"scenarios"``.
    """
    names = [first.scenario.name, second.scenario.name]
    if names[0] == names[1]:
        names = [f"{names[0]} (1)", f"{names[1]} (2)"]
    picked: set[str] = set()
    for res in (first, second):
        sel = res.selection
        picked |= set(sel.leading) | set(sel.potential) | set(sel.filled)
    rows = []
    for code in sorted(picked):
        row: dict[str, Any] = {"industry": code}
        for label, res in zip(names, (first, second), strict=True):
            known = code in res.city.codes
            if "name_zh" not in row and known:
                row["name_zh"] = res.city.label(code, "zh")
                row["name_en"] = res.city.label(code, "en")
            row[f"{label}: role"] = _role(res, code)
            row[f"{label}: score"] = float(res.criteria.score.get(code, float("nan")))
            rank = res.criteria.rank.get(code)
            row[f"{label}: rank"] = pd.NA if rank is None or pd.isna(rank) else int(rank)
            row[f"{label}: fills"] = ", ".join(
                sorted(
                    {
                        link.industry
                        for link in res.selection.links
                        if link.supplier == code and link.by == "fill"
                    }
                )
            )
        rows.append(row)
    frame = pd.DataFrame(rows).set_index("industry") if rows else pd.DataFrame()
    for label in names:
        if f"{label}: rank" in frame.columns:
            frame[f"{label}: rank"] = frame[f"{label}: rank"].astype("Int64")
    frame.attrs["title"] = "Scenario comparison 方案对比"
    frame.attrs["kind"] = "scenarios"
    frame.attrs["scenarios"] = names
    frame.attrs["illustrative"] = first.illustrative or second.illustrative
    frame.attrs["unit"] = first.city.meta.unit
    frame.attrs["summary"] = {
        label: _scenario_summary(res) for label, res in zip(names, (first, second), strict=True)
    }
    return frame
