"""Backtest tasks: which (region, base year) runs, against which target years.

A task is one prediction (the method at base year T for region p, data ≤ T) evaluated
against every requested later year with a table for p. Tasks are independent and are
mapped with :func:`chainmap.backtest.parallel.fan_out`; the results are sorted by
(region, base, target, ranker) so they do not depend on completion order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from chainmap.backtest.archive import Archive
from chainmap.backtest.evaluate import evaluate_case
from chainmap.backtest.parallel import fan_out
from chainmap.backtest.predict import Prediction, predict
from chainmap.errors import ChainmapError

#: Base years of the issue (each evaluated against every later table, up to 2017).
BASE_YEARS: tuple[int, ...] = (1997, 2002, 2007, 2012)


@dataclass(frozen=True)
class Task:
    """One prediction and the target years it is evaluated against."""

    region: str
    base: int
    targets: tuple[int, ...]
    overrides: Mapping[str, Any] = field(default_factory=dict)


def plan(
    archive: Archive,
    *,
    regions: Iterable[str] | None = None,
    bases: Sequence[int] = BASE_YEARS,
    targets: Sequence[int] | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> list[Task]:
    """Every task with a table at the base year and at least one later target year."""
    wanted = set(regions) if regions is not None else None
    tasks = []
    for base in sorted(bases):
        for region in archive.provinces(base):
            if wanted is not None and region not in wanted:
                continue
            later = [
                y
                for y in archive.years
                if y > base and archive.has(region, y) and (targets is None or y in targets)
            ]
            if later:
                tasks.append(Task(region, base, tuple(later), dict(overrides or {})))
    return tasks


def run_task(task: Task, archive: Archive) -> tuple[Prediction | None, pd.DataFrame]:
    """Predict at the base year (guarded view) and evaluate against each target.

    A case the method cannot run (:class:`~chainmap.errors.ChainmapError`) gives
    ``(None, frame)`` with one row ``ranker="failed"`` holding the message, so one bad
    table does not stop the study; :func:`run_backtests` lists the failures.
    """
    try:
        prediction = predict(archive.as_of(task.base), task.region, overrides=task.overrides)
    except ChainmapError as err:
        row = {"region": task.region, "base": task.base, "ranker": "failed", "error": str(err)}
        return None, pd.DataFrame([row])
    frames = [evaluate_case(prediction, archive, t) for t in task.targets]
    return prediction, pd.concat(frames, ignore_index=True)


def run_backtests(
    archive: Archive,
    tasks: Sequence[Task],
    *,
    workers: int = 2,
    scheduler: str | None = None,
    progress: bool = True,
    label: str = "backtest",
) -> tuple[list[Prediction], pd.DataFrame]:
    """Run tasks (in parallel): the predictions and the sorted result rows.

    Cases that failed are left out of both and listed in ``results.attrs["failures"]``.
    """
    out = fan_out(
        run_task,
        list(tasks),
        archive,
        workers=workers,
        scheduler=scheduler,
        progress=progress,
        label=label,
    )
    predictions = [p for p, _ in out if p is not None]
    failures = [
        f"{r['region'].iloc[0]} {r['base'].iloc[0]}: {r['error'].iloc[0]}"
        for p, r in out
        if p is None
    ]
    results = pd.concat([r for p, r in out if p is not None], ignore_index=True)
    results.attrs["failures"] = failures
    if len(results):
        results = results.sort_values(["region", "base", "target", "ranker"], kind="stable")
        results = results.reset_index(drop=True)
    return predictions, results
