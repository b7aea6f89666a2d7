"""Employment coefficients: hand values, invariants, and the real 2018 coefficients."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import need_data

from chainmap.analysis.employment import calc_employment_coefficients, with_employment
from chainmap.errors import InputDataError
from chainmap.io.examples import miller_blair_2x2
from chainmap.io.readers import read_table
from chainmap.io.readers.employment import (
    EMPLOYMENT_PATH,
    read_employment_concordance,
    read_employment_csv,
)
from chainmap.scenario.employment import CONCORDANCE


def _conc(pairs: list[tuple[str, str]]) -> pd.DataFrame:
    return pd.DataFrame(pairs, columns=["source_code", "target_code"])


def test_one_to_many_splits_by_output_and_many_to_one_pools() -> None:
    persons = pd.Series({"A": 300.0, "B1": 10.0, "B2": 30.0, "C": 50.0, "unused": 9.0})
    conc = _conc([("A", "01"), ("A", "02"), ("B1", "03"), ("B2", "03"), ("C", "04")])
    output = pd.Series({"01": 1000.0, "02": 2000.0, "03": 400.0, "04": 250.0})
    e = calc_employment_coefficients(persons, conc, output)
    # A: 300 persons split 100/200 by output 1000/2000 -> 0.1 per unit in both;
    # B1+B2 pooled on 03: 40 / 400; C: 50 / 250
    assert e.to_dict() == pytest.approx({"01": 0.1, "02": 0.1, "03": 0.1, "04": 0.2})
    assert (e * output).sum() == pytest.approx(390.0)  # every mapped person, once


def test_many_to_many_group_shares_one_productivity() -> None:
    persons = pd.Series({"S1": 60.0, "S2": 30.0})
    conc = _conc([("S1", "a"), ("S1", "b"), ("S2", "b"), ("S2", "c")])
    output = pd.Series({"a": 100.0, "b": 200.0, "c": 300.0})
    e = calc_employment_coefficients(persons, conc, output)
    assert np.allclose(e, 90.0 / 600.0)


def test_uncovered_sectors_and_missing_figures_are_errors() -> None:
    output = pd.Series({"01": 1.0, "02": 1.0})
    with pytest.raises(InputDataError, match="'02' is not a target"):
        calc_employment_coefficients(pd.Series({"A": 1.0}), _conc([("A", "01")]), output)
    with pytest.raises(InputDataError, match="'B' has no employment figure"):
        calc_employment_coefficients(
            pd.Series({"A": 1.0}), _conc([("A", "01"), ("B", "02")]), output
        )
    with pytest.raises(InputDataError, match="employment but no output"):
        calc_employment_coefficients(
            pd.Series({"A": 1.0}),
            _conc([("A", "01"), ("A", "02")]),
            pd.Series({"01": 0.0, "02": 0.0}),
        )


def test_with_employment_adds_coefficient_times_output() -> None:
    t = miller_blair_2x2()  # already has employment [300, 500]: replaced
    out = with_employment(t, pd.Series({"1": 0.01, "2": 0.02}), "persons")
    assert out.satellites is not None
    assert out.satellites.loc["employment"].tolist() == pytest.approx([10.0, 40.0])
    assert list(out.satellites.index) == ["employment"]
    with pytest.raises(InputDataError, match=r"no employment coefficient for sectors \['2'\]"):
        with_employment(t, pd.Series({"1": 0.01}), "persons")


@pytest.mark.realdata
def test_real_2018_coefficients_add_up_and_are_plausible() -> None:
    series = read_employment_csv(need_data(EMPLOYMENT_PATH))
    table = read_table("cn-nbs-2018-153")
    conc = read_employment_concordance(CONCORDANCE)
    persons = series.year(2018) * 1e4
    e = calc_employment_coefficients(persons, conc, table.output)
    assert (e >= 0).all() and len(e) == 153
    mapped = persons[sorted(set(conc["source_code"]))].sum()
    assert float((e * table.output).sum()) == pytest.approx(float(mapped), rel=1e-12)
    # the mapped rows are the whole economy (the sections sum to TOT within rounding)
    assert mapped == pytest.approx(persons["TOT"], rel=1e-4)
    # persons per 万元: electronics C27 by hand, 1,710 万人 over the output of 090-095
    electronics = [f"{k:03d}" for k in range(90, 96)]
    by_hand = 1710e4 / float(table.output[electronics].sum())
    assert e[electronics].to_numpy() == pytest.approx([by_hand] * 6)
    assert 0.001 < e.median() < 0.1
    # farming is more labour-intensive than manufacturing, which is below retail
    assert e["001"] > e["090"] and e["110"] > e["061"]
