"""Normalisation, entropy and AHP weights, TOPSIS: textbook and hand-derived values."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chainmap.criteria.weighting import (
    SAATY_RI,
    ahp_weights,
    check_weights,
    entropy_weights,
    normalise,
    normalise_minmax,
    normalise_rank,
    normalise_zscore,
    score_topsis,
)
from chainmap.errors import ScenarioError

# ----- entropy --------------------------------------------------------------------------


def test_entropy_weights_hand_derived_3x3():
    """Three industries, three indicators a, b, c (columns of y):

    y = [[1, 1, 2],
         [1, 0, 1],
         [1, 0, 1]]

    a: p = (1/3, 1/3, 1/3) → e_a = −(1/ln 3)·3·(1/3)·ln(1/3) = 1 → 1 − e_a = 0.
    b: p = (1, 0, 0) → e_b = −(1/ln 3)·(1·ln 1) = 0 → 1 − e_b = 1.
    c: p = (1/2, 1/4, 1/4) → e_c = −(1/ln 3)(½ ln ½ + 2·¼ ln ¼) = (½ ln 2 + ln 2)/ln 3
       = 1.5 ln 2 / ln 3 = 0.946395 → 1 − e_c = 0.053605.
    Σ(1 − e) = 1.053605, so w = (0, 1/1.053605, 0.053605/1.053605) = (0, 0.949122, 0.050878).
    """
    y = pd.DataFrame({"a": [1.0, 1.0, 1.0], "b": [1.0, 0.0, 0.0], "c": [2.0, 1.0, 1.0]})
    w = entropy_weights(y)
    d_c = 1.0 - 1.5 * math.log(2.0) / math.log(3.0)
    assert w["a"] == pytest.approx(0.0, abs=1e-12)
    assert w["b"] == pytest.approx(1.0 / (1.0 + d_c), rel=1e-12)
    assert w["c"] == pytest.approx(d_c / (1.0 + d_c), rel=1e-12)
    assert w.round(6).tolist() == [0.0, 0.949122, 0.050878]
    assert w.sum() == pytest.approx(1.0)


def test_entropy_weights_reject_bad_input():
    with pytest.raises(ScenarioError, match="non-negative"):
        entropy_weights(pd.DataFrame({"a": [1.0, -1.0], "b": [1.0, 2.0]}))
    with pytest.raises(ScenarioError, match="at least 2"):
        entropy_weights(pd.DataFrame({"a": [1.0]}))
    with pytest.raises(ScenarioError, match="constant"):
        entropy_weights(pd.DataFrame({"a": [2.0, 2.0], "b": [0.0, 0.0]}))


# ----- AHP ------------------------------------------------------------------------------

#: Saaty's "relative wealth of nations" judgements (Saaty 1977, J. Math. Psych. 15;
#: Saaty 1980, The Analytic Hierarchy Process, ch. 2): US, USSR, China, France, UK,
#: Japan, West Germany.
SAATY_WEALTH = [
    [1, 4, 9, 6, 6, 5, 5],
    ["1/4", 1, 7, 5, 5, 3, 4],
    ["1/9", "1/7", 1, "1/5", "1/5", "1/7", "1/5"],
    ["1/6", "1/5", 5, 1, 1, "1/3", "1/3"],
    ["1/6", "1/5", 5, 1, 1, "1/3", "1/3"],
    ["1/5", "1/3", 7, 3, 3, 1, 2],
    ["1/5", "1/4", 5, 3, 3, "1/2", 1],
]


def test_ahp_saaty_wealth_of_nations():
    """Published: eigenvector (.427, .230, .021, .052, .052, .123, .094), λ_max = 7.61,
    CI = 0.10, CR = 0.08 (RI = 1.32 for n = 7)."""
    labels = ["US", "USSR", "China", "France", "UK", "Japan", "W. Germany"]
    r = ahp_weights(SAATY_WEALTH, labels)
    assert r.weights.round(3).tolist() == [0.427, 0.230, 0.021, 0.052, 0.052, 0.123, 0.094]
    assert list(r.weights.index) == labels
    assert round(r.lambda_max, 2) == 7.61
    assert round(r.ci, 2) == 0.10
    assert round(r.cr, 2) == 0.08
    assert r.ri == 1.32


def test_ahp_consistent_matrix_recovers_weights():
    w = np.array([0.4, 0.3, 0.2, 0.1])
    matrix = w[:, None] / w[None, :]
    r = ahp_weights(matrix, list("abcd"))
    np.testing.assert_allclose(r.weights.to_numpy(), w, atol=1e-12)
    assert r.lambda_max == pytest.approx(4.0, abs=1e-10)
    assert r.cr == pytest.approx(0.0, abs=1e-10)


def test_ahp_rejects_inconsistent_matrix_with_cr_in_message():
    # a ≫ b, b ≫ c, c ≫ a: intransitive judgements
    matrix = [[1, 9, "1/9"], ["1/9", 1, 9], [9, "1/9", 1]]
    with pytest.raises(ScenarioError, match=r"criteria\.ahp_matrix: consistency ratio CR = "):
        ahp_weights(matrix, list("abc"), name="criteria.ahp_matrix")
    try:
        ahp_weights(matrix, list("abc"), name="criteria.ahp_matrix")
    except ScenarioError as err:
        cr = float(str(err).split("CR = ")[1].split()[0])
        assert cr > 0.1


@pytest.mark.parametrize(
    ("matrix", "match"),
    [
        ([[1, 2], [0.5, 1], [1, 1]], "square"),
        ([[1, 2], [2, 1]], "not reciprocal"),
        ([[1, -2], [-0.5, 1]], "positive"),
        ([[2, 2], [0.5, 1]], "diagonal"),
        ([[1, "x"], [1, 1]], "number or a fraction"),
    ],
)
def test_ahp_validates_matrix(matrix, match):
    with pytest.raises(ScenarioError, match=match):
        ahp_weights(matrix, name="M")


def test_ahp_accepts_rounded_reciprocals_and_two_by_two():
    r = ahp_weights([[1, 3], [0.333, 1]], ["a", "b"])
    assert r.weights.tolist() == pytest.approx([0.75, 0.25], abs=1e-3)
    assert r.cr == 0.0
    assert SAATY_RI[5] == 1.12


# ----- TOPSIS ---------------------------------------------------------------------------


def test_topsis_hand_computed():
    """y = [[3, 4], [4, 3], [0, 0]], w = (½, ½), gain is a benefit and cost a cost.

    Column norms are √(9+16+0) = 5, so r = [[.6, .8], [.8, .6], [0, 0]] and
    v = [[.3, .4], [.4, .3], [0, 0]]. Ideal = (max gain, min cost) = (.4, 0);
    anti-ideal = (0, .4).
    A1: D⁺ = √(.1² + .4²) = √.17 = .412311, D⁻ = √(.3² + 0²) = .3, C = .3/.712311 = .421165
    A2: D⁺ = √(0 + .3²) = .3, D⁻ = √(.4² + .1²) = √.17, C = .412311/.712311 = .578835
    A3: D⁺ = √(.4² + 0) = .4, D⁻ = √(0 + .4²) = .4, C = .5
    Contributions of A2: .16 / (√.17 · (.3 + √.17)) = .16 / .293693 = .544786 and
    .01 / .293693 = .034049.
    """
    y = pd.DataFrame({"gain": [3.0, 4.0, 0.0], "cost": [4.0, 3.0, 0.0]}, index=["A1", "A2", "A3"])
    r = score_topsis(y, {"gain": 1.0, "cost": 1.0}, benefit={"cost": False})
    s17 = math.sqrt(0.17)
    assert r.distance_ideal.tolist() == pytest.approx([s17, 0.3, 0.4])
    assert r.distance_anti_ideal.tolist() == pytest.approx([0.3, s17, 0.4])
    assert r.closeness.tolist() == pytest.approx([0.3 / (0.3 + s17), s17 / (0.3 + s17), 0.5])
    assert r.closeness.round(6).tolist() == [0.421165, 0.578835, 0.5]
    assert r.ideal.tolist() == pytest.approx([0.4, 0.0])
    assert r.anti_ideal.tolist() == pytest.approx([0.0, 0.4])
    assert r.contributions.loc["A2"].round(6).tolist() == [0.544786, 0.034049]
    np.testing.assert_allclose(r.contributions.sum(axis=1), r.closeness, atol=1e-12)


def test_topsis_rejects_missing_values_and_zero_column_is_harmless():
    y = pd.DataFrame({"a": [1.0, np.nan], "b": [1.0, 2.0]})
    with pytest.raises(ScenarioError, match="finite"):
        score_topsis(y, {"a": 1, "b": 1})
    y = pd.DataFrame({"a": [0.0, 0.0, 0.0], "b": [1.0, 2.0, 3.0]})
    r = score_topsis(y, {"a": 1, "b": 1})
    assert r.closeness.tolist() == pytest.approx([0.0, 0.5, 1.0])


# ----- manual weights -------------------------------------------------------------------


def test_check_weights_names_the_key():
    with pytest.raises(ScenarioError, match="w: unknown key 'z'"):
        check_weights({"z": 1.0}, ["a", "b"], name="w")
    with pytest.raises(ScenarioError, match=r"w\.a: weight must be finite and >= 0"):
        check_weights({"a": -1.0}, ["a", "b"], name="w")
    with pytest.raises(ScenarioError, match="sum to a positive number"):
        check_weights({"a": 0.0}, ["a", "b"], name="w")
    with pytest.raises(ScenarioError, match="must be a number"):
        check_weights({"a": "1"}, ["a"], name="w")  # type: ignore[dict-item]


# ----- normalisation properties ---------------------------------------------------------

values = st.lists(
    st.floats(min_value=-1e3, max_value=1e3, allow_nan=False).map(lambda v: round(v, 3)),
    min_size=2,
    max_size=12,
)


@settings(max_examples=40, deadline=None)
@given(values)
def test_minmax_properties(v):
    s = pd.Series(v)
    n = normalise_minmax(s)
    assert ((n >= 0) & (n <= 1)).all()
    if s.nunique() == 1:
        assert (n == 0).all()
        return
    assert n[s.idxmax()] == 1.0 and n[s.idxmin()] == 0.0
    order = np.argsort(s.to_numpy(), kind="stable")
    assert np.all(np.diff(n.to_numpy()[order]) >= -1e-12)  # monotone
    np.testing.assert_allclose(normalise_minmax(3.0 * s + 7.0), n, atol=1e-9)  # affine
    np.testing.assert_allclose(normalise_minmax(s, benefit=False), 1.0 - n, atol=1e-12)


@settings(max_examples=40, deadline=None)
@given(values)
def test_zscore_properties(v):
    s = pd.Series(v)
    z = normalise_zscore(s)
    if s.nunique() == 1:
        assert (z == 0).all()
        return
    assert z.mean() == pytest.approx(0.0, abs=1e-9)
    assert z.std(ddof=0) == pytest.approx(1.0, rel=1e-9)
    np.testing.assert_allclose(normalise_zscore(s, benefit=False), -z)


@settings(max_examples=40, deadline=None)
@given(values, st.randoms(use_true_random=False))
def test_rank_properties(v, rnd):
    s = pd.Series(v)
    r = normalise_rank(s)
    assert ((r >= 0) & (r <= 1)).all()
    for value in s.unique():  # ties get one (averaged) value
        assert r[s == value].nunique() == 1
    # depends only on order: invariant under a strictly increasing transform
    np.testing.assert_allclose(normalise_rank(s**3 + s), r, atol=1e-12)
    # deterministic under permutation of the rows
    perm = list(range(len(s)))
    rnd.shuffle(perm)
    shuffled = normalise_rank(s.iloc[perm])
    np.testing.assert_allclose(shuffled.sort_index(), r, atol=1e-12)
    if s.nunique() > 1:
        np.testing.assert_allclose(normalise_rank(s, benefit=False), 1.0 - r, atol=1e-12)


def test_normalise_keeps_missing_values_and_checks_names():
    df = pd.DataFrame({"a": [1.0, np.nan, 3.0], "b": [2.0, 2.0, 2.0]})
    out = normalise(df, "minmax")
    assert out["a"].tolist()[0] == 0.0 and math.isnan(out["a"][1]) and out["a"][2] == 1.0
    assert (out["b"] == 0).all()
    assert normalise(df, "rank")["a"].tolist()[2] == 1.0
    with pytest.raises(ScenarioError, match="unknown method 'l2'"):
        normalise(df, "l2")
    with pytest.raises(ScenarioError, match="unknown indicators"):
        normalise(df, "minmax", benefit={"c": False})
