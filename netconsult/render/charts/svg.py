"""The SVG document every chart writes: a small writer, number formatting, shared pieces.

Geometry is in viewBox units; documents declare a natural width of `WIDTH_MM` so that a figure
placed at its natural size on an A4 or US Letter page shows its text at 8-9 pt.
"""

from __future__ import annotations

import base64
import math

from netconsult.render.charts.colour import FRAME, INK, MUTED, WHITE
from netconsult.render.charts.text import fit, xml_attr, xml_text

#: Natural width of every chart: fits A4 and US Letter with 25 mm margins.
WIDTH_MM = 160.0
DEFAULT_FONT_FAMILY = "'Noto Sans', 'DejaVu Sans', sans-serif"


def coord(x: float) -> str:
    """A coordinate with one decimal, the same bytes on every machine."""
    s = f"{x:.1f}"
    if s.endswith(".0"):
        s = s[:-2]
    return "0" if s == "-0" else s


def finite(value: float | None) -> float | None:
    """`value` as a float, or None when it is missing, not a number or infinite."""
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def font_units(points: float, units_per_mm: float) -> float:
    """A font size in viewBox units that prints at `points` when the chart is WIDTH_MM wide."""
    return points * 25.4 / 72 * units_per_mm


def svg_data_uri(svg: str) -> str:
    """`svg` as a data: URI for `<img src=...>` (WeasyPrint lays out images cheaper than
    inline SVG, and the HTML output stays self-contained)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


class SvgWriter:
    """Collects the elements of one document; every string passed as text is escaped."""

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
        self.add(f'<rect{extra} x="{coord(x)}" y="{coord(y)}" width="{coord(max(w, 0))}" '
                 f'height="{coord(max(h, 0))}" fill="{fill}"{stroke_attr}/>')

    def line(self, x1: float, y1: float, x2: float, y2: float, stroke: str,
             width: float = 1, extra: str = "") -> None:
        self.add(f'<line x1="{coord(x1)}" y1="{coord(y1)}" x2="{coord(x2)}" y2="{coord(y2)}" '
                 f'stroke="{stroke}" stroke-width="{coord(width)}"{extra}/>')

    def text(self, x: float, y: float, text: str, size: float, *, anchor: str = "start",
             fill: str = INK, extra: str = "") -> None:
        """One text node; `y` is the middle of the line (baselines are computed here because
        WeasyPrint ignores dominant-baseline)."""
        anchor_attr = f' text-anchor="{anchor}"' if anchor != "start" else ""
        self.add(f'<text x="{coord(x)}" y="{coord(y + 0.35 * size)}" font-size="{coord(size)}" '
                 f'fill="{fill}"{anchor_attr}{extra}>{xml_text(text)}</text>')

    def lines(self, x: float, y: float, lines: list[str], size: float, line_h: float, *,
              anchor: str = "start", fill: str = INK, extra: str = "") -> None:
        """Lines of one label as one text node (a <tspan> a line): `y` is the middle of the
        first line. Text nodes are what WeasyPrint pays for."""
        anchor_attr = f' text-anchor="{anchor}"' if anchor != "start" else ""
        spans = "".join(
            f'<tspan x="{coord(x)}" y="{coord(y + k * line_h + 0.35 * size)}">'
            f"{xml_text(line)}</tspan>" for k, line in enumerate(lines))
        self.add(f'<text font-size="{coord(size)}" fill="{fill}"{anchor_attr}{extra}>'
                 f"{spans}</text>")

    def render(self, height: float) -> str:
        height_mm = height / self.units_per_mm
        defs = f"<defs>{''.join(self.defs)}</defs>" if self.defs else ""
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" role="img" '
            f'width="{coord(WIDTH_MM)}mm" height="{coord(height_mm)}mm" '
            f'viewBox="0 0 {coord(self.width)} {coord(height)}" '
            f'font-family="{xml_attr(self.font_family)}">'
            f"<title>{xml_text(self.title)}</title>{defs}{''.join(self.parts)}</svg>\n"
        )


def hatch(svg: SvgWriter, key: str, line: str, ground: str) -> str:
    """A diagonal hatch pattern; its id is derived from its colours, so two charts inlined in
    one HTML page that share an id also share the same pattern."""
    pid = f"nc-hatch-{key}"
    if not any(f'id="{pid}"' in d for d in svg.defs):
        svg.defs.append(
            f'<pattern id="{pid}" width="6" height="6" patternUnits="userSpaceOnUse">'
            f'<rect width="6" height="6" fill="{ground}"/>'
            f'<path d="M0 6L6 0M-1.5 1.5L1.5 -1.5M4.5 7.5L7.5 4.5" stroke="{line}" '
            f'stroke-width="1.3"/></pattern>'
        )
    return f"url(#{pid})"


def no_data_panel(width: float, title: str, message: str, font_family: str) -> str:
    """A tidy framed "no data" document, drawn instead of a chart of nothing."""
    svg = SvgWriter(width, title, font_family)
    height = width / 6
    svg.rect(0.5, 0.5, width - 1, height - 1, WHITE, FRAME, ' rx="4"')
    size = font_units(9, svg.units_per_mm)
    svg.text(width / 2, height / 2, fit(message, 60), size, anchor="middle", fill=MUTED,
             extra=' font-style="italic"')
    return svg.render(height)
