"""A quick real-data backtest of one province (2012 → 2017)."""

from __future__ import annotations

import time

import pytest
from conftest import need_data

from chainmap.backtest.archive import load_archive
from chainmap.backtest.run import plan, run_task


@pytest.mark.realdata
def test_one_province_backtest() -> None:
    need_data("china-provinces/2017")
    root = need_data("china-provinces").parent
    archive = load_archive(root, years=(2012, 2017))
    assert len(archive.provinces(2012)) == 28
    (task,) = plan(archive, regions=["浙江"], bases=(2012,))
    start = time.perf_counter()
    prediction, rows = run_task(task, archive)
    assert time.perf_counter() - start < 15  # shared machine; benchmark holds the 5 s target
    assert 2 <= len(prediction.leading) <= 4
    rows = rows.set_index("ranker")
    assert set(rows.index) >= {"method", "output", "lq", "relatedness", "national_bl", "random"}
    assert 0 < rows.loc["output", "rho_abs"] <= 1  # size predicts absolute growth
    assert -1 <= rows.loc["method", "rho_abs"] <= 1
