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
                   links not valued in the selection).
``gaps/<code>_chain_zh.svg``, ``gaps/<code>_chain_en.svg``
                   chain map of every chosen industry, nodes coloured by gap class
                   (drawn on the parent table, which shows every link it needs).
``alternatives.csv`` the k-best portfolios.
``robustness.csv`` selection frequency and rank interval under weight uncertainty, and
                  the share of parameter variants choosing each industry as leading:
                  ``chosen_share_<family>`` (regionalization, stages, policy),
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

import hashlib
import json
import math
import shutil
import tempfile
import threading
import weakref
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from chainmap.draw.chain_drawing import NodeClass, render_chain_svg
from chainmap.errors import ChainmapError
from chainmap.gaps.diagnosis import (
    GAP_STYLES,
    diagnose_gaps,
    gap_node_classes,
    gaps_to_json,
)
from chainmap.graph.chain import chain_map
from chainmap.i18n import t
from chainmap.io.atomic import claim
from chainmap.io.registry import PROJECT_ROOT
from chainmap.scenario.employment import attach_employment
from chainmap.scenario.impacts import calc_impacts
from chainmap.scenario.runner import ScenarioResult, gap_thresholds, scenario_year

#: The shipped summary of the provincial backtest (``chainmap backtest``).
BACKTEST_SUMMARY = PROJECT_ROOT / "io_tables" / "backtest_summary.json"

MANIFEST = "manifest.json"
#: Files of a result folder not listed in the manifest (they differ from run to run).
UNLISTED = frozenset({MANIFEST, "timings.json"})
ALTERNATIVE_COLUMNS = [
    "rank",
    "leading",
    "potential",
    "objective",
    "objective_gap",
    "leading_in",
    "leading_out",
]


def _clean(value: Any) -> Any:
    """JSON-safe copy: numpy scalars to Python, NaN/inf to None, tuples to lists."""
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    if isinstance(value, np.bool_ | bool):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        f = float(value)
        return f if math.isfinite(f) else None
    if isinstance(value, Path):
        return str(value)
    return value


def _name(table: Any, code: str, lang: str) -> str:
    try:
        return str(table.label(code, lang))
    except KeyError:
        return code


def chosen_codes(result: ScenarioResult) -> list[str]:
    """Leading then potential industries of the selection (empty when there is none)."""
    sel = result.selection
    if sel is None:
        return []
    return list(dict.fromkeys([*sel.leading, *sel.potential]))


def report_diagnoses(result: ScenarioResult) -> dict[str, Any]:
    """Gap diagnoses of the shortlist plus every chosen industry outside it, by code.

    The selection values the chains of the shortlist only, yet a chosen industry may lie
    outside it (chosen on its score); the report still shows its chain, so it is
    diagnosed here with the scenario's thresholds (one diagnosis, no effect on the choice).
    """
    out = dict(result.gaps)
    missing = [c for c in chosen_codes(result) if c not in out]
    if missing:
        thresholds = gap_thresholds(result.scenario)
        parent = result.parent if result.parent is not result.city else None
        for code in missing:
            out[code] = diagnose_gaps(result.city, code, parent=parent, thresholds=thresholds)
    return dict(sorted(out.items()))


def chain_fill_gain(city: Any, diagnosis: Any) -> dict[str, Any]:
    """Output and value added gained if the chain's own break/weak/choke links rose to the
    fill target for this industry only (its column of A; import substitution, no capacity
    or time limits: an upper bound). One rank-1 update, so nothing is counted twice:
    ``Δx = L δ x_j / (1 − (L δ)_j)``. Products the city does not make are left out."""
    links = diagnosis.links
    target = float(diagnosis.summary.get("fill_target", 0.5))
    codes = [str(c) for c in city.codes]
    pos = {c: i for i, c in enumerate(codes)}
    todo = links[links["action"].isin(["fill", "strengthen"])]
    delta = np.zeros(city.n)
    used = 0
    for sup, row in todo.iterrows():
        if str(sup) in pos and str(sup) not in diagnosis.sector:
            gap = target * float(row["need"]) - float(row["local_coefficient"])
            if gap > 0:
                delta[pos[str(sup)]] += gap
                used += 1
    x = city.x
    group = [pos[c] for c in diagnosis.sector if c in pos]
    if not used or not group:
        return {"output_gain": 0.0, "value_added_gain": 0.0, "n_links": 0, "fill_target": target}
    j = max(group, key=lambda k: x[k])
    xj = float(sum(x[k] for k in group))
    l_delta = city.l @ delta
    den = 1.0 - float(l_delta[j])
    dx = l_delta * xj / den if den > 0 else np.full(city.n, np.nan)
    va = city.total_value_added.reindex(city.codes).to_numpy(float) / np.where(x > 0, x, 1.0)
    return {
        "output_gain": float(dx.sum()),
        "value_added_gain": float(va @ dx),
        "n_links": used,
        "fill_target": target,
        "industry_output": xj,
    }


def result_document(
    result: ScenarioResult,
    *,
    timings: bool = True,
    diagnoses: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The content of ``result.json`` (``diagnoses``: :func:`report_diagnoses`, if known)."""
    if diagnoses is None:
        diagnoses = report_diagnoses(result)
    sel = result.selection
    city = result.city
    scenario = result.scenario
    decision = sel.to_dict() if sel is not None else {}
    for key in ("leading", "potential", "filled"):
        decision[f"{key}_names"] = [
            {"code": c, "name_zh": _name(city, c, "zh"), "name_en": _name(city, c, "en")}
            for c in decision.get(key, [])
        ]
    alternatives = []
    for alt in result.alternatives:
        alternatives.append(
            {
                "rank": alt.rank,
                "leading": list(alt.result.leading),
                "potential": list(alt.result.potential),
                "filled": list(alt.result.filled),
                "objective": alt.result.objective,
                "terms": dict(alt.result.terms),
                "leading_in": list(alt.leading_in),
                "leading_out": list(alt.leading_out),
                "potential_in": list(alt.potential_in),
                "potential_out": list(alt.potential_out),
                "objective_gap": alt.objective_gap,
            }
        )
    coverage: dict[str, Any] = {}
    if result.city_output is not None:
        co = result.city_output
        coverage = {
            "covered": list(co.covered),
            "filled": list(co.filled),
            "absent": list(co.absent),
            "fill_rule": co.fill,
        }
    infeasible = None
    if result.infeasibility is not None:
        d = result.infeasibility
        infeasible = {
            "feasible": d.feasible,
            "relaxations": [list(r) for r in d.relaxations],
            "constraints": list(d.constraints),
            "min_budget": d.min_budget,
            "message": d.message,
        }
    doc = {
        "scenario": {
            "name": scenario.name,
            "description": scenario.get("description"),
            "city": scenario.get("city.name"),
            "city_en": scenario.get("city.name_en"),
        },
        "illustrative": result.illustrative,
        "table": city.meta.to_dict(),
        "parent_table": result.parent.meta.to_dict(),
        "n_sectors": city.n,
        "city_coverage": coverage,
        "selection": decision,
        "alternatives": alternatives,
        "infeasibility": infeasible,
        "group_effect": result.group_effect,
        "criteria_weights": result.criteria.weights.to_dict(),
        "shortlist": sorted(result.gaps),
        "report_only_gaps": sorted(set(diagnoses) - set(result.gaps)),
        "gap_summaries": {code: d.summary for code, d in sorted(diagnoses.items())},
        "chain_fill": {
            code: chain_fill_gain(city, d)
            for code, d in sorted(diagnoses.items())
            if code in chosen_codes(result)
        },
        "robustness": _robustness_summary(result),
        "backtest": backtest_evidence(
            {str(k): float(v) for k, v in result.criteria.weights.items()}
        ),
        "notes": list(result.notes),
        "provenance": result.provenance(timings=timings),
    }
    cleaned: dict[str, Any] = _clean(doc)
    return cleaned


def _robustness_summary(result: ScenarioResult) -> dict[str, Any] | None:
    """Stability of the choice under parameter variants (and weight draws), or None."""
    params = getattr(result.robustness, "parameters", None)
    if params is None:
        return None
    out = dict(params.summary)
    out["variants"] = params.variants.to_dict(orient="records")
    return out


def backtest_evidence(weights: dict[str, float]) -> dict[str, Any] | None:
    """How the default method did out of sample (``io_tables/backtest_summary.json``).

    The shipped summary of ``chainmap backtest`` on every provincial table 1997–2017:
    pooled Spearman ρ with the later absolute output increase and top-5 hits, with
    bootstrap intervals, for the default method (out of sample: weights fitted without
    each held-out province) and for the naive baseline "output at T". ``same_weights``
    says whether this run used the weights that were back-tested. None when the file is
    absent.
    """
    path = BACKTEST_SUMMARY
    if not path.exists():
        return None
    summary = json.loads(path.read_text(encoding="utf-8"))
    tested = summary.get("weights", {})
    same = all(abs(float(weights.get(k, 0.0)) - float(v)) < 1e-9 for k, v in tested.items())
    rankers = summary.get("rankers", {})
    return {
        "source": "io_tables/backtest_summary.json",
        "generated": summary.get("generated"),
        "data": summary.get("data"),
        "method_out_of_sample": rankers.get("method_lopo"),
        "method_default": rankers.get("method_default"),
        "output_at_T": rankers.get("output"),
        "method_beats_output": summary.get("method_beats_output"),
        "same_weights": same,
    }


def _csv(frame: pd.DataFrame, path: Path, *, index: bool = True) -> None:
    frame.to_csv(path, index=index, lineterminator="\n", encoding="utf-8")


def _links_frame(result: ScenarioResult) -> pd.DataFrame:
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
    frame["industry_name_zh"] = [_name(result.city, c, "zh") for c in frame["industry"]]
    frame["supplier_name_zh"] = [_name(result.city, c, "zh") for c in frame["supplier"]]
    return frame


def _sectors_frame(result: ScenarioResult) -> pd.DataFrame:
    """Every sector of the parent (the city's are a subset) with names and city presence."""
    city = {str(c) for c in result.city.codes}
    parent = [str(c) for c in result.parent.codes]
    codes = parent + sorted(city - set(parent))
    table = dict.fromkeys(parent, result.parent) | dict.fromkeys(codes[len(parent) :], result.city)
    return pd.DataFrame(
        {
            "name_zh": [_name(table[c], c, "zh") for c in codes],
            "name_en": [_name(table[c], c, "en") for c in codes],
            "in_city": [c in city for c in codes],
        },
        index=pd.Index(codes, name="code"),
    )


#: Chain maps drawn on a parent table, by table object and code (pure, so kept while the
#: table lives: both languages, and every re-solve on a cached analysis, reuse them).
_CHAINS: weakref.WeakKeyDictionary[Any, dict[str, Any]] = weakref.WeakKeyDictionary()
_CHAINS_LOCK = threading.Lock()


def _parent_chain(parent: Any, code: str) -> Any:
    with _CHAINS_LOCK:
        known = _CHAINS.setdefault(parent, {})
        if code in known:
            return known[code]
    chain = chain_map(parent, code, depth=2, top_n=8)
    with _CHAINS_LOCK:
        known[code] = chain
    return chain


def chain_svg(result: ScenarioResult, diagnosis: Any, lang: str) -> str:
    """Chain map of a diagnosed industry, nodes coloured by gap class (SVG text).

    Drawn on the parent table (two tiers each side, eight sectors per tier), like
    :func:`chainmap.gaps.diagnosis.export_gaps`; the title names the industry and its local
    supporting rate, and says when the data are illustrative.
    """
    code = diagnosis.sector[0]
    if len(diagnosis.sector) > 1:  # a group: draw its largest member
        code = str(result.city.output.reindex(list(diagnosis.sector)).astype(float).idxmax())
    chain = _parent_chain(result.parent, code)
    summary = diagnosis.summary
    title = t(
        "chart.chain_title",
        lang,
        name=summary["sector_name_en" if lang == "en" else "sector_name_zh"],
        rate=f"{summary['local_supporting_rate']:.0%}",
    )
    if result.illustrative:
        title = f"{title} · {t('report.illustrative', lang)}"
    classes = {k: NodeClass(*v) for k, v in GAP_STYLES.items()}
    # the candidate in violet: GAP_STYLES' pale orange is hard to tell from a choke point
    classes["candidate"] = NodeClass("#e6def5", "#6a51a3", *GAP_STYLES["candidate"][2:])
    return render_chain_svg(
        chain,
        lang=lang,
        node_class=gap_node_classes(diagnosis, chain.nodes),
        classes=classes,
        title=title,
    )


def write_results(result: ScenarioResult, out_dir: str | Path, *, force: bool = False) -> Path:
    """Write every result file into ``out_dir`` (see the module docstring).

    Raises
    ------
    ChainmapError
        ``out_dir`` exists and is not empty, unless ``force``.
    """
    target = Path(out_dir)
    _check_target(target, force)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        # timings vary run to run: kept out of result.json so identical inputs give
        # byte-identical result files
        diagnoses = report_diagnoses(result)
        doc = result_document(result, timings=False, diagnoses=diagnoses)
        picks = chosen_codes(result)
        impacts, doc["employment"] = _impacts(result, picks)
        doc["provenance"]["timings_file"] = "timings.json"
        (staging / "result.json").write_text(
            json.dumps(doc, ensure_ascii=False, indent=1, allow_nan=False) + "\n",
            encoding="utf-8",
        )
        timings = {k: round(v, 4) for k, v in result.timings.items()}
        (staging / "timings.json").write_text(json.dumps(timings, indent=1) + "\n", "utf-8")
        _csv(result.measures, staging / "measures.csv", index=False)
        _csv(_sectors_frame(result), staging / "sectors.csv")
        _csv(result.criteria.to_frame(), staging / "criteria.csv")
        _csv(_links_frame(result), staging / "links.csv", index=False)
        gaps_dir = staging / "gaps"
        gaps_dir.mkdir()
        for code, diagnosis in diagnoses.items():
            _csv(diagnosis.links, gaps_dir / f"{code}_links.csv")
            _csv(diagnosis.downstream, gaps_dir / f"{code}_downstream.csv")
            (gaps_dir / f"{code}.json").write_text(gaps_to_json(diagnosis) + "\n", "utf-8")
        for code in chosen_codes(result):
            if code in diagnoses:  # SVG only: drawing PNGs would slow every run down
                for lang in ("zh", "en"):
                    svg = chain_svg(result, diagnoses[code], lang)
                    (gaps_dir / f"{code}_chain_{lang}.svg").write_text(svg, "utf-8")
        alt_rows = [
            {
                "rank": a["rank"],
                "leading": " ".join(a["leading"]),
                "potential": " ".join(a["potential"]),
                "objective": a["objective"],
                "objective_gap": a["objective_gap"],
                "leading_in": " ".join(a["leading_in"]),
                "leading_out": " ".join(a["leading_out"]),
            }
            for a in doc["alternatives"]
        ]
        alternatives = pd.DataFrame(alt_rows, columns=ALTERNATIVE_COLUMNS)
        _csv(alternatives, staging / "alternatives.csv", index=False)
        if impacts is not None:
            _csv(impacts, staging / "impacts.csv", index=False)
        if result.robustness is not None:
            _csv(result.robustness.table, staging / "robustness.csv")
        write_manifest(staging)
        for path in staging.rglob("*"):
            if path.is_file():
                path.chmod(0o644)
        staging.chmod(0o755)
        with claim(target):
            _check_target(target, force)  # again, under the lock: another run may have won
            if target.exists():
                backup = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=target.parent))
                target.rename(backup / target.name)
                staging.rename(target)
                shutil.rmtree(backup)
            else:
                staging.rename(target)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return target


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


def _check_target(target: Path, force: bool) -> None:
    if target.exists() and not target.is_dir():
        msg = f"{target} exists and is not a folder; choose another output folder"
        raise ChainmapError(msg)
    if target.exists() and any(target.iterdir()) and not force:
        msg = f"{target} exists and is not empty; pass --force to replace it"
        raise ChainmapError(msg)


def _manifest_files(folder: Path) -> list[Path]:
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file()
        and p.name not in UNLISTED
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )


def write_manifest(folder: Path) -> None:
    """Write ``manifest.json``: every file's relative path and sha256, sorted (deterministic)."""
    files = {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in _manifest_files(folder)
    }
    doc = {"format": "chainmap-result", "version": 1, "files": files}
    (folder / MANIFEST).write_text(json.dumps(doc, indent=1, sort_keys=True) + "\n", "utf-8")


def verify_manifest(out_dir: str | Path) -> None:
    """Check a result folder against its manifest: every listed file present and unchanged.

    Files not listed (the report, ``timings.json``) are ignored.

    Raises
    ------
    ChainmapError
        No or unreadable manifest, a missing file, a changed file (each named).
    """
    folder = Path(out_dir)
    path = folder / MANIFEST
    if not path.is_file():
        msg = (
            f"{folder}: no {MANIFEST}: the folder is incomplete (an interrupted or older run) "
            "or not a chainmap result folder; re-run the scenario with `chainmap run`"
        )
        raise ChainmapError(msg)
    try:
        doc = json.loads(path.read_bytes().decode("utf-8"))
        files = doc["files"]
        assert isinstance(files, dict)
        listed = {str(k): str(v) for k, v in files.items()}
    except (ValueError, KeyError, TypeError, AssertionError, AttributeError):
        msg = f"{path}: damaged manifest; re-run the scenario with `chainmap run`"
        raise ChainmapError(msg) from None
    missing, changed = [], []
    for name, digest in sorted(listed.items()):
        file = folder / name
        if ".." in Path(name).parts or not file.is_file():
            missing.append(name)
        elif hashlib.sha256(file.read_bytes()).hexdigest() != digest:
            changed.append(name)
    problems = []
    if missing:
        problems.append(f"missing: {', '.join(missing)}")
    if changed:
        problems.append(f"changed since the run: {', '.join(changed)}")
    if problems:
        msg = (
            f"{folder}: the result folder is incomplete or altered ({'; '.join(problems)}); "
            "re-run the scenario with `chainmap run`"
        )
        raise ChainmapError(msg)


def read_result(out_dir: str | Path) -> dict[str, Any]:
    """Load ``result.json`` of a result folder (clear error when it is not one or damaged)."""
    path = Path(out_dir) / "result.json"
    if not path.exists():
        msg = f"{out_dir} is not a chainmap result folder (no result.json); run `chainmap run`"
        raise ChainmapError(msg)
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except (ValueError, RecursionError) as err:
        msg = f"{path}: damaged result file ({str(err).splitlines()[0][:120]}); re-run the scenario"
        raise ChainmapError(msg) from None
    if not isinstance(data, dict) or not isinstance(data.get("selection", {}), dict):
        msg = f"{path}: not a chainmap result (expected a JSON object); re-run the scenario"
        raise ChainmapError(msg)
    return data
