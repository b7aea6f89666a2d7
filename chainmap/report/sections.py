"""The sections of the planner's report (HTML) and its Markdown parts, in report order.

Sections, in the order of issue 6: executive summary, summary of the decision, 招商 and
impacts, key-sector quadrant chart, five-criteria breakdown, chain map of each chosen
industry coloured by gap class, side-by-side comparison (table and radar chart),
robustness, data and method notes, appendix, provenance. The section bodies are built by
:mod:`chainmap.report.decision_sections` and :mod:`chainmap.report.analysis_sections`;
tables come from :mod:`chainmap.report.tables` (each wrapped in ``<div data-table="key">``,
its cells carrying the exact value in ``data-value``), charts from
:mod:`chainmap.report.charts`, chain maps from the result folder.
"""

from __future__ import annotations

import pandas as pd

from chainmap.i18n import t
from chainmap.report.analysis_sections import (
    N_FREQUENCY,
    chain_section,
    comparison_section,
    criteria_section,
    quadrant_section,
    robustness_section,
)
from chainmap.report.brief import brief_blocks, brief_html
from chainmap.report.decision_sections import (
    appendix_section,
    decision_section,
    impacts_section,
    investment_section,
    summary_lines,
)
from chainmap.report.files import ResultFiles
from chainmap.report.html import bullet_list, table_block
from chainmap.report.impacts import employment_note
from chainmap.report.notes import note_groups
from chainmap.report.observed import city_data_year, illustrative_text
from chainmap.report.render import Section, markdown_table
from chainmap.report.sourcing import sources_note
from chainmap.report.svg import esc


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
        ("summary", decision_section(files, tables, lang)),
        ("investment", investment_section(files, tables, lang)),
        ("impacts", impacts_section(files, tables, lang)),
        ("quadrant", quadrant_section(files, tables, lang)),
        ("criteria", criteria_section(files, tables, lang)),
        ("chain_map", chain_section(files, tables, lang)),
        ("comparison", comparison_section(files, tables, lang)),
        ("robustness", robustness_section(files, tables, lang)),
        ("notes", _notes(files, lang)),
        ("appendix", appendix_section(files, tables, lang)),
        ("provenance", '<div data-lang-exempt="1">' + _provenance(tables) + "</div>"),
    ]
    sections = [Section(key, t(f"section.{key}", lang), body) for key, body in bodies]
    return sections, report_subtitle(files, lang)


def titled_markdown_table(df: pd.DataFrame) -> str:
    """The table's title in bold, then its pipe table with each column's own decimals."""
    table = markdown_table(df, decimals=df.attrs.get("decimals", {}))
    return f"**{df.attrs.get('title', '')}**\n\n{table}"


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
            parts.append(titled_markdown_table(table))

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
