"""Closed-form hypothetical extraction and Woodbury updates against brute-force re-inversion."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from conftest import random_system
from hypothesis import given, settings
from hypothesis import strategies as st

from chainmap import iomath
from chainmap.analysis import extraction, updates
from chainmap.errors import ScenarioError
from chainmap.io.examples import miller_blair_2x2

# ----- brute force: one re-inversion per extraction (the definitions) ---------------------


def brute_backward(A: np.ndarray, f: np.ndarray, S: list[int]) -> float:
    A2 = A.copy()
    A2[:, S] = 0.0
    return float(
        np.linalg.solve(np.eye(len(f)) - A, f).sum() - np.linalg.solve(np.eye(len(f)) - A2, f).sum()
    )


def brute_forward(A: np.ndarray, f: np.ndarray, S: list[int]) -> float:
    n = len(f)
    x = np.linalg.solve(np.eye(n) - A, f)
    B = A * x[np.newaxis, :] / x[:, np.newaxis]
    v = x - (A * x).sum(axis=0)  # primary inputs v′ = x′(I − B)
    B2 = B.copy()
    B2[S, :] = 0.0
    return float(x.sum() - np.linalg.solve((np.eye(n) - B2).T, v).sum())


def brute_full(A: np.ndarray, f: np.ndarray, S: list[int]) -> float:
    n = len(f)
    R = [i for i in range(n) if i not in S]
    x = np.linalg.solve(np.eye(n) - A, f)
    return float(x.sum() - np.linalg.solve(np.eye(len(R)) - A[np.ix_(R, R)], f[R]).sum())


def brute_total(A: np.ndarray, f: np.ndarray, S: list[int]) -> float:
    n = len(f)
    R = [i for i in range(n) if i not in S]
    A2 = A.copy()
    A2[np.ix_(S, R)] = 0.0
    A2[np.ix_(R, S)] = 0.0
    x = np.linalg.solve(np.eye(n) - A, f)
    return float(x.sum() - np.linalg.solve(np.eye(n) - A2, f).sum())


BRUTE = {
    "backward": brute_backward,
    "forward": brute_forward,
    "full": brute_full,
    "total": brute_total,
}


def test_miller_blair_fixture(fixtures: dict[str, Any]) -> None:
    comp = fixtures["miller_blair_2009_table_2_3"]["computed"]
    t = miller_blair_2x2()
    np.testing.assert_allclose(
        extraction.calc_hem_backward(t.l, t.x), comp["HEM_backward"], atol=5e-5
    )
    np.testing.assert_allclose(
        extraction.calc_hem_forward(t.l, t.x), comp["HEM_forward"], atol=5e-5
    )
    np.testing.assert_allclose(extraction.calc_hem_full(t.l, t.x), comp["HEM_full"], atol=5e-5)


def test_german_fixture_all_variants(fixtures: dict[str, Any]) -> None:
    de = fixtures["eurostat_manual_beutel_germany_6"]
    Z, x = np.asarray(de["Z"]), np.asarray(de["x"])
    A = iomath.calc_A(Z, x)
    L = iomath.calc_L(A)
    f = x - Z.sum(axis=1)  # final demand for which x = L f
    hem = extraction.calc_hem_all(L, x, f, np.diagonal(A))
    comp = de["computed"]
    # Values carry 4 decimals on magnitudes up to 1.4e6.
    np.testing.assert_allclose(hem.backward, comp["HEM_backward"], rtol=1e-9, atol=5e-5)
    np.testing.assert_allclose(hem.forward, comp["HEM_forward"], rtol=1e-9, atol=5e-5)
    np.testing.assert_allclose(hem.full, comp["HEM_full"], rtol=1e-9, atol=5e-5)
    np.testing.assert_allclose(
        hem.total, comp["total_linkage_cella_keep_ajj"], rtol=1e-9, atol=5e-5
    )
    np.testing.assert_allclose(hem.total, extraction.calc_hem_total(L, x, f, np.diagonal(A)))
    for j in range(6):
        for name, value in (("backward", hem.backward[j]), ("total", hem.total[j])):
            assert value == pytest.approx(BRUTE[name](A, f, [j]), rel=1e-10)


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(2, 30))
def test_all_sector_closed_forms_equal_brute_force(seed: int, n: int) -> None:
    A, f, x = random_system(seed, n)
    L = iomath.calc_L(A)
    hem = extraction.calc_hem_all(L, x, f, np.diagonal(A))
    singles = {
        "backward": extraction.calc_hem_backward(L, x),
        "forward": extraction.calc_hem_forward(L, x),
        "full": extraction.calc_hem_full(L, x),
        "total": extraction.calc_hem_total(L, x, f, np.diagonal(A)),
    }
    scale = x.sum()
    for name, brute in BRUTE.items():
        expected = np.array([brute(A, f, [j]) for j in range(n)])
        np.testing.assert_allclose(getattr(hem, name), expected, rtol=1e-8, atol=1e-10 * scale)
        np.testing.assert_allclose(singles[name], expected, rtol=1e-8, atol=1e-10 * scale)


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(3, 30), data=st.data())
def test_group_extraction_equals_brute_force(seed: int, n: int, data: st.DataObject) -> None:
    A, f, x = random_system(seed, n)
    L = iomath.calc_L(A)
    k = data.draw(st.integers(1, min(n - 1, 6)))
    S = data.draw(st.lists(st.integers(0, n - 1), min_size=k, max_size=k, unique=True))
    g = extraction.calc_group_extraction((L, x, A), S)
    scale = x.sum()
    for name, brute in BRUTE.items():
        value = getattr(g, name)
        assert value == pytest.approx(brute(A, f, S), rel=1e-8, abs=1e-10 * scale), name
    # Without A the Cella variant cannot be formed.
    assert extraction.calc_group_extraction((L, x), S).total is None
    # One sector: the closed forms.
    one = extraction.calc_group_extraction((L, x, A), S[:1])
    j = S[0]
    assert one.full == pytest.approx(extraction.calc_hem_full(L, x)[j], rel=1e-12)


def test_group_extraction_on_table_and_errors() -> None:
    t = miller_blair_2x2()
    g = extraction.calc_group_extraction(t, ["2", "1"])
    assert g.sectors == ("2", "1")
    assert g.full == pytest.approx(t.x.sum(), rel=1e-14)  # everything removed
    f = t.total_final_demand.to_numpy()
    assert g.backward == pytest.approx(brute_backward(t.a, f, [0, 1]), rel=1e-12)
    with pytest.raises(ScenarioError, match="unknown sector code '9'"):
        extraction.calc_group_extraction(t, ["9"])
    with pytest.raises(ScenarioError, match="twice"):
        extraction.calc_group_extraction(t, ["1", "1"])
    with pytest.raises(ScenarioError, match="empty"):
        extraction.calc_group_extraction(t, [])
    with pytest.raises(ScenarioError, match="position"):
        extraction.calc_group_extraction((t.l, t.x), ["1"])


# ----- Woodbury updates ------------------------------------------------------------------


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(2, 30), data=st.data())
def test_woodbury_equals_direct_inversion(seed: int, n: int, data: st.DataObject) -> None:
    A, f, x = random_system(seed, n)
    L = iomath.calc_L(A)
    rng = np.random.default_rng(seed + 1)
    k = data.draw(st.integers(1, n))
    U = rng.normal(0, 0.05, (n, k))
    V = rng.normal(0, 0.05, (n, k))
    direct = np.linalg.inv(np.eye(n) - A - U @ V.T)
    np.testing.assert_allclose(updates.calc_rank_k_update(L, U, V), direct, rtol=1e-8, atol=1e-10)
    # k columns of A raised (local supply replacing imports): keep the economy productive.
    cols = data.draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=min(n, 4), unique=True))
    D = np.zeros((n, len(cols)))
    for m, c in enumerate(cols):
        D[:, m] = rng.uniform(0, 1, n) * (1 - A[:, c].sum()) * 0.5 / n
    A2 = A.copy()
    A2[:, cols] += D
    direct = np.linalg.inv(np.eye(n) - A2)
    np.testing.assert_allclose(
        updates.calc_column_update(L, cols, D), direct, rtol=1e-8, atol=1e-10
    )
    x2 = updates.calc_output_after_column_update(L, x, cols, D)
    np.testing.assert_allclose(x2, direct @ f, rtol=1e-8)
    rows = [int(r) for r in rng.integers(0, n, len(cols))]
    deltas = [float(D[r, m]) for m, r in enumerate(rows)]
    A3 = A.copy()
    for r, c, d in zip(rows, cols, deltas, strict=True):
        A3[r, c] += d
    np.testing.assert_allclose(
        updates.calc_entry_update(L, rows, cols, deltas),
        np.linalg.inv(np.eye(n) - A3),
        rtol=1e-8,
        atol=1e-10,
    )


def test_update_errors() -> None:
    t = miller_blair_2x2()
    # det(I − A) = (1 − a_11)·0.95 − 0.25·0.2 vanishes at a_11 = 1 − 0.05/0.95.
    delta = (1 - 0.05 / 0.95) - 0.15
    with pytest.raises(ScenarioError, match="singular"):
        updates.calc_rank_k_update(t.l, [delta, 0.0], [1.0, 0.0])
    # Raising column 1 enough that the economy is no longer productive.
    with pytest.raises(ScenarioError, match="non-productive"):
        updates.calc_column_update(t.l, [0], [[0.6], [0.9]])
    with pytest.raises(ValueError, match="one column per changed column"):
        updates.calc_column_update(t.l, [0, 1], [[0.1], [0.1]])
