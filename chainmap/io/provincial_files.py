"""The official provincial and national workbooks under the data directory, with ids.

A file's province and year come from its name (``11-浙江``, ``浙江97``, ``china_1997``),
its folder (``2012/``) or its title cells; registry ids are ``cn-prov-<year>-<中文名>``
with the pinyin alias ``cn-prov-<year>-<pinyin>``. Kept outside :mod:`chainmap.io.readers`
(and free of numpy and pandas) because the registry lists these files without reading
them; :mod:`chainmap.io.readers.provincial` re-exports the names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = [
    "PROVINCE_PINYIN",
    "ProvincialFile",
    "list_provincial_files",
    "province_from_name",
    "year_from",
]

#: ASCII aliases of the 31 provinces and of the nation (used in registry ids).
PROVINCE_PINYIN: dict[str, str] = {
    "中国": "china",
    "北京": "beijing",
    "天津": "tianjin",
    "河北": "hebei",
    "山西": "shanxi",
    "内蒙古": "neimenggu",
    "辽宁": "liaoning",
    "吉林": "jilin",
    "黑龙江": "heilongjiang",
    "上海": "shanghai",
    "江苏": "jiangsu",
    "浙江": "zhejiang",
    "安徽": "anhui",
    "福建": "fujian",
    "江西": "jiangxi",
    "山东": "shandong",
    "河南": "henan",
    "湖北": "hubei",
    "湖南": "hunan",
    "广东": "guangdong",
    "广西": "guangxi",
    "海南": "hainan",
    "重庆": "chongqing",
    "四川": "sichuan",
    "贵州": "guizhou",
    "云南": "yunnan",
    "西藏": "xizang",
    "陕西": "shaanxi",
    "甘肃": "gansu",
    "青海": "qinghai",
    "宁夏": "ningxia",
    "新疆": "xinjiang",
}


@dataclass(frozen=True)
class ProvincialFile:
    """One entry of :func:`list_provincial_files`."""

    id: str
    alias: str
    province: str
    year: int
    path: Path


def province_from_name(stem: str) -> str:
    """``11-浙江`` / ``11浙江`` / ``浙江97`` / ``0中国`` / ``china_1997`` → Chinese name."""
    if stem.lower().startswith("china"):
        return "中国"
    name = re.sub(r"[\d\-_ .]", "", stem)
    for prov in PROVINCE_PINYIN:
        if name.startswith(prov):
            return prov
    return name


def year_from(path: Path, rows: list[list[Any]]) -> int | None:
    """Table year from the folder or file name, the title cells, or a ``97`` suffix."""
    for part in (path.parent.name, path.stem):
        m = re.search(r"(19|20)\d\d", part)
        if m:
            return int(m.group(0))
    for r in rows[:3]:
        for c in r[:3]:
            m = re.search(r"(19|20)\d\d", str(c))
            if m:
                return int(m.group(0))
    if re.search(r"97$", path.stem):
        return 1997
    return None


def list_provincial_files(data_dir: str | Path) -> list[ProvincialFile]:
    """List the workbooks of ``china-provinces/`` (or the data root) with registry ids.

    Parameters
    ----------
    data_dir : path
        Either ``.../china-provinces`` (year folders) or the shared data root, in
        which case ``china-provinces/`` and ``china-nbs-history/`` are both listed.

    Returns
    -------
    list of ProvincialFile
        Ids ``cn-prov-<year>-<中文名>`` with alias ``cn-prov-<year>-<pinyin>``; the
        national tables get ``cn-prov-<year>-中国`` / ``...-china`` when they sit
        among the provincial files and ``cn-nbs-<year>-中国`` / ``cn-nbs-<year>-china``
        for ``china-nbs-history/``.
    """
    root = Path(data_dir)
    dirs: list[tuple[str, Path]] = []
    if (root / "china-provinces").is_dir():
        dirs.append(("cn-prov", root / "china-provinces"))
        if (root / "china-nbs-history").is_dir():
            dirs.append(("cn-nbs", root / "china-nbs-history"))
    elif root.name == "china-nbs-history":
        dirs.append(("cn-nbs", root))
    else:
        dirs.append(("cn-prov", root))
    out: list[ProvincialFile] = []
    for prefix, d in dirs:
        for p in sorted(d.rglob("*")):
            if p.suffix.lower() not in (".xls", ".xlsx") or p.name.startswith("~$"):
                continue
            prov = province_from_name(p.stem)
            year = year_from(p, [])
            if year is None:
                continue
            alias = PROVINCE_PINYIN.get(prov, re.sub(r"[^a-z0-9]", "", prov.lower()) or "x")
            out.append(
                ProvincialFile(f"{prefix}-{year}-{prov}", f"{prefix}-{year}-{alias}", prov, year, p)
            )
    return sorted(out, key=lambda e: (e.id.startswith("cn-nbs"), e.year, e.id))
