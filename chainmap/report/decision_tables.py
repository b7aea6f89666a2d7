"""The tables of the decision: the chosen industries, the links they cover, the objective,
the k-best alternatives and how often each industry was chosen under weight uncertainty.

Like every table of the report (:mod:`chainmap.report.tables`), each is a DataFrame
labelled in the report language whose ``attrs`` carry ``title``, ``sheet`` and ``decimals``.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from chainmap.i18n import t
from chainmap.report.files import ResultFiles
from chainmap.report.format import (
    GAP_KEYS,
    finish,
    gap_summary,
    label,
    names,
    num,
    pct,
    robust_share,
    role_label,
    spec_columns,
)


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


def decision_table(files: ResultFiles, lang: str) -> pd.DataFrame:
    """The chosen industries: role, score, rank, output, chain figures, robustness."""
    u = files.unit_label(lang)
    rows = []
    for code in files.chosen:
        crit = files.criteria.loc[code] if code in files.criteria.index else None
        gap = gap_summary(files, code)
        rows.append(
            {
                t("measure.name", lang): files.name(code, lang),
                t("measure.role", lang): role_label(files, code, lang),
                t("measure.score", lang): num(crit["score"]) if crit is not None else math.nan,
                t("col.score_rank", lang): _int_rank(crit),
                t("measure.output", lang, unit=u): num(files.measures.at[code, "output"]),
                t("measure.local_supporting_rate", lang): pct(gap.get("local_supporting_rate")),
                t("measure.chain_completeness", lang): pct(gap.get("chain_completeness")),
                t("col.leading_frequency", lang): robust_share(files, code, "selected_frequency"),
                t("col.potential_frequency", lang): robust_share(
                    files, code, "potential_frequency"
                ),
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
    index_names = [t("col.industry_code", lang), t("col.supplier_code", lang)]
    return finish(df, title, title, dec, index_names)


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
