"""The standalone comparisons (``chainmap compare --report``): candidates or scenarios.

:func:`comparison_document` turns a table of :mod:`chainmap.scenario.compare` into an HTML
section and a labelled table for the spreadsheet;
:func:`chainmap.report.write.write_comparison_report` writes both.

* **Candidates** (``compare SCENARIO --industries A,B,C``): a one-line verdict, a radar
  chart over the five criterion scores, and the candidates side by side as *columns*
  (measures as rows, grouped into criteria, indicators and chain gaps, each with its
  unit), so the table fits 1280 px and an A4 page however many measures it has.
* **Scenarios** (``compare S1 S2``), titled 方案对比: what each scenario decided (status,
  leading and potential industries, the links it fills, objective), an infeasible
  scenario marked as such in a banner and in its column, then every industry either
  chose or filled with its role, score and integer rank in both.

When ``frame.attrs["illustrative"]`` is true the titles say the data are illustrative.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from chainmap.i18n import t
from chainmap.report.charts import bar_chart, radar_chart
from chainmap.report.files import unit_label
from chainmap.report.format import CRITERION_KEYS, label
from chainmap.report.html import EXTRA_CSS, figure, paragraph, table_block
from chainmap.report.render import Section
from chainmap.report.svg import esc

#: column → (i18n key, scale, decimals); ``{unit}`` in a label is the table's money unit.
_COMPARE_LABELS: dict[str, tuple[str, float, int]] = {
    "selected": ("col.selected", 1.0, 0),
    "score": ("measure.score", 1.0, 3),
    "rank": ("col.score_rank", 1.0, 0),
    "role": ("measure.role", 1.0, 0),
    "stage": ("measure.stage", 1.0, 0),
    "location_quotient": ("measure.lq", 1.0, 3),
    "output_share": ("measure.output_share", 100.0, 2),
    "market_growth": ("measure.market_growth", 100.0, 1),
    "output": ("measure.output", 1.0, 0),
    "bl": ("measure.bl", 1.0, 3),
    "fl_ghosh": ("measure.fl_ghosh", 1.0, 3),
    "fl_leontief": ("measure.fl_leontief", 1.0, 3),
    "key_class": ("measure.key_class", 1.0, 0),
    "output_multiplier": ("measure.output_multiplier", 1.0, 3),
    "va_multiplier": ("measure.va_multiplier", 1.0, 3),
    "income_multiplier": ("measure.income_multiplier", 1.0, 3),
    "tax_multiplier": ("measure.tax_multiplier", 1.0, 3),
    "employment_multiplier": ("measure.employment_multiplier", 1.0, 3),
    "hem_full": ("measure.hem_full", 1.0, 0),
    "local_supporting_rate": ("measure.local_supporting_rate", 100.0, 1),
    "chain_completeness": ("measure.chain_completeness", 100.0, 1),
    "n_break": ("col.n_break", 1.0, 0),
    "n_weak": ("col.n_weak", 1.0, 0),
    "n_choke": ("col.n_choke", 1.0, 0),
    "extension_opportunities": ("col.n_extend", 1.0, 0),
    "joint_fill_value_added_gain": ("col.fill_va_gain_chain", 1.0, 0),
}
_TEXT_VALUES = {"leading": "role.leading", "potential": "role.potential", "fill": "cmp.role_fill"}

#: Row groups of the side-by-side candidate table (group i18n key, columns).
_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("cmp.group_overview", ("selected", "role", "stage", "score", "rank")),
    ("cmp.group_criteria", tuple(f"score_{k}" for k in CRITERION_KEYS)),
    (
        "cmp.group_indicators",
        (
            "output",
            "location_quotient",
            "output_share",
            "market_growth",
            "bl",
            "fl_ghosh",
            "fl_leontief",
            "key_class",
        ),
    ),
    (
        "cmp.group_impacts",
        (
            "output_multiplier",
            "va_multiplier",
            "income_multiplier",
            "tax_multiplier",
            "employment_multiplier",
            "hem_full",
        ),
    ),
    (
        "cmp.group_chain",
        (
            "local_supporting_rate",
            "chain_completeness",
            "n_break",
            "n_weak",
            "n_choke",
            "extension_opportunities",
            "joint_fill_value_added_gain",
        ),
    ),
)

COMPARE_CSS = """<style>
table.cm-side { table-layout: fixed; width: 100%; }
table.cm-side th, table.cm-side td { word-break: normal; overflow-wrap: break-word; }
table.cm-side th:first-child { width: 30%; }
table.cm-side tr.group th { background: #f7f9fb; color: var(--muted); font-weight: bold; }
table.cm-side td.chosen, table.cm-side th.chosen { background: #eef6ee; }
p.verdict { font-size: 16px; font-weight: bold; border-left: 4px solid #2f855a;
  padding: 4px 10px; background: #f3faf5; }
</style>"""


def _unit(frame: pd.DataFrame, lang: str) -> str:
    return unit_label(str(frame.attrs.get("unit") or "万元"), lang)


def _label_for(key: str, lang: str, unit: str) -> tuple[str, float, int] | None:
    """(header with unit, scale, decimals) of a comparison column, None if unknown."""
    if key.startswith("score_") and key.removeprefix("score_") in CRITERION_KEYS:
        return t(CRITERION_KEYS[key.removeprefix("score_")], lang), 1.0, 3
    if key not in _COMPARE_LABELS:
        return None
    i18n_key, scale, digits = _COMPARE_LABELS[key]
    money = unit
    if key == "employment_multiplier":
        money = f"{t('unit.persons', lang)}/{unit}"
    return t(i18n_key, lang, unit=money), scale, digits


def _text_value(key: str, value: Any, lang: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    text = str(value)
    if key == "key_class":
        return label(f"key_class.{text}", lang, text)
    if key == "role":
        return label(f"role.{text}", lang, text)
    if key == "stage":
        return label(f"stage.{text}", lang, text)
    if text in _TEXT_VALUES:
        return t(_TEXT_VALUES[text], lang)
    return text or "—"


def comparison_frame(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A candidate comparison, one row per candidate, headers in ``lang`` with units."""
    unit = _unit(frame, lang)
    out = pd.DataFrame(index=pd.Index([str(i) for i in frame.index], dtype=object))
    decimals: dict[str, int] = {}
    name_col = f"name_{lang}"
    if name_col in frame.columns:
        out[t("measure.name", lang)] = frame[name_col].astype(str).to_numpy()
    for col in frame.columns:
        key = str(col)
        found = _label_for(key, lang, unit)
        if found is None:
            continue  # names, role_zh/stage_zh (role/stage are labelled instead)
        text, scale, digits = found
        values = frame[col]
        if pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values):
            out[text] = values.astype(float).to_numpy() * scale
            decimals[text] = digits
        else:
            out[text] = [_text_value(key, v, lang) for v in values]
    out.index.name = t("measure.code", lang)
    title = t("report.comparison_title", lang)
    out.attrs.update(title=title, sheet=title, decimals=decimals)
    return out


def _cell(value: Any, key: str, lang: str, scale: float, digits: int) -> str:
    if isinstance(value, bool):
        return f"<td>{esc(value)}</td>"
    if isinstance(value, int | float) and not isinstance(value, bool):
        f = float(value) * scale
        if not math.isfinite(f):
            return '<td class="num na">–</td>'
        return f'<td class="num" data-value="{f!r}">{f:,.{digits}f}</td>'
    return f"<td>{esc(_text_value(key, value, lang))}</td>"


def side_by_side_html(frame: pd.DataFrame, lang: str) -> str:
    """Candidates as columns, measures (with units) as rows, in labelled groups."""
    unit = _unit(frame, lang)
    codes = [str(c) for c in frame.index]
    names = frame.get(f"name_{lang}")
    chosen = {str(c) for c in frame.attrs.get("chosen", [])}
    heads = [
        f'<th class="{"chosen" if c in chosen else ""}">{esc(c)} '
        f"{esc(names.iloc[i] if names is not None else '')}</th>"
        for i, c in enumerate(codes)
    ]
    rows = []
    for group, columns in _GROUPS:
        present = [c for c in columns if c in frame.columns]
        if not present:
            continue
        rows.append(
            f'<tr class="group"><th colspan="{len(codes) + 1}">{esc(t(group, lang))}</th></tr>'
        )
        for col in present:
            found = _label_for(col, lang, unit)
            if found is None:
                continue
            text, scale, digits = found
            cells = []
            for value in frame[col].tolist():
                v = value.item() if hasattr(value, "item") else value
                cells.append(_cell(v, col, lang, scale, digits))
            rows.append(f"<tr><th>{esc(text)}</th>{''.join(cells)}</tr>")
    caption = esc(t("report.comparison_title", lang))
    return (
        f'<div class="cm-table-wrap" data-table="comparison">\n'
        f'<table class="cm-table cm-side"><caption>{caption}</caption>\n<thead><tr>'
        f"<th>{esc(t('measure.code', lang))} / {esc(t('measure.name', lang))}</th>"
        + "".join(heads)
        + "</tr></thead>\n<tbody>"
        + "\n".join(rows)
        + "</tbody>\n</table>\n</div>"
    )


def _name(frame: pd.DataFrame, code: Any, lang: str) -> str:
    col = f"name_{lang}"
    return f"{code} {frame[col].get(code, '')}" if col in frame.columns else str(code)


def candidate_verdict(frame: pd.DataFrame, lang: str) -> str:
    """One line: which candidates the scenario chose, and where the best-scored one stands."""
    sep = "、" if lang == "zh" else ", "
    if not len(frame) or "score" not in frame.columns:
        return ""
    scores = frame["score"].astype(float)
    best: Any = scores.idxmax()
    ranks = frame["rank"].astype(float) if "rank" in frame.columns else None
    rank = float(ranks[best]) if ranks is not None else math.nan
    rank_text = "—" if math.isnan(rank) else str(int(rank))
    selected = frame["selected"].astype(str) if "selected" in frame.columns else None
    chosen = [c for c in frame.index if selected is not None and selected[c]]
    listed = sep.join(
        f"{_name(frame, c, lang)}（{_text_value('selected', selected[c], lang)}）"
        if lang == "zh"
        else f"{_name(frame, c, lang)} ({_text_value('selected', selected[c], lang)})"
        for c in chosen
        if selected is not None
    )
    if not chosen:
        return t("cmp.verdict_none", lang, best=_name(frame, best, lang), rank=rank_text)
    if best in chosen:
        return t("cmp.verdict_best_chosen", lang, chosen=listed, best=_name(frame, best, lang))
    return t(
        "cmp.verdict_best_not_chosen",
        lang,
        chosen=listed,
        best=_name(frame, best, lang),
        rank=rank_text,
    )


def _candidate_document(frame: pd.DataFrame, lang: str) -> tuple[str, list[str], pd.DataFrame]:
    table = comparison_frame(frame, lang)
    labels = [_name(frame, c, lang) for c in frame.index]
    parts = []
    verdict = candidate_verdict(frame, lang)
    if verdict:
        parts.append(paragraph(verdict, "verdict"))
    crit = [f"score_{k}" for k in CRITERION_KEYS if f"score_{k}" in frame.columns]
    if len(crit) >= 3 and len(frame):
        values = frame[crit].astype(float).fillna(0.0)
        values.columns = [t(CRITERION_KEYS[c.removeprefix("score_")], lang) for c in crit]
        values.index = labels
        if ((values < 0) | (values > 1)).any().any():
            lo, hi = values.min(), values.max()
            values = (values - lo) / (hi - lo).replace(0.0, 1.0)
            parts.append(paragraph(t("report.radar_rescaled", lang), "muted"))
        parts.append(
            figure(radar_chart(values.head(8), title=t("chart.radar_title", lang), width=760))
        )
    parts.append(side_by_side_html(frame, lang))
    parts.append(paragraph(t("cmp.units_note", lang, unit=_unit(frame, lang)), "muted"))
    return t("report.comparison_title", lang), parts, table


# ----- scenarios -------------------------------------------------------------------------------


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
                t(_TEXT_VALUES[str(v)], lang) if str(v) in _TEXT_VALUES else "—" for v in role
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


def _scenario_document(frame: pd.DataFrame, lang: str) -> tuple[str, list[str], pd.DataFrame]:
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


def comparison_document(frame: pd.DataFrame, lang: str) -> tuple[str, list[Section], pd.DataFrame]:
    """Title, the one section and the spreadsheet table of a standalone comparison."""
    scenarios = frame.attrs.get("kind") == "scenarios" or any(
        str(c).endswith(": score") for c in frame.columns
    )
    if scenarios:
        title, parts, table = _scenario_document(frame, lang)
        heading = t("report.scenario_comparison_title", lang)
    else:
        title, parts, table = _candidate_document(frame, lang)
        scenario = frame.attrs.get("scenario")
        if scenario:
            title = f"{title} · {scenario}"
        heading = t("section.comparison", lang)
    if frame.attrs.get("illustrative"):
        title = f"{title} · {t('report.illustrative', lang)}"
        table.attrs["title"] = f"{table.attrs['title']} · {t('report.illustrative', lang)}"
    section = Section("comparison", heading, EXTRA_CSS + COMPARE_CSS + "\n".join(parts))
    return title, [section], table
