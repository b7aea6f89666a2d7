"""Tests of the selection input checks (numpy paths against the pandas definitions)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pulp
import pytest

from chainmap.select.checks import (
    check_links,
    check_series,
    check_synergy,
    code_index,
    duplicates,
    text_values,
)
from chainmap.select.problem import linear


def test_check_series_reorders_by_code_and_keeps_the_name() -> None:
    issues: list[str] = []
    s = pd.Series([3.0, "1.5", 2], index=pd.Index(["c", "a", "b"], name="industry"), name="x")
    out = check_series(issues, "x", s, ("a", "b", "c"))
    assert issues == []
    assert out is not None and out.tolist() == [1.5, 2.0, 3.0]
    assert out.name == "x" and out.index.name is None and out.dtype == np.float64
    # the pandas definition the checks replaced: relabel, reindex, coerce to numbers
    ref = pd.to_numeric(s.set_axis(["c", "a", "b"]).reindex(["a", "b", "c"])).astype(float)
    pd.testing.assert_series_equal(out, ref)


def test_check_series_matches_numeric_codes_as_text() -> None:
    issues: list[str] = []
    out = check_series(issues, "x", pd.Series([0.5, 0.7], index=[1, 2]), ("1", "2"))
    assert issues == [] and out is not None and out.index.tolist() == ["1", "2"]
    assert text_values(pd.Index([1, 2])) == ["1", "2"]


@pytest.mark.parametrize(
    ("series", "message"),
    [
        (
            pd.Series([1.0, "x"], index=["a", "b"]),
            "x: NaN, infinite or non-numeric value at [\"b='x'\"]",
        ),
        (
            pd.Series([1.0, np.inf], index=["a", "b"]),
            "x: NaN, infinite or non-numeric value at ['b=inf']",
        ),
        (pd.Series([1.0, 1.0, 2.0], index=["a", "b", "a"]), "x: duplicate codes ['a']"),
        (pd.Series([1.0], index=["a"]), "x: no value for code(s) ['b']"),
        (pd.Series([1.0, -2.0], index=["a", "b"]), "x: negative value at ['b=-2']"),
    ],
)
def test_check_series_messages(series: pd.Series, message: str) -> None:
    issues: list[str] = []
    assert check_series(issues, "x", series, ("a", "b"), nonneg=True) is None
    assert issues[0] == message


def test_text_series_are_object_and_must_be_text() -> None:
    issues: list[str] = []
    out = check_series(issues, "c", pd.Series({"b": "x", "a": "y"}), ("a", "b"), numeric=False)
    assert out is not None and out.tolist() == ["y", "x"] and out.dtype == object
    assert (
        check_series(issues, "c", pd.Series({"a": 1, "b": "x"}), ("a", "b"), numeric=False) is None
    )
    assert issues == ["c: missing or non-text value for code(s) ['a']"]


def test_duplicates_sorted_once() -> None:
    assert duplicates(["b", "a", "b", "c", "a", "b"]) == ["a", "b"]
    assert duplicates(["a"]) == []


def test_links_sorted_in_code_point_order_as_pandas_sorts_them() -> None:
    codes = ("电池", "C-1", "c1", "汽车", "C_1")
    rng = np.random.default_rng(0)
    pairs = [(j, i) for j in codes for i in codes if j != i]
    order = rng.permutation(len(pairs))
    links = pd.DataFrame(
        {
            "industry": [pairs[k][0] for k in order],
            "supplier": [pairs[k][1] for k in order],
            "value": rng.uniform(0, 1, len(pairs)),
            "rpc": 0.25,
        }
    )
    issues: list[str] = []
    out = check_links(issues, links, None, codes)
    assert issues == []
    ref = links.astype({"industry": str, "supplier": str}).sort_values(
        ["industry", "supplier"], kind="stable"
    )
    pd.testing.assert_frame_equal(out["links"], ref.reset_index(drop=True))
    assert out["fill_cost"].index.tolist() == sorted(set(links["supplier"]))


def test_links_missing_share_is_reported_once_per_row() -> None:
    links = pd.DataFrame(
        {"industry": ["a", "b"], "supplier": ["x", "x"], "value": [0.1, -1.0], "rpc": [np.nan, 0.2]}
    )
    issues: list[str] = []
    assert check_links(issues, links, None, ("a", "b")) == {}
    assert issues == [
        "links row 0 (x→a): rpc must be in [0, 1], got nan",
        "links row 1 (x→b): value must be finite and ≥ 0, got -1.0",
    ]


def test_synergy_pairs_in_code_order_as_pandas_min_max() -> None:
    syn = pd.DataFrame(
        {"industry": ["b", "a", "d"], "partner": ["a", "c", "b"], "sigma": [0.1, "0.2", -0.3]}
    )
    issues: list[str] = []
    out = check_synergy(issues, syn, ("a", "b", "c", "d"))
    assert issues == [] and out is not None
    ref = pd.DataFrame(
        {
            "industry": syn[["industry", "partner"]].min(axis=1),
            "partner": syn[["industry", "partner"]].max(axis=1),
            "sigma": pd.to_numeric(syn["sigma"]).astype(float),
        }
    ).sort_values(["industry", "partner"], kind="stable")
    pd.testing.assert_frame_equal(out, ref.reset_index(drop=True))
    bad = pd.DataFrame({"industry": ["a", "a"], "partner": ["a", "q"], "sigma": [0.1, np.nan]})
    check_synergy(issues, bad, ("a", "b"))
    assert issues == [
        "synergy row 0: self or duplicate pair ('a', 'a')",
        "synergy row 1: unknown code in pair ('a', 'q')",
        "synergy row 1: sigma must be finite, got nan",
    ]


def test_linear_is_lpsum_of_products() -> None:
    x = [pulp.LpVariable(f"x{k}") for k in range(4)]
    terms = [(x[0], 0.5), (x[1], 0.0), (x[2], -1.25), (x[3], 1)]
    expected = pulp.lpSum(c * v for v, c in terms)
    got = linear(terms)
    assert list(got.items()) == list(expected.items()) and got.constant == expected.constant
    assert x[1] not in got  # PuLP's 0 * x is empty: the variable stays out of the model
    twice = linear([(x[0], 0.5), (x[2], 1.0), (x[0], 0.25)])
    assert dict(twice) == {x[0]: 0.75, x[2]: 1.0}


def test_code_index_is_unnamed_text() -> None:
    idx = code_index(("a", "b"))
    assert idx.tolist() == ["a", "b"] and idx.name is None


def test_normalised_series_do_not_share_an_index_object() -> None:
    from chainmap.select.inputs import SelectionInputs

    crit = pd.DataFrame({"x": [0.2, 0.4]}, index=["a", "b"])
    inp = SelectionInputs(
        ("a", "b"), pd.Series({"a": 0.2, "b": 0.4}), criteria=crit, weights=pd.Series({"x": 1.0})
    )
    assert inp.score is not None and inp.entry_cost is not None and inp.criteria is not None
    inp.score.index.name = "industry"  # renaming one index must not rename the others
    assert inp.entry_cost.index.name is None and inp.criteria.index.name is None
