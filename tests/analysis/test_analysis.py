"""analyze_table: the column contract, consistency with the measures, Type II, JSON."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chainmap.analysis import extraction, linkages, multipliers
from chainmap.analysis.summary import (
    COLUMN_DOCS,
    REQUIRED_COLUMNS,
    analysis_to_json,
    analyze_table,
    describe_column,
)
from chainmap.errors import InputDataError
from chainmap.io.examples import miller_blair_2x2
from chainmap.io.table import INDUSTRY, IOTable, TableMeta


def random_table(seed: int, n: int, *, noncompetitive: bool = False) -> IOTable:
    """A balanced random table: household + exports, three VA rows, employment.

    Non-competitive: a share of every input is imported (n × n import block and
    imported final use), so output is the same under both technologies.
    """
    rng = np.random.default_rng(seed)
    A = rng.random((n, n)) * (rng.random((n, n)) < 0.5)
    A[rng.integers(0, n, n), np.arange(n)] += 0.01
    A *= rng.uniform(0.2, 0.8, n) / A.sum(axis=0)
    share = rng.uniform(0.8, 1.0, (n, n)) if noncompetitive else np.ones((n, n))
    Ad = A * share
    fd = np.column_stack([rng.uniform(1, 50, n), rng.uniform(20, 80, n)])
    x = np.linalg.solve(np.eye(n) - Ad, fd.sum(axis=1))
    codes = pd.Index([f"S{i:02d}" for i in range(n)], name=INDUSTRY)
    va = (1 - A.sum(axis=0)) * x
    split = rng.dirichlet([2.0, 1.0, 2.0], n).T
    imports = imports_fd = None
    if noncompetitive:
        imports = pd.DataFrame(A * (1 - share) * x, index=codes.copy(), columns=codes)
        imports_fd = pd.DataFrame(
            rng.uniform(0, 2, (n, 2)), index=codes, columns=["household_consumption", "exports"]
        )
    return IOTable(
        sectors=pd.DataFrame(
            {"name": [f"sector {c}" for c in codes], "name_zh": "", "name_en": "", "category": ""},
            index=codes,
        ),
        Z=pd.DataFrame(Ad * x, index=codes, columns=codes),
        final_demand=pd.DataFrame(fd, index=codes, columns=["household_consumption", "exports"]),
        value_added=pd.DataFrame(
            va * split,
            index=pd.Index(["compensation", "production_taxes", "operating_surplus"]),
            columns=codes,
        ),
        satellites=pd.DataFrame(
            [rng.uniform(1, 100, n)], index=pd.Index(["employment"]), columns=codes
        ),
        imports=imports,
        imports_final_demand=imports_fd,
        meta=TableMeta(
            region="random",
            unit="units",
            table_type="noncompetitive" if noncompetitive else "competitive",
            table_id=f"random-{seed}",
        ),
        satellite_units={"employment": "persons"},
    )


def test_column_contract_and_docs() -> None:
    t = miller_blair_2x2()
    df = analyze_table(t)
    sat = ["employment_multiplier", "employment_multiplier_type1"]
    assert list(df.columns[: len(REQUIRED_COLUMNS) + 2]) == [*REQUIRED_COLUMNS, *sat]
    assert list(df.index) == ["1", "2"]
    assert df["code"].tolist() == ["1", "2"]
    assert df["name"].tolist() == ["Sector 1", "Sector 2"]
    for column in df.columns:
        en, zh = describe_column(column, ["employment"])
        assert en and zh
    assert "employment" in describe_column("employment_multiplier", ["employment"])[0]
    with pytest.raises(KeyError):
        describe_column("no_such_column")
    assert set(REQUIRED_COLUMNS) <= set(COLUMN_DOCS)
    assert df.attrs["technology"] == "domestic"
    assert df.attrs["table"]["table_id"] == "example-miller-blair-2x2"
    assert any("competitive table" in note for note in df.attrs["notes"])
    # Gross value added multipliers are 1 without imports; Type II exceeds Type I.
    np.testing.assert_allclose(df["va_multiplier"], 1.0, rtol=1e-14)
    assert (df["income_multiplier_type2"] > df["income_multiplier_type1"]).all()
    np.testing.assert_allclose(
        df["income_induced"], df["income_multiplier_type2"] - df["income_multiplier_type1"]
    )


def test_miller_blair_values(fixtures: dict) -> None:
    comp = fixtures["miller_blair_2009_table_2_3"]["computed"]
    df = analyze_table(miller_blair_2x2())
    np.testing.assert_allclose(df["output_multiplier"], comp["output_multiplier"], atol=5e-9)
    np.testing.assert_allclose(df["bl"], comp["BL_normalized"], atol=5e-9)
    np.testing.assert_allclose(df["fl_ghosh"], comp["FL_ghosh_normalized"], atol=5e-9)
    np.testing.assert_allclose(df["fl_leontief"], comp["FL_leontief_rows_normalized"], atol=5e-9)
    np.testing.assert_allclose(df["upstreamness"], comp["ghosh_rowsum"], atol=5e-9)
    for col, key in (
        ("hem_backward", "HEM_backward"),
        ("hem_forward", "HEM_forward"),
        ("hem_full", "HEM_full"),
    ):
        np.testing.assert_allclose(df[col], comp[key], atol=5e-5)
    assert df["key_class"].tolist() == ["key", "weak"]
    # Employment: labour coefficients 0.3 and 0.25 (the book's).
    np.testing.assert_allclose(df["employment_multiplier"], [0.3, 0.25] @ miller_blair_2x2().l)


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(2, 25), nc=st.booleans())
def test_consistent_with_the_measures(seed: int, n: int, nc: bool) -> None:
    t = random_table(seed, n, noncompetitive=nc)
    df = analyze_table(t)
    L, G, x = t.l, t.g, t.x
    np.testing.assert_allclose(df["bl"], linkages.calc_backward_linkage(L), rtol=1e-12)
    np.testing.assert_allclose(df["fl_ghosh"], linkages.calc_forward_linkage_ghosh(G), rtol=1e-10)
    np.testing.assert_allclose(
        df["fl_leontief"], linkages.calc_forward_linkage_leontief(L), rtol=1e-12
    )
    np.testing.assert_allclose(df["bl_direct"], linkages.calc_direct_backward(t.a), rtol=1e-12)
    np.testing.assert_allclose(df["fl_direct"], linkages.calc_direct_forward(t.b), rtol=1e-12)
    np.testing.assert_allclose(
        df["cv_backward"], np.std(L, axis=0, ddof=1) / L.mean(axis=0), rtol=1e-9
    )
    np.testing.assert_allclose(
        df["cv_forward"], np.std(G, axis=1, ddof=1) / G.mean(axis=1), rtol=1e-9
    )
    assert (
        df["key_class"].tolist() == linkages.classify_key_sectors(df["bl"], df["fl_ghosh"]).tolist()
    )
    f = t.total_final_demand.to_numpy()
    hem = extraction.calc_hem_all(L, x, f, np.diagonal(t.a))
    for name in ("backward", "forward", "full", "total"):
        np.testing.assert_allclose(df[f"hem_{name}"], getattr(hem, name), rtol=1e-12)
    assert df["bl"].mean() == pytest.approx(1.0) and df["fl_ghosh"].mean() == pytest.approx(1.0)
    # Multipliers against an explicit (n+1) closed inverse.
    comp = t.value_added.loc["compensation"].to_numpy()
    w, h = comp / x, t.final_demand["household_consumption"].to_numpy() / comp.sum()
    As = np.block([[t.a, h[:, None]], [w[None, :], np.zeros((1, 1))]])
    Ls = np.linalg.inv(np.eye(n + 1) - As)
    emp = t.satellites.loc["employment"].to_numpy() / x
    np.testing.assert_allclose(df["employment_multiplier"], emp @ L, rtol=1e-10)
    np.testing.assert_allclose(
        df["employment_multiplier_type2"], (emp @ Ls[:n, :n]) / emp, rtol=1e-9
    )
    np.testing.assert_allclose(df["income_multiplier_type2"], Ls[n, :n] / w, rtol=1e-9)
    np.testing.assert_allclose(df["output_multiplier_type2"], Ls[:n, :n].sum(axis=0), rtol=1e-9)
    for prefix in ("va", "income", "employment", "output"):
        assert (df[f"{prefix}_induced"] >= -1e-12).all()
    if nc:
        # Domestic technology: value added + imported inputs (per unit of final demand) = 1.
        np.testing.assert_allclose(df["va_multiplier"] + df["import_multiplier"], 1.0, rtol=1e-10)
        total = analyze_table(t, technology="total")
        np.testing.assert_allclose(total["output"], df["output"], rtol=1e-12)
        np.testing.assert_allclose(total["va_multiplier"], 1.0, rtol=1e-10)
        assert "import_multiplier" not in total.columns
        assert (total["output_multiplier"] >= df["output_multiplier"] - 1e-12).all()
        assert total.attrs["technology"] == "total"
    else:
        np.testing.assert_allclose(df["va_multiplier"], 1.0, rtol=1e-10)


def test_missing_rows_give_nan_and_notes_and_json_nulls() -> None:
    t = miller_blair_2x2()
    t2 = t.replace(value_added=t.value_added.drop(index="compensation"))
    df = analyze_table(t2)
    assert df["income_multiplier"].isna().all() and df["tax_multiplier"].isna().all()
    assert "income_multiplier_type2" not in df.columns
    notes = " ".join(df.attrs["notes"])
    assert "compensation" in notes and "production_taxes" in notes
    doc = analysis_to_json(t2, df)
    text = json.dumps(doc, allow_nan=False, ensure_ascii=False)
    back = json.loads(text)
    assert back["sectors"][0]["income_multiplier"] is None
    assert back["sectors"][1]["code"] == "2"
    assert back["table"]["technology"] == "domestic"
    assert back["table"]["analysis_notes"] == df.attrs["notes"]
    assert list(back["sectors"][0]) == list(df.columns)
    assert math.isclose(back["sectors"][0]["bl"], df["bl"].iloc[0], rel_tol=0, abs_tol=0)


def test_final_consumption_closure_note_and_nonproductive_closure() -> None:
    t = miller_blair_2x2()
    fd = t.final_demand.rename(columns={"household_consumption": "final_consumption"})
    df = analyze_table(t.replace(final_demand=fd))
    assert any("final_consumption" in note for note in df.attrs["notes"])
    np.testing.assert_allclose(
        df["income_multiplier_type2"], analyze_table(t)["income_multiplier_type2"]
    )
    # Household consumption far above final demand, balanced by a negative imports column.
    fd = pd.DataFrame(
        {"household_consumption": [4000.0, 9000.0], "imports": [-3650.0, -7300.0]}, index=t.codes
    )
    with pytest.raises(InputDataError, match="not productive"):
        analyze_table(t.replace(final_demand=fd))
    with pytest.raises(ValueError, match="technology"):
        analyze_table(t, technology="imported")  # type: ignore[arg-type]


def test_total_technology_needs_import_block() -> None:
    t = random_table(3, 5, noncompetitive=True)
    one_row = t.replace(
        imports=t.imports.sum(axis=0).to_frame().T.set_axis(["imports"]), imports_final_demand=None
    )
    df = analyze_table(one_row)
    assert "import_multiplier" in df.columns
    with pytest.raises(InputDataError, match="import-use block"):
        analyze_table(one_row, technology="total")


def test_household_closure_used_by_analysis_matches_multipliers_module() -> None:
    t = random_table(11, 8)
    df = analyze_table(t)
    rows = multipliers.calc_coefficient_rows(t).rows
    hc, _ = multipliers.household_consumption(t)
    assert hc is not None
    closure = multipliers.calc_household_closure(t.l, rows["income"], hc / (rows["income"] @ t.x))
    total2 = closure.total_effect(rows["tax"], rows["tax"] @ t.l)
    np.testing.assert_allclose(df["tax_multiplier_type2"], total2 / rows["tax"], rtol=1e-12)


@pytest.mark.realdata
def test_official_noncompetitive_table_both_technologies() -> None:
    from conftest import need_data

    from chainmap.io.readers import read_table

    t = read_table(need_data("china-nbs/china_2020_42.csv"))
    df = analyze_table(t)
    assert len(df) == 42 and list(df.columns[: len(REQUIRED_COLUMNS)]) == list(REQUIRED_COLUMNS)
    # Domestic technology: value added + imported inputs per unit of final demand = 1.
    np.testing.assert_allclose(df["va_multiplier"] + df["import_multiplier"], 1.0, rtol=1e-12)
    assert (df["va_multiplier"] < 1).all()
    # Only total final consumption is published: the closure says so.
    assert any("final_consumption" in note for note in df.attrs["notes"])
    total = analyze_table(t, technology="total")
    np.testing.assert_allclose(total["output"], df["output"], rtol=1e-12)
    np.testing.assert_allclose(total["va_multiplier"], 1.0, rtol=1e-12)
    # Imported inputs leak out of the domestic economy: smaller domestic multipliers.
    assert (df["output_multiplier"] <= total["output_multiplier"] + 1e-12).all()
    assert set(df["key_class"]) <= {"key", "backward", "forward", "weak"}
    json.dumps(analysis_to_json(t, df), allow_nan=False)
