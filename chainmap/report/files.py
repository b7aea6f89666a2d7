"""The files of a result folder, as the report reads them (:class:`ResultFiles`).

:func:`load_result_files` reads only the files of a result folder (see
:mod:`chainmap.scenario.results`); :mod:`chainmap.report.write` turns them into the report.
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from chainmap.errors import ChainmapError
from chainmap.i18n import check_language, keys, t
from chainmap.scenario.manifest import read_result, verify_manifest

__all__ = [
    "DEFAULT_FORMATS",
    "REPORT_FORMATS",
    "ResultFiles",
    "load_result_files",
    "report_title",
]

#: Every format :func:`write_report` can write, and the default selection.
REPORT_FORMATS: tuple[str, ...] = ("html", "xlsx", "md", "pdf")
DEFAULT_FORMATS: tuple[str, ...] = ("html", "xlsx", "md")


@dataclass(frozen=True)
class ResultFiles:
    """The content of a result folder, as the report needs it (codes are strings)."""

    folder: Path
    doc: dict[str, Any]
    sectors: pd.DataFrame  # index code; name_zh, name_en
    measures: pd.DataFrame  # index code
    criteria: pd.DataFrame  # index code
    alternatives: pd.DataFrame
    robustness: pd.DataFrame | None
    gap_links: dict[str, pd.DataFrame] = field(default_factory=dict)  # code -> links
    chains: dict[tuple[str, str], str] = field(default_factory=dict)  # (code, lang) -> SVG
    timings: dict[str, float] = field(default_factory=dict)  # step -> seconds
    impacts: pd.DataFrame | None = None  # impacts.csv (absent in older results)
    links: pd.DataFrame | None = None  # links.csv: the chain links the selection valued

    @property
    def selection(self) -> dict[str, Any]:
        """The decision block of ``result.json``."""
        sel: dict[str, Any] = self.doc.get("selection") or {}
        return sel

    @property
    def leading(self) -> list[str]:
        """Chosen leading industries."""
        return [str(c) for c in self.selection.get("leading", [])]

    @property
    def potential(self) -> list[str]:
        """Potential leading industries to cultivate."""
        return [str(c) for c in self.selection.get("potential", [])]

    @property
    def chosen(self) -> list[str]:
        """Leading then potential industries."""
        return list(dict.fromkeys(self.leading + self.potential))

    @property
    def fills(self) -> dict[str, list[str]]:
        """Filled supplier → the leading industries it serves (links a leading supplier
        covers itself, ``by: leading``, are not fills)."""
        served: dict[str, list[str]] = {}
        for link in self.selection.get("links", []):
            if link.get("by", "fill") == "fill":
                served.setdefault(str(link["supplier"]), []).append(str(link["industry"]))
        return served

    @property
    def unit(self) -> str:
        """Money unit of the city table, as recorded (e.g. 万元)."""
        return str(self.doc.get("table", {}).get("unit") or "")

    def unit_label(self, lang: str) -> str:
        """The unit in ``lang`` (万元 → "10,000 yuan" in English; unknown units as they are)."""
        return unit_label(self.unit, lang)

    @property
    def illustrative(self) -> bool:
        """Whether the data are the illustrative economy (not statistics)."""
        return bool(self.doc.get("illustrative"))

    def setting(self, dotted: str, default: Any = None) -> Any:
        """A scenario setting recorded in the provenance, e.g. ``"selection.budget"``."""
        node: Any = self.doc.get("provenance", {}).get("scenario", {}).get("settings", {})
        for part in dotted.split("."):
            if not isinstance(node, dict) or part not in node:
                return default
            node = node[part]
        return node

    def name(self, code: str, lang: str) -> str:
        """Sector name in ``lang`` (the code itself when unknown)."""
        col = f"name_{lang}"
        if code in self.sectors.index and col in self.sectors.columns:
            value = self.sectors.at[code, col]
            if isinstance(value, str) and value:
                return value
        return code

    def label(self, code: str, lang: str) -> str:
        """``"code name"`` (the code alone when the name is unknown)."""
        name = self.name(code, lang)
        return code if name == code else f"{code} {name}"


def unit_label(unit: str, lang: str) -> str:
    """A unit in ``lang``: the built-in ``unit.*`` string whose Chinese text is ``unit``.

    Examples
    --------
    >>> unit_label("万元", "en"), unit_label("万元", "zh"), unit_label("EUR million", "en")
    ('10,000 yuan', '万元', 'EUR million')
    """
    for key in keys("unit."):
        if t(key, "zh") == unit or t(key, "en") == unit:
            return t(key, lang)
    return unit


def _read_csv(
    path: Path,
    codes: Sequence[str],
    *,
    index: str | None = None,
    required: Sequence[str] = (),
) -> pd.DataFrame:
    """A result CSV with code columns kept as text ("001" stays "001").

    Raises
    ------
    ChainmapError
        Unreadable file, or a required column missing (names the file and the column).
    """
    try:
        frame = pd.read_csv(
            io.StringIO(path.read_bytes().decode("utf-8")),
            dtype=dict.fromkeys(codes, str),
            keep_default_na=True,
        )
    except (ValueError, pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        first = str(err).strip().splitlines()[0][:120] if str(err).strip() else type(err).__name__
        msg = f"{path}: damaged result file ({first}); re-run the scenario"
        raise ChainmapError(msg) from None
    lacking = [c for c in (*([index] if index else []), *required) if c not in frame.columns]
    if lacking:
        msg = f"{path}: damaged result file (no column {', '.join(map(repr, lacking))})"
        raise ChainmapError(msg)
    if index is not None:
        frame = frame.set_index(index)
        frame.index = frame.index.astype(str)
    return frame


def load_result_files(result_dir: str | Path) -> ResultFiles:
    """Read a result folder written by :func:`chainmap.scenario.results.write_results`.

    Raises
    ------
    ChainmapError
        The folder is not a result folder, or a file the report needs is missing.
    """
    folder = Path(result_dir)
    doc = read_result(folder)
    verify_manifest(folder)
    for name in ("measures.csv", "criteria.csv"):
        if not (folder / name).exists():
            msg = f"{folder}: {name} is missing; re-run the scenario with `chainmap run`"
            raise ChainmapError(msg)
    measures = _read_csv(folder / "measures.csv", ["code"], index="code")
    criteria = _read_csv(
        folder / "criteria.csv", ["industry"], index="industry", required=["score"]
    )
    if (folder / "sectors.csv").exists():
        sectors = _read_csv(folder / "sectors.csv", ["code"], index="code")
    else:  # results of an older version: Chinese names only
        sectors = pd.DataFrame({"name_zh": measures["name"], "name_en": measures["name"]})
    alt_path = folder / "alternatives.csv"
    alt_cols = ["leading", "potential", "leading_in", "leading_out"]
    alternatives = (
        _read_csv(alt_path, alt_cols)
        if alt_path.exists() and alt_path.stat().st_size > 1
        else pd.DataFrame()
    )
    rob_path = folder / "robustness.csv"
    robustness = _read_csv(rob_path, ["industry"], index="industry") if rob_path.exists() else None
    gap_links: dict[str, pd.DataFrame] = {}
    chains: dict[tuple[str, str], str] = {}
    for code in doc.get("gap_summaries", {}):
        path = folder / "gaps" / f"{code}_links.csv"
        if path.exists():
            gap_links[code] = _read_csv(path, ["supplier"], index="supplier")
        for lang in ("zh", "en"):
            svg = folder / "gaps" / f"{code}_chain_{lang}.svg"
            if svg.exists():
                chains[(code, lang)] = svg.read_text(encoding="utf-8")
    timings = dict(doc.get("provenance", {}).get("timings_s") or {})
    if (folder / "timings.json").exists():
        try:
            timings = json.loads((folder / "timings.json").read_text(encoding="utf-8"))
            timings = {str(k): float(v) for k, v in dict(timings).items()}
        except (ValueError, TypeError):
            timings = {}  # run-time figures only: a damaged file is not worth a refusal
    imp_path, links_path = folder / "impacts.csv", folder / "links.csv"
    impacts = _read_csv(imp_path, ["industry"]) if imp_path.exists() else None
    links = _read_csv(links_path, ["industry", "supplier"]) if links_path.exists() else None
    return ResultFiles(
        folder,
        doc,
        sectors,
        measures,
        criteria,
        alternatives,
        robustness,
        gap_links,
        chains,
        {str(k): float(v) for k, v in timings.items()},
        impacts,
        links,
    )


def report_language(files: ResultFiles, lang: str | None) -> str:
    """``lang``, else the scenario's ``report.lang``, else Chinese."""
    chosen = lang or str(files.setting("report.lang", "zh") or "zh")
    return check_language(chosen)


def report_title(files: ResultFiles, lang: str) -> str:
    """Title of the report; says so when the data are illustrative, not statistics."""
    scenario = files.doc.get("scenario", {})
    city = scenario.get("city_en" if lang == "en" else "city") or scenario.get("city")
    title = t("report.title_city", lang, city=city) if city else t("report.title", lang)
    if files.illustrative:
        title = f"{title} · {t('report.illustrative', lang)}"
    return title


def dumps(value: Any) -> str:
    """Compact JSON text of a setting value (for tables of overrides)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
