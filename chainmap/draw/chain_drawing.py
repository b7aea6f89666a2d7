"""Chain-map drawings, SVG and PNG, of one shared layout (:mod:`chainmap.draw.chain_layout`).

* SVG, written by hand. Labels stay ``<text>`` elements in UTF-8, so any browser
  renders the Chinese names with its own fonts and the text remains searchable.
* PNG through matplotlib (Agg, no pyplot state). Chinese needs a CJK font; the
  first one matplotlib knows (Noto Sans CJK, Source Han Sans, WenQuanYi, ...) is
  used. Without one, labels fall back to English and the result carries a note
  saying so (no warning is raised).

The layout's names (:class:`NodeClass`, :func:`layout_chain`, ...) are re-exported here,
where callers have always imported them from.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from chainmap.draw.chain_layout import (
    BOX_WIDTH,
    CJK_FONT_NAMES,
    COLUMN_GAP,
    DASHED,
    DISTINCT_STYLES,
    DRAWING_LANGUAGES,
    LINE_HEIGHT,
    MARGIN,
    ROW_GAP,
    TOP,
    ChainLayout,
    NodeBox,
    NodeClass,
    box_text_rows,
    default_classes,
    default_node_classes,
    distinguishable,
    drawing_label,
    edge_colour,
    edge_shapes,
    layout_chain,
    legend_rows,
    prepared_layout,
)
from chainmap.graph.chain import ChainMap
from chainmap.io.atomic import write_text_atomic, write_with

__all__ = [
    "BOX_WIDTH",
    "CJK_FONT_NAMES",
    "COLUMN_GAP",
    "DASHED",
    "DISTINCT_STYLES",
    "DRAWING_LANGUAGES",
    "LINE_HEIGHT",
    "MARGIN",
    "ROW_GAP",
    "TOP",
    "ChainLayout",
    "NodeBox",
    "NodeClass",
    "PngResult",
    "default_classes",
    "default_node_classes",
    "distinguishable",
    "find_cjk_font",
    "layout_chain",
    "render_chain_svg",
    "write_chain_png",
    "write_chain_svg",
]

_SVG_FONTS = ", ".join(f"'{name}'" for name in CJK_FONT_NAMES) + ", sans-serif"


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
    lay = prepared_layout(chain, lang=lang, node_class=node_class, classes=classes, title=title)
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
    for edge in edge_shapes(chain, lay):
        (x0, y0), (c1x, c1y), (c2x, c2y), (x1, y1) = edge.points
        colour, opacity = edge_colour(edge)
        out.append(
            f'<path d="M {x0:.1f} {y0:.1f} C {c1x:.1f} {c1y:.1f}, {c2x:.1f} {c2y:.1f}, '
            f'{x1:.1f} {y1:.1f}" fill="none" stroke="{colour}" stroke-opacity="{opacity}" '
            f'stroke-width="{edge.width:.2f}" '
            f'marker-end="url(#arrow)"><title>{escape(edge.source)} → '
            f"{escape(edge.target)}: a={edge.a:.4f}, l={edge.l:.4f}, "
            f"z={edge.z:.4g}</title></path>"
        )
    out += [_svg_box(box, lay, chain.candidate) for box in lay.boxes.values()]
    out += _svg_legend(lay, lang)
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _svg_box(box: NodeBox, lay: ChainLayout, candidate: str) -> str:
    """One node: its rounded box, name lines and the small code · detail line."""
    style = dict(lay.legend)[box.cls]
    width = 2.5 if box.code == candidate else 1.2
    parts = [
        f'<g><rect x="{box.x:.1f}" y="{box.y:.1f}" width="{box.width:.1f}" '
        f'height="{box.height:.1f}" rx="6" fill="{style.fill}" stroke="{style.stroke}" '
        f'stroke-width="{width}"{_dash(box.cls)}/>'
    ]
    *lines, (y, detail) = box_text_rows(box)
    parts += [
        f'<text x="{box.x + 8:.1f}" y="{y:.1f}" font-size="13">{escape(line)}</text>'
        for y, line in lines
    ]
    parts.append(
        f'<text x="{box.x + 8:.1f}" y="{y:.1f}" font-size="10.5" fill="#555">'
        f"{escape(detail)}</text></g>"
    )
    return "\n".join(parts)


def _svg_legend(lay: ChainLayout, lang: str) -> list[str]:
    """The legend title and one swatch with its label per class used."""
    text_lang = "zh" if lang == "both" else lang
    title_y, rows = legend_rows(lay)
    out = [
        f'<text x="{MARGIN}" y="{title_y:.1f}" font-size="12" font-weight="bold">'
        f"{escape(drawing_label('legend', text_lang))}</text>"
    ]
    for y, key, style in rows:
        out.append(
            f'<rect x="{MARGIN}" y="{y - 11:.1f}" width="14" height="14" rx="3" '
            f'fill="{style.fill}" stroke="{style.stroke}"{_dash(key)} data-class="{escape(key)}"/>'
            f'<text x="{MARGIN + 20}" y="{y:.1f}" font-size="12">'
            f"{escape(style.label(lang))}</text>"
        )
    return out


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

    font = find_cjk_font()
    note = ""
    if font is None and lang in ("zh", "both"):
        lang, note, title = "en", drawing_label("no_cjk_font", "en"), None
    if font is None:
        # without a CJK font, a name with no ASCII spelling is drawn as its code
        english = chain.nodes["name_en"].astype(str)
        ascii_names = english.where(english.map(str.isascii), chain.nodes.index.to_series())
        chain = dataclasses.replace(chain, nodes=chain.nodes.assign(name_en=ascii_names))
    family = font if font is not None else "DejaVu Sans"
    lay = prepared_layout(chain, lang=lang, node_class=node_class, classes=classes, title=title)
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
    _png_edges(ax, chain, lay)
    _png_boxes(ax, lay, chain.candidate, text)
    _png_legend(ax, lay, lang, text)
    written = write_with(
        path, lambda tmp: fig.savefig(tmp, format="png", dpi=dpi), overwrite=overwrite
    )
    return PngResult(written, family, note)


def _png_edges(ax: Any, chain: ChainMap, lay: ChainLayout) -> None:
    """Links as arrowed Bézier curves (three quarters of the SVG stroke width)."""
    from matplotlib.patches import FancyArrowPatch
    from matplotlib.path import Path as MplPath

    codes = (MplPath.MOVETO, MplPath.CURVE4, MplPath.CURVE4, MplPath.CURVE4)
    for edge in edge_shapes(chain, lay):
        colour, alpha = edge_colour(edge)
        ax.add_patch(
            FancyArrowPatch(
                path=MplPath(edge.points, codes),
                arrowstyle="-|>",
                mutation_scale=10,
                linewidth=edge.width * 0.75,
                color=colour,
                alpha=alpha,
            )
        )


def _png_boxes(ax: Any, lay: ChainLayout, candidate: str, text: dict[str, str]) -> None:
    """Node boxes with their name lines and the small code · detail line."""
    from matplotlib.patches import FancyBboxPatch

    styles = dict(lay.legend)
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
                linewidth=2.0 if box.code == candidate else 1.0,
            )
        )
        *lines, (y, detail) = box_text_rows(box)
        for y_line, line in lines:
            ax.text(box.x + 8, y_line, line, fontsize=9.5, **text)
        ax.text(box.x + 8, y, detail, fontsize=7.5, color="#555", **text)


def _png_legend(ax: Any, lay: ChainLayout, lang: str, text: dict[str, str]) -> None:
    """The legend title and one swatch with its label per class used."""
    from matplotlib.patches import FancyBboxPatch

    text_lang = "zh" if lang == "both" else lang
    title_y, rows = legend_rows(lay)
    ax.text(MARGIN, title_y, drawing_label("legend", text_lang), fontsize=9, weight="bold", **text)
    for y, _, style in rows:
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
        ax.text(MARGIN + 20, y, style.label(lang), fontsize=9, **text)
