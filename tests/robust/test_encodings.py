"""Issue 13, item 1: every text input decoded the way a planner's files are encoded."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from chainmap.errors import InputDataError, ScenarioError
from chainmap.io.text import decode_bytes, read_csv_text

TEXT = "代码,名称,value\n087,电池,1777\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("gbk"), "gb18030"),
        (TEXT.encode("gb18030"), "gb18030"),
        (TEXT.encode("utf-16"), "utf-16"),
        (TEXT.encode("utf-16-le"), "utf-16"),
        (TEXT.encode("utf-16-be"), "utf-16"),
    ],
)
def test_decode_every_planner_encoding(data: bytes, encoding: str) -> None:
    assert decode_bytes(data, "f.csv") == (TEXT, encoding)


def test_binary_data_names_the_file_and_how_to_resave() -> None:
    with pytest.raises(InputDataError, match=r"Z\.csv.*re-save it as UTF-8"):
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\xff\x9c", "Z.csv")


@pytest.mark.parametrize("encoding", ["gbk", "utf-16", "utf-8-sig"])
def test_native_table_in_any_encoding(native_table: Path, encoding: str) -> None:
    from chainmap.io.readers import read_table

    before = read_table(str(native_table))
    for f in native_table.glob("*.csv"):
        f.write_bytes(f.read_text(encoding="utf-8").encode(encoding))
    after = read_table(str(native_table))
    assert after.x.tolist() == before.x.tolist()


@pytest.mark.realdata
def test_nbs_csv_in_gbk(tmp_path: Path) -> None:
    import os

    from chainmap.io.readers import read_table

    src = Path(os.environ.get("CHAINMAP_DATA_DIR", "/nonexistent")) / "china-nbs/china_2020_42.csv"
    if not src.exists():
        pytest.skip("official data not found")
    copy = tmp_path / "china_2020_42.csv"
    copy.write_bytes(src.read_text(encoding="utf-8-sig").encode("gb18030"))
    assert read_table(str(copy)).x.tolist() == read_table(str(src)).x.tolist()


def test_concordance_and_city_data_in_gbk(tmp_path: Path) -> None:
    from chainmap.city.citydata import read_city_data, read_concordance

    conc = tmp_path / "k.csv"
    conc.write_bytes("source_code,source_name,target_code\n39,电子,090\n".encode("gbk"))
    assert read_concordance(conc)["source_name"].tolist() == ["电子"]
    city = tmp_path / "c.csv"
    city.write_bytes("code,名称,value\n087,电池,5\n".encode("utf-16"))
    assert read_city_data(city, unit="亿元").values.to_dict() == {"087": 5.0}
    assert read_csv_text(city)[1] == ["087", "电池", "5"]


def test_scenario_yaml_in_gbk_and_list(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from chainmap.cli.main import main
    from chainmap.scenario.schema import load_scenario

    gbk = tmp_path / "gbk.yaml"
    gbk.write_bytes(
        "name: 示例\ndescription: 杭州 主导产业\ntable: illustrative-42\n".encode("gbk")
    )
    assert load_scenario(gbk).get("description") == "杭州 主导产业"
    (tmp_path / "broken.yaml").write_bytes(b"\x00\xff\x00\xfe binary")
    assert main(["list", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "示例" in out and "error" in out
    with pytest.raises(ScenarioError, match=r"broken\.yaml"):
        load_scenario(tmp_path / "broken.yaml")
