"""Issue 13, items 4 and 5: repairs of non-competitive tables, city keys and units."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from chainmap.city.citydata import CityData, complete_city_output, read_city_data
from chainmap.errors import DataWarning, InputDataError
from chainmap.io.table import IOTable, TableMeta
from chainmap.io.validate import check_table, validate_table


def noncompetitive_with_zero_sector() -> IOTable:
    codes = ["1", "2", "3"]
    index = pd.Index(codes, name="industry")
    Z = np.array([[10.0, 20, 0], [30, 40, 0], [0, 0, 0]])
    M = np.array([[5.0, 5, 0], [5, 5, 0], [10, 10, 0]])
    x = np.array([100.0, 100, 0])
    va = x - Z.sum(axis=0) - M.sum(axis=0)
    return IOTable(
        sectors=pd.DataFrame(
            {"name": ["a", "b", "c"], "name_zh": "", "name_en": "", "category": ""}, index=index
        ),
        Z=pd.DataFrame(Z, index=index, columns=index),
        final_demand=pd.DataFrame({"exports": [70.0, 30.0, 0.0]}, index=index),
        value_added=pd.DataFrame([va], index=["compensation"], columns=index),
        imports=pd.DataFrame(M, index=index, columns=index),
        meta=TableMeta(unit="units", table_type="noncompetitive"),
    )


def test_drop_zero_output_on_noncompetitive_table_keeps_it_consistent() -> None:
    t = noncompetitive_with_zero_sector()
    assert [i.row for i in check_table(t)] == ["3"]  # only the zero output
    with pytest.warns(DataWarning, match="removed 1 sector"):
        fixed = validate_table(t, repair=["drop_zero_output"])
    assert check_table(fixed) == []  # no new problem, no unit-slip warning
    assert fixed.imports is not None and list(fixed.imports.index) == ["1", "2"]
    assert fixed.other_inputs is not None
    assert fixed.other_inputs.loc["imports_of_removed_sectors"].tolist() == [10.0, 10.0]
    assert "moved to other_inputs" in fixed.meta.notes[-1]


def parent() -> IOTable:
    from chainmap.io.examples import miller_blair_2x2

    t = miller_blair_2x2()
    sectors = t.sectors.copy()
    sectors["name_zh"] = ["农业", "制造业"]
    sectors["name_en"] = ["Agriculture", "Manufacturing"]
    return t.replace(sectors=sectors)


def test_city_keys_by_exact_name() -> None:
    p = parent()
    out = complete_city_output(CityData(pd.Series([50.0], index=["制造业"])), p)
    assert out.covered == ("2",)
    out = complete_city_output(CityData(pd.Series([50.0], index=["Agriculture"])), p)
    assert out.covered == ("1",)


def test_city_keys_with_stripped_leading_zeros() -> None:
    from chainmap.city.citydata import match_key

    t = noncompetitive_with_zero_sector()
    index = pd.Index(["087", "088", "090"], name="industry")
    t = t.replace(
        sectors=t.sectors.set_axis(index),
        Z=t.Z.set_axis(index, axis=0).set_axis(index, axis=1),
    )
    assert match_key("87", t) == "087"
    assert match_key("087", t) == "087"
    assert match_key("9", t) is None


def test_city_unit_from_header_or_required(tmp_path) -> None:  # type: ignore[no-untyped-def]
    f = tmp_path / "city.csv"
    f.write_text("code,value\n1,5\n", encoding="utf-8")
    with pytest.raises(InputDataError, match="unit of the city figures is not stated"):
        read_city_data(f, require_unit=True)
    assert read_city_data(f, unit="亿元", require_unit=True).unit == "亿元"
    f.write_text("# 单位：亿元\ncode,value\n1,5\n", encoding="gbk")
    assert read_city_data(f, require_unit=True).unit == "亿元"
    with pytest.raises(InputDataError, match="states unit '亿元' but '万元'"):
        read_city_data(f, unit="万元")


def test_implausibly_small_city_share_is_noted() -> None:
    p = parent()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = complete_city_output(CityData(pd.Series([0.01], index=["1"])), p)
    assert any(n.startswith("warning: the city's output is") for n in out.notes)


def test_time_limit_status_is_worded_as_such() -> None:
    from chainmap.select.result import SelectionStatus

    assert SelectionStatus.TIME_LIMIT == "time_limit"
    assert SelectionStatus.TIME_LIMIT != SelectionStatus.INFEASIBLE
