"""The analysis sections of the report: quadrant, criteria, chains, comparison, robustness.

Why these industries: the key-sector quadrant chart, the five-criteria breakdown, the
chain map of each chosen industry coloured by gap class, the candidates side by side
(table and radar chart) and how often each was chosen under weight uncertainty. Each
function returns the HTML body of one section
(:func:`chainmap.report.sections.report_sections` assembles them).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from chainmap.i18n import t
from chainmap.report.charts import bar_chart, quadrant_chart, radar_chart
from chainmap.report.criteria_tables import comparison_codes
from chainmap.report.files import ResultFiles
from chainmap.report.format import CRITERION_KEYS, labels_or_none, name_list, pct
from chainmap.report.html import figure, inline_svg, paragraph, table_block
from chainmap.report.parameters import definitions
from chainmap.report.svg import esc

#: Candidates drawn in the radar chart (the table lists more).
N_RADAR = 6
#: Industries in the robustness chart.
N_FREQUENCY = 15


def _industry_bars(
    files: ResultFiles,
    values: pd.DataFrame,
    lang: str,
    *,
    title: str,
    value_label: str,
    decimals: int,
) -> str:
    """Full-width bar chart figure of ``values``, one group per industry (rows: codes,
    shown by name)."""
    named = values.astype(float)
    named.index = [files.label(str(c), lang) for c in values.index]
    chart = bar_chart(named, title=title, value_label=value_label, decimals=decimals, width=900)
    return figure(chart)


def quadrant_section(files: ResultFiles, tables: dict[str, pd.DataFrame], lang: str) -> str:
    m = files.measures
    data = pd.DataFrame(
        {
            "bl": m["bl"].astype(float),
            "fl_ghosh": m["fl_ghosh"].astype(float),
            "output": m["output"].astype(float).clip(lower=0.0),
            "name": [files.name(str(c), lang) for c in m.index],
        },
        index=m.index,
    )
    finite = np.isfinite(data[["bl", "fl_ghosh", "output"]].to_numpy()).all(axis=1)
    data = data.loc[finite]
    svg = quadrant_chart(
        data,
        highlight=files.chosen,
        x_label=t("chart.bl_axis", lang),
        y_label=t("chart.fl_axis", lang),
        size_note=t("chart.bubble_note", lang),
        quadrant_labels={
            k: t(f"key_class.{k}", lang) for k in ("key", "backward", "forward", "weak")
        },
        width=1000,
        height=660,
    )
    measures = tables["measures"]
    return "\n".join(
        [
            figure(
                svg,
                f"{t('chart.chosen', lang)}: {labels_or_none(files, files.chosen, lang)}",
            ),
            table_block(tables["quadrant"], "quadrant"),
            f"<details><summary>{esc(measures.attrs['title'])}</summary>",
            table_block(measures, "measures"),
            "</details>",
        ]
    )


def criteria_section(files: ResultFiles, tables: dict[str, pd.DataFrame], lang: str) -> str:
    contrib = tables["contributions"]
    parts = []
    crit_cols = list(contrib.columns[1:-1])
    if len(contrib) and crit_cols:
        bars = _industry_bars(
            files,
            contrib[crit_cols],
            lang,
            title=t("chart.contribution_title", lang),
            value_label=t("measure.contribution", lang),
            decimals=3,
        )
        parts.append(bars)
    else:
        parts.append(paragraph(t("report.no_choice", lang)))
    for key in ("contributions", "weights", "indicators"):
        parts.append(table_block(tables[key], key))
    return "\n".join(parts)


def chain_section(files: ResultFiles, tables: dict[str, pd.DataFrame], lang: str) -> str:
    parts = [
        table_block(tables["chains"], "chains"),
        definitions(files, lang, ("def.supporting", "def.fill_gain", "def.local_share")),
    ]
    parent = files.doc.get("parent_table", {})
    for code in files.chosen:
        parts.append(f'<h3 id="chain-{esc(code)}">{esc(files.label(code, lang))}</h3>')
        s = files.doc.get("gap_summaries", {}).get(code)
        if s:
            parts.append(
                paragraph(
                    t(
                        "report.chain_stats",
                        lang,
                        rate=f"{pct(s['local_supporting_rate']):.1f}%",
                        completeness=f"{pct(s['chain_completeness']):.1f}%",
                        present=s["key_links_present"],
                        total=s["key_links"],
                        n_break=s["n_break"],
                        n_weak=s["n_weak"],
                        n_choke=s["n_choke"],
                        n_extend=s["extension_opportunities"],
                    )
                )
            )
        svg = files.chains.get((code, lang))
        if svg is None:
            parts.append(paragraph(t("report.chain_missing", lang), "muted"))
        else:
            table_id = parent.get("table_id") or parent.get("region") or ""
            caption = t("report.chain_caption", lang, table=table_id)
            caption = f"{caption} {t('chain.legend_caption', lang)}"
            parts.append(figure(inline_svg(svg, code), caption, "chain-map"))
        if f"gaps_{code}" in tables:
            parts.append(table_block(tables[f"gaps_{code}"], f"gaps_{code}"))
    return "\n".join(parts)


def radar_values(files: ResultFiles, lang: str) -> tuple[pd.DataFrame, bool]:
    """Criterion scores of the first :data:`N_RADAR` compared candidates (rescaled if needed)."""
    codes = comparison_codes(files)[:N_RADAR]
    cols = [f"score_{k}" for k in CRITERION_KEYS if f"score_{k}" in files.criteria.columns]
    values = files.criteria.loc[codes, cols].astype(float).fillna(0.0)
    values.columns = [t(CRITERION_KEYS[c.removeprefix("score_")], lang) for c in cols]
    values.index = [files.label(c, lang) for c in codes]
    rescaled = bool(((values < 0) | (values > 1)).any().any())
    if rescaled:  # z-score or rank normalisation: scale each axis over the candidates shown
        lo, hi = values.min(), values.max()
        values = (values - lo) / (hi - lo).replace(0.0, 1.0)
    return values, rescaled


def _split_comparison(table: pd.DataFrame, lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The candidate comparison as two tables that each fit the page: the scores, then the
    chain, impact and robustness columns (the spreadsheet keeps one table)."""
    name, role = t("measure.name", lang), t("measure.role", lang)
    scores = [t("col.score_rank", lang), t("measure.score", lang)]
    scores += [t(k, lang) for k in CRITERION_KEYS.values()]
    first = [c for c in table.columns if c in (name, role, *scores)]
    second = [name, *[c for c in table.columns if c not in first]]
    out = []
    for cols, key in ((first, "cmp.part_scores"), (second, "cmp.part_chain")):
        part = table[[c for c in cols if c in table.columns]].copy()
        title = f"{table.attrs.get('title', '')}{t(key, lang)}"
        decimals = {c: d for c, d in table.attrs.get("decimals", {}).items() if c in part}
        part.attrs = {**table.attrs, "title": title, "decimals": decimals}
        out.append(part)
    return out[0], out[1]


def comparison_section(files: ResultFiles, tables: dict[str, pd.DataFrame], lang: str) -> str:
    table = tables["comparison"]
    parts = [paragraph(t("report.comparison_note", lang, n=len(table), k=min(N_RADAR, len(table))))]
    values, rescaled = radar_values(files, lang)
    if len(values) and values.shape[1] >= 3:
        parts.append(figure(radar_chart(values, title=t("chart.radar_title", lang), width=760)))
        if rescaled:
            parts.append(paragraph(t("report.radar_rescaled", lang), "muted"))
    scores, chain = _split_comparison(table, lang)
    parts += [table_block(scores, "comparison"), table_block(chain, "comparison_chain")]
    parts.append(
        paragraph(t("cmp.recommendation", lang, names=name_list(files, files.chosen, lang)))
    )
    return "\n".join(parts)


def robustness_section(files: ResultFiles, tables: dict[str, pd.DataFrame], lang: str) -> str:
    if files.robustness is None:
        return paragraph(t("report.robustness_missing", lang))
    table = tables["robustness"]
    parts = [
        paragraph(
            t(
                "report.robustness_note",
                lang,
                draws=files.setting("robustness.weight_draws", "—"),
                concentration=files.setting("robustness.concentration", "—"),
            )
        )
    ]
    lead, pot = t("col.leading_frequency", lang), t("col.potential_frequency", lang)
    top = table.head(N_FREQUENCY)
    if lead not in top.columns or pot not in top.columns:  # no weight draws in this run
        top = top.iloc[0:0]
    else:
        top = top[(top[lead] > 0) | (top[pot] > 0)]
    if len(top):
        bars = _industry_bars(
            files,
            top[[lead, pot]],
            lang,
            title=t("chart.frequency_title", lang),
            value_label=t("chart.frequency_axis", lang),
            decimals=1,
        )
        parts.append(bars)
    parts.append(table_block(table, "robustness"))
    parts.append(definitions(files, lang, ("def.frequency", "def.rank")))
    return "\n".join(parts)
