"""Registry of known tables, the shipped example, and the validate/tables/convert commands."""

from __future__ import annotations

import filecmp
from pathlib import Path

import pytest
from conftest import need_data

from chainmap.cli.main import main
from chainmap.errors import InputDataError
from chainmap.io.examples import miller_blair_2x2, write_example_tables
from chainmap.io.readers import read_native, read_table, write_native
from chainmap.io.registry import (
    PROJECT_ROOT,
    READERS,
    data_dir,
    find_entry,
    load_registry,
    resolve_path,
)

EXPECTED_IDS = {
    "cn-nbs-2020-153",
    "cn-nbs-2020-42",
    "cn-nbs-2018-153",
    "cn-nbs-2018-42",
    "cn-nbs-2017-149",
    "cn-nbs-2017-42",
    "cn-nbs-2017-42-workbook",
    "cn-nbs-2015-42",
    "cn-nbs-2012-139",
    "cn-nbs-2010-41",
    "cn-nbs-2007-135",
    "cn-nbs-2005-42",
    "cn-nbs-2002-122",
    "oecd-2018-chn",
    "oecd-2017-chn",
    "oecd-2016-chn",
    "oecd-2015-chn",
    "oecd-2018-jpn",
    "eurostat-beutel-6",
    "example-miller-blair-2x2",
    "illustrative-42",
}


def test_registry_lists_every_known_table() -> None:
    entries = load_registry()
    assert {e.id for e in entries} == EXPECTED_IDS
    assert all(e.reader in READERS for e in entries)
    entry = find_entry("cn-nbs-2017-42")
    assert entry is not None
    assert (entry.path, entry.year, entry.n_sectors, entry.table_type) == (
        "china-nbs/china_2017_42.csv",
        2017,
        42,
        "noncompetitive",
    )
    assert find_entry("no-such-table") is None


def test_data_dir_and_resolve_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("CHAINMAP_DATA_DIR", raising=False)
    assert data_dir() is None
    entry = find_entry("cn-nbs-2020-42")
    assert entry is not None and resolve_path(entry) is None
    monkeypatch.setenv("CHAINMAP_DATA_DIR", str(tmp_path))
    assert data_dir() == tmp_path
    assert resolve_path(entry) == tmp_path / "china-nbs" / "china_2020_42.csv"
    example = find_entry("example-miller-blair-2x2")
    assert example is not None
    assert resolve_path(example) == PROJECT_ROOT / "io_tables" / "examples" / "miller_blair_2x2"


def test_bad_registry_names_the_entry(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(
        "tables:\n"
        "  - {id: a, path: a.csv, reader: nbs_csv, unit: u, year: 1, region: r,"
        " table_type: competitive, n_sectors: 2}\n"
        "  - {id: a, path: b.csv, reader: excel, unit: u, year: 1, region: r,"
        " table_type: competitive, n_sectors: 2}\n"
        "  - {id: c, path: c.csv}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputDataError) as info:
        load_registry(path)
    text = str(info.value)
    assert "entry 2 (a)" in text and "unknown reader 'excel'" in text
    assert "duplicate id 'a'" in text
    assert "entry 3 (c)" in text and "missing keys" in text


def test_shipped_example_is_in_sync(tmp_path: Path) -> None:
    written = write_example_tables(tmp_path)
    assert [p.relative_to(tmp_path) for p in written] == [
        Path("io_tables/examples/miller_blair_2x2")
    ]
    shipped = PROJECT_ROOT / "io_tables" / "examples" / "miller_blair_2x2"
    same = filecmp.dircmp(shipped, written[0])
    assert not same.left_only and not same.right_only
    assert filecmp.cmpfiles(shipped, written[0], same.common, shallow=False)[0] == same.common
    t = read_table("example-miller-blair-2x2")
    reference = miller_blair_2x2()
    assert t.meta.table_id == "example-miller-blair-2x2"
    assert (t.z == reference.z).all() and (t.x == reference.x).all()


def test_cli_validate_ok(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "example-miller-blair-2x2"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "ok"
    assert lines[1] == (
        "example-miller-blair-2x2: 2 sectors, year 2009, unit currency units, competitive, "
        "total output 3,000, value added 2,050"
    )


def test_cli_validate_lists_problems(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    folder = write_native(miller_blair_2x2(), tmp_path / "t")
    (folder / "Z.csv").write_text("industry,1,2\n1,150.0,-500.0\n2,200.0,abc\n")
    assert main(["validate", str(folder)]) == 2
    captured = capsys.readouterr()
    assert "non-numeric value 'abc'" in captured.out and "row 2 (line 3), column 2" in captured.out
    assert "negative intermediate flow -500" in captured.out
    assert captured.err.strip() == f"chainmap: error: {folder} is not valid"


def test_cli_tables_list(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CHAINMAP_DATA_DIR", str(tmp_path))
    (tmp_path / "china-nbs").mkdir()
    (tmp_path / "china-nbs" / "china_2020_42.csv").write_text("placeholder")
    assert main(["tables", "list"]) == 0
    out = capsys.readouterr().out
    status = {line.split()[0]: line.split()[1] for line in out.splitlines()[2:]}
    assert set(status) == EXPECTED_IDS
    assert status["cn-nbs-2020-42"] == "present" and status["cn-nbs-2020-153"] == "missing"
    assert status["example-miller-blair-2x2"] == "present"
    assert out.splitlines()[0] == f"data directory: {tmp_path}"


def test_cli_convert_and_aggregate(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "mb.xlsx"
    assert main(["convert", "example-miller-blair-2x2", str(out)]) == 0
    assert read_native(out).x.tolist() == [1000.0, 2000.0]
    (tmp_path / "c.csv").write_text("fine,coarse\n1,all\n2,all\n")
    args = ["convert", str(out), str(tmp_path / "one"), "--aggregate", str(tmp_path / "c.csv")]
    assert main(args) == 0
    assert read_native(tmp_path / "one").z.tolist() == [[950.0]]
    assert main(args) == 2  # exists
    assert "exists; pass --force" in capsys.readouterr().err
    assert main([*args, "--force"]) == 0


def test_cli_missing_official_table(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # main() exports --data-dir as CHAINMAP_DATA_DIR; monkeypatch restores it afterwards
    monkeypatch.setenv("CHAINMAP_DATA_DIR", str(tmp_path))
    assert main(["validate", "cn-nbs-2020-153", "--data-dir", str(tmp_path)]) == 2
    out = capsys.readouterr().out
    assert "registered at china-nbs/china_2020_153.csv but the file is not found" in out


@pytest.mark.realdata
def test_cli_validate_real_table(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = need_data("china-nbs/china_2020_153.csv")
    monkeypatch.setenv("CHAINMAP_DATA_DIR", str(path.parents[1]))
    assert main(["validate", "cn-nbs-2020-153", "--data-dir", str(path.parents[1])]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "ok"
    assert out[1].startswith("cn-nbs-2020-153: 153 sectors, year 2020, unit 万元, competitive")
    assert "value added 10,164,220,013" in out[1]  # 1,016,422 亿元


@pytest.mark.realdata
def test_cli_repair_prints_what_changed(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = need_data("oecd-iot-2021/OECD21ed_CHN_2018.csv")
    monkeypatch.setenv("CHAINMAP_DATA_DIR", str(path.parents[1]))
    base = ["validate", "oecd-2018-chn", "--data-dir", str(path.parents[1])]
    assert main(base) == 2
    assert "--repair drop_zero_output" in capsys.readouterr().out
    assert main([*base, "--repair", "drop_zero_output"]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("ok\noecd-2018-chn: 44 sectors")
    assert "removed 1 sector(s) with zero or negative output: 45" in captured.err
