"""The planner's report: sections, numbers against the result files, formats, atomicity."""

from __future__ import annotations

import json
import math
import re
import struct
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from conftest import ROOT, need_data

from chainmap.errors import ChainmapError
from chainmap.i18n import t
from chainmap.report.files import load_result_files
from chainmap.report.format import CRITERION_KEYS
from chainmap.report.render import sheet_names
from chainmap.report.tables import report_tables
from chainmap.report.write import write_comparison_report, write_report
from chainmap.scenario.results import write_results
from chainmap.scenario.runner import run_scenario
from chainmap.scenario.schema import load_scenario

SECTIONS = [
    "brief",
    "summary",
    "investment",
    "impacts",
    "quadrant",
    "criteria",
    "chain_map",
    "comparison",
    "robustness",
    "notes",
    "appendix",
    "provenance",
]
FAST = ["robustness.weight_draws=200"]
CJK = re.compile(r"[\u4e00-\u9fff]")


# ----- a small parser for the report's HTML ---------------------------------------------------


class ReportParser(HTMLParser):
    """Sections, headings, svg charts and every ``data-table`` with its cells."""

    def __init__(self) -> None:
        super().__init__()
        self.sections: list[str] = []
        self.h2: list[str] = []
        self.h3_ids: list[str] = []
        self.charts: list[dict[str, Any]] = []
        self.tables: dict[str, dict[str, Any]] = {}
        self.title = ""
        self._stack: list[str] = []
        self._table: str | None = None
        self._row: list[Any] | None = None
        self._cell: dict[str, Any] | None = None
        self._text: list[str] | None = None
        self._svg_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if self._svg_depth:
            self._svg_depth += 1
            self.charts[-1]["elements"] += 1
            self.charts[-1]["tags"].append((tag, a))
            return
        if tag == "svg":
            self._svg_depth = 1
            self.charts.append({"kind": a.get("data-chart"), "elements": 0, "tags": []})
            return
        if tag == "section":
            self.sections.append(str(a.get("id")))
        elif tag == "h3" and a.get("id"):
            self.h3_ids.append(str(a["id"]))
        elif tag == "div" and a.get("data-table"):
            self._table = str(a["data-table"])
            self.tables[self._table] = {"head": [], "rows": []}
        elif tag == "tr" and self._table:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = {"value": a.get("data-value"), "text": ""}
        if tag in ("h2", "title", "caption"):
            self._text = []
        self._stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._svg_depth:
            self._svg_depth -= 1
            return
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(self._cell)
            self._cell = None
        elif tag == "tr" and self._row is not None and self._table:
            table = self.tables[self._table]
            if "thead" in self._stack:
                table["head"] = [c["text"] for c in self._row]
            else:
                table["rows"].append(self._row)
            self._row = None
        elif tag == "div" and self._table and "table" not in self._stack:
            self._table = None
        if tag in ("h2", "title") and self._text is not None:
            text = "".join(self._text).strip()
            if tag == "h2":
                self.h2.append(text)
            else:
                self.title = text
            self._text = None
        if self._stack and self._stack[-1] == tag:
            self._stack.pop()

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell["text"] += data
        if self._text is not None:
            self._text.append(data)


def parse(path: Path) -> ReportParser:
    parser = ReportParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def cells(parser: ReportParser, key: str, n_index: int = 1) -> dict[str, dict[str, Any]]:
    """row key (index cells joined by '/') → {column label: float value or text}."""
    table = parser.tables[key]
    head = table["head"]
    out: dict[str, dict[str, Any]] = {}
    for row in table["rows"]:
        k = "/".join(c["text"] for c in row[:n_index])
        out[k] = {
            h: float(c["value"]) if c["value"] is not None else c["text"]
            for h, c in zip(head[n_index:], row[n_index:], strict=True)
        }
    return out


def close(a: float, b: float) -> bool:
    if isinstance(b, float) and math.isnan(b):
        return isinstance(a, str) or math.isnan(a)
    return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)


# ----- fixtures: each shipped scenario once per module -----------------------------------------


def _run(path: Path, out: Path) -> tuple[Any, Path]:
    result = run_scenario(load_scenario(path, FAST))
    write_results(result, out)
    write_report(out, lang="zh")
    return result, out


@pytest.fixture(scope="module")
def illustrative(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Path]:
    out = tmp_path_factory.mktemp("report") / "illustrative"
    return _run(ROOT / "scenarios" / "illustrative_demo.yaml", out)


@pytest.fixture(scope="module")
def hangzhou(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Hangzhou report as the demo writes it (official data; results + report + PDF)."""
    for name in ("china_2020_153.csv", "china_2020_42.csv", "china_2017_42.csv"):
        need_data(f"china-nbs/{name}")
    from chainmap.cli.demo import run_demo

    outcome = run_demo(tmp_path_factory.mktemp("report") / "hangzhou", lang="zh")
    assert outcome.official and outcome.scenario == "hangzhou_2023"
    return outcome.result_dir


@pytest.fixture(
    scope="module", params=["illustrative", pytest.param("hangzhou", marks=pytest.mark.realdata)]
)
def report_dir(request: pytest.FixtureRequest) -> Path:
    value = request.getfixturevalue(request.param)
    return value[1] if isinstance(value, tuple) else value


# ----- content --------------------------------------------------------------------------------


def test_every_section_and_every_chosen_industry(report_dir: Path) -> None:
    files = load_result_files(report_dir)
    html = parse(report_dir / "report.html")
    assert html.sections == SECTIONS
    assert html.h2 == [t(f"section.{s}", "zh") for s in SECTIONS]
    assert files.chosen, "the shipped scenarios choose industries"
    decision = cells(html, "decision")
    assert list(decision) == files.chosen
    kinds = [c["kind"] for c in html.charts]
    assert kinds.count("chain") == len(files.chosen)  # one chain map per chosen industry
    assert {"quadrant", "radar", "bar"} <= set(kinds)
    for code in files.chosen:
        assert f"chain-{code}" in html.h3_ids
        assert f"gaps_{code}" in html.tables
        assert decision[code][t("measure.name", "zh")] == files.name(code, "zh")
    quadrant = next(c for c in html.charts if c["kind"] == "quadrant")
    marked = {
        a.get("data-code") for tag, a in quadrant["tags"] if a.get("class") == "bubble chosen"
    }
    assert marked == set(files.chosen)
    text = (report_dir / "report.html").read_text(encoding="utf-8")
    assert t("note.operationalisation", "zh") in text
    for key in ("op.side_effect", "op.link_values"):
        assert t(key, "zh").split("：")[0].split("（")[0] in text


def test_html_numbers_equal_the_result_files(report_dir: Path) -> None:
    files = load_result_files(report_dir)
    html = parse(report_dir / "report.html")
    doc = json.loads((report_dir / "result.json").read_text(encoding="utf-8"))
    crit = pd.read_csv(report_dir / "criteria.csv", dtype={"industry": str}).set_index("industry")
    measures = pd.read_csv(report_dir / "measures.csv", dtype={"code": str}).set_index("code")
    rob = pd.read_csv(report_dir / "robustness.csv", dtype={"industry": str}).set_index("industry")
    unit = files.unit_label("zh")
    decision = cells(html, "decision")
    for code, row in decision.items():
        assert close(row[t("measure.score", "zh")], crit.at[code, "score"])
        assert close(row[t("measure.output", "zh", unit=unit)], measures.at[code, "output"])
        gap = doc["gap_summaries"][code]
        assert close(
            row[t("measure.local_supporting_rate", "zh")], 100.0 * gap["local_supporting_rate"]
        )
        assert close(
            row[t("col.leading_frequency", "zh")], 100.0 * rob.at[code, "selected_frequency"]
        )
    links = cells(html, "links", n_index=2)
    assert len(links) == len(doc["selection"]["links"])
    for link in doc["selection"]["links"]:
        row = links[f"{link['industry']}/{link['supplier']}"]
        assert close(row[t("col.link_value", "zh")], link["value"])
        gaps = pd.read_csv(
            report_dir / "gaps" / f"{link['industry']}_links.csv", dtype={"supplier": str}
        ).set_index("supplier")
        share = gaps.at[link["supplier"], "local_share"] if link["supplier"] in gaps.index else None
        if share is not None:  # one local share: the chain diagnosis's r/a
            assert close(row[t("col.local_share_def", "zh")], 100.0 * share)
    objective = cells(html, "objective")
    assert close(
        objective[t("term.objective", "zh")][t("col.value", "zh")], doc["selection"]["objective"]
    )
    for term, value in doc["selection"]["terms"].items():
        assert close(objective[t(f"term.{term}", "zh")][t("col.value", "zh")], value)
    for code, row in cells(html, "contributions").items():
        parts = [row[t(k, "zh")] for k in CRITERION_KEYS.values()]
        for key, value in zip(CRITERION_KEYS, parts, strict=True):
            assert close(value, crit.at[code, f"contribution_{key}"])
        assert math.isclose(sum(parts), row[t("measure.score", "zh")], rel_tol=1e-9)
    for code, row in cells(html, "measures").items():
        assert close(row[t("measure.bl", "zh")], measures.at[code, "bl"])
        assert close(row[t("measure.fl_ghosh", "zh")], measures.at[code, "fl_ghosh"])
    assert len(cells(html, "measures")) == len(measures)
    for code, row in cells(html, "chains").items():
        gap = doc["gap_summaries"][code]
        assert row[t("col.n_break", "zh")] == gap["n_break"]
        assert row[t("col.n_choke", "zh")] == gap["n_choke"]
        assert close(row[t("measure.chain_completeness", "zh")], 100.0 * gap["chain_completeness"])
    for code in files.chosen:
        links_csv = pd.read_csv(report_dir / "gaps" / f"{code}_links.csv", dtype={"supplier": str})
        links_csv = links_csv.set_index("supplier")
        shown = cells(html, f"gaps_{code}")
        assert set(shown) == set(links_csv.index[links_csv["gap_class"] != "minor"])
        for supplier, row in shown.items():
            assert close(
                row[t("measure.cost_share", "zh")], 100.0 * links_csv.at[supplier, "cost_share"]
            )
            assert close(
                row[t("col.local_share_def", "zh")], 100.0 * links_csv.at[supplier, "local_share"]
            )
    for code, row in cells(html, "robustness").items():
        assert close(
            row[t("col.leading_frequency", "zh")], 100.0 * rob.at[code, "selected_frequency"]
        )
        assert close(
            row[t("col.potential_frequency", "zh")], 100.0 * rob.at[code, "potential_frequency"]
        )
    alternatives = pd.read_csv(report_dir / "alternatives.csv")
    table = cells(html, "alternatives")
    objective_row = table[t("measure.objective", "zh")]
    gap_row = table[t("col.objective_gap", "zh")]
    for alt in alternatives.itertuples():
        column = f"{t('col.alternative', 'zh')} {alt.rank}"
        assert close(objective_row[column], alt.objective)
        assert close(gap_row[column], alt.objective_gap)


def test_xlsx_has_every_table_with_units_frozen_headers_and_numbers(report_dir: Path) -> None:
    from openpyxl import load_workbook

    files = load_result_files(report_dir)
    tables = report_tables(files, "zh")
    wb = load_workbook(report_dir / "report.xlsx")
    expected = sheet_names([df.attrs["sheet"] for df in tables.values()])
    assert wb.sheetnames == expected
    crit = pd.read_csv(report_dir / "criteria.csv", dtype={"industry": str}).set_index("industry")
    for (key, df), name in zip(tables.items(), expected, strict=True):
        ws = wb[name]
        n_index = df.index.nlevels
        assert ws.freeze_panes == ws.cell(3, n_index + 1).coordinate, key
        headers = [c.value for c in ws[2]]
        assert headers[n_index:] == [str(c) for c in df.columns], key
        assert ws.max_row == len(df) + 2, key
    ws = wb[expected[list(tables).index("decision")]]
    headers = [c.value for c in ws[2]]
    unit = files.unit_label("zh")
    assert t("measure.output", "zh", unit=unit) in headers  # the unit is in the header
    score_col = headers.index(t("measure.score", "zh")) + 1
    for r in range(3, ws.max_row + 1):
        code, value = ws.cell(r, 1).value, ws.cell(r, score_col).value
        assert isinstance(value, float)  # numbers stay numbers
        assert close(value, crit.at[code, "score"])
    title = wb[expected[0]].cell(1, 1).value
    assert (t("report.illustrative", "zh") in title) == files.illustrative


def test_markdown_has_the_summary_and_key_tables(report_dir: Path) -> None:
    files = load_result_files(report_dir)
    md = (report_dir / "report.md").read_text(encoding="utf-8")
    assert md.startswith("# ")
    assert f"## {t('section.summary', 'zh')}" in md
    for code in files.chosen:
        assert files.label(code, "zh") in md
    for key in ("table.decision", "table.links", "table.contributions", "table.chains"):
        assert f"**{t(key, 'zh')}**" in md
    assert (t("note.illustrative_data", "zh") in md) == files.illustrative


def test_illustrative_data_say_so_in_every_title(illustrative: tuple[Any, Path]) -> None:
    _, out = illustrative
    mark = t("report.illustrative", "zh")
    html = parse(out / "report.html")
    assert mark in html.title
    assert (out / "report.md").read_text(encoding="utf-8").splitlines()[0].endswith(mark)
    files = load_result_files(out)
    for code in files.chosen:
        svg = (out / "gaps" / f"{code}_chain_zh.svg").read_text(encoding="utf-8")
        assert mark in svg
        assert t("report.illustrative", "en") in (out / "gaps" / f"{code}_chain_en.svg").read_text(
            encoding="utf-8"
        )


def test_english_report_has_english_labels_and_sector_names(
    illustrative: tuple[Any, Path], tmp_path: Path
) -> None:
    _, out = illustrative
    paths = write_report(out, lang="en", formats=["html"], out_dir=tmp_path)
    html = parse(paths[0])
    assert html.h2 == [t(f"section.{s}", "en") for s in SECTIONS]
    assert not any(CJK.search(h) for h in html.h2)
    files = load_result_files(out)
    decision = cells(html, "decision")
    for code in files.chosen:
        assert decision[code][t("measure.name", "en")] == files.name(code, "en")
        assert not CJK.search(files.name(code, "en"))
    assert t("report.illustrative", "en") in html.title


# ----- writing: force, atomicity, PDF -------------------------------------------------


def test_existing_report_is_not_overwritten_without_force(illustrative: tuple[Any, Path]) -> None:
    _, out = illustrative
    before = (out / "report.html").read_bytes()
    with pytest.raises(ChainmapError, match="--force"):
        write_report(out, lang="en")
    assert (out / "report.html").read_bytes() == before


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith((".report", "report")))


def test_interrupted_write_leaves_no_partial_file(
    illustrative: tuple[Any, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from openpyxl import Workbook

    _, out = illustrative

    def broken_save(self: Any, filename: Any) -> None:
        Path(filename).write_bytes(b"PK\x03\x04 half a workbook")
        raise RuntimeError("disk full")

    monkeypatch.setattr(Workbook, "save", broken_save)
    with pytest.raises(RuntimeError, match="disk full"):
        write_report(out, formats=["html", "xlsx", "md"], out_dir=tmp_path)
    assert _leftovers(tmp_path) == []  # not even the HTML written before the failure
    # with force, an earlier complete report survives an interrupted rewrite untouched
    before = {name: (out / name).read_bytes() for name in ("report.html", "report.xlsx")}
    with pytest.raises(RuntimeError, match="disk full"):
        write_report(out, formats=["html", "xlsx"], force=True)
    assert {name: (out / name).read_bytes() for name in before} == before
    assert not [p.name for p in out.iterdir() if p.name.startswith(".report")]


def test_pdf_without_chromium_says_so_and_writes_nothing(
    illustrative: tuple[Any, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, out = illustrative
    monkeypatch.setenv("CHAINMAP_CHROMIUM", str(tmp_path / "no-such-browser"))
    with pytest.raises(ChainmapError, match=r"Chromium not found.*apt-get install chromium"):
        write_report(out, formats=["html", "pdf"], out_dir=tmp_path)
    assert _leftovers(tmp_path) == []


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.fixture(scope="module")
def chromium() -> Iterator[str]:
    from chainmap.report.browser import find_chromium

    found = find_chromium()
    if found is None:
        pytest.skip("headless Chromium not installed (make system-deps installs it)")
    yield found


def test_html_opens_in_chromium_without_errors_and_has_content(
    chromium: str, illustrative: tuple[Any, Path], tmp_path: Path
) -> None:
    from chainmap.report.browser import screenshot

    _, out = illustrative
    png = tmp_path / "report.png"
    page = screenshot(out / "report.html", png, width=1200)
    assert page.errors == [] and page.external_requests == []
    assert 4000 < page.height < 30000, page.height  # nine sections, charts, tables
    width, height = _png_size(png)
    assert width == 1200 and height == int(page.height)
    assert png.stat().st_size > 100_000  # not a blank page
    html = parse(out / "report.html")
    for chart in html.charts:  # every chart has drawn elements and text
        assert chart["elements"] >= 10, chart["kind"]
        assert any(tag == "text" for tag, _ in chart["tags"]), chart["kind"]


@pytest.mark.realdata
def test_hangzhou_demo_wrote_a_pdf_when_chromium_exists(hangzhou: Path) -> None:
    from chainmap.report.browser import find_chromium

    pdf = hangzhou / "report.pdf"
    assert pdf.exists() == (find_chromium() is not None)
    if pdf.exists():
        assert pdf.read_bytes()[:5] == b"%PDF-"


# ----- result files the report reads, and the comparison report ----------------------------------


def test_result_folder_has_chain_maps_and_names(illustrative: tuple[Any, Path]) -> None:
    _, out = illustrative
    files = load_result_files(out)
    for code in files.chosen:
        for lang in ("zh", "en"):
            svg = files.chains[(code, lang)]
            assert 'data-class="candidate"' in svg
            assert svg.count("<rect") > 5
    assert set(files.measures.index) <= set(files.sectors.index)
    doc = files.doc
    assert set(doc["report_only_gaps"]) <= set(files.chosen)
    assert set(doc["gap_summaries"]) == set(doc["shortlist"]) | set(doc["report_only_gaps"])


def test_comparison_report_has_table_and_radar(
    illustrative: tuple[Any, Path], tmp_path: Path
) -> None:
    from chainmap.scenario.compare import compare_industries

    result, _ = illustrative
    codes = [str(c) for c in result.criteria.to_frame().index[:4]]
    frame = compare_industries(result, codes)
    frame.attrs["illustrative"] = result.illustrative
    paths = write_comparison_report(frame, tmp_path / "cmp", lang="zh")
    assert [p.name for p in paths] == ["cmp.html", "cmp.xlsx"]
    html = parse(paths[0])
    assert html.title.endswith(t("report.illustrative", "zh"))
    radar = next(c for c in html.charts if c["kind"] == "radar")
    series = [a for tag, a in radar["tags"] if a.get("class") == "series"]
    assert len(series) == len(codes)
    table = html.tables["comparison"]  # candidates as columns, measures as rows
    heads = [f"{c} {frame.at[c, 'name_zh']}" for c in codes]
    assert table["head"][1:] == heads
    shown = {
        row[0]["text"]: {h: c["value"] for h, c in zip(heads, row[1:], strict=True)}
        for row in table["rows"]
        if len(row) > 1  # group headings span the table
    }
    market = t(CRITERION_KEYS["market_size"], "zh")
    for code, head in zip(codes, heads, strict=True):
        assert close(float(shown[t("measure.score", "zh")][head]), float(frame.at[code, "score"]))
        assert close(float(shown[market][head]), float(frame.at[code, "score_market_size"]))
    unit = t("unit.10k_yuan", "zh") if result.city.meta.unit == "万元" else result.city.meta.unit
    assert t("measure.output", "zh", unit=unit) in shown  # headers translated, with units
    assert not [k for k in shown if re.search(r"[a-z]_[a-z]", k)]  # no raw column names
    verdict = paths[0].read_text(encoding="utf-8")
    assert 'class="verdict"' in verdict and "结论" in verdict
    with pytest.raises(ChainmapError, match="--force"):
        write_comparison_report(frame, tmp_path / "cmp", lang="zh")
    assert write_comparison_report(frame, tmp_path / "cmp", lang="en", force=True) == paths


def test_scenario_comparison_is_titled_has_integer_ranks_and_marks_infeasible(
    illustrative: tuple[Any, Path], tmp_path: Path
) -> None:
    from chainmap.scenario.compare import compare_selections

    result, _ = illustrative
    scenario = ROOT / "scenarios" / "illustrative_demo.yaml"
    tight = run_scenario(
        load_scenario(scenario, ["selection.budget=0.5", "robustness.weight_draws=0"])
    )
    frame = compare_selections(result, tight)
    for lang in ("zh", "en"):
        paths = write_comparison_report(frame, tmp_path / f"scen_{lang}", lang=lang)
        html = parse(paths[0])
        title = t("report.scenario_comparison_title", lang)
        assert html.title.startswith(title)
        assert t("report.comparison_title", lang) not in html.title
        assert html.h2 == [title]
        text = paths[0].read_text(encoding="utf-8")
        assert 'data-block="infeasible"' in text  # the banner
        decided = html.tables["scenarios"]
        status = next(r for r in decided["rows"] if r[0]["text"] == t("cmp.row_status", lang))
        assert status[2]["text"].startswith(t("cmp.infeasible", lang, status="")[:3])
        assert not status[1]["text"].startswith(t("cmp.infeasible", lang, status="")[:3])
        table = html.tables["comparison"]
        rank_cols = [
            i for i, h in enumerate(table["head"]) if h.endswith(t("col.score_rank", lang))
        ]
        assert len(rank_cols) == 2
        shown = [r[i]["text"] for r in table["rows"] for i in rank_cols]
        assert all(re.fullmatch(r"\d+|–", v) for v in shown), shown  # integers, not 19.000
        codes = [r[0]["text"] for r in table["rows"]]
        sel = result.selection
        assert set(sel.leading) | set(sel.potential) | set(sel.filled) <= set(codes)
    assert not any(
        CJK.search(h) for h in parse(tmp_path / "scen_en.html").tables["comparison"]["head"]
    )


def test_an_infeasible_scenario_gets_a_report_that_says_so(tmp_path: Path) -> None:
    scenario = ROOT / "scenarios" / "illustrative_demo.yaml"
    result = run_scenario(
        load_scenario(scenario, ["selection.budget=0.5", "robustness.weight_draws=0"])
    )
    out = write_results(result, tmp_path / "r")
    write_report(out, lang="en", formats=["html", "xlsx", "md"])
    html = parse(out / "report.html")
    assert html.sections == SECTIONS
    assert cells(html, "decision") == {}
    text = (out / "report.html").read_text(encoding="utf-8")
    assert t("report.infeasible", "en", message="").rstrip() in text
    assert t("report.robustness_missing", "en") in text
