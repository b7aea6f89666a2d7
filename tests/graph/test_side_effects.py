"""Side-effect composite: visible components, each averaging one, documented weights."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import need_data

from chainmap.analysis.summary import analyze_table
from chainmap.errors import ScenarioError
from chainmap.graph.network import calc_random_walk, calc_random_walk_centrality
from chainmap.graph.side_effects import DEFAULT_WEIGHTS, NOTE, score_side_effects
from chainmap.io.examples import miller_blair_2x2


def test_components_and_composite_average_one() -> None:
    df = score_side_effects(miller_blair_2x2())
    indices = [c for c in df.columns if c.endswith("_index")]
    assert indices == [
        "employment_index",
        "income_index",
        "induced_index",
        "breadth_index",
        "centrality_index",
    ]
    np.testing.assert_allclose(df[indices].mean(), 1.0, rtol=1e-14)
    assert df["side_effect"].mean() == pytest.approx(1.0, rel=1e-14)
    assert sum(df.attrs["weights"].values()) == pytest.approx(1.0)
    assert df.attrs["dropped"] == ["tax"]  # the textbook table has no tax row
    assert "operationalisation" in df.attrs["note"] and df.attrs["note"] == NOTE


def test_components_by_hand_on_miller_blair() -> None:
    t = miller_blair_2x2()
    df = score_side_effects(t)
    # employment coefficients 0.3, 0.25 and wages 0.2, 0.35 per unit of output: c′L
    jobs = np.array([0.3, 0.25]) @ t.l
    income = np.array([0.2, 0.35]) @ t.l
    np.testing.assert_allclose(df["employment_multiplier"], jobs, rtol=1e-12)
    np.testing.assert_allclose(df["employment_index"], jobs / jobs.mean(), rtol=1e-12)
    np.testing.assert_allclose(df["income_index"], income / income.mean(), rtol=1e-12)
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
    assert df.attrs["dropped"] == ["employment", "tax"]
    assert set(df.attrs["weights"]) == set(DEFAULT_WEIGHTS) - {"employment", "tax"}
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
    assert {"income_index", "tax_index", "induced_index", "breadth_index"} <= set(indices)
    np.testing.assert_allclose(df[indices].mean(), 1.0, rtol=1e-12)
    assert df["side_effect"].mean() == pytest.approx(1.0, rel=1e-12)
    assert sorted(df["rank"]) == list(range(1, t.n + 1))
