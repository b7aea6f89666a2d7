"""Side-effect composite: visible components, each min–max scaled, documented weights."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import need_data

from chainmap.analysis.summary import analyze_table
from chainmap.errors import ScenarioError
from chainmap.graph.network import calc_random_walk, calc_random_walk_centrality
from chainmap.graph.side_effects import (
    DEFAULT_WEIGHTS,
    NOTE,
    normalise_minmax01,
    score_side_effects,
)
from chainmap.io.examples import miller_blair_2x2


def test_components_minmax_scaled_and_induced_not_weighted() -> None:
    df = score_side_effects(miller_blair_2x2())
    indices = [c for c in df.columns if c.endswith("_index")]
    assert indices == ["employment_index", "income_index", "breadth_index", "centrality_index"]
    assert "output_induced" in df.columns  # shown, not weighted (proportional to income)
    for c in indices:
        assert sorted(df[c].tolist()) == [0.0, 1.0]
    assert df["side_effect"].between(0, 1).all()
    assert sum(df.attrs["weights"].values()) == pytest.approx(1.0)
    assert df.attrs["dropped"] == ["induced", "tax"]  # induced weight 0; no tax row
    assert "operationalisation" in df.attrs["note"] and df.attrs["note"] == NOTE


def test_components_by_hand_on_miller_blair() -> None:
    t = miller_blair_2x2()
    df = score_side_effects(t)
    # employment coefficients 0.3, 0.25 and wages 0.2, 0.35 per unit of output: c′L
    jobs = np.array([0.3, 0.25]) @ t.l
    income = np.array([0.2, 0.35]) @ t.l
    np.testing.assert_allclose(df["employment_multiplier"], jobs, rtol=1e-12)
    mm = lambda v: (v - v.min()) / (v.max() - v.min())  # noqa: E731
    np.testing.assert_allclose(df["employment_index"], mm(jobs), rtol=1e-12)
    np.testing.assert_allclose(df["income_index"], mm(income), rtol=1e-12)
    analysis = analyze_table(t)
    breadth = 2 / (analysis["cv_backward"] + analysis["cv_forward"])
    np.testing.assert_allclose(df["breadth"], breadth, rtol=1e-12)
    rwc = calc_random_walk_centrality(calc_random_walk(t.z))
    np.testing.assert_allclose(df["centrality"], rwc, rtol=1e-12)
    w = df.attrs["weights"]
    composite = sum(w[k] * df[f"{k}_index"] for k in w)
    np.testing.assert_allclose(df["side_effect"], composite, rtol=1e-14)
    assert df["rank"].tolist() == list(
        np.argsort(np.argsort(-df["side_effect"].to_numpy(), kind="stable")) + 1
    )


def test_weights_are_parameters() -> None:
    t = miller_blair_2x2()
    only_income = score_side_effects(t, weights={"income": 2.0})
    np.testing.assert_allclose(only_income["side_effect"], only_income["income_index"])
    assert only_income.attrs["weights"] == {"income": 1.0}
    pagerank = score_side_effects(t, centrality="pagerank")
    assert not np.allclose(pagerank["centrality"], score_side_effects(t)["centrality"])


def test_unavailable_and_invalid_components() -> None:
    t = miller_blair_2x2()
    no_jobs = t.replace(satellites=None, satellite_units={})
    df = score_side_effects(no_jobs)
    assert "employment_index" not in df.columns
    assert df.attrs["dropped"] == ["employment", "induced", "tax"]
    assert set(df.attrs["weights"]) == set(DEFAULT_WEIGHTS) - {"employment", "induced", "tax"}
    with pytest.raises(ScenarioError, match="not available"):
        score_side_effects(no_jobs, weights={"employment": 1.0, "income": 1.0})
    with pytest.raises(ScenarioError, match="unknown side-effect components"):
        score_side_effects(t, weights={"happiness": 1.0})
    with pytest.raises(ScenarioError, match=">= 0"):
        score_side_effects(t, weights={"income": -1.0})
    with pytest.raises(ScenarioError, match="all side-effect weights are zero"):
        score_side_effects(t, weights={"income": 0.0})
    with pytest.raises(ScenarioError, match="unknown centrality"):
        score_side_effects(t, centrality="degree")


@pytest.mark.realdata
def test_real_table_side_effects() -> None:
    from chainmap.io.readers import read_table

    path = need_data("china-nbs/china_2020_153.csv")
    t = read_table("cn-nbs-2020-153", data_dir=path.parents[1])
    df = score_side_effects(t)
    indices = [c for c in df.columns if c.endswith("_index")]
    assert {"income_index", "tax_index", "breadth_index"} <= set(indices)
    assert df[indices].min().min() == 0.0 and df[indices].max().max() == 1.0
    assert df["side_effect"].between(0, 1).all()
    assert sorted(df["rank"]) == list(range(1, t.n + 1))


def test_negative_component_cannot_flip_the_composite() -> None:
    """A negative tax multiplier (subsidised sector) ranks lowest, nothing explodes."""
    import pandas as pd

    measures = pd.DataFrame(
        {
            "income_multiplier": [0.5, 0.4, 0.3],
            "tax_multiplier": [-13.9, 0.1, 0.2],  # mean < 0: division by the mean flips
            "rwc": [1.0, 1.0, 1.0],
        },
        index=["agri", "b", "c"],
    )
    df = score_side_effects(
        miller_blair_2x2(), weights={"income": 0.5, "tax": 0.5}, measures=measures
    )
    assert df["tax_index"].round(6).tolist() == [0.0, round(14.0 / 14.1, 6), 1.0]
    assert df["income_index"].round(12).tolist() == [1.0, 0.5, 0.0]
    # agri: 0.5 * 1 + 0.5 * 0 = 0.5; b: 0.5 * 0.5 + 0.5 * 0.99291 = 0.746454; c: 0.5
    assert df["side_effect"].round(6).tolist() == [0.5, 0.746454, 0.5]


def test_weighting_income_and_induced_warns() -> None:
    from chainmap.errors import DataWarning

    with pytest.warns(DataWarning, match="counts household re-spending twice"):
        score_side_effects(miller_blair_2x2(), weights={"income": 1.0, "induced": 1.0})


def test_non_finite_component_names_the_sectors() -> None:
    values = pd.Series([1.0, float("nan"), 2.0], index=["01", "02", "03"], name="breadth")
    with pytest.raises(
        ScenarioError, match=r"breadth: non-finite values for 1 of 3 sectors \(02\)"
    ):
        normalise_minmax01(values)
