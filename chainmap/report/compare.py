"""The standalone comparison of candidate industries (``chainmap compare --report``).

:func:`comparison_document` turns a table of :mod:`chainmap.scenario.compare` into a labelled
table (shares in percent, labels in the report language) and an HTML section with a
radar chart over the five criterion scores (or, for two scenarios, bar charts of
their scores); :func:`chainmap.report.files.write_comparison_report` writes both. When
``frame.attrs["illustrative"]`` is true the titles say the data are illustrative.
"""

from __future__ import annotations

import pandas as pd

from chainmap.i18n import t
from chainmap.report.charts import bar_chart, radar_chart
from chainmap.report.format import CRITERION_KEYS, label
from chainmap.report.html import EXTRA_CSS, figure, paragraph, table_block
from chainmap.report.render import Section

_COMPARE_LABELS: dict[str, tuple[str, float, int]] = {  # column → (i18n key, scale, decimals)
    "selected": ("col.selected", 1.0, 0),
    "score": ("measure.score", 1.0, 3),
    "rank": ("col.score_rank", 1.0, 0),
    "location_quotient": ("measure.lq", 1.0, 3),
    "output_share": ("measure.output_share", 100.0, 2),
    "market_growth": ("measure.market_growth", 100.0, 1),
    "bl": ("measure.bl", 1.0, 3),
    "fl_ghosh": ("measure.fl_ghosh", 1.0, 3),
    "fl_leontief": ("measure.fl_leontief", 1.0, 3),
    "key_class": ("measure.key_class", 1.0, 0),
    "output_multiplier": ("measure.output_multiplier", 1.0, 3),
    "va_multiplier": ("measure.va_multiplier", 1.0, 3),
    "income_multiplier": ("measure.income_multiplier", 1.0, 3),
    "tax_multiplier": ("measure.tax_multiplier", 1.0, 3),
    "local_supporting_rate": ("measure.local_supporting_rate", 100.0, 1),
    "chain_completeness": ("measure.chain_completeness", 100.0, 1),
    "n_break": ("col.n_break", 1.0, 0),
    "n_weak": ("col.n_weak", 1.0, 0),
    "n_choke": ("col.n_choke", 1.0, 0),
    "extension_opportunities": ("col.n_extend", 1.0, 0),
}
_TEXT_VALUES = {"leading": "role.leading", "potential": "role.potential"}


def comparison_frame(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A comparison (:mod:`chainmap.scenario.compare`), labelled (shares in %) in ``lang``."""
    out = pd.DataFrame(index=pd.Index([str(i) for i in frame.index], dtype=object))
    decimals: dict[str, int] = {}
    name_col = f"name_{lang}"
    if name_col in frame.columns:
        out[t("measure.name", lang)] = frame[name_col].astype(str).to_numpy()
    skip = {"name_zh", "name_en"} | ({"role_zh", "stage_zh"} if lang == "en" else set())
    for col in frame.columns:
        if col in skip:
            continue
        values = frame[col]
        key = str(col)
        if key.startswith("score_") and key.removeprefix("score_") in CRITERION_KEYS:
            text, scale, digits = t(CRITERION_KEYS[key.removeprefix("score_")], lang), 1.0, 3
        elif key in _COMPARE_LABELS:
            i18n_key, scale, digits = _COMPARE_LABELS[key]
            text = t(i18n_key, lang)
        elif key == "role_zh":
            text, scale, digits = t("measure.role", lang), 1.0, 0
        elif key == "stage_zh":
            text, scale, digits = t("measure.stage", lang), 1.0, 0
        else:
            text, scale, digits = key, 1.0, 3
        if pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values):
            out[text] = values.astype(float).to_numpy() * scale
            decimals[text] = digits
        elif key == "key_class":
            out[text] = [label(f"key_class.{v}", lang, str(v)) for v in values]
        else:
            out[text] = [
                t(_TEXT_VALUES[str(v)], lang) if str(v) in _TEXT_VALUES else v for v in values
            ]
    out.index.name = t("measure.code", lang)
    title = t("report.comparison_title", lang)
    out.attrs.update(title=title, sheet=title, decimals=decimals)
    return out


def comparison_document(frame: pd.DataFrame, lang: str) -> tuple[str, list[Section], pd.DataFrame]:
    """Title, the one section (chart and table) and the table of a standalone comparison."""
    table = comparison_frame(frame, lang)
    names = frame[f"name_{lang}"] if f"name_{lang}" in frame.columns else None
    labels = [f"{c} {names[c]}" if names is not None else str(c) for c in frame.index]
    crit = [f"score_{k}" for k in CRITERION_KEYS if f"score_{k}" in frame.columns]
    parts = []
    if len(crit) >= 3 and len(frame):
        values = frame[crit].astype(float).fillna(0.0)
        values.columns = [t(CRITERION_KEYS[c.removeprefix("score_")], lang) for c in crit]
        values.index = labels
        if ((values < 0) | (values > 1)).any().any():
            lo, hi = values.min(), values.max()
            values = (values - lo) / (hi - lo).replace(0.0, 1.0)
            parts.append(paragraph(t("report.radar_rescaled", lang), "muted"))
        parts.insert(
            0, figure(radar_chart(values.head(8), title=t("chart.radar_title", lang), width=760))
        )
    else:
        for col in [c for c in frame.columns if str(c).endswith(": score")]:
            scores = frame[col].astype(float).fillna(0.0)  # one chart per scenario: not stacked
            scores.index = pd.Index(labels)
            title = f"{t('measure.score', lang)} · {str(col).removesuffix(': score')}"
            parts.append(figure(bar_chart(scores, title=title, decimals=3)))
    parts.append(table_block(table, "comparison"))
    title = t("report.comparison_title", lang)
    scenario = frame.attrs.get("scenario")
    if scenario:
        title = f"{title} · {scenario}"
    if frame.attrs.get("illustrative"):
        title = f"{title} · {t('report.illustrative', lang)}"
        table.attrs["title"] = f"{table.attrs['title']} · {t('report.illustrative', lang)}"
    section = Section("comparison", t("section.comparison", lang), EXTRA_CSS + "\n".join(parts))
    return title, [section], table
