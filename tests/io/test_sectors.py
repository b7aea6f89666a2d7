"""Resolving codes and names typed by people."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import need_data

from chainmap.errors import InputDataError
from chainmap.io.examples import miller_blair_2x2
from chainmap.io.sectors import resolve_sector, resolve_sectors, sector_labels


def test_codes_and_exact_names() -> None:
    t = miller_blair_2x2()
    assert resolve_sector(t, "1") == "1"
    assert resolve_sector(t, " 2 ") == "2"
    assert resolve_sector(t, "部门二") == "2"
    assert resolve_sector(t, "Sector 1") == "1"
    assert resolve_sector(t, "sector   1") == "1"  # English: case and spacing ignored


def test_unknown_sector_lists_closest_names() -> None:
    t = miller_blair_2x2()
    with pytest.raises(InputDataError, match=r"unknown sector '部门三'.*closest: 1 部门一") as err:
        resolve_sector(t, "部门三")
    assert err.value.issues[0].sheet == "sectors"
    with pytest.raises(InputDataError, match="closest: none"):
        resolve_sector(t, "zzzzzzzz")


def test_partial_names_never_resolve() -> None:
    with pytest.raises(InputDataError, match="unknown sector 'Sector'"):
        resolve_sector(miller_blair_2x2(), "Sector")


def test_ambiguous_name_is_an_error() -> None:
    t = miller_blair_2x2()
    sectors = t.sectors.copy()
    sectors["name_en"] = ["Same", "Same"]
    with pytest.raises(InputDataError, match=r"ambiguous.*1 部门一.*2 部门二"):
        resolve_sector(t.replace(sectors=sectors), "same")


def test_resolve_sectors_reports_every_problem() -> None:
    t = miller_blair_2x2()
    assert resolve_sectors(t, ["Sector 2", "1"]) == ["2", "1"]
    with pytest.raises(InputDataError, match="2 problems") as err:
        resolve_sectors(t, ["x1", "1", "x2"])
    assert [i.message.split("'")[1] for i in err.value.issues] == ["x1", "x2"]


def test_sector_labels_fall_back_to_name() -> None:
    t = miller_blair_2x2()
    sectors = t.sectors.copy()
    sectors["name_en"] = ["", "Two"]
    labels = sector_labels(t.replace(sectors=sectors), "en")
    assert labels == {"1": "Sector 1", "2": "Two"}
    assert sector_labels(t, "zh") == {"1": "部门一", "2": "部门二"}
    assert isinstance(pd.Series(labels), pd.Series)


def test_numeric_code_without_leading_zeros() -> None:
    t = miller_blair_2x2()
    codes = pd.Index(["001", "002"], name="industry")
    t2 = t.replace(
        sectors=t.sectors.set_axis(codes),
        Z=t.Z.set_axis(codes, axis=0).set_axis(codes, axis=1),
        final_demand=t.final_demand.set_axis(codes),
        value_added=t.value_added.set_axis(codes, axis=1),
        satellites=t.satellites.set_axis(codes, axis=1) if t.satellites is not None else None,
    )
    assert resolve_sector(t2, "2") == "002"
    assert resolve_sector(t2, "002") == "002"


@pytest.mark.realdata
def test_real_table_names() -> None:
    from chainmap.io.readers import read_table

    path = need_data("china-nbs/china_2020_153.csv")
    t = read_table("cn-nbs-2020-153", data_dir=path.parents[1])
    assert resolve_sector(t, "汽车整车") == "079"
    assert resolve_sector(t, "Manufacture of automobiles") == "079"
    assert resolve_sector(t, "79") == "079"
    with pytest.raises(InputDataError, match=r"'汽车'.*079 汽车整车.*080 汽车零部件及配件"):
        resolve_sector(t, "汽车")
