"""Write a scenario result as machine-readable files (JSON and CSV), atomically.

Layout of a result folder (the report reads only these files):

``result.json``
    provenance (version, scenario with overrides, input hashes, solver, status,
    timings), the decision (leading, potential, filled links, objective terms, binding
    constraints), alternatives, infeasibility diagnosis, exact group effect, city
    coverage (covered/filled/absent sectors), criteria weights and notes.
``timings.json``   wall-clock seconds per step (the only file that differs between runs).
``measures.csv``   every linkage measure and multiplier of the city table.
``criteria.csv``   five-criteria indicators, scores, contributions and roles.
``links.csv``      the chain links the selection valued, which were covered, and how
                   (``covered_by``: "fill", or "leading" when the supplier leads itself).
``sectors.csv``    code, Chinese and English name of every sector of the parent table
                   (a superset of the city's) and whether the city has it.
``gaps/<code>_links.csv``, ``gaps/<code>_downstream.csv``, ``gaps/<code>.json``
                   chain-gap diagnosis of every shortlisted industry, and of every
                   chosen (leading or potential) one outside the shortlist (listed in
                   ``result.json["report_only_gaps"]``: diagnosed for the report, their
                   links not valued in the selection). When a provincial table was read
                   (``regionalization.province`` or a provincial parent), the links
                   also carry ``source_other_provinces`` and ``source_abroad``: the part
                   of each link's need bought from other provinces and from abroad today
                   (:func:`chainmap.gaps.sourcing.calc_gap_link_origins`).
``gaps/<code>_chain_zh.svg``, ``gaps/<code>_chain_en.svg``
                   chain map of every chosen industry, nodes coloured by gap class
                   (drawn on the parent table, which shows every link it needs).
``alternatives.csv`` the k-best portfolios.
``robustness.csv`` selection frequency and rank interval under weight uncertainty, and
                  the share of parameter variants choosing each industry as leading:
                  ``chosen_share_<family>`` (regionalization, stages, policy,
                  growth_window),
                  ``chosen_share_parameters`` (all variants), ``chosen_share_overall``
                  (mean over families, the weight draws one of them); ``result.json``
                  ``robustness`` has the summary line and every variant's choice.
``impacts.csv``    direct / indirect / induced effects of one 亿元 of final demand for each
                   chosen industry and for the portfolio (:mod:`chainmap.scenario.impacts`).
``manifest.json``  written last: every file above but ``timings.json`` with its sha256;
                   ``chainmap report`` refuses a folder whose files are missing or changed.

Every file is complete or absent: files are written to temporary names and renamed;
the folder itself is built beside the target and renamed into place, so an interrupted
run never leaves a half-written result. Every file but ``timings.json`` is identical
for identical inputs.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import pandas as pd

from chainmap.gaps.diagnosis import gaps_to_json
from chainmap.gaps.sourcing import calc_gap_link_origins
from chainmap.io.atomic import claim
from chainmap.scenario.chain_maps import chain_svg
from chainmap.scenario.document import (
    BACKTEST_SUMMARY,
    backtest_evidence,
    chosen_codes,
    report_diagnoses,
    result_document,
    sector_name,
)
from chainmap.scenario.employment import attach_employment
from chainmap.scenario.impacts import calc_impacts
from chainmap.scenario.manifest import check_target, read_result, verify_manifest, write_manifest
from chainmap.scenario.reading import scenario_year
from chainmap.scenario.runner import ScenarioResult

# Names other packages import from here (the result folder's one entry point).
__all__ = [
    "BACKTEST_SUMMARY",
    "backtest_evidence",
    "read_result",
    "result_document",
    "verify_manifest",
    "write_manifest",
    "write_results",
]

ALTERNATIVE_COLUMNS = [
    "rank",
    "leading",
    "potential",
    "objective",
    "objective_gap",
    "leading_in",
    "leading_out",
]


def _csv(frame: pd.DataFrame, path: Path, *, index: bool = True) -> None:
    """UTF-8 CSV with Unix line ends (identical bytes on every platform)."""
    frame.to_csv(path, index=index, lineterminator="\n", encoding="utf-8")


def _links_frame(result: ScenarioResult) -> pd.DataFrame:
    """links.csv: the valued links, whether the decision covers them and by what."""
    links = result.selection_inputs.links
    if links is None:
        return pd.DataFrame(
            columns=["industry", "supplier", "value", "rpc", "covered", "covered_by"]
        )
    by = {(lf.industry, lf.supplier): lf.by for lf in result.selection.links}
    frame = links.copy()
    pairs = list(zip(frame["industry"], frame["supplier"], strict=True))
    frame["covered"] = [pair in by for pair in pairs]
    frame["covered_by"] = [by.get(pair, "") for pair in pairs]
    frame["industry_name_zh"] = [sector_name(result.city, c, "zh") for c in frame["industry"]]
    frame["supplier_name_zh"] = [sector_name(result.city, c, "zh") for c in frame["supplier"]]
    return frame


def _sectors_frame(result: ScenarioResult) -> pd.DataFrame:
    """Every sector of the parent (the city's are a subset) with names and city presence."""
    city = {str(c) for c in result.city.codes}
    parent = [str(c) for c in result.parent.codes]
    codes = parent + sorted(city - set(parent))
    table = dict.fromkeys(parent, result.parent) | dict.fromkeys(codes[len(parent) :], result.city)
    return pd.DataFrame(
        {
            "name_zh": [sector_name(table[c], c, "zh") for c in codes],
            "name_en": [sector_name(table[c], c, "en") for c in codes],
            "in_city": [c in city for c in codes],
        },
        index=pd.Index(codes, name="code"),
    )


def write_results(result: ScenarioResult, out_dir: str | Path, *, force: bool = False) -> Path:
    """Write every result file into ``out_dir`` (see the module docstring).

    The files are written into a staging folder beside ``out_dir``, which is renamed
    into place once complete (the old folder, with ``force``, only then removed).

    Raises
    ------
    ChainmapError
        ``out_dir`` exists and is not empty, unless ``force``.
    """
    target = Path(out_dir)
    check_target(target, force)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        _write_files(result, staging)
        write_manifest(staging)
        for path in staging.rglob("*"):
            if path.is_file():
                path.chmod(0o644)
        staging.chmod(0o755)
        _publish(staging, target, force)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return target


def _write_files(result: ScenarioResult, folder: Path) -> None:
    """Every file of the result folder but the manifest."""
    # timings vary run to run: kept out of result.json so identical inputs give
    # byte-identical result files
    diagnoses = report_diagnoses(result)
    doc = result_document(result, timings=False, diagnoses=diagnoses)
    picks = chosen_codes(result)
    impacts, doc["employment"] = _impacts(result, picks)
    doc["provenance"]["timings_file"] = "timings.json"
    (folder / "result.json").write_text(
        json.dumps(doc, ensure_ascii=False, indent=1, allow_nan=False) + "\n",
        encoding="utf-8",
    )
    timings = {k: round(v, 4) for k, v in result.timings.items()}
    (folder / "timings.json").write_text(json.dumps(timings, indent=1) + "\n", "utf-8")
    _csv(result.measures, folder / "measures.csv", index=False)
    _csv(_sectors_frame(result), folder / "sectors.csv")
    _csv(result.criteria.to_frame(), folder / "criteria.csv")
    _csv(_links_frame(result), folder / "links.csv", index=False)
    _write_gaps(result, diagnoses, folder / "gaps")
    _csv(_alternatives_frame(doc["alternatives"]), folder / "alternatives.csv", index=False)
    if impacts is not None:
        _csv(impacts, folder / "impacts.csv", index=False)
    if result.robustness is not None:
        _csv(result.robustness.table, folder / "robustness.csv")


def _impacts(
    result: ScenarioResult, picks: list[str]
) -> tuple[pd.DataFrame | None, dict[str, Any] | None]:
    """``impacts.csv`` of the picks, with the employment satellite where one can be built
    (:mod:`chainmap.scenario.employment`), and that satellite's basis for the report."""
    if not picks:
        return None, None
    parent = result.parent if result.parent is not result.city else None
    year = scenario_year(result.scenario, result.parent.meta.year)
    city, parent, basis = attach_employment(result.city, parent, year)
    return calc_impacts(city, picks, parent=parent), basis


def _write_gaps(result: ScenarioResult, diagnoses: dict[str, Any], folder: Path) -> None:
    """Every diagnosis as CSV and JSON, and the chain maps of the chosen industries (SVG)."""
    folder.mkdir()
    for code, diagnosis in diagnoses.items():
        if result.origins is not None:
            origins = calc_gap_link_origins(diagnosis.links, result.origins)
            links = diagnosis.links.assign(**{str(c): origins[c].to_numpy() for c in origins})
            diagnosis = replace(diagnosis, links=links)
        _csv(diagnosis.links, folder / f"{code}_links.csv")
        _csv(diagnosis.downstream, folder / f"{code}_downstream.csv")
        (folder / f"{code}.json").write_text(gaps_to_json(diagnosis) + "\n", "utf-8")
    for code in chosen_codes(result):
        if code in diagnoses:  # SVG only: drawing PNGs would slow every run down
            for lang in ("zh", "en"):
                svg = chain_svg(result, diagnoses[code], lang)
                (folder / f"{code}_chain_{lang}.svg").write_text(svg, "utf-8")


def _alternatives_frame(alternatives: list[dict[str, Any]]) -> pd.DataFrame:
    """alternatives.csv: one row per runner-up, code lists joined by spaces."""
    rows = [
        {
            "rank": a["rank"],
            "leading": " ".join(a["leading"]),
            "potential": " ".join(a["potential"]),
            "objective": a["objective"],
            "objective_gap": a["objective_gap"],
            "leading_in": " ".join(a["leading_in"]),
            "leading_out": " ".join(a["leading_out"]),
        }
        for a in alternatives
    ]
    return pd.DataFrame(rows, columns=ALTERNATIVE_COLUMNS)


def _publish(staging: Path, target: Path, force: bool) -> None:
    """Rename the complete staging folder to ``target`` (replacing it only with ``force``)."""
    with claim(target):
        check_target(target, force)  # again, under the lock: another run may have won
        if target.exists():
            backup = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=target.parent))
            target.rename(backup / target.name)
            staging.rename(target)
            shutil.rmtree(backup)
        else:
            staging.rename(target)
