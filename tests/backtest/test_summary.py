"""The shipped backtest summary: schema, sane figures, the builder, and a recomputed subset."""

from __future__ import annotations

import pytest
from bt_synthetic import synthetic_archive
from conftest import need_data

from chainmap.backtest.archive import load_archive
from chainmap.backtest.pooling import pool
from chainmap.backtest.run import plan, run_backtests
from chainmap.backtest.summary import (
    CHECK_BASE,
    CHECK_PROVINCES,
    CHECK_TARGET,
    SUMMARY_PATH,
    build_summary,
    check_provinces,
    check_subset,
    check_summary,
    read_summary,
)
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
    assert summary["check"] is None  # no 2012 → 2017 case in the synthetic archive
    check = check_subset(results, ["甲", "乙"], base=2005, target=2010)
    row = results[(results["region"] == "乙") & (results["ranker"] == "method")].iloc[0]
    assert check["cases"]["乙"]["method_default"]["rho_abs"] == round(row["rho_abs"], 4)
    assert set(check["pooled"]) == {"method_default", "output"}
    with pytest.raises(ValueError, match="丁"):
        check_subset(results, ["甲", "丁"], base=2005, target=2010)


@pytest.mark.realdata
def test_shipped_check_subset_recomputed_from_the_tables() -> None:
    """The shipped figures of the check subset equal a fresh run on the real tables.

    The subset (base 2012, target 2017, eight provinces) is part of the same study as the
    pooled figures; if a change of the method, the data or the evaluation moves them, the
    shipped summary is stale and must be re-generated (``chainmap backtest --calibrate``).
    """
    need_data("china-provinces/2017")
    root = need_data("china-provinces").parent
    shipped = read_summary(SUMMARY_PATH)["check"]
    assert shipped["base"] == CHECK_BASE and shipped["target"] == CHECK_TARGET
    archive = load_archive(root, years=range(1997, CHECK_TARGET + 1))
    provinces = check_provinces(archive.provinces(CHECK_BASE))
    assert provinces == shipped["provinces"] and len(provinces) == CHECK_PROVINCES
    tasks = plan(archive, regions=provinces, bases=(CHECK_BASE,), targets=(CHECK_TARGET,))
    _, results = run_backtests(archive, tasks, workers=0, progress=False)
    fresh = check_subset(results, provinces)
    assert fresh["cases"] == shipped["cases"]
    assert fresh["pooled"] == shipped["pooled"]
    # the subset is not degenerate: size and the method disagree on some province
    cases = fresh["cases"].values()
    assert any(c["method_default"]["rho_abs"] != c["output"]["rho_abs"] for c in cases)
