"""Stage thresholds chosen by leave-one-province-out, jointly with the weights."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from bt_synthetic import synthetic_archive

from chainmap.backtest.calibrate import CaseMatrix, weight_grid
from chainmap.backtest.run import plan
from chainmap.backtest.stage_rules import (
    STAGE_GRID,
    default_variant,
    joint_lopo,
    run_stage_study,
    stage_variants,
    staged_tasks,
)

FOUR_YEARS = (2000, 2005, 2010, 2015)


def test_grid_holds_the_defaults_and_tasks_need_three_tables() -> None:
    variants = stage_variants(STAGE_GRID)
    assert len(variants) == 9
    assert variants[default_variant(variants)] == {"mature_growth": 0.05, "hot_growth": 0.30}
    archive = synthetic_archive(years=FOUR_YEARS)
    tasks = staged_tasks(archive, plan(archive, bases=FOUR_YEARS), 3)
    assert {t.base for t in tasks} == {2010}  # 2000 and 2005 have fewer than 3 tables


def _matrix(objective: np.ndarray) -> CaseMatrix:
    cases = pd.DataFrame({"region": ["p", "p", "q", "r"], "base": 2010, "target": 2015})
    return CaseMatrix(cases, objective, weight_grid(0.5))


def test_joint_fit_picks_variant_and_weights_without_the_held_out_province() -> None:
    rng = np.random.default_rng(1)
    size = len(weight_grid(0.5))
    a, b = rng.uniform(-1, 1, (4, size)), rng.uniform(-1, 1, (4, size))
    b[[2, 3], 3] = 5.0  # variant 1, weights 3: best by far on q and r
    chosen = joint_lopo([_matrix(a), _matrix(b)])
    assert chosen["p"][0] == 1
    np.testing.assert_array_equal(chosen["p"][1], weight_grid(0.5)[3])
    changed = b.copy()
    changed[[0, 1]] = 100.0  # p's own cases cannot move p's fold
    assert joint_lopo([_matrix(a), _matrix(changed)])["p"][0] == 1


@pytest.mark.slow
def test_stage_study_sees_the_thresholds_on_a_synthetic_archive() -> None:
    archive = synthetic_archive(years=FOUR_YEARS)
    grid = {"hot_growth": (0.30, 0.06)}  # 0.06: nearly every growing industry is 过热期
    study = run_stage_study(
        archive,
        plan(archive, bases=FOUR_YEARS),
        grid=grid,
        step=0.5,
        n_boot=50,
        workers=0,
        progress=False,
    )
    assert list(study.in_sample["hot_growth"]) == [0.30, 0.06]
    assert (study.in_sample["cases"] == 3).all()
    # nearly all hot: few industries may lead; the chosen sets and the scores differ
    first, hot = study.in_sample.iloc[0], study.in_sample.iloc[1]
    assert (first["rho_abs"], first["hits_chosen"]) != (hot["rho_abs"], hot["hits_chosen"])
    assert set(study.out_of_sample.index) == {"lopo_joint", "lopo_weights"}
    assert set(study.folds.index) == {"甲", "乙", "丙"}
    assert study.fitted_all["variant"] in study.variants
