"""Agreement scales: one 100 % bar per statement, its answers as given, favourable side marked."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from netconsult.render.charts.colour import FRAME, GREY, INK, MUTED, WHITE, accent_colour, tint
from netconsult.render.charts.svg import (
    DEFAULT_FONT_FAMILY,
    SvgWriter,
    finite,
    font_units,
    hatch,
    no_data_panel,
)
from netconsult.render.charts.text import clean, fit, text_width, wrap
from netconsult.render.charts.words import DEFAULT_LABELS, chart_words

Favourable = Literal["agree", "disagree"]
#: Unfavourable strong, unfavourable, neither: greys. The favourable side is the accent.
_GREYS = ("#7a7a7a", "#bcbcbc", "#ececec")


@dataclass(frozen=True)
class LikertRow:
    """One statement's answers AS GIVEN to it as worded: the share answering 1 (strongly
    disagree) .. 5 (strongly agree), summing to 1, or None if suppressed (then `note` says
    why). `favourable` is the side a good answer lies on: "disagree" for a statement worded
    negatively (a reversed item)."""

    label: str
    shares: tuple[float, float, float, float, float] | None
    note: str | None = None
    favourable: Favourable = "agree"

    def __post_init__(self) -> None:
        if self.favourable not in ("agree", "disagree"):
            raise ValueError(f"favourable must be 'agree' or 'disagree', "
                             f"not {self.favourable!r}")


def answer_fills(accent: str, favourable: Favourable) -> tuple[str, str, str, str, str]:
    """Fills of the answers 1..5: the favourable side in the accent (darker when stronger),
    the unfavourable side in greys, the middle in a light grey."""
    strong_bad, bad, neither = _GREYS
    good, strong_good = tint(accent, 0.55), accent
    if favourable == "agree":
        return strong_bad, bad, neither, good, strong_good
    return strong_good, good, neither, bad, strong_bad


def likert_chart(
    rows: Sequence[LikertRow],
    *,
    accent: str,
    labels: Mapping[str, str] = DEFAULT_LABELS,
    font_family: str = DEFAULT_FONT_FAMILY,
    title: str | None = None,
    max_label_chars: int = 400,
) -> str:
    """One 100 % bar per statement, its five answers in scale order from "strongly
    disagree" on the left to "strongly agree" on the right, as answered to the statement as
    worded. Colour marks the favourable side of each row: the accent (darker when stronger)
    on the favourable side, greys on the other, so a reversed statement shows its
    disagreement in the accent. The share agreeing with the statement as worded is printed
    at the end ("68 % agree"). Statements wrap onto as many lines as they need, never cut
    (`max_label_chars` only guards against pathological input). A suppressed statement is a
    hatched stub with its note."""
    accent = accent_colour(accent)
    words = chart_words(labels)
    title = words["likert_title"] if title is None else title
    width = 600.0
    if not rows:
        return no_data_panel(width, title, words["no_data"], font_family)
    svg = SvgWriter(width, title, font_family)
    size = font_units(8.5, svg.units_per_mm)
    pad = 6.0

    def agree_text(share: float) -> str:
        return words["agree_share"] % {"share": f"{share * 100:.0f} %"}

    room = text_width(agree_text(1.0), size) + 10
    x0, x1 = pad, width - pad - room
    line_h, bar_h = size * 1.25, 13.0
    y = pad + _legend(svg, words, accent, size, x0, _sides(rows), pad) + 8
    pattern = ""
    for row in rows:
        # Statements wrap above their bar: whole, whatever their length.
        lines = wrap(row.label, x1 - x0, size, max_label_chars)
        svg.lines(x0, y + line_h / 2, lines, size, line_h, extra=' class="statement"')
        bar_y = y + line_h * len(lines) + 3
        y = bar_y + bar_h + 10
        if row.shares is None:
            pattern = pattern or hatch(svg, "grey", GREY, WHITE)
            svg.rect(x0, bar_y, 24, bar_h, pattern, GREY, ' class="suppressed"')
            note = row.note if row.note is not None and clean(row.note) else words["suppressed"]
            svg.text(x0 + 30, bar_y + bar_h / 2, fit(note, 60), size, fill=MUTED,
                     extra=' font-style="italic"')
            continue
        shares = [max(0.0, finite(v) or 0.0) for v in row.shares]
        total = sum(shares) or 1.0
        fills = answer_fills(accent, row.favourable)
        x = x0
        for k, (share, fill) in enumerate(zip(shares, fills, strict=True), start=1):
            w = share / total * (x1 - x0)
            if w > 0:
                svg.rect(x, bar_y, w, bar_h, fill, extra=f' class="answer" data-answer="{k}" '
                         f'data-side="{_side(k, row.favourable)}"')
            x += w
        agree = (shares[3] + shares[4]) / total
        svg.text(x1 + 6, bar_y + bar_h / 2, agree_text(agree), size)
    return svg.render(y - 10 + pad)


def _side(answer: int, favourable: Favourable) -> str:
    """"favourable", "unfavourable" or "neither" for answer 1..5 of a row."""
    if answer == 3:
        return "neither"
    return "favourable" if (answer > 3) == (favourable == "agree") else "unfavourable"


def _sides(rows: Sequence[LikertRow]) -> set[str]:
    """The sides some row draws a segment of: the legend lists only those."""
    return {_side(k, row.favourable) for row in rows if row.shares is not None
            for k, share in enumerate(row.shares, start=1) if (finite(share) or 0.0) > 0}


def _legend(svg: SvgWriter, words: Mapping[str, str], accent: str, size: float,
            x0: float, sides: set[str], top: float) -> float:
    """Two lines: the order of the answers, then what the colours drawn mean (unfavourable,
    neither, favourable, darker for stronger). Returns the legend's height."""
    line_h = size + 8
    order = " · ".join(fit(words[f"likert_{k}"], 24) for k in range(1, 6))
    svg.text(x0, top + line_h / 2, fit(f"{words['likert_order']} {order}", 200,
                                       svg.width - 2 * x0, size), size, fill=MUTED)
    good, strong_good = tint(accent, 0.55), accent
    strong_bad, bad, neither = _GREYS
    x, y = x0, top + line_h * 1.5
    # In the order of a row whose favourable side is "agree".
    entries = [(swatches, word) for side, swatches, word in (
        ("unfavourable", (strong_bad, bad), words["unfavourable"]),
        ("neither", (neither,), words["likert_3"]),
        ("favourable", (good, strong_good), words["favourable"])) if side in sides]
    if sides - {"neither"}:
        entries.append(((), words["stronger"]))
    for swatches, word in entries:
        for fill in swatches:
            svg.rect(x, y - 5, 10, 10, fill, FRAME, ' class="key"')
            x += 11
        word = fit(word, 40)
        svg.text(x + 3, y, word, size, fill=MUTED if not swatches else INK)
        x += 3 + text_width(word, size) + 16
    return line_h * 2
