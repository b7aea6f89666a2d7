"""Benchmark: ``chainmap serve`` on the Hangzhou 2023 scenario (national 153-sector table).

Run ``CHAINMAP_DATA_DIR=... python benchmarks/bench_web.py``. Measures, with the median
over repeats (each repeat a setting not seen before, so nothing comes from the run cache):

* **re-solve after a weight change** (target < 0.3 s): ``solve_scenario(..., decision_only=True)``
  on the cached :class:`~chainmap.scenario.runner.ScenarioAnalysis` — re-scoring the five
  criteria and solving the selection (with its shortlist rounds) with the scenario's own
  solver (CBC). This is the decision the page reports; alternatives, group effect and
  robustness are computed after it.
* **full page update after a weight change**: ``POST /scenario/.../solve`` through uvicorn
  on 127.0.0.1 until the redirected page has arrived — re-solve, 3 alternatives, 200 weight
  draws, result files written and the report's sections rendered.
* **first page load** (target < 1 s): ``GET /scenario/hangzhou_2023`` by a new browser
  session (no cookie) once the server has started and the scenario's analysis and its
  default-settings run are cached (the first visitor after start-up paid for them): the
  session is created and the page assembled from the cached sections and controls.
* **where a page update goes**: the same steps one by one, in process (median over weight
  changes not seen before): the full solve (decision, alternatives, robustness draws and
  parameter variants), the result files, and the page (tables, sections, controls).
"""

from __future__ import annotations

import socket
import statistics
import tempfile
import threading
import time
from pathlib import Path

import httpx
import uvicorn

from chainmap.scenario.results import write_results
from chainmap.scenario.runner import ScenarioAnalysis, solve_scenario
from chainmap.web.app import create_app
from chainmap.web.pages import scenario_page
from chainmap.web.state import Run, ScenarioState, Server, find_scenarios

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "scenarios" / "hangzhou_2023.yaml"
WEIGHTS = (
    "driving_effect",
    "industrial_base",
    "development_stage",
    "market_size",
    "policy_support",
)


def weight_sets(n: int) -> list[dict[str, float]]:
    out = []
    for i in range(n):
        w = dict.fromkeys(WEIGHTS, 0.15)
        w[WEIGHTS[i % 5]] = 0.3 + 0.05 * (i // 5)
        out.append(w)
    return out


def main() -> None:
    app = create_app(find_scenarios([SCENARIO]), workdir=tempfile.mkdtemp(prefix="bench-web-"))
    server_state = app.state.server
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    url = f"http://127.0.0.1:{port}/scenario/hangzhou_2023"
    start = time.perf_counter()
    with httpx.Client(timeout=600) as first:
        first.get(url).raise_for_status()
    print(
        f"first visitor after start-up (analysis + default run + render): "
        f"{time.perf_counter() - start:.2f} s"
    )

    loads = []
    for _ in range(9):
        with httpx.Client(timeout=60) as fresh:
            t0 = time.perf_counter()
            r = fresh.get(url)
            loads.append(time.perf_counter() - t0)
            r.raise_for_status()
    print(
        f"first page load, new session, analysis cached: median {statistics.median(loads):.3f} s "
        f"(min {min(loads):.3f}, max {max(loads):.3f}; target < 1 s)"
    )

    session_state = next(iter(server_state.sessions._items.values())).states["hangzhou_2023"]
    analysis = next(iter(server_state.analyses._items.values()))
    solves = []
    for w in weight_sets(9):
        scenario = session_state.scenario({**session_state.overrides, "criteria.weights": w})
        t0 = time.perf_counter()
        result = solve_scenario(scenario, analysis, decision_only=True)
        solves.append(time.perf_counter() - t0)
        assert result.selection.leading
    print(
        f"re-solve after a weight change (decision, CBC): median {statistics.median(solves):.3f} s "
        f"(min {min(solves):.3f}, max {max(solves):.3f}; target < 0.3 s)"
    )

    updates = []
    with httpx.Client(timeout=600, follow_redirects=True) as client:
        client.get(url).raise_for_status()
        for w in weight_sets(17)[10:]:
            form = {f"w_{k}": str(v) for k, v in w.items()}
            t0 = time.perf_counter()
            client.post(url + "/solve", data=form).raise_for_status()
            updates.append(time.perf_counter() - t0)
    print(
        f"full page update after a weight change: median {statistics.median(updates):.2f} s "
        f"(min {min(updates):.2f}, max {max(updates):.2f})"
    )
    update_breakdown(server_state, session_state, analysis)
    server.should_exit = True


def update_breakdown(server: Server, state: ScenarioState, analysis: ScenarioAnalysis) -> None:
    """Median seconds of each step of a page update, over weight changes not seen before."""
    steps: dict[str, list[float]] = {"solve": [], "result files": [], "page": []}
    folder = Path(tempfile.mkdtemp(prefix="bench-web-steps-"))
    for i, w in enumerate(weight_sets(20)[17:]):
        scenario = state.scenario({**state.overrides, "criteria.weights": w})
        t0 = time.perf_counter()
        result = solve_scenario(scenario, analysis)
        t1 = time.perf_counter()
        write_results(result, folder / str(i))
        t2 = time.perf_counter()
        state.result, state.run = result, Run(result, folder / str(i), t1 - t0)
        scenario_page(server, state, "zh")
        t3 = time.perf_counter()
        for key, seconds in zip(steps, (t1 - t0, t2 - t1, t3 - t2), strict=True):
            steps[key].append(seconds)
    parts = ", ".join(f"{k} {statistics.median(v):.2f} s" for k, v in steps.items())
    timings = {k: round(v, 2) for k, v in result.timings.items() if k not in analysis.timings}
    print(f"where a page update goes (median): {parts}; last solve by step: {timings}")


if __name__ == "__main__":
    main()
