"""Server state of ``chainmap serve``: scenarios, cached analyses, sessions, the solve pool.

* :class:`AnalysisCache` keeps the expensive stages of a run
  (:class:`chainmap.scenario.runner.ScenarioAnalysis`: tables, regionalisation,
  measures, criteria indicators, gap diagnoses) per :func:`analysis_key`, so a change of
  weights or selection settings only re-scores and re-solves.
* :class:`Session` is one browser's state (random id in a cookie). Its files — uploads,
  result folders, downloads — live in its own workspace folder; every file name is
  made here, never taken from a request.
* :class:`SolvePool` runs the CPU-bound work in worker threads behind a bounded queue:
  when it is full a request gets 503 instead of piling up.
"""

from __future__ import annotations

import dataclasses
import json
import secrets
import shutil
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from chainmap.errors import ChainmapError, ScenarioError
from chainmap.io.table import IOTable
from chainmap.scenario.runner import (
    ScenarioAnalysis,
    ScenarioResult,
    analyse_scenario,
    analysis_key,
)
from chainmap.scenario.schema import Scenario, load_scenario

T = TypeVar("T")

#: Weight draws of the robustness analysis in the browser unless the planner sets them
#: (the scenario's own number when smaller), so that a change redraws in seconds.
WEB_WEIGHT_DRAWS = 200
#: Sessions kept in memory (least recently used ones are dropped with their workspace).
MAX_SESSIONS = 256
#: Analyses kept in memory.
MAX_ANALYSES = 8


class BusyError(ChainmapError):
    """The solve queue is full."""


@dataclass(frozen=True)
class ScenarioSource:
    """A scenario the server offers: its name, file and where it came from."""

    name: str
    path: Path
    label: str = ""
    label_en: str = ""

    def label_in(self, lang: str) -> str:
        """The city's name in ``lang`` (the scenario name when there is none)."""
        return (self.label_en if lang == "en" else self.label) or self.label or self.name


def find_scenarios(paths: Sequence[str | Path] = ()) -> list[ScenarioSource]:
    """Scenario files given on the command line, else the shipped ones.

    Shipped scenarios are looked for as package data (``chainmap/scenarios``, issue 13),
    then in ``scenarios/`` of the working directory and of the source tree.
    """
    files: list[Path] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            files.extend(sorted(path.glob("*.yaml")))
        elif path.exists():
            files.append(path)
        else:
            msg = f"scenario file {p} not found"
            raise ScenarioError(msg)
    if not paths:
        files = _shipped_scenarios()
    out: list[ScenarioSource] = []
    for file in files:
        if file.stem == "base":
            continue
        try:
            sc = load_scenario(file)
        except ChainmapError:
            continue
        label, label_en = sc.get("city.name") or "", sc.get("city.name_en") or ""
        out.append(ScenarioSource(sc.name, file.resolve(), str(label), str(label_en)))
    return out


def _shipped_scenarios() -> list[Path]:
    from importlib import resources

    candidates: list[Path] = []
    try:
        pkg = Path(str(resources.files("chainmap") / "scenarios"))
        candidates.append(pkg)
    except (ModuleNotFoundError, TypeError):
        pass
    from chainmap.io.registry import PROJECT_ROOT

    candidates += [Path.cwd() / "scenarios", Path(PROJECT_ROOT) / "scenarios"]
    for folder in candidates:
        if folder.is_dir() and any(folder.glob("*.yaml")):
            return sorted(folder.glob("*.yaml"))
    return []


class AnalysisCache:
    """Analyses by :func:`analysis_key` (least recently used dropped beyond ``size``)."""

    def __init__(self, size: int = MAX_ANALYSES) -> None:
        self.size = size
        self._items: OrderedDict[str, ScenarioAnalysis] = OrderedDict()
        self._lock = threading.Lock()
        self._building: dict[str, threading.Lock] = {}

    def get(self, scenario: Scenario) -> ScenarioAnalysis:
        key = analysis_key(scenario)
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
            build = self._building.setdefault(key, threading.Lock())
        with build:  # one analysis per key at a time
            with self._lock:
                if key in self._items:
                    return self._items[key]
            analysis = _remember_regionalisations(analyse_scenario(scenario))
            with self._lock:
                self._items[key] = analysis
                while len(self._items) > self.size:
                    self._items.popitem(last=False)
                self._building.pop(key, None)
            return analysis


def _remember_regionalisations(analysis: ScenarioAnalysis) -> ScenarioAnalysis:
    """The analysis with its ``again`` (the city table regionalised with another δ or
    without the province's shares, for the robustness variants) remembered per argument.

    The variants of every solve ask for the same few tables, which depend only on the
    analysis; the same table object also keeps its inverse (Leontief) once computed.
    """
    again = analysis.again
    if again is None:
        return analysis
    tables: dict[tuple[float | None, bool], IOTable] = {}
    lock = threading.Lock()

    def remembered(delta: float | None = None, use_shares: bool = True) -> IOTable:
        with lock:  # one regionalisation per argument, even with two solve workers
            key = (delta, use_shares)
            if key not in tables:
                tables[key] = again(delta, use_shares)
            return tables[key]

    return dataclasses.replace(analysis, again=remembered)


class SolvePool:
    """Worker threads with a bounded number of queued jobs."""

    def __init__(self, workers: int = 2, queue: int = 8) -> None:
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="chainmap-solve")
        self._slots = threading.BoundedSemaphore(workers + queue)

    def submit(self, fn: Callable[..., T], *args: Any) -> Future[T]:
        if not self._slots.acquire(blocking=False):
            msg = "the server is busy with other solves; try again in a few seconds"
            raise BusyError(msg)
        try:
            future = self._pool.submit(fn, *args)
        except BaseException:
            self._slots.release()
            raise
        future.add_done_callback(lambda _f: self._slots.release())
        return future

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


@dataclass
class Decision:
    """What a solve chose, kept to explain the next change."""

    leading: tuple[str, ...]
    potential: tuple[str, ...]
    filled: tuple[str, ...]
    score: dict[str, float]
    rank: dict[str, int]
    contributions: dict[str, dict[str, float]]
    settings: dict[str, Any]

    @classmethod
    def of(cls, result: ScenarioResult) -> Decision:
        crit = result.criteria
        sel = result.selection
        return cls(
            leading=tuple(sel.leading),
            potential=tuple(sel.potential),
            filled=tuple(sel.filled),
            score={str(k): float(v) for k, v in crit.score.items()},
            rank={str(k): int(v) for k, v in crit.rank.items()},
            contributions={
                str(k): {str(c): float(v) for c, v in row.items()}
                for k, row in crit.contributions.iterrows()
            },
            settings=json.loads(json.dumps(result.scenario.settings, default=str)),
        )


@dataclass
class Run:
    """A solved scenario: its result, result folder and rendered page sections per language."""

    result: ScenarioResult
    folder: Path
    seconds: float
    pages: dict[str, Any] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)


class RunCache:
    """Runs by settings hash (least recently used dropped beyond ``size``)."""

    def __init__(self, size: int = 32) -> None:
        self.size = size
        self._items: OrderedDict[str, Run] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> Run | None:
        with self._lock:
            run = self._items.get(key)
            if run is not None:
                self._items.move_to_end(key)
            return run

    def put(self, key: str, run: Run) -> None:
        with self._lock:
            self._items[key] = run
            while len(self._items) > self.size:
                self._items.popitem(last=False)


@dataclass
class ScenarioState:
    """One scenario as a session explores it: base file, overrides, current result."""

    name: str
    path: Path
    overrides: dict[str, Any] = field(default_factory=dict)
    result: ScenarioResult | None = None
    run: Run | None = None
    previous: Decision | None = None
    current: Decision | None = None
    message: str = ""  # last error shown on the page
    seconds: float = 0.0  # last solve (0 when the result came from the cache)

    def scenario(self, overrides: dict[str, Any] | None = None) -> Scenario:
        """The scenario file with ``overrides`` (default: the state's own), loaded anew."""
        items = self.overrides if overrides is None else overrides
        texts = [f"{k}={json.dumps(v, ensure_ascii=False)}" for k, v in items.items()]
        return load_scenario(self.path, texts)

    def current_scenario(self) -> Scenario:
        """The scenario of the current result (the file is read again only before the
        first solve): every page and form reads it, and parsing YAML is not free."""
        return self.result.scenario if self.result is not None else self.scenario()


@dataclass
class Session:
    """One browser session: its workspace and the scenarios it explored."""

    sid: str
    workspace: Path
    states: dict[str, ScenarioState] = field(default_factory=dict)
    uploads: int = 0
    lang: str = "zh"
    lock: threading.RLock = field(default_factory=threading.RLock)
    seen: float = field(default_factory=time.monotonic)

    def folder(self, *parts: str) -> Path:
        """A folder inside the workspace (parts are names made by the server)."""
        path = self.workspace.joinpath(*parts).resolve()
        if not path.is_relative_to(self.workspace.resolve()):
            msg = "path outside the session workspace"
            raise ChainmapError(msg)
        path.mkdir(parents=True, exist_ok=True)
        return path


class Sessions:
    """Sessions by id; each gets ``root/<id>/`` as its workspace."""

    def __init__(self, root: Path, size: int = MAX_SESSIONS) -> None:
        self.root = root
        self.size = size
        self._items: OrderedDict[str, Session] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def new_id() -> str:
        return secrets.token_urlsafe(24)

    @staticmethod
    def valid_id(sid: str | None) -> bool:
        return (
            sid is not None and 20 <= len(sid) <= 64 and all(c.isalnum() or c in "-_" for c in sid)
        )

    def get(self, sid: str) -> Session:
        with self._lock:
            session = self._items.get(sid)
            if session is None:
                session = Session(sid, self.root / sid)
                session.workspace.mkdir(parents=True, exist_ok=True)
                self._items[sid] = session
                while len(self._items) > self.size:
                    _, old = self._items.popitem(last=False)
                    shutil.rmtree(old.workspace, ignore_errors=True)
            self._items.move_to_end(sid)
            session.seen = time.monotonic()
            return session


class Server:
    """Everything the app shares between requests."""

    def __init__(
        self,
        scenarios: Sequence[ScenarioSource],
        root: Path,
        *,
        workers: int = 2,
        queue: int = 8,
    ) -> None:
        self.scenarios = {s.name: s for s in scenarios}
        self.defaults: dict[str, Any] = {}
        self.root = root
        self.shared_runs = root / "runs"
        self.shared_runs.mkdir(parents=True, exist_ok=True)
        self.analyses = AnalysisCache()
        self.runs = RunCache()
        self.sessions = Sessions(root / "sessions")
        self.pool = SolvePool(workers, queue)
