"""The NBS employment series reader and the shipped employment → 153 concordance."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import need_data

from chainmap.errors import InputDataError
from chainmap.io.readers.employment import (
    EMPLOYMENT_PATH,
    read_employment_concordance,
    read_employment_csv,
)
from chainmap.scenario.employment import CONCORDANCE

HEAD = "Code,Description,DescriptionInChinese,2017,2018\n"
GOOD = (
    "TOT,Total,全国总计,10,12\n"
    "A,Farming,农业,4,5\nA01,Crops,农业,4,5\n"
    "C,Making,制造业,6,7\nC01,Food,食品,2,3\nC02,Cars,汽车,4,4\n"
)


def _write(tmp_path: Path, body: str, head: str = HEAD) -> Path:
    path = tmp_path / "employment.csv"
    path.write_text(head + body, encoding="utf-8")
    return path


def test_reads_persons_by_code_and_year(tmp_path: Path) -> None:
    series = read_employment_csv(_write(tmp_path, GOOD))
    assert series.years == [2017, 2018]
    assert series.year(2017).to_dict() == {
        "TOT": 10.0,
        "A": 4.0,
        "A01": 4.0,
        "C": 6.0,
        "C01": 2.0,
        "C02": 4.0,
    }
    assert series.names.loc["C02", "name_en"] == "Cars" and series.unit == "万人"
    with pytest.raises(InputDataError, match="no column 2019"):
        series.year(2019)


def test_bad_cell_names_file_row_column_and_value(tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD.replace("C02,Cars,汽车,4,4", "C02,Cars,汽车,4,n/a"))
    with pytest.raises(InputDataError) as err:
        read_employment_csv(path)
    text = str(err.value)
    assert str(path) in text and "C02 (line 7)" in text and "column 2018" in text
    assert "'n/a'" in text


def test_every_problem_is_reported_together(tmp_path: Path) -> None:
    body = GOOD + "C02,Cars again,汽车,1,1\nX1,Odd,奇怪,1,1\nA02,Trees,林业,-1,0\n"
    with pytest.raises(InputDataError) as err:
        read_employment_csv(_write(tmp_path, body))
    text = str(err.value)
    assert "duplicate code 'C02'" in text and "'X1' is neither" in text
    assert "negative employment -1" in text


def test_section_must_equal_its_divisions(tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD.replace("C,Making,制造业,6,7", "C,Making,制造业,9,7"))
    with pytest.raises(InputDataError, match=r"row C \(line 5\).*column 2017.*published total 9"):
        read_employment_csv(path)


def test_wrong_header_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputDataError, match="expected"):
        read_employment_csv(_write(tmp_path, GOOD, head="code,name,zh,2018\n"))
    with pytest.raises(InputDataError, match="no such file"):
        read_employment_csv(tmp_path / "absent.csv")


@pytest.mark.realdata
def test_real_series_reads_and_the_concordance_matches_it() -> None:
    series = read_employment_csv(need_data(EMPLOYMENT_PATH))
    assert series.years[0] == 1990 and series.years[-1] == 2018
    assert series.year(2018)["TOT"] == 77586.0
    conc = read_employment_concordance(CONCORDANCE)
    # every source is a code of the series, with the series' own Chinese name
    names = series.names["name_zh"]
    for code, name in zip(conc["source_code"], conc["source_name"], strict=True):
        assert names[code] == name, code
    # all 153 sectors are targets
    assert sorted(conc["target_code"].unique()) == [f"{k:03d}" for k in range(1, 154)]
    # sources never overlap (a section and one of its divisions) and cover every
    # section: each section is mapped whole or through all its divisions
    sources = set(conc["source_code"])
    codes = list(series.persons.index)
    for section in (c for c in codes if re.fullmatch(r"[A-Z]", c)):
        divisions = {c for c in codes if re.fullmatch(section + r"\d{2}", c)}
        if section in sources:
            assert not divisions & sources, section
        else:
            assert divisions and divisions <= sources, section


def test_industry_rows_agree_with_the_city_data_concordance() -> None:
    # gbt4754_to_cn153.csv (industry divisions by name, for city data) and the
    # employment concordance must send every industry division to the same sectors;
    # the only spelling difference is 造纸和/及纸制品业
    root = Path(__file__).resolve().parents[2] / "io_tables" / "concordances"
    gbt = read_employment_concordance(root / "gbt4754_to_cn153.csv")
    emp = read_employment_concordance(CONCORDANCE)
    by_name = {
        name.replace("造纸和", "造纸及"): set(group["target_code"])
        for name, group in gbt.groupby("source_name")
    }
    ours = {name: set(group["target_code"]) for name, group in emp.groupby("source_name")}
    assert len(by_name) == 41
    assert {name: ours.get(name) for name in by_name} == by_name
