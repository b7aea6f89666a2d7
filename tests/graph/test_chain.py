"""Chain maps of a candidate industry, their exports and drawings."""

from __future__ import annotations

import json
import warnings
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from coefficient_tables import table_from_coefficients
from conftest import need_data

from chainmap.cli.main import main
from chainmap.draw import chain_drawing as drawing
from chainmap.draw.chain_drawing import NodeClass, render_chain_svg, write_chain_png
from chainmap.draw.chain_export import export_chain_map
from chainmap.errors import InputDataError
from chainmap.graph.chain import ChainMap, chain_map, chain_to_json
from chainmap.io.examples import miller_blair_2x2
from chainmap.io.table import IOTable

SVG = "{http://www.w3.org/2000/svg}"


def chain_table() -> IOTable:
    """A six-sector line ore → metal → parts → car → transport → services, plus loops."""
    names = ["矿石", "金属", "零部件", "整车", "运输", "服务"]
    english = ["Ore", "Metal", "Parts", "Cars", "Transport", "Services"]
    n = len(names)
    A = np.zeros((n, n))
    for k in range(n - 1):
        A[k, k + 1] = 0.3  # each stage supplies the next one
    A[5, :] += 0.02  # services sell a little to everyone
    A[3, 5] = 0.05  # and buy cars
    A[2, 2] = 0.05
    f = np.array([10.0, 10.0, 20.0, 100.0, 50.0, 80.0])
    codes = [f"S{k}" for k in range(n)]
    return table_from_coefficients(A, f, codes, names_zh=names, names_en=english)


def test_tiers_follow_the_supply_line() -> None:
    cm = chain_map(chain_table(), "整车", depth=3, top_n=2, min_share=0.0)
    tiers = cm.nodes["tier"].to_dict()
    assert tiers["S3"] == 0 and bool(cm.nodes.loc["S3", "is_candidate"])
    assert tiers["S2"] == -1 and tiers["S1"] == -2 and tiers["S0"] == -3
    assert tiers["S4"] == 1
    assert tiers["S5"] == 0  # services both supply cars and buy from them: midstream peer
    assert cm.nodes.loc["S2", "position"] == "upstream"
    assert cm.nodes.loc["S2", "position_zh"] == "上游"
    link = cm.links.set_index(["source", "target"]).loc[("S2", "S3")]
    t = chain_table()
    assert link["a"] == pytest.approx(t.a[2, 3]) and link["l"] == pytest.approx(t.l[2, 3])
    assert link["z"] == pytest.approx(t.z[2, 3]) and link["g"] == pytest.approx(t.g[2, 3])
    columns = cm.nodes["tier"]
    for row in cm.links.itertuples():
        step = columns[row.target] - columns[row.source]
        assert step == 1 or (step == 0 and "S3" in (row.source, row.target))
    U = pd.Series(t.g.sum(axis=1), index=t.codes)
    np.testing.assert_allclose(cm.nodes["upstreamness"], U[cm.nodes.index], rtol=1e-12)
    np.testing.assert_allclose(cm.nodes["upstreamness_gap"], U[cm.nodes.index] - U["S3"])


def test_rankings_and_limits() -> None:
    t = chain_table()
    cm = chain_map(t, "S3", depth=1, top_n=1, min_share=0.0)
    assert cm.suppliers.index[0] == "S2"  # largest l_i3 among other sectors
    assert cm.suppliers["rank_requirement"].tolist() == list(range(1, t.n))
    np.testing.assert_allclose(cm.suppliers["share"].sum(), 1.0)
    assert cm.buyers.index[0] == "S4"
    assert cm.columns == [-1, 0, 1] or cm.columns == [0, 1]
    again = chain_map(t, "S3", depth=1, top_n=1, min_share=0.0)
    pd.testing.assert_frame_equal(cm.nodes, again.nodes)
    with pytest.raises(InputDataError, match="depth and top_n"):
        chain_map(t, "S3", depth=0)
    with pytest.raises(InputDataError, match="unknown sector '卡车'"):
        chain_map(t, "卡车")


def test_json_and_exports(tmp_path: Path) -> None:
    cm = chain_map(chain_table(), "S3", min_share=0.0)
    doc = json.loads(chain_to_json(cm))
    assert doc["params"]["candidate"] == "S3" and len(doc["nodes"]) == len(cm.nodes)
    written = export_chain_map(cm, tmp_path, lang="zh")
    assert sorted(p.name for p in written) == sorted(
        f"chain_S3{suffix}"
        for suffix in (".csv", "_links.csv", ".json", ".graphml", ".svg", ".png")
    )
    back = nx.read_graphml(tmp_path / "chain_S3.graphml")
    assert set(back.edges()) == set(cm.graph.edges()) and back.graph["candidate"] == "S3"
    assert np.isnan(back.nodes["S3"]["requirement_share"])  # the candidate is not its supplier
    assert back.nodes["S2"]["requirement_share"] == pytest.approx(
        cm.nodes.loc["S2", "requirement_share"]
    )
    by_code = {node["code"]: node for node in doc["nodes"]}
    assert by_code["S3"]["requirement_share"] is None  # NaN becomes null in JSON
    nodes = pd.read_csv(tmp_path / "chain_S3.csv")
    assert nodes["code"].tolist() == cm.nodes.index.tolist()
    assert (tmp_path / "chain_S3.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_svg_keeps_text_and_takes_classes() -> None:
    cm = chain_map(chain_table(), "S3", min_share=0.0)
    classes = {"break": NodeClass("#ff0000", "#990000", "断点", "Break point")}
    svg = render_chain_svg(cm, lang="both", node_class={"S1": "break"}, classes=classes)
    root = ET.fromstring(svg.encode("utf-8"))
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "金属" in texts and "Metal" in texts and "断点 Break point" in texts
    fills = {r.get("fill") for r in root.iter(f"{SVG}rect")}
    assert "#ff0000" in fills
    english = ET.fromstring(render_chain_svg(cm, lang="en").encode("utf-8"))
    assert "金属" not in [t.text for t in english.iter(f"{SVG}text")]
    with pytest.raises(InputDataError, match="no style"):
        render_chain_svg(cm, node_class={"S1": "weak"})
    with pytest.raises(InputDataError, match="unsupported drawing language"):
        render_chain_svg(cm, lang="fr")


def test_png_without_cjk_font_falls_back_to_english(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cm = chain_map(miller_blair_2x2(), "1")
    monkeypatch.setattr(drawing, "find_cjk_font", lambda: None)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = write_chain_png(cm, tmp_path / "c.png", lang="zh")
    assert "no CJK font" in result.note and result.font == "DejaVu Sans"
    assert result.path.read_bytes()[:4] == b"\x89PNG"
    t = miller_blair_2x2()
    sectors = t.sectors.assign(name_en=["", "二"])  # no English spelling at all
    chinese_only = chain_map(t.replace(sectors=sectors), "1")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph would warn
        write_chain_png(chinese_only, tmp_path / "d.png", lang="en")


def test_cli_chain(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert (
        main(["chain", "example-miller-blair-2x2", "部门二", "--depth", "2", "-o", str(out)]) == 0
    )
    assert (out / "chain_2.svg").exists() and (out / "chain_2.png").exists()
    assert "chain of 2 部门二" in capsys.readouterr().out
    assert main(["chain", "example-miller-blair-2x2", "部门", "-o", str(out), "--force"]) == 2
    assert "closest: 1 部门一" in capsys.readouterr().err


def _check(cm: ChainMap, L: np.ndarray, codes: list[str]) -> None:
    c = codes.index(cm.candidate)
    assert cm.nodes.loc[cm.candidate, "tier"] == 0
    for code, row in cm.nodes.iterrows():
        assert row["total_requirement"] == pytest.approx(L[codes.index(str(code)), c])
    assert len(cm.suppliers) == len(codes) - 1


@pytest.mark.realdata
def test_motor_vehicles_top_suppliers_are_top_of_leontief_column() -> None:
    from chainmap.io.readers import read_table

    path = need_data("china-nbs/china_2020_153.csv")
    t = read_table("cn-nbs-2020-153", data_dir=path.parents[1])
    cm = chain_map(t, "汽车整车")
    codes = [str(c) for c in t.codes]
    c = codes.index("079")
    column = t.l[:, c].copy()
    column[c] = -np.inf  # the candidate itself is not its own supplier
    top = [codes[i] for i in np.argsort(-column, kind="stable")[:10]]
    assert cm.suppliers.index[:10].tolist() == top
    assert top[0] == "080"  # auto parts
    np.testing.assert_allclose(
        cm.suppliers["total_requirement"].iloc[:10], column[np.argsort(-column)[:10]]
    )
    # tier 1 (and midstream peers) = the candidate's leading direct suppliers by l
    direct = [codes[i] for i in np.argsort(-column, kind="stable") if t.a[i, c] > 0]
    first = cm.nodes[
        (cm.nodes["tier"] == -1) | ((cm.nodes["tier"] == 0) & ~cm.nodes["is_candidate"])
    ]
    assert set(first.index) <= set(direct[:10])
    _check(cm, t.l, codes)


@pytest.mark.realdata
def test_sectors_of_the_42_and_153_tables() -> None:
    from chainmap.io.readers import read_table

    base = need_data("china-nbs/china_2020_42.csv").parents[1]
    need_data("china-nbs/china_2020_153.csv")
    for table_id, step in (("cn-nbs-2020-42", 3), ("cn-nbs-2020-153", 15)):
        t = read_table(table_id, data_dir=base)
        codes = [str(c) for c in t.codes]
        sample = codes[::step] + (["103", "146"] if t.n == 153 else [])  # 103/146 sell nothing
        for code in sample:
            cm = chain_map(t, code)
            _check(cm, t.l, codes)
            assert set(cm.links["source"]) | set(cm.links["target"]) <= set(cm.nodes.index)
