"""Scenario level: policy support read from plan texts; service rows make services candidates."""

from __future__ import annotations

import hashlib
from pathlib import Path

from conftest import need_data

from chainmap.scenario.runner import run_scenario
from chainmap.scenario.schema import load_scenario

FAST = [
    "robustness.weight_draws=0",
    "robustness.parameter_draws=0",
    "selection.alternatives=0",
]

CITY = """code,value
090,900
091,700
094,500
079,400
066,300
087,250
128,600
129,200
"""

PLAN = (
    "市十四五规划：大力发展软件服务和信息技术服务，建设软件名城。"
    "培育电池和新能源汽车产业，推进计算机与通信设备制造。\n"
)


def _scenario(folder: Path, extra: str = "") -> Path:
    (folder / "city.csv").write_text(CITY, encoding="utf-8")
    path = folder / "city.yaml"
    path.write_text(
        "name: test_city\n"
        "table: cn-nbs-2020-153\n"
        "year: 2020\n"
        "city:\n"
        "  name: 测试市\n"
        "  data: city.csv\n"
        "  column: value\n"
        "  unit: 万元\n"
        "  measure: output\n"
        "  fill: parent_share\n"
        "market:\n"
        "  tables: []\n"
        "selection:\n"
        "  n_leading: [2, 3]\n"
        "  n_potential: [0, 1]\n" + extra,
        encoding="utf-8",
    )
    return path


def test_policy_criterion_comes_from_the_documents(tmp_path: Path) -> None:
    need_data("china-nbs/china_2020_153.csv")
    docs = tmp_path / "plans"
    docs.mkdir()
    (docs / "plan.txt").write_text(PLAN, encoding="utf-8")
    (docs / "other.txt").write_text("推进电池产业链建设。电池回收利用。\n", encoding="utf-8")
    result = run_scenario(load_scenario(_scenario(tmp_path, "policy_documents: plans\n"), FAST))
    hashes = result.provenance()["input_sha256"]
    for name in ("plan.txt", "other.txt"):
        sha = hashlib.sha256((docs / name).read_bytes()).hexdigest()
        assert hashes[str(docs / name)] == sha
    policy = result.criteria.indicators["policy_intensity"]
    assert policy["128"] > 0  # 软件服务 named in the plan
    assert policy["087"] > 0  # 电池
    assert policy["061"] == 0  # 钢: not mentioned
    assert policy.max() == 1.0
    assert any(n.startswith("policy support from 2 plan documents") for n in result.notes)


def test_service_rows_in_city_data_make_software_candidates(tmp_path: Path) -> None:
    need_data("china-nbs/china_2020_153.csv")
    result = run_scenario(load_scenario(_scenario(tmp_path), FAST))
    candidates = set(result.selection_inputs.candidates)
    assert {"128", "129"} <= candidates  # software, IT services: in the city data
    assert "127" not in candidates  # internet: not reported, filled, not a candidate
    note = next(n for n in result.notes if n.startswith("selection candidates"))
    assert "service sectors" in note
