"""Horizontal bars: counts from zero, or scores on a fixed scale drawn as an axis."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from netconsult.render.charts.colour import FRAME, GREY, GRID, MUTED, WHITE, accent_colour
from netconsult.render.charts.svg import (
    DEFAULT_FONT_FAMILY,
    SvgWriter,
    finite,
    font_units,
    hatch,
    no_data_panel,
)
from netconsult.render.charts.text import clean, fit, text_width
from netconsult.render.charts.words import DEFAULT_LABELS, chart_words, default_value_format


@dataclass(frozen=True)
class Bar:
    """A horizontal bar; `value` None means suppressed, shown as a placeholder with `note`."""

    label: str
    value: float | None
    note: str | None = None


def _ticks(lo: float, hi: float) -> list[float]:
    """Where the axis is labelled. A scale of whole numbers (3 or more apart) gets every
    whole number, or every 2nd, 5th, 10th... when there would be more than ten; a narrower
    one (shares from 0 to 1) gets at most five even steps such as 0.2 or 0.25."""
    span = hi - lo
    if span >= 3:
        steps = [float(m * 10 ** k) for k in range(40) for m in (1, 2, 5)]
        limit = 10
    else:
        steps = [m * 10.0 ** k for k in range(-6, 1) for m in (1, 2, 2.5, 5)]
        limit = 5
    step = next(s for s in steps if span / s <= limit + 1e-9)
    first = math.ceil(lo / step - 1e-9)
    last = math.floor(hi / step + 1e-9)
    return [round(k * step, 9) for k in range(first, last + 1)]


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
    """Horizontal bars with their values at the ends. Without `scale` bars start at zero and
    the longest fills the width (counts). With `scale` = (low, high) the value axis is fixed:
    bars start at `low`, a bar at `high` fills the width, and the axis below carries a tick,
    a label and a light grid line at each whole number, so 3.7 of 5 reads as 3.7 of 5 (a
    scale of shares, (0, 1), is marked every 20 % in `value_format`). A bar without a value
    (suppressed to protect a small group) is a short hatched stub with its note instead of a
    length."""
    accent = accent_colour(accent)
    words = chart_words(labels)
    title = words["bar_title"] if title is None else title
    width = 600.0
    if not bars:
        return no_data_panel(width, title, words["no_data"], font_family)
    if scale is not None:
        lo_s, hi_s = (finite(v) for v in scale)
        if lo_s is None or hi_s is None or hi_s <= lo_s:
            raise ValueError(f"scale must be (low, high) with low < high, not {scale!r}")
    svg = SvgWriter(width, title, font_family)
    size = font_units(9, svg.units_per_mm)
    small = font_units(8, svg.units_per_mm)
    pad = 6.0

    col_max = width * 0.4
    names = [fit(b.label, max_label_chars, col_max, size) for b in bars]
    values = [finite(b.value) for b in bars]
    shown = [fit(value_format(v), 16) if v is not None else "" for v in values]
    label_w = max(text_width(n, size) for n in names)
    room = max(text_width(s, size) for s in shown) + 8
    if scale is not None:
        lo, hi = lo_s, hi_s
        values = [None if v is None else min(max(v, lo), hi) for v in values]
        base = lo
    else:
        finite_values = [v for v in values if v is not None]
        lo, hi = min([0.0, *finite_values]), max([0.0, *finite_values])
        if hi == lo:
            hi = lo + 1.0
        base = 0.0
    x0 = pad + min(label_w, col_max) + 10 + (room if lo < 0 else 0)
    x1 = width - pad - room

    def x(v: float) -> float:
        return x0 + (v - lo) / (hi - lo) * (x1 - x0)

    start = x(base)
    row_h, bar_h = 26.0, 16.0
    top = pad
    bottom = top + row_h * len(bars)
    ticks = _ticks(lo, hi) if scale is not None else []
    for tick in ticks:
        if tick != base:
            svg.line(x(tick), top, x(tick), bottom, GRID, 1, ' class="grid"')
    pattern = ""
    for i, (bar, name, value, text) in enumerate(zip(bars, names, values, shown, strict=True)):
        mid = top + (i + 0.5) * row_h
        svg.text(x0 - 10 - (room if lo < 0 else 0), mid, name, size, anchor="end")
        if value is None:
            pattern = pattern or hatch(svg, "grey", GREY, WHITE)
            stub = 24.0
            svg.rect(start, mid - bar_h / 2, stub, bar_h, pattern, GREY, ' class="suppressed"')
            note = bar.note if bar.note is not None and clean(bar.note) else words["suppressed"]
            svg.text(start + stub + 6, mid, fit(note, 60, width - pad - start - stub - 6, size),
                     size, fill=MUTED, extra=' font-style="italic"')
            continue
        end = x(value)
        svg.rect(min(start, end), mid - bar_h / 2, abs(end - start), bar_h, accent,
                 extra=' class="bar"')
        if value >= base:
            svg.text(end + 4, mid, text, size)
        else:
            svg.text(end - 4, mid, text, size, anchor="end")
    svg.line(start, top, start, bottom, FRAME)
    if not ticks:
        return svg.render(bottom + pad)
    # The value axis: a baseline, a tick and a label at each whole number (at each step, in
    # the values' own format, on a scale narrower than that).
    whole = all(float(t).is_integer() for t in ticks)
    svg.line(x0, bottom, x1, bottom, FRAME)
    for tick in ticks:
        tx = x(tick)
        svg.line(tx, bottom, tx, bottom + 4, FRAME, 1, ' class="tick"')
        label = f"{tick:.0f}" if whole else value_format(tick)
        svg.text(tx, bottom + 6 + small / 2, label, small, anchor="middle", fill=MUTED)
    return svg.render(bottom + 6 + small + pad)
