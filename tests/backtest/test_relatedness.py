"""Relatedness density on a hand-made output matrix."""

from __future__ import annotations

import pandas as pd
import pytest

from chainmap.backtest.relatedness import calc_density, calc_proximity, calc_rca


def test_rca_proximity_density_by_hand() -> None:
    # p: a, b specialised; q: b, c; r: a, c; s: a only (RCA > 1 in a)
    x = pd.DataFrame(
        [[5.0, 5.0, 0.0], [0.0, 5.0, 5.0], [5.0, 0.0, 5.0], [10.0, 0.0, 0.0]],
        index=list("pqrs"),
        columns=list("abc"),
    )
    rca = calc_rca(x)
    # totals: a 20, b 10, c 10 of 40 -> RCA_pa = 0.5 / 0.5 = 1.0, RCA_pb = 0.5 / 0.25 = 2
    assert rca.loc["p", "a"] == pytest.approx(1.0)
    assert rca.loc["p", "b"] == pytest.approx(2.0)
    m = (rca >= 1).astype(float)
    assert m.sum().tolist() == [3.0, 2.0, 2.0]  # ubiquity a 3, b 2, c 2
    phi = calc_proximity(m)
    # a & b co-occur in p: 1 / max(3, 2); b & c in q: 1 / 2
    assert phi.loc["a", "b"] == pytest.approx(1 / 3)
    assert phi.loc["b", "c"] == pytest.approx(1 / 2)
    assert phi.loc["a", "a"] == 0.0
    omega = calc_density(x)
    # q has b, c: density of a = (φ_ab + φ_ac) / (φ_ab + φ_ac) = 1
    assert omega.loc["q", "a"] == pytest.approx(1.0)
    # s has only a: density of b = φ_ba / (φ_ba + φ_bc) = (1/3) / (1/3 + 1/2) = 0.4
    assert omega.loc["s", "b"] == pytest.approx(0.4)
