"""The assessment's typed data: what `report.data` holds for templates/reports/assessment.html.

Template overrides read these attributes (`report.data.groups`, `row.present`...); the survey
and network chapters' own types are in survey_chapter.py and network_chapter.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from netconsult.render.context.base import Figure
from netconsult.render.context.network_chapter import NetworkChapter
from netconsult.render.context.survey_chapter import SurveyChapter


@dataclass(frozen=True)
class ProfileRow:
    """One region of the network: its members by type and its liaison group members."""

    region: str
    members: int
    types: str
    liaison: str


@dataclass(frozen=True)
class MeetingRow:
    """One meeting the assessment draws on."""

    date: dt.date
    meeting: str  # the region of a regional meeting, else the kind ("Kick-off")
    mode: str  # "Virtual", "In person", "Hybrid" or "–" when not recorded
    present: int
    of: int | None  # members of the meeting's region, for regional meetings
    minutes: int | None
    findings: int

    @property
    def region(self) -> str:  # the name templates written before `meeting` used
        return self.meeting


@dataclass(frozen=True)
class FindingRow:
    text: str
    type: str  # strength | gap | observation
    type_label: str
    where: str  # the region, else the meeting's kind
    region_id: str | None
    meeting_id: str
    meeting: str
    date: dt.date

    @property
    def region(self) -> str:  # the name templates written before `where` used
        return self.where


@dataclass(frozen=True)
class ThemeGroup:
    """A theme's findings, with how widely it was raised."""

    id: str
    name: str
    regions: int  # regions whose meetings raised it
    meetings: int  # meetings that raised it
    raised: str  # "raised in 4 of the 5 regions"
    findings: tuple[FindingRow, ...]


@dataclass(frozen=True)
class QuoteRow:
    text: str
    by: str
    theme: str
    translation: str | None = None


@dataclass(frozen=True)
class MemberRow:
    name: str
    country: str
    region: str
    type: str
    liaison: bool


@dataclass(frozen=True)
class NoteRow:
    title: str
    date: dt.date
    region: str
    kind: str
    html: str  # Markdown notes rendered as HTML


@dataclass(frozen=True)
class Method:
    """How the assessment was done, in sentences that follow the data."""

    meetings: str  # what the assessment draws on
    first: dt.date | None  # the first and last meeting, printed by the template
    last: dt.date | None
    mode: str | None
    duration: str | None
    regions: str | None
    participation: str | None


@dataclass(frozen=True)
class AssessmentData:
    sources: str  # the summary's "It draws on ..." sentence
    profile_text: str
    profile: tuple[ProfileRow, ...]
    members_total: int
    countries: int
    members_figure: Figure | None  # only when there is more than one region
    method: Method
    meetings: tuple[MeetingRow, ...]
    present: int
    themes_figure: Figure | None  # only when regions raised themes
    groups: tuple[ThemeGroup, ...]
    total_regions: int
    strengths_lead: str | None
    strengths: tuple[FindingRow, ...]
    gaps: tuple[FindingRow, ...]
    quotes: tuple[QuoteRow, ...]
    members: tuple[MemberRow, ...]
    notes: tuple[NoteRow, ...]
    survey: SurveyChapter | None  # None without survey results as of the report's date
    network: NetworkChapter | None  # None without tie data
