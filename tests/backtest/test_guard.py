"""No data dated after T reaches a T-dated backtest."""

from __future__ import annotations

import pandas as pd
import pytest
from bt_synthetic import synthetic_archive

from chainmap.backtest.archive import NATIONAL, LookAheadError
from chainmap.backtest.predict import predict
from chainmap.backtest.run import Task, run_task


def test_later_table_refused() -> None:
    view = synthetic_archive().as_of(2005)
    assert view.get("甲", 2005).year == 2005
    with pytest.raises(LookAheadError, match="2010"):
        view.get("甲", 2010)
    with pytest.raises(LookAheadError):
        view.get(NATIONAL, 2010)
    with pytest.raises(LookAheadError):
        view.provinces(2010)
    assert view.years == [2000, 2005]


def test_changing_later_data_leaves_prediction_identical() -> None:
    a, b = synthetic_archive(), synthetic_archive(later_scale=3.0)
    assert not (a.get("甲", 2010).x == b.get("甲", 2010).x).all()
    pa, pb = predict(a.as_of(2005), "甲"), predict(b.as_of(2005), "甲")
    pd.testing.assert_series_equal(pa.score, pb.score)
    pd.testing.assert_frame_equal(pa.criteria, pb.criteria)
    pd.testing.assert_frame_equal(pa.baselines, pb.baselines)
    assert (pa.leading, pa.potential) == (pb.leading, pb.potential)
    # ... while the evaluation against 2010 does see the change
    _, ra = run_task(Task("甲", 2005, (2010,)), a)
    _, rb = run_task(Task("甲", 2005, (2010,)), b)
    assert not ra["rho_abs"].equals(rb["rho_abs"])
