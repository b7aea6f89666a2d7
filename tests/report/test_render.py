from __future__ import annotations

import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from chainmap.errors import ChainmapError
from chainmap.i18n import t
from chainmap.io.illustrative import build_illustrative_table
from chainmap.report import browser, render
from chainmap.report.charts import bar_chart, esc, quadrant_chart, radar_chart, table_html
from chainmap.report.render import (
    Section,
    check_self_contained,
    write_html,
    write_markdown,
    write_xlsx,
)


@pytest.fixture(scope="module")
def chromium() -> str:
    """The Chromium binary; installed from Debian when missing and running as root."""
    try:
        return render.ensure_chromium()
    except ChainmapError as err:
        if os.geteuid() == 0 and shutil.which("apt-get"):
            env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
            cmd = "apt-get update -qq && apt-get install -y -qq chromium fonts-noto-cjk"
            subprocess.run(["sh", "-c", cmd], check=False, env=env, capture_output=True)
            if browser.find_chromium():
                return render.ensure_chromium()
        pytest.fail(f"{err} (tried apt-get install as root: {os.geteuid() == 0})")


def sample_sections(lang: str = "zh") -> list[Section]:
    table = build_illustrative_table()
    bl = table.l.sum(axis=0)
    fl = table.g.sum(axis=1)
    df = pd.DataFrame(
        {
            "bl": bl / bl.mean(),
            "fl_ghosh": fl / fl.mean(),
            "output": table.x,
            "name": [table.label(c, lang) for c in table.codes],
        },
        index=table.codes,
    )
    chosen = ["20", "19", "31"]
    quadrant = quadrant_chart(
        df,
        highlight=chosen,
        title=t("section.quadrant", lang),
        x_label=t("chart.bl_axis", lang),
        y_label=t("chart.fl_axis", lang),
        size_note=t("chart.bubble_note", lang),
        quadrant_labels={
            k: t(f"key_class.{k}", lang) for k in ("key", "backward", "forward", "weak")
        },
    )
    crit = [
        t(f"criterion.{k}", lang) for k in ("driving_effect", "base", "stage", "market", "policy")
    ]
    rng = np.random.default_rng(0)
    radar = radar_chart(
        pd.DataFrame(rng.uniform(0, 1, (3, 5)), index=df.loc[chosen, "name"], columns=crit),
        title=t("chart.radar_title", lang),
    )
    bars = bar_chart(
        pd.Series([96.0, 71.5, 40.0], index=df.loc[chosen, "name"]),
        title=t("chart.frequency_title", lang),
        value_label=t("measure.selection_frequency", lang),
    )
    top = df.loc[chosen, ["name", "bl", "fl_ghosh"]]
    return [
        Section("summary", t("section.summary", lang), f"<p>{esc('电子 & 软件 <首选>')}</p>"),
        Section("quadrant", t("section.quadrant", lang), f"<figure>{quadrant}</figure>"),
        Section("comparison", t("section.comparison", lang), radar + table_html(top)),
        Section("robustness", t("section.robustness", lang), bars),
    ]


# ----- HTML ------------------------------------------------------------------------------
def test_html_is_one_self_contained_file(tmp_path: Path) -> None:
    path = write_html(tmp_path / "r.html", "报告 <A&B>", sample_sections(), "zh", banner="示例数据")
    html = path.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="zh-CN">' in html
    assert '<meta charset="utf-8">' in html
    assert "<title>报告 &lt;A&amp;B&gt;</title>" in html
    assert "@media print" in html and "@page" in html
    for key in ("summary", "quadrant", "comparison", "robustness"):
        assert f'<section id="{key}">' in html and f'href="#{key}"' in html
    assert html.count("<svg ") == 3
    for needle in ("<script", "<link", "http://", "https://", "@import", "<img"):
        assert needle not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    # the inline SVG is well-formed XML inside the page
    for chunk in html.split("<svg ")[1:]:
        ET.fromstring("<svg " + chunk.split("</svg>")[0] + "</svg>")


def test_html_english_and_duplicate_sections(tmp_path: Path) -> None:
    html = write_html(tmp_path / "e.html", "Report", sample_sections("en"), "en").read_text()
    assert '<html lang="en">' in html and ">Contents<" in html
    assert "Manufacture of communication equipment" in html
    with pytest.raises(ValueError, match="duplicate section keys"):
        write_html(tmp_path / "d.html", "R", [Section("a", "A", ""), Section("a", "B", "")])


@pytest.mark.parametrize(
    "markup",
    [
        "<script>alert(1)</script>",
        '<link rel="stylesheet" href="x.css">',
        '<img src="https://example.org/a.png">',
        '<img src="local.png">',
        '<div style="background: url(http://x/y.png)"></div>',
        "<style>@import 'x.css';</style>",
    ],
)
def test_markup_that_loads_anything_is_refused(markup: str, tmp_path: Path) -> None:
    with pytest.raises(ChainmapError, match="not self-contained"):
        write_html(tmp_path / "x.html", "R", [Section("s", "S", markup)])
    assert not (tmp_path / "x.html").exists()


def test_plain_links_and_data_urls_are_allowed() -> None:
    check_self_contained('<a href="#notes">n</a> <a href="report.xlsx">x</a>')
    check_self_contained('<img src="data:image/png;base64,AAAA">')


def test_existing_report_is_not_overwritten_without_force(tmp_path: Path) -> None:
    target = tmp_path / "r.html"
    write_html(target, "first", [Section("s", "S", "<p>1</p>")])
    with pytest.raises(ChainmapError, match="exists"):
        write_html(target, "second", [Section("s", "S", "<p>2</p>")])
    assert "first" in target.read_text()
    write_html(target, "second", [Section("s", "S", "<p>2</p>")], force=True)
    assert "second" in target.read_text()


# ----- XLSX --------------------------------------------------------------------------------
def frames() -> dict[str, pd.DataFrame]:
    scores = pd.DataFrame(
        {"name": ["电子", "软件"], "output": [1234.5, 99.0], "share": [0.61, np.nan]},
        index=pd.Index(["20", "31"], name="code"),
    )
    scores.attrs.update(title="部门得分", unit={"output": "万元", "share": "%"})
    freq = pd.DataFrame({"frequency": [96.0, 71.5]}, index=pd.Index(["20", "31"], name="code"))
    freq.attrs.update(title="入选频率", unit="%")
    return {
        "scores/criteria: a very long sheet name indeed": scores,
        "scores\\criteria: a very long sheet name indeed!": freq,
        "plain": pd.DataFrame({"n": [1, 2]}),
    }


def test_xlsx_round_trip(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "r.xlsx", frames())
    wb = openpyxl.load_workbook(path)
    names = wb.sheetnames
    assert len(names) == 3 and len({n.lower() for n in names}) == 3
    assert all(len(n) <= 31 and not set("[]:*?/\\") & set(n) for n in names)
    ws = wb[names[0]]
    assert ws["A1"].value == "部门得分"
    assert [c.value for c in ws[2]] == ["code", "name", "output [万元]", "share [%]"]
    assert ws.freeze_panes == "B3"
    assert ws["A3"].value == "20" and ws["B3"].value == "电子"
    assert ws["C3"].value == 1234.5 and ws["C3"].data_type == "n"
    assert ws["D3"].value == 0.61 and ws["D4"].value is None  # NaN -> empty cell
    ws2 = wb[names[1]]
    assert [c.value for c in ws2[2]] == ["code", "frequency [%]"]
    assert ws2["B4"].value == 71.5
    ws3 = wb["plain"]
    assert [c.value for c in ws3[3]] == [0, 1] and isinstance(ws3["B3"].value, int)


def test_sheet_names_are_valid_and_unique() -> None:
    names = render.sheet_names(["a" * 40, "a" * 40, "A" * 35, "x[1]:y", ""])
    assert names[0] == "a" * 31
    assert names[1] == "a" * 29 + "~2" and names[2] == "A" * 29 + "~3"
    assert names[3] == "x_1__y" and names[4] == "Sheet"


def test_interrupted_write_leaves_no_partial_file(tmp_path: Path) -> None:
    bad = frames()
    bad["broken"] = pd.DataFrame({"x": [1.0, [1, 2]]})  # a list cannot go into a cell
    target = tmp_path / "r.xlsx"
    with pytest.raises(TypeError, match="cannot write a list"):
        write_xlsx(target, bad)
    assert list(tmp_path.iterdir()) == []  # neither the target nor a temporary file
    # an existing report survives a failed forced rewrite unchanged
    write_xlsx(target, frames())
    before = target.read_bytes()
    with pytest.raises(TypeError):
        write_xlsx(target, bad, force=True)
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["r.xlsx"]


# ----- Markdown ----------------------------------------------------------------------------
def test_markdown_document(tmp_path: Path) -> None:
    df = frames()["scores/criteria: a very long sheet name indeed"]
    df2 = pd.DataFrame({"a|b": ["x|y"]}, index=["r"])
    text = write_markdown(tmp_path / "r.md", "摘要", ["选定：电子", df, df2]).read_text()
    lines = text.splitlines()
    assert lines[0] == "# 摘要"
    assert "**部门得分**" in lines
    assert "| code | name | output | share |" in lines
    assert "| 20 | 电子 | 1,234.500 | 0.610 |" in lines
    assert "| 31 | 软件 | 99.000 | – |" in lines
    assert "|  | a\\|b |" in lines and "| r | x\\|y |" in lines
    with pytest.raises(ChainmapError, match="exists"):
        write_markdown(tmp_path / "r.md", "again", [])


# ----- headless Chromium -------------------------------------------------------------------
def test_page_opens_without_errors_and_screenshot_has_content(
    chromium: str, tmp_path: Path
) -> None:
    html = write_html(tmp_path / "r.html", "主导产业报告", sample_sections(), "zh")
    png = tmp_path / "r.png"
    report = render.screenshot(html, png, 1100)  # one browser run: load report + picture
    assert report.errors == [] and report.external_requests == []  # what console_errors lists
    assert report.height > 1500  # title, quadrant, radar, table and bars laid out
    import matplotlib.image as mpimg

    pixels = mpimg.imread(png)
    assert pixels.shape[1] == 1100 and pixels.shape[0] == pytest.approx(report.height, abs=1)
    assert png.stat().st_size > 50_000
    assert float(pixels[..., :3].std()) > 0.05  # not blank
    assert (pixels[..., :3].mean(axis=2) < 0.5).mean() > 0.005  # dark text and marks


def test_console_errors_are_reported(chromium: str, tmp_path: Path) -> None:
    page = tmp_path / "bad.html"
    page.write_text(
        '<!DOCTYPE html><html><body><img src="missing.png">'
        "<script>console.error('boom'); console.log('harmless-marker'); nope();</script>"
        "</body></html>"
    )
    errors = render.console_errors(page)
    assert any("console.error: boom" in e for e in errors)
    assert any("nope is not defined" in e for e in errors)
    assert any("missing.png" in e for e in errors)
    assert not any("harmless-marker" in e for e in errors), errors


def test_pdf_is_printed(chromium: str, tmp_path: Path) -> None:
    bars = bar_chart(pd.Series([3.0, 1.0], index=["电子", "软件"]))
    html = write_html(tmp_path / "r.html", "报告", [Section("s", "摘要", bars)], "zh")
    pdf = render.html_to_pdf(html, tmp_path / "r.pdf")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    assert b"/Type /Font" in data and b"/ToUnicode" in data  # text kept as (searchable) text
    assert len(data) > 5_000
    with pytest.raises(ChainmapError, match="exists"):
        render.html_to_pdf(html, pdf)


def test_missing_chromium_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHAINMAP_CHROMIUM", "/nonexistent/chromium")
    with pytest.raises(ChainmapError, match="apt-get install chromium fonts-noto-cjk"):
        render.ensure_chromium()


def test_unstartable_chromium_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    fake = tmp_path / "chromium"
    fake.write_text("not a program")  # a file, but not executable
    page = write_html(tmp_path / "r.html", "R", [Section("s", "S", "<p>x</p>")])
    monkeypatch.setenv("CHAINMAP_CHROMIUM", str(fake))
    with pytest.raises(ChainmapError, match="cannot start headless Chromium"):
        render.html_to_pdf(page, tmp_path / "r.pdf")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["chromium", "r.html"]
