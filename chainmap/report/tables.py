"""Every table of the planner's report, built from the files of a result folder.

:func:`report_tables` returns the tables in report order, each a DataFrame whose
column labels (with units) and sector names are in the report language, and whose
``attrs`` carry ``title``, ``sheet`` (the XLSX sheet name) and ``decimals`` (per
column, for display). Values are the result files' own numbers; shares are shown in
percent (×100, the label says "%"). The same tables feed the HTML, the XLSX and the
Markdown, so the three cannot disagree.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import pandas as pd

from chainmap.i18n import t
from chainmap.report.files import ResultFiles
from chainmap.report.format import (
    ACTION_KEYS,
    CRITERION_KEYS,
    GAP_KEYS,
    N_COMPARED,
    finish,
    label,
    num,
    pct,
    role_label,
    spec_columns,
)
from chainmap.report.notes import (
    alternatives_table,
    notes_table,
    provenance_tables,
    robustness_table,
)


def _gap_summary(files: ResultFiles, code: str) -> dict[str, Any]:
    summary: dict[str, Any] = files.doc.get("gap_summaries", {}).get(code) or {}
    return summary


def _robust(files: ResultFiles, code: str, column: str) -> float:
    rob = files.robustness
    if rob is None or code not in rob.index or column not in rob.columns:
        return math.nan
    return pct(rob.at[code, column])


def decision_table(files: ResultFiles, lang: str) -> pd.DataFrame:
    """The chosen industries: role, score, rank, output, chain figures, robustness."""
    u = files.unit_label(lang)
    rows = []
    for code in files.chosen:
        crit = files.criteria.loc[code] if code in files.criteria.index else None
        gap = _gap_summary(files, code)
        rows.append(
            {
                t("measure.name", lang): files.name(code, lang),
                t("measure.role", lang): role_label(files, code, lang),
                t("measure.score", lang): num(crit["score"]) if crit is not None else math.nan,
                t("col.score_rank", lang): num(crit["rank"]) if crit is not None else math.nan,
                t("measure.output", lang, unit=u): num(files.measures.at[code, "output"]),
                t("measure.local_supporting_rate", lang): pct(gap.get("local_supporting_rate")),
                t("measure.chain_completeness", lang): pct(gap.get("chain_completeness")),
                t("col.leading_frequency", lang): _robust(files, code, "selected_frequency"),
                t("col.potential_frequency", lang): _robust(files, code, "potential_frequency"),
            }
        )
    df = pd.DataFrame(rows, index=pd.Index(files.chosen, dtype=object))
    dec = {t("measure.score", lang): 3, t("col.score_rank", lang): 0}
    dec[t("measure.output", lang, unit=u)] = 0
    for key in ("measure.local_supporting_rate", "measure.chain_completeness"):
        dec[t(key, lang)] = 1
    dec[t("col.leading_frequency", lang)] = dec[t("col.potential_frequency", lang)] = 1
    title = t("table.decision", lang)
    return finish(df, title, title, dec, t("measure.code", lang))


def links_table(files: ResultFiles, lang: str) -> pd.DataFrame:
    """Links the selection covers: industry, supplier, gap class, value, local share before,
    and whether a fill covers the link or the supplier is itself a chosen leading industry."""
    rows, index = [], []
    for link in files.selection.get("links", []):
        j, i = str(link["industry"]), str(link["supplier"])
        gaps = files.gap_links.get(j)
        cls = str(gaps.at[i, "gap_class"]) if gaps is not None and i in gaps.index else ""
        index.append((j, i))
        rows.append(
            {
                t("col.industry", lang): files.name(j, lang),
                t("col.supplier", lang): files.name(i, lang),
                t("measure.gap_class", lang): label(GAP_KEYS.get(cls, ""), lang, cls),
                t("col.link_value", lang): num(link.get("value")),
                t("col.rpc_before", lang): pct(link.get("rpc_before")),
                t("col.covered_by", lang): t(f"covered.{link.get('by', 'fill')}", lang),
            }
        )
    idx = pd.MultiIndex.from_tuples(index) if index else pd.MultiIndex.from_arrays([[], []])
    df = pd.DataFrame(rows, index=idx, columns=None if rows else [])
    dec = {t("col.link_value", lang): 4, t("col.rpc_before", lang): 1}
    title = t("table.links", lang)
    names = [t("col.industry_code", lang), t("col.supplier_code", lang)]
    return finish(df, title, title, dec, names)


def objective_table(files: ResultFiles, lang: str) -> pd.DataFrame:
    """Objective terms and their total."""
    terms = dict(files.selection.get("terms") or {})
    index = [label(f"term.{k}", lang, k) for k in terms]
    values = [num(v) for v in terms.values()]
    if files.selection.get("objective") is not None:
        index.append(t("term.objective", lang))
        values.append(num(files.selection["objective"]))
    df = pd.DataFrame({t("col.value", lang): values}, index=pd.Index(index, dtype=object))
    title = t("table.objective", lang)
    return finish(df, title, title, {t("col.value", lang): 4}, t("col.term", lang))


def measures_table(
    files: ResultFiles, lang: str, codes: Sequence[str] | None = None
) -> pd.DataFrame:
    """Linkages, key-sector class, multipliers and extraction of ``codes`` (default all)."""
    m = files.measures if codes is None else files.measures.loc[list(codes)]
    u = files.unit_label(lang)
    cols: dict[str, Any] = {t("measure.name", lang): [files.name(c, lang) for c in m.index]}
    spec = [
        ("output", t("measure.output", lang, unit=u), 0),
        ("bl", t("measure.bl", lang), 3),
        ("fl_ghosh", t("measure.fl_ghosh", lang), 3),
        ("fl_leontief", t("measure.fl_leontief", lang), 3),
        ("output_multiplier", t("measure.output_multiplier", lang), 3),
        ("va_multiplier", t("measure.va_multiplier", lang), 3),
        ("hem_full", t("measure.hem_full", lang, unit=u), 0),
    ]
    dec = {}
    for column, text, digits in spec:
        if column in m.columns:
            cols[text] = m[column].astype(float).to_numpy()
            dec[text] = digits
    cols[t("measure.key_class", lang)] = [
        label(f"key_class.{k}", lang, str(k)) for k in m.get("key_class", [""] * len(m))
    ]
    df = pd.DataFrame(cols, index=pd.Index([str(c) for c in m.index], dtype=object))
    if codes is None:
        title = t("report.all_industries", lang, n=len(df))
        return finish(df, title, t("table.measures", lang), dec, t("measure.code", lang))
    title = t("table.quadrant", lang)
    return finish(df, title, title, dec, t("measure.code", lang))


def contributions_table(files: ResultFiles, lang: str) -> pd.DataFrame:
    """Each chosen industry's score split exactly into the five criteria."""
    crit = files.criteria.loc[[c for c in files.chosen if c in files.criteria.index]]
    cols: dict[str, Any] = {t("measure.name", lang): [files.name(c, lang) for c in crit.index]}
    dec = {}
    for key, i18n_key in CRITERION_KEYS.items():
        column = f"contribution_{key}"
        if column in crit.columns:
            cols[t(i18n_key, lang)] = crit[column].astype(float).to_numpy()
            dec[t(i18n_key, lang)] = 4
    cols[t("measure.score", lang)] = crit["score"].astype(float).to_numpy()
    dec[t("measure.score", lang)] = 4
    df = pd.DataFrame(cols, index=pd.Index(list(crit.index), dtype=object))
    title = t("table.contributions", lang)
    return finish(df, title, title, dec, t("measure.code", lang))


def weights_table(files: ResultFiles, lang: str) -> pd.DataFrame:
    """The criterion weights used."""
    weights = files.doc.get("criteria_weights") or {}
    index = [label(CRITERION_KEYS.get(k, k), lang, k) for k in weights]
    df = pd.DataFrame(
        {t("measure.weight", lang): [num(v) for v in weights.values()]},
        index=pd.Index(index, dtype=object),
    )
    title = t("table.weights", lang)
    return finish(df, title, title, {t("measure.weight", lang): 3}, t("col.criterion", lang))


def indicators_table(files: ResultFiles, lang: str) -> pd.DataFrame:
    """The indicators behind the criteria for the chosen industries."""
    crit = files.criteria.loc[[c for c in files.chosen if c in files.criteria.index]]
    u = files.unit_label(lang)
    spec = [  # column, label, percent?, decimals
        ("backward_linkage", t("measure.bl", lang), False, 3),
        ("forward_linkage", t("measure.fl_ghosh", lang), False, 3),
        ("side_effect", t("measure.side_effect", lang), False, 3),
        ("output_share", t("measure.output_share", lang), True, 2),
        ("location_quotient", t("measure.lq", lang), False, 3),
        ("output_growth", t("measure.growth", lang), True, 1),
        ("market_size", t("measure.market_size", lang, unit=u), False, 0),
        ("market_growth", t("measure.market_growth", lang), True, 1),
        ("export_share", t("measure.export_share", lang), True, 1),
        ("policy_intensity", t("measure.policy", lang), False, 2),
    ]
    cols: dict[str, Any] = {t("measure.name", lang): [files.name(c, lang) for c in crit.index]}
    cols[t("measure.stage", lang)] = [
        label(f"stage.{s}", lang, str(s)) for s in crit.get("stage", [""] * len(crit))
    ]
    dec = spec_columns(cols, crit, spec)
    df = pd.DataFrame(cols, index=pd.Index(list(crit.index), dtype=object))
    title = t("table.indicators", lang)
    return finish(df, title, title, dec, t("measure.code", lang))


def chains_table(files: ResultFiles, lang: str) -> pd.DataFrame:
    """Chain figures of every chosen industry with a diagnosis."""
    u = files.unit_label(lang)
    codes = [c for c in files.chosen if _gap_summary(files, c)]
    spec = [  # summary key, label, scale, decimals
        ("local_supporting_rate", t("measure.local_supporting_rate", lang), 100.0, 1),
        ("chain_completeness", t("measure.chain_completeness", lang), 100.0, 1),
        ("key_links_present", t("col.key_links_present", lang), 1.0, 0),
        ("key_links", t("col.key_links", lang), 1.0, 0),
        ("n_break", t("col.n_break", lang), 1.0, 0),
        ("n_weak", t("col.n_weak", lang), 1.0, 0),
        ("n_choke", t("col.n_choke", lang), 1.0, 0),
        ("extension_opportunities", t("col.n_extend", lang), 1.0, 0),
        ("joint_fill_output_gain", t("measure.output_gain", lang, unit=u), 1.0, 0),
        ("joint_fill_value_added_gain", t("measure.va_gain", lang, unit=u), 1.0, 0),
    ]
    cols: dict[str, Any] = {t("measure.name", lang): [files.name(c, lang) for c in codes]}
    dec = {}
    for key, text, scale, digits in spec:
        cols[text] = [scale * num(_gap_summary(files, c).get(key)) for c in codes]
        dec[text] = digits
    df = pd.DataFrame(cols, index=pd.Index(codes, dtype=object))
    title = t("table.chains", lang)
    return finish(df, title, title, dec, t("measure.code", lang))


def gaps_table(files: ResultFiles, code: str, lang: str) -> pd.DataFrame:
    """Non-minor input links of ``code``: shares, gap class, action, value of filling."""
    links = files.gap_links[code]
    links = links[links["gap_class"].astype(str) != "minor"]
    links = links.sort_values("cost_share", ascending=False, kind="stable")
    u = files.unit_label(lang)
    df = pd.DataFrame(
        {
            t("col.supplier", lang): [files.name(str(c), lang) for c in links.index],
            t("measure.cost_share", lang): links["cost_share"].astype(float).to_numpy() * 100,
            t("col.local_share", lang): links["local_share"].astype(float).to_numpy() * 100,
            t("measure.import_dependence", lang): links["import_share"].astype(float).to_numpy()
            * 100,
            t("measure.gap_class", lang): [
                label(GAP_KEYS.get(str(g), ""), lang, str(g)) for g in links["gap_class"]
            ],
            t("measure.action", lang): [
                label(ACTION_KEYS[str(a)], lang) if str(a) in ACTION_KEYS else ""
                for a in links["action"]
            ],
            t("measure.output_gain", lang, unit=u): links["fill_output_gain"].astype(float),
            t("measure.va_gain", lang, unit=u): links["fill_value_added_gain"].astype(float),
        },
        index=pd.Index([str(c) for c in links.index], dtype=object),
    )
    dec = {t("measure.output_gain", lang, unit=u): 0, t("measure.va_gain", lang, unit=u): 0}
    for key in ("measure.cost_share", "col.local_share", "measure.import_dependence"):
        dec[t(key, lang)] = 1
    title = t("report.gap_links_title", lang, name=files.label(code, lang))
    return finish(df, title, t("table.gaps", lang, code=code), dec, t("col.supplier_code", lang))


def comparison_codes(files: ResultFiles, n: int = N_COMPARED) -> list[str]:
    """The chosen industries, then the best-scored others, ``n`` in all (at least the chosen)."""
    ranked = files.criteria.sort_values(["rank"], kind="stable").index
    out = [c for c in files.chosen if c in files.criteria.index]
    for code in ranked:
        if len(out) >= n:
            break
        if code not in out:
            out.append(str(code))
    return out


def comparison_table(files: ResultFiles, lang: str) -> pd.DataFrame:
    """Top candidates side by side: role, score, rank, criterion scores, chain, robustness."""
    codes = comparison_codes(files)
    crit = files.criteria.loc[codes]
    cols: dict[str, Any] = {
        t("measure.name", lang): [files.name(c, lang) for c in codes],
        t("measure.role", lang): [role_label(files, c, lang) for c in codes],
        t("measure.score", lang): crit["score"].astype(float).to_numpy(),
        t("col.score_rank", lang): crit["rank"].astype(float).to_numpy(),
    }
    dec = {t("measure.score", lang): 3, t("col.score_rank", lang): 0}
    for key, i18n_key in CRITERION_KEYS.items():
        if f"score_{key}" in crit.columns:
            cols[t(i18n_key, lang)] = crit[f"score_{key}"].astype(float).to_numpy()
            dec[t(i18n_key, lang)] = 3
    lsr = t("measure.local_supporting_rate", lang)
    cols[lsr] = [pct(_gap_summary(files, c).get("local_supporting_rate")) for c in codes]
    freq = t("col.leading_frequency", lang)
    cols[freq] = [_robust(files, c, "selected_frequency") for c in codes]
    dec[lsr] = dec[freq] = 1
    df = pd.DataFrame(cols, index=pd.Index(codes, dtype=object))
    title = t("table.comparison", lang)
    return finish(df, title, title, dec, t("measure.code", lang))


def report_tables(files: ResultFiles, lang: str, generated: str = "") -> dict[str, pd.DataFrame]:
    """Every table of the report, keyed by a stable name, in report order.

    Keys: ``decision``, ``links``, ``objective``, ``quadrant``, ``measures``,
    ``contributions``, ``weights``, ``indicators``, ``chains``, ``gaps_<code>`` (one per
    chosen industry with a diagnosis), ``comparison``, ``robustness``, ``alternatives``,
    ``notes``, ``provenance``, ``overrides``, ``inputs``.
    """
    tables: dict[str, pd.DataFrame] = {
        "decision": decision_table(files, lang),
        "links": links_table(files, lang),
        "objective": objective_table(files, lang),
        "quadrant": measures_table(
            files, lang, [c for c in files.chosen if c in files.measures.index]
        ),
        "measures": measures_table(files, lang),
        "contributions": contributions_table(files, lang),
        "weights": weights_table(files, lang),
        "indicators": indicators_table(files, lang),
        "chains": chains_table(files, lang),
    }
    for code in files.chosen:
        if code in files.gap_links:
            tables[f"gaps_{code}"] = gaps_table(files, code, lang)
    tables["comparison"] = comparison_table(files, lang)
    tables["robustness"] = robustness_table(files, lang)
    tables["alternatives"] = alternatives_table(files, lang)
    tables["notes"] = notes_table(files, lang)
    main, ov, inp = provenance_tables(files, lang, generated)
    tables.update(provenance=main, overrides=ov, inputs=inp)
    return tables
