"""The whole study: default backtest, LOPO calibration, out-of-sample comparison.

Steps (each fan-out on dask.distributed):

1. the method with the current defaults and every baseline on every task;
2. the weight grid scored on every case from the stored criterion scores
   (:mod:`chainmap.backtest.calibrate`), weights fitted per held-out province;
3. the whole method re-run on each province's tasks with the weights fitted
   without it (``method_lopo``), and with the report's equal weights
   (``method_equal``);
4. the weights fitted on all provinces: the proposed defaults.

Result rows carry ``ranker``: ``method_default``, ``method_equal``, ``method_lopo``,
the baselines and ``random``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from chainmap.backtest.archive import Archive
from chainmap.backtest.calibrate import (
    CaseMatrix,
    as_default_weights,
    case_matrix,
    equal_weights,
    fit_weights,
    lopo_weights,
    weight_grid,
)
from chainmap.backtest.evaluate import METHOD, evaluate_case
from chainmap.backtest.predict import Prediction
from chainmap.backtest.run import Task, run_backtests


@dataclass(frozen=True)
class Study:
    """Everything the calibration produced.

    Attributes
    ----------
    results : DataFrame
        Result rows of every ranker (see the module doc).
    fold_weights : DataFrame
        Weights fitted without each province (rows = held-out province).
    defaults : dict
        Weights fitted on all provinces, as criterion weights (policy kept).
    matrix : CaseMatrix
    """

    results: pd.DataFrame
    fold_weights: pd.DataFrame
    defaults: dict[str, float]
    matrix: CaseMatrix


def _method_rows(results: pd.DataFrame, name: str) -> pd.DataFrame:
    rows = results[results["ranker"] == METHOD].copy()
    rows["ranker"] = name
    return rows


def reweighted(
    predictions: Sequence[Prediction], archive: Archive, tasks: Sequence[Task]
) -> pd.DataFrame:
    """Method rows with score ``C w`` (weights of each task's overrides), no MILP."""
    frames = []
    for pred, task in zip(predictions, tasks, strict=True):
        weights = pd.Series(task.overrides["criteria.weights"]).reindex(pred.criteria.columns)
        score = pred.criteria.fillna(0.0) @ (weights / weights.sum())
        for target in task.targets:
            rows = evaluate_case(pred, archive, target, score=score)
            rows.loc[rows["ranker"] == METHOD, "hits_chosen"] = float("nan")
            frames.append(rows)
    return pd.concat(frames, ignore_index=True)


def run_study(
    archive: Archive,
    tasks: Sequence[Task],
    *,
    step: float = 0.05,
    workers: int = 2,
    scheduler: str | None = None,
    progress: bool = True,
    rerun: bool = True,
) -> Study:
    """Run steps 1–4 of the module doc on ``tasks`` (whose overrides must be empty).

    With ``rerun=False`` step 3 re-weights the stored criterion scores instead of
    re-running the method (exact for every score figure, since ``s = C w``); the chosen
    leading set under the new weights is then not known and ``hits_chosen`` is NaN.
    """
    opts: dict[str, Any] = {"workers": workers, "scheduler": scheduler, "progress": progress}
    predictions, base = run_backtests(archive, tasks, label="defaults", **opts)
    failures = list(base.attrs.get("failures", []))
    ran = {(p.region, p.year) for p in predictions}
    tasks = [t for t in tasks if (t.region, t.base) in ran]
    targets = {(t.region, t.base): t.targets for t in tasks}
    matrix = case_matrix(predictions, archive, targets, weight_grid(step))
    folds = lopo_weights(matrix)
    lopo_tasks = [
        Task(t.region, t.base, t.targets, {"criteria.weights": as_default_weights(folds[t.region])})
        for t in tasks
    ]
    equal_tasks = [
        Task(t.region, t.base, t.targets, {"criteria.weights": equal_weights()}) for t in tasks
    ]
    if rerun:
        _, lopo = run_backtests(archive, lopo_tasks, label="LOPO", **opts)
        _, equal = run_backtests(archive, equal_tasks, label="equal", **opts)
    else:
        lopo = reweighted(predictions, archive, lopo_tasks)
        equal = reweighted(predictions, archive, equal_tasks)
    results = pd.concat(
        [
            base[base["ranker"] != METHOD],
            _method_rows(base, "method_default"),
            _method_rows(equal, "method_equal"),
            _method_rows(lopo, "method_lopo"),
        ],
        ignore_index=True,
    ).sort_values(["region", "base", "target", "ranker"], kind="stable")
    fold_frame = pd.DataFrame(
        {r: as_default_weights(np.asarray(w)) for r, w in folds.items()}
    ).T.sort_index()
    everyone = sorted(matrix.cases["region"].unique())
    defaults = as_default_weights(fit_weights(matrix, everyone))
    results = results.reset_index(drop=True)
    results.attrs["failures"] = failures
    return Study(results, fold_frame, defaults, matrix)
