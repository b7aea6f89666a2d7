"""RAS and GRAS: margins, biproportional structure, signs, failure messages."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chainmap.city.balancing import BalancingError, calc_gras, calc_ras


def test_ras_hand_example() -> None:
    # Z0 = ones, u = [3, 1], v = [2, 2]. Z = [[a, 3-a], [2-a, a-1]]; RAS keeps the cross
    # ratio z11 z22 / (z12 z21) = 1, so a(a-1) = (3-a)(2-a) -> a = 1.5.
    res = calc_ras(np.ones((2, 2)), np.array([3.0, 1.0]), np.array([2.0, 2.0]))
    np.testing.assert_allclose(res.Z, [[1.5, 1.5], [0.5, 0.5]], atol=1e-10)
    np.testing.assert_allclose(res.r[:, None] * np.ones((2, 2)) * res.s[None, :], res.Z)


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**16), m=st.integers(2, 6), n=st.integers(2, 6))
def test_ras_reproduces_margins_and_cross_ratios(seed: int, m: int, n: int) -> None:
    rng = np.random.default_rng(seed)
    z0 = rng.uniform(0.1, 10.0, (m, n))
    target = z0 * rng.uniform(0.5, 2.0, (m, 1)) * rng.uniform(0.5, 2.0, (1, n))
    u, v = target.sum(axis=1), target.sum(axis=0)
    res = calc_ras(z0, u, v, tol=1e-12)
    np.testing.assert_allclose(res.Z.sum(axis=1), u, rtol=1e-10)
    np.testing.assert_allclose(res.Z.sum(axis=0), v, rtol=1e-10)
    # the biproportional solution is unique: it is the scaled matrix we started from
    np.testing.assert_allclose(res.Z, target, rtol=1e-8)
    cross = res.Z[0, 0] * res.Z[1, 1] / (res.Z[0, 1] * res.Z[1, 0])
    assert cross == pytest.approx(z0[0, 0] * z0[1, 1] / (z0[0, 1] * z0[1, 0]), rel=1e-8)


def test_ras_keeps_zeros() -> None:
    z0 = np.array([[1.0, 0.0, 2.0], [3.0, 1.0, 0.0], [0.0, 2.0, 2.0]])
    u = np.array([4.0, 5.0, 3.0])
    v = np.array([5.0, 3.0, 4.0])
    res = calc_ras(z0, u, v)
    assert (res.Z[z0 == 0] == 0).all()
    np.testing.assert_allclose(res.Z.sum(axis=1), u, rtol=1e-9)
    np.testing.assert_allclose(res.Z.sum(axis=0), v, rtol=1e-9)


def test_ras_errors() -> None:
    # z12 is a structural zero: row 1 = z11 = 2 but column 1 = z11 + z21 = 1 needs z21 = -1
    z0 = np.array([[1.0, 0.0], [1.0, 1.0]])
    with pytest.raises(
        BalancingError, match=r"RAS did not converge in 200 iterations: max residual"
    ):
        calc_ras(z0, np.array([2.0, 1.0]), np.array([1.0, 2.0]), max_iter=200)
    with pytest.raises(BalancingError, match="equal totals"):
        calc_ras(np.ones((2, 2)), np.array([1.0, 1.0]), np.array([1.0, 2.0]))
    with pytest.raises(BalancingError, match="use GRAS"):
        calc_ras(np.array([[1.0, -1.0], [1.0, 1.0]]), np.ones(2), np.ones(2))
    with pytest.raises(BalancingError, match="all zero but"):
        calc_ras(np.array([[0.0, 0.0], [1.0, 1.0]]), np.array([1.0, 1.0]), np.array([1.0, 1.0]))


def test_gras_equals_ras_without_negatives() -> None:
    rng = np.random.default_rng(7)
    z0 = rng.uniform(0.0, 5.0, (4, 5))
    u = z0.sum(axis=1) * rng.uniform(0.8, 1.2, 4)
    v = z0.sum(axis=0)
    v *= u.sum() / v.sum()
    np.testing.assert_allclose(calc_gras(z0, u, v).Z, calc_ras(z0, u, v).Z, rtol=1e-9)


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**16))
def test_gras_with_negative_entries(seed: int) -> None:
    rng = np.random.default_rng(seed)
    z0 = rng.uniform(0.5, 10.0, (4, 4))
    z0[rng.uniform(size=(4, 4)) < 0.25] *= -0.3  # subsidies, inventory drawdowns
    # reachable margins: those of a GRAS-type transformation of z0
    r, s = rng.uniform(0.7, 1.4, 4), rng.uniform(0.7, 1.4, 4)
    target = np.where(z0 > 0, r[:, None] * z0 * s[None, :], z0 / (r[:, None] * s[None, :]))
    u, v = target.sum(axis=1), target.sum(axis=0)
    res = calc_gras(z0, u, v, tol=1e-11)
    np.testing.assert_allclose(res.Z.sum(axis=1), u, rtol=1e-8, atol=1e-9)
    np.testing.assert_allclose(res.Z.sum(axis=0), v, rtol=1e-8, atol=1e-9)
    assert (np.sign(res.Z) == np.sign(z0)).all()
    # GRAS structure: z = r p s for positive cells, -n / (r s) for negative ones
    rr, ss = res.r[:, None], res.s[None, :]
    expected = np.where(z0 > 0, rr * z0 * ss, z0 / (rr * ss))
    np.testing.assert_allclose(res.Z, expected, rtol=1e-12)


def test_gras_hand_example() -> None:
    # one negative cell: Z0 = [[4, -1], [2, 3]], u = [4, 6], v = [7, 3]
    res = calc_gras(np.array([[4.0, -1.0], [2.0, 3.0]]), np.array([4.0, 6.0]), np.array([7.0, 3.0]))
    z = res.Z
    np.testing.assert_allclose(z.sum(axis=1), [4.0, 6.0], rtol=1e-9)
    np.testing.assert_allclose(z.sum(axis=0), [7.0, 3.0], rtol=1e-9)
    # three-equation check of the GRAS form with the returned multipliers
    r, s = res.r, res.s
    assert z[0, 1] == pytest.approx(-1.0 / (r[0] * s[1]))
    assert z[1, 0] == pytest.approx(r[1] * 2.0 * s[0])


def test_gras_errors() -> None:
    with pytest.raises(BalancingError, match="cannot be reached"):
        calc_gras(np.array([[-1.0, -1.0], [1.0, 1.0]]), np.array([1.0, 1.0]), np.array([1.0, 1.0]))
    z0 = np.array([[1.0, 0.0], [1.0, 1.0]])
    with pytest.raises(
        BalancingError, match=r"GRAS did not converge in 50 iterations: max residual"
    ):
        calc_gras(z0, np.array([2.0, 1.0]), np.array([1.0, 2.0]), max_iter=50)
