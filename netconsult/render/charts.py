"""Report figures as small hand-written SVG documents.

PERF.md measured hand-written SVG as far cheaper for WeasyPrint than matplotlib or pygal, with
`<text>` nodes the expensive part, so every chart here keeps its text nodes to the few a reader
needs. Each function is pure and deterministic (same input, same bytes: no random ids, floats
always formatted the same way), escapes every string it is given, truncates long labels with an
ellipsis, and draws a tidy "no data" panel for empty input instead of failing.

Geometry is in viewBox units; the documents declare a natural width of `WIDTH_MM` so that a
figure placed at its natural size on an A4 or US Letter page shows its text at 8-9 pt.
Fixed words (axis titles, legend entries) come from `labels`, merged over `DEFAULT_LABELS`, so
the caller can translate them; month abbreviations come from `month_names`.
"""

from __future__ import annotations

import base64
import datetime as dt
import math
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal
from xml.sax.saxutils import escape

from netconsult.render.labels import N_

Level = Literal["high", "medium", "low"]
LEVELS: tuple[Level, ...] = ("low", "medium", "high")

#: Natural width of every chart: fits A4 and US Letter with 25 mm margins.
WIDTH_MM = 160.0
DEFAULT_FONT_FAMILY = "'Noto Sans', 'DejaVu Sans', sans-serif"
DEFAULT_MONTH_NAMES: tuple[str, ...] = (
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
)
#: Every fixed word the charts draw, in English; pass a partial mapping to translate.
DEFAULT_LABELS: Mapping[str, str] = MappingProxyType({
    "no_data": N_("No data"),
    # priority_effort_matrix
    "matrix_title": N_("Recommendations by priority and effort"),
    "priority": N_("Priority"),
    "effort": N_("Effort"),
    "low": N_("Low"),
    "medium": N_("Medium"),
    "high": N_("High"),
    "quick_wins": N_("Quick wins"),
    # gantt
    "gantt_title": N_("Timeline"),
    "planned": N_("Planned"),
    "in-progress": N_("In progress"),
    "done": N_("Done"),
    "dropped": N_("Dropped"),
    "milestone": N_("Milestone"),
    "today": N_("Today"),
    # bar_chart
    "bar_title": N_("Bar chart"),
    "suppressed": N_("Not shown"),
    # likert_chart
    "likert_title": N_("Answers on the agreement scale"),
    "likert_1": N_("Strongly disagree"),
    "likert_2": N_("Disagree"),
    "likert_3": N_("Neither"),
    "likert_4": N_("Agree"),
    "likert_5": N_("Strongly agree"),
})

# A restrained palette: greys, plus the accent the caller passes.
INK = "#333333"
MUTED = "#6e6e6e"
GRID = "#e2e2e2"
FRAME = "#bdbdbd"
GREY = "#b8b8b8"
GREY_FILL = "#dedede"
ZEBRA = "#f6f6f6"
WHITE = "#ffffff"

STATUSES = ("planned", "in-progress", "done", "dropped")
#: Deliverable statuses drawn like the action statuses they amount to.
STATUS_ALIASES = {"submitted": "done", "accepted": "done"}


# --- inputs -----------------------------------------------------------------------------


def _check_level(value: str, field: str) -> None:
    if value not in LEVELS:
        raise ValueError(f"{field} must be one of high, medium, low, not {value!r}")


@dataclass(frozen=True)
class MatrixItem:
    """A recommendation placed by priority (rows) and effort (columns)."""

    id: str
    title: str
    priority: Level
    effort: Level

    def __post_init__(self) -> None:
        _check_level(self.priority, "priority")
        _check_level(self.effort, "effort")


@dataclass(frozen=True)
class GanttRow:
    """One line of the timeline: a bar from start to end (inclusive), or a milestone."""

    id: str
    label: str
    start: dt.date | None
    end: dt.date | None
    status: str
    milestone: bool = False


@dataclass(frozen=True)
class Bar:
    """A horizontal bar; `value` None means suppressed, shown as a placeholder with `note`."""

    label: str
    value: float | None
    note: str | None = None


@dataclass(frozen=True)
class LikertRow:
    """One item's answers: the share answering 1..5 (summing to 1), or None if suppressed."""

    label: str
    shares: tuple[float, float, float, float, float] | None
    note: str | None = None
    favourable: str = "agree"  # "agree" or "disagree": the favourable side as worded


def default_value_format(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def svg_data_uri(svg: str) -> str:
    """`svg` as a data: URI for `<img src=...>` (WeasyPrint lays out images cheaper than
    inline SVG, and the HTML output stays self-contained)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


# --- text -------------------------------------------------------------------------------

# Characters XML 1.0 cannot carry at all; a label holding one would make the file unreadable.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_JOINERS = frozenset("\u200d\ufe0e\ufe0f")
_MARKS = frozenset("\u200e\u200f")
ELLIPSIS = "…"


def _clean(text: object) -> str:
    return " ".join(_NOT_XML.sub("", str(text)).split())


def _t(text: str) -> str:
    """Text content, escaped."""
    return escape(_NOT_XML.sub("", text))


def _a(text: str) -> str:
    """An attribute value for double quotes, escaped."""
    return escape(_NOT_XML.sub("", text), {'"': "&quot;", "'": "&apos;"})


def _em(char: str) -> float:
    """Rough advance width of a character in em, erring wide: text is never measured."""
    if char in _JOINERS or char in _MARKS or unicodedata.combining(char):
        return 0.0
    if unicodedata.east_asian_width(char) in "WF" or ord(char) >= 0x1F000:
        return 1.0
    if char in " .,:;'!|iIjlft()[]":
        return 0.34
    if char.isupper() or char.isdigit() or char in "mwMW":
        return 0.7
    return 0.58


def text_width(text: str, size: float) -> float:
    return sum(_em(c) for c in text) * size


def _attaches(char: str) -> bool:
    """True for a character that belongs to the one before it (accents, emoji modifiers)."""
    return (char in _JOINERS or unicodedata.category(char) in ("Mn", "Mc", "Me")
            or 0x1F3FB <= ord(char) <= 0x1F3FF)


def fit(text: object, max_chars: int, max_width: float = math.inf, size: float = 12.0) -> str:
    """`text` on one line, cut with an ellipsis to at most `max_chars` characters and about
    `max_width` units at font size `size`; never cuts an accent or emoji from its base."""
    s = _clean(text)
    max_chars = max(max_chars, 1)
    if len(s) <= max_chars and text_width(s, size) <= max_width:
        return s
    room = max_width - text_width(ELLIPSIS, size)
    n, used = 0, 0.0
    for char in s[: max_chars - 1]:
        used += _em(char) * size
        if used > room:
            break
        n += 1
    while 0 < n < len(s) and _attaches(s[n]):
        n -= 1
    while n > 0 and s[n - 1] in _JOINERS:
        n -= 1
    # A right-to-left label keeps its ellipsis at its own (left) end: a right-to-left mark
    # after it makes the ellipsis part of the label's run instead of the chart's LTR text.
    return s[:n].rstrip() + ELLIPSIS + ("\u200f" if _rtl(s) else "")


def _rtl(text: str) -> bool:
    """True when the first strongly directional character of `text` is right-to-left."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


# --- numbers and colours ----------------------------------------------------------------


def _n(x: float) -> str:
    """Coordinates with one decimal, the same bytes on every machine."""
    s = f"{x:.1f}"
    if s.endswith(".0"):
        s = s[:-2]
    return "0" if s == "-0" else s


_HEX = re.compile(r"#[0-9A-Fa-f]{6}")


def _accent(colour: str) -> str:
    if not isinstance(colour, str) or not _HEX.fullmatch(colour):
        raise ValueError(f"accent must be a colour written as #RRGGBB, not {colour!r}")
    return colour.lower()


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def tint(colour: str, share: float) -> str:
    """`colour` mixed with white: `share` of the colour, the rest white."""
    r, g, b = (round(255 - (255 - c) * share) for c in _rgb(colour))
    return f"#{r:02x}{g:02x}{b:02x}"


def _luminance(colour: str) -> float:
    def channel(c: int) -> float:
        v = c / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _on(colour: str) -> str:
    """Text colour readable on a `colour` background (brand colours can be light)."""
    return WHITE if _contrast(WHITE, colour) >= _contrast("#1a1a1a", colour) else "#1a1a1a"


def _readable(colour: str, ratio: float) -> str:
    """`colour`, darkened just enough to reach `ratio` contrast on white: a light brand
    colour still gives visible outlines (3:1) and legible text (4.5:1)."""
    r, g, b = _rgb(colour)
    for step in range(11):
        keep = 1 - step / 10
        darker = f"#{round(r * keep):02x}{round(g * keep):02x}{round(b * keep):02x}"
        if _contrast(darker, WHITE) >= ratio:
            return darker
    return "#000000"


def _pt(points: float, units_per_mm: float) -> float:
    """A font size in viewBox units that prints at `points` when the chart is WIDTH_MM wide."""
    return points * 25.4 / 72 * units_per_mm


# --- the document -----------------------------------------------------------------------


class _Svg:
    def __init__(self, width: float, title: str, font_family: str) -> None:
        self.width = width
        self.title = fit(title, 300)
        self.font_family = font_family
        self.defs: list[str] = []
        self.parts: list[str] = []

    @property
    def units_per_mm(self) -> float:
        return self.width / WIDTH_MM

    def add(self, part: str) -> None:
        self.parts.append(part)

    def rect(self, x: float, y: float, w: float, h: float, fill: str, stroke: str = "none",
             extra: str = "") -> None:
        stroke_attr = f' stroke="{stroke}"' if stroke != "none" else ""
        self.add(f'<rect{extra} x="{_n(x)}" y="{_n(y)}" width="{_n(max(w, 0))}" '
                 f'height="{_n(max(h, 0))}" fill="{fill}"{stroke_attr}/>')

    def line(self, x1: float, y1: float, x2: float, y2: float, stroke: str,
             width: float = 1, extra: str = "") -> None:
        self.add(f'<line x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" '
                 f'stroke="{stroke}" stroke-width="{_n(width)}"{extra}/>')

    def text(self, x: float, y: float, text: str, size: float, *, anchor: str = "start",
             fill: str = INK, extra: str = "") -> None:
        """One text node; `y` is the middle of the line (baselines are computed here because
        WeasyPrint ignores dominant-baseline)."""
        anchor_attr = f' text-anchor="{anchor}"' if anchor != "start" else ""
        self.add(f'<text x="{_n(x)}" y="{_n(y + 0.35 * size)}" font-size="{_n(size)}" '
                 f'fill="{fill}"{anchor_attr}{extra}>{_t(text)}</text>')

    def render(self, height: float) -> str:
        height_mm = height / self.units_per_mm
        defs = f"<defs>{''.join(self.defs)}</defs>" if self.defs else ""
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" role="img" '
            f'width="{_n(WIDTH_MM)}mm" height="{_n(height_mm)}mm" '
            f'viewBox="0 0 {_n(self.width)} {_n(height)}" '
            f'font-family="{_a(self.font_family)}">'
            f"<title>{_t(self.title)}</title>{defs}{''.join(self.parts)}</svg>\n"
        )


def _hatch(svg: _Svg, key: str, line: str, ground: str) -> str:
    """A diagonal hatch pattern; its id is derived from its colours, so two charts inlined in
    one HTML page that share an id also share the same pattern."""
    pid = f"nc-hatch-{key}"
    svg.defs.append(
        f'<pattern id="{pid}" width="6" height="6" patternUnits="userSpaceOnUse">'
        f'<rect width="6" height="6" fill="{ground}"/>'
        f'<path d="M0 6L6 0M-1.5 1.5L1.5 -1.5M4.5 7.5L7.5 4.5" stroke="{line}" '
        f'stroke-width="1.3"/></pattern>'
    )
    return f"url(#{pid})"


def _labels(labels: Mapping[str, str]) -> dict[str, str]:
    unknown = sorted(set(labels) - set(DEFAULT_LABELS))
    if unknown:
        raise ValueError(f"unknown chart label(s): {', '.join(unknown)}; "
                         f"known: {', '.join(DEFAULT_LABELS)}")
    return {**DEFAULT_LABELS, **labels}


def _no_data(width: float, title: str, message: str, font_family: str) -> str:
    svg = _Svg(width, title, font_family)
    height = width / 6
    svg.rect(0.5, 0.5, width - 1, height - 1, WHITE, FRAME, ' rx="4"')
    size = _pt(9, svg.units_per_mm)
    svg.text(width / 2, height / 2, fit(message, 60), size, anchor="middle", fill=MUTED,
             extra=' font-style="italic"')
    return svg.render(height)


# --- priority × effort matrix -----------------------------------------------------------


def _pack(n: int, w: float, h: float, max_pitch: float) -> tuple[int, float]:
    """Columns and pitch of the largest square grid of `n` markers fitting a w × h box."""
    best_cols, best_pitch = 1, 0.0
    for cols in range(1, n + 1):
        pitch = min(w / cols, h / math.ceil(n / cols))
        if pitch > best_pitch + 1e-9:
            best_cols, best_pitch = cols, pitch
    pitch = min(best_pitch, max_pitch)
    cols = max(1, min(n, int(w / pitch + 1e-9))) if pitch else best_cols
    return cols, pitch


def priority_effort_matrix(
    items: Sequence[MatrixItem],
    *,
    accent: str,
    labels: Mapping[str, str] = DEFAULT_LABELS,
    font_family: str = DEFAULT_FONT_FAMILY,
    title: str | None = None,
) -> str:
    """A 3 × 3 grid, effort low → high across, priority low → high upwards, each item a
    numbered circle in its cell; the high-priority, low-effort cell is the shaded quick wins.
    Item titles only go into each marker's `<title>`: the report's table carries them."""
    accent = _accent(accent)
    words = _labels(labels)
    title = words["matrix_title"] if title is None else title
    width, height = 600.0, 450.0
    if not items:
        return _no_data(width, title, words["no_data"], font_family)
    svg = _Svg(width, title, font_family)
    size = _pt(9, svg.units_per_mm)
    small = _pt(8, svg.units_per_mm)

    ticks = {level: fit(words[level], 14, 90, size) for level in LEVELS}
    tick_w = max(text_width(t, size) for t in ticks.values())
    left = 6 + size + 16 + tick_w + 8
    top, right = 6.0, 6.0
    bottom = height - (2 * size + 22)
    cell_w, cell_h = (width - right - left) / 3, (bottom - top) / 3

    shade = {("high", "low"): tint(accent, 0.2),
             ("high", "medium"): tint(accent, 0.08), ("medium", "low"): tint(accent, 0.08)}
    for row, priority in enumerate(reversed(LEVELS)):
        for col, effort in enumerate(LEVELS):
            svg.rect(left + col * cell_w, top + row * cell_h, cell_w, cell_h,
                     shade.get((priority, effort), WHITE), GRID, ' class="cell"')
    svg.rect(left, top, 3 * cell_w, 3 * cell_h, "none", FRAME)
    band = small + 10  # room for the quick-wins label, kept in every cell for an even look
    svg.text(left + 7, top + 5 + small / 2, fit(words["quick_wins"], 24, cell_w - 14, small),
             small, fill=_readable(accent, 4.5), extra=' font-style="italic"')

    for i, level in enumerate(LEVELS):
        svg.text(left + (i + 0.5) * cell_w, bottom + 6 + size / 2, ticks[level], size,
                 anchor="middle")
        svg.text(left - 8, bottom - (i + 0.5) * cell_h, ticks[level], size, anchor="end")
    axis = ' font-weight="bold"'
    svg.text(left + 1.5 * cell_w, bottom + 14 + 1.5 * size,
             fit(words["effort"], 40, 3 * cell_w, size), size, anchor="middle", extra=axis)
    cx, cy = 6 + size / 2, top + 1.5 * cell_h
    svg.add(f'<g transform="rotate(-90 {_n(cx)} {_n(cy)})">')
    svg.text(cx, cy, fit(words["priority"], 40, 3 * cell_h, size), size, anchor="middle",
             extra=axis)
    svg.add("</g>")

    # Lay every cell out first: markers of the same size share one font size.
    cells: dict[tuple[str, str], list[MatrixItem]] = {}
    for item in items:
        cells.setdefault((item.priority, item.effort), []).append(item)
    placed: list[tuple[MatrixItem, str, float, float, float]] = []
    for (priority, effort), members in cells.items():
        x0 = left + LEVELS.index(effort) * cell_w + 6
        y0 = top + (2 - LEVELS.index(priority)) * cell_h + band
        w, h = cell_w - 12, cell_h - band - 6
        cols, pitch = _pack(len(members), w, h, 30.0)
        rows = math.ceil(len(members) / cols)
        r = min(12.0, pitch * 0.42)
        gx = x0 + (w - cols * pitch) / 2
        gy = y0 + (h - rows * pitch) / 2
        for k, item in enumerate(members):
            placed.append((item, fit(item.id, 4), gx + (k % cols + 0.5) * pitch,
                           gy + (k // cols + 0.5) * pitch, r))
    widest = max(max(text_width(shown, 1) for _, shown, _, _, _ in placed), 1.0)
    on_accent = _on(accent)
    for item, shown, x, y, r in placed:
        font = min(small, 2 * r * 0.8 / widest)
        tooltip = fit(f"{_clean(item.id)}: {_clean(item.title)}", 160)
        svg.add(f'<circle class="item" cx="{_n(x)}" cy="{_n(y)}" r="{_n(r)}" fill="{accent}" '
                f'stroke="{WHITE}" stroke-width="1"><title>{_t(tooltip)}</title></circle>')
        svg.text(x, y, shown, font, anchor="middle", fill=on_accent, extra=' font-weight="bold"')
    return svg.render(height)


# --- gantt ------------------------------------------------------------------------------


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
    max_label_chars: int = 36,
) -> str:
    """A timeline over whole months from `start` to `end`: one row per `GanttRow`, bars styled
    by status (done solid, in progress hatched, planned outlined, dropped grey), a diamond for
    milestones and rows with only an end, a dashed line at `today` when it is in range.
    Anything outside the range is marked by a small arrow at the edge it lies beyond."""
    accent = _accent(accent)
    words = _labels(labels)
    if len(month_names) != 12:
        raise ValueError(f"month_names needs 12 names, got {len(month_names)}")
    title = words["gantt_title"] if title is None else title
    width = 680.0
    if not rows:
        return _no_data(width, title, words["no_data"], font_family)
    svg = _Svg(width, title, font_family)
    size = _pt(9, svg.units_per_mm)
    small = _pt(8, svg.units_per_mm)
    pad = 6.0

    if end < start:
        start, end = end, start
    months = _month_starts(start, end)
    axis_start = months[0]
    axis_end = _month_after(months[-1])
    total = (axis_end - axis_start).days

    # Row labels: ids in bold, then the labels in a column of their own, within 38 %.
    col_max = width * 0.38
    ids = [fit(row.id, 10, col_max / 3, size) for row in rows]
    gap = max(text_width(rid, size) for rid in ids) + 0.6 * size
    names = [fit(row.label, max_label_chars, col_max - gap, size) for row in rows]
    label_w = gap + max(text_width(name, size) for name in names)
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
    year_y, month_y = pad + small / 2, pad + small * 2
    header = pad + small * (2.5 if step < 12 else 1) + 6
    row_h, bar_h = 24.0, 12.0
    body_top, body_bottom = header, header + row_h * len(rows)
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

    edge = _readable(accent, 3)
    hatch = _hatch(svg, accent[1:], edge, tint(accent, 0.25))
    styles = {
        "done": f'fill="{accent}" stroke="{edge}"',
        "in-progress": f'fill="{hatch}" stroke="{edge}"',
        "planned": f'fill="{WHITE}" stroke="{edge}"',
        "dropped": f'fill="{GREY_FILL}" stroke="{GREY}"',
    }
    used: list[str] = []
    any_milestone = False
    for i, (row, rid, label) in enumerate(zip(rows, ids, names, strict=True)):
        top = body_top + i * row_h
        mid = top + row_h / 2
        if i % 2:
            svg.rect(pad, top, width - 2 * pad, row_h, ZEBRA, extra=' fill-opacity="0.9"')
        status = STATUS_ALIASES.get(row.status, row.status)
        status = status if status in styles else "planned"
        grey = status == "dropped"
        svg.add(f'<text x="{_n(pad)}" y="{_n(mid + 0.35 * size)}" font-size="{_n(size)}" '
                f'fill="{MUTED if grey else INK}"><tspan font-weight="bold">{_t(rid)}</tspan>'
                f'<tspan x="{_n(pad + gap)}">{_t(label)}</tspan></text>')
        first, last = row.start, row.end
        if first is None and last is None:
            continue
        if status not in used:
            used.append(status)
        style = styles[status]
        if row.milestone or first is None or last is None:
            any_milestone = True
            day = last if last is not None else first
            assert day is not None
            if day < axis_start or day >= axis_end:
                _edge(svg, day < axis_start, x0, x1, mid)
                continue
            cx, d = x(day, 0.5), bar_h / 2 + 1.5
            svg.add(f'<path class="milestone" d="M{_n(cx)} {_n(mid - d)}L{_n(cx + d)} {_n(mid)}'
                    f'L{_n(cx)} {_n(mid + d)}L{_n(cx - d)} {_n(mid)}Z" {style} '
                    f'stroke-width="1.2"/>')
            continue
        if last < first:
            first, last = last, first
        if last < axis_start or first >= axis_end:
            _edge(svg, last < axis_start, x0, x1, mid)
            continue
        bx0 = x(max(first, axis_start))
        bx1 = x(min(last, axis_end - dt.timedelta(days=1)), 1.0)
        svg.add(f'<rect class="bar" x="{_n(bx0)}" y="{_n(mid - bar_h / 2)}" '
                f'width="{_n(max(bx1 - bx0, 1.5))}" height="{_n(bar_h)}" rx="2" {style} '
                f'stroke-width="1.2"/>')

    bottom = body_bottom
    if today is not None and axis_start <= today < axis_end:
        tx = x(today, 0.5)
        svg.line(tx, header - 4, tx, body_bottom + 4, INK, 1.2, ' stroke-dasharray="4 3"')

    # Legend: only what the chart shows.
    entries: list[tuple[str, str]] = [(s, words[s]) for s in STATUSES if s in used]
    if any_milestone:
        entries.append(("milestone", words["milestone"]))
    if today is not None and axis_start <= today < axis_end:
        entries.append(("today", words["today"]))
    lx, ly = pad, bottom + 10 + small / 2
    for key, text in entries:
        text = fit(text, 24, 200, small)
        item_w = 22 + text_width(text, small) + 16
        if lx + item_w > x1 and lx > pad:
            lx, ly = pad, ly + small + 8
        if key == "milestone":
            d = 6.0
            svg.add(f'<path d="M{_n(lx + 8)} {_n(ly - d)}L{_n(lx + 8 + d)} {_n(ly)}'
                    f'L{_n(lx + 8)} {_n(ly + d)}L{_n(lx + 8 - d)} {_n(ly)}Z" '
                    f'fill="{MUTED}"/>')
        elif key == "today":
            svg.line(lx + 8, ly - 7, lx + 8, ly + 7, INK, 1.2, ' stroke-dasharray="4 3"')
        else:
            svg.add(f'<rect x="{_n(lx)}" y="{_n(ly - 5)}" width="16" height="10" rx="2" '
                    f'{styles[key]} stroke-width="1.2"/>')
        svg.text(lx + 22, ly, text, small, fill=MUTED)
        lx += item_w
    height = ly + small / 2 + pad if entries else bottom + pad
    return svg.render(height)


def _edge(svg: _Svg, before: bool, x0: float, x1: float, mid: float) -> None:
    """A small grey arrow at the edge of the plot for a row outside the date range."""
    if before:
        svg.add(f'<path class="outside" d="M{_n(x0 + 2)} {_n(mid)}l7 -5v10z" fill="{GREY}"/>')
    else:
        svg.add(f'<path class="outside" d="M{_n(x1 - 2)} {_n(mid)}l-7 -5v10z" fill="{GREY}"/>')


# --- horizontal bars --------------------------------------------------------------------


def _finite(value: float | None) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def bar_chart(
    bars: Sequence[Bar],
    *,
    accent: str,
    labels: Mapping[str, str] = DEFAULT_LABELS,
    font_family: str = DEFAULT_FONT_FAMILY,
    value_format: Callable[[float], str] = default_value_format,
    title: str | None = None,
    max_label_chars: int = 40,
    scale: tuple[float, float] | None = None,
) -> str:
    """Horizontal bars with their values at the ends. A bar without a value (suppressed to
    protect a small group) is a short hatched stub with its note instead of a length."""
    accent = _accent(accent)
    words = _labels(labels)
    title = words["bar_title"] if title is None else title
    width = 600.0
    if not bars:
        return _no_data(width, title, words["no_data"], font_family)
    svg = _Svg(width, title, font_family)
    size = _pt(9, svg.units_per_mm)
    pad = 6.0

    col_max = width * 0.4
    names = [fit(b.label, max_label_chars, col_max, size) for b in bars]
    values = [_finite(b.value) for b in bars]
    shown = [fit(value_format(v), 16) if v is not None else "" for v in values]
    label_w = max(text_width(n, size) for n in names)
    room = max(text_width(s, size) for s in shown) + 8
    finite = [v for v in values if v is not None]
    lo, hi = min([0.0, *finite]), max([0.0, *finite])
    if hi == lo:
        hi = lo + 1.0
    x0 = pad + min(label_w, col_max) + 10 + (room if lo < 0 else 0)
    x1 = width - pad - room
    zero = x0 + (0 - lo) / (hi - lo) * (x1 - x0)

    def x(v: float) -> float:
        return x0 + (v - lo) / (hi - lo) * (x1 - x0)

    row_h, bar_h = 26.0, 16.0
    top = pad
    hatch = ""
    for i, (bar, name, value, text) in enumerate(zip(bars, names, values, shown, strict=True)):
        mid = top + (i + 0.5) * row_h
        svg.text(x0 - 10 - (room if lo < 0 else 0), mid, name, size, anchor="end")
        if value is None:
            hatch = hatch or _hatch(svg, "grey", GREY, WHITE)
            stub = 24.0
            svg.rect(zero, mid - bar_h / 2, stub, bar_h, hatch, GREY, ' class="suppressed"')
            note = bar.note if bar.note is not None and _clean(bar.note) else words["suppressed"]
            svg.text(zero + stub + 6, mid, fit(note, 60, width - pad - zero - stub - 6, size),
                     size, fill=MUTED, extra=' font-style="italic"')
            continue
        end = x(value)
        svg.rect(min(zero, end), mid - bar_h / 2, abs(end - zero), bar_h, accent,
                 extra=' class="bar"')
        if value >= 0:
            svg.text(end + 4, mid, text, size)
        else:
            svg.text(end - 4, mid, text, size, anchor="end")
    bottom = top + row_h * len(bars)
    svg.line(zero, top, zero, bottom, FRAME)
    return svg.render(bottom + pad)



# --- agreement scales -------------------------------------------------------------------


def likert_chart(
    rows: Sequence[LikertRow],
    *,
    accent: str,
    labels: Mapping[str, str] = DEFAULT_LABELS,
    font_family: str = DEFAULT_FONT_FAMILY,
    title: str | None = None,
    max_label_chars: int = 110,
) -> str:
    """One 100 % bar per item, split into the five answers, disagreement left (greys) and
    agreement right (the accent), with the share agreeing printed at the end. A suppressed
    item is a hatched stub with its note."""
    accent = _accent(accent)
    words = _labels(labels)
    title = words["likert_title"] if title is None else title
    width = 600.0
    if not rows:
        return _no_data(width, title, words["no_data"], font_family)
    svg = _Svg(width, title, font_family)
    size = _pt(8.5, svg.units_per_mm)
    pad = 6.0
    fills = ("#8c8c8c", "#c4c4c4", "#ececec", tint(accent, 0.55), accent)

    # Labels wrap onto two lines above their bar: long survey items stay readable.
    room = text_width("100 %", size) + 10
    x0, x1 = pad, width - pad - room
    line_h, bar_h = size * 1.25, 13.0
    y = pad + 22.0  # below the legend
    hatch = ""
    for row in rows:
        lines = _two_lines(_clean(row.label), max_label_chars, x1 - x0, size)
        for j, line in enumerate(lines):
            svg.text(x0, y + line_h * (j + 0.5), line, size)
        bar_y = y + line_h * len(lines) + 3
        y = bar_y + bar_h + 10
        if row.shares is None:
            hatch = hatch or _hatch(svg, "grey", GREY, WHITE)
            svg.rect(x0, bar_y, 24, bar_h, hatch, GREY, ' class="suppressed"')
            note = row.note if row.note is not None and _clean(row.note) else words["suppressed"]
            svg.text(x0 + 30, bar_y + bar_h / 2, fit(note, 60), size, fill=MUTED,
                     extra=' font-style="italic"')
            continue
        shares = [max(0.0, _finite(v) or 0.0) for v in row.shares]
        total = sum(shares) or 1.0
        x = x0
        for share, fill in zip(shares, fills, strict=True):
            w = share / total * (x1 - x0)
            if w > 0:
                svg.rect(x, bar_y, w, bar_h, fill, extra=' class="answer"')
            x += w
        agree = (shares[3] + shares[4]) / total
        svg.text(x1 + 6, bar_y + bar_h / 2, f"{agree * 100:.0f} %", size)
    # The legend, left to right in scale order.
    x = x0
    for k, fill in enumerate(fills, start=1):
        svg.rect(x, pad + 4, 10, 10, fill, FRAME)
        word = fit(words[f"likert_{k}"], 24)
        svg.text(x + 14, pad + 9, word, size)
        x += 14 + text_width(word, size) + 14
    return svg.render(y - 10 + pad)


def _two_lines(text: str, max_chars: int, max_width: float, size: float) -> list[str]:
    """`text` broken at a space into at most two lines, the second cut with an ellipsis."""
    if text_width(text, size) <= max_width and len(text) <= max_chars:
        return [text]
    words = text.split(" ")
    first = ""
    for k in range(len(words), 0, -1):
        candidate = " ".join(words[:k])
        if text_width(candidate, size) <= max_width and len(candidate) <= max_chars:
            first = candidate
            rest = " ".join(words[k:])
            break
    else:
        return [fit(text, max_chars, max_width, size)]
    return [first, fit(rest, max_chars, max_width, size)] if rest else [first]
