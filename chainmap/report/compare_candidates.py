"""The candidate comparison (``chainmap compare SCENARIO --industries A,B,C``).

A one-line verdict, a radar chart over the five criterion scores, and the candidates side
by side as *columns* (measures as rows, grouped into criteria, indicators and chain gaps,
each with its unit), so the table fits 1280 px and an A4 page however many measures it
has; :func:`comparison_frame` is the same comparison one row per candidate, for the
spreadsheet. :func:`chainmap.report.compare.comparison_document` dispatches here.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from chainmap.i18n import t
from chainmap.report.charts import radar_chart
from chainmap.report.files import unit_label
from chainmap.report.format import COMPARISON_ROLE_KEYS, CRITERION_KEYS, label
from chainmap.report.html import figure, paragraph
from chainmap.report.svg import esc
from chainmap.scenario.compare_columns import GAP_COLUMNS, IMPACT_COLUMNS

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
    ("cmp.group_impacts", IMPACT_COLUMNS),
    ("cmp.group_chain", GAP_COLUMNS),
)


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
    if text in COMPARISON_ROLE_KEYS:
        return t(COMPARISON_ROLE_KEYS[text], lang)
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


def candidate_document(frame: pd.DataFrame, lang: str) -> tuple[str, list[str], pd.DataFrame]:
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
