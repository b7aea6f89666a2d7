"""Issue 12: the briefing — executive summary, one local share, impacts, XLSX formats, language."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from conftest import ROOT, need_data

from chainmap.io.examples import miller_blair_2x2
from chainmap.report.files import load_result_files
from chainmap.report.write import write_report
from chainmap.scenario.impacts import calc_impacts
from chainmap.scenario.results import write_results
from chainmap.scenario.runner import run_scenario
from chainmap.scenario.schema import load_scenario

OPTIMISER_WORDS = ["目标函数", "求解", "optimal", "objective", "MILP", "松弛", "cbc", "成本权重"]
#: ASCII words allowed in the Chinese report outside the provenance appendix: formula
#: symbols, units, table and scenario identifiers, the tool's name.
ALLOWED_ASCII = {
    "chainmap",
    "r",
    "a",
    "i",
    "j",
    "k",
    "l",
    "g",
    "b",
    "U",
    "w",
    "s",
    "x",
    "z",
    "d",
    "ij",
    "r_ij",
    "a_ij",
    "Σ_i",
    "L",
    "A",
    "LQ",
    "FLQ",
    "SLQ",
    "CILQ",
    "AFLQ",
    "HEM",
    "Ghosh",
    "Leontief",
    "Rasmussen",
    "cn",
    "nbs",
    "prov",  # table id cn-prov-2017-浙江
    "Type",
    "I",
    "II",
    "RIMS",
    "IMPLAN",
    "delta",
    "lambda",
    "max",
    "min",
    "e",
    "m",
    "t",
    "h",
    "n",
    "c",
    "v",
    "f",
    "y",
    "p",
    "q",
    "u",
    "o",
    "B",
    "G",
    "x_j",
    "m_i",
    "c_j",
    "e_i",
    "s_k",
    "w_k",
    "δ",
    "μ",
    "N",
    "R",
    "k_j",
    "Z",
    "GB",
    "T",
    "SVG",
    "PDF",
    "XLSX",
    "HTML",
    "CSV",
    "ISIC",
    "NBS",
    "OECD",
    "ICIO",
    "RPC",
    "SHA",
    "flq",
    "slq",
    "cilq",
    "Gi",
    "Li",
    "log",
}
#: Formula symbols with subscripts (BL_j, FLQ_ij, x_i). Parameter names (break_share,
#: parent_share, minmax) are not allowed: they appear only in the appendix's parameter
#: table, each with its meaning in Chinese.
SYMBOL = re.compile(r"^[A-Za-z]{1,4}_[A-Za-z]{1,3}$")
CJK = re.compile(r"[\u4e00-\u9fff]")


def _run(scenario: str, out: Path) -> Path:
    need_data("china-nbs/china_2020_153.csv")
    sc = load_scenario(ROOT / "scenarios" / scenario, overrides=["robustness.weight_draws=100"])
    write_results(run_scenario(sc), out)
    write_report(out, lang="zh", formats=("html", "xlsx"), force=True)
    write_report(out, lang="en", formats=("html",), force=True, out_dir=out / "en")
    return out


@pytest.fixture(scope="module")
def hz(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _run("hangzhou_2023.yaml", tmp_path_factory.mktemp("brief") / "hz")


def _block(html: str, marker: str) -> str:
    start = html.index(marker)
    return html[start : html.index("</div>\n</section>", start)]


def _text(html: str) -> str:
    html = re.sub(r"<style>.*?</style>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


@pytest.mark.realdata
def test_first_screen_states_decision_without_codes_or_optimiser_terms(hz: Path) -> None:
    for path in (hz / "report.html", hz / "en" / "report.html"):
        html = path.read_text(encoding="utf-8")
        block = _text(_block(html, 'data-block="brief"'))
        # a bare three-digit integer (not part of a larger number, decimal or percentage,
        # nor a rank such as 第 112 位 / 第 102、103 位 / ranks 112 / 112th, nor a count of draws)
        block = re.sub(
            r"第\s*[\d、]+\s*位|rank(?:s|ed)? [\d, ]+|\b\d+(?:st|nd|rd|th)\b", " ", block
        )
        codes = re.findall(r"(?<![\d.,])\d{3}(?![\d.,%]|\s*(?:次|个|runs|base))", block)
        assert not codes, codes
        low = block.lower()
        assert not [w for w in OPTIMISER_WORDS if w.lower() in low]
        assert html.index('data-block="brief"') < html.index('data-table="decision"')
    zh = _text(_block((hz / "report.html").read_text("utf-8"), 'data-block="brief"'))
    for word in (
        "建议",
        "入选理由",
        "为何未选",
        "接近的备选方案",
        "可信度",
        "统计数据与假设",
        "电池",
    ):
        assert word in zh


@pytest.mark.realdata
def test_every_local_share_of_a_link_is_one_number_and_matches_its_gap_class(hz: Path) -> None:
    files = load_result_files(hz)
    from openpyxl import load_workbook

    wb = load_workbook(hz / "report.xlsx")
    html = (hz / "report.html").read_text(encoding="utf-8")
    seen: dict[tuple[str, str], set[float]] = {}
    th = next(iter(files.doc["gap_summaries"].values()))["thresholds"]
    for industry, links in files.gap_links.items():
        for sup, row in links.iterrows():
            share, cls = float(row["local_share"]), str(row["gap_class"])
            if cls == "break":
                assert share < th["break_share"]
            elif cls in ("weak", "sound", "choke"):
                # a supplier with large local output is never a break point (at worst weak)
                large = bool(row.get("large_local_output", False))
                assert share >= th["break_share"] or (large and cls in ("weak", "choke"))
                if cls == "weak":
                    assert share < th["sound_share"]
                if cls == "sound":
                    assert share >= th["sound_share"]
            seen.setdefault((industry, str(sup)), set()).add(round(100 * share, 1))
    header = "本地供给率 r/a（%）"
    for ws in wb.worksheets:
        heads = [c.value for c in ws[2]]
        if header not in heads:
            continue
        col = heads.index(header)
        sup_col = heads.index("供应部门代码") if "供应部门代码" in heads else None
        ind_col = heads.index("产业代码") if "产业代码" in heads else None
        title = str(ws.cell(1, 1).value)
        for r in ws.iter_rows(min_row=3, values_only=True):
            if sup_col is None or r[col] is None:
                continue
            sup = str(r[sup_col])
            if ind_col is not None:
                industry = str(r[ind_col])
            else:
                industry = next(c for c in files.chosen if files.name(c, "zh") in title)
            seen.setdefault((industry, sup), set()).add(round(float(r[col]), 1))
    assert all(len(v) == 1 for v in seen.values()), {k: v for k, v in seen.items() if len(v) > 1}
    # the HTML cells carry the same exact values as the diagnosis
    values = {
        round(float(v), 6)
        for v in re.findall(r'data-value="([-0-9.e]+)"', html)
        if v not in ("nan",)
    }
    for (industry, sup), _v in seen.items():
        if industry in files.chosen and sup in files.gap_links[industry].index:
            share = 100 * float(files.gap_links[industry].at[sup, "local_share"])
            cls = str(files.gap_links[industry].at[sup, "gap_class"])
            if cls != "minor":
                assert any(abs(share - v) < 1e-4 for v in values)
    assert "rpc_before" not in html and "补链前本地供给率" not in html


@pytest.mark.realdata
def test_xlsx_has_number_formats_autofilter_and_widths(hz: Path) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(hz / "report.xlsx")
    ws = wb["决策表"] if "决策表" in wb.sheetnames else wb.worksheets[0]
    assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A2:")
    formats = {
        c.number_format
        for row in ws.iter_rows(min_row=3)
        for c in row
        if isinstance(c.value, float)
    }
    assert formats and all(f.startswith("#,##0") for f in formats)
    assert all(ws.column_dimensions[k].width > 5 for k in ws.column_dimensions)


@pytest.mark.realdata
def test_chinese_report_has_no_english_words_outside_the_allow_list(hz: Path) -> None:
    html = (hz / "report.html").read_text(encoding="utf-8")
    body = html.split('<div data-lang-exempt="1">')[0]
    body = re.sub(r"<svg.*?</svg>", " ", body, flags=re.S)
    words = set(re.findall(r"[A-Za-z][A-Za-z_]+", _text(body)))
    scenario = load_result_files(hz).doc["scenario"]["name"]
    leaks = {
        w for w in words if w not in ALLOWED_ASCII and w not in scenario and not SYMBOL.match(w)
    }
    assert not leaks, sorted(leaks)


@pytest.mark.realdata
def test_english_report_has_no_chinese_in_its_summary_headings_and_headers(hz: Path) -> None:
    html = (hz / "en" / "report.html").read_text(encoding="utf-8")
    brief = _block(html, 'data-block="brief"')
    assert not CJK.search(_text(brief)), _text(brief)
    heads = re.findall(
        r"<(?:h[1-3]|th|caption)[^>]*>(.*?)</", html.split('data-lang-exempt="1"')[0]
    )
    assert not [h for h in heads if CJK.search(h) and not re.match(r"^\d{3}$", h)]
    notes = html.split('<section id="notes">')[1].split("</section>")[0]
    assert "亿元" not in notes and "万元" not in notes


def test_impacts_add_up_and_type1_matches_miller_blair_by_hand() -> None:
    t = miller_blair_2x2()
    df = calc_impacts(t, ["1", "2"])
    total = df["direct"] + df["indirect"] + df["induced"].fillna(0.0)
    assert np.allclose(total, df["total"])
    # Type I output: column sums of L = (I - A)^-1, A = [[.15, .25], [.20, .05]]
    L = np.linalg.inv(np.eye(2) - np.array([[0.15, 0.25], [0.20, 0.05]]))
    out = df[(df.scope == "industry") & (df.measure == "output")]
    assert np.allclose(out["direct"] + out["indirect"], L.sum(axis=0))
    # employment satellite: direct c_j, Type I (c'L)_j, c = [0.3, 0.25] per unit output
    emp = df[(df.scope == "industry") & (df.measure == "employment")]
    assert np.allclose(emp["direct"], [0.3, 0.25])
    assert np.allclose(emp["direct"] + emp["indirect"], np.array([0.3, 0.25]) @ L)
    port = df[(df.scope == "portfolio") & (df.measure == "output")].iloc[0]
    assert np.isclose(port["total"], out["total"].sum())


@pytest.mark.realdata
def test_hangzhou_brief_states_the_provincial_method_and_link_origins(hz: Path) -> None:
    zh = _text(_block((hz / "report.html").read_text("utf-8"), 'data-block="brief"'))
    en = _text(_block((hz / "en" / "report.html").read_text("utf-8"), 'data-block="brief"'))
    assert "浙江 2017 年投入产出表" in zh and "学习模型" in zh and "区位商" not in zh
    assert "Zhejiang" in en and "location quotients" not in en
    # labels inside an English sentence are not capitalised
    assert not re.search(r"mostly from [A-Z]|sector in [A-Z]|a [A-Z]\w+-oriented", en)
    from chainmap.report.tables import investment_tables

    files = load_result_files(hz)
    code = files.leading[0]
    table = investment_tables(files, code, "zh")[0]
    local = table["本地供给率 r/a（%）"].astype(float)
    other = table["外省调入占比（%）"].astype(float)
    abroad = table["境外进口占比（%）"].astype(float)
    assert len(table) and other.notna().all() and abroad.notna().all()
    assert (local + other + abroad <= 100 + 1e-9).all()
    assert (other > 0).any() and (abroad > 0).any()
    html = (hz / "report.html").read_text("utf-8")
    assert "省外调入与境外进口占全省使用的比例" in html
    # the link value is a relative figure (most valuable chain = 1), and says so
    assert "环节价值（相对值）" in html and "价值最高的产业链全部补齐时为 1" in html


@pytest.mark.realdata
def test_employment_basis_and_negative_taxes_are_explained(hz: Path) -> None:
    zh = _text((hz / "report.html").read_text("utf-8"))
    en = _text((hz / "en" / "report.html").read_text("utf-8"))
    # computed from the 2018 NBS series on the 2018 table, applied to the 2020 parent
    assert "就业影响未计算" not in zh and "Employment impacts are not computed" not in en
    assert "2018 年国家统计局分行业就业人员" in zh and "用于 2020 年母表和本市" in zh
    assert "NBS employed persons of 2018" in en and "applied to the 2020 parent table" in en
    assert "新增 1 亿元最终需求带来的就业（人）" in zh
    files = load_result_files(hz)
    assert files.doc["employment"]["status"] == "computed"
    emp = files.impacts[files.impacts["measure"] == "employment"]
    assert set(emp["unit"]) == {"persons"} and len(emp) == len(files.chosen) + 1
    taxes = files.impacts
    assert taxes is not None
    negative = (taxes[taxes["measure"] == "tax"]["total"] < 0).any()
    assert ("生产补贴多于缴纳的生产税" in zh) == negative


@pytest.mark.realdata
def test_markdown_carries_the_origin_and_employment_notes(hz: Path) -> None:
    from chainmap.report.sections import markdown_parts
    from chainmap.report.tables import report_tables

    files = load_result_files(hz)
    md = "\n".join(markdown_parts(files, report_tables(files, "zh"), "zh"))
    assert "就业影响按全国就业系数计算" in md and "省外调入与境外进口" in md
    assert "新增 1 亿元最终需求带来的就业（人）" in md
    assert md.index("省外调入与境外进口") < md.index(f"## {'经济影响'}")


@pytest.mark.realdata
def test_parameter_names_and_run_record_are_in_chinese(hz: Path) -> None:
    from chainmap.report.notes import parameters_table, provenance_tables

    files = load_result_files(hz)
    params = parameters_table(files, "zh")
    shown = [*params.index, *params.iloc[:, 0], *params.iloc[:, 1]]
    ascii_words = {w for text in shown for w in re.findall(r"[A-Za-z_]{3,}", str(text))}
    assert not ascii_words, ascii_words
    # the scenario-file spelling is kept, in its own column only
    assert "gaps.target_local_share: 0.6" in params.iloc[:, 2].tolist()
    prov = provenance_tables(files, "zh", "now")[0]
    labels = " ".join(map(str, prov.index))
    assert "read_table" not in labels and "读取投入产出表" in labels
    values = prov.iloc[:, 0].astype(str).tolist()
    assert "optimal" not in values and "最优" in values
    assert "国家统计局 2020 年全国投入产出表（153 部门）" in values


def test_confidence_names_the_parameter_variants_that_changed_the_set() -> None:
    import pandas as pd

    from chainmap.report.brief import confidence
    from chainmap.report.files import ResultFiles

    sectors = pd.DataFrame(
        {"name_zh": ["计算机", "通信设备", "雷达"], "name_en": ["Computers", "Telecom", "Radar"]},
        index=["090", "091", "092"],
    )
    variants = [
        {
            "variant": "FLQ δ = 0.3, no provincial shares",
            "leading": "090 091",
            "solved": True,
            "same_leading": True,
        },
        {
            "variant": "policy support off",
            "leading": "090 092",
            "solved": True,
            "same_leading": False,
        },
        {
            "variant": "stage thresholds × 0.75",
            "leading": "",
            "solved": False,
            "same_leading": False,
        },
    ]
    doc = {
        "selection": {"leading": ["090", "091"]},
        "robustness": {
            "n_variants": 3,
            "n_unchanged": 1,
            "baseline_leading": ["090", "091"],
            "variants": variants,
            "by_family": {
                "regionalization": {"variants": 1, "unchanged": 1},
                "policy": {"variants": 1, "unchanged": 0},
                "stages": {"variants": 1, "unchanged": 0},
            },
        },
    }
    empty = pd.DataFrame()
    rob = pd.DataFrame(
        {"selected_frequency": [1.0, 0.9], "potential_frequency": [0.0, 0.0]},
        index=["090", "091"],
    )
    files = ResultFiles(Path("."), doc, sectors, empty, empty, empty, rob)
    assert (
        "（区域化方法（含 δ）1 种、关闭政策支持 1 种、发展阶段阈值 1 种）"
        in confidence(files, "zh")[1]
    )
    zh = confidence(files, "zh")[-1]
    assert zh == (
        "组合改变的情形：关闭政策支持时，通信设备换为雷达；发展阶段阈值调为 0.75 倍时没有可行方案。"
    )
    en = confidence(files, "en")[-1]
    assert "policy support off: Telecom replaced by Radar" in en
    variants[1]["same_leading"] = True
    variants[2]["same_leading"] = True
    assert confidence(files, "zh")[-1] == "所有情形下主导产业组合都不变。"


@pytest.mark.realdata
def test_candidate_comparison_is_split_to_fit_and_its_verdict_claims_nothing_false(
    hz: Path,
) -> None:
    html = (hz / "report.html").read_text("utf-8")
    heads = []
    for key in ("comparison", "comparison_chain"):
        block = html.split(f'data-table="{key}"')[1].split("</table>")[0]
        heads.append(re.findall(r"<th[^>]*>(.*?)</th>", block.split("</thead>")[0], flags=re.S))
    # each part fits 1280 px: at most ten columns, and together they keep every column
    assert all(len(h) <= 10 for h in heads), [len(h) for h in heads]
    assert "综合得分" in heads[0] and "本地配套率（%）" in heads[1]
    assert "不及入选产业" not in html and "不是逐项最优" in html


@pytest.mark.realdata
def test_english_notes_name_tables_and_provinces_in_english(hz: Path) -> None:
    html = (hz / "en" / "report.html").read_text("utf-8")
    notes = _text(html.split('<section id="notes">')[1].split("</section>")[0])
    assert "cn-prov-2017-zhejiang" in notes and "cn-prov-2017-浙江" not in notes
    assert "National Bureau of Statistics of China, 2020 national input-output table" in notes
    assert "国家统计局" not in notes
    zh = _text((hz / "report.html").read_text("utf-8").split('<section id="notes">')[1])
    assert "上级表：国家统计局 2020 年全国投入产出表（153 部门）" in zh
