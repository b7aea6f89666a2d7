"""Validation rules: one bad-input test per rule, each asserting the place is named."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chainmap.errors import DataWarning, InputDataError, Issue
from chainmap.io.examples import miller_blair_2x2
from chainmap.io.table import IOTable, TableMeta
from chainmap.io.validate import REPAIRS, check_table, validate_table


def make_table(
    Z: list[list[float]] | np.ndarray,
    fd: dict[str, list[float]],
    va: dict[str, list[float]],
    codes: list[str] | None = None,
    **meta: object,
) -> IOTable:
    """A table from plain numbers (no validation), unit "units"."""
    Z = np.asarray(Z, dtype=float)
    codes = codes or [str(i + 1) for i in range(Z.shape[0])]
    index = pd.Index(codes, name="industry")
    sectors = pd.DataFrame(
        {"name": [f"S{c}" for c in codes], "name_zh": "", "name_en": "", "category": ""},
        index=index,
    )
    return IOTable(
        sectors=sectors,
        Z=pd.DataFrame(Z, index=index, columns=index),
        final_demand=pd.DataFrame(fd, index=index, dtype=float),
        value_added=pd.DataFrame.from_dict(va, orient="index", columns=index, dtype=float),
        meta=TableMeta(unit="units", **meta),  # type: ignore[arg-type]
    )


def balanced(n: int = 4, seed: int = 0) -> IOTable:
    """A random balanced table: f and v chosen so both identities hold exactly-ish."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(1000, 5000, n).round(0)
    Z = (rng.uniform(0.02, 0.2, (n, n)) * x[np.newaxis, :]).round(3)
    f = x - Z.sum(axis=1)
    v = x - Z.sum(axis=0)
    return make_table(
        Z,
        {"household_consumption": f * 0.6, "exports": f * 0.4},
        {"compensation": v * 0.5, "operating_surplus": v * 0.5},
    )


def messages(issues: list[Issue]) -> str:
    return "\n".join(str(i) for i in issues)


def find(issues: list[Issue], text: str) -> Issue:
    hits = [i for i in issues if text in i.message]
    assert hits, f"no issue containing {text!r} in:\n{messages(issues)}"
    return hits[0]


def test_valid_tables_have_no_issues() -> None:
    assert check_table(miller_blair_2x2()) == []
    assert check_table(balanced(6, seed=3)) == []
    assert validate_table(miller_blair_2x2()).n == 2


def test_text_in_a_number_cell_is_named() -> None:
    t = miller_blair_2x2()
    Z = t.Z.astype(object)
    Z.iloc[0, 1] = "5OO"
    issue = find(check_table(t.replace(Z=Z), source="t.csv"), "non-numeric value '5OO'")
    assert (issue.file, issue.sheet, issue.row, issue.column) == ("t.csv", "Z", "1", "2")


@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_nan_and_inf_are_named(bad: float) -> None:
    t = miller_blair_2x2()
    fd = t.final_demand.copy()
    fd.iloc[1, 0] = bad
    issue = find(check_table(t.replace(final_demand=fd)), "NaN" if np.isnan(bad) else "infinite")
    assert (issue.sheet, issue.row, issue.column) == ("final_demand", "2", "household_consumption")


def test_negative_intermediate_flow_is_named() -> None:
    t = miller_blair_2x2()
    Z = t.Z.copy()
    Z.iloc[1, 0] = -3.0
    issue = find(check_table(t.replace(Z=Z)), "negative intermediate flow -3")
    assert (issue.sheet, issue.row, issue.column) == ("Z", "2", "1")


def test_non_square_z() -> None:
    t = miller_blair_2x2()
    Z = t.Z.copy()
    Z["3"] = [1.0, 2.0]
    issues = check_table(t.replace(Z=Z))
    assert "Z must be square; it has 2 rows and 3 columns" in messages(issues)
    assert find(issues, "unknown code").column == "3"


def test_mislabelled_z_columns() -> None:
    t = miller_blair_2x2()
    issues = check_table(t.replace(Z=t.Z.set_axis(["1", "9"], axis=1)))
    issue = find(issues, "Z is mislabelled: unknown code(s) ['9']")
    assert issue.column == "9"
    assert find(issues, "missing").column == "2"


def test_columns_in_another_order() -> None:
    t = miller_blair_2x2()
    issue = find(check_table(t.replace(Z=t.Z[["2", "1"]])), "different order")
    assert (issue.sheet, issue.column) == ("Z", "2")


def test_duplicate_and_unknown_codes_in_blocks() -> None:
    t = miller_blair_2x2()
    fd = t.final_demand.set_axis(["1", "1"], axis=0)
    va = t.value_added.set_axis(["1", "7"], axis=1)
    issues = check_table(t.replace(final_demand=fd, value_added=va))
    dup = find(issues, "duplicate code '1'")
    assert (dup.sheet, dup.row) == ("final_demand", "1")
    unknown = find(issues, "unknown code(s) ['7']")
    assert (unknown.sheet, unknown.column) == ("value_added", "7")


def test_duplicate_final_demand_category() -> None:
    t = miller_blair_2x2()
    fd = t.final_demand.set_axis(["exports", "exports"], axis=1)
    issue = find(check_table(t.replace(final_demand=fd)), "duplicate label 'exports'")
    assert issue.column == "exports"


def test_unbalanced_rows_name_the_worst_sectors_and_gap() -> None:
    t = balanced(8, seed=1)
    va = t.value_added.copy()
    va.loc["compensation", "3"] += 50.0  # column 3 now exceeds row 3 by 50
    va.loc["compensation", "6"] += 5.0
    issues = check_table(t.replace(value_added=va))
    gaps = [i for i in issues if "identities differ" in i.message]
    assert [i.row for i in gaps] == ["3", "6"]  # worst first
    assert "gap -50" in gaps[0].message and gaps[0].sheet == "balance"


def test_many_unbalanced_sectors_are_summarised() -> None:
    t = balanced(9, seed=2)
    issues = check_table(t.replace(value_added=t.value_added * 1.01))
    gaps = [i for i in issues if "identities differ" in i.message]
    assert len(gaps) == 5
    assert "4 more sectors out of balance" in gaps[-1].message


def test_balance_tolerance_comes_from_meta() -> None:
    t = balanced(4, seed=4)
    va = t.value_added.copy()
    va.iloc[0, 0] *= 1 + 1e-4
    loose = dataclasses.replace(t.meta, balance_tolerance=1e-3)
    assert check_table(t.replace(value_added=va, meta=loose)) == []
    assert check_table(t.replace(value_added=va))  # default 1e-6


def test_zero_output_and_repair() -> None:
    t = make_table(
        [[10, 20, 0], [30, 40, 0], [0, 0, 0]],
        {"exports": [70, 30, 0]},
        {"compensation": [60, 40, 0]},
    )
    issue = find(check_table(t), "output is 0")
    assert (issue.sheet, issue.row) == ("output", "3")
    with pytest.warns(DataWarning, match=r"removed 1 sector\(s\).*3 \(S3\)"):
        fixed = validate_table(t, repair=["drop_zero_output"])
    assert list(fixed.codes) == ["1", "2"] and fixed.x.tolist() == [100.0, 100.0]
    assert "drop_zero_output" in fixed.meta.notes[-1]


def test_column_sums_of_a_and_spectral_radius() -> None:
    t = make_table(
        [[500, 1200], [600, 500]], {"exports": [-700, -100]}, {"compensation": [-100, -700]}
    )
    issues = check_table(t)
    assert find(issues, "column sum of A is 1.700000").column == "2"
    assert find(issues, "column sum of A is 1.100000").column == "1"
    rho = 0.5 + np.sqrt(0.72)
    assert find(issues, f"spectral radius of A is {rho:.6f}").sheet == "A"


def test_column_sum_of_a_without_spectral_problem() -> None:
    t = make_table(
        [[100, 2100], [200, 100]], {"exports": [300, 1700]}, {"compensation": [2200, -200]}
    )
    issues = check_table(t)
    assert find(issues, "column sum of A is 1.100000").column == "2"
    assert "spectral" not in messages(issues)


def test_missing_unit() -> None:
    t = miller_blair_2x2()
    issue = find(check_table(t.replace(meta=TableMeta())), "missing unit")
    assert (issue.sheet, issue.row) == ("meta", "unit")


def test_total_row_leaking_into_z() -> None:
    t = balanced(3, seed=5)
    Z = t.Z.to_numpy()
    leaked = np.vstack([np.column_stack([Z, np.zeros(3)]), [*Z.sum(axis=0), 0.0]])
    fd = np.vstack([t.final_demand.to_numpy(), [[1.0, 1.0]]])
    va = np.column_stack([t.value_added.to_numpy(), [1.0, 1.0]])
    bad = make_table(
        leaked,
        dict(zip(t.final_demand.columns, fd.T, strict=True)),
        dict(zip(t.value_added.index, va, strict=True)),
        codes=["1", "2", "3", "9"],
    )
    issue = find(check_table(bad), "total row (e.g. TII) leaked")
    assert (issue.sheet, issue.row) == ("Z", "9")


def test_total_column_and_codes_leaking() -> None:
    t = balanced(3, seed=6)
    fd = t.final_demand.copy()
    fd["government_consumption"] = 0.0
    fd["total_final_use"] = fd.sum(axis=1)
    fd = fd * 0.5  # keep the row identity: the four columns now sum to the old total
    sectors = t.sectors.copy()
    sectors.loc["2", "name"] = "中间投入合计"
    issues = check_table(t.replace(final_demand=fd, sectors=sectors))
    assert find(issues, "a total (e.g. TFU) leaked").column == "total_final_use"
    assert find(issues, "looks like a total").row == "2"
    fd2 = t.final_demand.copy()
    fd2["TIU"] = t.Z.sum(axis=1)
    assert find(check_table(t.replace(final_demand=fd2)), "(TIU) leaked").column == "TIU"


def test_value_added_total_leaking() -> None:
    t = balanced(3, seed=7)
    va = t.value_added * 0.5
    va.loc["gross_value_added"] = t.value_added.sum(axis=0) * 0.5
    assert find(check_table(t.replace(value_added=va)), "TVA").row == "gross_value_added"


@pytest.mark.parametrize(
    ("block", "row", "col", "factor", "expect"),
    [
        ("Z", "2", "3", 100.0, r"Z\[2, 3\] = .* looks 100 times too large"),
        ("Z", "4", "1", 1e-4, r"Z\[4, 1\] = .* looks 10000 times too small"),
        ("final_demand", "3", "exports", 10.0, r"final_demand\[3, exports\] .* 10 times too large"),
        (
            "value_added",
            "compensation",
            "2",
            0.001,
            r"value_added\[compensation, 2\] .* 1000 times too small",
        ),
    ],
)
def test_single_cell_unit_slip(block: str, row: str, col: str, factor: float, expect: str) -> None:
    t = balanced(6, seed=8)
    frame = getattr(t, block).copy()
    frame.loc[row, col] *= factor
    issues = check_table(t.replace(**{block: frame}))
    hints = [i for i in issues if "unit slip" in i.message]
    assert hints, messages(issues)
    hit = [h for h in hints if pd.Series([h.message]).str.contains(expect).iloc[0]]
    assert hit, messages(hints)
    assert (hit[0].sheet, hit[0].row, hit[0].column) == (block, row, col)


def test_row_entered_in_another_unit() -> None:
    t = balanced(5, seed=9)
    Z, fd = t.Z.copy(), t.final_demand.copy()
    Z.loc["4"] *= 1000.0
    fd.loc["4"] *= 1000.0
    issue = find(check_table(t.replace(Z=Z, final_demand=fd)), "row 4 of Z looks 1000 times")
    assert (issue.sheet, issue.row) == ("Z", "4")
    # without a diagonal flow the row and column totals differ by exactly the factor
    Z.loc["4", "4"] = 0.0
    fd.loc["4", "exports"] += t.Z.loc["4", "4"] * 1000.0
    va = t.value_added.copy()
    va.loc["compensation", "4"] += t.Z.loc["4", "4"]
    issues = check_table(t.replace(Z=Z, final_demand=fd, value_added=va))
    assert find(issues, "the row total is 1000 × the column total (10^3)").row == "4"


def test_no_unit_slip_hint_for_an_ordinary_gap() -> None:
    t = balanced(6, seed=10)
    va = t.value_added.copy()
    va.loc["compensation", "2"] += 123.456
    issues = check_table(t.replace(value_added=va))
    assert find(issues, "identities differ").row == "2"
    assert "unit slip" not in messages(issues)


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    k=st.integers(1, 4),
    up=st.booleans(),
    cell=st.tuples(st.integers(0, 4), st.integers(0, 4)).filter(lambda c: c[0] != c[1]),
)
def test_any_off_diagonal_slip_is_located(
    seed: int, k: int, up: bool, cell: tuple[int, int]
) -> None:
    t = balanced(5, seed=seed)
    Z = t.Z.copy()
    Z.iloc[cell] *= 10.0**k if up else 10.0**-k
    hints = [i.message for i in check_table(t.replace(Z=Z)) if "unit slip" in i.message]
    way = "large" if up else "small"
    expect = f"Z[{cell[0] + 1}, {cell[1] + 1}] = "
    assert any(expect in h and f"{10**k} times too {way}" in h for h in hints), hints


def test_validate_raises_once_with_every_problem() -> None:
    t = miller_blair_2x2()
    Z = t.Z.copy()
    Z.iloc[0, 1] = -1.0
    with pytest.raises(InputDataError) as info:
        validate_table(t.replace(Z=Z, meta=TableMeta()), source="mine.csv")
    err = info.value
    assert len(err.issues) >= 3  # unit, negative flow, balance
    assert str(err).startswith(f"{len(err.issues)} problems in mine.csv:")
    assert "negative intermediate flow" in str(err) and "missing unit" in str(err)


def test_clip_negative_repair_lists_cells() -> None:
    t = balanced(3, seed=11)
    Z, fd, va = t.Z.copy(), t.final_demand.copy(), t.value_added.copy()
    # move the flow 1 → 2 to final demand and value added, leaving rounding noise behind
    fd.loc["1", "exports"] += Z.loc["1", "2"]
    va.loc["compensation", "2"] += Z.loc["1", "2"]
    Z.loc["1", "2"] = -1e-9
    t = t.replace(Z=Z, final_demand=fd, value_added=va)
    with pytest.raises(InputDataError, match="negative intermediate flow"):
        validate_table(t)
    with pytest.warns(DataWarning, match=r"set 1 negative .*Z\[1, 2\] = -1e-09"):
        fixed = validate_table(t, repair=("clip_negative",))
    assert fixed.Z.loc["1", "2"] == 0.0


def test_unknown_repair_is_an_error() -> None:
    with pytest.raises(InputDataError, match="unknown repair"):
        validate_table(miller_blair_2x2(), repair=["fix_everything"])
    assert set(REPAIRS) == {"drop_zero_output", "clip_negative"}


def test_extra_issues_come_first_without_duplicate_nan() -> None:
    t = miller_blair_2x2()
    Z = t.Z.copy()
    Z.iloc[0, 1] = np.nan
    parse = Issue("non-numeric value 'x' in a number cell", "f.csv", "", "1 (line 2)", "2")
    with pytest.raises(InputDataError) as info:
        validate_table(t.replace(Z=Z), extra_issues=[parse])
    assert info.value.issues[0] == parse
    assert "NaN" not in str(info.value)
