"""What the pages do: solve a session's scenario, render it with the report's own sections,
explain a change, export YAML, check uploads.

The scenario page is built from :func:`chainmap.report.sections.report_sections` on the
result folder the solve wrote (:func:`chainmap.scenario.results.write_results`), so the
page and the downloaded briefing (:func:`chainmap.report.write.write_report` on the same
folder) never disagree.
"""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path
from typing import Any

import yaml

from chainmap.city.citydata import read_city_data
from chainmap.errors import ChainmapError, one_line_message
from chainmap.i18n import t
from chainmap.io.readers.provincial import read_provincial_table
from chainmap.report.files import load_result_files, report_title
from chainmap.report.format import CRITERION_KEYS
from chainmap.report.render import Section
from chainmap.report.sections import report_sections
from chainmap.report.tables import report_tables
from chainmap.scenario.results import write_results
from chainmap.scenario.runner import solve_scenario
from chainmap.scenario.schema import DEFAULTS, Scenario
from chainmap.web.state import (
    WEB_WEIGHT_DRAWS,
    Decision,
    Run,
    ScenarioState,
    Server,
    Session,
)

#: Report sections the scenario page shows, in order (the decision first).
PAGE_SECTIONS: tuple[str, ...] = (
    "brief",  # the executive summary: the decision and its reasons
    "summary",
    "impacts",
    "quadrant",
    "criteria",
    "chain_map",
    "robustness",
    "comparison",
    "appendix",  # objective terms, budget use, the k-best alternatives
)
#: Largest upload accepted (bytes).
MAX_UPLOAD = 5 * 1024 * 1024
#: Upload kinds and their allowed suffixes: city data, and the province's official
#: input-output workbook (the NBS provincial tables are .xls; a re-saved one .xlsx).
UPLOAD_SUFFIXES: dict[str, tuple[str, ...]] = {"city": (".csv",), "table": (".xls", ".xlsx")}
#: First bytes of a workbook of each suffix (zip for .xlsx, OLE2 for .xls).
UPLOAD_MAGIC: dict[str, bytes] = {".xlsx": b"PK", ".xls": b"\xd0\xcf\x11\xe0"}
#: Regionalisation methods offered: every value of ``regionalization.method``, so the
#: form always holds the scenario's own (a select without it would submit the first).
METHODS: tuple[str, ...] = ("learned", "flq", "aflq", "cilq", "slq")


def shown_error(err: BaseException, path: Path, filename: str) -> str:
    """:func:`~chainmap.errors.one_line_message` of an error about an uploaded file, naming
    it as the planner did (the workspace path stays on the server): what
    ``chainmap validate FILENAME`` prints."""
    return one_line_message(err).replace(str(path), filename)


def web_defaults(state: ScenarioState, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """Overrides a fresh state starts with: fewer robustness draws (shown in the controls)
    and the server's own ``extra`` overrides (``chainmap serve --set``)."""
    base = state.scenario({})
    draws = int(base.get("robustness.weight_draws"))
    return {"robustness.weight_draws": min(draws, WEB_WEIGHT_DRAWS), **(extra or {})}


def settings_key(scenario: Scenario) -> str:
    """Short hash of every setting of a scenario (names a result folder)."""
    text = json.dumps([str(scenario.path), scenario.settings], sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def solve_state(
    server: Server, session: Session, state: ScenarioState, overrides: dict[str, Any]
) -> ScenarioState:
    """Solve ``state`` with ``overrides`` (from cache where possible) and write its results.

    A result of the same settings is reused (shipped scenarios: shared, read-only, under
    the server's ``runs`` folder; scenarios on uploaded data: in the session's workspace).
    On a bad setting the state keeps its last result and ``state.message`` says why.
    """
    start = time.perf_counter()
    try:
        scenario = state.scenario(overrides)
        key = settings_key(scenario)
        private = any("uploads" in str(v) for v in overrides.values())
        run = None if private else server.runs.get(key)
        if run is None:
            analysis = server.analyses.get(scenario)
            result = solve_scenario(scenario, analysis)
            seconds = time.perf_counter() - start
            folder = session.folder("runs") if private else server.shared_runs
            run_dir = folder / key
            if not (run_dir / "result.json").exists():
                write_results(result, run_dir, force=True)
            run = Run(result, run_dir, seconds)
            if not private:
                server.runs.put(key, run)
    except ChainmapError as err:
        state.message = one_line_message(err)
        return state
    state.previous = state.current
    state.current = Decision.of(run.result)
    state.overrides = dict(overrides)
    state.result = run.result
    state.run = run
    state.message = ""
    state.seconds = time.perf_counter() - start
    return state


def page_sections(state: ScenarioState, lang: str) -> tuple[list[Section], str, str]:
    """The report's sections for the page, subtitle and title (cached per run and language)."""
    run = state.run
    assert run is not None
    with run.lock:
        if lang not in run.pages:
            files = load_result_files(run.folder)
            tables = report_tables(files, lang)
            sections, subtitle = report_sections(files, tables, lang)
            keep = {s.key: s for s in sections}
            chosen = [keep[k] for k in PAGE_SECTIONS if k in keep]
            run.pages[lang] = (chosen, subtitle, report_title(files, lang))
        return run.pages[lang]


def _name(state: ScenarioState, code: str, lang: str) -> str:
    assert state.result is not None
    try:
        return f"{code} {state.result.city.label(code, lang)}"
    except (KeyError, ValueError, ChainmapError):
        return code


def _flat(settings: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in settings.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict) and v and k not in ("stages", "policy"):
            out.update(_flat(v, f"{key}."))
        else:
            out[key] = v
    return out


def explain_change(state: ScenarioState, lang: str) -> list[str]:
    """What changed in the decision since the previous solve, and why (lines of text)."""
    prev, cur = state.previous, state.current
    if cur is None:
        return []
    if prev is None:
        return [t("web.no_previous", lang)]
    lines = _settings_changed(prev, cur, lang)
    lines += _role_changes(state, prev, cur, lang)
    lines += _fills_changed(state, prev, cur, lang)
    if (prev.leading, prev.potential) == (cur.leading, cur.potential):
        lines.append(t("web.unchanged", lang))
    lines += _rank_moves(state, prev, cur, lang)
    return lines


#: Settings the controls change → i18n keys of the controls' labels.
_CONTROL_LABELS: dict[str, str] = {
    "selection.require": "web.require",
    "selection.exclude": "web.exclude",
    "selection.n_leading": "web.n_leading",
    "selection.n_potential": "web.n_potential",
    "selection.budget": "web.budget",
    "table": "web.parent",
    "regionalization.method": "web.method",
    "regionalization.delta": "web.delta",
    "robustness.weight_draws": "web.draws",
}


def setting_name(key: str, lang: str) -> str:
    """A changed setting by the label of its control (the dotted key when it has none).

    >>> setting_name("criteria.weights.market_size", "en")
    'Criterion weights: Market size'
    >>> setting_name("selection.exclude", "zh")
    '排除产业'
    """
    weight = key.removeprefix("criteria.weights.")
    if weight != key and weight in CRITERION_KEYS:
        sep = "：" if lang == "zh" else ": "
        return f"{t('web.weights', lang)}{sep}{t(CRITERION_KEYS[weight], lang)}"
    return t(_CONTROL_LABELS[key], lang) if key in _CONTROL_LABELS else key


def _settings_changed(prev: Decision, cur: Decision, lang: str) -> list[str]:
    old, new = _flat(prev.settings), _flat(cur.settings)
    changed = [
        f"{setting_name(k, lang)} {json.dumps(old.get(k), ensure_ascii=False)} → "
        f"{json.dumps(v, ensure_ascii=False)}"
        for k, v in new.items()
        if old.get(k) != v and k != "name"
    ]
    sep = "；" if lang == "zh" else "; "
    return [t("web.settings_changed", lang, items=sep.join(changed))] if changed else []


def _role_changes(state: ScenarioState, prev: Decision, cur: Decision, lang: str) -> list[str]:
    """One line per industry that entered or left a role, with its scores, ranks and why."""
    exclude = set(cur.settings["selection"]["exclude"])
    require = set(cur.settings["selection"]["require"])
    lines: list[str] = []
    for role, before, after in (
        ("summary.leading", prev.leading, cur.leading),
        ("summary.potential", prev.potential, cur.potential),
    ):
        for key, codes in (
            ("web.entered", [c for c in after if c not in before]),
            ("web.left", [c for c in before if c not in after]),
        ):
            for code in codes:
                why = _why(prev, cur, code, exclude, require, lang, entered=key == "web.entered")
                lines.append(
                    t(
                        key,
                        lang,
                        role=t(role, lang),
                        name=_name(state, code, lang),
                        old=prev.score.get(code, float("nan")),
                        new=cur.score.get(code, float("nan")),
                        old_rank=prev.rank.get(code, "–"),
                        new_rank=cur.rank.get(code, "–"),
                        why=why,
                    )
                )
    return lines


def _fills_changed(state: ScenarioState, prev: Decision, cur: Decision, lang: str) -> list[str]:
    added = [c for c in cur.filled if c not in prev.filled]
    removed = [c for c in prev.filled if c not in cur.filled]
    if not added and not removed:
        return []
    none = t("summary.none", lang)
    return [
        t(
            "web.fills_changed",
            lang,
            added=", ".join(_name(state, c, lang) for c in added) or none,
            removed=", ".join(_name(state, c, lang) for c in removed) or none,
        )
    ]


def _rank_moves(state: ScenarioState, prev: Decision, cur: Decision, lang: str) -> list[str]:
    """The five largest moves in the criteria ranking."""
    moves = sorted(
        ((c, prev.rank[c], r) for c, r in cur.rank.items() if c in prev.rank and prev.rank[c] != r),
        key=lambda m: (-abs(m[1] - m[2]), m[2]),
    )[:5]
    if not moves:
        return []
    items = ", ".join(f"{_name(state, c, lang)} {a} → {b}" for c, a, b in moves)
    return [t("web.rank_moves", lang, items=items)]


def _why(
    prev: Decision,
    cur: Decision,
    code: str,
    exclude: set[str],
    require: set[str],
    lang: str,
    *,
    entered: bool,
) -> str:
    if not entered and code in exclude:
        return t("web.why_excluded", lang)
    if entered and code in require:
        return t("web.why_required", lang)
    before = prev.contributions.get(code, {})
    after = cur.contributions.get(code, {})
    deltas = {k: after.get(k, 0.0) - before.get(k, 0.0) for k in after}
    if deltas:
        crit, delta = max(deltas.items(), key=lambda kv: abs(kv[1]))
        if abs(delta) > 1e-9:
            return t(
                "web.why_criterion",
                lang,
                criterion=t(CRITERION_KEYS.get(crit, crit), lang),
                delta=delta,
            )
    return t("web.why_count", lang)


def scenario_yaml(scenario: Scenario, lang: str, file_name: str) -> str:
    """A self-contained scenario file reproducing ``scenario`` with ``chainmap run``.

    Every setting is written out (no ``extends``); data paths are absolute, except
    uploaded files, written by name (keep them beside the YAML file).
    """
    settings = json.loads(json.dumps(scenario.settings, default=str))
    settings.pop("extends", None)
    for section, key in (
        ("city", "data"),
        ("city", "concordance"),
        ("regionalization", "province"),
        (None, "table"),
    ):
        holder = settings if section is None else settings[section]
        value = holder.get(key)
        if isinstance(value, str) and value and (section == "city" or _is_path(value)):
            path = scenario.resolve_path(value)
            holder[key] = path.name if "uploads" in path.parts else str(path)
    ordered = {k: settings[k] for k in DEFAULTS if k in settings}
    text = yaml.safe_dump(ordered, allow_unicode=True, sort_keys=False, width=100)
    return t("web.yaml_header", lang, file=file_name) + "\n" + text


def _is_path(value: str) -> bool:
    """Whether a table setting is a file path rather than a registry id."""
    return "/" in value or value.endswith((".xlsx", ".xls", ".csv"))


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM) or GBK/GB18030 text; raises ChainmapError otherwise."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text
    msg = "not UTF-8 or GBK text"
    raise ChainmapError(msg)


def store_upload(session: Session, kind: str, filename: str, data: bytes) -> Path:
    """Save an upload in the session's workspace under a name made here.

    The name is the upload's number and the letters, digits, ``-`` and ``_`` of the
    planner's file name (``1-11-浙江.xls``): no path part of the request survives, and the
    provincial reader still finds the province in the name.
    """
    session.uploads += 1
    stem = "".join(c for c in Path(filename).stem if c.isalnum() or c in "-_")[:40]
    suffix = Path(filename).suffix.lower()
    path = session.folder("uploads") / f"{session.uploads}-{stem or 'upload'}{suffix}"
    if kind == "city":
        path.write_text(decode_text(data), encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def check_upload(kind: str, path: Path, base: Scenario) -> None:
    """Validate an upload as the command line does (raises ChainmapError with its message).

    A workbook is read as the province's table (``regionalization.province``), a city CSV
    with the base scenario's city settings.
    """
    if kind == "table":
        read_provincial_table(path)
        return
    city = base.get("city")
    read_city_data(
        path,
        value_column=city["column"],
        key_column=city.get("key_column"),
        measure=city["measure"],
        unit=city.get("unit") or "",
        region=city["name"],
    )


def upload_overrides(kind: str, path: Path) -> dict[str, Any]:
    """Overrides making a scenario use the uploaded file: the city data, or the province's
    table, whose observed local shares replace the location quotients."""
    if kind == "table":
        return {"regionalization.province": str(path)}
    return {"city.data": str(path)}
