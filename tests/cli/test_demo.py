"""``chainmap demo``: offline run in a clean working directory, data detection, safety."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import need_data

from chainmap.cli.demo import official_data_available, run_demo
from chainmap.errors import ChainmapError
from chainmap.i18n import t


def test_demo_runs_offline_in_a_fresh_directory(tmp_path: Path) -> None:
    """The README's first command, as a user runs it: no data directory, any folder."""
    env = {k: v for k, v in os.environ.items() if k != "CHAINMAP_DATA_DIR"}
    # no browser either (the PDF is tested with the Hangzhou report): the demo must say so
    env["CHAINMAP_CHROMIUM"] = str(tmp_path / "no-such-browser")
    done = subprocess.run(
        [sys.executable, "-m", "chainmap", "demo"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    folder = tmp_path / "demo_output" / "illustrative_demo"
    report = folder / "report.html"
    lines = done.stdout.splitlines()
    assert lines[0] == t("demo.report_at", "zh", path=report.resolve())
    summary = [line.strip() for line in lines[1:6]]
    assert summary[0] == t("demo.data_illustrative", "zh")
    assert summary[1].startswith(t("demo.leading", "zh", names=""))
    assert summary[2].startswith(t("demo.potential", "zh", names=""))
    assert summary[3].startswith(t("demo.links", "zh", links=""))
    assert "robustness.weight_draws=200" in done.stdout  # the demo says what it changed
    no_pdf = t("report.pdf_unavailable", "zh", reason=t("demo.no_chromium", "zh"))
    assert f"note: {no_pdf}" in lines
    assert not (folder / "report.pdf").exists()
    for name in ("report.html", "report.xlsx", "report.md", "result.json"):
        assert (folder / name).is_file(), name
    html = report.read_text(encoding="utf-8")
    assert f"<title>{t('report.title_city', 'zh', city='示例市')} · " in html
    assert t("report.illustrative", "zh") in html.split("</title>")[0]


def test_official_data_detection(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHAINMAP_DATA_DIR", str(tmp_path))
    assert not official_data_available()
    monkeypatch.delenv("CHAINMAP_DATA_DIR")
    assert not official_data_available()
    national = need_data("china-nbs/china_2020_153.csv")
    monkeypatch.setenv("CHAINMAP_DATA_DIR", str(national.parents[1]))
    assert official_data_available() == all(
        (national.parent / f).exists() for f in ("china_2020_42.csv", "china_2017_42.csv")
    )


def test_demo_never_replaces_a_folder_it_did_not_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CHAINMAP_DATA_DIR", raising=False)
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(ChainmapError, match="not a chainmap result folder"):
        run_demo(tmp_path)
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"
