"""Shared fixtures: reference values and the official-data directory."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]


def data_dir() -> Path | None:
    """The official-table directory (CHAINMAP_DATA_DIR), or None when unset/missing."""
    raw = os.environ.get("CHAINMAP_DATA_DIR")
    if raw and Path(raw).is_dir():
        return Path(raw)
    default = ROOT.parent / "shared" / "data"
    return default if default.is_dir() else None


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
