"""Chain-map drawings: upstream on the left, the candidate in the middle, downstream right.

Two renderers share one layout (:func:`layout_chain`):

* SVG, written by hand. Labels stay ``<text>`` elements in UTF-8, so any browser
  renders the Chinese names with its own fonts and the text remains searchable.
* PNG through matplotlib (Agg, no pyplot state). Chinese needs a CJK font; the
  first one matplotlib knows (Noto Sans CJK, Source Han Sans, WenQuanYi, ...) is
  used. Without one, labels fall back to English and the result carries a note
  saying so (no warning is raised).

Node colours come from classes: by default the chain position (upstream, candidate,
midstream peer, downstream); callers such as the gap diagnosis pass their own
``node_class`` mapping (code → class key) and ``classes`` (key → :class:`NodeClass`
with colours and bilingual legend labels), e.g. 断点/弱点/堵点 or 补链/强链/延链.
"""

from __future__ import annotations

import dataclasses
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

import pandas as pd

from chainmap.errors import InputDataError
from chainmap.graph.chain import ChainMap
from chainmap.i18n import t
from chainmap.io.atomic import write_text_atomic, write_with

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
_SVG_FONTS = ", ".join(f"'{name}'" for name in CJK_FONT_NAMES) + ", sans-serif"

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


def _label(key: str, lang: str, **values: object) -> str:
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
            text += " · " + _label("tier", text_lang, n=abs(column))
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


def _edge_path(src: NodeBox, dst: NodeBox) -> tuple[tuple[float, float], ...]:
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


def _edge_width(a: float, a_max: float) -> float:
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


def _dash(key: str) -> str:
    return ' stroke-dasharray="4 3"' if key in DASHED else ""


def render_chain_svg(
    chain: ChainMap,
    *,
    lang: str = "zh",
    node_class: Mapping[str, str] | None = None,
    classes: Mapping[str, NodeClass] | None = None,
    title: str | None = None,
) -> str:
    """SVG text of a chain map (UTF-8; labels as ``<text>``). See :func:`layout_chain`."""
    if classes is not None:
        classes = distinguishable(classes)
    lay = layout_chain(chain, lang=lang, node_class=node_class, classes=classes, title=title)
    styles = dict(lay.legend)
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{lay.width:.0f}" '
        f'height="{lay.height:.0f}" viewBox="0 0 {lay.width:.0f} {lay.height:.0f}" '
        f'font-family="{escape(_SVG_FONTS)}">',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" '
        'markerWidth="9" markerHeight="9" markerUnits="userSpaceOnUse" '
        'orient="auto-start-reverse">'
        '<path d="M 0 0 L 10 5 L 0 10 z" fill="#555"/></marker></defs>',
        '<rect width="100%" height="100%" fill="#ffffff"/>',
        f'<text x="{MARGIN}" y="30" font-size="18" font-weight="bold">{escape(lay.title)}</text>',
    ]
    for x, text in lay.headers:
        out.append(
            f'<text x="{x:.1f}" y="{TOP - 14:.1f}" font-size="13" fill="#444" '
            f'text-anchor="middle">{escape(text)}</text>'
        )
    a_max = float(chain.links["a"].max()) if len(chain.links) else 0.0
    for link in chain.links.to_dict("records"):
        (x0, y0), (c1x, c1y), (c2x, c2y), (x1, y1) = _edge_path(
            lay.boxes[link["source"]], lay.boxes[link["target"]]
        )
        colour, opacity = ("#555555", 0.85) if link["primary"] else ("#9a9a9a", 0.45)
        out.append(
            f'<path d="M {x0:.1f} {y0:.1f} C {c1x:.1f} {c1y:.1f}, {c2x:.1f} {c2y:.1f}, '
            f'{x1:.1f} {y1:.1f}" fill="none" stroke="{colour}" stroke-opacity="{opacity}" '
            f'stroke-width="{_edge_width(float(link["a"]), a_max):.2f}" '
            f'marker-end="url(#arrow)"><title>{escape(link["source"])} → '
            f"{escape(link['target'])}: a={float(link['a']):.4f}, l={float(link['l']):.4f}, "
            f"z={float(link['z']):.4g}</title></path>"
        )
    for box in lay.boxes.values():
        style = styles[box.cls]
        width = 2.5 if box.code == chain.candidate else 1.2
        out.append(
            f'<g><rect x="{box.x:.1f}" y="{box.y:.1f}" width="{box.width:.1f}" '
            f'height="{box.height:.1f}" rx="6" fill="{style.fill}" stroke="{style.stroke}" '
            f'stroke-width="{width}"{_dash(box.cls)}/>'
        )
        y = box.y + 6 + LINE_HEIGHT - 3
        for line in box.lines:
            out.append(
                f'<text x="{box.x + 8:.1f}" y="{y:.1f}" font-size="13">{escape(line)}</text>'
            )
            y += LINE_HEIGHT
        out.append(
            f'<text x="{box.x + 8:.1f}" y="{y:.1f}" font-size="10.5" fill="#555">'
            f"{escape(box.code)} · {escape(box.detail)}</text></g>"
        )
    text_lang = "zh" if lang == "both" else lang
    y = lay.height - 22.0 * len(lay.legend) - 14
    out.append(
        f'<text x="{MARGIN}" y="{y:.1f}" font-size="12" font-weight="bold">'
        f"{escape(_label('legend', text_lang))}</text>"
    )
    for key, style in lay.legend:
        y += 20
        out.append(
            f'<rect x="{MARGIN}" y="{y - 11:.1f}" width="14" height="14" rx="3" '
            f'fill="{style.fill}" stroke="{style.stroke}"{_dash(key)} data-class="{escape(key)}"/>'
            f'<text x="{MARGIN + 20}" y="{y:.1f}" font-size="12">'
            f"{escape(style.label(lang))}</text>"
        )
    out.append("</svg>")
    return "\n".join(out) + "\n"


def write_chain_svg(
    chain: ChainMap,
    path: str | Path,
    *,
    lang: str = "zh",
    node_class: Mapping[str, str] | None = None,
    classes: Mapping[str, NodeClass] | None = None,
    title: str | None = None,
    overwrite: bool = True,
) -> Path:
    """Write :func:`render_chain_svg` to ``path`` atomically."""
    svg = render_chain_svg(chain, lang=lang, node_class=node_class, classes=classes, title=title)
    return write_text_atomic(path, svg, overwrite=overwrite)


@lru_cache(maxsize=1)
def find_cjk_font() -> str | None:
    """Family name of an installed font with Chinese glyphs that matplotlib knows, or None."""
    from matplotlib import font_manager

    known = {f.name for f in font_manager.fontManager.ttflist}
    return next((name for name in CJK_FONT_NAMES if name in known), None)


@dataclass(frozen=True)
class PngResult:
    """A written PNG, the font family used and a note when labels had to fall back."""

    path: Path
    font: str
    note: str


def write_chain_png(
    chain: ChainMap,
    path: str | Path,
    *,
    lang: str = "zh",
    node_class: Mapping[str, str] | None = None,
    classes: Mapping[str, NodeClass] | None = None,
    title: str | None = None,
    dpi: int = 150,
    overwrite: bool = True,
) -> PngResult:
    """Render the chain map with matplotlib to a PNG file, atomically.

    Uses :func:`find_cjk_font`; without a CJK font the labels are drawn in English
    and ``note`` explains why (nothing is printed or warned).
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch
    from matplotlib.path import Path as MplPath

    font = find_cjk_font()
    note = ""
    if font is None and lang in ("zh", "both"):
        lang, note, title = "en", _label("no_cjk_font", "en"), None
    if font is None:
        # without a CJK font, a name with no ASCII spelling is drawn as its code
        english = chain.nodes["name_en"].astype(str)
        ascii_names = english.where(english.map(str.isascii), chain.nodes.index.to_series())
        chain = dataclasses.replace(chain, nodes=chain.nodes.assign(name_en=ascii_names))
    family = font if font is not None else "DejaVu Sans"
    if classes is not None:
        classes = distinguishable(classes)
    lay = layout_chain(chain, lang=lang, node_class=node_class, classes=classes, title=title)
    styles = dict(lay.legend)
    fig = Figure(figsize=(lay.width / 100, lay.height / 100), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, lay.width)
    ax.set_ylim(lay.height, 0)
    ax.set_axis_off()
    text = {"family": family, "va": "baseline"}
    ax.text(MARGIN, 30, lay.title, fontsize=13, weight="bold", **text)  # type: ignore[arg-type]
    for x, header in lay.headers:
        ax.text(x, TOP - 14, header, fontsize=9.5, color="#444", ha="center", **text)  # type: ignore[arg-type]
    a_max = float(chain.links["a"].max()) if len(chain.links) else 0.0
    codes = (MplPath.MOVETO, MplPath.CURVE4, MplPath.CURVE4, MplPath.CURVE4)
    for link in chain.links.to_dict("records"):
        pts = _edge_path(lay.boxes[link["source"]], lay.boxes[link["target"]])
        colour, alpha = ("#555555", 0.85) if link["primary"] else ("#9a9a9a", 0.45)
        ax.add_patch(
            FancyArrowPatch(
                path=MplPath(pts, codes),
                arrowstyle="-|>",
                mutation_scale=10,
                linewidth=_edge_width(float(link["a"]), a_max) * 0.75,
                color=colour,
                alpha=alpha,
            )
        )
    for box in lay.boxes.values():
        style = styles[box.cls]
        ax.add_patch(
            FancyBboxPatch(
                (box.x, box.y),
                box.width,
                box.height,
                boxstyle="round,pad=0,rounding_size=6",
                facecolor=style.fill,
                edgecolor=style.stroke,
                linewidth=2.0 if box.code == chain.candidate else 1.0,
            )
        )
        y = box.y + 6 + LINE_HEIGHT - 3
        for line in box.lines:
            ax.text(box.x + 8, y, line, fontsize=9.5, **text)  # type: ignore[arg-type]
            y += LINE_HEIGHT
        ax.text(box.x + 8, y, f"{box.code} · {box.detail}", fontsize=7.5, color="#555", **text)  # type: ignore[arg-type]
    text_lang = "zh" if lang == "both" else lang
    y = lay.height - 22.0 * len(lay.legend) - 14
    ax.text(MARGIN, y, _label("legend", text_lang), fontsize=9, weight="bold", **text)  # type: ignore[arg-type]
    for _, style in lay.legend:
        y += 20
        ax.add_patch(
            FancyBboxPatch(
                (MARGIN, y - 11),
                14,
                14,
                boxstyle="round,pad=0,rounding_size=3",
                facecolor=style.fill,
                edgecolor=style.stroke,
            )
        )
        ax.text(MARGIN + 20, y, style.label(lang), fontsize=9, **text)  # type: ignore[arg-type]
    written = write_with(
        path, lambda tmp: fig.savefig(tmp, format="png", dpi=dpi), overwrite=overwrite
    )
    return PngResult(written, family, note)
