"""The scenario comparison (``chainmap compare S1 S2``), titled 方案对比.

What each scenario decided (status, leading and potential industries, the links it fills,
objective), an infeasible scenario marked as such in a banner and in its column, then
every industry either chose or filled with its role, score and integer rank in both.
:func:`chainmap.report.compare.comparison_document` dispatches here.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from chainmap.i18n import t
from chainmap.report.charts import bar_chart
from chainmap.report.format import COMPARISON_ROLE_KEYS, label
from chainmap.report.html import figure, paragraph, table_block
from chainmap.report.svg import esc


def _status_text(summary: dict[str, Any], lang: str) -> str:
    status = str(summary.get("status", ""))
    shown = label(f"status.{status}", lang, status)
    if summary.get("feasible", True):
        return t("cmp.feasible", lang, status=shown)
    return t("cmp.infeasible", lang, status=shown)


def _conflict_text(summary: dict[str, Any], lang: str) -> str:
    """Which constraints conflict and the least budget that would do, in ``lang``."""
    pairs = summary.get("conflicts") or []
    names = ("、" if lang == "zh" else ", ").join(
        str(p[0] if lang == "zh" else p[1]) for p in pairs
    )
    parts = [t("cmp.conflicts", lang, names=names)] if names else []
    least = summary.get("min_budget")
    if least is not None:
        parts.append(
            t("cmp.min_budget", lang, least=f"{float(least):g}", budget=summary.get("budget"))
        )
    if not parts and lang == "en":
        return str(summary.get("message") or "")
    return ("；" if lang == "zh" else "; ").join(parts) + ("。" if lang == "zh" and parts else "")


def _codes(codes: list[str], names: dict[str, str], lang: str) -> str:
    sep = "、" if lang == "zh" else "; "
    return sep.join(f"{c} {names.get(c, '')}".strip() for c in codes) or "—"


def scenario_tables(frame: pd.DataFrame, lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(what each scenario decided, industries × scenarios) with headers in ``lang``."""
    labels: list[str] = list(frame.attrs.get("scenarios") or frame.attrs.get("summary", {}))
    name_col = f"name_{lang}"
    names = {str(c): str(frame.at[c, name_col]) for c in frame.index} if name_col in frame else {}
    short = {lab: t("cmp.scenario_n", lang, n=i + 1) for i, lab in enumerate(labels)}
    return _decided_table(frame, labels, short, names, lang), _industry_table(frame, short, lang)


def _decided_table(
    frame: pd.DataFrame,
    labels: list[str],
    short: dict[str, str],
    names: dict[str, str],
    lang: str,
) -> pd.DataFrame:
    """One column per scenario: its file, outcome, picks, links filled and objective."""
    summary: dict[str, dict[str, Any]] = frame.attrs.get("summary", {})
    arrow = " → "
    rows: dict[str, list[str]] = {
        t("cmp.row_scenario", lang): [],
        t("cmp.row_status", lang): [],
        t("col.leading", lang): [],
        t("col.potential", lang): [],
        t("cmp.row_links", lang): [],
        t("measure.objective", lang): [],
    }
    for lab in labels:
        s = summary.get(lab, {})
        values = [
            str(s.get("name", lab)),
            _status_text(s, lang),
            _codes(list(s.get("leading", [])), names, lang),
            _codes(list(s.get("potential", [])), names, lang),
            ("；" if lang == "zh" else "; ").join(f"{i}{arrow}{j}" for i, j in s.get("links", []))
            or "—",
            "—" if s.get("objective") is None else f"{float(s['objective']):.4f}",
        ]
        for key, value in zip(rows, values, strict=True):
            rows[key].append(value)
    decided = pd.DataFrame(rows, index=pd.Index([short[lab] for lab in labels], dtype=object))
    decided = decided.T
    decided.index.name = t("col.item", lang)
    title = t("cmp.decided_title", lang)
    decided.attrs.update(title=title, sheet=title, decimals={})
    return decided


def _industry_table(frame: pd.DataFrame, short: dict[str, str], lang: str) -> pd.DataFrame:
    """Industries × scenarios: role, score, rank and what each industry is filled for."""
    name_col = f"name_{lang}"
    out = pd.DataFrame(index=pd.Index([str(c) for c in frame.index], dtype=object))
    if name_col in frame.columns:
        out[t("measure.name", lang)] = frame[name_col].astype(str).to_numpy()
    decimals: dict[str, int] = {}
    for lab, head in short.items():
        role = frame.get(f"{lab}: role")
        if role is not None:
            out[f"{head}：{t('measure.role', lang)}"] = [
                t(COMPARISON_ROLE_KEYS[str(v)], lang) if str(v) in COMPARISON_ROLE_KEYS else "—"
                for v in role
            ]
        score = frame.get(f"{lab}: score")
        if score is not None:
            out[f"{head}：{t('measure.score', lang)}"] = score.astype(float).to_numpy()
            decimals[f"{head}：{t('measure.score', lang)}"] = 3
        rank = frame.get(f"{lab}: rank")
        if rank is not None:
            out[f"{head}：{t('col.score_rank', lang)}"] = pd.array(
                [pd.NA if pd.isna(v) else int(v) for v in rank], dtype="Int64"
            )
            decimals[f"{head}：{t('col.score_rank', lang)}"] = 0
        fills = frame.get(f"{lab}: fills")
        if fills is not None:
            out[f"{head}：{t('cmp.fills_for', lang)}"] = [str(v) or "—" for v in fills]
    if lang == "en":
        out.columns = [str(c).replace("：", ": ") for c in out.columns]
        decimals = {k.replace("：", ": "): v for k, v in decimals.items()}
    out.index.name = t("measure.code", lang)
    title = t("report.scenario_comparison_title", lang)
    out.attrs.update(title=title, sheet=title, decimals=decimals)
    return out


def scenario_document(frame: pd.DataFrame, lang: str) -> tuple[str, list[str], pd.DataFrame]:
    labels: list[str] = list(frame.attrs.get("scenarios") or frame.attrs.get("summary", {}))
    summary: dict[str, dict[str, Any]] = frame.attrs.get("summary", {})
    decided, table = scenario_tables(frame, lang)
    parts = []
    for i, lab in enumerate(labels):
        s = summary.get(lab, {})
        if not s.get("feasible", True):
            parts.append(
                '<div class="banner" data-block="infeasible">'
                + esc(
                    t(
                        "cmp.infeasible_banner",
                        lang,
                        n=i + 1,
                        name=s.get("name", lab),
                        message=_conflict_text(s, lang),
                    )
                )
                + "</div>"
            )
    key = " · ".join(
        f"{t('cmp.scenario_n', lang, n=i + 1)} = {summary.get(lab, {}).get('name', lab)}"
        for i, lab in enumerate(labels)
    )
    parts.append(paragraph(key, "muted"))
    parts.append(table_block(decided, "scenarios"))
    parts.append(paragraph(t("cmp.scenario_note", lang), "muted"))
    parts.append(table_block(table, "comparison"))
    names = frame.get(f"name_{lang}")
    for i, lab in enumerate(labels):
        col = f"{lab}: score"
        if col not in frame.columns or not summary.get(lab, {}).get("feasible", True):
            continue
        scores = frame[col].astype(float).dropna()
        if not len(scores):
            continue
        scores.index = pd.Index(
            [f"{c} {names[c]}" if names is not None else str(c) for c in scores.index]
        )
        title = f"{t('measure.score', lang)} · {t('cmp.scenario_n', lang, n=i + 1)}"
        parts.append(figure(bar_chart(scores, title=title, decimals=3)))
    names_line = t("cmp.vs", lang).join(
        str(summary.get(lab, {}).get("name", lab)) for lab in labels
    )
    return f"{t('report.scenario_comparison_title', lang)} · {names_line}", parts, table
