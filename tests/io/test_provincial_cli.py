"""CLI on the official workbooks: tables list, validate (good, quirky, failing, broken),
and a fast regionalize --evaluate."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import need_data
from provincial_workbooks import broken_rows, sheet_rows, write_workbook

from chainmap.cli.main import main

pytestmark = pytest.mark.realdata


@pytest.fixture(autouse=True)
def _provincial_data() -> None:
    need_data("china-provinces/2017/11-浙江.xls")


def _zj17() -> Path:
    return need_data("china-provinces/2017/11-浙江.xls")


def test_tables_list_shows_provincial_ids(capsys):
    assert main(["tables", "list"]) == 0
    out = capsys.readouterr().out
    line = next(ln for ln in out.splitlines() if ln.startswith("cn-prov-2017-浙江 "))
    assert "cn-prov-2017-zhejiang" in line and "present" in line and "2017" in line
    assert "浙江" in line
    # grouped after the registry entries
    assert out.index("cn-nbs-2020-153") < out.index("cn-prov-1997-")


def test_validate_good_prints_ok_and_quirks(capsys):
    assert main(["validate", "cn-prov-2017-浙江"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "ok"
    assert "quirks" in out and "empty sector" in out and "03" in out


def test_validate_path_quirky_national_layout(capsys):
    path = need_data("china-provinces/2002/11浙江.xls")
    assert main(["validate", str(path), "--repair", "clip_negative"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("ok\n")
    assert "only net outflows" in out and "negative operating surplus" in out


def test_validate_failing_names_the_repair(capsys):
    assert main(["validate", "cn-prov-1997-sichuan"]) == 2
    cap = capsys.readouterr()
    assert "negative intermediate flow" in cap.out
    assert "passes with --repair clip_negative" in cap.out
    assert cap.err.strip().count("\n") == 0 and "not valid" in cap.err


def test_validate_failing_without_repair(capsys):
    assert main(["validate", "cn-prov-2017-hainan"]) == 2
    out = capsys.readouterr().out
    assert "intermediate inputs exceed output" in out
    assert "no --repair makes it pass" in out
    assert len(out.splitlines()) <= 5


def _broken(kind: str, tmp_path: Path) -> tuple[Path, str]:
    name, needle = {
        "text": ("text", "E12"),
        "no_code_row": ("nocode", "header"),
        "shifted": ("shift", "shifted"),
    }[kind]
    rows = broken_rows(sheet_rows(_zj17()), kind)
    return write_workbook(rows, tmp_path / f"2017-浙江-{name}.xlsx"), needle


@pytest.mark.parametrize("kind", ["text", "no_code_row", "shifted"])
def test_validate_broken_one_line(capsys, tmp_path, kind):
    path, needle = _broken(kind, tmp_path)
    before = sorted(tmp_path.iterdir())
    assert main(["validate", str(path)]) == 2
    cap = capsys.readouterr()
    assert cap.out == ""
    lines = cap.err.strip().splitlines()
    assert len(lines) == 1, cap.err
    assert path.name in lines[0] and "Sheet1" in lines[0] and needle in lines[0]
    assert sorted(tmp_path.iterdir()) == before


def test_regionalize_evaluate_2017(capsys):
    need_data("china-nbs/china_2017_42.csv")
    assert main(["regionalize", "--evaluate", "--years", "2017"]) == 0
    out = capsys.readouterr().out
    rows = {ln.split("  ")[0].strip() for ln in out.splitlines()}
    for method in ("SLQ", "CILQ", "FLQ δ=0.30", "AFLQ δ=0.30", "learned"):
        assert method in rows, method
    assert "2017" in out and "province-years" in out
