from __future__ import annotations

import csv
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import ROOT, need_data

from chainmap.city.citydata import read_city_data
from chainmap.city.regional import regionalize
from chainmap.io import illustrative
from chainmap.io.examples import miller_blair_2x2
from chainmap.io.illustrative import (
    build_city_output,
    build_illustrative_table,
    is_illustrative,
    write_illustrative,
)
from chainmap.io.readers import read_table
from chainmap.io.table import FINAL_DEMAND_CATEGORIES, VALUE_ADDED_COMPONENTS
from chainmap.io.validate import check_table

SHIPPED = ROOT / "io_tables" / "illustrative_42"
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def table():  # type: ignore[no-untyped-def]
    return build_illustrative_table()


def files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_same_seed_same_bytes_other_seed_other_table(tmp_path: Path) -> None:
    write_illustrative(tmp_path / "a")
    write_illustrative(tmp_path / "b")
    a, b = files(tmp_path / "a"), files(tmp_path / "b")
    assert sorted(a) == sorted(b) and a == b
    assert {"table/Z.csv", "table/meta.csv", "city_output.csv", "README.md"} <= set(a)
    other = build_illustrative_table(seed=7)
    assert not np.array_equal(other.z, build_illustrative_table().z)


def test_shipped_files_equal_a_fresh_generation(tmp_path: Path) -> None:
    write_illustrative(tmp_path / "fresh")
    shipped = files(SHIPPED)
    fresh = files(tmp_path / "fresh")
    assert sorted(shipped) == sorted(fresh)
    changed = [name for name in fresh if shipped[name] != fresh[name]]
    assert changed == [], f"regenerate with: python -m chainmap.io.illustrative {SHIPPED}"


def test_balanced_exactly_in_whole_numbers(table) -> None:  # type: ignore[no-untyped-def]
    blocks = [table.Z, table.final_demand, table.value_added, table.imports]
    blocks.append(table.imports_final_demand)
    for block in blocks:
        values = block.to_numpy()
        assert np.array_equal(values, np.round(values))
    x_rows = table.Z.sum(axis=1) + table.final_demand.sum(axis=1)
    x_cols = table.Z.sum(axis=0) + table.imports.sum(axis=0) + table.value_added.sum(axis=0)
    assert (x_rows == x_cols).all()
    assert (table.x == x_rows.to_numpy()).all()
    assert check_table(table) == []


def test_shipped_table_reads_back_validated_and_equal(table) -> None:  # type: ignore[no-untyped-def]
    back = read_table(SHIPPED / "table")
    assert back.meta.table_id == "illustrative-42"
    assert back.meta.table_type == "noncompetitive"
    for name in ("Z", "final_demand", "value_added", "imports", "imports_final_demand"):
        np.testing.assert_array_equal(
            getattr(back, name).to_numpy(), getattr(table, name).to_numpy()
        )
    np.testing.assert_array_equal(back.satellites.to_numpy(), table.satellites.to_numpy())
    assert back.satellite_units == {"employment": "persons"}
    pd.testing.assert_frame_equal(back.sectors, table.sectors, check_dtype=False)


def test_meta_says_illustrative_not_statistics(table) -> None:  # type: ignore[no-untyped-def]
    meta = table.meta
    assert meta.table_id == "illustrative-42"
    assert "示例数据" in meta.source and "illustrative data, not statistics" in meta.source
    assert meta.unit == "万元"
    readme = (SHIPPED / "README.md").read_text(encoding="utf-8")
    assert "示例数据，非统计数据" in readme and "not statistics" in readme


def test_sectors_codes_and_names(table) -> None:  # type: ignore[no-untyped-def]
    s = table.sectors
    assert list(s.index) == [f"{k:02d}" for k in range(1, 43)]
    assert all(CJK.search(n) for n in s["name_zh"])
    assert all(n and not CJK.search(n) for n in s["name_en"])
    assert (s["name"] == s["name_zh"]).all()
    assert s.loc["20", "name_zh"] == "通信设备、计算机和其他电子设备"
    assert s.loc["27", "name_en"] == "Construction"
    assert set(s["category"]) == set("ABCDEFGHIJKLMNOPQRS")
    assert (s.loc[[f"{k:02d}" for k in range(6, 24)], "category"] == "C").all()


@pytest.mark.realdata
def test_names_follow_the_nbs_42_sector_classification(table) -> None:  # type: ignore[no-untyped-def]
    path = need_data("china-nbs/china_2020_42.csv")
    with path.open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["Code"].isdigit()]
    official = {r["Code"]: (r["DescriptionInChinese"], r["Description"]) for r in rows}
    ours = {c: (r.name_zh, r.name_en) for c, r in table.sectors.iterrows()}
    assert ours == official
    # ... but the numbers are not the official ones: the domestic coefficients differ
    domestic = pd.DataFrame([r for r in rows if r["Origin"] == "Domestic"]).set_index("Code")
    z = domestic[list(official)].astype(float).to_numpy()
    go = domestic["GO"].astype(float).to_numpy()
    assert np.abs(z / go - table.a).max() > 0.1


def test_structure_is_plausible(table) -> None:  # type: ignore[no-untyped-def]
    a = table.a
    a_imp = table.imports.to_numpy() / table.x
    assert (a >= 0).all() and (a_imp >= 0).all()
    total = a.sum(axis=0) + a_imp.sum(axis=0)
    assert total.min() > 0.2 and total.max() < 0.9  # intermediate-input ratios
    assert a.sum(axis=0).max() < 0.85
    assert (table.value_added.to_numpy() >= 0).all()
    assert list(table.value_added.index) == list(VALUE_ADDED_COMPONENTS)
    assert set(table.final_demand.columns) <= set(FINAL_DEMAND_CATEGORIES)
    assert (table.final_demand.drop(columns="inventory_change").to_numpy() >= 0).all()
    assert (table.satellites.loc["employment"] > 0).all()
    # import dependence where the generator puts it: crude oil and ores above electronics
    share = a_imp.sum(axis=1) / (a_imp.sum(axis=1) + a.sum(axis=1))
    codes = list(table.codes)
    assert share[codes.index("03")] > share[codes.index("20")] > share[codes.index("27")]
    # manufacturing pulls harder backward than services (BL > 1 on average)
    bl = table.l.sum(axis=0) / table.l.sum(axis=0).mean()
    assert bl[5:22].mean() > 1 > bl[27:].mean()
    va_ratio = table.value_added.to_numpy().sum() / table.x.sum()
    assert 0.3 < va_ratio < 0.5


def test_city_output(table) -> None:  # type: ignore[no-untyped-def]
    city = build_city_output(table)
    assert list(city.index) == list(table.codes)
    years = [f"y{y}" for y in illustrative.CITY_YEARS]
    assert list(city.columns) == ["name_zh", "name_en", *years]
    assert (city.loc[["03", "04"], years] == 0).all().all()
    rest = city.drop(index=["03", "04"])[years]
    assert (rest > 0).all().all()
    share = city["y2023"].sum() / table.x.sum()
    assert 0.01 < share < 0.05
    # a specialised city: electronics' share of city output well above the national share
    assert city.loc["20", "y2023"] / city["y2023"].sum() > 1.5 * table.x[19] / table.x.sum()
    shipped = pd.read_csv(SHIPPED / "city_output.csv", dtype={"code": str}).set_index("code")
    np.testing.assert_array_equal(shipped[years].to_numpy(), city[years].to_numpy())


def test_city_data_regionalises_the_table_and_stays_marked_illustrative() -> None:
    parent = read_table(SHIPPED / "table")
    local = read_city_data(SHIPPED / "city_output.csv", value_column="y2023", unit="万元")
    city = regionalize(parent, local)
    assert check_table(city) == []
    assert city.n == 40  # crude oil and metal ores are not produced in the city
    assert city.x.sum() == pytest.approx(local.values.sum())
    assert is_illustrative(city) and is_illustrative(parent)
    assert not is_illustrative(miller_blair_2x2())


def test_module_entry(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert illustrative.main([str(tmp_path / "out"), "11"]) == 0
    assert "city_output.csv" in capsys.readouterr().out
    assert "seed 11" in read_table(tmp_path / "out" / "table").meta.source
    assert illustrative.main([]) == 2
