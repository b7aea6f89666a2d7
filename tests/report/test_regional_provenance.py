"""The brief states the regionalisation the run actually used, and where links are supplied from."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from chainmap.report.brief import observed
from chainmap.report.files import ResultFiles
from chainmap.report.notes import note_groups
from chainmap.report.regional import regional_clause
from chainmap.report.sourcing import link_sources, sources_note


def _files(regional: dict[str, Any], parent_id: str = "cn-nbs-2020-153") -> ResultFiles:
    empty = pd.DataFrame()
    doc = {
        "parent_table": {"table_id": parent_id, "year": 2020},
        "table": {"unit": "万元", "source": "regionalised"},
        "city_coverage": {"covered": ["001"], "filled": ["002"], "absent": []},
        "scenario": {"city": "杭州", "city_en": "Hangzhou"},
        "provenance": {"regionalisation": regional, "input_sha256": {}},
    }
    criteria = pd.DataFrame(index=pd.Index([], dtype=object))
    return ResultFiles(Path("."), doc, empty, empty, criteria, empty, None)


PROVINCE = {
    "method": "province",
    "parent_table": "cn-nbs-2020-153",
    "province_table": "cn-prov-2017-浙江",
    "delta": None,
    "observed": ["provincial local shares (42 products, proportionality assumption)"],
}


@pytest.mark.parametrize(
    ("regional", "zh", "en", "not_zh"),
    [
        (PROVINCE, ["浙江 2017", "学习模型"], ["Zhejiang", "2017", "learned model"], "区位"),
        ({"method": "learned"}, ["学习模型"], ["learned model"], "区位"),
        ({"method": "flq", "delta": 0.3}, ["区位熵", "FLQ，δ = 0.3"], ["FLQ, δ = 0.3"], "学习"),
        ({"method": "slq", "delta": 0.3}, ["区位熵", "SLQ"], ["SLQ)"], "δ"),
    ],
)
def test_observed_box_states_the_method_used(
    regional: dict[str, Any], zh: list[str], en: list[str], not_zh: str
) -> None:
    files = _files(regional)
    text_zh = " ".join(observed(files, "zh")[:2])
    text_en = " ".join(observed(files, "en")[:2])
    assert all(w in text_zh for w in zh), text_zh
    assert all(w in text_en for w in en), text_en
    assert not_zh not in regional_clause(files, "zh")
    # the notes' city-table line says the same
    city_line = note_groups(files, "zh")[0][1][1]
    assert not_zh not in city_line


def test_provincial_observations_are_listed_as_statistics() -> None:
    zh = observed(_files(PROVINCE), "zh")[0]
    assert "浙江 2017 年投入产出表的省际调入、调出与进出口（42 个产品）" in zh
    assert "浙江" not in observed(_files({"method": "learned"}), "zh")[0]


def test_national_parent_shows_only_bought_outside_and_says_why() -> None:
    files = _files({"method": "learned"})
    links = pd.DataFrame({"local_share": [0.25, 1.2]}, index=["094", "053"])
    origin = link_sources(files, links)
    assert origin.other is None and origin.abroad is None
    assert origin.outside.tolist() == [0.75, 0.0]
    assert "全国表" in sources_note(files, "zh") and "无法区分" in sources_note(files, "zh")
    assert "national table" in sources_note(files, "en")


def test_provincial_result_without_origin_columns_is_said_so() -> None:
    files = _files(PROVINCE)  # e.g. written by an older version: no origin columns
    files.gap_links["087"] = pd.DataFrame({"local_share": [0.5]}, index=["094"])
    origin = link_sources(files, files.gap_links["087"])
    assert origin.other is None
    assert "cn-prov-2017-浙江" in sources_note(files, "zh")
    assert "run the scenario again" in sources_note(files, "en")


def test_origins_are_read_from_the_result_folder() -> None:
    files = _files(PROVINCE)  # no data directory needed: the columns are in the result
    links = pd.DataFrame(
        {
            "local_share": [0.5, 0.2],
            "source_other_provinces": [0.3, 0.5],
            "source_abroad": [0.1, 0.2],
        },
        index=["094", "053"],
    )
    files.gap_links["087"] = links
    origin = link_sources(files, links)
    assert origin.other is not None and origin.abroad is not None
    assert origin.other.tolist() == [0.3, 0.5] and origin.abroad.tolist() == [0.1, 0.2]
    assert origin.outside.tolist() == [0.5, 0.8]
    assert "浙江 2017 年投入产出表" in sources_note(files, "zh")
    # a provincial workbook named by path (no registry id): the note names the file
    files.doc["provenance"]["regionalisation"] = {**PROVINCE, "province_table": "x/浙江.xls"}
    assert "x/浙江.xls" in sources_note(files, "en")


def test_illustrative_city_figures_are_not_called_statistics_and_gaps_are_not_dashes() -> None:
    files = _files({"method": "learned"})
    files.doc["illustrative"] = True  # stylised city figures on the real national table
    zh = observed(files, "zh")
    assert zh[0].startswith("示意数据，不是统计：") and "来自统计：" not in zh[0]
    assert "—" not in zh[0] and "—" not in zh[-2]  # no data year recorded: said in words
    assert "年份未说明" in zh[-2]
    assert "0 个行业城市无产出" not in zh[1]
    files.doc["notes"] = ["regionalised with city data x.csv [y2023]"]
    files.doc["city_coverage"]["absent"] = ["006"]
    zh = observed(files, "zh")
    assert "杭州 2023 年规模以上工业产值" in zh[0] and "1 个行业城市无产出" in zh[1]
    assert "城市产值为 2023 年现价" in zh[-2]


def test_subtitle_does_not_borrow_the_parent_year_for_the_city_data() -> None:
    from chainmap.report.sections import report_subtitle

    files = _files({"method": "learned"})
    files.doc["table"]["year"] = 2020  # the city table carries the parent's year
    assert "城市数据年份未说明" in report_subtitle(files, "zh")
    assert "city data year not stated" in report_subtitle(files, "en")
    files.doc["notes"] = ["regionalised with city data x.csv [y2023]"]
    assert "城市数据 2023 年现价" in report_subtitle(files, "zh")
