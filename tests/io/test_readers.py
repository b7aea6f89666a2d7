"""Readers: synthetic files in every layout (good and bad), and every real table."""

from __future__ import annotations

import csv
import hashlib
import json
import re
from collections.abc import Callable
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from conftest import need_data

from chainmap.errors import DataWarning, InputDataError
from chainmap.io.examples import miller_blair_2x2
from chainmap.io.readers import (
    aggregate_table,
    read_concordance,
    read_eurostat_wide,
    read_native,
    read_nbs_csv,
    read_nbs_workbook,
    read_oecd_csv,
    read_table,
    sniff_reader,
    write_native,
)
from chainmap.io.registry import find_entry, load_registry
from chainmap.io.table import IOTable

Rows = list[list[object]]

# ----- synthetic NBS tables ------------------------------------------------------------

Z3 = np.array([[10.0, 20.0, 5.0], [4.0, 30.0, 12.0], [6.0, 8.0, 40.0]])
NAMES = [("Farming", "农业"), ("Making", "工业"), ("Serving", "服务业")]
VA_SHARES = (0.45, 0.1, 0.15, 0.3)


def nbs_competitive() -> Rows:
    """A 3-sector competitive table in the NBS CSV layout, every total consistent."""
    codes = ["001", "002", "003"]
    fu = {
        "FU101": [20.0, 15.0, 30.0],
        "FU102": [30.0, 25.0, 60.0],
        "FU103": [0.0, 5.0, 40.0],
        "FU201": [5.0, 60.0, 10.0],
        "FU202": [1.0, -2.0, 0.0],
        "EX": [8.0, 30.0, 6.0],
        "IM": [6.0, 25.0, 4.0],
        "ERR": [0.5, -0.5, 0.0],
    }
    head = ["Code", "Description", "DescriptionInChinese", *codes]
    head += ["TIU", "FU101", "FU102", "THC", "FU103", "TC", "FU201", "FU202", "GCF", "EX"]
    head += ["TFU", "IM", "ERR", "GO"]
    rows: Rows = [head]
    go = []
    for i, code in enumerate(codes):
        f = {k: v[i] for k, v in fu.items()}
        tiu = Z3[i].sum()
        thc = f["FU101"] + f["FU102"]
        tc = thc + f["FU103"]
        gcf = f["FU201"] + f["FU202"]
        tfu = tc + gcf + f["EX"]
        go.append(tiu + tfu - f["IM"] + f["ERR"])
        consumption = [f["FU101"], f["FU102"], thc, f["FU103"], tc]
        rest = [f["FU201"], f["FU202"], gcf, f["EX"], tfu, f["IM"], f["ERR"], go[-1]]
        rows.append([code, *NAMES[i], *Z3[i], tiu, *consumption, *rest])
    tii = Z3.sum(axis=0)
    tva = np.array(go) - tii
    blank = [""] * 14
    rows.append(["TII", "Total intermediate input", "中间投入合计", *tii, *blank])
    for k, share in enumerate(VA_SHARES, start=1):
        rows.append([f"VA00{k}", f"VA{k}", f"增加值{k}", *(tva * share), *blank])
    rows.append(["TVA", "Total value-added", "增加值合计", *tva, *blank])
    rows.append(["TI", "Total inputs", "总投入", *(tii + tva), *blank])
    return rows


ZM3 = np.array([[1.0, 2.0, 0.5], [0.5, 3.0, 1.0], [0.0, 1.0, 2.0]])


def nbs_noncompetitive() -> Rows:
    """A 3-sector non-competitive table (Origin Domestic / Imports / TOT)."""
    codes = ["01", "02", "03"]
    head = ["Code", "Description", "DescriptionInChinese", "Origin", *codes]
    head += ["TIU", "TC", "FU201", "FU202", "EX", "TFU", "GO"]
    fd_d = np.array([[50.0, 5.0, 1.0, 8.0], [45.0, 60.0, -2.0, 30.0], [130.0, 10.0, 0.0, 6.0]])
    fd_m = np.array([[3.0, 1.0, 0.0, 0.2], [4.0, 9.0, 0.5, 0.0], [1.0, 0.0, 0.0, 0.0]])
    rows: Rows = [head]
    go = []
    for origin, Z, fd in (("Domestic", Z3, fd_d), ("Imports", ZM3, fd_m)):
        for i, code in enumerate(codes):
            tiu, tfu = Z[i].sum(), fd[i].sum()
            if origin == "Domestic":
                go.append(tiu + tfu)
            rows.append([code, *NAMES[i], origin, *Z[i], tiu, *fd[i], tfu, tiu + tfu])
    tii = Z3.sum(axis=0) + ZM3.sum(axis=0)
    tva = np.array(go) - tii
    blank = [""] * 7
    rows.append(["TII", "Total intermediate input", "中间投入合计", "TOT", *tii, *blank])
    for k, share in enumerate(VA_SHARES, start=1):
        rows.append([f"VA00{k}", f"VA{k}", f"增加值{k}", "TOT", *(tva * share), *blank])
    rows.append(["TVA", "Total value-added", "增加值合计", "TOT", *tva, *blank])
    rows.append(["TI", "Total inputs", "总投入", "TOT", *(tii + tva), *blank])
    return rows


def write_csv(path: Path, rows: Rows) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(
            [
                [repr(float(v)) if isinstance(v, float | np.floating) else v for v in row]
                for row in rows
            ]
        )
    return path


def cell(rows: Rows, code: str, column: str, origin: str | None = None) -> tuple[int, int]:
    j = rows[0].index(column)
    for i, row in enumerate(rows):
        if row[0] == code and (origin is None or row[3] == origin):
            return i, j
    raise KeyError(code)


def read_bad(reader: Callable[..., IOTable], path: Path) -> InputDataError:
    with pytest.raises(InputDataError) as info:
        reader(path)
    return info.value


def test_nbs_csv_competitive_mapping(tmp_path: Path) -> None:
    t = read_nbs_csv(write_csv(tmp_path / "china_2017_3.csv", nbs_competitive()))
    assert list(t.codes) == ["001", "002", "003"] and t.meta.year == 2017
    assert (t.meta.unit, t.meta.table_type) == ("万元", "competitive")
    assert list(t.final_demand.columns) == [
        "household_consumption_rural",
        "household_consumption_urban",
        "government_consumption",
        "gross_fixed_capital_formation",
        "inventory_change",
        "exports",
        "imports",
        "statistical_error",
    ]
    assert t.final_demand["imports"].tolist() == [-6.0, -25.0, -4.0]
    assert t.sectors["name"].tolist() == ["农业", "工业", "服务业"]
    assert t.sectors["name_en"].tolist() == ["Farming", "Making", "Serving"]
    assert list(t.value_added.index) == [
        "compensation",
        "production_taxes",
        "depreciation",
        "operating_surplus",
    ]
    np.testing.assert_array_equal(t.z, Z3)
    assert t.meta.sha256 == hashlib.sha256((tmp_path / "china_2017_3.csv").read_bytes()).hexdigest()


def test_nbs_csv_noncompetitive_blocks(tmp_path: Path) -> None:
    t = read_nbs_csv(write_csv(tmp_path / "t.csv", nbs_noncompetitive()))
    assert t.meta.table_type == "noncompetitive"
    assert t.imports is not None and t.imports_final_demand is not None
    np.testing.assert_array_equal(t.imports.to_numpy(), ZM3)
    assert t.final_demand.columns[0] == "final_consumption"
    assert "final_consumption = NBS TC" in t.meta.notes[0]
    total = t.total_technology()
    np.testing.assert_array_equal(total.z, Z3 + ZM3)
    np.testing.assert_allclose(total.x, t.x)


def test_nbs_csv_text_and_empty_cells_are_located(tmp_path: Path) -> None:
    rows = nbs_competitive()
    i, j = cell(rows, "002", "003")
    rows[i][j] = "12,3x"
    i2, j2 = cell(rows, "VA003", "001")
    rows[i2][j2] = ""
    err = read_bad(read_nbs_csv, write_csv(tmp_path / "bad.csv", rows))
    text = next(x for x in err.issues if "non-numeric" in x.message)
    assert (text.row, text.column) == ("002 (line 3)", "003")
    assert text.file.endswith("bad.csv") and "'12,3x'" in text.message
    empty = next(x for x in err.issues if "empty cell" in x.message)
    assert (empty.row, empty.column) == ("VA003 (line 8)", "001")
    assert "NaN" not in str(err)  # not reported twice


def test_nbs_csv_published_total_mismatch(tmp_path: Path) -> None:
    rows = nbs_competitive()
    i, j = cell(rows, "003", "TIU")
    rows[i][j] = float(rows[i][j]) + 1.0  # type: ignore[arg-type]
    i, j = cell(rows, "TVA", "002")
    rows[i][j] = float(rows[i][j]) - 2.0  # type: ignore[arg-type]
    err = read_bad(read_nbs_csv, write_csv(tmp_path / "t.csv", rows))
    tiu = next(x for x in err.issues if x.column == "TIU")
    assert tiu.row == "003 (line 4)" and "by +1" in tiu.message
    tva = next(x for x in err.issues if x.row.startswith("TVA"))
    assert tva.column == "002" and "by -2" in tva.message


def test_nbs_csv_unbalanced_go(tmp_path: Path) -> None:
    rows = nbs_competitive()
    i, j = cell(rows, "001", "FU101")
    rows[i][j] = float(rows[i][j]) * 10  # type: ignore[arg-type]
    err = read_bad(read_nbs_csv, write_csv(tmp_path / "t.csv", rows))
    text = str(err)
    assert "identities differ" in text and "row 001" in text
    assert "FU101 + FU102" in text  # the THC total no longer matches either


def test_nbs_csv_duplicate_unknown_and_missing(tmp_path: Path) -> None:
    rows = nbs_competitive()
    rows[2][0] = "001"  # duplicate row code; 002 now has no row
    rows[0][rows[0].index("ERR")] = "ERX"
    rows = [r for r in rows if r[0] != "VA002"]
    err = read_bad(read_nbs_csv, write_csv(tmp_path / "t.csv", rows))
    msgs = [str(x) for x in err.issues]
    assert any("duplicate row code '001'" in m and "line 3" in m for m in msgs)
    assert any("unknown column 'ERX'" in m for m in msgs)
    assert any("no row for sector column '002'" in m for m in msgs)
    assert any("missing row VA002" in m for m in msgs)


def test_nbs_csv_missing_label_columns(tmp_path: Path) -> None:
    rows = [r[:1] + r[2:] for r in nbs_competitive()]
    err = read_bad(read_nbs_csv, write_csv(tmp_path / "t.csv", rows))
    assert "missing column(s) ['Description']" in str(err)


def nbs_workbook(path: Path, *, unit: str = "单位：万元", text: str | None = None) -> Path:
    """The non-competitive synthetic table in the official workbook layout."""
    rows = nbs_noncompetitive()
    book = openpyxl.Workbook()
    book.active.title = "部门对照"
    sheet = book.create_sheet("2017年非竞争型投入产出表_3部门")
    sheet.append(["2017年非竞争型投入产出表（3部门）"])
    sheet.append([unit])
    sheet.append(["   投入   产出", None, None, "部门名称", "中 间 使 用"])
    sheet.append([None, None, None, None, "农业", "工业", "服务业", "中间使用合计"])
    uses = ["TIU", "TC", "FU201", "FU202", "EX", "TFU", "GO/IM"]
    sheet.append(["部门名称", None, None, "代码", "1", "2", "3", *uses])
    for row in rows[1:]:
        code, _, zh, origin = row[:4]
        block = {"Domestic": "国 产 品", "Imports": "进 口 品"}.get(str(origin))
        first = code in ("01", "TII") and origin != "Imports"
        lead = ["中 间 投 入" if first else None, block if code == "01" else None, zh]
        if not str(code).isdigit():
            lead = [None, zh, None]
        values = [None if v == "" else v for v in row[4:]]
        sheet.append([*lead, str(int(code)) if str(code).isdigit() else code, *values])
    if text is not None:
        sheet["F7"] = text  # domestic row 2, column 2
    book.save(path)
    return path


def test_nbs_workbook_layout(tmp_path: Path) -> None:
    t = read_nbs_workbook(nbs_workbook(tmp_path / "w.xlsx"))
    csv_table = read_nbs_csv(write_csv(tmp_path / "t.csv", nbs_noncompetitive()))
    assert list(t.codes) == ["01", "02", "03"]  # workbook 1..3 padded as in the CSVs
    assert (t.meta.unit, t.meta.year, t.meta.table_type) == ("万元", 2017, "noncompetitive")
    for block in ("Z", "final_demand", "value_added", "imports", "imports_final_demand"):
        pd.testing.assert_frame_equal(getattr(t, block), getattr(csv_table, block))
    assert t.sectors["name"].tolist() == ["农业", "工业", "服务业"]


def test_nbs_workbook_bad_cell_and_missing_unit(tmp_path: Path) -> None:
    err = read_bad(read_nbs_workbook, nbs_workbook(tmp_path / "w.xlsx", unit="", text="n/a"))
    text = next(x for x in err.issues if "non-numeric" in x.message)
    assert text.sheet == "2017年非竞争型投入产出表_3部门"
    assert (text.row, text.column) == ("02 (row 7)", "02 (F)")
    assert any("missing unit" in x.message for x in err.issues)


def test_nbs_workbook_without_table_sheet(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.append(["nothing here"])
    book.save(tmp_path / "x.xlsx")
    assert "no sheet with an NBS input-output table" in str(
        read_bad(read_nbs_workbook, tmp_path / "x.xlsx")
    )


# ----- synthetic OECD and native files ----------------------------------------------------


def oecd_rows() -> Rows:
    fd_names = ["HFCE", "NPISH", "GGFC", "GFCF", "INVNT", "CONS_ABR", "CONS_NONRES", "EXPO", "IMPO"]
    fd = np.array([[50, 0, 0, 5, 1, 0, 0, 8, -6], [40, 1, 4, 60, -2, 1, 1, 30, -25]], float)
    fd = np.vstack([fd, [90, 2, 38, 10, 0, 0, 0, 6, -4]])
    rows: Rows = [["Code", "Description", "01", "02", "03", *fd_names]]
    for i in range(3):
        rows.append([f"0{i + 1}", NAMES[i][0], *Z3[i], *fd[i]])
    x = Z3.sum(axis=1) + fd.sum(axis=1)
    txs = np.array([[0.0, 0.0, 0.0], [1.0, 2.0, 0.5]])
    ttl = Z3.sum(axis=0) + txs.sum(axis=0)
    rows.append(["TXS_IMP_FNL", "Taxes abroad", *txs[0], *([0.0] * 9)])
    rows.append(["TXS_INT_FNL", "Taxes", *txs[1], *([0.0] * 9)])
    rows.append(["TTL_INT_FNL", "Total intermediate", *ttl, *([""] * 9)])
    rows.append(["VALU", "Value added", *(x - ttl), *([""] * 9)])
    rows.append(["OUTPUT", "Output", *x, *([""] * 9)])
    return rows


def test_oecd_mapping_and_errors(tmp_path: Path) -> None:
    t = read_oecd_csv(write_csv(tmp_path / "OECD21ed_KOR_2018.csv", oecd_rows()))
    assert (t.meta.region, t.meta.year, t.meta.unit) == ("KOR", 2018, "USD million")
    assert t.other_inputs is not None and list(t.other_inputs.index) == [
        "TXS_IMP_FNL",
        "TXS_INT_FNL",
    ]
    assert list(t.value_added.index) == ["value_added"]
    assert t.final_demand["imports"].tolist() == [-6.0, -25.0, -4.0]
    rows = oecd_rows()
    rows[2][4] = "x"  # sector 02 sells to 03
    rows[-1][2] = float(rows[-1][2]) + 10  # type: ignore[arg-type]
    err = read_bad(read_oecd_csv, write_csv(tmp_path / "OECD21ed_KOR_2018.csv", rows))
    assert any(
        x.row == "02 (line 3)" and x.column == "03" and "'x'" in x.message for x in err.issues
    )
    assert any(x.row == "OUTPUT (line 9)" and x.column == "01" for x in err.issues)
    rows = [r for r in oecd_rows() if r[0] != "VALU"]
    assert "missing row 'VALU'" in str(read_bad(read_oecd_csv, write_csv(tmp_path / "o.csv", rows)))


def test_native_round_trip_is_exact(tmp_path: Path) -> None:
    t = miller_blair_2x2()
    awkward = t.Z.copy()
    awkward.iloc[0, 1] = 0.1 + 0.2  # needs 17 digits
    awkward.iloc[0, 0] = 150.0 - (0.1 + 0.2 - 0.3)
    fd = t.final_demand.copy()
    fd.iloc[0, 0] += 500.0 - awkward.iloc[0, 1] + (150.0 - awkward.iloc[0, 0])
    va = t.value_added.copy()
    va.iloc[0, 1] += 500.0 - awkward.iloc[0, 1]
    t = t.replace(Z=awkward, final_demand=fd, value_added=va)
    for target in (tmp_path / "folder", tmp_path / "book.xlsx"):
        write_native(t, target)
        back = read_native(target)
        assert_same(t, back)
        assert back.meta.unit == t.meta.unit and back.satellite_units == {"employment": "persons"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["book.xlsx", "folder"]  # no temp left


def assert_same(a: IOTable, b: IOTable) -> None:
    for block in ("Z", "final_demand", "value_added", "imports", "imports_final_demand"):
        x, y = getattr(a, block), getattr(b, block)
        if x is None:
            assert y is None, block
            continue
        assert list(x.index) == list(y.index) and list(x.columns) == list(y.columns), block
        np.testing.assert_array_equal(x.to_numpy(), y.to_numpy(), err_msg=block)
    for block in ("other_inputs", "satellites"):
        x, y = getattr(a, block), getattr(b, block)
        assert (x is None) == (y is None)
        if x is not None:
            np.testing.assert_array_equal(x.to_numpy(), y.to_numpy(), err_msg=block)
    pd.testing.assert_frame_equal(
        a.sectors.astype(str), b.sectors.astype(str), check_index_type=False
    )
    for key in ("region", "year", "unit", "currency", "source", "table_type", "notes"):
        assert getattr(a.meta, key) == getattr(b.meta, key), key


def test_native_refuses_to_overwrite_when_asked(tmp_path: Path) -> None:
    write_native(miller_blair_2x2(), tmp_path / "t")
    with pytest.raises(Exception, match="exists"):
        write_native(miller_blair_2x2(), tmp_path / "t", overwrite=False)
    write_native(miller_blair_2x2(), tmp_path / "t")  # overwrite replaces the folder
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t"]


def test_native_bad_inputs_are_located(tmp_path: Path) -> None:
    folder = write_native(miller_blair_2x2(), tmp_path / "t")
    z = (folder / "Z.csv").read_text().replace("200.0", "2OO")
    (folder / "Z.csv").write_text(z)
    meta = (folder / "meta.csv").read_text()
    meta = meta.replace("unit,currency units", "unit,").replace("region,", "regoin,")
    (folder / "meta.csv").write_text(meta)
    err = read_bad(read_native, folder)
    text = next(x for x in err.issues if "non-numeric" in x.message)
    assert text.file.endswith("Z.csv") and (text.row, text.column) == ("2 (line 3)", "1")
    assert any("missing unit" in x.message and x.file.endswith("meta.csv") for x in err.issues)
    assert any("unknown meta key 'regoin'" in x.message for x in err.issues)
    (folder / "value_added.csv").unlink()
    assert "missing value_added.csv" in str(read_bad(read_native, folder))


def test_native_mislabelled_blocks(tmp_path: Path) -> None:
    folder = write_native(miller_blair_2x2(), tmp_path / "t")
    fd = (folder / "final_demand.csv").read_text().replace("\n2,", "\n3,")
    (folder / "final_demand.csv").write_text(fd)
    err = read_bad(read_native, folder)
    issue = next(x for x in err.issues if "unknown code" in x.message)
    assert (issue.sheet, issue.row) == ("final_demand", "3")


# ----- concordances and aggregation --------------------------------------------------------


def test_plain_concordance_and_aggregation(tmp_path: Path) -> None:
    (tmp_path / "c.csv").write_text("fine,coarse,coarse_name\n1,A,全部\n2,A,全部\n")
    conc = read_concordance(tmp_path / "c.csv")
    assert conc.to_dict() == {"1": "A", "2": "A"} and conc.attrs["names"] == {"A": "全部"}
    t = aggregate_table(miller_blair_2x2(), conc)
    assert t.Z.to_numpy().tolist() == [[950.0]] and t.x.tolist() == [3000.0]
    assert t.sectors.loc["A", "name_zh"] == "全部"
    assert t.value_added.loc["compensation", "A"] == 900.0
    assert t.satellites is not None and t.satellites.loc["employment", "A"] == 800.0
    assert "aggregated 2 → 1 sectors" in t.meta.notes[-1]


def test_concordance_errors(tmp_path: Path) -> None:
    (tmp_path / "dup.csv").write_text("fine,coarse\n1,A\n1,B\n")
    assert "mapped more than once" in str(read_bad(read_concordance, tmp_path / "dup.csv"))
    (tmp_path / "c.csv").write_text("1,A\n")  # no header: first two columns
    with pytest.raises(InputDataError, match=r"\['2'\] not in the concordance"):
        aggregate_table(miller_blair_2x2(), read_concordance(tmp_path / "c.csv"))
    (tmp_path / "c3.csv").write_text("1,A\n2,A\n3,B\n")
    with pytest.raises(InputDataError, match=r"\['3'\] are not sectors"):
        aggregate_table(miller_blair_2x2(), read_concordance(tmp_path / "c3.csv"))


def test_official_concordance_layout(tmp_path: Path) -> None:
    text = "对照表,,,\n,,,\nI级,,II级,\n代码,部门名称,代码,部门名称\n"
    text += "01,农业,01001,农产品\n,,02002,林产品\n02,工业,06003,煤炭\n"
    (tmp_path / "c.csv").write_text(text)
    conc = read_concordance(tmp_path / "c.csv")
    assert conc.to_dict() == {"001": "01", "002": "01", "003": "02"}
    assert conc.attrs["names"] == {"01": "农业", "02": "工业"}
    (tmp_path / "bad.csv").write_text(text + ",,7,x\n")
    err = read_bad(read_concordance, tmp_path / "bad.csv")
    assert err.issues[0].row == "line 8" and "'7'" in err.issues[0].message


# ----- dispatch ----------------------------------------------------------------------------


def test_sniff_and_read_table_paths(tmp_path: Path) -> None:
    assert sniff_reader(write_csv(tmp_path / "n.csv", nbs_competitive())) == "nbs_csv"
    assert sniff_reader(write_csv(tmp_path / "o.csv", oecd_rows())) == "oecd_csv"
    assert sniff_reader(nbs_workbook(tmp_path / "w.xlsx")) == "nbs_workbook"
    assert sniff_reader(write_native(miller_blair_2x2(), tmp_path / "m.xlsx")) == "native"
    assert sniff_reader(write_native(miller_blair_2x2(), tmp_path / "m")) == "native"
    t = read_table(tmp_path / "n.csv")
    assert t.meta.path == str(tmp_path / "n.csv") and t.meta.table_id == ""
    (tmp_path / "other.csv").write_text("a,b\n1,2\n")
    with pytest.raises(InputDataError, match="cannot tell the table layout"):
        read_table(tmp_path / "other.csv")
    with pytest.raises(InputDataError, match="neither a registry id"):
        read_table(tmp_path / "nothing.csv")
    t = read_table("n.csv", data_dir=tmp_path)  # relative paths also under the data dir
    assert t.n == 3


def test_read_table_registry_id_without_data(tmp_path: Path) -> None:
    with pytest.raises(InputDataError, match=r"registered at china-nbs/china_2020_153.csv"):
        read_table("cn-nbs-2020-153", data_dir=tmp_path)


# ----- real data (official tables under CHAINMAP_DATA_DIR) --------------------------------

NBS = [e for e in load_registry() if e.reader == "nbs_csv"]
OECD = [e for e in load_registry() if e.reader == "oecd_csv"]
TEN_THOUSAND = 1e4  # 1 亿元 = 10,000 万元: the README's totals are rounded to 亿元


@pytest.fixture(scope="module")
def load() -> Callable[[str], IOTable]:
    """Read each registered table once per module (read_table by id, repairs as registered)."""
    cache: dict[str, IOTable] = {}

    def get(table_id: str) -> IOTable:
        if table_id not in cache:
            entry = find_entry(table_id)
            assert entry is not None
            path = need_data(entry.path)
            if entry.repair:
                with pytest.warns(DataWarning, match="45"):
                    cache[table_id] = read_table(
                        table_id, data_dir=path.parents[1], repair=entry.repair
                    )
            else:
                cache[table_id] = read_table(table_id, data_dir=path.parents[1])
        return cache[table_id]

    return get


@pytest.mark.realdata
@pytest.mark.parametrize("entry", NBS + OECD, ids=lambda e: e.id)
def test_every_real_table_reads_and_balances(entry, load) -> None:  # type: ignore[no-untyped-def]
    t = load(entry.id)
    assert t.meta.table_id == entry.id
    assert (t.meta.year, t.meta.unit, t.meta.table_type) == (
        entry.year,
        entry.unit,
        entry.table_type,
    )
    assert t.n == entry.n_sectors - len(entry.repair)  # OECD: industry 45 dropped
    assert t.meta.sha256 == hashlib.sha256(Path(t.meta.path).read_bytes()).hexdigest()
    x_col = t.z.sum(axis=0) + t.imported_inputs.to_numpy() + t.value_added.to_numpy().sum(axis=0)
    if t.other_inputs is not None:
        x_col = x_col + t.other_inputs.to_numpy().sum(axis=0)
    tol = 1e-6 if entry.reader == "nbs_csv" else 1e-3  # 2007: 7e-9 in sector 090
    np.testing.assert_allclose(x_col, t.x, rtol=tol)
    assert (t.x > 0).all() and (t.a.sum(axis=0) < 1).all()


@pytest.mark.realdata
@pytest.mark.parametrize(
    ("table_id", "value_added", "output"),
    [
        ("cn-nbs-2020-153", 1_016_422, None),
        ("cn-nbs-2020-42", 1_016_422, None),
        ("cn-nbs-2017-149", 823_216, 2_257_733),
        ("cn-nbs-2017-42", 823_216, 2_257_733),
    ],
)
def test_published_totals(load, table_id: str, value_added: int, output: int | None) -> None:  # type: ignore[no-untyped-def]
    t = load(table_id)
    # README figures are in 亿元 (1e4 万元), rounded or truncated to the unit
    assert abs(t.total_value_added.sum() - value_added * TEN_THOUSAND) <= TEN_THOUSAND
    if output is not None:
        assert abs(t.x.sum() - output * TEN_THOUSAND) <= TEN_THOUSAND


@pytest.mark.realdata
def test_workbook_agrees_with_csv(load) -> None:  # type: ignore[no-untyped-def]
    book, flat = load("cn-nbs-2017-42-workbook"), load("cn-nbs-2017-42")
    assert list(book.codes) == list(flat.codes)
    assert book.sectors["name"].tolist() == flat.sectors["name_zh"].tolist()
    for block in ("Z", "final_demand", "value_added", "imports", "imports_final_demand"):
        a, b = getattr(book, block), getattr(flat, block)
        assert list(a.index) == list(b.index) and list(a.columns) == list(b.columns)
        np.testing.assert_allclose(a.to_numpy(), b.to_numpy(), rtol=1e-12, atol=1e-6, err_msg=block)


@pytest.mark.realdata
def test_149_aggregates_to_42_with_official_concordance(load) -> None:  # type: ignore[no-untyped-def]
    fine, coarse = load("cn-nbs-2017-149"), load("cn-nbs-2017-42").total_technology()
    for path in (
        need_data("china-nbs/NBS_2017_sector_concordance_42_to_149.csv"),
        need_data("china-nbs/NBS_2017_noncompetitive_42sector_with_42x149_concordance.xlsx"),
    ):
        conc = read_concordance(path)
        assert len(conc) == 149 and conc.nunique() == 42
        agg = aggregate_table(fine, conc)
        assert list(agg.codes) == list(coarse.codes)
        # names come from the concordance; the two official files spell sector 24 differently
        assert agg.sectors["name"].tolist() == [conc.attrs["names"][c] for c in agg.codes]
        same = agg.sectors["name"] == coarse.sectors["name_zh"]
        assert same.sum() == 41, agg.sectors["name"][~same].tolist()
        scale = coarse.x.max()
        np.testing.assert_allclose(agg.z, coarse.z, rtol=1e-9, atol=1e-12 * scale)
        np.testing.assert_allclose(agg.x, coarse.x, rtol=1e-12)
        np.testing.assert_allclose(
            agg.value_added.to_numpy(), coarse.value_added.to_numpy(), rtol=1e-9, atol=1e-12 * scale
        )
        fd_a, fd_c = agg.final_demand, coarse.final_demand
        consumption = fd_a[
            ["household_consumption_rural", "household_consumption_urban", "government_consumption"]
        ]
        pairs = [
            (consumption.sum(axis=1), fd_c["final_consumption"]),
            (fd_a["gross_fixed_capital_formation"], fd_c["gross_fixed_capital_formation"]),
            (fd_a["inventory_change"], fd_c["inventory_change"]),
            (fd_a["exports"], fd_c["exports"]),
            (fd_a["imports"], fd_c["imports"]),
        ]
        for a, c in pairs:
            np.testing.assert_allclose(a.to_numpy(), c.to_numpy(), rtol=1e-9, atol=1e-12 * scale)


@pytest.mark.realdata
def test_oecd_needs_explicit_repair() -> None:
    path = need_data("oecd-iot-2021/OECD21ed_JPN_2018.csv")
    err = read_bad(read_oecd_csv, path)
    assert any(x.row == "45" and "output is 0" in x.message for x in err.issues)


@pytest.mark.realdata
def test_eurostat_reproduces_published_values(fixtures) -> None:  # type: ignore[no-untyped-def]
    path = need_data("eurostat-manual/germany_1995_wide.csv")
    t = read_eurostat_wide(path)
    ref = fixtures["eurostat_manual_beutel_germany_6"]
    verified = json.loads((path.parent / "verification_results.json").read_text())
    np.testing.assert_array_equal(t.z, np.array(ref["Z"]))
    np.testing.assert_array_equal(t.x, np.array(ref["x"]))
    np.testing.assert_allclose(t.l.sum(axis=0), verified["BL"], rtol=1e-12)
    np.testing.assert_allclose(
        t.l.sum(axis=0), ref["published"]["backward_linkages_colsum_L"], atol=5e-5
    )
    va = t.total_value_added.to_numpy() / t.x
    np.testing.assert_allclose(va @ t.l, verified["GVA_mult"], rtol=1e-12)
    assert t.satellites is not None
    emp = t.satellites.loc["employment"].to_numpy() / t.x
    np.testing.assert_allclose(emp @ t.l, verified["EMP_mult"], rtol=1e-12)
    np.testing.assert_array_equal(t.satellites.loc["employment"], ref["employment_thousand"])
    np.testing.assert_array_equal(t.value_added.loc["compensation"], ref["compensation_employees"])
    assert any(re.search(r"industry_group is -46", n) for n in t.meta.notes)


@pytest.mark.realdata
@pytest.mark.parametrize("table_id", ["cn-nbs-2020-42", "oecd-2018-jpn"])
def test_real_round_trip(load, tmp_path: Path, table_id: str) -> None:  # type: ignore[no-untyped-def]
    t = load(table_id)
    for target in (tmp_path / "t", tmp_path / "t.xlsx"):
        back = read_native(write_native(t, target))
        assert_same(t, back)
        assert back.meta.balance_tolerance == t.meta.balance_tolerance
