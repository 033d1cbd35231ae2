"""Text in charts: cleaning, measuring, cutting and wrapping, right-to-left aware.

Text is never measured by a font engine: `text_width` errs wide, so a label given the room it
asks for always fits.
"""

from __future__ import annotations

import math
import re
import unicodedata
from xml.sax.saxutils import escape

# Characters XML 1.0 cannot carry at all; a label holding one would make the file unreadable.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_JOINERS = frozenset("\u200d\ufe0e\ufe0f")
_MARKS = frozenset("\u200e\u200f")
ELLIPSIS = "…"


def clean(text: object) -> str:
    """`text` as one line: characters XML cannot carry dropped, runs of white space one space."""
    return " ".join(_NOT_XML.sub("", str(text)).split())


def xml_text(text: str) -> str:
    """`text` escaped as element content."""
    return escape(_NOT_XML.sub("", text))


def xml_attr(text: str) -> str:
    """`text` escaped as an attribute value in double quotes."""
    return escape(_NOT_XML.sub("", text), {'"': "&quot;", "'": "&apos;"})


def em_width(char: str) -> float:
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
    return sum(em_width(c) for c in text) * size


def _attaches(char: str) -> bool:
    """True for a character that belongs to the one before it (accents, emoji modifiers)."""
    return (char in _JOINERS or unicodedata.category(char) in ("Mn", "Mc", "Me")
            or 0x1F3FB <= ord(char) <= 0x1F3FF)


def _whole(s: str, n: int) -> int:
    """`n`, moved back so that s[:n] does not split a character from its accent or joiner."""
    while 0 < n < len(s) and _attaches(s[n]):
        n -= 1
    while n > 0 and s[n - 1] in _JOINERS:
        n -= 1
    return n


def fit(text: object, max_chars: int, max_width: float = math.inf, size: float = 12.0) -> str:
    """`text` on one line, cut with an ellipsis to at most `max_chars` characters and about
    `max_width` units at font size `size`; never cuts an accent or emoji from its base."""
    s = clean(text)
    max_chars = max(max_chars, 1)
    if len(s) <= max_chars and text_width(s, size) <= max_width:
        return s
    room = max_width - text_width(ELLIPSIS, size)
    n, used = 0, 0.0
    for char in s[: max_chars - 1]:
        used += em_width(char) * size
        if used > room:
            break
        n += 1
    n = _whole(s, n)
    # A right-to-left label keeps its ellipsis at its own (left) end: a right-to-left mark
    # after it makes the ellipsis part of the label's run instead of the chart's LTR text.
    return s[:n].rstrip() + ELLIPSIS + ("\u200f" if is_rtl(s) else "")


def wrap(text: object, max_width: float, size: float, max_chars: int = 400) -> list[str]:
    """`text` broken into lines of about `max_width` units at font size `size`, at spaces
    where it can and inside a word only when the word alone is wider than a line. Nothing is
    cut: only text past `max_chars` characters (a safeguard against pathological input, far
    beyond any real label) ends in an ellipsis."""
    s = clean(text)
    if len(s) > max_chars:
        s = fit(s, max_chars)
    if not s:
        return [""]
    lines: list[str] = []
    line = ""
    for word in s.split(" "):
        candidate = f"{line} {word}" if line else word
        if text_width(candidate, size) <= max_width:
            line = candidate
            continue
        if line:
            lines.append(line)
        while text_width(word, size) > max_width:
            n, used = 0, 0.0
            for char in word:
                used += em_width(char) * size
                if used > max_width:
                    break
                n += 1
            n = _whole(word, max(n, 1)) or max(n, 1)
            lines.append(word[:n])
            word = word[n:]
        line = word
    if line:
        lines.append(line)
    return lines


def is_rtl(text: str) -> bool:
    """True when the first strongly directional character of `text` is right-to-left."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False

