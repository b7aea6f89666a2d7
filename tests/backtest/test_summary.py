"""The shipped backtest summary: schema, sane figures, and the builder on a subset."""

from __future__ import annotations

from bt_synthetic import synthetic_archive

from chainmap.backtest.pooling import pool
from chainmap.backtest.run import plan, run_backtests
from chainmap.backtest.summary import SUMMARY_PATH, build_summary, check_summary, read_summary
from chainmap.criteria.options import CRITERIA, DEFAULT_WEIGHTS


def test_shipped_summary_schema_and_weights() -> None:
    summary = read_summary(SUMMARY_PATH)  # checks fields, order lo <= mean <= hi, ranges
    assert summary["weights"] == DEFAULT_WEIGHTS  # the defaults it describes are shipped
    assert set(summary["weights"]) == set(CRITERIA)
    data = summary["data"]
    assert data["provinces"] >= 20 and data["cases"] >= 100
    assert min(data["base_years"]) <= 2002 and max(data["target_years"]) == 2017
    method, output = summary["rankers"]["method_default"], summary["rankers"]["output"]
    assert method["cases"] == output["cases"]
    beats = (
        method["rho_abs"]["mean"] >= output["rho_abs"]["mean"] - 0.01
        and method["hits_top5"]["mean"] >= output["hits_top5"]["mean"]
    )
    assert summary["method_beats_output"] is beats


def test_summary_recomputed_on_a_subset() -> None:
    archive = synthetic_archive()
    tasks = plan(archive, bases=(2005,))
    _, results = run_backtests(archive, tasks, workers=0, progress=False)
    pooled = pool(results, ("ranker",), n_boot=200).rename(index={"method": "method_default"})
    summary = build_summary(pooled, results, weights=DEFAULT_WEIGHTS, commit="test", command="test")
    check_summary(summary)
    assert summary["data"]["base_years"] == [2005] and summary["data"]["target_years"] == [2010]
    rows = results[results["ranker"] == "output"]
    assert abs(summary["rankers"]["output"]["rho_abs"]["mean"] - rows["rho_abs"].mean()) < 1e-4
