"""Report figures as small hand-written SVG documents.

PERF.md measured hand-written SVG as far cheaper for WeasyPrint than matplotlib or pygal, with
`<text>` nodes the expensive part, so every chart here keeps its text nodes to the few a reader
needs. Each function is pure and deterministic (same input, same bytes: no random ids, floats
always formatted the same way), escapes every string it is given, and draws a tidy "no data"
panel for empty input instead of failing.

The package, along its seams: `svg` (the document writer and number formatting), `text`
(cleaning, measuring, cutting and wrapping text), `colour` (palette, tints, contrast), `words`
(the fixed words, translatable through `labels`), and one module per chart kind: `bar`,
`likert`, `matrix`, `gantt`. The network map (`render.network_map`) builds on the same parts.
"""

from netconsult.render.charts.bar import Bar, bar_chart
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
    contrast,
    readable,
    text_on,
    tint,
)
from netconsult.render.charts.gantt import STATUS_ALIASES, STATUSES, GanttRow, gantt
from netconsult.render.charts.likert import Favourable, LikertRow, answer_fills, likert_chart
from netconsult.render.charts.matrix import LEVELS, Level, MatrixItem, priority_effort_matrix
from netconsult.render.charts.svg import (
    DEFAULT_FONT_FAMILY,
    WIDTH_MM,
    SvgWriter,
    coord,
    finite,
    font_units,
    hatch,
    no_data_panel,
    svg_data_uri,
)
from netconsult.render.charts.text import (
    ELLIPSIS,
    clean,
    fit,
    is_rtl,
    text_width,
    wrap,
    xml_attr,
    xml_text,
)
from netconsult.render.charts.words import (
    DEFAULT_LABELS,
    DEFAULT_MONTH_NAMES,
    chart_words,
    default_value_format,
)

__all__ = [
    "DEFAULT_FONT_FAMILY", "DEFAULT_LABELS", "DEFAULT_MONTH_NAMES", "ELLIPSIS", "FRAME", "GREY",
    "GREY_FILL", "GRID", "INK", "LEVELS", "MUTED", "STATUSES", "STATUS_ALIASES", "WHITE",
    "WIDTH_MM", "ZEBRA", "Bar", "Favourable", "GanttRow", "Level", "LikertRow", "MatrixItem",
    "SvgWriter", "accent_colour", "answer_fills", "bar_chart", "chart_words", "clean",
    "contrast", "coord", "default_value_format", "finite", "fit", "font_units", "gantt",
    "hatch", "is_rtl", "likert_chart", "no_data_panel", "priority_effort_matrix", "readable",
    "svg_data_uri", "text_on", "text_width", "tint", "wrap", "xml_attr", "xml_text",
]
