"""A provincial workbook named by a relative path is found beside the scenario that names it."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, need_data

from chainmap.errors import ScenarioError
from chainmap.scenario.analysis import analyse_scenario
from chainmap.scenario.schema import load_scenario

WORKBOOK = "china-provinces/2017/11-浙江.xls"


def _scenario_beside_workbook(folder: Path, province: str) -> Path:
    shipped = ROOT / "scenarios" / "hangzhou_2023.yaml"
    seeds = ROOT / "io_tables"
    text = f"""
extends: {shipped}
name: hz_relative_province
city:
  data: {seeds / "seeds" / "hangzhou_above_scale_industrial_output.csv"}
  concordance: {seeds / "concordances" / "gbt4754_to_cn153.csv"}
regionalization:
  province: {province}
"""
    path = folder / "hz.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_relative_province_workbook_resolves_from_the_scenario_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workbook = need_data(WORKBOOK)
    folder = tmp_path / "planner"
    folder.mkdir()
    shutil.copy(workbook, folder / workbook.name)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # the working folder must not matter
    analysis = analyse_scenario(load_scenario(_scenario_beside_workbook(folder, workbook.name)))
    assert str(folder / workbook.name) in analysis.inputs


def test_missing_relative_province_workbook_names_the_setting(tmp_path: Path) -> None:
    path = _scenario_beside_workbook(tmp_path, "no-such-浙江.xls")
    message = "regionalization.province: table no-such-浙江.xls not found"
    with pytest.raises(ScenarioError, match=re.escape(message)):
        analyse_scenario(load_scenario(path))
