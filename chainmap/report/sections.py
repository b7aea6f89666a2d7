"""The sections of the planner's report (HTML), its Markdown parts and the comparison page.

Sections, in the order of issue 6: summary of the decision, key-sector quadrant
chart, five-criteria breakdown, chain map of each chosen industry coloured by gap
class, side-by-side comparison (table and radar chart), robustness, alternatives,
data and method notes, provenance. Tables come from :mod:`chainmap.report.tables`
(each wrapped in ``<div data-table="key">``, its cells carrying the exact value in
``data-value``), charts from :mod:`chainmap.report.charts`, chain maps from the result folder.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from chainmap.i18n import t
from chainmap.report.brief import brief_blocks, brief_html, city_data_year, illustrative_text
from chainmap.report.charts import bar_chart, quadrant_chart, radar_chart
from chainmap.report.files import ResultFiles
from chainmap.report.format import CRITERION_KEYS, label, names, pct
from chainmap.report.html import (
    EXTRA_CSS,
    bullet_list,
    figure,
    inline_svg,
    paragraph,
    table_block,
)
from chainmap.report.impacts import employment_note
from chainmap.report.notes import in_lang, note_groups, parameters_table
from chainmap.report.render import Section
from chainmap.report.sourcing import sources_note
from chainmap.report.svg import esc
from chainmap.report.tables import comparison_codes

#: Candidates drawn in the radar chart (the table lists more).
N_RADAR = 6
#: Industries in the robustness chart.
N_FREQUENCY = 15


def _listed(files: ResultFiles, codes: list[str], lang: str) -> str:
    """Names of ``codes`` in the report language, or "none"."""
    return names(files, codes, lang) or t("summary.none", lang)


def summary_lines(files: ResultFiles, lang: str) -> list[str]:
    """The decision in four lines: leading, potential, links to fill, objective terms."""
    sel = files.selection
    comma = "，" if lang == "zh" else ", "
    links = [f"{files.label(i, lang)} → {comma.join(js)}" for i, js in files.fills.items()]
    terms = comma.join(
        f"{label(f'term.{k}', lang, k)} {float(v):.4f}" for k, v in (sel.get("terms") or {}).items()
    )
    sep = "；" if lang == "zh" else "; "
    colon = "：" if lang == "zh" else ": "
    return [
        f"{t('summary.leading', lang)}{colon}{_listed(files, files.leading, lang)}",
        f"{t('summary.potential', lang)}{colon}{_listed(files, files.potential, lang)}",
        f"{t('summary.links', lang)}{colon}{sep.join(links) or t('summary.none', lang)}",
        f"{t('summary.objective', lang)}{colon}{terms or t('summary.none', lang)}",
    ]


def _thresholds_text(files: ResultFiles) -> dict[str, str]:
    th: dict[str, Any] = {}
    for s in (files.doc.get("gap_summaries") or {}).values():
        th = s.get("thresholds") or {}
        if th:
            break
    return {
        "brk": f"{th.get('break_share', math.nan):.0%}",
        "snd": f"{th.get('sound_share', math.nan):.0%}",
        "target": f"{th.get('fill_target', math.nan):.0%}",
    }


def _definitions(files: ResultFiles, lang: str, keys: tuple[str, ...]) -> str:
    th = _thresholds_text(files)
    return "\n".join(paragraph(t(k, lang, **th), "muted definition") for k in keys)


def _decision(files: ResultFiles, tables: dict[str, pd.DataFrame], lang: str) -> str:
    return "\n".join(
        [
            EXTRA_CSS,
            table_block(tables["decision"], "decision"),
            _definitions(files, lang, ("def.rank", "def.supporting", "def.frequency")),
            table_block(tables["links"], "links"),
            _definitions(files, lang, ("def.local_share",)),
        ]
    )


def _investment(files: ResultFiles, tables: dict[str, pd.DataFrame], lang: str) -> str:
    parts = [
        paragraph(t("inv.note", lang)),
        paragraph(sources_note(files, lang)),
        _definitions(files, lang, ("def.local_share",)),
    ]
    for code in files.chosen:
        for key in (f"invest_{code}", f"invest_services_{code}"):
            if key in tables:
                if len(tables[key]):
                    parts.append(table_block(tables[key], key))
                elif key.startswith("invest_services"):
                    continue
                else:
                    parts.append(paragraph(tables[key].attrs["title"] + "：—", "muted"))
    return "\n".join(parts)


def _impacts(files: ResultFiles, tables: dict[str, pd.DataFrame], lang: str) -> str:
    imp = files.impacts
    basis = str(imp["induced_basis"].iloc[0]) if imp is not None and len(imp) else "none"
    key = {"table": "imp.induced_table", "parent_estimate": "imp.induced_parent_estimate"}
    induced = t(key.get(basis, "imp.induced_none"), lang)
    parts = [
        paragraph(t("imp.note", lang, induced=induced, employment="")),
        table_block(tables["impacts"], "impacts"),
        # the employment basis (source, year, unit) right above its own table
        paragraph(employment_note(files, lang)),
    ]
    if len(tables.get("impacts_employment", ())):
        parts.append(table_block(tables["impacts_employment"], "impacts_employment"))
    tax = imp[imp["measure"] == "tax"] if imp is not None and len(imp) else None
    if tax is not None and (tax[["direct", "indirect", "total"]].astype(float) < 0).any().any():
        parts.append(paragraph(t("imp.negative_tax", lang), "muted"))
    return "\n".join(parts)


def _appendix(files: ResultFiles, tables: dict[str, pd.DataFrame], lang: str) -> str:
    sel = files.selection
    parts = [bullet_list(summary_lines(files, lang), "decision")]
    status = str(sel.get("status", "—"))
    status = label(f"status.{status}", lang, status)
    facts = [t("report.status", lang, status=status)]
    usage = sel.get("usage") or {}
    budget = files.setting("selection.budget")
    if usage and budget is not None:
        facts.append(
            t(
                "report.budget",
                lang,
                used=float(usage.get("cost_total", math.nan)),
                budget=budget,
                entry=float(usage.get("entry_cost", math.nan)),
                fill=float(usage.get("fill_cost", math.nan)),
            )
        )
    parts.append(paragraph("；".join(facts) if lang == "zh" else "; ".join(facts)))
    infeasible = files.doc.get("infeasibility") or {}
    if infeasible.get("message"):
        parts.append(paragraph(t("report.infeasible", lang, message=infeasible["message"])))
    group = files.doc.get("group_effect") or {}
    if group.get("full") is not None:
        parts.append(
            paragraph(
                t(
                    "report.group_effect",
                    lang,
                    full=f"{float(group['full']):,.0f}",
                    unit=files.unit_label(lang),
                    share=f"{float(group.get('share_of_output', math.nan)):.1%}",
                    additive=f"{float(group.get('additive_full', math.nan)):,.0f}",
                )
            )
        )
    only = [c for c in files.doc.get("report_only_gaps", []) if c in files.chosen]
    if only:
        parts.append(
            paragraph(
                t(
                    "report.report_only",
                    lang,
                    codes=_listed(files, only, lang),
                ),
                "muted",
            )
        )
    parts.append(table_block(tables["objective"], "objective"))
    if len(tables["alternatives"]) > 1:
        parts.append(paragraph(t("report.alternatives_note", lang)))
        parts.append(table_block(tables["alternatives"], "alternatives"))
    run_notes = [str(n) for n in files.doc.get("notes", [])]
    if run_notes and lang == "en":
        parts.append(f"<h3>{esc(t('report.run_notes', lang))}</h3>")
        parts.append(bullet_list([in_lang(n, lang) for n in run_notes]))
    # parameter names (as typed in a scenario file) appear here only, each explained
    params = parameters_table(files, lang)
    parts.append('<div data-lang-exempt="1">' + table_block(params, "parameters") + "</div>")
    return "\n".join(parts)


def _quadrant(files: ResultFiles, tables: dict[str, pd.DataFrame], lang: str) -> str:
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
                f"{t('chart.chosen', lang)}: {_listed(files, files.chosen, lang)}",
            ),
            table_block(tables["quadrant"], "quadrant"),
            f"<details><summary>{esc(measures.attrs['title'])}</summary>",
            table_block(measures, "measures"),
            "</details>",
        ]
    )


def _criteria(files: ResultFiles, tables: dict[str, pd.DataFrame], lang: str) -> str:
    contrib = tables["contributions"]
    parts = []
    crit_cols = list(contrib.columns[1:-1])
    if len(contrib) and crit_cols:
        values = contrib[crit_cols].astype(float)
        values.index = [files.label(str(c), lang) for c in contrib.index]
        svg = bar_chart(
            values,
            title=t("chart.contribution_title", lang),
            value_label=t("measure.contribution", lang),
            decimals=3,
            width=900,
        )
        parts.append(figure(svg))
    else:
        parts.append(paragraph(t("report.no_choice", lang)))
    for key in ("contributions", "weights", "indicators"):
        parts.append(table_block(tables[key], key))
    return "\n".join(parts)


def _chain(files: ResultFiles, tables: dict[str, pd.DataFrame], lang: str) -> str:
    parts = [
        table_block(tables["chains"], "chains"),
        _definitions(files, lang, ("def.supporting", "def.fill_gain", "def.local_share")),
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


def _comparison(files: ResultFiles, tables: dict[str, pd.DataFrame], lang: str) -> str:
    table = tables["comparison"]
    parts = [paragraph(t("report.comparison_note", lang, n=len(table), k=min(N_RADAR, len(table))))]
    values, rescaled = radar_values(files, lang)
    if len(values) and values.shape[1] >= 3:
        parts.append(figure(radar_chart(values, title=t("chart.radar_title", lang), width=760)))
        if rescaled:
            parts.append(paragraph(t("report.radar_rescaled", lang), "muted"))
    scores, chain = _split_comparison(table, lang)
    parts += [table_block(scores, "comparison"), table_block(chain, "comparison_chain")]
    parts.append(paragraph(t("cmp.recommendation", lang, names=_listed_names(files, lang))))
    return "\n".join(parts)


def _listed_names(files: ResultFiles, lang: str) -> str:
    sep = "、" if lang == "zh" else ", "
    return sep.join(files.name(c, lang) for c in files.chosen) or t("summary.none", lang)


def _robustness(files: ResultFiles, tables: dict[str, pd.DataFrame], lang: str) -> str:
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
        values = top[[lead, pot]].astype(float)
        values.index = [files.label(str(c), lang) for c in top.index]
        chart = bar_chart(
            values,
            title=t("chart.frequency_title", lang),
            value_label=t("chart.frequency_axis", lang),
            decimals=1,
            width=900,
        )
        parts.append(figure(chart))
    parts.append(table_block(table, "robustness"))
    parts.append(_definitions(files, lang, ("def.frequency", "def.rank")))
    return "\n".join(parts)


def _alternatives(files: ResultFiles, tables: dict[str, pd.DataFrame], lang: str) -> str:
    if len(tables["alternatives"]) <= 1:
        return paragraph(t("report.alternatives_missing", lang))
    return "\n".join(
        [
            paragraph(t("report.alternatives_note", lang)),
            table_block(tables["alternatives"], "alternatives"),
        ]
    )


def _notes(files: ResultFiles, lang: str) -> str:
    parts = []
    for heading, items in note_groups(files, lang):
        if heading == t("report.run_notes", lang):
            continue  # the run log is in the appendix
        if heading == t("note.operationalisation", lang):
            parts.append(f'<p class="operationalisation"><strong>{esc(heading)}</strong></p>')
        else:
            parts.append(f"<h3>{esc(heading)}</h3>")
        parts.append(bullet_list(items))
    return "\n".join(parts)


def _provenance(tables: dict[str, pd.DataFrame]) -> str:
    return "\n".join(table_block(tables[k], k) for k in ("provenance", "overrides", "inputs"))


def report_subtitle(files: ResultFiles, lang: str) -> str:
    """Scenario, parent table, year and unit in one line."""
    parent = files.doc.get("parent_table", {})
    city_year = city_data_year(files)
    return t(
        "report.subtitle" if city_year else "report.subtitle_no_year",
        lang,
        scenario=files.doc.get("scenario", {}).get("name", ""),
        table=parent.get("table_id") or parent.get("source") or "",
        year=parent.get("year") or files.doc.get("table", {}).get("year", ""),
        city_year=city_year,
        unit=files.unit_label(lang),
    )


def report_sections(
    files: ResultFiles, tables: dict[str, pd.DataFrame], lang: str
) -> tuple[list[Section], str]:
    """The nine sections of the HTML report and its subtitle."""
    bodies = [
        ("brief", brief_html(files, lang)),
        ("summary", _decision(files, tables, lang)),
        ("investment", _investment(files, tables, lang)),
        ("impacts", _impacts(files, tables, lang)),
        ("quadrant", _quadrant(files, tables, lang)),
        ("criteria", _criteria(files, tables, lang)),
        ("chain_map", _chain(files, tables, lang)),
        ("comparison", _comparison(files, tables, lang)),
        ("robustness", _robustness(files, tables, lang)),
        ("notes", _notes(files, lang)),
        ("appendix", _appendix(files, tables, lang)),
        ("provenance", '<div data-lang-exempt="1">' + _provenance(tables) + "</div>"),
    ]
    sections = [Section(key, t(f"section.{key}", lang), body) for key, body in bodies]
    return sections, report_subtitle(files, lang)


def markdown_table(df: pd.DataFrame) -> str:
    """A pipe table with each column's own decimals (``attrs["decimals"]``)."""
    decimals: dict[str, int] = df.attrs.get("decimals", {})

    def cell(v: Any, col: str) -> str:
        if isinstance(v, float | np.floating | int | np.integer) and not isinstance(v, bool):
            f = float(v)
            return "–" if not math.isfinite(f) else f"{f:,.{decimals.get(col, 3)}f}"
        return "" if v is None else str(v).replace("|", "\\|").replace("\n", " ")

    names = [" / ".join(str(n or "") for n in df.index.names)]
    heads = names + [str(c).replace("|", "\\|") for c in df.columns]
    aligns = ["---"] + [
        "---:" if pd.api.types.is_numeric_dtype(df[c].dtype) else "---" for c in df.columns
    ]
    lines = [f"**{df.attrs.get('title', '')}**", "", "| " + " | ".join(heads) + " |"]
    lines.append("|" + "|".join(aligns) + "|")
    for key, row in zip(df.index, df.itertuples(index=False, name=None), strict=True):
        lead = " / ".join(map(str, key)) if isinstance(key, tuple) else str(key)
        values = [cell(v, str(c)) for v, c in zip(row, df.columns, strict=True)]
        lines.append("| " + " | ".join([lead, *values]) + " |")
    return "\n".join(lines)


def brief_markdown(files: ResultFiles, lang: str) -> str:
    """The executive summary as Markdown: the same blocks, in the same order, as the HTML."""
    lines: list[str] = []
    for i, (heading, items) in enumerate(brief_blocks(files, lang)):
        lines += [f"### {heading}", ""]
        if i == 0:
            lines += [f"{n}. **{x}**" for n, x in enumerate(items, start=1)]
        else:
            lines += [f"- {x}" for x in items]
        lines.append("")
    return "\n".join(lines).rstrip()


def markdown_parts(files: ResultFiles, tables: dict[str, pd.DataFrame], lang: str) -> list[str]:
    """The Markdown report, in the order of the HTML one.

    Subtitle, the illustrative banner, the executive summary (no optimiser terms), the
    decision, 招商 and impact tables, criteria, chains, comparison, robustness, the method
    statement; objective terms, alternatives and provenance close it as the appendix.
    """
    parts = [report_subtitle(files, lang)]
    banner = illustrative_text(files, lang)
    if banner:
        parts.append(f"> **{banner}**")
    parts += [f"## {t('section.brief', lang)}", brief_markdown(files, lang)]

    def add(key: str) -> None:
        if key in tables and len(tables[key]):
            table = tables[key].head(N_FREQUENCY) if key == "robustness" else tables[key]
            table.attrs = dict(tables[key].attrs)
            parts.append(markdown_table(table))

    layout = [
        ("summary", ["decision", "links"]),
        ("investment", [k for c in files.chosen for k in (f"invest_{c}", f"invest_services_{c}")]),
        ("impacts", ["impacts", "impacts_employment"]),
        ("criteria", ["contributions"]),
        ("chain_map", ["chains"]),
        ("comparison", ["comparison"]),
        ("robustness", ["robustness"]),
    ]
    said = {
        "investment": [sources_note(files, lang)],
        "impacts": [employment_note(files, lang)],
    }
    for section, keys in layout:
        parts.append(f"## {t(f'section.{section}', lang)}")
        parts += said.get(section, [])
        for key in keys:
            add(key)
    parts.append(f"## {t('section.notes', lang)}")
    for heading, items in note_groups(files, lang):
        if heading == t("note.operationalisation", lang):
            parts.append(f"{heading}\n\n" + "\n".join(f"- {i}" for i in items))
    parts.append(f"## {t('section.appendix', lang)}")
    parts.append("\n".join(f"- {s}" for s in summary_lines(files, lang)))
    for key in ("objective", "alternatives", "provenance"):
        add(key)
    return parts
