"""Fan-out of independent backtest tasks on dask.distributed.

:func:`fan_out` maps a function over items on a LocalCluster (``workers`` processes,
one thread each) or on an existing scheduler (``scheduler="tcp://host:port"``). The
shared read-only object (the archive) is scattered once to every worker. Results are
returned **in item order** whatever order they finish in, and every task is a pure
function of its item and the shared object, so results do not depend on the number of
workers. ``workers=0`` runs in this process (no cluster; for tests and timing).
A progress bar (done/total, elapsed) is written to stderr.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any, TextIO, TypeVar

#: Scheduler options of the LocalCluster: no dashboard, HTTP routes on any free port.
NO_DASHBOARD: dict[str, Any] = {"dashboard": False, "dashboard_address": ":0"}

T = TypeVar("T")
R = TypeVar("R")


class ProgressBar:
    """A one-line ``[####....] done/total  elapsed`` bar on a text stream."""

    def __init__(self, total: int, label: str, stream: TextIO | None = None) -> None:
        self.total = total
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self.start = time.perf_counter()

    def update(self, done: int) -> None:
        """Redraw with ``done`` tasks finished."""
        width = 30
        fill = int(width * done / self.total) if self.total else width
        elapsed = time.perf_counter() - self.start
        bar = "#" * fill + "." * (width - fill)
        self.stream.write(f"\r{self.label} [{bar}] {done}/{self.total} {elapsed:6.1f} s")
        if done >= self.total:
            self.stream.write("\n")
        self.stream.flush()


def fan_out(
    func: Callable[[T, Any], R],
    items: Sequence[T],
    shared: Any,
    *,
    workers: int = 2,
    scheduler: str | None = None,
    label: str = "backtest",
    progress: bool = True,
) -> list[R]:
    """``[func(item, shared) for item in items]``, computed on dask.distributed.

    Parameters
    ----------
    func : callable
        A module-level (picklable) function of one item and the shared object.
    items : sequence
    shared : object
        Sent to every worker once (``Client.scatter(..., broadcast=True)``).
    workers : int
        LocalCluster processes (ignored with ``scheduler``); 0 = run here, serially.
    scheduler : str, optional
        Address of an existing dask scheduler.
    progress : bool
        Draw the progress bar on stderr.
    """
    bar = ProgressBar(len(items), label) if progress else None
    if scheduler is None and workers == 0:
        out = []
        for i, item in enumerate(items):
            out.append(func(item, shared))
            if bar:
                bar.update(i + 1)
        return out
    from dask.distributed import Client, LocalCluster, as_completed

    cluster = None
    if scheduler is None:
        # 33 × 33 matrices: BLAS threads only spin on a busy machine (one per process)
        for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
            os.environ.setdefault(var, "1")
        cluster = LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            # no dashboard; the scheduler's HTTP routes on a free port, not 8787, which
            # another session's cluster may hold (a warning on stderr otherwise)
            scheduler_kwargs=NO_DASHBOARD,
        )
        client = Client(cluster)
    else:
        client = Client(scheduler)
    try:
        handle = client.scatter(shared, broadcast=True)
        futures = [client.submit(func, item, handle, pure=False) for item in items]
        for done, _ in enumerate(as_completed(futures), start=1):
            if bar:
                bar.update(done)
        return [f.result() for f in futures]
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
