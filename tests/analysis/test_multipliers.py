"""Multipliers against published values (Eurostat manual, Netherlands 2000, pymrio) and Type II."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from conftest import random_system
from hypothesis import given, settings
from hypothesis import strategies as st

from chainmap import iomath
from chainmap.analysis import multipliers
from chainmap.errors import InputDataError
from chainmap.io.examples import miller_blair_2x2

# Eurostat Manual of Supply, Use and Input-Output Tables (2008), ch. 15, German table
# (as listed in ../shared/data/README.md; 4 decimals).
GVA_MULTIPLIERS_PUBLISHED = [0.8450, 0.7647, 0.8615, 0.9019, 0.9393, 0.9199]
EMPLOYMENT_MULTIPLIERS_PUBLISHED = [0.0326, 0.0162, 0.0207, 0.0237, 0.0112, 0.0242]


def test_miller_blair(fixtures: dict[str, Any]) -> None:
    mb = fixtures["miller_blair_2009_table_2_3"]
    t = miller_blair_2x2()
    L = t.l
    m = multipliers.calc_output_multiplier(L)
    np.testing.assert_allclose(m, mb["computed"]["output_multiplier"], atol=5e-9)
    # Labour needed for the new final demand (600, 1500): c ∘ (L f) as published.
    labour = np.asarray(mb["published"]["labour_coeff"])
    x_new = iomath.calc_x(L, [600.0, 1500.0])
    np.testing.assert_allclose(labour * x_new, mb["published"]["labour_total_for_new_x"], atol=0.01)
    # and in total: (c′L) f = c′x.
    total = multipliers.calc_simple_multiplier(labour, L) @ np.array([600.0, 1500.0])
    assert total == pytest.approx(labour @ x_new, rel=1e-14)
    # Gross value added multipliers are all 1 in a table without imports.
    rows = multipliers.calc_coefficient_rows(t).rows
    np.testing.assert_allclose(
        multipliers.calc_simple_multiplier(rows["va"], L), [1.0, 1.0], rtol=1e-14
    )


def _german_gva(shared_data: Path) -> np.ndarray:
    path = shared_data / "eurostat-manual" / "germany_1995_wide.csv"
    with path.open(encoding="utf-8") as handle:
        rows = {r["iotables_row"]: r for r in csv.DictReader(handle)}
    cols = [
        "agriculture_group",
        "industry_group",
        "construction",
        "trade_group",
        "business_services_group",
        "other_services_group",
    ]
    return np.array([float(rows["gva"][c]) for c in cols])


@pytest.mark.realdata
def test_eurostat_gva_and_employment(fixtures: dict[str, Any], shared_data: Path) -> None:
    de = fixtures["eurostat_manual_beutel_germany_6"]
    Z, x = np.asarray(de["Z"]), np.asarray(de["x"])
    L = iomath.calc_L(iomath.calc_A(Z, x))
    gva = iomath.calc_coefficients(_german_gva(shared_data), x)
    np.testing.assert_allclose(
        multipliers.calc_simple_multiplier(gva, L), GVA_MULTIPLIERS_PUBLISHED, atol=5e-5
    )
    emp = iomath.calc_coefficients(np.asarray(de["employment_thousand"]), x)
    emp_mult = multipliers.calc_simple_multiplier(emp, L)
    np.testing.assert_allclose(emp_mult, EMPLOYMENT_MULTIPLIERS_PUBLISHED, atol=5e-5)
    comp = de["computed"]
    np.testing.assert_allclose(
        multipliers.calc_type1_multiplier(emp, L), comp["typeI_employment_multiplier"], atol=5e-9
    )
    wages = iomath.calc_coefficients(np.asarray(de["compensation_employees"]), x)
    np.testing.assert_allclose(
        multipliers.calc_type1_multiplier(wages, L), comp["typeI_income_multiplier"], atol=5e-9
    )


def test_netherlands_2000_income_type1(fixtures: dict[str, Any]) -> None:
    nl = fixtures["netherlands_2000_spicosa"]
    Z, x = np.asarray(nl["Z"]), np.asarray(nl["x"])
    L = iomath.calc_L(iomath.calc_A(Z, x))
    np.testing.assert_allclose(L, nl["computed"]["L"], atol=5e-9)
    np.testing.assert_allclose(
        multipliers.calc_output_multiplier(L), nl["computed"]["output_multiplier"], atol=5e-9
    )
    w = iomath.calc_coefficients(np.asarray(nl["compensation_employees"]), x)
    type1 = multipliers.calc_type1_multiplier(w, L)
    np.testing.assert_allclose(type1, nl["published"]["typeI_income_multiplier"], atol=5e-4)
    np.testing.assert_allclose(type1, nl["computed"]["typeI_income_multiplier"], atol=5e-9)


def test_pymrio_small_mrio_multipliers(fixtures: dict[str, Any]) -> None:
    mrio = fixtures["pymrio_small_mrio"]
    Z = np.asarray(mrio["Z"])
    x = Z.sum(axis=1) + np.asarray(mrio["Y"]).sum(axis=1)
    L = iomath.calc_L(iomath.calc_A(Z, x))
    S = iomath.calc_coefficients(np.asarray(mrio["F"]), x)
    np.testing.assert_allclose(
        multipliers.calc_simple_multiplier(S, L), mrio["published"]["M"], atol=5e-9
    )


def test_ratio_to_direct_zero_is_nan() -> None:
    out = multipliers.ratio_to_direct(
        np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([[0.5, 0.0], [1.0, 2.0]])
    )
    np.testing.assert_array_equal(np.isnan(out), [[False, True], [False, False]])
    assert out[1, 1] == 2.0


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(2, 30))
def test_type2_bordered_update_equals_closed_inversion(seed: int, n: int) -> None:
    A, f, x = random_system(seed, n)
    L = iomath.calc_L(A)
    rng = np.random.default_rng(seed)
    va = (1 - A.sum(axis=0)) * x
    comp = va * rng.uniform(0.2, 0.7, n)
    hc = f * rng.uniform(0.0, 0.9, n)  # household part of final demand
    w = comp / x
    h = hc / comp.sum()
    closure = multipliers.calc_household_closure(L, w, h)
    As = np.block([[A, h[:, None]], [w[None, :], np.zeros((1, 1))]])
    Ls = np.linalg.inv(np.eye(n + 1) - As)
    np.testing.assert_allclose(
        multipliers.calc_closed_leontief(closure, L), Ls, rtol=1e-9, atol=1e-12
    )
    C = np.vstack([va / x, w, rng.uniform(0, 1, n)])
    CL = C @ L
    total2 = closure.total_effect(C, CL)
    np.testing.assert_allclose(total2, C @ Ls[:n, :n], rtol=1e-9)
    np.testing.assert_allclose(total2[1], Ls[n, :n], rtol=1e-9)  # income = household row
    np.testing.assert_allclose(
        closure.output_multiplier(L.sum(axis=0)), Ls[:n, :n].sum(axis=0), rtol=1e-9
    )
    # Type II ≥ Type I (h ≥ 0, productive closure).
    type1 = multipliers.ratio_to_direct(CL, C)
    type2 = multipliers.ratio_to_direct(total2, C)
    assert np.all(type2 >= type1 - 1e-12)


def test_nonproductive_closure_is_an_input_error() -> None:
    t = miller_blair_2x2()
    w = t.value_added.loc["compensation"].to_numpy() / t.x
    # Household consumption far above final demand (a large negative imports column).
    h = np.array([4000.0, 9000.0]) / 900.0
    with pytest.raises(InputDataError, match="not productive"):
        multipliers.calc_household_closure(t.l, w, h, source="mb.csv")


def test_coefficient_rows_and_household_consumption() -> None:
    t = miller_blair_2x2()
    fd = t.final_demand.rename(columns={"household_consumption": "final_consumption"})
    hc, note = multipliers.household_consumption(t.replace(final_demand=fd))
    np.testing.assert_array_equal(hc, [100.0, 500.0])
    assert "final_consumption" in note
    hc, note = multipliers.household_consumption(t.replace(final_demand=fd[["exports"]]))
    assert hc is None and "not available" in note
    va = t.value_added.drop(index="compensation")
    rows = multipliers.calc_coefficient_rows(t.replace(value_added=va))
    assert "income" not in rows.rows
    assert any("compensation" in n for n in rows.notes)
    sats = pd.DataFrame([[1.0, 2.0]], index=["va"], columns=t.codes)
    with pytest.raises(InputDataError, match="clashes"):
        multipliers.calc_coefficient_rows(t.replace(satellites=sats))
