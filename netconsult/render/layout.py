"""Which chapters are short: a pagination hint computed from a report's HTML before layout.

The stylesheet starts a chapter on a new page unless the page so far is less than about a
third full (see "Pagination" in style.css). A chapter shorter than about a third of a page is
better kept whole and placed after the previous one when it fits there, rather than given a
page of its own: `mark_short_chapters` adds the class `short` to those, estimating a
chapter's height from its text, rows, headings and figures. The estimate errs towards "long"
(figures count as tall) and a wrong guess costs little: a short chapter that does not fit
where it would follow still starts the next page, as every chapter did before.
"""

from __future__ import annotations

import html as html_lib
import math
import re

#: The text area of an A4 page, less the running header and footer, in mm.
PAGE_HEIGHT_MM = 251.0
#: A chapter estimated below this is short (about a third of a page).
SHORT_MM = PAGE_HEIGHT_MM / 3

_CHAPTER = re.compile(r'<section class="chapter(?P<more>[^"]*)"')
_BLOCK = re.compile(r"<(?P<tag>h[1-6]|p|li|tr|blockquote|figure|caption|pre|dt|dd)\b",
                    re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
#: Estimated height in mm of a block's lines and its spacing, and characters per line.
_LINE_MM = {"h1": 11.0, "h2": 7.0, "h3": 6.0}
_SPACING_MM = {"h1": 8.0, "h2": 7.0, "h3": 5.0, "p": 2.0, "li": 1.5, "tr": 2.8,
               "blockquote": 5.0, "caption": 1.5}
_CHARS_PER_LINE = {"tr": 70, "h1": 45, "h2": 70, "h3": 85}
_FIGURE_MM = 80.0


def chapter_height_mm(fragment: str) -> float:
    """A rough height of the HTML `fragment` laid out on an A4 page, in mm."""
    starts = list(_BLOCK.finditer(fragment))
    total = 0.0
    for here, after in zip(starts, [*starts[1:], None], strict=True):
        tag = here["tag"].lower()
        if tag == "figure":
            total += _FIGURE_MM
            continue
        body = fragment[here.end():after.start() if after else len(fragment)]
        chars = len(" ".join(html_lib.unescape(_TAG.sub(" ", body)).split()))
        if chars == 0 and tag not in ("tr",):
            continue
        lines = max(1, math.ceil(chars / _CHARS_PER_LINE.get(tag, 100)))
        total += lines * _LINE_MM.get(tag, 4.9) + _SPACING_MM.get(tag, 1.0)
    return total


def mark_short_chapters(page: str) -> str:
    """`page` with `short` added to the class of each chapter estimated under a third of a
    page tall."""
    found = list(_CHAPTER.finditer(page))
    if not found:
        return page
    out = []
    last = 0
    for here, after in zip(found, [*found[1:], None], strict=True):
        end = after.start() if after else page.find("</body>", here.end())
        fragment = page[here.end():end if end >= 0 else len(page)]
        out.append(page[last:here.start()])
        short = "short" not in here["more"].split() \
            and chapter_height_mm(fragment) < SHORT_MM
        out.append(f'<section class="chapter{here["more"]} short"' if short else here[0])
        last = here.end()
    out.append(page[last:])
    return "".join(out)
