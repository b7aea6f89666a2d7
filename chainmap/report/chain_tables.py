"""The tables of the industrial chains: chain figures, gap links and links to fill (招商).

For each chosen industry with a chain diagnosis: its chain figures, its non-minor input
links with their gap class and action, and the links to fill or strengthen ranked by the
value of filling, split into tradable manufacturing (and primary) links and local
services, with where each is supplied from today (:mod:`chainmap.report.sourcing`).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from chainmap.i18n import t
from chainmap.report.files import ResultFiles
from chainmap.report.format import ACTION_KEYS, GAP_KEYS, finish, gap_summary, label, num
from chainmap.report.sourcing import link_sources


def chains_table(files: ResultFiles, lang: str) -> pd.DataFrame:
    """Chain figures of every chosen industry with a diagnosis."""
    u = files.unit_label(lang)
    codes = [c for c in files.chosen if gap_summary(files, c)]
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
        cols[text] = [scale * num(gap_summary(files, c).get(key)) for c in codes]
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
    th = (gap_summary(files, code).get("thresholds")) or {}
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
