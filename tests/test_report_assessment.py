"""The assessment as of its date, its method text, members' words and thin projects."""

from __future__ import annotations

import dataclasses
import datetime as dt
import html as htmllib
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netconsult.analysis.as_of import project_as_of
from netconsult.project.load import load_project
from netconsult.render.build import render_html
from netconsult.render.context import build_context
from netconsult.render.context.assessment_data import AssessmentData
from tests.conftest import SAMPLE, MakeProject

ASSESSMENT_DAY = dt.date(2020, 8, 28)  # the sample assessment's submitted_on


@pytest.fixture(scope="module")
def sample():  # type: ignore[no-untyped-def]
    return load_project(SAMPLE)


def text_of(html: str) -> str:
    """The words a reader sees: tags dropped, entities decoded, whitespace collapsed."""
    body = re.sub(r"<style.*?</style>|<img[^>]*>", " ", html, flags=re.S)
    return " ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def assessment_html(root: Path, as_of: dt.date | None = None) -> str:
    return text_of(render_html(root, ["assessment"], "en", as_of)["assessment"])


# -- the as-of view ------------------------------------------------------------------------


def test_as_of_leaves_out_later_meetings_and_open_rounds(sample) -> None:  # type: ignore[no-untyped-def]
    view = project_as_of(sample, dt.date(2020, 8, 1))
    assert [m.date for m in view.meetings] == [m.date for m in sample.meetings
                                               if m.date <= dt.date(2020, 8, 1)]
    assert view.responses == {}  # the baseline closed on 7 August
    assert view.survey is not None and view.survey.rounds == []
    # plans for the future are kept: the plan report marks their statuses itself
    assert view.actions == sample.actions and view.events == sample.events
    assert view.deliverables == sample.deliverables
    closed = project_as_of(sample, dt.date(2020, 8, 7))
    assert list(closed.responses) == ["baseline"]
    assert project_as_of(sample, dt.date(2021, 1, 1)) is sample


def test_as_of_leaves_out_a_round_with_later_responses(sample) -> None:  # type: ignore[no-untyped-def]
    survey = sample.survey.model_copy(update={"rounds": [
        r.model_copy(update={"closes": None}) for r in sample.survey.rounds]})
    undated = dataclasses.replace(sample, survey=survey)
    last = max(r.submitted for r in sample.responses["baseline"].responses if r.submitted)
    assert "baseline" not in project_as_of(undated, last - dt.timedelta(days=1)).responses
    assert "baseline" in project_as_of(undated, last).responses


def test_sample_assessment_cites_nothing_after_its_date() -> None:
    text = assessment_html(SAMPLE, ASSESSMENT_DAY)
    assert "Aug 28, 2020" in text
    for later in ("Network virtual meeting", "Mentoring session", "breakout rooms",
                  "The Liaison Group now runs its own agenda", "(Mentoring)", "(Workshop)"):
        assert later not in text, later
    # what happened by then is all there
    assert "North America" in text and "Kick-off with the Liaison Group" in text


def test_sample_assessment_dated_by_its_deliverable(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rendered in December, the handed-in assessment is still as of 28 August."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1608249600")  # 2020-12-18
    ctx = build_context(load_project(SAMPLE), "assessment", "en")
    assert ctx.as_of == ASSESSMENT_DAY
    assert all(row.date <= ASSESSMENT_DAY for row in ctx.data.meetings)
    assert "Mentoring session 1 with the Liaison Group" not in {n.title for n in ctx.data.notes}


DAYS = st.dates(min_value=dt.date(2020, 6, 1), max_value=dt.date(2021, 1, 31))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(day=DAYS)
def test_nothing_after_the_as_of_date_reaches_the_assessment(day: dt.date) -> None:
    project = load_project(SAMPLE)
    ctx = build_context(project, "assessment", "en", day)
    data: AssessmentData = ctx.data
    later = [m for m in project.meetings if m.date > day]
    assert all(row.date <= day for row in data.meetings)
    assert all(f.date <= day for g in data.groups for f in g.findings)
    assert all(n.date <= day for n in data.notes)
    kept_quotes = {q.text for m in project.meetings if m.date <= day for q in m.front.quotes}
    later_quotes = {q.text for m in later for q in m.front.quotes} - kept_quotes
    assert not later_quotes & {q.text for q in data.quotes}
    survey = project.survey
    assert survey is not None
    if any(r.closes and r.closes > day for r in survey.rounds):
        assert data.survey is None
    text = assessment_html(SAMPLE, day)
    for m in later:
        assert m.title not in text, m.title
        for finding in m.findings:
            if not any(f.text == finding.text for e in project.meetings if e.date <= day
                       for f in e.findings):
                assert finding.text not in text
        for quote in m.front.quotes:
            if quote.text not in kept_quotes:
                assert quote.text not in text


# -- the method follows the notes ------------------------------------------------------------

NORTH = """---
date: 2020-07-01
kind: regional
region: north
deliverable: D2
participants: [n1, n2]
{extra}
findings:
  - {{id: F1, theme: trust, text: Members trust each other but rarely meet., type: strength}}
quotes:
  - {{text: "Nos vemos una vez al año.", member: n2, translation: We see each other once a year.}}
---
The northern members met.
"""
SOUTH = """---
date: 2020-07-08
kind: regional
region: south
deliverable: D2
participants: [s1]
{extra}
findings:
  - {{id: F2, theme: rituals, text: There is no regular moment to exchange., type: gap}}
---
The southern member joined.
"""


def two_meetings(make_project: MakeProject, north: str, south: str) -> Path:
    return make_project({
        "meetings/2020-07-01-north.md": NORTH.format(extra=north),
        "meetings/2020-07-08-south.md": SOUTH.format(extra=south),
        "meetings/2020-11-10-mentoring.md": None,
    })


def test_method_states_the_modes_and_minutes_the_notes_record(
        make_project: MakeProject) -> None:
    root = two_meetings(make_project, "mode: in-person\nduration_minutes: 45",
                        "mode: virtual\nduration_minutes: 60")
    text = assessment_html(root, dt.date(2020, 8, 31))
    assert "The assessment draws on 2 regional meetings with the members." in text
    assert "How they were held: 1 online and 1 in person." in text
    assert "They lasted from 45 to 60 minutes, 52 minutes on average." in text
    assert "ninety" not in text and "virtual meetings" not in text
    assert "Each of the 2 regions had its own meeting." in text
    assert "All 3 member organisations took part in at least one meeting." in text


def test_method_says_nothing_the_notes_do_not_record(make_project: MakeProject) -> None:
    root = two_meetings(make_project, "mode: hybrid", "mode: hybrid")
    text = assessment_html(root, dt.date(2020, 8, 31))
    assert "All were hybrid" in text
    assert "minutes" not in text.split("How the assessment was done")[2].split("Table")[0]


def test_a_translation_is_printed_beneath_its_quote(make_project: MakeProject) -> None:
    root = two_meetings(make_project, "", "")
    html = render_html(root, ["assessment"], "en", dt.date(2020, 8, 31))["assessment"]
    quote = html.index("Nos vemos una vez al año.")
    translation = html.index("We see each other once a year.")
    assert quote < translation < html.index("</blockquote>", quote)


# -- thin projects ---------------------------------------------------------------------------

THIN_CONFIG = """netconsult: 1
engagement:
  title: Thin engagement
  client: Thin Network
  start: 2020-06-01
  end: 2020-12-31
  effort_days: 10
network:
  name: Thin Network
  regions:
    - {id: only, name: The Region}
  themes:
    - {id: trust, name: Trust}
"""
THIN_MEMBERS = """members:
  - {id: a1, name: Alpha, country: HU, region: only, liaison: true}
  - {id: a2, name: Beta, country: HU, region: only}
  - {id: a3, name: Gamma, country: PL, region: only}
"""
THIN_WORKPLAN = """deliverables:
  - {id: D2, title: Assessment, kind: assessment, due: 2020-08-31, effort_days: 5}
"""
THIN_MEETING = """---
date: 2020-07-01
kind: regional
region: only
participants: [a1, a2]
mode: virtual
duration_minutes: 60
findings:
  - {theme: trust, text: Members trust each other., type: strength}
---
Notes.
"""


@pytest.fixture
def thin(make_project: MakeProject) -> MakeProject:
    def make(meeting: bool) -> Path:
        files: dict[str, str | None] = {"netconsult.yaml": THIN_CONFIG,
                                        "members.yaml": THIN_MEMBERS,
                                        "workplan.yaml": THIN_WORKPLAN}
        if meeting:
            files["meetings/2020-07-01-only.md"] = THIN_MEETING
        return make_project(files, base=None)
    return make


def assert_reads_well(html: str) -> None:
    text = text_of(html)
    assert not re.search(r"\b0 of (the )?0\b", text)
    assert not re.search(r"\b1 (regional )?(meetings|workshops|regions|countries|strengths|gaps"
                         r"|member organisations)\b", text)
    # no table without rows
    assert not re.search(r"<tbody>\s*</tbody>", html)


def test_thin_project_with_one_meeting_reads_well(thin: MakeProject) -> None:
    root = thin(True)
    html = render_html(root, ["assessment"], "en", dt.date(2020, 8, 31))["assessment"]
    assert_reads_well(html)
    text = text_of(html)
    assert "The network has 3 member organisations in 2 countries, all in one region." in text
    assert "The assessment draws on 1 regional meeting with the members." in text
    assert "It took place online. It lasted 60 minutes." in text
    assert "2 of the 3 member organisations took part in at least one meeting." in text
    assert "The one strength recorded concerns Trust: Members trust each other." in text
    assert "raised in 1 meeting" in text
    assert "Figure 1." not in text  # no one-bar charts


def test_thin_project_without_meetings_reads_well(thin: MakeProject) -> None:
    root = thin(False)
    html = render_html(root, ["assessment"], "en", dt.date(2020, 8, 31))["assessment"]
    assert_reads_well(html)
    text = text_of(html)
    assert "No meeting with the members has been recorded yet." in text
    assert "took part" not in text
    assert "The meetings produced" not in text
    assert "No findings have been recorded yet." in text


def test_meeting_schema_has_mode_and_translation() -> None:
    from netconsult.project.schema import schema_for

    schema = schema_for("meeting")
    mode = schema["properties"]["mode"]
    assert {"enum": ["virtual", "in-person", "hybrid"], "type": "string"} in mode["anyOf"]
    assert "translation" in schema["$defs"]["Quote"]["properties"]


def test_thin_project_chapters_adapt(thin: MakeProject) -> None:
    text = assessment_html(thin(True), dt.date(2020, 8, 31))
    assert "The meetings recorded 1 strength and no gap." in text
    assert "Regional meeting, The Region" in text  # a note without a title: not its file name
    assert "2020-07-01-only" not in text


# -- superlatives name every theme that shares the top place ----------------------------------

def words():  # type: ignore[no-untyped-def]
    from netconsult.render.context.assessment_words import Words
    from netconsult.render.environment import translations

    t = translations("en")
    return Words(t.gettext, t.ngettext, "en")


def test_themes_tied_at_the_top_are_named_together() -> None:
    from netconsult.render.context.assessment_words import themes_message

    tied = themes_message(words(), [("Trust", 3, 3), ("Rituals", 3, 4), ("Funding", 1, 1)], 5)
    assert tied == ["Trust and Rituals were the themes raised most widely, each in 3 of the 5 "
                    "regions. Next came Funding, raised in 1 of the 5 regions."]
    alone = themes_message(words(), [("Trust", 4, 4), ("Rituals", 2, 2)], 4)
    assert alone[0].startswith("Trust was the theme raised most widely, in all 4 regions.")


def test_strengths_and_gaps_tied_at_the_top_are_named_together() -> None:
    from netconsult.render.context.assessment_words import type_message

    text = type_message(words(), "gap", [("Trust", 2, "A."), ("Rituals", 2, "B."),
                                         ("Funding", 1, "C.")], 5)
    assert text == ("The most widely shared gaps concern Trust and Rituals (2 meetings each). "
                    "For example: A.")


def test_no_superlative_when_nothing_stands_out() -> None:
    from netconsult.render.context.assessment_words import themes_message, type_message

    assert themes_message(words(), [("Trust", 1, 1), ("Rituals", 1, 1)], 5) == [
        "So far no theme has been raised in more than one region."]
    assert type_message(words(), "strength", [("Trust", 1, "A."), ("Rituals", 1, "B.")], 2) == (
        "The strengths recorded concern Trust and Rituals, each in one meeting. For example: A.")
