"""Shared fixtures of the robustness tests (issue 13)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FAST = ["robustness.weight_draws=0", "selection.alternatives=1"]


@pytest.fixture(scope="session")
def result_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A result folder of the offline scenario (written once; copy it before damaging it)."""
    from chainmap.scenario.results import write_results
    from chainmap.scenario.runner import run_scenario
    from chainmap.scenario.schema import load_scenario

    out = tmp_path_factory.mktemp("robust") / "result"
    write_results(run_scenario(load_scenario(ROOT / "scenarios/illustrative_demo.yaml", FAST)), out)
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
