"""What the run's regionalisation actually did, in words (read from its provenance).

The executive summary's "observed vs assumed" box and the notes' city-table line state
how the city's local shares were made: a provincial table's observed shares scaled to the
city, the learned share model, or location quotients (FLQ with its δ, SLQ, CILQ). They
read ``provenance.regionalisation`` of ``result.json`` (method, parent and province
tables, observed and modelled inputs), falling back to the scenario settings for result
folders written before it existed.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from chainmap.i18n import t
from chainmap.report.files import ResultFiles
from chainmap.report.format import label

#: Registry ids of provincial tables: ``cn-prov-<year>-<province>``.
_PROVINCE_ID = re.compile(r"cn-prov-(\d{4})-(\S+)")
#: Methods that are location quotients (the others name the observed or learned shares).
LQ_METHODS = ("flq", "aflq", "slq", "cilq")


class ProvinceTable(NamedTuple):
    """A provincial table the run used: registry id, province (Chinese short name), year."""

    table_id: str
    province: str
    year: int


def regionalisation(files: ResultFiles) -> dict[str, Any]:
    """The run's regionalisation provenance (method, tables, observed and modelled inputs)."""
    recorded = (files.doc.get("provenance") or {}).get("regionalisation") or {}
    if recorded:
        return dict(recorded)
    province = files.setting("regionalization.province")
    return {
        "method": "province" if province else files.setting("regionalization.method", ""),
        "province_table": province,
        "delta": files.setting("regionalization.delta"),
    }


def province_table(files: ResultFiles) -> ProvinceTable | None:
    """The provincial table behind the local shares (or the parent itself), if any.

    Examples
    --------
    >>> from pathlib import Path
    >>> import pandas as pd
    >>> doc = {"provenance": {"regionalisation": {"province_table": "cn-prov-2017-浙江"}}}
    >>> empty = pd.DataFrame()
    >>> files = ResultFiles(Path("."), doc, empty, empty, empty, empty, None)
    >>> province_table(files)
    ProvinceTable(table_id='cn-prov-2017-浙江', province='浙江', year=2017)
    """
    parent = files.doc.get("parent_table") or {}
    for ident in (regionalisation(files).get("province_table"), parent.get("table_id")):
        m = _PROVINCE_ID.fullmatch(str(ident or ""))
        if m:
            return ProvinceTable(m.group(0), m.group(2), int(m.group(1)))
    return None


def place(province: str, lang: str) -> str:
    """A province's name in ``lang`` (浙江 → Zhejiang)."""
    return label(f"place.{province}", lang, province)


def parent_kind(files: ResultFiles, lang: str) -> str:
    """ "全国"/"national" for a national parent, else the parent province's name."""
    parent = files.doc.get("parent_table") or {}
    m = _PROVINCE_ID.fullmatch(str(parent.get("table_id") or ""))
    return place(m.group(2), lang) if m else t("brief.parent_national", lang)


def _products(regional: dict[str, Any]) -> str:
    """How many products the provincial shares cover, from the observed inputs (else "—")."""
    for text in regional.get("observed") or []:
        m = re.search(r"\((\d+) products", str(text))
        if m:
            return m.group(1)
    return "—"


def observed_extra(files: ResultFiles, lang: str) -> str:
    """The provincial trade flows the run observed, as a clause (empty without them)."""
    prov = province_table(files)
    regional = regionalisation(files)
    if prov is None or regional.get("method") != "province":
        return ""
    sep = "；" if lang == "zh" else "; "
    text = t(
        "brief.obs_province_data",
        lang,
        province=place(prov.province, lang),
        year=prov.year,
        x=_products(regional),
    )
    return sep + text


def regional_clause(files: ResultFiles, lang: str) -> str:
    """How the city's local shares were made, as one sentence."""
    regional = regionalisation(files)
    method = str(regional.get("method") or "")
    prov = province_table(files)
    if method == "province" and prov is not None:
        return t("brief.reg_province", lang, province=place(prov.province, lang), year=prov.year)
    if method == "learned":
        return t("brief.reg_learned", lang)
    delta = regional.get("delta")
    shown = ""
    if method in ("flq", "aflq") and delta is not None:
        shown = ("，" if lang == "zh" else ", ") + f"δ = {float(delta):g}"
    return t(
        "brief.reg_lq",
        lang,
        parent=parent_kind(files, lang),
        method=method.upper() or "LQ",
        delta=shown,
    )


def city_table_source(files: ResultFiles, lang: str) -> str:
    """What the city table is, in one phrase (for the notes' table list)."""
    regional = regionalisation(files)
    method = str(regional.get("method") or "")
    prov = province_table(files)
    parent = parent_kind(files, lang)
    if method == "province" and prov is not None:
        province = place(prov.province, lang)
        return t(
            "note.city_source_province", lang, parent=parent, province=province, year=prov.year
        )
    if method == "learned":
        return t("note.city_source_learned", lang, parent=parent)
    return t("note.city_source_lq", lang, parent=parent, method=method.upper() or "LQ")
