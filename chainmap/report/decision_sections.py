"""The decision sections of the planner's report: summary, 招商 (investment), impacts, appendix.

What was decided and what it brings: the decision and the links it covers, the links to
fill or strengthen with where they are supplied from today, the effects of the picks,
and the appendix with the optimiser's terms, the alternatives, the run log and every
parameter. Each function returns the HTML body of one section
(:func:`chainmap.report.sections.report_sections` assembles them).
"""

from __future__ import annotations

import math

import pandas as pd

from chainmap.i18n import t
from chainmap.report.files import ResultFiles
from chainmap.report.format import label, labels_or_none
from chainmap.report.html import EXTRA_CSS, bullet_list, paragraph, table_block
from chainmap.report.impacts import employment_note
from chainmap.report.notes import in_lang
from chainmap.report.parameters import definitions, parameters_table
from chainmap.report.sourcing import sources_note
from chainmap.report.svg import esc


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
        f"{t('summary.leading', lang)}{colon}{labels_or_none(files, files.leading, lang)}",
        f"{t('summary.potential', lang)}{colon}{labels_or_none(files, files.potential, lang)}",
        f"{t('summary.links', lang)}{colon}{sep.join(links) or t('summary.none', lang)}",
        f"{t('summary.objective', lang)}{colon}{terms or t('summary.none', lang)}",
    ]


def decision_section(files: ResultFiles, tables: dict[str, pd.DataFrame], lang: str) -> str:
    return "\n".join(
        [
            EXTRA_CSS,
            table_block(tables["decision"], "decision"),
            definitions(files, lang, ("def.rank", "def.supporting", "def.frequency")),
            table_block(tables["links"], "links"),
            definitions(files, lang, ("def.local_share",)),
        ]
    )


def investment_section(files: ResultFiles, tables: dict[str, pd.DataFrame], lang: str) -> str:
    parts = [
        paragraph(t("inv.note", lang)),
        paragraph(sources_note(files, lang)),
        definitions(files, lang, ("def.local_share",)),
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


def impacts_section(files: ResultFiles, tables: dict[str, pd.DataFrame], lang: str) -> str:
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


def appendix_section(files: ResultFiles, tables: dict[str, pd.DataFrame], lang: str) -> str:
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
                    codes=labels_or_none(files, only, lang),
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
