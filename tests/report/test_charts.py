from __future__ import annotations

import math
import xml.etree.ElementTree as ET

import numpy as np
import pandas as pd
import pytest

from chainmap.report import charts
from chainmap.report.charts import bar_chart, nice_ticks, quadrant_chart, radar_chart, table_html

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert "Noto Sans CJK SC" in root.attrib["font-family"]
    assert "sans-serif" in root.attrib["font-family"]
    return root


def by_class(root: ET.Element, tag: str, cls: str) -> list[ET.Element]:
    return [e for e in root.iter(f"{SVG}{tag}") if cls in e.attrib.get("class", "").split()]


def texts(root: ET.Element) -> list[str]:
    return ["".join(e.itertext()) for e in root.iter(f"{SVG}text")]


def boxes_overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1])


def linkage_frame(n: int = 30, seed: int = 7) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    codes = [f"{i:02d}" for i in range(1, n + 1)]
    return pd.DataFrame(
        {
            "bl": rng.uniform(0.6, 1.4, n),
            "fl_ghosh": rng.uniform(0.5, 1.8, n),
            "output": rng.uniform(1.0, 100.0, n),
            "name": [f"部门{c}号产品" for c in codes],
        },
        index=pd.Index(codes, name="industry"),
    )


def test_quadrant_elements_labels_and_reference_lines() -> None:
    df = linkage_frame()
    chosen = ["03", "11", "27"]
    svg = quadrant_chart(df, highlight=chosen, title="关键部门", x_label="后向", y_label="前向")
    root = parse(svg)
    bubbles = by_class(root, "circle", "bubble")
    assert len(bubbles) == len(df)
    assert sorted(b.attrib["data-code"] for b in by_class(root, "circle", "chosen")) == chosen
    chosen_labels = by_class(root, "text", "chosen")
    assert sorted(e.attrib["data-code"] for e in chosen_labels) == chosen
    assert {"".join(e.itertext()) for e in chosen_labels} == {f"部门{c}号产品" for c in chosen}
    assert {"关键部门", "后向", "前向"} <= set(texts(root))
    # two dashed reference lines, at BL = 1 and FL = 1
    refs = by_class(root, "line", "ref")
    assert len(refs) == 2
    assert refs[0].attrib["x1"] == refs[0].attrib["x2"]
    assert refs[1].attrib["y1"] == refs[1].attrib["y2"]


def test_quadrant_positions_are_linear_in_the_linkages() -> None:
    df = linkage_frame(12)
    labels = {"key": "关键部门", "backward": "后向", "forward": "前向", "weak": "弱"}
    root = parse(quadrant_chart(df, quadrant_labels=labels))
    assert set(labels.values()) <= set(texts(root))
    frame = root.find(f"{SVG}rect")
    assert frame is not None
    left, width = float(frame.attrib["x"]), float(frame.attrib["width"])
    top, height = float(frame.attrib["y"]), float(frame.attrib["height"])
    bubbles = {b.attrib["data-code"]: b for b in by_class(root, "circle", "bubble")}
    ref_x, ref_y = by_class(root, "line", "ref")
    for attr, col, ref, lo, size in (
        ("cx", "bl", float(ref_x.attrib["x1"]), left, width),
        ("cy", "fl_ghosh", float(ref_y.attrib["y1"]), top, height),
    ):
        pix = np.array([float(bubbles[c].attrib[attr]) for c in df.index])
        val = df[col].to_numpy()
        slope, icept = np.polyfit(val, pix, 1)
        assert np.abs(icept + slope * val - pix).max() < 0.1  # linear
        assert icept + slope == pytest.approx(ref, abs=0.1)  # the line sits at 1
        # the data (and 1) fill the plot area but for an 8 % margin on each side
        span = abs(slope) * (max(val.max(), 1) - min(val.min(), 1))
        assert span == pytest.approx(size / 1.16, rel=1e-3)
        assert lo < pix.min() and pix.max() < lo + size
    assert np.polyfit(df["fl_ghosh"], [float(bubbles[c].attrib["cy"]) for c in df.index], 1)[0] < 0


def test_quadrant_bubble_area_proportional_to_output() -> None:
    df = linkage_frame(8)
    root = parse(quadrant_chart(df, max_radius=30.0))
    r = {b.attrib["data-code"]: float(b.attrib["r"]) for b in by_class(root, "circle", "bubble")}
    big = df["output"].idxmax()
    assert r[big] == pytest.approx(30.0)
    for code, out in df["output"].items():
        expected = max(2.0, 30.0 * math.sqrt(out / df["output"].max()))
        assert r[code] == pytest.approx(expected, abs=0.06)  # coordinates printed to 0.1


def label_boxes(root: ET.Element, font_size: float = 11.0) -> list[tuple[float, ...]]:
    out = []
    for e in by_class(root, "text", "label"):
        x, y = float(e.attrib["x"]), float(e.attrib["y"])
        w = charts.text_width("".join(e.itertext()), font_size)
        anchor = e.attrib["text-anchor"]
        x0 = x if anchor == "start" else x - w if anchor == "end" else x - w / 2
        out.append((x0, y - font_size * 0.85, x0 + w, y + font_size * 0.2))
    return out


def test_quadrant_labels_do_not_overlap_each_other() -> None:
    df = linkage_frame(40, seed=3)
    root = parse(quadrant_chart(df, highlight=["01", "02"]))
    boxes = label_boxes(root)
    assert len(boxes) >= 10  # many, but not necessarily all, are labelled
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not boxes_overlap(a, b), (a, b)


def test_crowded_points_leave_others_unlabelled_but_always_label_chosen() -> None:
    n = 12  # all bubbles on one spot: only one plain label fits there
    df = pd.DataFrame(
        {"bl": [1.1] * n, "fl_ghosh": [1.2] * n, "output": [5.0] * n, "name": ["同名"] * n},
        index=[f"c{i}" for i in range(n)],
    )
    root = parse(quadrant_chart(df, highlight=["c5", "c7"]))
    assert {e.attrib["data-code"] for e in by_class(root, "text", "chosen")} == {"c5", "c7"}
    assert len(by_class(root, "text", "label")) < n


def test_escaping_of_markup_characters_in_names() -> None:
    df = linkage_frame(3)
    df["name"] = ["R&D <lab>", 'say "hi"', "a\x01b"]
    svg = quadrant_chart(df, highlight=list(df.index), title="T&C <x>")
    root = parse(svg)
    assert "R&D <lab>" in texts(root)
    assert 'say "hi"' in texts(root)
    assert "T&C <x>" in texts(root)
    assert "a\ufffdb" in texts(root)  # control characters are not XML; shown as U+FFFD


def test_quadrant_rejects_bad_values() -> None:
    df = linkage_frame(3)
    df.loc["02", "bl"] = np.nan
    with pytest.raises(ValueError, match="02"):
        quadrant_chart(df)
    df = linkage_frame(3)
    df.loc["03", "output"] = -1.0
    with pytest.raises(ValueError, match=r"negative bubble size.*03"):
        quadrant_chart(df)


def test_charts_are_deterministic() -> None:
    df = linkage_frame()
    assert quadrant_chart(df, highlight=["05"]) == quadrant_chart(df.copy(), highlight=["05"])


def test_radar_chart_series_points_and_legend() -> None:
    crit = ["带动效应", "经济与产业基础", "产业发展阶段", "市场规模", "政策支持方向"]
    v = pd.DataFrame(
        [[0.2, 0.4, 0.6, 0.8, 1.0], [1.0, 0.0, 0.5, 0.5, 0.25], [0.3] * 5],
        index=["电子<1>", "软件&信息", "电气"],
        columns=crit,
    )
    root = parse(radar_chart(v, title="雷达"))
    series = by_class(root, "polygon", "series")
    assert [s.attrib["data-series"] for s in series] == list(v.index)
    assert all(len(s.attrib["points"].split()) == 5 for s in series)
    assert len(by_class(root, "polygon", "grid")) == 4
    assert len(by_class(root, "line", "axis")) == 5
    assert set(crit) | set(v.index) <= set(texts(root))
    # a value of 0 sits at the centre; the max at the full radius, straight up for axis 0
    pts = [tuple(map(float, p.split(","))) for p in series[1].attrib["points"].split()]
    centre = pts[1]
    top = pts[0]
    assert top[0] == pytest.approx(centre[0], abs=0.1)
    grid_top = by_class(root, "polygon", "grid")[-1].attrib["points"].split()[0]
    assert top == tuple(map(float, grid_top.split(",")))


def test_radar_rejects_out_of_range_and_too_few_axes() -> None:
    with pytest.raises(ValueError, match=r"1\.5 for a / y"):
        radar_chart(pd.DataFrame([[0.1, 1.5, 0.2]], index=["a"], columns=["x", "y", "z"]))
    with pytest.raises(ValueError, match="at least 3 axes"):
        radar_chart(pd.DataFrame([[0.1, 0.5]], index=["a"], columns=["x", "y"]))


def test_bar_chart_lengths_totals_and_stacking() -> None:
    s = pd.Series([80.0, 40.0, 20.0], index=["甲", "乙", "丙"])
    root = parse(bar_chart(s, value_label="入选频率（%）"))
    bars = by_class(root, "rect", "bar")
    widths = [float(b.attrib["width"]) for b in bars]
    assert widths[0] / widths[1] == pytest.approx(2.0, rel=0.01)
    assert widths[1] / widths[2] == pytest.approx(2.0, rel=0.01)
    assert [e.text for e in by_class(root, "text", "value")] == ["80.0", "40.0", "20.0"]
    assert {"甲", "乙", "丙", "入选频率（%）"} <= set(texts(root))

    df = pd.DataFrame({"a": [1.0, 2.0], "b": [0.5, -1.0]}, index=["x", "y"])
    root = parse(bar_chart(df, decimals=2))
    assert len(by_class(root, "rect", "bar")) == 4
    assert len(by_class(root, "rect", "legend-key")) == 2
    assert [e.text for e in by_class(root, "text", "value")] == ["1.50", "1.00"]
    # the negative part starts left of the zero line and ends on it
    neg = by_class(root, "rect", "bar")[3]
    zero_x = float(by_class(root, "rect", "bar")[2].attrib["x"])
    assert float(neg.attrib["x"]) + float(neg.attrib["width"]) == pytest.approx(zero_x, abs=0.1)


def test_long_bar_labels_are_shortened_with_full_name_in_tooltip() -> None:
    name = "公共管理、社会保障和社会组织" * 3
    root = parse(bar_chart(pd.Series([1.0], index=[name])))
    shown = by_class(root, "text", "bar-label")[0].text or ""
    assert shown.endswith("…") and len(shown) < len(name)
    assert name in "".join(by_class(root, "rect", "bar")[0].itertext())


def test_table_html_escapes_and_keeps_exact_values() -> None:
    df = pd.DataFrame(
        {"name": ["R&D <x>", "电子"], "score": [0.123456789, np.nan], "n": [1234567, 2]},
        index=pd.Index(["a", "b"], name="code"),
    )
    html = table_html(df, caption="得分 & 排名", decimals={"score": 3})
    root = ET.fromstring(html)
    assert root.find("caption").text == "得分 & 排名"  # type: ignore[union-attr]
    heads = [th.text for th in root.iter("th")][:4]
    assert heads == ["code", "name", "score", "n"]
    cells = list(root.iter("td"))
    assert cells[0].text == "R&D <x>"
    assert cells[1].text == "0.123"
    assert float(cells[1].attrib["data-value"]) == 0.123456789
    assert cells[2].text == "1,234,567"
    assert cells[4].text == "–"
    assert "num" in cells[1].attrib["class"]


def test_nice_ticks_cover_range_with_round_steps() -> None:
    for lo, hi in [(0.0, 1.0), (0.37, 2.91), (-3.0, 12.5), (0.0, 0.004)]:
        ticks = nice_ticks(lo, hi)
        steps = np.diff(ticks)
        assert np.allclose(steps, steps[0])
        assert ticks[0] >= lo - 1e-12 and ticks[-1] <= hi + 1e-12
        assert 3 <= len(ticks) <= 11
