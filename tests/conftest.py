"""Shared test helpers: reference values, the official-data directory, random IO systems."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parents[1]

# CI (.ci/run sets CHAINMAP_CI=1) draws the same hypothesis examples on every run, so a
# landing never depends on a lucky or unlucky draw; elsewhere each run explores new ones.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CHAINMAP_CI") == "1":
    settings.load_profile("ci")


DEFAULT_DATA_DIR = ROOT.parent / "shared" / "data"


def pytest_configure(config: pytest.Config) -> None:
    """Without CHAINMAP_DATA_DIR, use ../shared/data when it exists, for chainmap too.

    The tests find data through :func:`data_dir`, and chainmap through the environment:
    exporting the default keeps the two on the same folder, so a test that finds a table
    never calls code that cannot.
    """
    if not os.environ.get("CHAINMAP_DATA_DIR") and DEFAULT_DATA_DIR.is_dir():
        os.environ["CHAINMAP_DATA_DIR"] = str(DEFAULT_DATA_DIR.resolve())


def data_dir() -> Path | None:
    """The official-table directory (CHAINMAP_DATA_DIR), or None when unset/missing."""
    raw = os.environ.get("CHAINMAP_DATA_DIR")
    if raw and Path(raw).is_dir():
        return Path(raw)
    return DEFAULT_DATA_DIR if DEFAULT_DATA_DIR.is_dir() else None


def require_data() -> bool:
    return os.environ.get("CHAINMAP_REQUIRE_DATA", "") == "1"


def need_data(relative: str) -> Path:
    """Path of an official data file; skip (or fail when CHAINMAP_REQUIRE_DATA=1) if absent."""
    base = data_dir()
    path = base / relative if base else None
    if path is None or not path.exists():
        msg = f"official data file {relative} not found under CHAINMAP_DATA_DIR={base}"
        if require_data():
            pytest.fail(msg)
        pytest.skip(msg)
    return path


@pytest.fixture(scope="session")
def fixtures() -> dict[str, Any]:
    """Reference values (../shared/reference/fixtures.json, found next to the data dir)."""
    candidates = []
    base = data_dir()
    if base is not None:
        candidates.append(base.parent / "reference" / "fixtures.json")
    candidates.append(ROOT.parent / "shared" / "reference" / "fixtures.json")
    for path in candidates:
        if path.exists():
            return json.loads(path.read_text(encoding="utf-8"))
    msg = "reference fixtures.json not found beside the data directory"
    if require_data():
        pytest.fail(msg)
    pytest.skip(msg)
    raise AssertionError  # unreachable


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The official data directory itself (skip or fail when absent)."""
    base = data_dir()
    if base is None:
        msg = "CHAINMAP_DATA_DIR not set and ../shared/data missing"
        if require_data():
            pytest.fail(msg)
        pytest.skip(msg)
    assert base is not None
    return base


def random_system(seed: int, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Productive A (column sums 0.2–0.8, ~50 % non-zeros), f > 0, x = L f."""
    rng = np.random.default_rng(seed)
    A = rng.random((n, n)) * (rng.random((n, n)) < 0.5)
    A[rng.integers(0, n, n), np.arange(n)] += 0.01  # no empty column
    A *= rng.uniform(0.2, 0.8, n) / A.sum(axis=0)
    f = rng.uniform(1.0, 100.0, n)
    return A, f, np.linalg.solve(np.eye(n) - A, f)


# ----- issue 13 (tests/robust): a result folder to damage, a native table to corrupt ----------
ROBUST_FAST = ["robustness.weight_draws=0", "selection.alternatives=1"]


@pytest.fixture(scope="session")
def result_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A result folder of the offline scenario (written once; copy it before damaging it)."""
    from chainmap.scenario.results import write_results
    from chainmap.scenario.runner import run_scenario
    from chainmap.scenario.schema import load_scenario

    out = tmp_path_factory.mktemp("robust") / "result"
    write_results(
        run_scenario(load_scenario(ROOT / "scenarios/illustrative_demo.yaml", ROBUST_FAST)), out
    )
    return out


@pytest.fixture
def fresh_result(result_dir: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "result"
    shutil.copytree(result_dir, copy)
    return copy


@pytest.fixture
def native_table(tmp_path: Path) -> Path:
    out = tmp_path / "table"
    shutil.copytree(ROOT / "io_tables/examples/miller_blair_2x2", out)
    return out


def provincial_table(
    x: Any, e: Any, o: Any, m: Any, n: Any, *, z: Any = None, net: Any = None
) -> Any:
    """A small :class:`~chainmap.io.readers.provincial.ProvincialTable` built by hand.

    Sectors ``01, 02, ...``; gross trade columns ``e`` exports, ``o`` outflows, ``m``
    imports, ``n`` inflows, or ``net`` net outflows only; ``z`` the flows (zeros by default).
    """
    from chainmap.io.readers.provincial import FINAL_USE_COLUMNS, ProvincialTable

    codes = [f"{i + 1:02d}" for i in range(len(x))]
    fu = pd.DataFrame(np.nan, index=codes, columns=list(FINAL_USE_COLUMNS))
    if net is None:
        fu["exports"], fu["outflows"], fu["imports"], fu["inflows"] = e, o, m, n
    else:
        fu["net_outflows"] = net
    fu["gross_output"] = x
    flows = np.zeros((len(x), len(x))) if z is None else z
    return ProvincialTable(
        "测试",
        2017,
        "",
        "",
        codes,
        codes,
        pd.DataFrame(flows, codes, codes),
        fu,
        pd.DataFrame(),
        pd.Series(x, index=codes),
        pd.DataFrame(),
        trade_form="gross" if net is None else "net",
    )
