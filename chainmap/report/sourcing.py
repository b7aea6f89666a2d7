"""Where each link to fill is supplied from today, for the 招商 view.

When the run read a provincial table (``regionalization.province``, or a provincial
parent), it wrote the part of each link bought from other provinces and from abroad
into the result: columns ``source_other_provinces`` and ``source_abroad`` of
``gaps/<code>_links.csv`` (:func:`chainmap.gaps.sourcing.calc_gap_link_origins`). The
report reads them from the result folder only, so the split travels with the folder and
needs no data directory. With a national parent the columns are absent and only
"bought outside the city" is shown, the note saying why.
"""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd

from chainmap.gaps.sourcing import ORIGIN_COLUMNS
from chainmap.i18n import t
from chainmap.report.files import ResultFiles
from chainmap.report.regional import place, province_table, regionalisation

OTHER, ABROAD = ORIGIN_COLUMNS


class LinkSources(NamedTuple):
    """Parts of each link's need (fractions) by origin; ``other``/``abroad`` None if unknown."""

    outside: pd.Series  # bought outside the city, 1 − local share
    other: pd.Series | None  # from other provinces
    abroad: pd.Series | None  # from abroad


def has_origins(links: pd.DataFrame) -> bool:
    """Whether a gap-link table carries the run's supply origins (both columns, some values)."""
    return all(c in links.columns for c in ORIGIN_COLUMNS) and bool(
        links[list(ORIGIN_COLUMNS)].notna().any().any()
    )


def origins_in_result(files: ResultFiles) -> bool:
    """Whether the result folder carries supply origins for any diagnosed chain."""
    return any(has_origins(links) for links in files.gap_links.values())


def link_sources(files: ResultFiles, links: pd.DataFrame) -> LinkSources:
    """Origins of the supply of each link of a chain (rows of a gap-link table)."""
    share = links["local_share"].astype(float).clip(0.0, 1.0)
    outside = 1.0 - share
    if not origins_in_result(files) or not all(c in links.columns for c in ORIGIN_COLUMNS):
        return LinkSources(outside, None, None)
    return LinkSources(outside, links[OTHER].astype(float), links[ABROAD].astype(float))


def sources_note(files: ResultFiles, lang: str) -> str:
    """What the origin columns of the 招商 tables mean for this run, and their limits."""
    prov = province_table(files)
    if origins_in_result(files):
        if prov is not None:
            province = place(prov.province, lang)
            return t("inv.sources_province", lang, province=province, year=prov.year)
        table = regionalisation(files).get("province_table") or "—"
        return t("inv.sources_province_file", lang, table=table)
    if prov is not None:
        return t("inv.sources_unavailable", lang, table=prov.table_id)
    return t("inv.sources_national", lang)
