"""Stage-rule thresholds chosen by leave-one-province-out backtest, like the weights.

The thresholds of :class:`chainmap.city.stages.StageRules` act twice: through the
development-stage criterion score (one column of the criterion matrix C) and through
eligibility (过热期, 成熟期 and 衰退期 industries are never chosen, so the MILP's leading
set changes). :func:`run_stage_study` measures both on the provincial tables:

1. **Tasks** (:func:`staged_tasks`): only predictions whose province has at least
   ``min_observations`` tables dated ≤ T. Before that, stage inference cannot fire,
   every industry gets the scenario's default stage, and no threshold can matter.
2. **Variants** (:func:`stage_variants`): the product of :data:`STAGE_GRID` (the other
   thresholds keep their defaults). For each variant v the whole method is re-run
   (override ``criteria.stage_rules``) at the default weights: pooled figures with the
   MILP's chosen set, in sample (the default weights were fitted on all provinces).
3. **Joint LOPO**: each variant's criterion scores give a
   :class:`~chainmap.backtest.calibrate.CaseMatrix` over the weight grid; joined column
   by column they form one matrix whose columns are (variant, weights) pairs, so a
   fold fits the thresholds and the weights together by the calibration's objective,
   the mean of ``(ρ_abs + ρ_share) / 2`` over the training provinces' cases. Each
   held-out province is then scored with its fold's pair (score ``C_v w``, exact: no
   MILP, so ``hits_chosen`` is NaN), beside the weights-only LOPO on the default rules
   (the calibration as shipped, on the same cases).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from chainmap.backtest.archive import Archive
from chainmap.backtest.calibrate import (
    CaseMatrix,
    as_default_weights,
    best_column,
    case_matrix,
    lopo_splits,
    weight_grid,
)
from chainmap.backtest.evaluate import METHOD
from chainmap.backtest.pooling import pool
from chainmap.backtest.predict import Prediction
from chainmap.backtest.run import Task, run_backtests
from chainmap.backtest.study import reweighted
from chainmap.city.stages import StageRules

#: Thresholds searched, each around its quantile-set default (``StageRules``): growth
#: below ``mature_growth`` is 成熟期 (nominal CAGR; default 0.05), growth at or above
#: ``hot_growth`` is 过热期 (default 0.30, above the 95th percentile of the series).
STAGE_GRID: dict[str, tuple[float, ...]] = {
    "mature_growth": (0.0, 0.05, 0.10),
    "hot_growth": (0.20, 0.30, 0.45),
}


def stage_variants(grid: Mapping[str, Sequence[float]] = STAGE_GRID) -> list[dict[str, float]]:
    """Every combination of ``grid`` values (first key slowest), as rule overrides.

    Examples
    --------
    >>> stage_variants({"a": (1, 2), "b": (3,)})
    [{'a': 1.0, 'b': 3.0}, {'a': 2.0, 'b': 3.0}]
    """
    keys = list(grid)
    return [
        {k: float(v) for k, v in zip(keys, combo, strict=True)}
        for combo in itertools.product(*(grid[k] for k in keys))
    ]


def default_variant(variants: Sequence[Mapping[str, float]]) -> int:
    """Index of the variant equal to the shipped :class:`StageRules` defaults."""
    rules = StageRules()
    for i, v in enumerate(variants):
        if all(getattr(rules, k) == val for k, val in v.items()):
            return i
    raise ValueError("the stage grid does not hold the default thresholds")


def staged_tasks(archive: Archive, tasks: Sequence[Task], min_observations: int) -> list[Task]:
    """Tasks whose province has at least ``min_observations`` tables dated ≤ the base year."""
    return [
        t
        for t in tasks
        if sum(1 for y in archive.years if y <= t.base and archive.has(t.region, y))
        >= min_observations
    ]


def joint_matrix(matrices: Sequence[CaseMatrix]) -> CaseMatrix:
    """Case matrices of the variants side by side (column ``v · G + g``: variant v, weights g)."""
    first = matrices[0]
    for m in matrices[1:]:
        if not m.cases.equals(first.cases) or not np.array_equal(m.grid, first.grid):
            raise ValueError("stage variants were scored on different cases or grids")
    return CaseMatrix(
        first.cases,
        np.hstack([m.objective for m in matrices]),
        np.vstack([m.grid for m in matrices]),
    )


def joint_lopo(matrices: Sequence[CaseMatrix]) -> dict[str, tuple[int, np.ndarray]]:
    """Per held-out region: the (variant index, weight vector) fitted without it."""
    joint = joint_matrix(matrices)
    size = len(matrices[0].grid)
    out = {}
    for held, train in lopo_splits(list(joint.cases["region"])):
        col = best_column(joint, train)
        out[held] = (col // size, np.asarray(joint.grid[col]))
    return out


@dataclass(frozen=True)
class StageStudy:
    """What :func:`run_stage_study` measured.

    Attributes
    ----------
    variants : list of dict
    in_sample : DataFrame
        Per variant (rows, with its thresholds): pooled figures of the method re-run at
        the default weights (chosen set solved), and ``objective``.
    folds : DataFrame
        Per held-out province: the variant and weights of the joint fit, and the
        weights of the weights-only fit (default rules).
    out_of_sample : DataFrame
        Pooled figures of ``lopo_joint`` (thresholds and weights by LOPO) and
        ``lopo_weights`` (weights only, default rules), both re-weighted.
    fitted_all : dict
        Variant and weights fitted on every province.
    """

    variants: list[dict[str, float]]
    in_sample: pd.DataFrame
    folds: pd.DataFrame
    out_of_sample: pd.DataFrame
    fitted_all: dict[str, Any]


def _lopo_rows(
    chosen: Mapping[str, tuple[int, np.ndarray]],
    predictions: Sequence[Sequence[Prediction]],
    tasks: Sequence[Task],
    archive: Archive,
) -> pd.DataFrame:
    frames = []
    for i, task in enumerate(tasks):
        variant, vector = chosen[task.region]
        override = {"criteria.weights": as_default_weights(vector)}
        fold_task = Task(task.region, task.base, task.targets, override)
        frames.append(reweighted([predictions[variant][i]], archive, [fold_task]))
    rows = pd.concat(frames, ignore_index=True)
    return rows[rows["ranker"] == METHOD]


def run_stage_study(
    archive: Archive,
    tasks: Sequence[Task],
    *,
    grid: Mapping[str, Sequence[float]] = STAGE_GRID,
    step: float = 0.05,
    n_boot: int = 1000,
    **fan_out: Any,
) -> StageStudy:
    """Steps 1–3 of the module doc on ``tasks`` (run at the default weights).

    ``fan_out`` goes to :func:`chainmap.backtest.run.run_backtests` (``workers``,
    ``scheduler``, ``progress``).
    """
    variants = stage_variants(grid)
    base = default_variant(variants)
    todo = staged_tasks(archive, tasks, StageRules().min_observations)
    if not todo:
        raise ValueError("no task has enough earlier tables for stage inference")
    weights = weight_grid(step)
    runs: list[list[Prediction]] = []
    matrices: list[CaseMatrix] = []
    summary: list[dict[str, Any]] = []
    for i, variant in enumerate(variants):
        overrides = {"criteria.stage_rules": dict(variant)}
        staged = [Task(t.region, t.base, t.targets, overrides) for t in todo]
        preds, results = run_backtests(archive, staged, label=f"stages {i + 1}", **fan_out)
        if len(preds) != len(staged):
            raise ValueError(f"stage variant {variant}: {results.attrs['failures']}")
        runs.append(preds)
        targets = {(t.region, t.base): t.targets for t in staged}
        matrix = case_matrix(preds, archive, targets, weights)
        matrices.append(matrix)
        method = results[results["ranker"] == METHOD]
        pooled = pool(method, ("ranker",), n_boot=n_boot).iloc[0]
        row: dict[str, Any] = {str(k): v for k, v in pooled.items()}
        row["objective"] = float(((method["rho_abs"] + method["rho_share"]) / 2).mean())
        summary.append({**variant, **row})
    chosen = joint_lopo(matrices)
    regions = sorted(chosen)
    alone = {
        r: (base, weights[best_column(matrices[base], [x for x in regions if x != r])])
        for r in regions
    }
    joint_rows = _lopo_rows(chosen, runs, todo, archive).assign(ranker="lopo_joint")
    alone_rows = _lopo_rows(alone, runs, todo, archive).assign(ranker="lopo_weights")
    out = pool(pd.concat([joint_rows, alone_rows], ignore_index=True), n_boot=n_boot)
    folds = pd.DataFrame(
        {
            "variant": [chosen[r][0] for r in regions],
            **{k: [variants[chosen[r][0]][k] for r in regions] for k in grid},
            "weights_joint": [as_default_weights(chosen[r][1]) for r in regions],
            "weights_only": [as_default_weights(alone[r][1]) for r in regions],
        },
        index=pd.Index(regions, name="held_out"),
    )
    joint = joint_matrix(matrices)
    col = best_column(joint, regions)
    fitted = {
        "variant": dict(variants[col // len(weights)]),
        "weights": as_default_weights(joint.grid[col]),
    }
    in_sample = pd.DataFrame(summary)
    in_sample.index.name = "variant"
    return StageStudy(variants, in_sample, folds, out, fitted)
