"""Colour: the restrained palette of greys, the caller's accent, tints and contrast."""

from __future__ import annotations

import re

INK = "#333333"
MUTED = "#6e6e6e"
GRID = "#e2e2e2"
FRAME = "#bdbdbd"
GREY = "#b8b8b8"
GREY_FILL = "#dedede"
ZEBRA = "#f6f6f6"
WHITE = "#ffffff"

_HEX = re.compile(r"#[0-9A-Fa-f]{6}")


def accent_colour(colour: str) -> str:
    """The caller's accent, checked (#RRGGBB) and lower-cased: it goes into attributes."""
    if not isinstance(colour, str) or not _HEX.fullmatch(colour):
        raise ValueError(f"accent must be a colour written as #RRGGBB, not {colour!r}")
    return colour.lower()


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def tint(colour: str, share: float) -> str:
    """`colour` mixed with white: `share` of the colour, the rest white."""
    r, g, b = (round(255 - (255 - c) * share) for c in _rgb(colour))
    return f"#{r:02x}{g:02x}{b:02x}"


def luminance(colour: str) -> float:
    def channel(c: int) -> float:
        v = c / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """The WCAG contrast ratio of two colours."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def text_on(colour: str) -> str:
    """Text colour readable on a `colour` background (brand colours can be light)."""
    return WHITE if contrast(WHITE, colour) >= contrast("#1a1a1a", colour) else "#1a1a1a"


def readable(colour: str, ratio: float) -> str:
    """`colour`, darkened just enough to reach `ratio` contrast on white: a light brand
    colour still gives visible outlines (3:1) and legible text (4.5:1)."""
    r, g, b = _rgb(colour)
    for step in range(11):
        keep = 1 - step / 10
        darker = f"#{round(r * keep):02x}{round(g * keep):02x}{round(b * keep):02x}"
        if contrast(darker, WHITE) >= ratio:
            return darker
    return "#000000"
