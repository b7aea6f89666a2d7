"""Report charts as plain SVG strings: no JavaScript, no network, text kept as text.

Every label is an SVG ``<text>`` element, so Chinese renders in any browser that
has a CJK font; the font is chosen by the CSS family list :data:`FONT_FAMILY`.
Output is deterministic: coordinates are printed with fixed precision and every
ordering is stable (ties by code), so the same data give the same bytes.

Charts: :func:`quadrant_chart` (key-sector quadrant, formulas.md C.1, drawn in
:mod:`chainmap.report.quadrant` and re-exported here), :func:`radar_chart` (candidates
over criteria), :func:`bar_chart` (horizontal, stacked); the building blocks (escaping,
text widths, ticks) and the HTML table helper :func:`table_html` live in
:mod:`chainmap.report.svg` and are re-exported here.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pandas as pd

from chainmap.report.quadrant import quadrant_chart
from chainmap.report.svg import (
    FONT_FAMILY,
    PALETTE,
    esc,
    fit_text,
    legend_rows,
    nice_ticks,
    num,
    svg_root,
    table_html,
    text_el,
    text_width,
)

__all__ = [
    "FONT_FAMILY",
    "bar_chart",
    "esc",
    "fit_text",
    "nice_ticks",
    "quadrant_chart",
    "radar_chart",
    "table_html",
    "text_width",
]


def radar_chart(
    values: pd.DataFrame,
    *,
    title: str = "",
    max_value: float = 1.0,
    width: int = 640,
    max_radius: float = 150.0,
) -> str:
    """Radar (spider) chart: one polygon per row of ``values`` over its columns.

    The radius is the largest (up to ``max_radius``) that keeps every axis label
    inside ``width``; the legend is wrapped under the plot, so the height follows.

    Parameters
    ----------
    values : DataFrame
        Rows = series (legend names from the index), columns = axes (labels from
        the column names, at least 3); every value in [0, max_value].

    Examples
    --------
    >>> v = pd.DataFrame([[0.2, 0.9, 0.5]], index=["甲"], columns=["a", "b", "c"])
    >>> radar_chart(v).count('class="series"')
    1
    """
    k = values.shape[1]
    if k < 3:
        msg = f"a radar chart needs at least 3 axes, got {k}"
        raise ValueError(msg)
    arr = values.to_numpy(dtype=float)
    bad = ~np.isfinite(arr) | (arr < 0) | (arr > max_value * (1 + 1e-12))
    if bad.any():
        r, c = np.argwhere(bad)[0]
        msg = (
            f"radar value {float(arr[r, c])!r} for {values.index[r]!s} / {values.columns[c]!s} "
            f"is outside [0, {max_value}]"
        )
        raise ValueError(msg)
    axis_labels = [fit_text(str(c), width * 0.3, 12) for c in values.columns]
    angles = [-math.pi / 2 + 2 * math.pi * j / k for j in range(k)]
    cx = width / 2
    radius = max_radius
    for a, lab in zip(angles, axis_labels, strict=True):
        cos = math.cos(a)
        reach = text_width(lab, 12) * (0.5 if abs(cos) < 0.3 else 1.0)  # beyond the anchor
        if abs(cos) > 1e-9:
            radius = min(radius, (cx - 6 - reach) / (1.1 * abs(cos)))
    radius = max(radius, 30.0)
    cy = 40 + 1.1 * radius + 14

    def point(j: int, v: float) -> tuple[float, float]:
        rr = radius * v / max_value
        return cx + rr * math.cos(angles[j]), cy + rr * math.sin(angles[j])

    body: list[str] = []
    for frac in (0.25, 0.5, 0.75, 1.0):
        pts = " ".join(
            f"{num(px)},{num(py)}" for px, py in (point(j, frac * max_value) for j in range(k))
        )
        body.append(f'<polygon class="grid" points="{pts}" fill="none" stroke="#d0d7de"/>')
    for j in range(k):
        ex, ey = point(j, max_value)
        body.append(
            f'<line class="axis" x1="{num(cx)}" y1="{num(cy)}" x2="{num(ex)}" '
            f'y2="{num(ey)}" stroke="#b0b8c0"/>'
        )
        lx, ly = point(j, max_value * 1.1)
        cos = math.cos(angles[j])
        anchor = "middle" if abs(cos) < 0.3 else ("start" if cos > 0 else "end")
        body.append(text_el(lx, ly + 4, axis_labels[j], anchor=anchor, cls="axis-label"))
    for i, name in enumerate(values.index):
        colour = PALETTE[i % len(PALETTE)]
        pts = " ".join(f"{num(px)},{num(py)}" for px, py in (point(j, arr[i, j]) for j in range(k)))
        body.append(
            f'<polygon class="series" data-series="{esc(name)}" points="{pts}" '
            f'fill="{colour}" fill-opacity="0.12" stroke="{colour}" stroke-width="2"/>'
        )
    legend, legend_h = legend_rows([str(i) for i in values.index], width, cy + 1.1 * radius + 26)
    height = cy + 1.1 * radius + 26 + legend_h + 8
    return svg_root(width, height, "radar", title, body + legend)


def bar_chart(
    values: pd.DataFrame | pd.Series,
    *,
    title: str = "",
    value_label: str = "",
    decimals: int = 1,
    width: int = 680,
    bar_height: float = 20.0,
) -> str:
    """Horizontal bar chart; several columns are stacked (negative parts to the left of 0).

    Parameters
    ----------
    values : Series or DataFrame
        Rows = bars top to bottom (labels from the index); a DataFrame's columns
        are stacked components with a legend.
    decimals : digits of the total printed at the end of each bar.

    Examples
    --------
    >>> s = pd.Series([80.0, 35.5], index=["电子", "R&D"])
    >>> svg = bar_chart(s)
    >>> svg.count('class="bar"'), "R&amp;D" in svg
    (2, True)
    """
    frame = values.to_frame() if isinstance(values, pd.Series) else values
    arr = frame.to_numpy(dtype=float)
    if not np.isfinite(arr).all():
        msg = f"bar chart: non-finite values in rows {list(frame.index[~np.isfinite(arr).all(1)])}"
        raise ValueError(msg)
    labels = [str(i) for i in frame.index]
    stacked = frame.shape[1] > 1
    label_w = min(260.0, max((text_width(s, 12) for s in labels), default=0.0) + 12)
    legend, legend_h = legend_rows([str(c) for c in frame.columns] if stacked else [], width, 36)
    top = 40.0 + legend_h
    left, right = label_w + 8, 60.0
    pw = width - left - right
    height = top + bar_height * 1.4 * len(labels) + 46
    neg, pos = np.where(arr < 0, arr, 0).sum(1), np.where(arr > 0, arr, 0).sum(1)
    lo, hi = min(0.0, float(neg.min(initial=0.0))), max(0.0, float(pos.max(initial=0.0)))
    ticks = nice_ticks(lo, hi if hi > lo else lo + 1.0)
    lo, hi = min(lo, ticks[0]), max(hi, ticks[-1])

    def px(v: float) -> float:
        return left + (v - lo) / (hi - lo) * pw

    body: list[str] = []
    base_y = top + bar_height * 1.4 * len(labels)
    for tv in ticks:
        body.append(
            f'<line class="gridline" x1="{num(px(tv))}" y1="{num(top)}" x2="{num(px(tv))}" '
            f'y2="{num(base_y)}" stroke="#e3e8ec"/>'
        )
        body.append(text_el(px(tv), base_y + 15, f"{tv:g}", anchor="middle", cls="tick"))
    body.append(text_el(left + pw / 2, base_y + 36, value_label, anchor="middle", cls="axis-label"))
    for r, name in enumerate(labels):
        y = top + bar_height * 1.4 * r + bar_height * 0.2
        shown = fit_text(name, label_w - 8, 12)
        body.append(text_el(left - 6, y + bar_height * 0.72, shown, anchor="end", cls="bar-label"))
        body.extend(_bar(name, arr[r], px, y, bar_height, decimals))
    body.append(
        f'<line x1="{num(px(0))}" y1="{num(top)}" x2="{num(px(0))}" y2="{num(base_y)}" '
        'stroke="#444"/>'
    )
    return svg_root(width, height, "bar", title, body + legend)


def _bar(
    name: str,
    values: np.ndarray,
    px: Callable[[float], float],
    y: float,
    bar_height: float,
    decimals: int,
) -> list[str]:
    """One bar: its stacked parts (positive ones right of 0, negative ones left) and total."""
    body: list[str] = []
    pos_at, neg_at = 0.0, 0.0
    for c, v in enumerate(values):
        if v == 0:
            continue
        a0 = pos_at if v > 0 else neg_at + v
        pos_at, neg_at = (pos_at + v, neg_at) if v > 0 else (pos_at, neg_at + v)
        colour = PALETTE[c % len(PALETTE)]
        body.append(
            f'<rect class="bar" x="{num(px(a0))}" y="{num(y)}" '
            f'width="{num(px(a0 + abs(v)) - px(a0))}" height="{num(bar_height)}" '
            f'fill="{colour}"><title>{esc(name)}: {v:.{decimals}f}</title></rect>'
        )
    body.append(
        text_el(
            px(max(pos_at, 0.0)) + 4,
            y + bar_height * 0.72,
            f"{float(values.sum()):,.{decimals}f}",
            cls="value",
            font_size="11",
        )
    )
    return body
