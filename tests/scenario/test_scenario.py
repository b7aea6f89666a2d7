from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from chainmap.errors import ScenarioError
from chainmap.scenario.schema import DEFAULTS, check_codes, load_scenario, parse_override


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / f"{name}.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_defaults_parent_file_override_precedence(tmp_path: Path) -> None:
    write(tmp_path, "base", "selection:\n  budget: 40\n  alternatives: 2\n")
    child = write(tmp_path, "child", "extends: base\nselection:\n  budget: 45\n")
    sc = load_scenario(child, ["selection.budget=50", "criteria.weighting=entropy"])
    assert sc.get("selection.budget") == 50
    assert sc.get("selection.alternatives") == 2  # from parent
    assert sc.get("selection.solver") == DEFAULTS["selection"]["solver"]  # code default
    assert sc.get("criteria.weighting") == "entropy"
    keys = [(o["key"], o["old"], o["new"]) for o in sc.overrides]
    assert ("selection.budget", None, 40) in keys
    assert ("selection.budget", 40, 45) in keys
    assert ("selection.budget", 45, 50) in keys
    assert sc.overrides[-1]["source"] == "--set criteria.weighting"
    assert sc.name == "child"
    assert [Path(p).name for p in sc.chain] == ["base.yaml", "child.yaml"]
    assert set(sc.to_dict()["file_sha256"]) == set(sc.chain)


def test_unknown_key_names_key_and_file(tmp_path: Path) -> None:
    path = write(tmp_path, "bad", "selection:\n  budgett: 3\n")
    with pytest.raises(ScenarioError, match=r"bad.yaml.*unknown key 'selection.budgett'"):
        load_scenario(path)


def test_wrong_type_names_key(tmp_path: Path) -> None:
    path = write(tmp_path, "bad", "selection:\n  budget: lots\n")
    with pytest.raises(ScenarioError, match=r"'selection.budget' must be int or float"):
        load_scenario(path)
    path = write(tmp_path, "bad2", "selection:\n  strict_stages: 1\n")
    with pytest.raises(ScenarioError, match=r"'selection.strict_stages' must be bool"):
        load_scenario(path)


def test_missing_and_circular_parent(tmp_path: Path) -> None:
    path = write(tmp_path, "orphan", "extends: nowhere\n")
    with pytest.raises(ScenarioError, match="nowhere"):
        load_scenario(path)
    write(tmp_path, "a", "extends: b\n")
    b = write(tmp_path, "b", "extends: a\n")
    with pytest.raises(ScenarioError, match="circular"):
        load_scenario(b)


def test_invalid_yaml_and_override(tmp_path: Path) -> None:
    path = write(tmp_path, "broken", "selection: [\n")
    with pytest.raises(ScenarioError, match="not valid YAML"):
        load_scenario(path)
    good = write(tmp_path, "good", "name: good\n")
    with pytest.raises(ScenarioError, match="key=value"):
        load_scenario(good, ["selection.budget"])
    with pytest.raises(ScenarioError, match=r"unknown key 'selection\.nope'"):
        load_scenario(good, ["selection.nope=1"])


def test_parse_override_yaml_values() -> None:
    assert parse_override("a.b=[1, 2]") == ("a.b", [1, 2])
    assert parse_override("a=true") == ("a", True)
    assert parse_override("a=x") == ("a", "x")


def test_check_codes_lists_every_unknown(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "codes",
        "selection:\n  require: ['01', '99']\n  exclude: ['98']\npolicy: {'02': 1.0}\n",
    )
    sc = load_scenario(path)
    with pytest.raises(ScenarioError, match=r"codes.yaml.*'99'.*'98'"):
        check_codes(sc, ["01", "02"])
    ok = load_scenario(write(tmp_path, "ok", "selection:\n  require: [Farm]\n"))
    out = check_codes(ok, ["01", "02"], resolve=lambda t: {"Farm": "01"}[t])
    assert out["selection.require"] == ["01"]
