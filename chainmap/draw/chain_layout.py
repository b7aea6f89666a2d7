"""Layout of a chain-map drawing: upstream on the left, the candidate in the middle,
downstream right.

Both renderers (:mod:`chainmap.draw.chain_drawing`: SVG by hand, PNG through matplotlib)
draw the same :class:`ChainLayout`: node boxes placed in columns by tier, column headers,
edges (:func:`edge_shapes`), box text rows and legend rows, all in pixels with y growing
downward.

Node colours come from classes: by default the chain position (upstream, candidate,
midstream peer, downstream); callers such as the gap diagnosis pass their own
``node_class`` mapping (code → class key) and ``classes`` (key → :class:`NodeClass`
with colours and bilingual legend labels), e.g. 断点/弱点/堵点 or 补链/强链/延链.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from chainmap.errors import InputDataError
from chainmap.graph.chain import ChainMap
from chainmap.i18n import t

#: Label languages: Chinese, English, or both (Chinese line first).
DRAWING_LANGUAGES: tuple[str, ...] = ("zh", "en", "both")
#: Fonts tried for Chinese, most preferred first (SVG lists them for the browser).
CJK_FONT_NAMES: tuple[str, ...] = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Noto Sans SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Microsoft YaHei",
    "PingFang SC",
    "SimHei",
    "Noto Serif CJK SC",
    "AR PL UMing CN",
    "Droid Sans Fallback",
)
# Drawing-specific labels (zh, en); shared phrases come from chainmap.i18n.
_LABELS: dict[str, tuple[str, str]] = {
    "candidate": ("候选产业", "Candidate"),
    "peer": ("中游关联产业", "Midstream peer"),
    "tier": ("第{n}层", "tier {n}"),
    "legend": ("图例", "Legend"),
    "no_cjk_font": (
        "未找到中文字体，PNG 标签改用英文（可安装 fonts-noto-cjk）",
        "no CJK font found: PNG labels are in English (install fonts-noto-cjk)",
    ),
}


def drawing_label(key: str, lang: str, **values: object) -> str:
    """A drawing-specific label in ``lang`` ("en" or Chinese otherwise), formatted."""
    zh, en = _LABELS[key]
    text = en if lang == "en" else zh
    return text.format(**values) if values else text


@dataclass(frozen=True)
class NodeClass:
    """Style and legend entry of a class of nodes."""

    fill: str
    stroke: str
    label_zh: str
    label_en: str

    def label(self, lang: str) -> str:
        """Legend label in ``lang`` ("both" joins the two)."""
        if lang == "both":
            return f"{self.label_zh} {self.label_en}"
        return self.label_en if lang == "en" else self.label_zh


def default_classes() -> dict[str, NodeClass]:
    """Classes by chain position (keys: upstream, candidate, midstream, downstream)."""
    return {
        "upstream": NodeClass(
            "#dbe7f3", "#4e79a7", t("position.upstream", "zh"), t("position.upstream", "en")
        ),
        "candidate": NodeClass("#fde3c8", "#e8741a", *_LABELS["candidate"]),
        "midstream": NodeClass("#f1ece4", "#9c8f7f", *_LABELS["peer"]),
        "downstream": NodeClass(
            "#dcefd9", "#59a14f", t("position.downstream", "zh"), t("position.downstream", "en")
        ),
    }


def default_node_classes(chain: ChainMap) -> dict[str, str]:
    """code → default class key (its position; the candidate has its own class)."""
    return {
        str(code): "candidate" if bool(row["is_candidate"]) else str(row["position"])
        for code, row in chain.nodes.iterrows()
    }


@dataclass(frozen=True)
class NodeBox:
    """A laid-out node: top-left corner, size, text lines and class key."""

    code: str
    x: float
    y: float
    width: float
    height: float
    lines: tuple[str, ...]
    detail: str
    cls: str


@dataclass(frozen=True)
class ChainLayout:
    """Positions of every node and column header, in pixels (y grows downward)."""

    boxes: dict[str, NodeBox]
    headers: tuple[tuple[float, str], ...]
    width: float
    height: float
    title: str
    legend: tuple[tuple[str, NodeClass], ...]


BOX_WIDTH = 190.0
COLUMN_GAP = 70.0
ROW_GAP = 16.0
LINE_HEIGHT = 16.0
MARGIN = 24.0
TOP = 74.0


def _name_lines(zh: str, en: str, lang: str) -> tuple[str, ...]:
    """Wrapped name lines of a box: at most two Chinese, two English."""
    lines: list[str] = []
    if lang in ("zh", "both"):
        lines += textwrap.wrap(zh, 11, break_long_words=True)[:2] or [zh]
    if lang in ("en", "both"):
        wrapped = textwrap.wrap(en, 26)
        if len(wrapped) > 2:
            wrapped = [wrapped[0], textwrap.shorten(" ".join(wrapped[1:]), 26, placeholder="…")]
        lines += wrapped or [en]
    return tuple(lines)


def _detail(row: pd.Series) -> str:
    """The small figures line of a box (coefficients by position, upstreamness)."""
    u = f"U {float(row['upstreamness']):.2f}"
    if row["is_candidate"]:
        return u
    if row["position"] == "downstream":
        return f"g {float(row['ghosh']):.3f} · b {float(row['allocation']):.3f} · {u}"
    return f"l {float(row['total_requirement']):.3f} · a {float(row['direct_need']):.3f} · {u}"


def layout_chain(
    chain: ChainMap,
    *,
    lang: str = "zh",
    node_class: Mapping[str, str] | None = None,
    classes: Mapping[str, NodeClass] | None = None,
    title: str | None = None,
) -> ChainLayout:
    """Place nodes in columns by tier (left = most upstream) and rank within the tier.

    Raises
    ------
    InputDataError
        Unknown language, or a node class without a style in ``classes``.
    """
    if lang not in DRAWING_LANGUAGES:
        msg = f"unsupported drawing language {lang!r}; choose one of {DRAWING_LANGUAGES}"
        raise InputDataError(msg)
    styles = {**default_classes(), **(classes or {})}
    assigned = {**default_node_classes(chain), **{str(k): v for k, v in (node_class or {}).items()}}
    unknown = sorted({v for v in assigned.values() if v not in styles})
    if unknown:
        msg = f"node classes {unknown} have no style; pass them in `classes`"
        raise InputDataError(msg)
    columns = chain.columns
    boxes: dict[str, NodeBox] = {}
    heights: dict[int, float] = {}
    text_lang = "zh" if lang == "both" else lang
    for column in columns:
        members = chain.nodes[chain.nodes["tier"] == column]
        members = members.sort_values(["is_candidate", "rank_in_tier"], ascending=[False, True])
        y = TOP
        for code, row in members.iterrows():
            lines = _name_lines(str(row["name_zh"]), str(row["name_en"]), lang)
            height = 12.0 + LINE_HEIGHT * (len(lines) + 1)
            x = MARGIN + columns.index(column) * (BOX_WIDTH + COLUMN_GAP)
            boxes[str(code)] = NodeBox(
                str(code), x, y, BOX_WIDTH, height, lines, _detail(row), assigned[str(code)]
            )
            y += height + ROW_GAP
        heights[column] = y - TOP
    tallest = max(heights.values(), default=0.0)
    for column in columns:  # centre each column vertically
        shift = (tallest - heights[column]) / 2
        for code in chain.nodes.index[chain.nodes["tier"] == column]:
            box = boxes[str(code)]
            boxes[str(code)] = NodeBox(
                box.code,
                box.x,
                box.y + shift,
                box.width,
                box.height,
                box.lines,
                box.detail,
                box.cls,
            )
    headers = []
    for column in columns:
        x = MARGIN + columns.index(column) * (BOX_WIDTH + COLUMN_GAP) + BOX_WIDTH / 2
        position = "upstream" if column < 0 else "downstream" if column > 0 else "midstream"
        text = t(f"position.{position}", text_lang)
        if column:
            text += " · " + drawing_label("tier", text_lang, n=abs(column))
        headers.append((x, text))
    used = list(dict.fromkeys(assigned[str(c)] for c in chain.nodes.index))
    legend = tuple((key, styles[key]) for key in styles if key in used)
    width = MARGIN * 2 + len(columns) * BOX_WIDTH + (len(columns) - 1) * COLUMN_GAP
    height = TOP + tallest + 40.0 + 22.0 * len(legend)
    if title is None:
        cand = chain.nodes.loc[chain.candidate]
        name = str(cand["name_en"] if text_lang == "en" else cand["name_zh"])
        title = f"{name} · {t('section.chain_map', text_lang)}"
    return ChainLayout(boxes, tuple(headers), max(width, 420.0), height, title, legend)


def edge_path(src: NodeBox, dst: NodeBox) -> tuple[tuple[float, float], ...]:
    """Four Bézier control points from src to dst (side arc within one column)."""
    if abs(src.x - dst.x) < 1e-9:
        x0 = src.x + src.width
        y0, y1 = src.y + src.height / 2, dst.y + dst.height / 2
        bulge = 30.0 + abs(y1 - y0) * 0.15
        return ((x0, y0), (x0 + bulge, y0), (x0 + bulge, y1), (x0, y1))
    x0, y0 = src.x + src.width, src.y + src.height / 2
    x1, y1 = dst.x, dst.y + dst.height / 2
    mid = (x0 + x1) / 2
    return ((x0, y0), (mid, y0), (mid, y1), (x1, y1))


def edge_width(a: float, a_max: float) -> float:
    """Stroke width of an edge, in pixels: 0.8 plus up to 4.2 by its share of the largest a."""
    return 0.8 + 4.2 * (a / a_max if a_max > 0 else 0.0)


#: Two classes that were two near-identical greys (次要环节 #ececec, 下游本地已有 #f3f3f3):
#: the present downstream buyers are teal (the caption's 青), the minor links pale grey with a
#: dashed border, so they differ in hue, in lightness (greyscale luminance ≈ 205 vs 245) and
#: in outline.
DISTINCT_STYLES: dict[str, tuple[str, str]] = {
    "buyer": ("#a9dcd5", "#1b7f79"),
    "minor": ("#f5f5f5", "#8a8a8a"),
}
#: Classes drawn with a dashed outline (node and legend swatch).
DASHED: frozenset[str] = frozenset({"minor"})


def distinguishable(classes: Mapping[str, NodeClass]) -> dict[str, NodeClass]:
    """``classes`` with :data:`DISTINCT_STYLES` applied to the keys present."""
    out = dict(classes)
    for key, (fill, stroke) in DISTINCT_STYLES.items():
        if key in out:
            out[key] = NodeClass(fill, stroke, out[key].label_zh, out[key].label_en)
    return out


@dataclass(frozen=True)
class EdgeShape:
    """A laid-out link: four Bézier control points, width in pixels and its figures."""

    source: str
    target: str
    points: tuple[tuple[float, float], ...]
    primary: bool
    width: float
    a: float
    l: float  # the Leontief coefficient keeps its textbook letter
    z: float


def edge_shapes(chain: ChainMap, lay: ChainLayout) -> tuple[EdgeShape, ...]:
    """Every link of the chain laid out between its boxes, widths scaled to the largest a."""
    a_max = float(chain.links["a"].max()) if len(chain.links) else 0.0
    return tuple(
        EdgeShape(
            link["source"],
            link["target"],
            edge_path(lay.boxes[link["source"]], lay.boxes[link["target"]]),
            bool(link["primary"]),
            edge_width(float(link["a"]), a_max),
            float(link["a"]),
            float(link["l"]),
            float(link["z"]),
        )
        for link in chain.links.to_dict("records")
    )


def edge_colour(edge: EdgeShape) -> tuple[str, float]:
    """(colour, opacity): primary links dark, the others light grey."""
    return ("#555555", 0.85) if edge.primary else ("#9a9a9a", 0.45)


def box_text_rows(box: NodeBox) -> tuple[tuple[float, str], ...]:
    """(baseline y, text) of each name line of a box, then of its code · detail line."""
    rows = []
    y = box.y + 6 + LINE_HEIGHT - 3
    for line in box.lines:
        rows.append((y, line))
        y += LINE_HEIGHT
    rows.append((y, f"{box.code} · {box.detail}"))
    return tuple(rows)


def legend_rows(lay: ChainLayout) -> tuple[float, tuple[tuple[float, str, NodeClass], ...]]:
    """Baseline y of the legend title, and (y, class key, style) of each entry."""
    y = lay.height - 22.0 * len(lay.legend) - 14
    title_y = y
    rows = []
    for key, style in lay.legend:
        y += 20
        rows.append((y, key, style))
    return title_y, tuple(rows)


def prepared_layout(
    chain: ChainMap,
    *,
    lang: str,
    node_class: Mapping[str, str] | None,
    classes: Mapping[str, NodeClass] | None,
    title: str | None,
) -> ChainLayout:
    """:func:`layout_chain` with caller classes made :func:`distinguishable` (both renderers)."""
    if classes is not None:
        classes = distinguishable(classes)
    return layout_chain(chain, lang=lang, node_class=node_class, classes=classes, title=title)
