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
from chainmap.report.sourcing import link_sources


def _gap_summary(files: ResultFiles, code: str) -> dict[str, Any]:
    summary: dict[str, Any] = files.doc.get("gap_summaries", {}).get(code) or {}
    return summary


def _int_rank(crit: Any) -> Any:
    """The score rank as an integer (``pd.NA`` when unknown)."""
    if crit is None:
        return pd.NA
    r = num(crit["rank"])
    return round(r) if math.isfinite(r) else pd.NA


def link_local_share(files: ResultFiles, industry: str, supplier: str) -> float:
    """The one local share of a link: r_ij / a_ij of the chain diagnosis (NaN if unknown)."""
    gaps = files.gap_links.get(industry)
    if gaps is None or supplier not in gaps.index:
        return math.nan
    return num(gaps.at[supplier, "local_share"])


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
                t("col.score_rank", lang): _int_rank(crit),
                t("measure.output", lang, unit=u): num(files.measures.at[code, "output"]),
                t("measure.local_supporting_rate", lang): pct(gap.get("local_supporting_rate")),
                t("measure.chain_completeness", lang): pct(gap.get("chain_completeness")),
                t("col.leading_frequency", lang): _robust(files, code, "selected_frequency"),
                t("col.potential_frequency", lang): _robust(files, code, "potential_frequency"),
            }
        )
    df = pd.DataFrame(rows, index=pd.Index(files.chosen, dtype=object))
    df = df.astype({t("col.score_rank", lang): "Int64"}) if len(df) else df
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
                t("col.local_share_def", lang): pct(link_local_share(files, j, i)),
                t("col.covered_by", lang): t(f"covered.{link.get('by', 'fill')}", lang),
            }
        )
    idx = pd.MultiIndex.from_tuples(index) if index else pd.MultiIndex.from_arrays([[], []])
    df = pd.DataFrame(rows, index=idx, columns=None if rows else [])
    dec = {t("col.link_value", lang): 4, t("col.local_share_def", lang): 1}
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
    ]
    cols: dict[str, Any] = {t("measure.name", lang): [files.name(c, lang) for c in codes]}
    dec = {}
    for key, text, scale, digits in spec:
        cols[text] = [scale * num(_gap_summary(files, c).get(key)) for c in codes]
        dec[text] = digits
    fill = files.doc.get("chain_fill") or {}
    for key, i18n_key in (
        ("output_gain", "col.fill_output_gain_chain"),
        ("value_added_gain", "col.fill_va_gain_chain"),
    ):
        text = t(i18n_key, lang, unit=u)
        cols[text] = [num((fill.get(c) or {}).get(key)) for c in codes]
        dec[text] = 0
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
            t("col.local_share_def", lang): links["local_share"].astype(float).to_numpy() * 100,
            t("measure.import_dependence", lang): links["import_share"].astype(float).to_numpy()
            * 100,
            t("measure.gap_class", lang): [
                label(GAP_KEYS.get(str(g), ""), lang, str(g)) for g in links["gap_class"]
            ],
            t("measure.action", lang): [
                label(ACTION_KEYS[str(a)], lang) if str(a) in ACTION_KEYS else ""
                for a in links["action"]
            ],
            t("col.link_fill_gain", lang, unit=u): links["fill_output_gain"].astype(float),
        },
        index=pd.Index([str(c) for c in links.index], dtype=object),
    )
    dec = {t("col.link_fill_gain", lang, unit=u): 0}
    for key in ("measure.cost_share", "col.local_share_def", "measure.import_dependence"):
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
    """Top candidates side by side: role, rank, criterion scores, chain gaps, value of the
    chain to fill, output per 亿元 of demand, entry cost and chosen frequency."""
    codes = comparison_codes(files)
    crit = files.criteria.loc[codes]
    ranks = [round(float(r)) if math.isfinite(float(r)) else pd.NA for r in crit["rank"]]
    cols: dict[str, Any] = {
        t("measure.name", lang): [files.name(c, lang) for c in codes],
        t("measure.role", lang): [role_label(files, c, lang) or "—" for c in codes],
        t("col.score_rank", lang): pd.array(ranks, dtype="Int64"),
        t("measure.score", lang): crit["score"].astype(float).to_numpy(),
    }
    dec = {t("measure.score", lang): 3, t("col.score_rank", lang): 0}
    for key, i18n_key in CRITERION_KEYS.items():
        if f"score_{key}" in crit.columns:
            cols[t(i18n_key, lang)] = crit[f"score_{key}"].astype(float).to_numpy()
            dec[t(i18n_key, lang)] = 2
    lsr = t("measure.local_supporting_rate", lang)
    cols[lsr] = [pct(_gap_summary(files, c).get("local_supporting_rate")) for c in codes]
    nb = t("col.n_break", lang)
    cols[nb] = [num(_gap_summary(files, c).get("n_break")) for c in codes]
    value = t("col.chain_value", lang)
    links = files.links
    cols[value] = [
        float(links.loc[links["industry"] == c, "value"].sum())
        if links is not None and (links["industry"] == c).any()
        else math.nan
        for c in codes
    ]
    mult = t("col.output_per_yi", lang)
    cols[mult] = [
        num(files.measures.at[c, "output_multiplier"]) if c in files.measures.index else math.nan
        for c in codes
    ]
    freq = t("col.leading_frequency", lang)
    cols[freq] = [_robust(files, c, "selected_frequency") for c in codes]
    dec.update({lsr: 1, nb: 0, value: 2, mult: 2, freq: 1})
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
    tables["impacts"] = impacts_table(files, lang)
    tables["impacts_employment"] = impacts_table(files, lang, satellites=True)
    for code in files.chosen:
        if code in files.gap_links:
            mfg, svc = investment_tables(files, code, lang)
            tables[f"invest_{code}"] = mfg
            if len(svc):
                tables[f"invest_services_{code}"] = svc
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


#: First codes of the NBS 153-sector scheme: 001–011 agriculture and mining, 012–099
#: manufacturing, 100 on utilities, construction and services.
def sector_kind(code: str) -> str:
    """``mfg``, ``primary`` or ``service`` for a 3-digit NBS code (``mfg`` when unknown)."""
    c = code.removeprefix("imported:")
    if not (len(c) == 3 and c.isdigit()):
        return "mfg"
    n = int(c)
    return "primary" if n <= 11 else "mfg" if n <= 99 else "service"


def investment_tables(files: ResultFiles, code: str, lang: str) -> list[pd.DataFrame]:
    """Links of ``code`` to fill or strengthen, ranked by the value of filling: tradable
    manufacturing (and primary) links, then local services and utilities."""
    links = files.gap_links[code]
    todo = links[links["action"].astype(str).isin(["fill", "strengthen"])]
    todo = todo[~todo.index.isin([code])]
    todo = todo.sort_values("fill_output_gain", ascending=False, kind="stable")
    u = files.unit_label(lang)
    th = (_gap_summary(files, code).get("thresholds")) or {}
    out = []
    for kinds, key in ((("mfg", "primary"), "inv.table_mfg"), (("service",), "inv.table_svc")):
        part = todo[[sector_kind(str(c)) in kinds for c in todo.index]]
        origin = link_sources(files, part)
        if origin.other is not None and origin.abroad is not None:
            sources = {
                "col.source_other_provinces": origin.other.to_numpy() * 100,
                "col.source_abroad": origin.abroad.to_numpy() * 100,
            }
        else:
            sources = {"col.source_outside": origin.outside.to_numpy() * 100}
        df = pd.DataFrame(
            {
                t("col.supplier", lang): [files.name(str(c), lang) for c in part.index],
                t("col.kind", lang): [
                    t(f"inv.kind_{sector_kind(str(c))}", lang) for c in part.index
                ],
                t("measure.gap_class", lang): [
                    label(GAP_KEYS.get(str(g), ""), lang, str(g)) for g in part["gap_class"]
                ],
                t("measure.cost_share", lang): part["cost_share"].astype(float).to_numpy() * 100,
                t("col.local_share_def", lang): part["local_share"].astype(float).to_numpy() * 100,
                **{t(k, lang): v for k, v in sources.items()},
                t("col.link_fill_gain", lang, unit=u): part["fill_output_gain"].astype(float),
            },
            index=pd.Index([str(c) for c in part.index], dtype=object),
        )
        df.insert(0, t("col.rank", lang), list(range(1, len(df) + 1)))
        dec = {t("col.rank", lang): 0, t("col.link_fill_gain", lang, unit=u): 0}
        for k in ("measure.cost_share", "col.local_share_def", *sources):
            dec[t(k, lang)] = 1
        title = t(key, lang, name=files.name(code, lang))
        sheet = f"{t('section.investment', lang)} {code}{'' if key == 'inv.table_mfg' else 's'}"
        table = finish(df, title, sheet, dec, t("col.supplier_code", lang))
        table.attrs["thresholds"] = th
        out.append(table)
    return out


#: Money measures of ``impacts.csv``, in the order shown; other measures are satellites.
MONEY_IMPACTS = ("output", "va", "income", "tax")


def impacts_table(files: ResultFiles, lang: str, *, satellites: bool = False) -> pd.DataFrame:
    """Direct, indirect, induced and total effects of one 亿元 per pick and the portfolio.

    The money measures (亿元, three decimals), or with ``satellites`` the satellite
    measures such as employment (whole persons, their own table and sheet).
    """
    imp = files.impacts
    cols = ["direct", "indirect", "induced", "total"]
    heads = [t(f"col.{c}", lang) for c in cols]
    key = "imp.employment" if satellites else "imp"
    title, sheet = t(f"{key}.title", lang), t("section.impacts", lang)
    if satellites:
        sheet = t("imp.employment.sheet", lang)
    if imp is not None:
        money = imp["measure"].astype(str).isin(MONEY_IMPACTS)
        imp = imp[~money if satellites else money]
    if imp is None or not len(imp):
        df = pd.DataFrame(columns=[t("col.scope", lang), t("col.effect", lang), *heads])
        return finish(df, title, sheet, {}, "#")
    scope = [
        t("imp.portfolio", lang) if s == "portfolio" else files.name(str(c), lang)
        for s, c in zip(imp["scope"], imp["industry"], strict=True)
    ]
    measure = [label(f"imp.measure.{m}", lang, str(m)) for m in imp["measure"]]
    known = {"亿元": "unit.yi", "persons": "unit.persons"}
    units = [t(known[u], lang) if u in known else u for u in imp["unit"].astype(str)]
    df = pd.DataFrame(
        {
            t("col.scope", lang): scope,
            t("col.effect", lang): measure,
            **{h: imp[c].astype(float).to_numpy() for h, c in zip(heads, cols, strict=True)},
            t("col.unit", lang): units,
        },
        index=pd.RangeIndex(1, len(imp) + 1),
    )
    order = {m: i for i, m in enumerate(MONEY_IMPACTS)}
    df["_m"] = [order.get(str(m), 9) for m in imp["measure"]]
    df["_p"] = [1 if s == "portfolio" else 0 for s in imp["scope"]]
    df = df.sort_values(["_p", "_m"], kind="stable").drop(columns=["_m", "_p"])
    df.index = pd.RangeIndex(1, len(df) + 1)
    return finish(df, title, sheet, dict.fromkeys(heads, 0 if satellites else 3), "#")
