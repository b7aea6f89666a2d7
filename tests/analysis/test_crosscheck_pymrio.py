"""Cross-check against pymrio on the official 2020 153-sector table (1e-9 relative)."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pymrio
import pytest
from conftest import need_data

from chainmap.analysis.summary import analyze_table
from chainmap.io.readers import read_table
from chainmap.io.table import IOTable

RTOL = 1e-9


def _pymrio_system(table: IOTable) -> pymrio.IOSystem:
    """The same flows as a one-region pymrio system, value added as factor inputs."""
    codes = [str(c) for c in table.codes]
    idx = pd.MultiIndex.from_product([["CN"], codes], names=["region", "sector"])
    fd_cols = pd.MultiIndex.from_product(
        [["CN"], [str(c) for c in table.final_demand.columns]], names=["region", "category"]
    )
    io = pymrio.IOSystem(
        Z=pd.DataFrame(table.z, index=idx, columns=idx),
        Y=pd.DataFrame(table.final_demand.to_numpy(dtype=float), index=idx, columns=fd_cols),
    )
    va = table.value_added
    io.factor_inputs = pymrio.Extension(
        name="factor_inputs",
        F=pd.DataFrame(
            va.to_numpy(dtype=float),
            index=pd.Index(va.index.map(str), name="stressor"),
            columns=idx,
        ),
    )
    return io


@pytest.mark.realdata
def test_china_2020_153_against_pymrio() -> None:
    table = read_table(need_data("china-nbs/china_2020_153.csv"))
    assert table.n == 153
    io = _pymrio_system(table)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)  # pandas-API notices inside pymrio
        io.calc_all()
    df = analyze_table(table)
    np.testing.assert_allclose(table.x, io.x.to_numpy().ravel(), rtol=1e-12)
    np.testing.assert_allclose(table.a, io.A.to_numpy(), rtol=RTOL, atol=0)
    L_ref = io.L.to_numpy()
    np.testing.assert_allclose(table.l, L_ref, rtol=RTOL, atol=RTOL * np.abs(L_ref).max() * 1e-3)
    np.testing.assert_allclose(df["output_multiplier"], L_ref.sum(axis=0), rtol=RTOL)
    M = io.factor_inputs.M
    np.testing.assert_allclose(df["va_multiplier"], M.to_numpy().sum(axis=0), rtol=RTOL)
    np.testing.assert_allclose(df["income_multiplier"], M.loc["compensation"].to_numpy(), rtol=RTOL)
    np.testing.assert_allclose(
        df["tax_multiplier"], M.loc["production_taxes"].to_numpy(), rtol=RTOL
    )
    # Competitive table: Z holds all intermediate inputs, so the column identity
    # i′A + v′x̂⁻¹ = i′ makes every gross value-added multiplier 1 (formulas.md §C.5).
    np.testing.assert_allclose(df["va_multiplier"], 1.0, rtol=1e-10)
