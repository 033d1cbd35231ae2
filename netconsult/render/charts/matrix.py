"""The priority × effort matrix of the recommendation report, with its own key."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from netconsult.render.charts.colour import (
    FRAME,
    GRID,
    INK,
    MUTED,
    WHITE,
    accent_colour,
    readable,
    text_on,
    tint,
)
from netconsult.render.charts.svg import (
    DEFAULT_FONT_FAMILY,
    SvgWriter,
    coord,
    font_units,
    no_data_panel,
)
from netconsult.render.charts.text import clean, fit, text_width, xml_text
from netconsult.render.charts.words import DEFAULT_LABELS, chart_words

Level = Literal["high", "medium", "low"]
LEVELS: tuple[Level, ...] = ("low", "medium", "high")


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
    numbered circle in its cell; the high-priority, low-effort cell is the shaded quick wins,
    the two cells next to it lightly shaded. A key below says what the axes, the shading and
    the circles mean. Item titles only go into each marker's `<title>`: the report's table
    carries them."""
    accent = accent_colour(accent)
    words = chart_words(labels)
    title = words["matrix_title"] if title is None else title
    width, grid_h = 600.0, 390.0
    if not items:
        return no_data_panel(width, title, words["no_data"], font_family)
    svg = SvgWriter(width, title, font_family)
    size = font_units(9, svg.units_per_mm)
    small = font_units(8, svg.units_per_mm)

    ticks = {level: fit(words[level], 14, 90, size) for level in LEVELS}
    tick_w = max(text_width(t, size) for t in ticks.values())
    left = 6 + size + 16 + tick_w + 8
    top, right = 6.0, 6.0
    bottom = grid_h - (2 * size + 22)
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
             small, fill=readable(accent, 4.5), extra=' font-style="italic"')

    for i, level in enumerate(LEVELS):
        svg.text(left + (i + 0.5) * cell_w, bottom + 6 + size / 2, ticks[level], size,
                 anchor="middle")
        svg.text(left - 8, bottom - (i + 0.5) * cell_h, ticks[level], size, anchor="end")
    axis = ' font-weight="bold"'
    svg.text(left + 1.5 * cell_w, bottom + 14 + 1.5 * size,
             fit(words["effort"], 40, 3 * cell_w, size), size, anchor="middle", extra=axis)
    cx, cy = 6 + size / 2, top + 1.5 * cell_h
    svg.add(f'<g transform="rotate(-90 {coord(cx)} {coord(cy)})">')
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
    on_accent = text_on(accent)
    for item, shown, x, y, r in placed:
        font = min(small, 2 * r * 0.8 / widest)
        tooltip = fit(f"{clean(item.id)}: {clean(item.title)}", 160)
        svg.add(f'<circle class="item" cx="{coord(x)}" cy="{coord(y)}" r="{coord(r)}" '
                f'fill="{accent}" stroke="{WHITE}" stroke-width="1">'
                f"<title>{xml_text(tooltip)}</title></circle>")
        svg.text(x, y, shown, font, anchor="middle", fill=on_accent, extra=' font-weight="bold"')
    key_bottom = _key(svg, words, accent, shade[("high", "low")], shade[("high", "medium")],
                      grid_h + 4, small)
    return svg.render(key_bottom + 6)


def _key(svg: SvgWriter, words: Mapping[str, str], accent: str, quick: str, next_best: str,
         top: float, size: float) -> float:
    """What the circles, the shading and the axes mean, in rows that wrap; returns the
    key's bottom."""
    pad, right = 6.0, svg.width - 6.0
    x, y = pad, top + size / 2 + 4
    for kind, text in (("item", words["matrix_item"]), ("quick", words["matrix_quick_wins"]),
                       ("next", words["matrix_next"]), ("axes", words["matrix_axes"])):
        text = fit(text, 80, right - pad - 20, size)
        sample = 0.0 if kind == "axes" else 18.0
        item_w = sample + text_width(text, size) + 18
        if x + item_w > right and x > pad:
            x, y = pad, y + size + 9
        if kind == "item":
            svg.add(f'<circle class="key" cx="{coord(x + 6)}" cy="{coord(y)}" r="6" '
                    f'fill="{accent}"/>')
        elif kind in ("quick", "next"):
            svg.rect(x, y - 6, 12, 12, quick if kind == "quick" else next_best, GRID,
                     ' class="key"')
        svg.text(x + sample, y, text, size, fill=INK if sample else MUTED)
        x += item_w
    return y + size / 2
