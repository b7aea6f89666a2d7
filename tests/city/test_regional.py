"""Regionalisation: LQ formulas against hand values, invariants, identities of the city table."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chainmap.city.citydata import CityData
from chainmap.city.regional import (
    ABSENT_PREFIX,
    FINAL_DEMAND_COLUMN,
    calc_aflq,
    calc_cilq,
    calc_flq,
    calc_import_share,
    calc_lambda_star,
    calc_lq,
    calc_regional_coefficients,
    calc_slq,
    parent_technology,
    regionalize,
)
from chainmap.errors import InputDataError, ScenarioError
from chainmap.io.examples import miller_blair_2x2
from chainmap.io.table import INDUSTRY, IOTable, TableMeta

# Three-sector example, worked by hand:
# x^N = [100, 200, 300] (total 600), x^R = [20, 10, 30] (total 60).
# SLQ = [(20/60)/(100/600), (10/60)/(200/600), (30/60)/(300/600)] = [2, 0.5, 1].
# CILQ_ij = SLQ_i / SLQ_j, SLQ_i on the diagonal.
# λ* = [log2(1 + 60/600)]^0.3 = 0.137503524^0.3 = 0.551434772.
# AFLQ multiplies column 1 (SLQ_1 = 2 > 1) by log2(3) = 1.584962501.
XN = np.array([100.0, 200.0, 300.0])
XR = np.array([20.0, 10.0, 30.0])
SLQ = [2.0, 0.5, 1.0]
CILQ = [[2.0, 4.0, 2.0], [0.25, 0.5, 0.5], [0.5, 2.0, 1.0]]
LAMBDA = 0.5514347723323603
FLQ = [
    [1.1028695446647205, 2.205739089329441, 1.1028695446647205],
    [0.13785869308309007, 0.27571738616618013, 0.27571738616618013],
    [0.27571738616618013, 1.1028695446647205, 0.5514347723323603],
]
LOG2_3 = 1.584962500721156


def test_slq_cilq_flq_aflq_hand_values() -> None:
    assert calc_slq(XR, XN).tolist() == pytest.approx(SLQ, rel=1e-15)
    assert calc_cilq(np.array(SLQ)).tolist() == CILQ
    assert calc_lambda_star(60.0, 600.0, 0.3) == pytest.approx(LAMBDA, rel=1e-14)
    np.testing.assert_allclose(calc_flq(np.array(SLQ), LAMBDA), FLQ, rtol=1e-14)
    np.testing.assert_allclose(calc_lq(XR, XN, "flq", 0.3), FLQ, rtol=1e-14)
    aflq = np.array(FLQ)
    aflq[:, 0] *= LOG2_3
    np.testing.assert_allclose(calc_aflq(np.array(SLQ), LAMBDA), aflq, rtol=1e-14)
    np.testing.assert_allclose(calc_lq(XR, XN, "aflq", 0.3), aflq, rtol=1e-14)
    np.testing.assert_allclose(calc_lq(XR, XN, "slq"), np.repeat([[2.0], [0.5], [1.0]], 3, 1))


def test_regional_coefficients_hand_values() -> None:
    a = np.array([[0.1, 0.2, 0.3], [0.2, 0.1, 0.1], [0.05, 0.1, 0.2]])
    r = calc_regional_coefficients(a, np.array(FLQ))
    expected = [
        [0.1, 0.2, 0.3],  # row 1: every FLQ > 1, bought fully locally
        [0.2 * 0.13785869308309007, 0.1 * 0.27571738616618013, 0.1 * 0.27571738616618013],
        [0.05 * 0.27571738616618013, 0.1, 0.2 * 0.5514347723323603],
    ]
    np.testing.assert_allclose(r, expected, rtol=1e-14)


def test_delta_zero_is_cilq() -> None:
    np.testing.assert_array_equal(calc_lq(XR, XN, "flq", 0.0), calc_lq(XR, XN, "cilq"))
    parent = three_sector_parent()
    city_data = CityData(pd.Series(XR, index=["a", "b", "c"]))
    flq0 = regionalize(parent, city_data, method="flq", delta=0.0)
    cilq = regionalize(parent, city_data, method="cilq")
    np.testing.assert_allclose(flq0.z, cilq.z, rtol=1e-15)
    np.testing.assert_allclose(flq0.imports.to_numpy(), cilq.imports.to_numpy(), rtol=1e-15)


def test_lambda_star_bounds() -> None:
    assert calc_lambda_star(600.0, 600.0, 0.3) == 1.0  # log2(2) = 1
    with pytest.raises(ScenarioError, match="0 <= delta < 1"):
        calc_lambda_star(1.0, 10.0, 1.0)
    with pytest.raises(InputDataError, match="not above the parent"):
        calc_lambda_star(20.0, 10.0, 0.3)


def three_sector_parent() -> IOTable:
    """Competitive 3-sector table with exports and imports (row and column identities hold)."""
    codes = pd.Index(["a", "b", "c"], name=INDUSTRY)
    a = np.array([[0.1, 0.1, 0.05], [0.2, 0.1, 0.1], [0.05, 0.1, 0.2]])
    Z = a * XN[np.newaxis, :]
    exports = np.array([10.0, 30.0, 20.0])
    imports = np.array([20.0, 5.0, 40.0])
    household = XN - Z.sum(axis=1) - exports + imports
    assert (household > 0).all()
    fd = pd.DataFrame(
        {"household_consumption": household, "exports": exports, "imports": -imports}, index=codes
    )
    va = pd.DataFrame(
        [0.6 * (XN - Z.sum(axis=0)), 0.4 * (XN - Z.sum(axis=0))],
        index=pd.Index(["compensation", "operating_surplus"], name="component"),
        columns=codes,
    )
    sectors = pd.DataFrame(
        {"name": ["A", "B", "C"], "name_zh": ["甲", "乙", "丙"], "name_en": ["A", "B", "C"]},
        index=codes,
    )
    emp = pd.DataFrame([[10.0, 40.0, 30.0]], index=pd.Index(["employment"]), columns=codes)
    return IOTable(
        sectors=sectors,
        Z=pd.DataFrame(Z, index=codes, columns=codes),
        final_demand=fd,
        value_added=va,
        meta=TableMeta(region="nation", year=2020, unit="万元", table_id="test-3"),
        satellites=emp,
        satellite_units={"employment": "persons"},
    )


def assert_identities(city: IOTable) -> None:
    x = city.x
    inputs = (
        city.z.sum(axis=0)
        + city.imports.to_numpy().sum(axis=0)
        + city.value_added.to_numpy().sum(axis=0)
    )
    if city.other_inputs is not None:
        inputs = inputs + city.other_inputs.to_numpy().sum(axis=0)
    np.testing.assert_allclose(inputs, x, rtol=1e-12)
    np.testing.assert_allclose(city.z.sum(axis=1) + city.final_demand.sum(axis=1), x, rtol=1e-12)
    assert (city.imports.to_numpy() >= 0).all()


def test_import_share_and_domestic_basis() -> None:
    parent = three_sector_parent()
    mu = calc_import_share(parent)
    # μ_i = m_i / (x_i − e_i + m_i)
    assert mu.tolist() == pytest.approx([20 / 110, 5 / 175, 40 / 320], rel=1e-15)
    a_total, a_dom = parent_technology(parent)
    np.testing.assert_allclose(a_dom, a_total * (1 - mu.to_numpy())[:, None], rtol=1e-15)
    _, a_tot2 = parent_technology(parent, "total")
    np.testing.assert_array_equal(a_tot2, a_total)


@pytest.mark.parametrize("method", ["slq", "cilq", "flq", "aflq"])
def test_parent_outputs_give_parent_coefficients(method: str) -> None:
    parent = three_sector_parent()
    city = regionalize(parent, CityData(parent.output), method=method)  # type: ignore[arg-type]
    a_total, a_dom = parent_technology(parent)
    np.testing.assert_allclose(city.a, a_dom, rtol=1e-13)  # local = national domestic
    need = (city.z + city.imports.to_numpy()) / city.x
    np.testing.assert_allclose(need, a_total, rtol=1e-13)
    assert_identities(city)
    mb = miller_blair_2x2()
    city_mb = regionalize(mb, CityData(mb.output), method=method)  # type: ignore[arg-type]
    np.testing.assert_allclose(city_mb.a, mb.a, rtol=1e-13)
    np.testing.assert_allclose(city_mb.final_demand.sum(axis=1), mb.total_final_demand, rtol=1e-12)


def test_city_table_contents_and_notes() -> None:
    parent = three_sector_parent()
    city = regionalize(parent, CityData(pd.Series(XR, index=["a", "b", "c"]), region="Town"))
    assert city.meta.table_type == "noncompetitive"
    assert city.meta.region == "Town"
    assert list(city.final_demand.columns) == [FINAL_DEMAND_COLUMN]
    np.testing.assert_allclose(city.x, XR, rtol=1e-13)
    notes = "\n".join(city.meta.notes)
    assert "parent: test-3" in notes
    assert "method: flq, delta=0.3, lambda*=0.551435" in notes
    # r = a_dom * min(1, FLQ), hand values above
    _, a_dom = parent_technology(parent)
    np.testing.assert_allclose(city.a, a_dom * np.minimum(1.0, FLQ), rtol=1e-13)
    # value added and employment at the parent's coefficients
    np.testing.assert_allclose(
        city.value_added.to_numpy() / XR, parent.value_added.to_numpy() / XN, rtol=1e-13
    )
    np.testing.assert_allclose(city.satellites.to_numpy(), [[2.0, 2.0, 3.0]], rtol=1e-13)
    assert_identities(city)


def test_absent_sector_products_are_imported() -> None:
    parent = three_sector_parent()
    city = regionalize(parent, CityData(pd.Series([20.0, 0.0, 30.0], index=["a", "b", "c"])))
    assert list(city.codes) == ["a", "c"]
    assert city.other_inputs is not None
    assert list(city.other_inputs.index) == [f"{ABSENT_PREFIX}b"]
    a_total, _ = parent_technology(parent)
    np.testing.assert_allclose(
        city.other_inputs.to_numpy()[0], a_total[1, [0, 2]] * np.array([20.0, 30.0]), rtol=1e-14
    )
    assert any("absent sectors" in n and ": b" in n for n in city.meta.notes)
    assert_identities(city)


def test_local_supply_cap() -> None:
    # the city makes little of "a" but much of its buyer "b": SLQ sells more "a" than it makes
    codes = pd.Index(["a", "b", "c"], name=INDUSTRY)
    Z = np.array([[0.0, 90.0, 0.0], [10.0, 45.0, 45.0], [5.0, 20.0, 60.0]])
    x = np.array([100.0, 450.0, 450.0])
    parent = IOTable(
        sectors=pd.DataFrame({"name": list(codes)}, index=codes),
        Z=pd.DataFrame(Z, index=codes, columns=codes),
        final_demand=pd.DataFrame({"household_consumption": x - Z.sum(axis=1)}, index=codes),
        value_added=pd.DataFrame(
            [x - Z.sum(axis=0)], index=pd.Index(["operating_surplus"]), columns=codes
        ),
    )
    x_city = pd.Series([1.0, 400.0, 0.0], index=codes)
    # SLQ_a = (1/401)/(100/1000); local sales of a = SLQ_a * 0.2 * 400 = 1.995 > 1
    raw = regionalize(parent, CityData(x_city), method="slq", cap_local_supply=False)
    assert raw.final_demand.loc["a", FINAL_DEMAND_COLUMN] == pytest.approx(1 - 80 / 40.1)
    city = regionalize(parent, CityData(x_city), method="slq")
    capped = [n for n in city.meta.notes if n.startswith("local supply cap")]
    assert capped == ["local supply cap applied to 1 sectors: a"]
    assert city.final_demand.loc["a", FINAL_DEMAND_COLUMN] == pytest.approx(0.0, abs=1e-12)
    assert city.Z.loc["a", "b"] == pytest.approx(1.0)
    assert_identities(city)


def test_ras_margins() -> None:
    parent = three_sector_parent()
    base = regionalize(parent, CityData(pd.Series(XR, index=["a", "b", "c"])))
    rows = pd.Series(base.z.sum(axis=1) * [1.1, 0.9, 1.0], index=base.codes)
    cols = pd.Series(base.z.sum(axis=0), index=base.codes)
    cols *= rows.sum() / cols.sum()
    city = regionalize(
        parent, CityData(pd.Series(XR, index=["a", "b", "c"])), ras_margins=(rows, cols)
    )
    np.testing.assert_allclose(city.z.sum(axis=1), rows, rtol=1e-9)
    np.testing.assert_allclose(city.z.sum(axis=0), cols, rtol=1e-9)
    assert_identities(city)


def test_bad_arguments() -> None:
    parent = three_sector_parent()
    data = CityData(pd.Series(XR, index=["a", "b", "c"]))
    with pytest.raises(ScenarioError, match="unknown regionalisation method"):
        regionalize(parent, data, method="xlq")  # type: ignore[arg-type]
    with pytest.raises(ScenarioError, match="delta"):
        regionalize(parent, data, delta=1.5)
    with pytest.raises(ScenarioError, match="basis"):
        regionalize(parent, data, basis="gross")  # type: ignore[arg-type]
    with pytest.raises(InputDataError, match="exceeds the parent"):
        regionalize(parent, CityData(pd.Series([500.0], index=["a"])))


def noncompetitive_parent() -> IOTable:
    codes = pd.Index(["1", "2"], name=INDUSTRY)
    Zd = pd.DataFrame([[100.0, 400.0], [150.0, 80.0]], index=codes, columns=codes)
    Zm = pd.DataFrame([[50.0, 100.0], [50.0, 20.0]], index=codes, columns=codes)
    fd = pd.DataFrame(
        {"household_consumption": [300.0, 1570.0], "exports": [200.0, 200.0]}, index=codes
    )
    x = Zd.sum(axis=1) + fd.sum(axis=1)  # 1000, 2000
    va = pd.DataFrame(
        [x - Zd.sum(axis=0) - Zm.sum(axis=0)], index=pd.Index(["operating_surplus"]), columns=codes
    )
    return IOTable(
        sectors=pd.DataFrame({"name": ["one", "two"]}, index=codes),
        Z=Zd,
        final_demand=fd,
        value_added=va,
        imports=Zm,
        imports_final_demand=pd.DataFrame({"household_consumption": [100.0, 0.0]}, index=codes),
        meta=TableMeta(region="nc", table_type="noncompetitive", table_id="nc-2"),
    )


def test_noncompetitive_parent() -> None:
    parent = noncompetitive_parent()
    assert parent.x.tolist() == [1000.0, 2000.0]
    mu = calc_import_share(parent)
    assert mu.tolist() == pytest.approx([250 / (1000 - 200 + 250), 70 / (2000 - 200 + 70)])
    city = regionalize(parent, CityData(parent.output))
    np.testing.assert_allclose(city.z, parent.z, rtol=1e-13)
    np.testing.assert_allclose(city.imports.to_numpy(), parent.imports.to_numpy(), rtol=1e-13)
    assert_identities(city)


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 2**16),
    method=st.sampled_from(["slq", "cilq", "flq", "aflq"]),
    delta=st.floats(0.0, 0.9),
    share=st.floats(0.001, 0.9),
)
def test_no_regional_coefficient_exceeds_national(
    seed: int, method: str, delta: float, share: float
) -> None:
    rng = np.random.default_rng(seed)
    n = 6
    codes = pd.Index([f"s{i}" for i in range(n)], name=INDUSTRY)
    a = rng.uniform(0, 1, (n, n)) * (rng.uniform(0, 1, (n, n)) < 0.7)
    a *= rng.uniform(0.2, 0.8, n) / np.maximum(a.sum(axis=0), 1e-9)
    xn = rng.uniform(50, 500, n)
    Z = a * xn
    fd = pd.DataFrame({"household_consumption": xn - Z.sum(axis=1)}, index=codes)
    if (fd.to_numpy() <= 0).any():
        fd["household_consumption"] = np.abs(fd["household_consumption"]) + 1.0
        xn = Z.sum(axis=1) + fd["household_consumption"].to_numpy()
        a = Z / xn
        Z = a * xn
    parent = IOTable(
        sectors=pd.DataFrame({"name": list(codes)}, index=codes),
        Z=pd.DataFrame(Z, index=codes, columns=codes),
        final_demand=fd,
        value_added=pd.DataFrame(
            [xn - Z.sum(axis=0)], index=pd.Index(["operating_surplus"]), columns=codes
        ),
    )
    xr = xn * share * rng.uniform(0.0, 1.0, n)
    xr[0] = xn[0] * share  # at least one sector present
    city = regionalize(
        parent,
        CityData(pd.Series(xr, index=codes)),
        method=method,  # type: ignore[arg-type]
        delta=delta,
        cap_local_supply=False,
    )
    pos = parent.codes.get_indexer(city.codes)
    assert (city.a <= parent.a[np.ix_(pos, pos)] * (1 + 1e-12) + 1e-15).all()
    assert_identities(city)


def test_lambda_star_matches_definition() -> None:
    for xr, xn, d in [(1.0, 50.0, 0.1), (3.0, 7.0, 0.25)]:
        assert calc_lambda_star(xr, xn, d) == pytest.approx(math.log2(1 + xr / xn) ** d, rel=1e-15)


def test_cli_regionalize(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    from chainmap.cli.main import main
    from chainmap.io.readers import read_table

    local = tmp_path / "city.csv"
    local.write_text("code,value\n1,50\n2,\n", encoding="utf-8")
    out = tmp_path / "city.xlsx"
    no_unit = ["regionalize", "example-miller-blair-2x2", "--local", str(local), "-o", str(out)]
    assert main(no_unit) == 2  # the unit of the city figures must be stated
    assert "unit of the city figures is not stated" in capsys.readouterr().err
    local.write_text("# unit: currency units\ncode,value\n1,50\n2,\n", encoding="utf-8")
    args = ["regionalize", "example-miller-blair-2x2", "--local", str(local), "-o", str(out)]
    assert main([*args, "--fill", "parent_structure", "--fill-total", "300"]) == 0
    printed = capsys.readouterr().out
    assert "filled sectors (parent_structure scaled to a city total of 300, 1): 2" in printed
    city = read_table(str(out))
    assert city.x.tolist() == pytest.approx([50.0, 300.0])
    assert "parent: example-miller-blair-2x2" in city.meta.notes
    assert main(args) == 2  # exists, no --force
    assert "exists" in capsys.readouterr().err
    local.write_text("code,value\n1,5000\n", encoding="utf-8")
    assert main([*args, "--force", "--unit", "currency units"]) == 2
    assert "exceeds the parent's" in capsys.readouterr().err


@pytest.mark.realdata
def test_parent_outputs_on_the_2020_table() -> None:
    from conftest import need_data

    from chainmap.io.readers import read_table

    parent = read_table(need_data("china-nbs/china_2020_153.csv"))
    city = regionalize(parent, CityData(parent.output))
    a_total, a_dom = parent_technology(parent)
    np.testing.assert_allclose(city.a, a_dom, rtol=1e-10, atol=1e-15)
    need = (city.z + city.imports.to_numpy()) / city.x
    np.testing.assert_allclose(need, a_total, rtol=1e-10, atol=1e-15)
    assert not any(n.startswith("local supply cap") for n in city.meta.notes)
    assert_identities(city)


def test_exclude_fill_uses_covered_totals() -> None:
    # covered a, b only: SLQ within them = [(20/30)/(100/300), (10/30)/(200/300)] = [2, 0.5],
    # x^R/x^N = 30/300 = 0.1 as in the 3-sector example, so the FLQs are its top-left block
    parent = three_sector_parent()
    city = regionalize(parent, CityData(pd.Series([20.0, 10.0], index=["a", "b"])), fill="exclude")
    assert list(city.codes) == ["a", "b"]
    _, a_dom = parent_technology(parent)
    expected = a_dom[:2, :2] * np.minimum(1.0, np.array(FLQ)[:2, :2])
    np.testing.assert_allclose(city.a, expected, rtol=1e-13)
    assert list(city.other_inputs.index) == [f"{ABSENT_PREFIX}c"]
    assert_identities(city)
