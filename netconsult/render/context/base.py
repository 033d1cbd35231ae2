"""What every report shares: numbering of sections, figures and tables, the cover, the
report's date, and the attribution of quotes (anonymous unless consent was recorded, a region
only when it has at least `min_group_size` members).

A report is built on a `ReportBuilder`, which numbers sections, figures and tables as they are
declared; `ReportBuilder.finish` then hands the template a frozen `ReportContext[D]`, where
`D` is the report's own frozen dataclass (`AssessmentData`, `RecommendationsData`,
`PlanData`). That is the contract a template override reads as `report`.
"""

from __future__ import annotations

import base64
import datetime as dt
import mimetypes
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Generic, TypeVar

from netconsult.analysis import workplan as wp
from netconsult.project.load import Project
from netconsult.project.models import Deliverable
from netconsult.render import labels as L
from netconsult.render.environment import render_markdown, translations

#: The workplan deliverable kind behind each report (its status drives draft marking).
DELIVERABLE_KIND = {
    "assessment": "assessment",
    "recommendations": "recommendations",
    "plan": "improvement-plan",
}

Gettext = Callable[[str], str]
#: The report's own data: read-only once built, so a context can be covariant in it.
D = TypeVar("D", covariant=True)
T = TypeVar("T")


@dataclass(frozen=True)
class Figure:
    number: int
    anchor: str
    caption: str
    src: str  # a data: URI of the SVG, so HTML output is self-contained
    alt: str
    source: str | None = None  # where the data comes from: round, how many people


@dataclass(frozen=True)
class Table:
    number: int
    anchor: str
    caption: str


@dataclass(frozen=True)
class Section:
    anchor: str
    number: str  # what the contents and the heading print before the title: "2.1", "Annex A"
    title: str
    level: int = 1
    annex: str | None = None  # the annex's letter, for an annex and the sections inside it


@dataclass(frozen=True)
class Cover:
    report_title: str
    engagement_title: str
    client: str
    network: str
    funder: str | None
    consultants: tuple[str, ...]
    date: dt.date
    status: str
    deliverable: str | None
    draft: bool
    logo: str | None


class _Dated:
    """What the cover decides for a report being built and a built one alike."""

    cover: Cover

    @property
    def draft(self) -> bool:
        return self.cover.draft

    @property
    def as_of(self) -> dt.date:
        """The report's one date: statuses, counts and content are as of this day."""
        return self.cover.date


@dataclass(frozen=True)
class ReportContext(_Dated, Generic[D]):
    """What a template sees as `report`: the same for every report, but for `data`.

    Frozen once built (sections and the summary are tuples, figures and tables read-only
    mappings), so a template, or a plugin, cannot change what the report says."""

    kind: str  # "assessment" | "recommendations" | "plan"
    lang: str
    accent: str  # the brand colour, "#rrggbb"
    cover: Cover
    paper: str  # "a4" | "letter"
    sections: tuple[Section, ...]  # chapters, their sections and the annexes, in order
    figures: Mapping[str, Figure]  # by key, in number order: `report.figures.gantt`
    tables: Mapping[str, Table]  # by key, in number order: `report.tables["survey-rates"]`
    summary: tuple[str, ...]  # the executive summary's key messages
    data: D  # the report's own frozen dataclass


@dataclass
class ReportBuilder(_Dated):
    """A report being built: sections, figures and tables numbered as the report's builder
    declares them, in reading order. `finish` freezes it with the report's data."""

    kind: str
    lang: str
    accent: str
    cover: Cover
    paper: str = "a4"
    sections: list[Section] = field(default_factory=list)
    figures: dict[str, Figure] = field(default_factory=dict)
    tables: dict[str, Table] = field(default_factory=dict)
    summary: list[str] = field(default_factory=list)

    def finish(self, data: T) -> ReportContext[T]:
        """The report as its template sees it: this builder's state, frozen, with `data`."""
        return ReportContext(
            kind=self.kind, lang=self.lang, accent=self.accent, cover=self.cover,
            paper=self.paper, sections=tuple(self.sections),
            figures=MappingProxyType(dict(self.figures)),
            tables=MappingProxyType(dict(self.tables)), summary=tuple(self.summary),
            data=data)

    def section(self, anchor: str, title: str, level: int = 1) -> Section:
        """Add a section numbered after its parent: 1, 2, 2.1, 2.2, 3... Chapters are
        numbered apart from annexes; a section inside Annex A is A.1, A.2..."""
        parent = next((s for s in reversed(self.sections) if s.level < level), None)
        if parent is None:
            count = sum(1 for s in self.sections if s.level == level and s.annex is None) + 1
            result = Section(anchor, str(count), title, level)
        else:
            after = self.sections[self.sections.index(parent) + 1:]
            count = sum(1 for s in after if s.level == level) + 1
            prefix = parent.annex if parent.level == 1 and parent.annex else parent.number
            result = Section(anchor, f"{prefix}.{count}", title, level, parent.annex)
        self.sections.append(result)
        return result

    def annex(self, anchor: str, title: str) -> Section:
        """Add an annex, lettered in order apart from the chapters: "Annex A", "Annex B"..."""
        letter = annex_letter(sum(1 for s in self.sections if s.level == 1 and s.annex))
        label = translations(self.lang).gettext("Annex %(letter)s") % {"letter": letter}
        result = Section(anchor, label, title, 1, letter)
        self.sections.append(result)
        return result

    def date(self, value: dt.date) -> str:
        """A date in the report's one style, for sentences built in a context (templates use
        the `date` filter, which prints the same)."""
        from netconsult.render.environment import format_day

        return format_day(value, self.lang)

    def chart_options(self) -> dict[str, Any]:
        """Translated fixed words and the accent for every chart of this report."""
        from netconsult.render.charts import DEFAULT_LABELS

        _ = translations(self.lang).gettext
        return {"accent": self.accent, "labels": {k: _(v) for k, v in DEFAULT_LABELS.items()}}

    def month_names(self) -> list[str]:
        from babel.dates import get_month_names

        names = get_month_names("abbreviated", locale=self.lang)
        return [str(names[i]) for i in range(1, 13)]

    def figure(self, key: str, caption: str, svg: str, source: str | None = None) -> Figure:
        """Add a figure; `source` is a short line printed under it, such as "Member survey,
        Baseline round, 42 respondents" (the template adds "Source:")."""
        from netconsult.render.charts import svg_data_uri

        result = Figure(len(self.figures) + 1, f"fig-{key}", caption, svg_data_uri(svg), caption,
                        source)
        self.figures[key] = result
        return result

    def table(self, key: str, caption: str) -> Table:
        result = Table(len(self.tables) + 1, f"tab-{key}", caption)
        self.tables[key] = result
        return result


def annex_letter(index: int) -> str:
    """A, B, ... Z, then AA, AB...: the letter of the annex at 0-based `index`."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def report_date(deliverable: Deliverable | None, as_of: dt.date | None = None) -> dt.date:
    """A report's one "as of" date: `as_of` when given, else the deliverable's
    `submitted_on` once it is handed in, else the day it is rendered (SOURCE_DATE_EPOCH's
    day when set, for reproducible builds)."""
    from netconsult.io.stamp import source_date_epoch

    if as_of is not None:
        return as_of
    if deliverable is not None and wp.is_done(deliverable) and deliverable.submitted_on:
        return deliverable.submitted_on
    stamp = source_date_epoch()
    return stamp.date() if stamp is not None else dt.date.today()


def report_deliverable(project: Project, kind: str) -> Deliverable | None:
    return next((d for d in project.deliverables if d.kind == DELIVERABLE_KIND[kind]), None)


def cover(project: Project, kind: str, _: Gettext, as_of: dt.date | None = None) -> Cover:
    e = project.engagement
    deliverable = report_deliverable(project, kind)
    status = deliverable.status if deliverable else "planned"
    return Cover(
        report_title=deliverable.title if deliverable else _(L.REPORT_TITLE[kind]),
        engagement_title=e.title,
        client=e.client,
        network=project.network.name,
        funder=e.funder,
        consultants=tuple(c.name for c in e.consultants),
        date=report_date(deliverable, as_of),
        status=_(L.DELIVERABLE_STATUS[status]),
        deliverable=deliverable.id if deliverable else None,
        draft=not (deliverable is not None and wp.is_done(deliverable)),
        logo=_logo(project),
    )


def _logo(project: Project) -> str | None:
    logo = project.config.branding.logo
    if not logo:
        return None
    path = (project.root / logo).resolve()
    if not path.is_file() or not path.is_relative_to(project.root.resolve()):
        return None
    mime = mimetypes.guess_type(path.name)[0] or ""
    if mime not in ("image/svg+xml", "image/png", "image/jpeg"):
        return None
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def notes_html(text: str) -> str:
    """A meeting's Markdown notes as HTML whose headings sit below the annex's own."""
    html = render_markdown(text)
    return re.sub(r"<(/?)h([1-6])>", lambda m: f"<{m[1]}h{min(int(m[2]) + 3, 6)}>", html)


def member_names(project: Project) -> dict[str, str]:
    names = {m.id: m.name for m in project.members}
    names.update({g.id: g.name for g in project.network.groups})
    return names


def region_names(project: Project) -> dict[str, str]:
    return {r.id: r.name for r in project.network.regions}


def theme_names(project: Project) -> dict[str, str]:
    return {t.id: t.name for t in project.network.themes}


def quote_attribution(project: Project, member_id: str | None, consent: bool, _: Gettext) -> str:
    """Who a quote is shown as coming from: the member only with consent; else at most its
    region, and only when the region has enough members not to point at one of them."""
    from netconsult.analysis.privacy import quote_attribution as attribution

    kind, ref = attribution(project.members, member_id, consent,
                            project.config.privacy.min_group_size)
    if kind == "member":
        return next(m.name for m in project.members if m.id == ref)
    if kind == "region" and ref is not None:
        return _("a member in %(region)s") % {"region": region_names(project).get(ref, ref)}
    return _("a network member")


def country_name(code: str, lang: str) -> str:
    from babel import Locale

    return str(Locale.parse(lang).territories.get(code, code))
