"""Where the members go: each connected component laid out on its own and packed, members
without ties in a row along the bottom, then circles pushed apart until none overlaps another.

The layout is networkx's spring layout with a fixed seed on input sorted by id, coordinates
rounded, so the same network always gives the same bytes whatever order it came in.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from netconsult.render.charts.text import text_width
from netconsult.render.network_map.model import (
    PAD,
    RANK_BLEND,
    ROOMY,
    SEED,
    STRETCH,
    WIDTH,
    Point,
    Tie,
)

if TYPE_CHECKING:
    import networkx as nx


def unit_layout(graph: nx.Graph, ids: list[str]
                 ) -> tuple[dict[str, tuple[float, float]], float]:
    """Positions of one connected component in [0, 1] x [0, 1], its longest extent
    horizontal (the map is wider than tall), and the component's width / height."""
    import networkx as nx
    import numpy as np

    if len(ids) == 2:
        return {ids[0]: (0.0, 0.5), ids[1]: (1.0, 0.5)}, math.inf
    sub = nx.Graph()
    sub.add_nodes_from(ids)
    sub.add_weighted_edges_from(sorted(
        (min(a, b), max(a, b), w) for a, b, w in graph.subgraph(ids).edges(data="weight")))
    try:
        raw = nx.spring_layout(sub, seed=SEED, weight="weight",
                               iterations=200 if len(ids) <= 60 else 60)
    except ImportError:
        # 500+ members in one component take networkx's sparse path, which needs scipy.
        raw = nx.circular_layout(sub)
    xy = np.array([raw[i] for i in ids], dtype=float)
    xy -= xy.mean(axis=0)
    _, axes = np.linalg.eigh(xy.T @ xy)
    xy = xy @ axes[:, ::-1]
    for axis in (0, 1):
        # An eigenvector's sign is arbitrary: fix it so no platform mirrors the map.
        column = xy[:, axis]
        if column[np.argmax(np.abs(column))] < 0:
            xy[:, axis] = -column
    xy = np.round(xy, 4)
    lo, hi = xy.min(axis=0), xy.max(axis=0)
    span = hi - lo
    aspect = float(span[0] / span[1]) if span[1] > 1e-9 else math.inf
    unit = np.where(span > 1e-9, (xy - lo) / np.where(span > 1e-9, span, 1.0), 0.5)
    # Spring layouts crowd the core and fling leaves far out; blending each axis with its
    # ranks spreads members more evenly over the box while keeping who is near whom.
    ranks = np.argsort(np.argsort(unit, axis=0, kind="stable"), axis=0, kind="stable")
    unit = np.where(span > 1e-9, RANK_BLEND * ranks / (len(ids) - 1)
                    + (1 - RANK_BLEND) * unit, 0.5)
    unit = np.round(unit, 4)
    return {i: (float(x), float(y)) for i, (x, y) in zip(ids, unit, strict=True)}, aspect


def fit_box(aspect: float, w: float, h: float) -> tuple[float, float]:
    """The width and height a layout of `aspect` (width / height) takes in a w x h box: it
    fills one side, and the other is stretched by at most STRETCH."""
    if aspect * h >= w:
        return w, min(h, w / aspect * STRETCH)
    return min(w, h * aspect * STRETCH), h



def shelves(boxes: list[tuple[float, float]], width: float, gap: float
             ) -> list[tuple[float, float]]:
    """Top-left corners of boxes (w, h) in centred rows no wider than `width`."""
    rows: list[list[int]] = [[]]
    used = 0.0
    for k, (w, _) in enumerate(boxes):
        if rows[-1] and used + gap + w > width:
            rows.append([])
            used = 0.0
        used += (gap if rows[-1] else 0.0) + w
        rows[-1].append(k)
    corners: list[tuple[float, float]] = [(0.0, 0.0)] * len(boxes)
    y = 0.0
    for row in rows:
        row_w = sum(boxes[k][0] for k in row) + gap * (len(row) - 1)
        x = (width - row_w) / 2
        for k in row:
            corners[k] = (x, y)
            x += boxes[k][0] + gap
        y += max(boxes[k][1] for k in row) + gap
    return corners



def layout(ids: list[str], ties: Sequence[Tie], radius: Mapping[str, float],
           beside: Mapping[str, str], size: float, r_max: float
           ) -> tuple[dict[str, Point], float | None, float, float]:
    """Where each member's circle goes, where the isolates' caption goes (None without
    isolates), the bottom of the components (circles with ties stay above it) and the
    bottom of the map. Components are packed in centred rows, largest first; members without
    ties in rows along the bottom. `beside` holds the names that will be written beside
    circles (none when the map numbers its members): room is kept for them."""
    import networkx as nx

    n = len(ids)
    named = bool(beside)
    graph = nx.Graph()
    graph.add_nodes_from(ids)
    graph.add_weighted_edges_from((t.a, t.b, t.strength) for t in ties)
    components = sorted((sorted(c) for c in nx.connected_components(graph)),
                        key=lambda c: (-len(c), c[0]))
    groups = [c for c in components if len(c) > 1]
    isolates = [c[0] for c in components if len(c) == 1]

    inner = WIDTH - 2 * PAD
    margin = r_max + 3
    pos: dict[str, tuple[float, float]] = {}
    y = PAD
    if groups:
        main_n = len(groups[0])
        main_h = min(400.0, max(160.0, 70 * math.sqrt(main_n)))
        layouts = [unit_layout(graph, group) for group in groups]
        boxes: list[tuple[float, float]] = []
        frames: list[tuple[float, float, float, float]] = []  # layout's place within its box
        for k, (group, (unit, aspect)) in enumerate(zip(groups, layouts, strict=True)):
            if k == 0:
                uw, uh = fit_box(aspect, inner - 2 * margin, main_h - 2 * margin)
                boxes.append((inner, uh + 2 * margin))
                frames.append(((inner - uw) / 2, margin, uw, uh))
                continue
            h = max(50.0, main_h * math.sqrt(len(group) / main_n) * 0.7)
            if n <= ROOMY:
                # Small components stand upright with their names on the right, like a list.
                upright = 1 / aspect if aspect else math.inf
                h = max(h, 2 * margin + (len(group) - 1) * r_max * 1.5)
                layouts[k] = ({i: (uy, ux) for i, (ux, uy) in unit.items()}, upright)
                names_w = (max(text_width(beside.get(i, ""), size) for i in group) + 8
                           if named else 0.0)
                uw, uh = fit_box(upright, h - 2 * margin, h - 2 * margin)
                if len(group) > 3:  # a thin column would pile circles on top of each other
                    uw = max(uw, uh * 0.6, len(group) * (2.5 * r_max) ** 2 / uh)
                boxes.append((min(inner, uw + 2 * margin + names_w), uh + 2 * margin))
            else:
                uw, uh = fit_box(aspect, min(inner, h * STRETCH) - 2 * margin, h - 2 * margin)
                boxes.append((uw + 2 * margin, uh + 2 * margin))
            frames.append((margin, margin, uw, uh))
        corners = shelves(boxes, inner, 14.0)
        for (unit, _), (bx, by), (fx, fy, uw, uh) in zip(layouts, corners, frames, strict=True):
            for i, (ux, uy) in unit.items():
                pos[i] = (PAD + bx + fx + ux * uw, y + by + fy + uy * uh)
        y += max(by + bh for (_, by), (_, bh) in zip(corners, boxes, strict=True)) + 10

    groups_bottom = y - 10
    if not isolates:
        return pos, None, groups_bottom, y
    caption_y = y + size / 2
    y += size + 6
    r_iso = radius[isolates[0]]
    row_h = max(2 * r_iso, size * 1.2) + 6
    x = PAD
    for i in isolates:
        cell = 2 * r_iso + 8 + (text_width(beside.get(i, ""), size) + 14 if named else 6)
        if x + cell > WIDTH - PAD and x > PAD:
            x, y = PAD, y + row_h
        pos[i] = (x + r_iso, y + row_h / 2)
        x += cell
    return pos, caption_y, groups_bottom, y + row_h + 4


def separate(pos: dict[str, Point], radius: Mapping[str, float], movable: Sequence[str],
             bounds: tuple[float, float, float, float], gap: float = 1.5,
             rounds: int = 300) -> None:
    """Pushes the `movable` circles apart, in place, until no two of them overlap (with
    `gap` between them) or `rounds` run out, keeping each inside `bounds` (x0, y0, x1, y1).
    Pure arithmetic in a fixed order: the same input gives the same positions."""
    import numpy as np

    ids = sorted(movable)
    if len(ids) < 2:
        return
    xy = np.array([pos[i] for i in ids], dtype=float)
    r = np.array([radius[i] for i in ids], dtype=float)
    need = r[:, None] + r[None, :] + gap
    np.fill_diagonal(need, 0.0)
    lo = np.stack([bounds[0] + r, bounds[1] + r], axis=1)
    hi = np.stack([np.maximum(bounds[2] - r, bounds[0] + r),
                   np.maximum(bounds[3] - r, bounds[1] + r)], axis=1)
    # Circles on the same spot part along a direction fixed by their order.
    angle = np.arange(len(ids)) * 2.399963
    fallback = np.stack([np.cos(angle), np.sin(angle)], axis=1)
    for _ in range(rounds):
        d = xy[:, None, :] - xy[None, :, :]
        dist = np.sqrt((d ** 2).sum(axis=2))
        short = np.where(need > dist + 1e-6, need - dist, 0.0)
        if not short.any():
            break
        unit = np.where(dist[:, :, None] > 1e-9, d / np.maximum(dist, 1e-9)[:, :, None],
                        fallback[:, None, :])
        xy = np.clip(xy + 0.5 * (short[:, :, None] * unit).sum(axis=1), lo, hi)
    xy = np.round(xy, 2)
    for i, (x, y) in zip(ids, xy, strict=True):
        pos[i] = (float(x), float(y))
