"""Reader tests: every workbook reads, totals check, known cells, bad input."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from conftest import data_dir, need_data
from provincial_workbooks import broken_rows, sheet_rows, write_workbook

from chainmap.errors import InputDataError
from chainmap.io.readers.provincial import list_provincial_files, read_provincial_table

DATA = data_dir() or Path("/nonexistent")
PROV = DATA / "china-provinces"
FILES = list_provincial_files(DATA)
ZJ17 = PROV / "2017" / "11-浙江.xls"

pytestmark = pytest.mark.realdata


@pytest.fixture(autouse=True)
def _provincial_data() -> None:
    need_data("china-provinces/2017/11-浙江.xls")


def test_listing_ids():
    assert len(FILES) == 144
    ids = {e.id for e in FILES}
    aliases = {e.alias for e in FILES}
    assert "cn-prov-2017-浙江" in ids and "cn-prov-2017-zhejiang" in aliases
    assert "cn-prov-2012-china" in aliases and "cn-nbs-1997-china" in aliases
    assert len(ids) == len(aliases) == 144
    assert all(a.isascii() for a in aliases)


@pytest.mark.parametrize("entry", FILES, ids=[e.alias for e in FILES])
def test_every_workbook_reads(entry):
    t = read_provincial_table(entry.path)
    assert t.year == entry.year and t.province == entry.province
    n = t.n
    if entry.id.startswith("cn-prov"):
        assert n == (38 if t.year == 1997 else 42)
    assert t.Z.shape == (n, n) and len(t.x) == n and t.final_use.shape[0] == n
    assert np.isfinite(t.Z.to_numpy()).all() and (t.x >= -1.0).all()
    tot = t.totals
    if tot.GO.notna().all() and tot.TI.notna().all():  # GO column vs TI row
        assert np.allclose(tot.GO, tot.TI, rtol=1e-3, atol=2000)
    if tot.TII.notna().all():  # column sums of Z vs 中间投入合计
        assert np.allclose(t.Z.sum(axis=0), tot.TII, rtol=1e-3, atol=10000)
    for c in ("imports", "inflows"):
        v = t.final_use[c]
        assert v.isna().all() or v.sum() >= 0  # stored positive


KNOWN = [  # (file, sector row, column or field, value) checked by eye in the raw workbooks
    ("2017/11-浙江.xls", "01", "01", 2119077.0),
    ("2017/11-浙江.xls", "01", "gross_output", 34383427.0),
    ("2017/11-浙江.xls", "02", "imports", 1235875.0),
    ("2017/11-浙江.xls", "02", "inflows", 25800587.0),
    ("2012/11浙江.xls", "01", "01", 1396063.0),
    ("2012/11浙江.xls", "02", "inflows", 15859846.0),
    ("2007/11浙江.xls", "01", "outflows", 846662.0),
    ("2007/11浙江.xls", "01", "inflows", 2550065.0),
    ("2002/11浙江.xls", "01", "01", 1361977.9),
    ("2002/11浙江.xls", "01", "net_outflows", -1909603.1),
    ("1997/浙江97.xls", "01", "gross_output", 10048838.0),
    ("1997/浙江97.xls", "01", "inflows", 410141.62),  # written -410141.62 (调入)
    ("1997/浙江97.xls", "01", "outflows", 1581152.33),
]


@pytest.mark.parametrize("rel,row,col,value", KNOWN)
def test_known_values(rel, row, col, value):
    t = read_provincial_table(PROV / rel)
    got = t.Z.loc[row, col] if col in t.Z.columns else t.final_use.loc[row, col]
    assert got == pytest.approx(value, rel=1e-9)


def test_history_known_and_codes_beat_labels():
    t = read_provincial_table(DATA / "china-nbs-history" / "china_1997.xls")
    assert t.n == 40 and t.x.iloc[0] == pytest.approx(246773827, rel=1e-6)
    assert any("disagree" in q for q in t.quirks)


def test_quirks_plain_words():
    t = read_provincial_table(PROV / "2017" / "26-西藏.xls")
    assert any(q.startswith("9 empty sectors") for q in t.quirks)
    t = read_provincial_table(PROV / "1997" / "天津97.xls")
    assert any("numbered" in q for q in t.quirks)
    t = read_provincial_table(PROV / "1997" / "辽宁97.xls")
    assert t.sheet == "辽宁" and "ignored" in t.quirks[0]


# ---------------------------------------------------------------- bad input
def test_xlsx_roundtrip_equals_xls(tmp_path):
    a = read_provincial_table(ZJ17)
    copy = write_workbook(sheet_rows(ZJ17), tmp_path / "11-浙江.xlsx")
    b = read_provincial_table(copy, year=2017)
    assert np.allclose(a.Z.to_numpy(), b.Z.to_numpy()) and np.allclose(a.x, b.x)


def _one_line(exc: InputDataError, *needles: str) -> None:
    msg = str(exc)
    assert "\n" not in msg
    for s in needles:
        assert s in msg, msg


def test_text_in_number_cell(tmp_path):
    p = write_workbook(broken_rows(sheet_rows(ZJ17), "text"), tmp_path / "11-浙江.xlsx")
    with pytest.raises(InputDataError) as e:
        read_provincial_table(p, year=2017)
    _one_line(e.value, "11-浙江.xlsx", "Sheet1", "E12", "n/a")


def test_no_header_row(tmp_path):
    p = write_workbook(broken_rows(sheet_rows(ZJ17), "no_code_row"), tmp_path / "x.xlsx")
    with pytest.raises(InputDataError) as e:
        read_provincial_table(p, year=2017)
    _one_line(e.value, "x.xlsx", "Sheet1", "no header row")


def test_shifted_columns(tmp_path):
    p = write_workbook(broken_rows(sheet_rows(ZJ17), "shifted"), tmp_path / "s.xlsx")
    with pytest.raises(InputDataError) as e:
        read_provincial_table(p, year=2017)
    _one_line(e.value, "s.xlsx", "Sheet1", "shifted")


@pytest.mark.parametrize(
    "kind", ["random", "text", "truncated_xls", "truncated_xlsx", "empty", "missing"]
)
def test_not_a_workbook(tmp_path, kind):
    p = tmp_path / "bad.xls"
    if kind == "random":
        p.write_bytes(np.random.default_rng(0).bytes(5000))
    elif kind == "text":
        p.write_text("代码,01,02\n01,1,2\n", encoding="utf-8")
    elif kind == "truncated_xls":
        p.write_bytes(ZJ17.read_bytes()[:6000])
    elif kind == "truncated_xlsx":
        full = write_workbook(sheet_rows(ZJ17), tmp_path / "full.xlsx").read_bytes()
        p = tmp_path / "bad.xlsx"
        p.write_bytes(full[: len(full) // 2])
    elif kind == "empty":
        p.write_bytes(b"")
    else:
        p = tmp_path / "nope.xls"
    with pytest.raises(InputDataError) as e:
        read_provincial_table(p, year=2017)
    _one_line(e.value, p.name)
