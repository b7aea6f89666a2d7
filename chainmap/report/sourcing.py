"""Where each link to fill is supplied from today, for the 招商 view.

When the run used a provincial table (``regionalization.province``, or a provincial
parent), its gross inflows from other provinces and imports from abroad split the part
of each link bought outside the city (:mod:`chainmap.gaps.sourcing`). The table is the
very file the run read: its path and SHA-256 are in the result's recorded inputs, and a
file whose hash differs is not used. With a national parent, or when the provincial
file is not at hand, only "bought outside the city" is shown and the note says why.
"""

from __future__ import annotations

import hashlib
import logging
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from chainmap.city.from_province import read_concordance_42_153
from chainmap.gaps.sourcing import calc_link_sources, calc_province_sources, sources_at_codes
from chainmap.i18n import t
from chainmap.io.readers.provincial import read_provincial_table
from chainmap.report.files import ResultFiles
from chainmap.report.regional import ProvinceTable, place, province_table

logger = logging.getLogger(__name__)


class LinkSources(NamedTuple):
    """Parts of each link's need (fractions) by origin; ``other``/``abroad`` None if unknown."""

    outside: pd.Series  # bought outside the city, 1 − local share
    other: pd.Series | None  # from other provinces
    abroad: pd.Series | None  # from abroad


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _recorded_file(files: ResultFiles, prov: ProvinceTable) -> Path | None:
    """The provincial workbook the run read (by its recorded path and hash), if present."""
    prov_doc = files.doc.get("provenance") or {}
    inputs: dict[str, str] = dict(prov_doc.get("input_sha256") or {})
    parent = files.doc.get("parent_table") or {}
    if parent.get("table_id") == prov.table_id and parent.get("path"):
        inputs.setdefault(str(parent["path"]), str(parent.get("sha256") or ""))
    for name, sha in inputs.items():
        path = Path(name)
        if path.suffix not in (".xls", ".xlsx") or prov.province not in path.name:
            continue
        if str(prov.year) not in str(path) or not path.is_file():
            continue
        if sha and _sha256(path) != sha:
            logger.warning("%s changed since the run: supply origins not shown", path)
            return None
        return path
    return None


@lru_cache(maxsize=8)
def _province_sources(path: Path) -> pd.DataFrame:
    """The province's shares from other provinces and abroad (cached: workbooks are slow)."""
    return calc_province_sources(read_provincial_table(path))


def province_sources(files: ResultFiles) -> tuple[ProvinceTable, pd.DataFrame] | None:
    """The provincial table of the run and its shares by product, or None."""
    prov = province_table(files)
    if prov is None:
        return None
    path = _recorded_file(files, prov)
    if path is None:
        return None
    sources = _province_sources(path)
    if sources.isna().all().all():
        return None
    return prov, sources


def link_sources(files: ResultFiles, links: pd.DataFrame) -> LinkSources:
    """Origins of the supply of each link of a chain (rows of a gap-link table)."""
    share = links["local_share"].astype(float).clip(0.0, 1.0)
    outside = 1.0 - share
    found = province_sources(files)
    if found is None:
        return LinkSources(outside, None, None)
    _, sources = found
    codes = [str(c) for c in links.index]
    at = sources_at_codes(sources, read_concordance_42_153(), codes)
    other, abroad = calc_link_sources(
        np.asarray(share, dtype=np.float64),
        at["other_provinces"].to_numpy(dtype=float),
        at["abroad"].to_numpy(dtype=float),
    )
    return LinkSources(
        outside, pd.Series(other, index=links.index), pd.Series(abroad, index=links.index)
    )


def sources_note(files: ResultFiles, lang: str) -> str:
    """What the origin columns of the 招商 tables mean for this run, and their limits."""
    found = province_sources(files)
    if found is not None:
        used, _ = found
        return t("inv.sources_province", lang, province=place(used.province, lang), year=used.year)
    prov = province_table(files)
    if prov is not None:
        return t("inv.sources_unavailable", lang, table=prov.table_id)
    return t("inv.sources_national", lang)
