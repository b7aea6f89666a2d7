"""City sector data: reading, concordance mapping (split rule), fill rules, units."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import ROOT, need_data

from chainmap.city.citydata import (
    CityData,
    complete_city_output,
    map_to_parent,
    read_city_data,
    read_concordance,
    unit_factor,
)
from chainmap.errors import InputDataError, ScenarioError
from chainmap.io.table import INDUSTRY, IOTable, TableMeta

SEEDS = ROOT / "io_tables" / "seeds" / "hangzhou_above_scale_industrial_output.csv"
CONCORDANCE = ROOT / "io_tables" / "concordances" / "gbt4754_to_cn153.csv"


def parent4() -> IOTable:
    """Four sectors, output x = [100, 300, 200, 400] (万元), VA and employment."""
    codes = pd.Index(["01", "02", "03", "04"], name=INDUSTRY)
    x = np.array([100.0, 300.0, 200.0, 400.0])
    Z = np.diag(x * 0.1)
    va = x * np.array([0.5, 0.6, 0.3, 0.9])
    return IOTable(
        sectors=pd.DataFrame({"name": list("ABCD")}, index=codes),
        Z=pd.DataFrame(Z, index=codes, columns=codes),
        final_demand=pd.DataFrame({"household_consumption": x * 0.9}, index=codes),
        value_added=pd.DataFrame([va], index=pd.Index(["operating_surplus"]), columns=codes),
        satellites=pd.DataFrame([[10.0, 20.0, 40.0, 5.0]], index=["employment"], columns=codes),
        satellite_units={"employment": "万人"},
        meta=TableMeta(region="N", unit="万元", table_id="p4"),
    )


def write(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    return path


def test_read_city_data(tmp_path: Path) -> None:
    p = write(tmp_path / "c.csv", [["code", "value"], ["01", "10"], ["02", ""], ["03", "1,234.5"]])
    c = read_city_data(p, unit="万元", region="X", year=2023)
    assert c.values.index.tolist() == ["01", "02", "03"]
    assert c.values["01"] == 10.0 and np.isnan(c.values["02"]) and c.values["03"] == 1234.5
    assert (c.region, c.year, c.measure) == ("X", 2023, "output")


def test_read_city_data_reports_every_problem(tmp_path: Path) -> None:
    p = write(
        tmp_path / "c.csv",
        [["code", "value"], ["01", "abc"], ["02", "-3"], ["01", "4"], ["01", "5"]],
    )
    with pytest.raises(InputDataError) as err:
        read_city_data(p)
    text = str(err.value)
    assert "3 problems" in text
    assert "row 2, column value: value 'abc' is not a number" in text
    assert "row 3" in text and "must be finite and >= 0" in text
    assert "column code: duplicate sector '01'" in text
    with pytest.raises(InputDataError, match="no column 'y2030'"):
        read_city_data(p, value_column="y2030")
    with pytest.raises(ScenarioError, match="unknown city measure"):
        read_city_data(p, measure="jobs")  # type: ignore[arg-type]


def concordance(tmp_path: Path) -> pd.DataFrame:
    rows = [
        ["source_code", "source_name", "target_code"],
        ["X1", "甲业", "01"],
        ["X2", "乙业", "02"],
        ["X2", "乙业", "03"],  # X2 spans 02 and 03: split 300:200
        ["X3", "丙业", "04"],
    ]
    return read_concordance(write(tmp_path / "k.csv", rows))


def test_split_rule_proportional_to_parent_output(tmp_path: Path) -> None:
    city = CityData(pd.Series([50.0, 100.0, 40.0], index=["甲业", "X2", "X3"]), unit="万元")
    mapped = map_to_parent(city, concordance(tmp_path), parent4())
    assert mapped.values.to_dict() == pytest.approx({"01": 50, "02": 60, "03": 40, "04": 40})
    assert "split by parent output" in mapped.notes[-1]
    # employment data split by the parent's employment (20:40)
    emp = CityData(pd.Series([3.0], index=["X2"]), measure="employment")
    assert map_to_parent(emp, concordance(tmp_path), parent4()).values.to_dict() == pytest.approx(
        {"02": 1.0, "03": 2.0}
    )


def test_unreported_sources(tmp_path: Path) -> None:
    city = CityData(pd.Series([50.0, np.nan], index=["X1", "X2"]))
    missing = map_to_parent(city, concordance(tmp_path), parent4())
    assert missing.values.index.tolist() == ["01"]
    zero = map_to_parent(city, concordance(tmp_path), parent4(), unreported="zero")
    assert zero.values.to_dict() == {"01": 50.0, "02": 0.0, "03": 0.0, "04": 0.0}


def test_concordance_errors(tmp_path: Path) -> None:
    with pytest.raises(InputDataError, match="'Y9' is not in the concordance"):
        map_to_parent(CityData(pd.Series([1.0], index=["Y9"])), concordance(tmp_path), parent4())
    bad = read_concordance(
        write(tmp_path / "b.csv", [["source_code", "source_name", "target_code"], ["A", "a", "99"]])
    )
    with pytest.raises(InputDataError, match=r"'99'.*not a sector of the parent"):
        map_to_parent(CityData(pd.Series([1.0], index=["A"])), bad, parent4())
    mixed = read_concordance(
        write(
            tmp_path / "m.csv",
            [["source_code", "source_name", "target_code"], ["A", "a", "01"], ["B", "b", "01"]],
        )
    )
    with pytest.raises(InputDataError, match="01 is fed by reported and unreported"):
        map_to_parent(CityData(pd.Series([1.0], index=["A"])), mixed, parent4())
    with pytest.raises(InputDataError, match="duplicate pair A -> 01"):
        read_concordance(
            write(
                tmp_path / "d.csv",
                [["source_code", "source_name", "target_code"], ["A", "a", "01"], ["A", "a", "01"]],
            )
        )


def test_fill_rules() -> None:
    p = parent4()
    data = CityData(pd.Series([10.0, 30.0], index=["01", "02"]))  # 10 % of the parent
    share = complete_city_output(data, p)
    assert share.output.tolist() == pytest.approx([10, 30, 20, 40])
    assert share.filled == ("03", "04") and share.covered == ("01", "02")
    assert any("filled sectors (parent_share" in n and "03, 04" in n for n in share.notes)
    structure = complete_city_output(data, p, fill="parent_structure", fill_total=120.0)
    assert structure.output.tolist() == pytest.approx([10, 30, 40, 80])  # 200:400 of 120
    zero = complete_city_output(data, p, fill="zero")
    assert zero.output.tolist() == [10, 30, 0, 0]
    assert zero.filled == () and zero.absent == ("03", "04")
    assert zero.lq_codes == ("01", "02", "03", "04")
    excl = complete_city_output(data, p, fill="exclude")
    assert excl.lq_codes == ("01", "02") and excl.absent == ("03", "04")
    with pytest.raises(ScenarioError, match="needs a positive fill_total"):
        complete_city_output(data, p, fill="parent_structure")
    with pytest.raises(ScenarioError, match="unknown fill rule"):
        complete_city_output(data, p, fill="guess")  # type: ignore[arg-type]


def test_measures_and_units() -> None:
    p = parent4()
    yi = complete_city_output(CityData(pd.Series([0.001], index=["02"]), unit="亿元"), p)
    assert yi.output["02"] == pytest.approx(10.0)  # 0.001 亿元 = 10 万元
    assert any("from 亿元 to 万元 (x 10000)" in n for n in yi.notes)
    va = complete_city_output(CityData(pd.Series([18.0], index=["02"]), measure="value_added"), p)
    assert va.output["02"] == pytest.approx(30.0)  # VA ratio 0.6
    emp = complete_city_output(
        CityData(pd.Series([20000.0], index=["03"]), measure="employment", unit="人"), p
    )
    assert emp.output["03"] == pytest.approx(10.0)  # 2 万人 of 40 万人 → 1/20 of 200
    with pytest.raises(InputDataError, match=r"exceeds the parent's.*unit"):
        complete_city_output(CityData(pd.Series([5.0], index=["02"]), unit="亿元"), p)
    with pytest.raises(InputDataError, match="not codes of the parent"):
        complete_city_output(CityData(pd.Series([5.0], index=["9"])), p)
    with pytest.raises(InputDataError, match="cannot convert"):
        unit_factor("kg", "万元")
    assert unit_factor("100 million yuan", "万元") == 1e4


def test_shipped_seeds_and_concordance() -> None:
    conc = read_concordance(CONCORDANCE)
    seeds = read_city_data(SEEDS, value_column="y2023", key_column="industry_zh", unit="亿元")
    names = set(conc["source_name"])
    assert set(seeds.values.index) <= names  # every division in the seeds maps
    # GB/T 4754 divisions 06-46, each IO sector 006..102 from exactly one division (011 from 11, 12)
    assert sorted(set(conc["source_code"])) == [f"{d:02d}" for d in range(6, 47)]
    targets = conc.groupby("target_code")["source_code"].apply(list)
    assert targets.index.tolist() == [f"{c:03d}" for c in range(6, 103)]
    assert {k: v for k, v in targets.items() if len(v) > 1} == {"011": ["11", "12"]}
    assert seeds.values["计算机、通信和其他电子设备制造业"] == 3319.4
    assert seeds.values.isna().sum() == 2  # coal and ferrous ore mining not reported in 2023


@pytest.mark.realdata
def test_concordance_codes_exist_in_2020_table() -> None:
    path = need_data("china-nbs/china_2020_153.csv")
    with path.open(encoding="utf-8") as f:
        header = next(csv.reader(f))
    codes = {c for c in header if c.isdigit()}
    assert len(codes) == 153
    conc = read_concordance(CONCORDANCE)
    assert set(conc["target_code"]) <= codes
