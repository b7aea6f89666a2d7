"""The report's data and method notes: tables, regionalisation, formulas and choices.

The notes say plainly which measures are this tool's operationalisation of the source
report's qualitative criteria rather than the report's own method (method.md 1.6):
the linkage indices, the side-effect composite, the stage rules and scores, the
criterion weights, the gap thresholds, the link values and the shortlist. Every value
quoted comes from the result folder (the scenario settings recorded in its provenance,
or the package defaults the run used). The parameters in the appendix are
:mod:`chainmap.report.parameters`, the provenance tables :mod:`chainmap.report.provenance`
(both re-exported here).
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from chainmap.criteria.options import DEFAULT_STAGE_SCORES
from chainmap.i18n import t
from chainmap.io.readers.provincial import PROVINCE_PINYIN
from chainmap.report.files import ResultFiles, unit_label
from chainmap.report.format import CRITERION_KEYS, label, labels_or_none
from chainmap.report.observed import illustrative_text
from chainmap.report.parameters import (
    gap_thresholds,
    parameters_table,
    setting_label,
    thresholds_text,
)
from chainmap.report.provenance import provenance_tables, source_text
from chainmap.report.regional import city_table_source, place

__all__ = ["in_lang", "note_groups", "notes_table", "parameters_table", "provenance_tables"]

NoteGroup = tuple[str, list[str]]


def _pairs(values: dict[str, Any], labels: dict[str, str], lang: str) -> str:
    sep = "、" if lang == "zh" else ", "
    return sep.join(f"{labels.get(k, k)} {v:g}" for k, v in values.items())


def _data_notes(files: ResultFiles, lang: str) -> list[str]:
    city, parent = files.doc.get("table", {}), files.doc.get("parent_table", {})
    lines = [
        t(
            "note.table_line",
            lang,
            label=t("note.parent_table", lang),
            source=source_text(parent, lang) or str(parent.get("table_id") or ""),
            year=parent.get("year"),
            unit=unit_label(str(parent.get("unit") or ""), lang),
        ),
        t(
            "note.table_line",
            lang,
            label=t("note.city_table", lang),
            source=(city_table_source(files, lang) if city.get("source") else ""),
            year=city.get("year"),
            unit=unit_label(str(city.get("unit") or ""), lang),
        ),
    ]
    market = files.setting("market.tables") or []
    if market:
        colon = "：" if lang == "zh" else ": "
        lines.append(f"{t('note.market_tables', lang)}{colon}{', '.join(map(str, market))}")
    return lines


def _regional_notes(files: ResultFiles, lang: str) -> list[str]:
    coverage = files.doc.get("city_coverage") or {}
    if not coverage:
        return [t("note.no_regionalisation", lang)]
    regional = (files.doc.get("provenance") or {}).get("regionalisation") or {}
    used = str(regional.get("method") or files.setting("regionalization.method", ""))
    if used == "province":
        lines = [t("note.method_province", lang)]
    elif used == "learned":
        lines = [t("note.method_learned", lang)]
    else:
        lines = [
            t(
                "note.method_line",
                lang,
                method=used.upper(),
                delta=files.setting("regionalization.delta", ""),
            )
        ]
    if regional.get("parent_table"):
        lines.append(
            t(
                "note.parents",
                lang,
                parent=regional["parent_table"],
                province=in_lang(str(regional.get("province_table") or ""), lang)
                or t("note.no_province_table", lang),
            )
        )
        lines.append(
            t(
                "note.observed_modelled",
                lang,
                observed=_sep(lang).join(_phrase(p, lang) for p in regional.get("observed") or [])
                or "—",
                modelled=_sep(lang).join(_phrase(p, lang) for p in regional.get("modelled") or [])
                or "—",
            )
        )
    if files.setting("regionalization.note"):
        lines.append(str(files.setting("regionalization.note")))
    filled = [str(c) for c in coverage.get("filled", [])]
    lines.append(
        t(
            "note.fill_rule",
            lang,
            rule=label(f"fill_rule.{coverage.get('fill_rule', '')}", lang, "—"),
            n=len(filled),
            codes=labels_or_none(files, filled, lang),
        )
    )
    absent = [str(c) for c in coverage.get("absent", [])]
    if absent:
        lines.append(
            t("note.absent", lang, n=len(absent), codes=labels_or_none(files, absent, lang))
        )
    return lines


#: The run's English description of what was observed and what modelled → i18n keys.
_PHRASES: tuple[tuple[str, str], ...] = (
    (
        r"provincial local shares \((\d+) products, proportionality assumption\)",
        "phrase.prov_shares",
    ),
    (r"city output by sector \(city data\)", "phrase.city_output"),
    (r"scaling of the provincial shares to the city \(learned model\)", "phrase.prov_scaling"),
    (r"local shares \(learned share model\)", "phrase.learned_shares"),
    (r"local shares \((\w+) location quotients\)", "phrase.lq_shares"),
    (r"technology \(coefficients of (.+)\)", "phrase.technology"),
    (r"sectors filled by the fill rule", "phrase.filled"),
)


def _sep(lang: str) -> str:
    return "；" if lang == "zh" else "; "


def _phrase(text: str, lang: str) -> str:
    """A known phrase of the run's data description in ``lang`` (others as they are)."""
    for pattern, key in _PHRASES:
        m = re.fullmatch(pattern, text)
        if m:
            return t(key, lang, x=m.group(1) if m.groups() else "")
    return text


def _formula_notes(files: ResultFiles, lang: str) -> list[str]:
    th = gap_thresholds(files)
    return [
        t("formula.bl", lang),
        t("formula.fl", lang),
        t("formula.hem", lang),
        t("formula.multipliers", lang),
        t("formula.lq", lang),
        t("formula.flq", lang),
        t(
            "formula.score",
            lang,
            normalisation=setting_label(files, "criteria.normalisation", lang),
        ),
        t("formula.supporting_rate", lang),
        t(
            "formula.completeness",
            lang,
            break_share=f"{th.get('break_share', float('nan')):.0%}",
            key_share=f"{th.get('key_share', float('nan')):.0%}",
        ),
        t("formula.link_value", lang),
        t("formula.objective", lang),
        t("formula.robustness", lang),
    ]


def _operationalisation(files: ResultFiles, lang: str) -> list[str]:
    stages = {**DEFAULT_STAGE_SCORES, **(files.setting("criteria.stage_scores") or {})}
    stage_labels = {k: t(f"stage.{k}", lang) for k in DEFAULT_STAGE_SCORES}
    weights = files.doc.get("criteria_weights") or {}
    crit_labels = {k: t(v, lang) for k, v in CRITERION_KEYS.items()}
    th = gap_thresholds(files)
    shortlist = [str(c) for c in files.doc.get("shortlist", [])]
    return [
        t("op.linkages", lang),
        t("op.side_effect", lang),
        t("op.stages", lang, scores=_pairs(stages, stage_labels, lang)),
        t(
            "op.weights",
            lang,
            weighting=setting_label(files, "criteria.weighting", lang),
            weights=_pairs(weights, crit_labels, lang),
        ),
        t("op.thresholds", lang, thresholds=thresholds_text(th, lang)),
        t("op.link_values", lang, weight=files.setting("selection.objective.link_weight", 1.0)),
        t("op.shortlist", lang, n=len(shortlist), codes=", ".join(shortlist)),
        t("op.regionalisation", lang),
    ]


def in_lang(text: str, lang: str) -> str:
    """A run-log line for an English report: units and province names in English.

    The run log is English already; what it quotes from Chinese sources stays, except the
    units (亿元 → 100 million yuan) and province names (浙江 → Zhejiang; in a table id the
    registry's ASCII alias, cn-prov-2017-zhejiang). File names are left as they are.

    Examples
    --------
    >>> in_lang("observed in 浙江 2017 (11-浙江.xls), table cn-prov-2017-浙江, in 亿元", "en")
    'observed in Zhejiang 2017 (11-浙江.xls), table cn-prov-2017-zhejiang, in 100 million yuan'
    """
    if lang != "en":
        return text
    for unit in ("亿元", "万元"):
        text = text.replace(unit, unit_label(unit, "en"))
    for zh, alias in PROVINCE_PINYIN.items():
        text = re.sub(rf"(cn-prov-\d{{4}}-){zh}\b", rf"\g<1>{alias}", text)
        text = re.sub(rf"{zh}(?![\w.]*\.xlsx?)", place(zh, lang), text)
    return text


def note_groups(files: ResultFiles, lang: str) -> list[NoteGroup]:
    """The notes as (heading, items) groups, in report order."""
    groups: list[NoteGroup] = [
        (t("note.tables", lang), _data_notes(files, lang)),
        (t("note.regionalisation", lang), _regional_notes(files, lang)),
        (t("note.formulas", lang), _formula_notes(files, lang)),
        (t("note.operationalisation", lang), _operationalisation(files, lang)),
    ]
    if files.illustrative:
        groups.append(
            (
                t("report.illustrative", lang),
                [illustrative_text(files, lang), t("note.official_data", lang)],
            )
        )
    groups.append(
        (t("report.run_notes", lang), [in_lang(str(n), lang) for n in files.doc.get("notes", [])])
    )
    return groups


def notes_table(files: ResultFiles, lang: str) -> pd.DataFrame:
    """The notes as a two-column table (heading, text) for the spreadsheet."""
    rows = [(head, item) for head, items in note_groups(files, lang) for item in items]
    df = pd.DataFrame(
        {t("col.text", lang): [item for _, item in rows]},
        index=pd.Index([head for head, _ in rows], dtype=object, name=t("col.item", lang)),
    )
    title = t("table.notes", lang)
    df.attrs.update(title=title, sheet=title, decimals={})
    return df
