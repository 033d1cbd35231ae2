"""The timeline of the improvement plan: a row per action or event over whole months."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from netconsult.render.charts.colour import (
    FRAME,
    GREY,
    GREY_FILL,
    GRID,
    INK,
    MUTED,
    WHITE,
    ZEBRA,
    accent_colour,
    readable,
    tint,
)
from netconsult.render.charts.svg import (
    DEFAULT_FONT_FAMILY,
    SvgWriter,
    coord,
    font_units,
    hatch,
    no_data_panel,
)
from netconsult.render.charts.text import fit, text_width, wrap, xml_text
from netconsult.render.charts.words import DEFAULT_LABELS, DEFAULT_MONTH_NAMES, chart_words

STATUSES = ("planned", "in-progress", "done", "dropped")
#: Deliverable statuses drawn like the action statuses they amount to.
STATUS_ALIASES = {"submitted": "done", "accepted": "done"}


@dataclass(frozen=True)
class GanttRow:
    """One line of the timeline: a bar from start to end (inclusive), or a milestone."""

    id: str
    label: str
    start: dt.date | None
    end: dt.date | None
    status: str
    milestone: bool = False


def _month_after(day: dt.date, months: int = 1) -> dt.date:
    """The first day of the month `months` after `day`'s, or the last date there is."""
    index = day.year * 12 + day.month - 1 + months
    if index // 12 > dt.MAXYEAR:
        return dt.date.max
    return dt.date(index // 12, index % 12 + 1, 1)


def _month_starts(first: dt.date, last: dt.date) -> list[dt.date]:
    months = [first.replace(day=1)]
    while (following := _month_after(months[-1])) <= last and following != dt.date.max:
        months.append(following)
    return months


def _diamond(cx: float, cy: float, d: float) -> str:
    return (f"M{coord(cx)} {coord(cy - d)}L{coord(cx + d)} {coord(cy)}"
            f"L{coord(cx)} {coord(cy + d)}L{coord(cx - d)} {coord(cy)}Z")


def gantt(
    rows: Sequence[GanttRow],
    *,
    start: dt.date,
    end: dt.date,
    today: dt.date | None,
    accent: str,
    labels: Mapping[str, str] = DEFAULT_LABELS,
    font_family: str = DEFAULT_FONT_FAMILY,
    month_names: Sequence[str] = DEFAULT_MONTH_NAMES,
    title: str | None = None,
    max_label_chars: int = 400,
    today_label: str | None = None,
) -> str:
    """A timeline over whole months from `start` to `end`: one row per `GanttRow`, its label
    wrapped onto as many lines as it needs (never cut), bars styled by status (done solid, in
    progress hatched, planned outlined, dropped grey), a diamond for milestones and rows with
    only an end. `today` is the report's as-of date: a dashed line labelled "As of" (the
    `as_of` label, or `today_label`, such as "As of 21 Oct 2020") when it is in range.
    Anything outside the range is marked by a small arrow at the edge it lies beyond. The
    legend lists only the marks drawn. `max_label_chars` only guards against pathological input."""
    accent = accent_colour(accent)
    words = chart_words(labels)
    if len(month_names) != 12:
        raise ValueError(f"month_names needs 12 names, got {len(month_names)}")
    title = words["gantt_title"] if title is None else title
    width = 680.0
    if not rows:
        return no_data_panel(width, title, words["no_data"], font_family)
    svg = SvgWriter(width, title, font_family)
    size = font_units(8.5, svg.units_per_mm)
    small = font_units(8, svg.units_per_mm)
    pad = 6.0

    if end < start:
        start, end = end, start
    months = _month_starts(start, end)
    axis_start = months[0]
    axis_end = _month_after(months[-1])
    total = (axis_end - axis_start).days
    as_of = today if today is not None and axis_start <= today < axis_end else None

    # Row labels: ids in bold, then the labels wrapped in a column of their own, within 46 %
    # (most action titles take two lines, so the chart stays within a page).
    col_max = width * 0.46
    ids = [fit(row.id, 10, col_max / 3, size) for row in rows]
    gap = max(text_width(rid, size) for rid in ids) + 0.6 * size
    names = [wrap(row.label, col_max - gap, size, max_label_chars) for row in rows]
    label_w = gap + max(text_width(line, size) for name in names for line in name)
    x0 = pad + min(label_w, col_max) + 12
    x1 = width - pad
    plot_w = x1 - x0

    def x(day: dt.date, offset: float = 0.0) -> float:
        return x0 + ((day - axis_start).days + offset) / total * plot_w

    # Header: years above, months below. Every month is labelled, or every 2nd, 3rd... so
    # labels sit on quarters and half-years; past a year per label only years are labelled
    # (every Nth year when even they crowd), and the month line goes.
    abbreviations = [fit(m, 9) for m in month_names]
    month_w = plot_w * 30.44 / total
    need = max(text_width(m, small) for m in abbreviations) + 6
    step = next((s for s in (1, 2, 3, 4, 6) if s * month_w >= need), 12)
    year_need = text_width("0000", small) + 6
    year_step = max(1, math.ceil(year_need / (12 * month_w)))
    year_y = pad + small / 2
    month_y = year_y + small * 1.5
    header = pad + small * (2.5 if step < 12 else 1) + 6
    line_h, bar_h = size * 1.15, 12.0
    heights = [max(24.0, line_h * len(name) + 7) for name in names]
    tops = [header + sum(heights[:i]) for i in range(len(rows))]
    body_bottom = header + sum(heights)
    for i, ms in enumerate(months):
        gx = x(ms)
        january = ms.month == 1
        labelled = step < 12 and (ms.month - 1) % step == 0
        year_labelled = (january or i == 0) and (ms.year - months[0].year) % year_step == 0
        if month_w >= 5 or labelled or (january and (year_step == 1 or year_labelled)):
            svg.line(gx, header - 4 if january or i == 0 else header, gx, body_bottom,
                     FRAME if january else GRID)
        if labelled:
            mx = gx + month_w / 2 if step == 1 else gx + 3
            svg.text(mx, month_y, abbreviations[ms.month - 1], small,
                     anchor="middle" if step == 1 else "start", fill=MUTED)
        if year_labelled:
            following = _month_after(ms.replace(month=1), 12 * year_step)
            if x(min(following, axis_end)) - gx >= year_need:
                svg.text(gx + 3, year_y, str(ms.year), small, extra=' font-weight="bold"')
    svg.line(x1, header, x1, body_bottom, GRID)
    svg.line(x0, header, x1, header, FRAME)

    edge = readable(accent, 3)
    pattern = hatch(svg, accent[1:], edge, tint(accent, 0.25))
    styles = {
        "done": f'fill="{accent}" stroke="{edge}"',
        "in-progress": f'fill="{pattern}" stroke="{edge}"',
        "planned": f'fill="{WHITE}" stroke="{edge}"',
        "dropped": f'fill="{GREY_FILL}" stroke="{GREY}"',
    }
    used: set[str] = set()
    milestone_statuses: set[str] = set()
    for i, (row, rid, name) in enumerate(zip(rows, ids, names, strict=True)):
        top, row_h = tops[i], heights[i]
        mid = top + row_h / 2
        first_y = mid - line_h * (len(name) - 1) / 2  # the label centred on the bar
        if i % 2:
            svg.rect(pad, top, width - 2 * pad, row_h, ZEBRA, extra=' fill-opacity="0.9"')
        status = STATUS_ALIASES.get(row.status, row.status)
        status = status if status in styles else "planned"
        grey = status == "dropped"
        spans = "".join(f'<tspan x="{coord(pad + gap)}" '
                        f'y="{coord(first_y + k * line_h + 0.35 * size)}">'
                        f"{xml_text(line)}</tspan>" for k, line in enumerate(name))
        svg.add(f'<text x="{coord(pad)}" y="{coord(first_y + 0.35 * size)}" '
                f'font-size="{coord(size)}" fill="{MUTED if grey else INK}">'
                f'<tspan font-weight="bold">{xml_text(rid)}</tspan>{spans}</text>')
        first, last = row.start, row.end
        if first is None and last is None:
            continue
        style = styles[status]
        if row.milestone or first is None or last is None:
            day = last if last is not None else first
            assert day is not None
            if day < axis_start or day >= axis_end:
                _edge(svg, day < axis_start, x0, x1, mid)
                continue
            used.add("milestone")
            milestone_statuses.add(status)
            diamond = _diamond(x(day, 0.5), mid, bar_h / 2 + 1.5)
            svg.add(f'<path class="milestone" d="{diamond}" {style} stroke-width="1.2"/>')
            continue
        if last < first:
            first, last = last, first
        if last < axis_start or first >= axis_end:
            _edge(svg, last < axis_start, x0, x1, mid)
            continue
        used.add(status)
        bx0 = x(max(first, axis_start))
        bx1 = x(min(last, axis_end - dt.timedelta(days=1)), 1.0)
        svg.add(f'<rect class="bar" x="{coord(bx0)}" y="{coord(mid - bar_h / 2)}" '
                f'width="{coord(max(bx1 - bx0, 1.5))}" height="{coord(bar_h)}" rx="2" {style} '
                f'stroke-width="1.2"/>')

    as_of_text = fit(words["as_of"] if today_label is None else today_label, 40, 200, small)
    bottom = body_bottom
    if as_of is not None:
        # The line over the rows, its label centred beneath them (kept inside the chart).
        tx = x(as_of, 0.5)
        svg.line(tx, header - 4, tx, body_bottom + 3, INK, 1.2,
                 ' class="as-of" stroke-dasharray="4 3"')
        half = text_width(as_of_text, small) / 2
        lx = min(max(tx, x0 + half), x1 - half)
        bottom += small + 6
        svg.text(lx, body_bottom + 3 + small / 2 + 2, as_of_text, small, anchor="middle",
                 extra=' font-weight="bold"')

    # Legend: only the marks drawn (rows outside the range draw an arrow, not a bar). The
    # milestone sample is drawn like the milestones: in their status's style when they share
    # one, else as a plain outline.
    milestone_style = (styles[next(iter(milestone_statuses))] if len(milestone_statuses) == 1
                       else f'fill="{WHITE}" stroke="{MUTED}"')
    entries: list[tuple[str, str]] = [(s, words[s]) for s in STATUSES if s in used]
    if "milestone" in used:
        entries.append(("milestone", words["milestone"]))
    if as_of is not None:
        entries.append(("as_of", as_of_text))
    lx, ly = pad, bottom + 10 + small / 2
    for key, text in entries:
        text = fit(text, 40, 200, small)
        item_w = 22 + text_width(text, small) + 16
        if lx + item_w > x1 and lx > pad:
            lx, ly = pad, ly + small + 8
        if key == "milestone":
            svg.add(f'<path d="{_diamond(lx + 8, ly, 6.0)}" {milestone_style} '
                    f'stroke-width="1.2"/>')
        elif key == "as_of":
            svg.line(lx + 8, ly - 7, lx + 8, ly + 7, INK, 1.2, ' stroke-dasharray="4 3"')
        else:
            svg.add(f'<rect x="{coord(lx)}" y="{coord(ly - 5)}" width="16" height="10" rx="2" '
                    f'{styles[key]} stroke-width="1.2"/>')
        svg.text(lx + 22, ly, text, small, fill=MUTED)
        lx += item_w
    height = ly + small / 2 + pad if entries else bottom + pad
    return svg.render(height)


def _edge(svg: SvgWriter, before: bool, x0: float, x1: float, mid: float) -> None:
    """A small grey arrow at the edge of the plot for a row outside the date range."""
    if before:
        svg.add(f'<path class="outside" d="M{coord(x0 + 2)} {coord(mid)}l7 -5v10z" '
                f'fill="{GREY}"/>')
    else:
        svg.add(f'<path class="outside" d="M{coord(x1 - 2)} {coord(mid)}l-7 -5v10z" '
                f'fill="{GREY}"/>')
