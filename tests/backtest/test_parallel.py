"""The dask fan-out gives identical results with 1 and 2 workers (and serially)."""

from __future__ import annotations

import pandas as pd
import pytest
from bt_synthetic import synthetic_archive

from chainmap.backtest.run import plan, run_backtests


@pytest.mark.slow
def test_one_and_two_workers_identical() -> None:
    archive = synthetic_archive()
    tasks = plan(archive, bases=(2000, 2005))
    _, serial = run_backtests(archive, tasks, workers=0, progress=False)
    _, one = run_backtests(archive, tasks, workers=1, progress=False)
    _, two = run_backtests(archive, tasks, workers=2, progress=False)
    pd.testing.assert_frame_equal(serial, one)
    pd.testing.assert_frame_equal(one, two)
    # provinces × (2 targets of 2000 × 6 rankers + 1 target of 2005 × 7 rankers): the
    # growth baseline needs a table before T, so it is absent at the first year
    assert len(two) == 3 * (2 * 6 + 1 * 7)
    assert set(two.loc[two["base"] == 2000, "ranker"]) == set(two["ranker"]) - {"growth"}
