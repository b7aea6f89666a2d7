"""Metrics on cases small enough to derive by hand."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from chainmap.backtest.metrics import (
    ndcg_at_k,
    random_hits,
    random_ndcg,
    spearman,
    top_k,
    top_k_hits,
)


def test_spearman_hand_case() -> None:
    # ranks of s: 1,2,3,4 ; ranks of y: 2,1,4,3 -> d = 1,1,1,1 ; rho = 1 - 6*4/(4*15) = 0.6
    s = pd.Series([1.0, 2.0, 3.0, 4.0], index=list("abcd"))
    y = pd.Series([20.0, 10.0, 40.0, 30.0], index=list("abcd"))
    assert spearman(s, y) == pytest.approx(0.6)


def test_spearman_ties_average_ranks_and_alignment() -> None:
    s = pd.Series({"a": 1.0, "b": 1.0, "c": 2.0})
    y = pd.Series({"c": 5.0, "b": 1.0, "a": 1.0})  # other order: aligned by code
    assert spearman(s, y) == pytest.approx(1.0)
    assert math.isnan(spearman(pd.Series({"a": 1.0, "b": 1.0, "c": 1.0}), y))


def test_top_k_and_hits() -> None:
    y = pd.Series({"a": 9.0, "b": 7.0, "c": 7.0, "d": 1.0, "e": np.nan})
    assert top_k(y, 3) == ["a", "b", "c"]
    assert top_k_hits(y, ["c", "d"], k=3) == 1
    assert top_k_hits(y, [], k=3) == 0


def test_ndcg_hand_case() -> None:
    y = pd.Series({"a": 4.0, "b": 2.0, "c": -3.0})  # gains 4, 2, 0
    perfect = pd.Series({"a": 3, "b": 2, "c": 1})
    assert ndcg_at_k(perfect, y, k=2) == pytest.approx(1.0)
    # order b, a: DCG = 2 + 4/log2(3); IDCG = 4 + 2/log2(3)
    swapped = pd.Series({"a": 2, "b": 3, "c": 1})
    expect = (2 + 4 / math.log2(3)) / (4 + 2 / math.log2(3))
    assert ndcg_at_k(swapped, y, k=2) == pytest.approx(expect)
    # a shrinking industry earns nothing: c first
    worst = pd.Series({"a": 1, "b": 2, "c": 3})
    assert ndcg_at_k(worst, y, k=1) == pytest.approx(0.0)


def test_random_expectations_match_enumeration() -> None:
    import itertools

    y = pd.Series({"a": 4.0, "b": 2.0, "c": 1.0, "d": 0.0})
    values = [
        ndcg_at_k(pd.Series(dict(zip(y.index, perm, strict=True))), y, k=2)
        for perm in itertools.permutations([4, 3, 2, 1])
    ]
    assert random_ndcg(y, k=2) == pytest.approx(np.mean(values))
    assert random_hits(10, 4, k=5) == pytest.approx(2.0)
