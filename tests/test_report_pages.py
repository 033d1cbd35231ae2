"""The shared page furniture: section and annex numbering, the date and time filters, short
chapters, the near-empty page check itself, and the screen stylesheet."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jinja2 import TemplateRuntimeError

from netconsult.render.context.base import Cover, ReportBuilder, annex_letter
from netconsult.render.environment import make_environment
from netconsult.render.layout import SHORT_MM, chapter_height_mm, mark_short_chapters
from netconsult.resources import resource_dir
from tests.report_shape import near_empty, pages, tables_without_rows, unresolved_links


def context(lang: str = "en") -> ReportBuilder:
    cover = Cover("Report", "Engagement", "Client", "Network", None, (), dt.date(2020, 8, 28),
                  "Final", None, False, None)
    return ReportBuilder(kind="assessment", lang=lang, accent="#000000", cover=cover)


def test_annexes_are_lettered_apart_from_chapters() -> None:
    ctx = context()
    ctx.section("summary", "Summary")
    ctx.section("findings", "Findings")
    ctx.section("findings-a", "Part", level=2)
    members = ctx.annex("annex-members", "Member organisations")
    notes = ctx.annex("annex-notes", "Meeting notes")
    inside = ctx.section("annex-notes-1", "Kick-off", level=2)
    late = ctx.section("late", "A chapter declared after the annexes")
    assert [s.number for s in ctx.sections] == ["1", "2", "2.1", "Annex A", "Annex B", "B.1",
                                                "3"]
    assert (members.annex, notes.annex, inside.annex, late.annex) == ("A", "B", "B", None)
    assert members.title == "Member organisations"


@given(st.integers(min_value=0, max_value=2000))
def test_annex_letters_count_like_spreadsheet_columns(index: int) -> None:
    letters = annex_letter(index)
    assert re.fullmatch(r"[A-Z]+", letters)
    value = 0
    for char in letters:
        value = value * 26 + ord(char) - ord("A") + 1
    assert value == index + 1
    assert annex_letter(index) != annex_letter(index + 1)


def test_first_letters() -> None:
    assert [annex_letter(i) for i in (0, 1, 25, 26, 27)] == ["A", "B", "Z", "AA", "AB"]


def render(source: str, lang: str = "en", **values: object) -> str:
    return make_environment(None, lang).from_string(source).render(**values)


@pytest.mark.parametrize(("lang", "expected"), [("en", "Aug 28, 2020"), ("fr", "28 août 2020"),
                                                ("es", "28 ago 2020")])
def test_one_date_style_per_language(lang: str, expected: str) -> None:
    day = dt.date(2020, 8, 28)
    assert render("{{ d | date }}", lang, d=day) == expected
    at = dt.datetime(2020, 8, 28, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    assert render("{{ d | date }}", lang, d=at) == expected  # the day where it happens
    assert context(lang).date(day) == expected  # contexts print dates the same way


def test_the_date_filter_takes_no_pattern() -> None:
    with pytest.raises(TemplateRuntimeError, match="no pattern"):
        render('{{ d | date("yyyy-MM-dd") }}', d=dt.date(2020, 8, 28))
    assert render("{{ d | date }}", d=None) == ""


def test_times_in_the_language_style_and_the_events_zone() -> None:
    at = dt.datetime(2020, 10, 28, 14, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert render("{{ t | time }}", "en", t=at).replace("\u202f", " ") == "2:00 PM"
    assert render("{{ t | time }}", "fr", t=at) == "14:00"
    with pytest.raises(TemplateRuntimeError, match="no pattern"):
        render('{{ t | time("HH:mm") }}', t=at)
    with pytest.raises(TemplateRuntimeError, match="needs a time"):
        render("{{ t | time }}", t="14:00")


def test_templates_print_dates_only_through_the_filters() -> None:
    for path in (resource_dir("templates") / "reports").glob("*.html"):
        source = path.read_text(encoding="utf-8")
        assert not re.search(r"\|\s*(date|time)\s*\(", source), path.name
        assert "strftime" not in source and "isoformat" not in source, path.name


def chapter(body: str) -> str:
    return f'<section class="chapter">\n<h1 id="x" data-title="1 X">X</h1>\n{body}\n</section>\n'


def test_short_chapters_are_marked_and_long_ones_are_not() -> None:
    short = chapter("<p>One paragraph.</p><ul><li>a</li><li>b</li></ul>")
    long = chapter("".join(f"<p>{'word ' * 60}</p>" for _ in range(20)))
    figure = chapter('<p>See the figure.</p><figure id="f"><img src="x.svg" alt="x"></figure>')
    page = f"<html><body>{short}{long}{figure}</body></html>"
    marked = mark_short_chapters(page)
    classes = re.findall(r'<section class="([^"]+)"', marked)
    assert classes == ["chapter short", "chapter", "chapter"]
    assert mark_short_chapters(marked) == marked  # marking twice changes nothing
    assert chapter_height_mm(long) > 2 * SHORT_MM


PAGED = """<html><head><style>
@page { size: A4; margin: 24mm 20mm 22mm 22mm;
        @top-left { content: "Title" } @bottom-left { content: "Client" }
        @bottom-right { content: "Page " counter(page) " of " counter(pages) } }
@page :first { @top-left { content: none } @bottom-left { content: none }
               @bottom-right { content: none } }
</style></head><body><h1 style="break-after: page">Cover</h1>
%s</body></html>"""


def test_the_near_empty_check_finds_a_stray_line(tmp_path: Path) -> None:
    import weasyprint

    full = "".join(f"<p>Line {i} of a full page.</p>" for i in range(20))
    path = tmp_path / "x.pdf"
    weasyprint.HTML(string=PAGED % (full + '<p style="break-before: page">Alone.</p>')
                    ).write_pdf(path)
    read = pages(path)
    assert [p.number for p in near_empty(path)] == [3]
    assert read[1].header == "Title" and read[1].footer == "Client Page 2 of 3"
    assert read[2].body == ["Alone."]
    weasyprint.HTML(string=PAGED % full).write_pdf(path)
    assert near_empty(path) == []


def test_the_html_checks() -> None:
    page = ('<nav class="toc"><a href="#a">A</a><a href="#gone">B</a></nav><h1 id="a">A</h1>'
            '<table class="data"><caption>Table 1. Nothing</caption><thead><tr><th>X</th></tr>'
            "</thead><tbody>\n</tbody></table>"
            '<table class="data"><thead><tr><th>Y</th></tr></thead><tbody><tr><td>1</td></tr>'
            "</tbody></table>")
    assert unresolved_links(page) == ["gone"]
    assert tables_without_rows(page) == ["Table 1. Nothing"]


def test_the_screen_never_asks_for_the_packaged_fonts() -> None:
    """Browsers cannot load `netconsult:` URLs: the screen stylesheet names only fonts a
    reader has, and hides the print furniture."""
    css = (resource_dir("templates") / "reports" / "style.css").read_text(encoding="utf-8")
    packaged = set(re.findall(r'@font-face\s*{\s*font-family:\s*"([^"]+)"', css))
    assert packaged == {"Noto Sans", "Noto Sans Arabic"}
    screen = css[css.index("@media screen {"):]
    stacks = re.findall(r"font-family:([^;]+);", screen)
    assert stacks and all(f'"{family}"' not in s for s in stacks for family in packaged)
    assert re.search(r"\.running, \.watermark, nav.toc .lists-room \{ display: none; \}", screen)
    assert re.search(r"max-width: 70ch", screen)
