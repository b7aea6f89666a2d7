"""Supply origins (other provinces / abroad) are computed at run time and travel with the result."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import ROOT, need_data

from chainmap.city.from_province import read_concordance_42_153
from chainmap.gaps.sourcing import (
    ORIGIN_COLUMNS,
    calc_link_sources,
    calc_province_sources,
    calc_table_sources,
    sources_at_codes,
)
from chainmap.io.readers.provincial import read_provincial_table
from chainmap.io.readers.provincial_iotable import read_provincial_workbook
from chainmap.report.chain_tables import investment_tables
from chainmap.report.files import load_result_files
from chainmap.report.sourcing import sources_note
from chainmap.report.write import write_report
from chainmap.scenario.results import write_results
from chainmap.scenario.runner import run_scenario
from chainmap.scenario.schema import load_scenario

pytestmark = pytest.mark.realdata

WORKBOOK = "china-provinces/2017/11-浙江.xls"


@pytest.fixture(scope="module")
def hangzhou(tmp_path_factory: pytest.TempPathFactory) -> Path:
    need_data(WORKBOOK)
    out = tmp_path_factory.mktemp("origins") / "hangzhou"
    write_results(run_scenario(load_scenario(ROOT / "scenarios" / "hangzhou_2023.yaml")), out)
    return out


def test_origin_columns_equal_gaps_sourcing_by_hand(hangzhou: Path) -> None:
    links = pd.read_csv(hangzhou / "gaps" / "090_links.csv", dtype={"supplier": str})
    links = links.set_index("supplier")
    assert all(c in links.columns for c in ORIGIN_COLUMNS)
    # by hand for one link: computers ← electronic components (094, product 39 of the 42)
    province = calc_province_sources(read_provincial_table(need_data(WORKBOOK)))
    at = sources_at_codes(province, read_concordance_42_153(), ["094"])
    other, abroad = calc_link_sources(
        np.array([links.loc["094", "local_share"]]),
        at["other_provinces"].to_numpy(),
        at["abroad"].to_numpy(),
    )
    assert links.loc["094", "source_other_provinces"] == pytest.approx(other[0], rel=1e-12)
    assert links.loc["094", "source_abroad"] == pytest.approx(abroad[0], rel=1e-12)
    assert other[0] > 0 and abroad[0] > 0
    # never more than what is bought outside the city
    outside = 1 - links["local_share"].clip(0, 1)
    assert (links["source_other_provinces"] + links["source_abroad"] <= outside + 1e-12).all()
    # the gap JSON carries the same figures
    doc = json.loads((hangzhou / "gaps" / "090.json").read_text(encoding="utf-8"))
    row = next(r for r in doc["links"] if r["supplier"] == "094")
    assert row["source_abroad"] == pytest.approx(abroad[0], rel=1e-12)


def test_report_shows_the_split_without_the_workbook(
    hangzhou: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    moved = tmp_path / "elsewhere" / "result"
    shutil.copytree(hangzhou, moved)
    empty = tmp_path / "no-data"
    empty.mkdir()
    monkeypatch.setenv("CHAINMAP_DATA_DIR", str(empty))  # the workbook is not at hand
    files = load_result_files(moved)
    code = files.chosen[0]
    mfg = investment_tables(files, code, "zh")[0]
    assert "外省调入占比（%）" in mfg.columns and "境外进口占比（%）" in mfg.columns
    assert "从市外购入（%）" not in mfg.columns
    assert mfg["境外进口占比（%）"].notna().any()
    assert "浙江 2017 年投入产出表" in sources_note(files, "zh")
    html = write_report(moved, lang="zh", formats=("html",))[0].read_text(encoding="utf-8")
    assert "外省调入占比" in html and "不可读取" not in html


def test_national_parent_writes_no_origin_columns(result_dir: Path) -> None:
    links = next((result_dir / "gaps").glob("*_links.csv"))
    header = links.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert not set(ORIGIN_COLUMNS) & set(header)


def test_provincial_parent_gives_the_same_shares_as_its_workbook() -> None:
    path = need_data(WORKBOOK)
    from_table = calc_table_sources(read_provincial_workbook(path))
    assert from_table is not None
    from_workbook = calc_province_sources(read_provincial_table(path)).reindex(from_table.index)
    pd.testing.assert_frame_equal(from_table, from_workbook, rtol=1e-9)
