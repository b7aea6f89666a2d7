"""Structural path analysis: exact path values, exhaustive below the bounds, deterministic."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from conftest import need_data

from chainmap.analysis.paths import calc_structural_paths, structural_paths
from chainmap.errors import InputDataError
from chainmap.io.examples import miller_blair_2x2


def random_coefficients(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    A = rng.uniform(0, 0.3, (n, n)) * (rng.random((n, n)) < 0.7)
    return A, np.linalg.inv(np.eye(n) - A)


def all_walks(A: np.ndarray, i: int, j: int, depth: int) -> dict[tuple[int, ...], float]:
    """Brute force: every walk i → … → j with at most ``depth`` links and positive value."""
    n = A.shape[0]
    walks: dict[tuple[int, ...], float] = {}
    if i == j:
        walks[(i,)] = 1.0
    for m in range(1, depth + 1):
        for middle in itertools.product(range(n), repeat=m - 1):
            path = (i, *middle, j)
            value = float(np.prod([A[a, b] for a, b in itertools.pairwise(path)]))
            if value > 0:
                walks[path] = value
    return walks


@pytest.mark.parametrize(("seed", "i", "j"), [(1, 0, 3), (2, 2, 2), (3, 4, 1)])
def test_exhaustive_search_sums_powers_of_a(seed: int, i: int, j: int) -> None:
    A, L = random_coefficients(5, seed)
    depth = 4
    found = calc_structural_paths(A, L, i, j, min_value=0.0, max_depth=depth, max_paths=None)
    brute = all_walks(A, i, j, depth)
    assert dict(found.paths) == pytest.approx(brute, rel=1e-12)
    powers = sum(np.linalg.matrix_power(A, m)[i, j] for m in range(depth + 1))
    assert sum(v for _, v in found.paths) == pytest.approx(powers, rel=1e-12)
    assert not found.truncated


@pytest.mark.parametrize("seed", [4, 5])
def test_best_paths_above_threshold_match_brute_force(seed: int) -> None:
    A, L = random_coefficients(5, seed)
    threshold = 0.002
    found = calc_structural_paths(A, L, 1, 3, min_value=threshold, max_depth=5, max_paths=8)
    brute = sorted(
        ((v, p) for p, v in all_walks(A, 1, 3, 5).items() if v >= threshold), reverse=True
    )
    assert [v for _, v in found.paths] == pytest.approx([v for v, _ in brute[:8]], rel=1e-12)
    values = [v for _, v in found.paths]
    assert values == sorted(values, reverse=True)


def test_path_values_are_products_of_coefficients_and_shares_at_most_one() -> None:
    t = miller_blair_2x2()
    spa = structural_paths(t, "2", "1", min_share=0.001, max_paths=None, max_depth=8)
    a = t.A
    for row in spa.itertuples():
        codes = str(row.path).split(" → ")
        product = np.prod([a.loc[u, v] for u, v in itertools.pairwise(codes)])
        assert row.value == pytest.approx(product, rel=1e-14)
        assert 0 < row.share <= 1.0
        assert row.length == len(codes) - 1
    assert spa.attrs["total_requirement"] == pytest.approx(t.l[1, 0])
    assert spa.attrs["coverage"] <= 1.0 + 1e-12
    assert spa["cumulative_share"].iloc[-1] == pytest.approx(spa.attrs["coverage"])
    assert spa.attrs["coverage"] > 0.99


def test_own_requirement_starts_with_the_unit_itself() -> None:
    spa = structural_paths(miller_blair_2x2(), "1", "1", min_share=0.05)
    first = spa.iloc[0]
    assert first["path"] == "1" and first["length"] == 0 and first["value"] == 1.0


def test_search_limits() -> None:
    A, L = random_coefficients(6, 7)
    capped = calc_structural_paths(A, L, 0, 5, min_value=0.0, max_depth=6, max_expansions=10)
    assert capped.truncated and capped.expansions == 10
    first = calc_structural_paths(A, L, 0, 5, min_value=1e-4, max_paths=5)
    second = calc_structural_paths(A, L, 0, 5, min_value=1e-4, max_paths=5)
    assert first.paths == second.paths
    t = miller_blair_2x2()
    with pytest.raises(InputDataError, match="min_share"):
        structural_paths(t, "1", "2", min_share=1.5)
    with pytest.raises(InputDataError, match="unknown sector"):
        structural_paths(t, "1", "nowhere")


@pytest.mark.realdata
def test_steel_to_motor_vehicles() -> None:
    from chainmap.io.readers import read_table

    path = need_data("china-nbs/china_2020_153.csv")
    t = read_table("cn-nbs-2020-153", data_dir=path.parents[1])
    spa = structural_paths(t, "钢压延产品", "汽车整车", min_share=0.005, max_paths=10)
    i, j = list(t.codes).index("062"), list(t.codes).index("079")
    assert spa.iloc[0]["path"] == "062 → 079"
    assert spa.iloc[0]["value"] == pytest.approx(t.a[i, j], rel=1e-14)
    assert spa.iloc[1]["path"] == "062 → 080 → 079"  # through auto parts
    assert (spa["share"] <= 1).all() and not spa.attrs["truncated"]
