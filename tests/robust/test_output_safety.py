"""Issue 13, items 2 and 3: damaged inputs and result folders, overwriting, pipes, Ctrl-C."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from chainmap.cli.main import main
from chainmap.errors import ChainmapError
from chainmap.scenario.results import verify_manifest, write_manifest

ROOT = Path(__file__).resolve().parents[2]
FAST = ["--set", "robustness.weight_draws=0", "--set", "selection.alternatives=1"]


def cli(*args: str, **kw: object) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "chainmap", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        **kw,  # type: ignore[arg-type]
    )


def one_error_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("chainmap: error:"), err
    return lines[0]


# ----- damaged inputs ----------------------------------------------------------------------
def test_binary_garbage_in_z_csv(native_table: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (native_table / "Z.csv").write_bytes(bytes(range(256)) * 3)
    assert main(["validate", str(native_table)]) == 2
    captured = capsys.readouterr()
    one_error_line(captured.err)
    assert "Z.csv" in captured.out and "re-save it as UTF-8" in captured.out


@pytest.mark.parametrize("content", [b"", b"PK\x03\x04truncated", b"not a workbook at all"])
def test_truncated_empty_fake_xlsx(
    tmp_path: Path, content: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    book = tmp_path / "t.xlsx"
    book.write_bytes(content)
    assert main(["validate", str(book)]) == 2
    assert "t.xlsx" in one_error_line(capsys.readouterr().err)


def test_truncated_real_xlsx(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from chainmap.io.examples import miller_blair_2x2
    from chainmap.io.readers import write_native

    book = write_native(miller_blair_2x2(), tmp_path / "t.xlsx")
    book.write_bytes(book.read_bytes()[: book.stat().st_size // 2])
    assert main(["analyze", str(book)]) == 2
    one_error_line(capsys.readouterr().err)


# ----- result folders ----------------------------------------------------------------------
def test_manifest_lists_every_file_and_is_deterministic(fresh_result: Path) -> None:
    doc = json.loads((fresh_result / "manifest.json").read_text(encoding="utf-8"))
    assert "result.json" in doc["files"] and "timings.json" not in doc["files"]
    before = (fresh_result / "manifest.json").read_bytes()
    write_manifest(fresh_result)
    assert (fresh_result / "manifest.json").read_bytes() == before
    verify_manifest(fresh_result)


@pytest.mark.parametrize(
    "victim", ["robustness.csv", "gaps", "sectors.csv", "links.csv", "alternatives.csv"]
)
def test_report_refuses_missing_files(fresh_result: Path, victim: str) -> None:
    from chainmap.report.write import write_report

    path = fresh_result / victim
    if not path.exists():
        pytest.skip(f"{victim} not written by this run")
    shutil.rmtree(path) if path.is_dir() else path.unlink()
    with pytest.raises(ChainmapError, match=f"incomplete or altered.*missing: .*{victim}"):
        write_report(fresh_result)


def test_report_refuses_changed_and_unlisted_folders(fresh_result: Path) -> None:
    from chainmap.report.write import write_report

    criteria = fresh_result / "criteria.csv"
    criteria.write_bytes(criteria.read_bytes()[:200])
    with pytest.raises(ChainmapError, match=r"changed since the run: criteria\.csv"):
        write_report(fresh_result)
    (fresh_result / "manifest.json").unlink()
    with pytest.raises(ChainmapError, match=r"no manifest\.json"):
        write_report(fresh_result)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("result.json", b'{"selection": {"lead', "damaged result file"),
        ("result.json", b"", "damaged result file"),
        ("result.json", b"[]", "expected a JSON object"),
        ("measures.csv", bytes(range(256)), "damaged result file"),
        ("criteria.csv", b"industry,other\n01,1\n", "no column 'score'"),
    ],
)
def test_damaged_files_even_with_a_matching_manifest(
    fresh_result: Path, name: str, content: bytes, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (fresh_result / name).write_bytes(content)
    write_manifest(fresh_result)  # as if a tool rewrote the folder consistently
    assert main(["report", str(fresh_result)]) == 2
    assert message in one_error_line(capsys.readouterr().err)


def test_infeasible_run_writes_alternatives_with_header(tmp_path: Path) -> None:
    out = tmp_path / "r"
    scenario = str(ROOT / "scenarios/illustrative_demo.yaml")
    assert main(["run", scenario, "-o", str(out), *FAST, "--set", "selection.budget=0"]) == 0
    frame = pd.read_csv(out / "alternatives.csv")
    assert "leading" in frame.columns


# ----- overwriting, formats ----------------------------------------------------------------
def test_format_from_extension_and_mismatch(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:  # type: ignore[type-arg]
    out = tmp_path / "a.csv"
    assert main(["analyze", "example-miller-blair-2x2", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("code,name,")
    assert main(["analyze", "example-miller-blair-2x2", "-o", str(out)]) == 2
    assert "pass --force" in one_error_line(capsys.readouterr().err)
    assert main(["analyze", "example-miller-blair-2x2", "-o", str(out), "--force"]) == 0
    bad = ["analyze", "example-miller-blair-2x2", "--format", "csv", "-o", str(tmp_path / "b.xlsx")]
    assert main(bad) == 2
    assert "does not match the extension" in one_error_line(capsys.readouterr().err)
    assert not (tmp_path / "b.xlsx").exists()


def test_every_writing_command_takes_force() -> None:
    # derived from the parser, not a copy of WRITERS: a new command with an output
    # must join WRITERS (the one overwrite rule) or this fails
    from chainmap.cli.common import WRITERS
    from chainmap.cli.main import build_parser

    sub = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    with_output = {
        name
        for name, parser in sub.items()
        if any(action.dest == "output" for action in parser._actions)
    }
    # demo always replaces its own folder (demo_output/<scenario>): no --force
    assert with_output - {"demo"} == set(WRITERS)
    for name in WRITERS:
        assert "--force" in sub[name]._option_string_actions, name


def _pipe(reader: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        f"{sys.executable} -m chainmap analyze illustrative-42 | {reader}; "
        'echo "rc=${PIPESTATUS[0]}" >&2',
        shell=True,
        executable="/bin/bash",
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )


def test_closed_pipe_is_quiet() -> None:
    # the reader is gone long before chainmap writes: exit 141 (128 + SIGPIPE), no message
    assert _pipe("true").stderr.strip() == "rc=141"
    # head -1 may close before or after the last write (the table fits a pipe buffer)
    proc = _pipe("head -1")
    assert proc.stderr.strip() in ("rc=141", "rc=0")
    assert len(proc.stdout.splitlines()) == 1


def test_two_concurrent_runs_into_one_folder(tmp_path: Path) -> None:
    out = tmp_path / "X"
    scenario = str(ROOT / "scenarios/illustrative_demo.yaml")
    procs = [cli("run", scenario, "-o", str(out), *FAST) for _ in range(2)]
    outcomes = [(p.communicate(timeout=600)[1], p.returncode) for p in procs]
    outcomes = [(code, err) for err, code in outcomes]
    codes = sorted(code for code, _ in outcomes)
    assert codes == [0, 2], outcomes
    loser = next(err for code, err in outcomes if code == 2)
    line = one_error_line(loser)
    assert "not empty" in line or "another chainmap process" in line
    verify_manifest(out)  # the winner's result is intact
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_ctrl_c_prints_one_line_and_leaves_nothing(tmp_path: Path) -> None:
    out = tmp_path / "X"
    scenario = str(ROOT / "scenarios/illustrative_demo.yaml")
    slow = ["--set", "robustness.weight_draws=200000", "--set", "selection.alternatives=30"]
    proc = cli("run", scenario, "-o", str(out), *slow)  # about a minute of work
    time.sleep(8.0)
    proc.send_signal(signal.SIGINT)
    err = proc.communicate(timeout=120)[1]
    code = proc.returncode
    assert code == 130, err
    assert [line for line in err.splitlines() if line.strip()] == [
        "chainmap: interrupted; no output was left half-written"
    ]
    assert list(tmp_path.iterdir()) == []
