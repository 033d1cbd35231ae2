"""Reading a rendered report the way a reader looks at it: page by page, furniture apart.

`pages(pdf)` splits each PDF page's extracted text into its running header, its footer and its
body lines (WeasyPrint draws the page-margin boxes last, so they are the last two lines);
`near_empty(pdf)` lists the pages a reader would find unfinished; the HTML helpers find
contents entries that point nowhere and tables with a header and no rows.
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader

PAGE_LABEL = re.compile(r"Page (\d+) of (\d+)$")
#: The draft marking (watermark and flag) sits on every page, like the header.
DRAFT_LINE = re.compile(r"^DRAFT( · .*)?$")
#: A page whose body has fewer lines than this looks unfinished.
MIN_LINES = 4


@dataclass(frozen=True)
class Page:
    number: int
    header: str  # the running header: report title, then the chapter
    footer: str  # the running footer: client, then "Page n of m"
    body: list[str]  # every other non-blank line


def pages(pdf: Path) -> list[Page]:
    result = []
    for number, page in enumerate(PdfReader(pdf).pages, start=1):
        lines = [line.strip() for line in page.extract_text().splitlines() if line.strip()]
        footer = lines.pop() if lines and PAGE_LABEL.search(lines[-1]) else ""
        header = lines.pop() if footer and lines else ""
        result.append(Page(number, header, footer,
                           [line for line in lines if not DRAFT_LINE.match(line)]))
    return result


def near_empty(pdf: Path, min_lines: int = MIN_LINES) -> list[Page]:
    """The pages after the cover whose body holds fewer than `min_lines` lines of text: a
    stray bullet, two table rows, a caption without its figure, a lone short section."""
    return [page for page in pages(pdf)[1:] if len(page.body) < min_lines]


def text(page: str) -> str:
    """An HTML page's visible words, tags and whitespace collapsed."""
    body = re.sub(r"<(style|script)\b.*?</\1>", " ", page, flags=re.S)
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def unresolved_links(page: str) -> list[str]:
    """`#anchor` links (contents, figure and table references) with no element of that id."""
    ids = set(re.findall(r'\bid="([^"]+)"', page))
    return sorted({href for href in re.findall(r'href="#([^"]*)"', page) if href not in ids})


def contents_entries(page: str) -> list[str]:
    nav = re.search(r'<nav class="toc".*?</nav>', page, re.S)
    return re.findall(r'href="#([^"]*)"', nav[0]) if nav else []


def tables_without_rows(page: str) -> list[str]:
    """The captions (or first header cells) of tables that have a header and no body row."""
    found = []
    for table in re.findall(r"<table\b.*?</table>", page, re.S):
        rows = len(re.findall(r"<tr\b", table))
        head = sum(len(re.findall(r"<tr\b", h)) for h in re.findall(r"<thead\b.*?</thead>",
                                                                     table, re.S))
        foot = sum(len(re.findall(r"<tr\b", f)) for f in re.findall(r"<tfoot\b.*?</tfoot>",
                                                                     table, re.S))
        if rows - head - foot <= 0:
            caption = re.search(r"<caption\b.*?</caption>|<th\b.*?</th>", table, re.S)
            found.append(text(caption[0]) if caption else text(table)[:60])
    return found
