"""Report charts as plain SVG strings: no JavaScript, no network, text kept as text.

Every label is an SVG ``<text>`` element, so Chinese renders in any browser that
has a CJK font; the font is chosen by the CSS family list :data:`FONT_FAMILY`.
Output is deterministic: coordinates are printed with fixed precision and every
ordering is stable (ties by code), so the same data give the same bytes.

Charts: :func:`quadrant_chart` (key-sector quadrant, formulas.md C.1),
:func:`radar_chart` (candidates over criteria), :func:`bar_chart` (horizontal,
stacked); the building blocks (escaping, text widths, ticks) and the HTML table
helper :func:`table_html` live in :mod:`chainmap.report.svg` and are re-exported here.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping

import numpy as np
import pandas as pd

from chainmap.report.svg import (
    FONT_FAMILY,
    HIGHLIGHT,
    MUTED,
    PALETTE,
    Box,
    circle_hits,
    esc,
    fit_text,
    legend_rows,
    nice_ticks,
    num,
    overlap,
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


def _finite(values: pd.Series, what: str) -> np.ndarray:
    arr = values.to_numpy(dtype=float)
    bad = ~np.isfinite(arr)
    if bad.any():
        msg = f"{what}: non-finite value for {list(values.index[bad].astype(str))}"
        raise ValueError(msg)
    return arr


def quadrant_chart(
    data: pd.DataFrame,
    *,
    x: str = "bl",
    y: str = "fl_ghosh",
    size: str = "output",
    label: str = "name",
    highlight: Collection[str] = (),
    title: str = "",
    x_label: str = "",
    y_label: str = "",
    size_note: str = "",
    quadrant_labels: Mapping[str, str] | None = None,
    width: int = 760,
    height: int = 560,
    max_radius: float = 26.0,
    font_size: float = 11.0,
    label_width: float = 220.0,
) -> str:
    """Key-sector quadrant chart: backward (x) against forward (y) linkage, lines at 1.

    Bubble *area* is proportional to ``size`` (radius = max_radius·√(s/max s)).
    Highlighted industries (the chosen ones) are coloured and always labelled;
    the others are labelled largest first, only where the label overlaps no label
    or bubble already placed (greedy collision avoidance over eight positions).

    Parameters
    ----------
    data : DataFrame
        Index = industry codes; columns ``x``, ``y``, ``size`` (≥ 0), ``label``.
    highlight : codes to mark and always label.
    label_width : labels of other industries longer than this (px) are shortened
        with "…"; chosen ones only when wider than the plot.
    quadrant_labels : mapping with keys "key" (BL>1, FL>1, top right), "backward"
        (bottom right), "forward" (top left) and "weak" (bottom left).

    Returns
    -------
    str
        An ``<svg>`` element.

    Examples
    --------
    >>> df = pd.DataFrame({"bl": [1.2, 0.8], "fl_ghosh": [1.1, 0.9],
    ...                    "output": [10.0, 5.0], "name": ["甲", "乙"]}, index=["a", "b"])
    >>> svg = quadrant_chart(df, highlight=["a"])
    >>> svg.count('class="bubble'), svg.count('class="label chosen"')
    (2, 1)
    """
    codes = [str(c) for c in data.index]
    xs, ys = _finite(data[x], x), _finite(data[y], y)
    ss = _finite(data[size], size)
    if (ss < 0).any():
        negative = [c for c, s in zip(codes, ss, strict=True) if s < 0]
        msg = f"{size}: negative bubble size for {negative}"
        raise ValueError(msg)
    names = [str(v) for v in data[label]]
    chosen = {str(c) for c in highlight}
    left, right, top, bottom = 64.0, 20.0, 40.0, 64.0
    pw, ph = width - left - right, height - top - bottom

    def span(v: np.ndarray) -> tuple[float, float]:
        lo, hi = min(float(v.min(initial=1.0)), 1.0), max(float(v.max(initial=1.0)), 1.0)
        pad = 0.08 * (hi - lo or 1.0)
        return lo - pad, hi + pad

    (x0, x1), (y0, y1) = span(xs), span(ys)

    def px(v: float) -> float:
        return left + (v - x0) / (x1 - x0) * pw

    def py(v: float) -> float:
        return top + (y1 - v) / (y1 - y0) * ph

    smax = float(ss.max(initial=0.0)) or 1.0
    radii = [max(2.0, max_radius * math.sqrt(s / smax)) for s in ss]
    body = [
        f'<rect x="{num(left)}" y="{num(top)}" width="{num(pw)}" height="{num(ph)}" '
        'fill="#fafbfc" stroke="#c8d0d8"/>'
    ]
    for tv in nice_ticks(x0, x1):
        body.append(
            f'<line x1="{num(px(tv))}" y1="{num(top + ph)}" x2="{num(px(tv))}" '
            f'y2="{num(top + ph + 4)}" stroke="#555"/>'
        )
        body.append(text_el(px(tv), top + ph + 17, f"{tv:g}", anchor="middle", cls="tick"))
    for tv in nice_ticks(y0, y1):
        body.append(
            f'<line x1="{num(left - 4)}" y1="{num(py(tv))}" x2="{num(left)}" '
            f'y2="{num(py(tv))}" stroke="#555"/>'
        )
        body.append(text_el(left - 7, py(tv) + 4, f"{tv:g}", anchor="end", cls="tick"))
    body.append(
        f'<line class="ref" x1="{num(px(1))}" y1="{num(top)}" x2="{num(px(1))}" '
        f'y2="{num(top + ph)}" stroke="#555" stroke-dasharray="5 4"/>'
    )
    body.append(
        f'<line class="ref" x1="{num(left)}" y1="{num(py(1))}" x2="{num(left + pw)}" '
        f'y2="{num(py(1))}" stroke="#555" stroke-dasharray="5 4"/>'
    )
    body.append(text_el(left + pw / 2, height - 18, x_label, anchor="middle", cls="axis-label"))
    body.append(
        text_el(
            16,
            top + ph / 2,
            y_label,
            anchor="middle",
            cls="axis-label",
            transform=f"rotate(-90 16 {num(top + ph / 2)})",
        )
    )
    if size_note:
        body.append(
            text_el(
                left + pw,
                height - 4,
                size_note,
                anchor="end",
                cls="note",
                fill="#666",
                font_size="10",
            )
        )
    reserved: list[Box] = []  # quadrant names: labels must not cover them
    for key, (qx, qy, anchor) in {
        "key": (left + pw - 6, top + 14, "end"),
        "forward": (left + 6, top + 14, "start"),
        "backward": (left + pw - 6, top + ph - 6, "end"),
        "weak": (left + 6, top + ph - 6, "start"),
    }.items():
        if quadrant_labels and key in quadrant_labels:
            q = quadrant_labels[key]
            w = text_width(q, 12)
            qx0 = qx if anchor == "start" else qx - w
            reserved.append((qx0, qy - 12, qx0 + w, qy + 3))
            body.append(
                text_el(qx, qy, q, anchor=anchor, cls="quadrant", fill="#7a8894", font_size="12")
            )
    # Big bubbles first so small ones stay visible; chosen ones on top.
    order = sorted(range(len(codes)), key=lambda i: (codes[i] in chosen, -ss[i], codes[i]))
    circles = [(px(xs[i]), py(ys[i]), radii[i]) for i in range(len(codes))]
    for i in order:
        cx, cy, r = circles[i]
        is_chosen = codes[i] in chosen
        body.append(
            f'<circle class="bubble{" chosen" if is_chosen else ""}" data-code="{esc(codes[i])}" '
            f'cx="{num(cx)}" cy="{num(cy)}" r="{num(r)}" '
            f'fill="{HIGHLIGHT if is_chosen else MUTED}" '
            f'fill-opacity="{"0.85" if is_chosen else "0.45"}" '
            f'stroke="{"#7a2e00" if is_chosen else "#56626d"}" stroke-width="1">'
            f"<title>{esc(codes[i])} {esc(names[i])}: {xs[i]:.3f}, {ys[i]:.3f}</title></circle>"
        )
    body.extend(
        _place_labels(
            codes,
            names,
            circles,
            chosen,
            ss,
            (left, top, left + pw, top + ph),
            font_size,
            reserved,
            label_width,
        )
    )
    return svg_root(width, height, "quadrant", title, body)


def _place_labels(
    codes: list[str],
    names: list[str],
    circles: list[tuple[float, float, float]],
    chosen: set[str],
    sizes: np.ndarray,
    area: Box,
    fs: float,
    reserved: list[Box],
    label_width: float,
) -> list[str]:
    """Greedy label placement: chosen first, then by size; skip others that collide."""
    placed: list[Box] = list(reserved)
    out: list[str] = []
    order = sorted(range(len(codes)), key=lambda i: (codes[i] not in chosen, -sizes[i], codes[i]))
    for i in order:
        cx, cy, r = circles[i]
        is_chosen = codes[i] in chosen
        # long names are shortened ("…"; the bubble's tooltip keeps the full name)
        shown = fit_text(names[i], area[2] - area[0] - 8 if is_chosen else label_width, fs)
        w, h = text_width(shown, fs), fs
        candidates: list[tuple[float, float, str, float]] = []  # text x, baseline y, anchor, gap
        for gap in (3.0, 14.0, 28.0) if is_chosen else (3.0,):
            d = r + gap
            candidates += [
                (cx + d, cy + h / 3, "start", gap),
                (cx - d, cy + h / 3, "end", gap),
                (cx, cy - d, "middle", gap),
                (cx, cy + d + h * 0.8, "middle", gap),
                (cx + d * 0.7, cy - d * 0.7, "start", gap),
                (cx - d * 0.7, cy - d * 0.7, "end", gap),
                (cx + d * 0.7, cy + d * 0.7 + h * 0.8, "start", gap),
                (cx - d * 0.7, cy + d * 0.7 + h * 0.8, "end", gap),
            ]
        best: tuple[float, Box, tuple[float, float, str, float]] | None = None
        for cand in candidates:
            tx, ty, anchor, _gap = cand
            bx0 = tx if anchor == "start" else tx - w if anchor == "end" else tx - w / 2
            if is_chosen:  # slide a chosen label sideways into the plot rather than drop it
                shift = max(area[0] - bx0, 0.0) + min(area[2] - (bx0 + w), 0.0)
                bx0, tx = bx0 + shift, tx + shift
                cand = (tx, ty, anchor, _gap if shift == 0 else max(_gap, 14.0))
            box = (bx0, ty - h * 0.85, bx0 + w, ty + h * 0.2)
            if box[0] < area[0] or box[2] > area[2] or box[1] < area[1] or box[3] > area[3]:
                continue
            cost = sum(overlap(box, p) for p in placed) * 10
            cost += sum(1.0 for j, c in enumerate(circles) if j != i and circle_hits(box, *c)) * (
                h * h if is_chosen else 1e9
            )
            if best is None or cost < best[0]:
                best = (cost, box, cand)
            if cost == 0:
                break
        if best is None and is_chosen:  # no room at all: centre it on the bubble
            tx = min(max(cx, area[0] + w / 2), area[2] - w / 2)
            ty = min(max(cy + h / 3, area[1] + h), area[3] - h * 0.2)
            best = (
                0.0,
                (tx - w / 2, ty - h * 0.85, tx + w / 2, ty + h * 0.2),
                (tx, ty, "middle", 3.0),
            )
        if best is None or (not is_chosen and best[0] > 0):
            continue
        _, box, (tx, ty, anchor, gap) = best
        placed.append(box)
        cls = "label chosen" if is_chosen else "label"
        weight = {"font_weight": "bold", "fill": "#7a2e00"} if is_chosen else {"fill": "#333"}
        if gap > 3.0:  # a leader line ties a displaced label to its bubble
            lx = min(max(cx, box[0]), box[2])
            ly = min(max(cy, box[1]), box[3])
            out.append(
                f'<line class="leader" x1="{num(cx)}" y1="{num(cy)}" x2="{num(lx)}" '
                f'y2="{num(ly)}" stroke="#7a2e00" stroke-width="0.7"/>'
            )
        out.append(
            text_el(
                tx,
                ty,
                shown,
                anchor=anchor,
                cls=cls,
                font_size=f"{fs:g}",
                data_code=codes[i],
                **weight,
            )
        )
    return out


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
        pos_at, neg_at = 0.0, 0.0
        for c in range(arr.shape[1]):
            v = arr[r, c]
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
        total = float(arr[r].sum())
        body.append(
            text_el(
                px(max(pos_at, 0.0)) + 4,
                y + bar_height * 0.72,
                f"{total:,.{decimals}f}",
                cls="value",
                font_size="11",
            )
        )
    body.append(
        f'<line x1="{num(px(0))}" y1="{num(top)}" x2="{num(px(0))}" y2="{num(base_y)}" '
        'stroke="#444"/>'
    )
    return svg_root(width, height, "bar", title, body + legend)
