"""The network map of the assessment report: members as circles, ties as lines between them.

A hand-written SVG document like every figure in `charts` (whose helpers it uses): circles
coloured by region (the Okabe-Ito palette, safe for colour-blind readers) and sized by degree,
ties as thin grey lines whose width grows with strength (one-sided ties dashed), a legend below.

The layout is networkx's spring layout with a fixed seed on input sorted by id, coordinates
rounded, so the same network always gives the same bytes whatever order it came in. Each
connected component is laid out on its own and packed: the largest fills the top of the map,
smaller ones sit in rows beneath it and members without ties in a row along the bottom, so a
few isolates never squash the main component into a corner.

Text nodes are what WeasyPrint pays for, and a map of 200 names is unreadable anyway: up to
`LABEL_ALL` members every member is named; above it only the `MAX_LABELS` most connected are,
and only where the name finds a free spot. The legend lists at most `MAX_REGIONS` regions.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING

from netconsult.render.charts.colour import INK, MUTED, WHITE, readable, tint
from netconsult.render.charts.svg import (
    DEFAULT_FONT_FAMILY,
    SvgWriter,
    coord,
    finite,
    font_units,
    no_data_panel,
)
from netconsult.render.charts.text import clean, fit, text_width, xml_text
from netconsult.render.labels import N_

if TYPE_CHECKING:
    import networkx as nx

#: Every fixed word the map draws, in English; pass a partial mapping to translate.
MAP_LABELS: Mapping[str, str] = MappingProxyType({
    "no_data": N_("No data"),
    "tie": N_("Tie"),
    "mutual": N_("Mutual tie"),
    "one_sided": N_("One-sided tie"),
    "strength": N_("Thicker line: stronger tie"),
    "size": N_("Larger circle: more ties"),
    "isolates": N_("No ties"),
    "other_regions": N_("Other regions"),
    "some_named": N_("Only the most connected members are named"),
})

#: Okabe & Ito (2008), ordered so that the first five are the most distinct.
PALETTE = ("#0072b2", "#e69f00", "#009e73", "#d55e00", "#cc79a7", "#56b4e9", "#f0e442",
           "#000000")
OTHER = "#bdbdbd"
EDGE = "#7a7a7a"
#: Regions past this many share one grey "Other regions" colour: the legend stays short.
MAX_REGIONS = 12
#: Every member is named up to this many members; above it, the most connected only.
LABEL_ALL = 20
ROOMY = 60
MAX_LABELS = 20
SEED = 20240521
RANK_BLEND = 0.5
#: How much a component's layout may be stretched on its short side to fill its box.
STRETCH = 1.6
LAYERS = 12
WIDTH = 600.0
PAD = 6.0


@dataclass(frozen=True)
class MapNode:
    """One member: `degree` (its number of ties) sets the circle's size and who gets named."""

    id: str
    label: str
    region: str
    degree: int


@dataclass(frozen=True)
class MapEdge:
    """A tie between two members: `strength` 1-4 (mean intensity), `mutual` False when only
    one side named the other."""

    a: str
    b: str
    strength: float = 2.0
    mutual: bool = True


@dataclass(frozen=True)
class _Tie:
    a: str
    b: str
    strength: float
    mutual: bool


@dataclass
class _Label:
    x: float
    y: float  # middle of the line
    anchor: str
    box: tuple[float, float, float, float]
    text: str


def _map_labels(labels: Mapping[str, str] | None) -> dict[str, str]:
    labels = labels or {}
    unknown = sorted(set(labels) - set(MAP_LABELS))
    if unknown:
        raise ValueError(f"unknown network map label(s): {', '.join(unknown)}; "
                         f"known: {', '.join(MAP_LABELS)}")
    return {**MAP_LABELS, **labels}


def _ties(edges: Sequence[MapEdge], known: Mapping[str, MapNode]) -> list[_Tie]:
    """One tie per pair, sorted: a pair given twice keeps its greatest strength, and is
    mutual if any report says so or both directions were given one-sided. Self-ties drop."""
    pairs: dict[tuple[str, str], tuple[float, bool, set[str]]] = {}
    for edge in edges:
        for end in (edge.a, edge.b):
            if end not in known:
                raise ValueError(f"tie {edge.a!r}-{edge.b!r} names an unknown member {end!r}")
        if edge.a == edge.b:
            continue
        key = (min(edge.a, edge.b), max(edge.a, edge.b))
        strength = finite(edge.strength)
        strength = 2.0 if strength is None else min(max(strength, 1.0), 4.0)
        old_strength, old_mutual, sources = pairs.get(key, (strength, False, set()))
        pairs[key] = (max(old_strength, strength), old_mutual or edge.mutual,
                      sources | {edge.a})
    return [_Tie(a, b, s, mutual or len(sources) == 2)
            for (a, b), (s, mutual, sources) in sorted(pairs.items())]


def _unit_layout(graph: nx.Graph, ids: list[str]
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


def _fit_box(aspect: float, w: float, h: float) -> tuple[float, float]:
    """The width and height a layout of `aspect` (width / height) takes in a w x h box: it
    fills one side, and the other is stretched by at most STRETCH."""
    if aspect * h >= w:
        return w, min(h, w / aspect * STRETCH)
    return min(w, h * aspect * STRETCH), h


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def _crosses(box: tuple[float, float, float, float], x1: float, y1: float, x2: float,
             y2: float) -> bool:
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


def _place_labels(order: list[str], texts: Mapping[str, str],
                  pos: Mapping[str, tuple[float, float]], radius: Mapping[str, float],
                  size: float, bounds: tuple[float, float], ties: Sequence[_Tie],
                  all_named: bool, blocked: Sequence[tuple[float, float, float, float]] = ()
                  ) -> list[_Label]:
    """Names beside their circles, most connected first, each at the first of eight spots
    (right, left, above, below, then the corners) that overlaps no name, no circle and (on a
    map where everyone is named, so there are few) no tie, else at the least crowded spot.
    When only some are named, a name without a free spot is left out. `blocked` boxes
    (other text) count as names."""
    segments = ([(*pos[t.a], *pos[t.b]) for t in ties] if all_named else [])
    circles = [(x - radius[i], y - radius[i], x + radius[i], y + radius[i])
               for i, (x, y) in pos.items()]
    placed: list[_Label] = []
    h = size * 1.2
    gap = 2.5
    for node in order:
        text = texts[node]
        if not text:
            continue
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
        best: tuple[float, _Label] | None = None
        for rank, (lx, ly, anchor) in enumerate(spots):
            left = {"start": lx, "end": lx - w, "middle": lx - w / 2}[anchor]
            box = (left - 1.5, ly - h / 2, left + w + 1.5, ly + h / 2)
            if box[0] < 0 or box[2] > bounds[0] or box[1] < 0 or box[3] > bounds[1]:
                continue
            on_names = (sum(_overlap(box, other.box) for other in placed)
                        + sum(_overlap(box, other) for other in blocked))
            own = (x - r, y - r, x + r, y + r)
            on_circles = sum(_overlap(box, c) for c in circles if c != own)
            on_ties = sum(_crosses(box, *segment) for segment in segments)
            cost = 10 * on_names + on_circles + 25 * on_ties + rank * 0.01
            if not all_named and on_names > 0:
                continue
            if best is None or cost < best[0]:
                best = (cost, _Label(lx, ly, anchor, box, text))
            if cost < 1:
                break
        if best is None and all_named:
            # No spot fits inside the map (a long name by the edge): right of the circle,
            # pushed back inside, rather than no name at all.
            left = max(0.0, min(x + r + gap, bounds[0] - w - 3))
            best = (0.0, _Label(left, y, "start", (left - 1.5, y - h / 2, left + w + 1.5,
                                                    y + h / 2), text))
        if best is not None:
            placed.append(best[1])
        if not all_named and len(placed) >= MAX_LABELS:
            break
    return placed


def _shelves(boxes: list[tuple[float, float]], width: float, gap: float
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


def network_map(
    nodes: Sequence[MapNode],
    edges: Sequence[MapEdge],
    regions: Sequence[tuple[str, str]],
    *,
    title: str,
    labels: Mapping[str, str] | None = None,
    font_family: str = DEFAULT_FONT_FAMILY,
) -> str:
    """The map of `nodes` and their `edges` as an SVG document; `regions` are (id, display
    name) pairs in legend order and give each region its colour. A member whose region is
    not listed joins the legend under its region id. Raises ValueError for a member given
    twice or a tie naming an unknown member."""
    words = _map_labels(labels)
    if not nodes:
        return no_data_panel(WIDTH, title, words["no_data"], font_family)
    known: dict[str, MapNode] = {}
    for node in sorted(nodes, key=lambda n: n.id):
        if node.id in known:
            raise ValueError(f"member {node.id!r} is given twice")
        known[node.id] = node
    ties = _ties(edges, known)

    svg = SvgWriter(WIDTH, title, font_family)
    size = font_units(8, svg.units_per_mm)
    n = len(known)
    all_named = n <= LABEL_ALL
    texts = {i: fit(node.label, 36, 150, size) for i, node in known.items()}

    # Circles: area grows with degree, from a minimum an isolate still shows at.
    top_degree = max(max(node.degree, 0) for node in known.values()) or 1
    r_min = 3.5 if n <= 50 else 2.5
    r_max = min(14.0, max(7.0, 14.0 * math.sqrt(30 / n)))
    radius = {i: math.sqrt(r_min ** 2 + (r_max ** 2 - r_min ** 2)
                           * max(node.degree, 0) / top_degree) for i, node in known.items()}

    pos, caption_y, plot_bottom = _layout(list(known), ties, radius, texts, size, r_max)
    _draw_ties(svg, ties, pos, thin=n > LABEL_ALL)

    # Members: the most connected drawn last, on top.
    names, colour = _colours(regions, known.values())
    for i in sorted(known, key=lambda i: (known[i].degree, i)):
        node = known[i]
        fill = colour[node.region]
        x, y = pos[i]
        tooltip = fit(f"{clean(node.label)} ({names[node.region]})", 160)
        svg.add(f'<circle class="member" cx="{coord(x)}" cy="{coord(y)}" r="{coord(radius[i])}" '
                f'fill="{fill}" stroke="{_outline(fill)}" stroke-width="0.8">'
                f"<title>{xml_text(tooltip)}</title></circle>")

    blocked: list[tuple[float, float, float, float]] = []
    if caption_y is not None:
        caption = fit(words["isolates"], 40, 200, size)
        svg.text(PAD, caption_y, caption, size, fill=MUTED, extra=' font-style="italic"')
        blocked.append((PAD, caption_y - size * 0.6, PAD + text_width(caption, size),
                        caption_y + size * 0.6))
    # On a big map only members with ties compete for a name: "most connected" is moot
    # among members without any.
    ranked = sorted((i for i, node in known.items() if all_named or node.degree > 0),
                    key=lambda i: (-known[i].degree, i))
    placed = _place_labels(ranked, texts, pos, radius, size, (WIDTH, plot_bottom), ties,
                           all_named, blocked)
    for label in placed:
        x0, y0, x1, y1 = label.box
        svg.add(f'<rect class="name" x="{coord(x0)}" y="{coord(y0)}" width="{coord(x1 - x0)}" '
                f'height="{coord(y1 - y0)}" rx="2" fill="{WHITE}" fill-opacity="0.85"/>')
    for label in placed:
        svg.text(label.x, label.y, label.text, size, anchor=label.anchor)

    # Legend: the regions on the map, then what lines and circles mean.
    used = {node.region for node in known.values()}
    entries = [(colour[rid], names[rid]) for rid in colour
               if rid in used and colour[rid] != OTHER]
    if any(colour[rid] == OTHER for rid in used):
        entries.append((OTHER, words["other_regions"]))
    keys: list[tuple[str, str]] = []
    kinds = {t.mutual for t in ties}
    if kinds == {True}:
        keys.append(("solid", words["tie"]))
    elif kinds:
        if True in kinds:
            keys.append(("solid", words["mutual"]))
        keys.append(("dashed", words["one_sided"]))
    if len({round(t.strength * 2) for t in ties}) > 1:
        keys.append(("strength", words["strength"]))
    if len(set(radius.values())) > 1:
        keys.append(("size", words["size"]))
    if not all_named and placed:
        keys.append(("named", words["some_named"]))
    bottom = _legend(svg, entries, keys, plot_bottom + 8, size)
    return svg.render(bottom + PAD)


def _outline(fill: str) -> str:
    return MUTED if fill == OTHER else readable(fill, 3)


def _colours(regions: Sequence[tuple[str, str]], nodes: Iterable[MapNode]
             ) -> tuple[dict[str, str], dict[str, str]]:
    """Display names and colours of regions, in legend order. A region's colour is set by
    its place in `regions`, so it keeps its colour across figures of a report."""
    names = {rid: clean(name) for rid, name in regions}
    order = list(dict.fromkeys([rid for rid, _ in regions]
                               + sorted({node.region for node in nodes})))
    colour: dict[str, str] = {}
    for k, rid in enumerate(order):
        base = PALETTE[k % len(PALETTE)]
        colour[rid] = (OTHER if k >= MAX_REGIONS
                       else base if k < len(PALETTE) else tint(base, 0.5))
        names[rid] = names.get(rid) or clean(rid) or "?"
    return names, colour


def _layout(ids: list[str], ties: Sequence[_Tie], radius: Mapping[str, float],
            texts: Mapping[str, str], size: float, r_max: float
            ) -> tuple[dict[str, tuple[float, float]], float | None, float]:
    """Where each member's circle goes, where the isolates' caption goes (None without
    isolates), and the bottom of the map. Components are packed in centred rows, largest
    first; members without ties in rows along the bottom."""
    import networkx as nx

    n = len(ids)
    all_named = n <= LABEL_ALL
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
        layouts = [_unit_layout(graph, group) for group in groups]
        boxes: list[tuple[float, float]] = []
        frames: list[tuple[float, float, float, float]] = []  # layout's place within its box
        for k, (group, (unit, aspect)) in enumerate(zip(groups, layouts, strict=True)):
            if k == 0:
                uw, uh = _fit_box(aspect, inner - 2 * margin, main_h - 2 * margin)
                boxes.append((inner, uh + 2 * margin))
                frames.append(((inner - uw) / 2, margin, uw, uh))
                continue
            h = max(50.0, main_h * math.sqrt(len(group) / main_n) * 0.7)
            if n <= ROOMY:
                # Small components stand upright with their names on the right, like a list.
                upright = 1 / aspect if aspect else math.inf
                h = max(h, 2 * margin + (len(group) - 1) * r_max * 1.5)
                layouts[k] = ({i: (uy, ux) for i, (ux, uy) in unit.items()}, upright)
                names_w = max(text_width(texts[i], size) for i in group) + 8
                uw, uh = _fit_box(upright, h - 2 * margin, h - 2 * margin)
                if len(group) > 3:  # a thin column would pile circles on top of each other
                    uw = max(uw, uh * 0.6, len(group) * (2.5 * r_max) ** 2 / uh)
                boxes.append((min(inner, uw + 2 * margin + names_w), uh + 2 * margin))
            else:
                uw, uh = _fit_box(aspect, min(inner, h * STRETCH) - 2 * margin, h - 2 * margin)
                boxes.append((uw + 2 * margin, uh + 2 * margin))
            frames.append((margin, margin, uw, uh))
        corners = _shelves(boxes, inner, 14.0)
        for (unit, _), (bx, by), (fx, fy, uw, uh) in zip(layouts, corners, frames, strict=True):
            for i, (ux, uy) in unit.items():
                pos[i] = (PAD + bx + fx + ux * uw, y + by + fy + uy * uh)
        y += max(by + bh for (_, by), (_, bh) in zip(corners, boxes, strict=True)) + 10

    if not isolates:
        return pos, None, y
    caption_y = y + size / 2
    y += size + 6
    r_iso = radius[isolates[0]]
    row_h = max(2 * r_iso, size * 1.2) + 6
    x = PAD
    for i in isolates:
        cell = 2 * r_iso + 8 + (text_width(texts[i], size) + 14 if all_named else 0)
        if x + cell > WIDTH - PAD and x > PAD:
            x, y = PAD, y + row_h
        pos[i] = (x + r_iso, y + row_h / 2)
        x += cell
    return pos, caption_y, y + row_h + 4


def _draw_ties(svg: SvgWriter, ties: Sequence[_Tie], pos: Mapping[str, tuple[float, float]],
               thin: bool) -> None:
    """Ties as grey lines, wider when stronger, dashed when one-sided; fainter the more
    there are. A <line> each costs WeasyPrint 4x what a path of many costs, so ties share
    paths by style, spread over LAYERS paths each: where ties cross, up to LAYERS layers
    of faint grey add up, so dense parts darken without turning black."""
    if not ties:
        return
    opacity = min(0.75, max(0.06, 6 / math.sqrt(len(ties))))
    w_lo, w_hi = (0.35, 1.4) if thin else (0.6, 2.6)
    paths: dict[tuple[bool, float, int], list[str]] = {}
    for k, tie in enumerate(ties):
        (x1, y1), (x2, y2) = pos[tie.a], pos[tie.b]
        level = round(tie.strength * 2) / 2  # half steps: few distinct widths, few paths
        paths.setdefault((tie.mutual, level, k % LAYERS), []).append(
            f"M{coord(x1)} {coord(y1)}L{coord(x2)} {coord(y2)}")
    for (mutual, level, _), segments in sorted(paths.items()):
        width = w_lo + (w_hi - w_lo) * (level - 1) / 3
        dash = "" if mutual else ' stroke-dasharray="3 2"'
        svg.add(f'<path class="ties" d="{"".join(segments)}" fill="none" stroke="{EDGE}" '
                f'stroke-width="{coord(width)}" stroke-opacity="{opacity:.2f}"{dash}/>')


def _legend(svg: SvgWriter, entries: Sequence[tuple[str, str]], keys: Sequence[tuple[str, str]],
            top: float, size: float) -> float:
    """Region swatches, then the keys to lines and circles on a line of their own, both
    wrapping; returns the legend's bottom."""
    lx, ly = PAD, top + size / 2

    def advance(item_w: float) -> tuple[float, float]:
        nonlocal lx, ly
        if lx + item_w > WIDTH - PAD and lx > PAD:
            lx, ly = PAD, ly + size + 7
        at = (lx, ly)
        lx += item_w
        return at

    for fill, name in entries:
        name = fit(name, 30, 170, size)
        x, y = advance(14 + text_width(name, size) + 14)
        svg.add(f'<circle class="key" cx="{coord(x + 5)}" cy="{coord(y)}" r="5" fill="{fill}" '
                f'stroke="{_outline(fill)}" stroke-width="0.8"/>')
        svg.text(x + 14, y, name, size)
    if keys:
        lx, ly = PAD, ly + size + 9
    for kind, text in keys:
        text = fit(text, 60, 300, size)
        sample = 0.0 if kind == "named" else 26.0
        x, y = advance(sample + text_width(text, size) + 16)
        if kind in ("solid", "dashed"):
            dash = ' stroke-dasharray="3 2"' if kind == "dashed" else ""
            svg.line(x, y, x + 20, y, EDGE, 1.4, dash)
        elif kind == "strength":
            svg.add(f'<path d="M{coord(x)} {coord(y + 0.3)}L{coord(x + 20)} {coord(y - 1.5)}'
                    f'L{coord(x + 20)} {coord(y + 2.1)}Z" fill="{EDGE}"/>')
        elif kind == "size":
            svg.add(f'<circle cx="{coord(x + 3)}" cy="{coord(y)}" r="2.5" fill="{MUTED}"/>'
                    f'<circle cx="{coord(x + 14)}" cy="{coord(y)}" r="6" fill="{MUTED}"/>')
        svg.text(x + sample, y, text, size, fill=MUTED if kind == "named" else INK,
                 extra=' font-style="italic"' if kind == "named" else "")
    return ly + size / 2
