"""Observed shares, LQ formulas, accuracy metrics and leave-one-province-out."""

from __future__ import annotations

import math

import numpy as np
from conftest import provincial_table
from hypothesis import given, settings
from hypothesis import strategies as st

from chainmap.city.accuracy import Case, lq_matrix, metrics, multipliers
from chainmap.city.learned import ShareModel, lopo_splits
from chainmap.city.observed import (
    calc_local_share,
    calc_regional_coefficients,
    technical_coefficients,
)


def test_local_share_hand_case():
    Z = np.array([[10.0, 20.0], [5.0, 0.0]])
    x = np.array([100.0, 50.0])
    t = provincial_table(x, e=[10, 0], o=[30, 60], m=[20, 0], n=[20, 20], z=Z)
    s = calc_local_share(t)
    # sector 1: (100-40)/(60+40) = 0.6; sector 2: (50-60) < 0 → transit, clipped to 0
    assert s.share.tolist() == [0.6, 0.0]
    assert s.raw.iloc[1] < 0 and any("transit" in q for q in s.quirks)
    r = calc_regional_coefficients(t, s)
    assert np.allclose(r.to_numpy(), [[0.6 * 0.1, 0.6 * 0.4], [0.0, 0.0]])


def test_local_share_net_form():
    x = np.array([100.0, 100.0])
    t = provincial_table(x, None, None, None, None, net=[30.0, -25.0])
    s = calc_local_share(t)
    assert s.form == "net"
    assert s.share.tolist() == [1.0, 0.8]  # 100/(100+25)


pos = st.floats(0, 1e6, allow_nan=False)


@settings(max_examples=100, deadline=None)
@given(
    st.integers(1, 6).flatmap(
        lambda k: st.tuples(
            st.lists(st.lists(pos, min_size=k, max_size=k), min_size=k, max_size=k),
            *[st.lists(pos, min_size=k, max_size=k) for _ in range(5)],
        )
    )
)
def test_share_invariants(args):
    Z, x, e, o, m, n = (np.array(a, dtype=float) for a in args)
    t = provincial_table(x, e, o, m, n, z=Z)
    s = calc_local_share(t).share.to_numpy()
    assert ((s >= 0) & (s <= 1)).all()
    r = calc_regional_coefficients(t).to_numpy()
    a = technical_coefficients(t).to_numpy()
    assert (r <= a + 1e-12).all() and (r >= 0).all()


def test_lq_formulas_hand_case():
    # x^R = [10, 30], x^N = [100, 100] → SLQ = [0.5, 1.5], size 40/200 = 0.2
    slq, size = np.array([0.5, 1.5]), 0.2
    assert np.allclose(lq_matrix(slq, size, "SLQ"), [[0.5, 0.5], [1, 1]])
    assert np.allclose(lq_matrix(slq, size, "CILQ"), [[0.5, 1 / 3], [1, 1]])
    lam = math.log2(1.2) ** 0.3  # 0.66991
    assert abs(lam - 0.66991) < 1e-4
    assert np.allclose(lq_matrix(slq, size, "FLQ", 0.3), [[0.5 * lam, lam / 3], [1, 1]])
    # AFLQ: column 2 (SLQ 1.5 > 1) × log2(2.5) = 1.32193; column 1 unchanged
    assert np.allclose(
        lq_matrix(slq, size, "AFLQ", 0.3), [[0.5 * lam, lam / 3 * 1.32193], [1, 1]], atol=1e-5
    )
    assert np.allclose(lq_matrix(slq, size, "FLQ", 0.0), lq_matrix(slq, size, "CILQ"))


def test_metrics_and_multipliers():
    r = np.array([[0.2, 0.1], [0.1, 0.3]])
    m = multipliers(r)
    inv = np.linalg.inv(np.eye(2) - r)
    assert np.allclose(m, inv.sum(axis=0))
    got = metrics(r, r, m, np.ones(2))
    assert got == {"mad": 0.0, "stpe": 0.0, "theil_u": 0.0, "mult_mape": 0.0}
    got = metrics(r * 0, r, m, np.ones(2))
    assert abs(got["stpe"] - 100) < 1e-12 and abs(got["theil_u"] - 1) < 1e-12


def _case(prov: str, year: int, rng: np.random.Generator) -> Case:
    n = 4
    a = rng.uniform(0, 0.2, (n, n))
    s = rng.uniform(0.2, 0.9, n)
    return Case(
        prov, year, rng.uniform(1, 10, n), s[:, None] * a, a, s, a, rng.uniform(50, 100, n), "gross"
    )


def test_lopo_never_uses_held_out_province():
    rng = np.random.default_rng(1)
    cases = [_case(p, y, rng) for p in ("甲", "乙", "丙", "丁") for y in (2012, 2017)]
    seen = set()
    for p, train, test in lopo_splits(cases):
        assert {c.province for c in test} == {p}
        assert p not in {c.province for c in train}
        assert len(train) + len(test) == len(cases)
        ShareModel().fit(train).predict(test[0])
        seen.add(p)
    assert seen == {"甲", "乙", "丙", "丁"}
