"""The network map of the assessment report: members as circles, ties as lines between them.

A hand-written SVG document like every figure in `charts` (whose parts it uses): circles
coloured by region (the Okabe-Ito palette, safe for colour-blind readers) and sized by degree,
ties as thin grey lines whose width grows with strength (one-sided ties dashed), a legend below.

Every member the map names is named in full. When every full name finds a spot beside its
circle that touches no other circle and no other name (short names, codes), the names stand
there; otherwise the circles carry numbers and a key below the map gives each number's full
name, in columns, grouped by region. Up to `LABEL_ALL` members every member is named; above
it only the `MAX_LABELS` most connected are (text nodes are what WeasyPrint pays for, and a
key of 200 names helps nobody). Circles are pushed apart so that none overlaps another, and
the same network always gives the same bytes.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

from netconsult.render.charts.colour import INK, MUTED, WHITE, readable, text_on, tint
from netconsult.render.charts.svg import (
    DEFAULT_FONT_FAMILY,
    SvgWriter,
    coord,
    font_units,
    no_data_panel,
)
from netconsult.render.charts.text import clean, fit, text_width, xml_text
from netconsult.render.network_map.layout import layout, separate
from netconsult.render.network_map.model import (
    EDGE,
    LABEL_ALL,
    LAYERS,
    MAX_LABELS,
    MAX_REGIONS,
    OTHER,
    PAD,
    PALETTE,
    WIDTH,
    Box,
    MapEdge,
    MapNode,
    Point,
    Tie,
    map_words,
    one_tie_per_pair,
)
from netconsult.render.network_map.placement import (
    Label,
    key_layout,
    number_radius,
    place_names,
)


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
    words = map_words(labels)
    if not nodes:
        return no_data_panel(WIDTH, title, words["no_data"], font_family)
    known: dict[str, MapNode] = {}
    for node in sorted(nodes, key=lambda n: n.id):
        if node.id in known:
            raise ValueError(f"member {node.id!r} is given twice")
        known[node.id] = node
    ties = one_tie_per_pair(edges, known)

    svg = SvgWriter(WIDTH, title, font_family)
    size = font_units(8, svg.units_per_mm)
    number_size = font_units(7, svg.units_per_mm)
    n = len(known)
    all_named = n <= LABEL_ALL
    names, colour = _colours(regions, known.values())
    full = {i: clean(node.label) for i, node in known.items()}
    # Who is named: everyone on a small map; the most connected with ties on a big one.
    ranked = sorted((i for i, node in known.items() if all_named or node.degree > 0),
                    key=lambda i: (-known[i].degree, i))
    named = ranked if all_named else ranked[:MAX_LABELS]

    # Names beside circles when every one fits without touching another circle or name.
    if all_named:
        radius = _radii(known, 0.0)
        pos, caption_y, plot_bottom = _place(known, ties, radius, full, size)
        caption = _caption(words, caption_y, size)
        placed = place_names(named, full, pos, radius, size, (WIDTH, plot_bottom), ties,
                             [caption[1]] if caption else [])
        if placed is not None:
            _draw_map(svg, known, ties, pos, radius, colour, names, caption, size)
            _draw_names(svg, placed, size)
            bottom = _legend(svg, words, known, ties, radius, colour, names, False,
                             plot_bottom + 8, size)
            return svg.render(bottom + PAD)

    # Else numbers in the circles, in region order then by name, and a key below.
    order = {rid: k for k, rid in enumerate(colour)}
    numbered = sorted(named, key=lambda i: (order[known[i].region], full[i].casefold(), i))
    number = {i: k for k, i in enumerate(numbered, start=1)}
    radius = _radii(known, number_radius(len(numbered), number_size) if numbered else 0.0,
                    set(numbered))
    pos, caption_y, plot_bottom = _place(known, ties, radius, {}, size)
    caption = _caption(words, caption_y, size)
    _draw_map(svg, known, ties, pos, radius, colour, names, caption, size)
    for i in numbered:
        x, y = pos[i]
        svg.text(x, y, str(number[i]), number_size, anchor="middle",
                 fill=text_on(colour[known[i].region]), extra=' class="number" font-weight="bold"')
    entries, key_bottom = key_layout(
        [(number[i], full[i], colour[known[i].region]) for i in numbered], PAD,
        WIDTH - 2 * PAD, plot_bottom + 10, size)
    for entry in entries:
        r = number_radius(len(numbered), number_size * 0.9)
        svg.add(f'<circle class="key" cx="{coord(entry.x)}" cy="{coord(entry.y)}" '
                f'r="{coord(r)}" fill="{entry.fill}" stroke="{_outline(entry.fill)}" '
                f'stroke-width="0.8"/>')
        svg.text(entry.x, entry.y, str(entry.number), number_size * 0.9, anchor="middle",
                 fill=text_on(entry.fill), extra=' font-weight="bold"')
        svg.lines(entry.text_x, entry.y, list(entry.lines), size, size * 1.25,
                  extra=' class="key-name"')
    bottom = _legend(svg, words, known, ties, radius, colour, names, not all_named,
                     key_bottom + 6, size)
    return svg.render(bottom + PAD)


def _radii(known: Mapping[str, MapNode], least: float, numbered: Iterable[str] = ()
           ) -> dict[str, float]:
    """Circle sizes: area grows with degree, from a minimum an isolate still shows at; a
    numbered circle is at least `least`, big enough for its number."""
    n = len(known)
    top_degree = max(max(node.degree, 0) for node in known.values()) or 1
    r_min = 3.5 if n <= 50 else 2.5
    r_max = min(14.0, max(7.0, 14.0 * math.sqrt(30 / n)))
    if n <= LABEL_ALL:
        r_min = max(r_min, least)
        r_max = max(r_max, r_min)
    radius = {i: math.sqrt(r_min ** 2 + (r_max ** 2 - r_min ** 2)
                           * max(node.degree, 0) / top_degree) for i, node in known.items()}
    for i in numbered:
        radius[i] = max(radius[i], least)
    return radius


def _place(known: Mapping[str, MapNode], ties: Sequence[Tie], radius: Mapping[str, float],
           beside: Mapping[str, str], size: float
           ) -> tuple[dict[str, Point], float | None, float]:
    """Positions with no two circles overlapping, the isolates' caption line, the map's
    bottom."""
    r_max = max(radius.values())
    pos, caption_y, groups_bottom, plot_bottom = layout(list(known), ties, radius, beside,
                                                        size, r_max)
    tied = [i for i in known if any(i in (t.a, t.b) for t in ties)]
    separate(pos, radius, tied, (PAD, PAD, WIDTH - PAD, groups_bottom))
    return pos, caption_y, plot_bottom


def _caption(words: Mapping[str, str], caption_y: float | None, size: float
             ) -> tuple[str, Box, float] | None:
    if caption_y is None:
        return None
    caption = fit(words["isolates"], 40, 200, size)
    return caption, (PAD, caption_y - size * 0.6, PAD + text_width(caption, size),
                     caption_y + size * 0.6), caption_y


def _draw_map(svg: SvgWriter, known: Mapping[str, MapNode], ties: Sequence[Tie],
              pos: Mapping[str, Point], radius: Mapping[str, float],
              colour: Mapping[str, str], names: Mapping[str, str],
              caption: tuple[str, Box, float] | None, size: float) -> None:
    """Ties, then circles (the most connected last, on top), then the isolates' caption."""
    _draw_ties(svg, ties, pos, thin=len(known) > LABEL_ALL)
    for i in sorted(known, key=lambda i: (known[i].degree, i)):
        node = known[i]
        fill = colour[node.region]
        x, y = pos[i]
        tooltip = fit(f"{clean(node.label)} ({names[node.region]})", 160)
        svg.add(f'<circle class="member" cx="{coord(x)}" cy="{coord(y)}" '
                f'r="{coord(radius[i])}" fill="{fill}" stroke="{_outline(fill)}" '
                f'stroke-width="0.8"><title>{xml_text(tooltip)}</title></circle>')
    if caption is not None:
        svg.text(PAD, caption[2], caption[0], size, fill=MUTED, extra=' font-style="italic"')


def _draw_names(svg: SvgWriter, placed: Sequence[Label], size: float) -> None:
    for label in placed:
        x0, y0, x1, y1 = label.box
        svg.add(f'<rect class="name" x="{coord(x0)}" y="{coord(y0)}" width="{coord(x1 - x0)}" '
                f'height="{coord(y1 - y0)}" rx="2" fill="{WHITE}" fill-opacity="0.85"/>')
    for label in placed:
        svg.text(label.x, label.y, label.text, size, anchor=label.anchor)


def _draw_ties(svg: SvgWriter, ties: Sequence[Tie], pos: Mapping[str, Point],
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


def _legend(svg: SvgWriter, words: Mapping[str, str], known: Mapping[str, MapNode],
            ties: Sequence[Tie], radius: Mapping[str, float], colour: Mapping[str, str],
            names: Mapping[str, str], some_named: bool, top: float, size: float) -> float:
    """Region swatches, then the keys to lines and circles on a line of their own, both
    wrapping, listing only what the map shows; returns the legend's bottom."""
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
    if some_named:
        keys.append(("named", words["some_named"]))
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
