"""Where the words go: full names beside their circles when every one of them finds a free
spot, else numbers inside the circles and a key below the map."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from netconsult.render.charts.text import text_width, wrap
from netconsult.render.network_map.model import Box, Point, Tie

#: Digits are drawn inside circles: their width in em, erring wide (DejaVu's are 0.64 em).
DIGIT_EM = 0.64


@dataclass(frozen=True)
class Label:
    """A name beside its circle: `y` is the middle of the line; `box` what it covers."""

    x: float
    y: float
    anchor: str
    box: Box
    text: str


@dataclass(frozen=True)
class KeyEntry:
    """One line (or a few, wrapped) of the key: `number` in a swatch of the member's
    colour at (x, y), the name's lines beside it from `text_x`."""

    number: int
    fill: str
    x: float
    y: float  # middle of the first line
    text_x: float
    lines: tuple[str, ...]


def overlap(a: Box, b: Box) -> float:
    """The area two boxes share."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def circle_meets_box(cx: float, cy: float, r: float, box: Box) -> bool:
    """True when the circle and the box share any area."""
    nx = min(max(cx, box[0]), box[2])
    ny = min(max(cy, box[1]), box[3])
    return (cx - nx) ** 2 + (cy - ny) ** 2 < r * r - 1e-9


def crosses(box: Box, x1: float, y1: float, x2: float, y2: float) -> bool:
    """True when the segment (x1, y1)-(x2, y2) passes through `box` (Liang-Barsky)."""
    t0, t1 = 0.0, 1.0
    dx, dy = x2 - x1, y2 - y1
    for p, q in ((-dx, x1 - box[0]), (dx, box[2] - x1), (-dy, y1 - box[1]), (dy, box[3] - y1)):
        if p == 0:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return False
    return True


def place_names(order: Sequence[str], texts: Mapping[str, str], pos: Mapping[str, Point],
                radius: Mapping[str, float], size: float, bounds: tuple[float, float],
                ties: Sequence[Tie], blocked: Sequence[Box] = ()) -> list[Label] | None:
    """Every name whole beside its circle, most connected first, each at the first of eight
    spots (right, left, above, below, then the corners) that touches no other name, no other
    circle and no `blocked` box, preferring spots no tie runs through. None when a name finds
    no such spot: then the map numbers its members instead."""
    segments = [(*pos[t.a], *pos[t.b]) for t in ties]
    placed: list[Label] = []
    h = size * 1.2
    gap = 2.5
    for node in order:
        text = texts[node]
        w = text_width(text, size)
        x, y = pos[node]
        r = radius[node]
        d = r * 0.72 + gap
        spots = [
            (x + r + gap, y, "start"), (x - r - gap, y, "end"),
            (x, y - r - gap - h / 2, "middle"), (x, y + r + gap + h / 2, "middle"),
            (x + d, y - d - h / 3, "start"), (x + d, y + d + h / 3, "start"),
            (x - d, y - d - h / 3, "end"), (x - d, y + d + h / 3, "end"),
        ]
        best: tuple[float, Label] | None = None
        for rank, (lx, ly, anchor) in enumerate(spots):
            left = {"start": lx, "end": lx - w, "middle": lx - w / 2}[anchor]
            box = (left - 1.5, ly - h / 2, left + w + 1.5, ly + h / 2)
            if box[0] < 0 or box[2] > bounds[0] or box[1] < 0 or box[3] > bounds[1]:
                continue
            if (any(overlap(box, other.box) for other in placed)
                    or any(overlap(box, other) for other in blocked)
                    or any(circle_meets_box(*pos[i], radius[i], box)
                           for i in pos if i != node)):
                continue
            cost = sum(crosses(box, *segment) for segment in segments) + rank * 0.01
            if best is None or cost < best[0]:
                best = (cost, Label(lx, ly, anchor, box, text))
            if cost < 1:
                break
        if best is None:
            return None
        placed.append(best[1])
    return placed


def number_radius(number: int, size: float) -> float:
    """The smallest circle that holds `number` at font size `size`."""
    return len(str(number)) * DIGIT_EM * size / 2 + 1.2


def key_layout(entries: Sequence[tuple[int, str, str]], left: float, width: float,
               top: float, size: float) -> tuple[list[KeyEntry], float]:
    """The key to the numbers, (number, name, fill) in order, in as many columns (up to
    three) as keep every name on at most two lines, filled down then across; names wrap and
    are never cut. Returns the entries placed and the key's bottom."""
    if not entries:
        return [], top
    line_h = size * 1.25
    swatch = 2 * number_radius(max(n for n, _, _ in entries), size * 0.9)
    gutter = 12.0
    for cols in (3, 2, 1):
        col_w = (width - gutter * (cols - 1)) / cols
        room = col_w - swatch - 5
        wrapped = [wrap(name, room, size) for _, name, _ in entries]
        if cols == 1 or max(len(lines) for lines in wrapped) <= 2:
            break
    heights = [len(lines) * line_h + 4 for lines in wrapped]
    # Fill down then across, each column about an equal share of the height.
    target = sum(heights) / cols
    placed: list[KeyEntry] = []
    col, y, bottom = 0, top, top
    for (number, _, fill), lines, h in zip(entries, wrapped, heights, strict=True):
        if y > top and y + h / 2 > top + target + 1e-6 and col < cols - 1:
            col, y = col + 1, top
        x = left + col * (col_w + gutter)
        placed.append(KeyEntry(number, fill, x + swatch / 2, y + line_h / 2, x + swatch + 5,
                               tuple(lines)))
        y += h
        bottom = max(bottom, y)
    return placed, bottom
