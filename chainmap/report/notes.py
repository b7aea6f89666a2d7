"""The report's supporting material: robustness, alternatives, notes and provenance.

Robustness (how often each industry was chosen under weight uncertainty), the k-best
alternatives side by side, and the data and method notes: tables, regionalisation,
formulas and choices.

The notes say plainly which measures are this tool's operationalisation of the source
report's qualitative criteria rather than the report's own method (method.md 1.6):
the linkage indices, the side-effect composite, the stage rules and scores, the
criterion weights, the gap thresholds, the link values and the shortlist. Every value
quoted comes from the result folder (the scenario settings recorded in its provenance,
or the package defaults the run used).
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd

from chainmap.criteria.options import DEFAULT_STAGE_SCORES
from chainmap.i18n import t
from chainmap.io.readers.provincial import PROVINCE_PINYIN
from chainmap.report.brief import illustrative_text
from chainmap.report.files import ResultFiles, dumps, unit_label
from chainmap.report.format import (
    CRITERION_KEYS,
    finish,
    label,
    names,
    num,
    role_label,
    spec_columns,
)
from chainmap.report.regional import city_table_source, place

NoteGroup = tuple[str, list[str]]


def _pairs(values: dict[str, Any], labels: dict[str, str], lang: str) -> str:
    sep = "、" if lang == "zh" else ", "
    return sep.join(f"{labels.get(k, k)} {v:g}" for k, v in values.items())


def _codes(files: ResultFiles, codes: list[str], lang: str) -> str:
    sep = "、" if lang == "zh" else ", "
    return sep.join(files.label(c, lang) for c in codes) or t("summary.none", lang)


def _data_notes(files: ResultFiles, lang: str) -> list[str]:
    city, parent = files.doc.get("table", {}), files.doc.get("parent_table", {})
    lines = [
        t(
            "note.table_line",
            lang,
            label=t("note.parent_table", lang),
            source=_source_text(parent, lang) or str(parent.get("table_id") or ""),
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
            codes=_codes(files, filled, lang),
        )
    )
    absent = [str(c) for c in coverage.get("absent", [])]
    if absent:
        lines.append(t("note.absent", lang, n=len(absent), codes=_codes(files, absent, lang)))
    return lines


def _thresholds(files: ResultFiles) -> dict[str, Any]:
    for summary in (files.doc.get("gap_summaries") or {}).values():
        found: dict[str, Any] = summary.get("thresholds") or {}
        if found:
            return found
    return {}


_SETTING_DEFAULTS = {"criteria.normalisation": "minmax", "criteria.weighting": "manual"}


def _setting_label(files: ResultFiles, key: str, lang: str) -> str:
    """A method setting in words (最小–最大, 人工设定); its name stays in the appendix."""
    value = str(files.setting(key, _SETTING_DEFAULTS.get(key, "")))
    return label(f"{key.split('.')[-1]}.{value}", lang, value)


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


def _threshold_value(key: str, value: Any) -> str:
    v = float(value)
    if key.endswith("_lq"):
        return f"{v:g}"
    return f"{v:.0%}" if round(v * 100, 6).is_integer() else f"{v:.1%}"


def _threshold_words(key: str, value: Any, lang: str) -> str:
    """One gap threshold in words; its parameter name only if no words are known."""
    try:
        return t(f"threshold.{key}", lang, v=_threshold_value(key, value))
    except KeyError:
        return f"{key} = {float(value):g}"


def _thresholds_text(th: dict[str, Any], lang: str) -> str:
    """The gap thresholds in words, e.g. 本地供给率低于 10% 为断点."""
    sep, joint = ("；", "，") if lang == "zh" else ("; ", " ")
    parts: list[str] = []
    for key, value in th.items():
        words = _threshold_words(key, value, lang)
        first = {
            "choke_import_share": "choke_cost_share",
            "extension_presence": "extension_sales_share",
            "large_output_share": "large_lq",
        }
        if parts and first.get(key) in th:
            parts[-1] = f"{parts[-1]}{joint}{words}"  # one rule read as one sentence
        else:
            parts.append(words)
    return sep.join(parts)


#: Gap thresholds a scenario file can set, and their keys there (the others are built in).
_THRESHOLD_KEYS = {"key_share": "gaps.key_share", "fill_target": "gaps.target_local_share"}


def parameters_table(files: ResultFiles, lang: str) -> pd.DataFrame:
    """Each parameter by its name in ``lang``, value, meaning and scenario-file spelling.

    The identifiers a scenario file uses (``city.fill: parent_share``) are kept only in the
    last column, for reproduction; the parameter and its value are in words.
    """
    built_in = t("appendix.built_in", lang)
    rows: list[tuple[str, str, str, str]] = []
    coverage = files.doc.get("city_coverage") or {}
    if coverage.get("fill_rule"):
        rule = str(coverage["fill_rule"])
        words = label(f"fill_rule.{rule}", lang, rule)
        rows.append(("city.fill", words, t("pdesc.city.fill", lang), f"city.fill: {rule}"))
    for key in ("criteria.normalisation", "criteria.weighting"):
        value = str(files.setting(key, _SETTING_DEFAULTS[key]))
        words = _setting_label(files, key, lang)
        rows.append((key, words, t(f"pdesc.{key}", lang), f"{key}: {value}"))
    for key, value in _thresholds(files).items():
        scenario_key = _THRESHOLD_KEYS.get(key)
        rows.append(
            (
                f"gaps.{key}",
                _threshold_value(key, value),
                _threshold_words(key, value, lang),
                f"{scenario_key}: {float(value):g}" if scenario_key else built_in,
            )
        )
    draws = files.setting("robustness.weight_draws")
    if draws is not None:
        rows.append(
            (
                "robustness.weight_draws",
                str(draws),
                t("param.weight_draws", lang),
                f"robustness.weight_draws: {draws}",
            )
        )
    conc = files.setting("robustness.concentration")
    if conc is not None:
        rows.append(
            (
                "robustness.concentration",
                f"{float(conc):g}",
                t("param.concentration", lang),
                f"robustness.concentration: {float(conc):g}",
            )
        )
    df = pd.DataFrame(
        {
            t("appendix.param_value", lang): [r[1] for r in rows],
            t("appendix.param_meaning", lang): [r[2] for r in rows],
            t("appendix.param_key", lang): [r[3] for r in rows],
        },
        index=pd.Index(
            [label(f"pname.{r[0]}", lang, r[0]) for r in rows],
            dtype=object,
            name=t("appendix.param_name", lang),
        ),
    )
    title = t("appendix.parameters", lang)
    df.attrs.update(title=title, sheet=title, decimals={})
    return df


def _formula_notes(files: ResultFiles, lang: str) -> list[str]:
    th = _thresholds(files)
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
            normalisation=_setting_label(files, "criteria.normalisation", lang),
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
    th = _thresholds(files)
    shortlist = [str(c) for c in files.doc.get("shortlist", [])]
    return [
        t("op.linkages", lang),
        t("op.side_effect", lang),
        t("op.stages", lang, scores=_pairs(stages, stage_labels, lang)),
        t(
            "op.weights",
            lang,
            weighting=_setting_label(files, "criteria.weighting", lang),
            weights=_pairs(weights, crit_labels, lang),
        ),
        t("op.thresholds", lang, thresholds=_thresholds_text(th, lang)),
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


def robustness_table(files: ResultFiles, lang: str) -> pd.DataFrame:
    """Industries chosen in any weight draw (and every chosen one), most often first."""
    rob = files.robustness
    if rob is None:
        rob = pd.DataFrame(columns=["selected_frequency", "potential_frequency"])
    # without weight draws (robustness.weight_draws: 0) only the parameter variants' shares exist
    zero = pd.Series(0.0, index=rob.index)
    sel = rob.get("selected_frequency", zero).astype(float)
    pot = rob.get("potential_frequency", zero).astype(float)
    shown = [str(c) for c in rob.index[(sel > 0) | (pot > 0) | rob.index.isin(files.chosen)]]
    order = sorted(shown, key=lambda c: (-float(sel[c]), -float(pot[c]), c))
    keep = rob.loc[order]
    spec = [  # column, label, percent, decimals
        ("mean_rank", t("col.rank_mean", lang), False, 0),
        ("rank_low", t("col.rank_low", lang), False, 0),
        ("rank_high", t("col.rank_high", lang), False, 0),
        ("selected_frequency", t("col.leading_frequency", lang), True, 1),
        ("potential_frequency", t("col.potential_frequency", lang), True, 1),
    ]
    cols: dict[str, Any] = {t("measure.name", lang): [files.name(str(c), lang) for c in keep.index]}
    cols[t("measure.role", lang)] = [role_label(files, str(c), lang) for c in keep.index]
    dec = spec_columns(cols, keep, spec)
    for key in ("col.rank_mean", "col.rank_low", "col.rank_high"):  # ranks are integers
        if t(key, lang) in cols:
            cols[t(key, lang)] = pd.array(
                [round(v) if np.isfinite(v) else pd.NA for v in cols[t(key, lang)]],
                dtype="Int64",
            )
    df = pd.DataFrame(cols, index=pd.Index([str(c) for c in keep.index], dtype=object))
    title = t("table.robustness", lang)
    return finish(df, title, title, dec, t("measure.code", lang))


def alternatives_table(files: ResultFiles, lang: str) -> pd.DataFrame:
    """The best portfolio and the k-best alternatives side by side (one column each).

    Rows: members, the industries each alternative adds or drops compared with the best,
    its objective, the objective it gives up, and every objective term.
    """
    sel = files.selection
    best = {
        "rank": t("report.best", lang),
        "leading": sel.get("leading", []),
        "potential": sel.get("potential", []),
        "filled": sel.get("filled", []),
        "objective": sel.get("objective"),
        "objective_gap": 0.0,
        "terms": sel.get("terms") or {},
    }
    alternatives = [
        dict(a, rank=f"{t('col.alternative', lang)} {a['rank']}")
        for a in files.doc.get("alternatives") or []
    ]
    portfolios = [best, *alternatives] if sel.get("objective") is not None else []
    rows: dict[str, list[Any]] = {}
    for key in ("leading", "potential", "filled"):
        rows[t(f"col.{key}", lang)] = [names(files, p.get(key, []), lang) for p in portfolios]
    rows[t("measure.objective", lang)] = [num(p["objective"]) for p in portfolios]
    rows[t("col.objective_gap", lang)] = [num(p["objective_gap"]) for p in portfolios]
    for key in ("leading_in", "leading_out", "potential_in", "potential_out"):
        rows[t(f"col.{key}", lang)] = [names(files, p.get(key, []), lang) for p in portfolios]
    for term in best["terms"]:
        rows[label(f"term.{term}", lang, term)] = [num(p["terms"].get(term)) for p in portfolios]
    columns = [str(p["rank"]) for p in portfolios]
    df = pd.DataFrame.from_dict(rows, orient="index", columns=columns).astype(object)
    df.index = pd.Index(list(rows), dtype=object)
    title = t("table.alternatives", lang)
    return finish(df, title, title, dict.fromkeys(columns, 4), t("col.item", lang))


def _source_text(parent: dict[str, Any], lang: str) -> str:
    """The parent table's source in ``lang`` (NBS national tables by year and size)."""
    m = re.fullmatch(r"cn-nbs-(\d{4})-(\d+)", str(parent.get("table_id") or ""))
    if m:
        return t("provenance.source_nbs", lang, year=m.group(1), n=m.group(2))
    return str(parent.get("source") or "")


def provenance_tables(files: ResultFiles, lang: str, generated: str) -> list[pd.DataFrame]:
    """Provenance (version, scenario, table, solver, timings), overrides and input hashes."""
    prov = files.doc.get("provenance", {})
    scen = prov.get("scenario", {})
    parent = prov.get("parent_table", {})
    items: list[tuple[str, Any]] = [
        (t("provenance.version", lang), prov.get("chainmap_version")),
        (t("provenance.scenario", lang), scen.get("name")),
    ]
    for path, sha in (scen.get("file_sha256") or {}).items():
        colon = "：" if lang == "zh" else ": "
        items.append((f"{t('provenance.scenario_file', lang)}{colon}{path}", sha))
    items += [
        (t("provenance.table", lang), parent.get("table_id") or parent.get("path")),
        (t("provenance.source", lang), _source_text(parent, lang)),
        (t("provenance.sha256", lang), parent.get("sha256")),
        (t("provenance.solver_name", lang), prov.get("solver")),
        (
            t("provenance.solver", lang),
            label(f"status.{prov.get('status')}", lang, prov.get("status")),
        ),
        (
            t("provenance.illustrative", lang),
            t("word.yes" if files.illustrative else "word.no", lang),
        ),
        (t("provenance.report_time", lang), generated),
    ]
    for step, seconds in files.timings.items():
        colon = "：" if lang == "zh" else ": "
        step_name = label(f"step.{step}", lang, step)
        items.append((f"{t('provenance.timings', lang)}{colon}{step_name}", num(seconds)))
    values = [
        v if isinstance(v, float | int | bool) else ("" if v is None else str(v)) for _, v in items
    ]
    main = pd.DataFrame(
        {t("col.value", lang): pd.Series(values, dtype=object)}.copy(),
    )
    main.index = pd.Index([k for k, _ in items], dtype=object)
    title = t("table.provenance", lang)
    main = finish(main, title, title, {t("col.value", lang): 3}, t("col.item", lang))
    overrides = scen.get("overrides") or []
    ov = pd.DataFrame(
        {
            t("col.key", lang): [str(o.get("key")) for o in overrides],
            t("col.old", lang): [dumps(o.get("old")) for o in overrides],
            t("col.new", lang): [dumps(o.get("new")) for o in overrides],
            t("col.source", lang): [str(o.get("source")) for o in overrides],
        },
        index=pd.Index(np.arange(1, len(overrides) + 1), dtype=object),
    )
    title = t("table.overrides", lang)
    ov = finish(ov, title, title, {}, "#")
    inputs = prov.get("input_sha256") or {}
    inp = pd.DataFrame(
        {t("provenance.sha256", lang): [str(v) for v in inputs.values()]},
        index=pd.Index([str(k) for k in inputs], dtype=object),
    )
    title = t("table.inputs", lang)
    inp = finish(inp, title, title, {}, t("col.file", lang))
    return [main, ov, inp]
