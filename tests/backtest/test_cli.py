"""``chainmap backtest`` on the real tables: quiet stderr, and an existing dask scheduler."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT, need_data

from chainmap.backtest.parallel import NO_DASHBOARD
from chainmap.cli.main import main

ONE_CASE = ["backtest", "--province", "浙江", "--base", "2012", "--bootstrap", "50", "--quiet"]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    return env


@pytest.mark.realdata
def test_quiet_run_on_a_local_cluster_prints_no_dask_log() -> None:
    need_data("china-provinces/2017")
    proc = subprocess.run(
        [sys.executable, "-m", "chainmap", *ONE_CASE, "--workers", "1"],
        capture_output=True,
        text=True,
        env=_env(),
        cwd=ROOT,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "method" in proc.stdout and "output" in proc.stdout
    # the cluster did start (one worker), yet none of its ~25 INFO lines reach stderr (a
    # WARNING, e.g. a worker slow to stop on a loaded machine, still would)
    info = [line for line in proc.stderr.splitlines() if line.startswith("INFO")]
    assert info == [], info[:3]


@pytest.mark.realdata
def test_scheduler_address_of_a_running_cluster(tmp_path: Path) -> None:
    need_data("china-provinces/2017")
    from dask.distributed import LocalCluster

    serial, remote = tmp_path / "serial", tmp_path / "remote"
    assert main([*ONE_CASE, "--workers", "0", "-o", str(serial)]) == 0
    with LocalCluster(
        n_workers=1,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        scheduler_kwargs=NO_DASHBOARD,
    ) as cluster:
        address = cluster.scheduler_address
        assert address.startswith("tcp://")
        assert main([*ONE_CASE, "--scheduler", address, "-o", str(remote)]) == 0
        # the tasks ran on that scheduler's worker, not in this process
        assert "run_task" in cluster.scheduler.task_prefixes
    pd.testing.assert_frame_equal(
        pd.read_csv(serial / "cases.csv"), pd.read_csv(remote / "cases.csv")
    )
