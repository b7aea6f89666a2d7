"""The tables behind the choice: linkage measures, the criteria and the candidate comparison.

The key-sector measures of the chosen industries (the quadrant) and of all of them, each
chosen industry's score split into the five criteria, the criterion weights and the
indicators behind them, and the top candidates side by side. Like every table of the
report (:mod:`chainmap.report.tables`), each is labelled in the report language and
carries ``title``, ``sheet`` and ``decimals`` in its ``attrs``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import pandas as pd

from chainmap.i18n import t
from chainmap.report.files import ResultFiles
from chainmap.report.format import (
    CRITERION_KEYS,
    N_COMPARED,
    finish,
    gap_summary,
    label,
    num,
    pct,
    robust_share,
    role_label,
    spec_columns,
)


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
    cols[lsr] = [pct(gap_summary(files, c).get("local_supporting_rate")) for c in codes]
    nb = t("col.n_break", lang)
    cols[nb] = [num(gap_summary(files, c).get("n_break")) for c in codes]
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
    cols[freq] = [robust_share(files, c, "selected_frequency") for c in codes]
    dec.update({lsr: 1, nb: 0, value: 2, mult: 2, freq: 1})
    df = pd.DataFrame(cols, index=pd.Index(codes, dtype=object))
    title = t("table.comparison", lang)
    return finish(df, title, title, dec, t("measure.code", lang))
