"""One context builder per report: Project → a typed object the templates only display.

Everything a template shows is decided here: numbering of sections, figures and tables,
translated labels, and the privacy rules (quotes anonymous unless consent was recorded,
attribution to a region only when the region has at least `min_group_size` members), so
no template can leak what the context did not hand it.
"""

from __future__ import annotations

import base64
import datetime as dt
import mimetypes
import os
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

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


@dataclass(frozen=True)
class Figure:
    number: int
    anchor: str
    caption: str
    src: str  # a data: URI of the SVG, so HTML output is self-contained
    alt: str


@dataclass(frozen=True)
class Table:
    number: int
    anchor: str
    caption: str


@dataclass(frozen=True)
class Section:
    anchor: str
    number: str
    title: str
    level: int = 1


@dataclass(frozen=True)
class Cover:
    report_title: str
    engagement_title: str
    client: str
    network: str
    funder: str | None
    consultants: list[str]
    date: dt.date
    status: str
    deliverable: str | None
    draft: bool
    logo: str | None


@dataclass
class ReportContext:
    """What every report has; the builders below fill the report's own fields."""

    kind: str
    lang: str
    accent: str
    cover: Cover
    paper: str = "a4"
    sections: list[Section] = field(default_factory=list)
    figures: dict[str, Figure] = field(default_factory=dict)
    tables: dict[str, Table] = field(default_factory=dict)
    summary: list[str] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def draft(self) -> bool:
        return self.cover.draft

    def section(self, anchor: str, title: str, level: int = 1) -> Section:
        """Add a section numbered after its parent: 1, 2, 2.1, 2.2, 3..."""
        parent = next((s for s in reversed(self.sections) if s.level < level), None)
        after = self.sections[self.sections.index(parent) + 1:] if parent else self.sections
        count = sum(1 for s in after if s.level == level) + 1
        number = f"{parent.number}.{count}" if parent else str(count)
        result = Section(anchor, number, title, level)
        self.sections.append(result)
        return result

    def chart_options(self) -> dict[str, Any]:
        """Translated fixed words and the accent for every chart of this report."""
        from netconsult.render.charts import DEFAULT_LABELS

        _ = translations(self.lang).gettext
        return {"accent": self.accent, "labels": {k: _(v) for k, v in DEFAULT_LABELS.items()}}

    def month_names(self) -> list[str]:
        from babel.dates import get_month_names

        names = get_month_names("abbreviated", locale=self.lang)
        return [str(names[i]) for i in range(1, 13)]

    def figure(self, key: str, caption: str, svg: str) -> Figure:
        from netconsult.render.charts import svg_data_uri

        result = Figure(len(self.figures) + 1, f"fig-{key}", caption, svg_data_uri(svg), caption)
        self.figures[key] = result
        return result

    def table(self, key: str, caption: str) -> Table:
        result = Table(len(self.tables) + 1, f"tab-{key}", caption)
        self.tables[key] = result
        return result


def build_context(project: Project, kind: str, lang: str) -> ReportContext:
    builders = {"assessment": _assessment, "recommendations": _recommendations, "plan": _plan}
    _ = translations(lang).gettext
    ctx = ReportContext(kind=kind, lang=lang, accent=project.config.branding.colour,
                        cover=_cover(project, kind, _), paper=project.config.branding.paper)
    builders[kind](project, ctx, _)
    return ctx


# --- shared -----------------------------------------------------------------------------


def report_date(deliverable: Deliverable | None) -> dt.date:
    """The date printed on a report: SOURCE_DATE_EPOCH, else its submission, else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    if deliverable is not None and deliverable.submitted_on is not None:
        return deliverable.submitted_on
    return dt.date.today()


def report_deliverable(project: Project, kind: str) -> Deliverable | None:
    return next((d for d in project.deliverables if d.kind == DELIVERABLE_KIND[kind]), None)


def _cover(project: Project, kind: str, _: Gettext) -> Cover:
    e = project.engagement
    deliverable = report_deliverable(project, kind)
    status = deliverable.status if deliverable else "planned"
    return Cover(
        report_title=deliverable.title if deliverable else _(L.REPORT_TITLE[kind]),
        engagement_title=e.title,
        client=e.client,
        network=project.network.name,
        funder=e.funder,
        consultants=[c.name for c in e.consultants],
        date=report_date(deliverable),
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


def _names(project: Project) -> dict[str, str]:
    names = {m.id: m.name for m in project.members}
    names.update({g.id: g.name for g in project.network.groups})
    return names


def _region_names(project: Project) -> dict[str, str]:
    return {r.id: r.name for r in project.network.regions}


def _theme_names(project: Project) -> dict[str, str]:
    return {t.id: t.name for t in project.network.themes}


def quote_attribution(project: Project, member_id: str | None, consent: bool, _: Gettext) -> str:
    """Who a quote is shown as coming from: the member only with consent; else at most its
    region, and only when the region has enough members not to point at one of them."""
    member = next((m for m in project.members if m.id == member_id), None)
    if member is None:
        return _("a network member")
    if consent:
        return member.name
    in_region = sum(1 for m in project.members if m.region == member.region)
    if in_region >= project.config.privacy.min_group_size:
        region = _region_names(project).get(member.region, member.region)
        return _("a member in %(region)s") % {"region": region}
    return _("a network member")


def _country(code: str, lang: str) -> str:
    from babel import Locale

    return str(Locale.parse(lang).territories.get(code, code))


# --- assessment -------------------------------------------------------------------------


def _assessment(project: Project, ctx: ReportContext, _: Gettext) -> None:
    from netconsult.render.charts import Bar, bar_chart

    regions = _region_names(project)
    themes = _theme_names(project)
    lang = ctx.lang
    members_in = Counter(m.region for m in project.members)
    regional = wp.regional_meetings(project)
    meetings = [m for ms in regional.values() for m in ms]
    meetings.sort(key=lambda m: (m.date, m.id))
    present = {p for m in meetings for p in m.front.participants}

    from netconsult.analysis.project_network import project_network
    from netconsult.analysis.survey import analyse_survey
    from netconsult.render.network_context import network_data, network_sections
    from netconsult.render.survey_context import survey_data, survey_quotes, survey_sections

    results = analyse_survey(project)
    network = project_network(project)
    survey_said = survey_quotes(results, _)
    ctx.section("summary", _("Executive summary"))
    ctx.section("profile", _("The network"))
    ctx.section("method", _("How the assessment was done"))
    survey_sections(ctx, results, _)
    network_sections(ctx, network, _)
    ctx.section("findings", _("Findings by theme"))
    ctx.section("strengths-gaps", _("Strengths and gaps"))
    if survey_said or any(q for m in meetings for q in m.front.quotes):
        ctx.section("voices", _("In members' words"))
    ctx.section("annex-members", _("Annex A. Member organisations"))
    ctx.section("annex-meetings", _("Annex B. Meeting notes"))
    if results is not None:
        ctx.section("annex-survey", _("Annex C. Survey method and questionnaire"))
    if network is not None:
        ctx.section("annex-network", _("Annex D. Network method") if results is not None
                    else _("Annex C. Network method"))

    profile = []
    for region in project.network.regions:
        members = [m for m in project.members if m.region == region.id]
        types = Counter(m.type for m in members)
        profile.append({
            "region": region.name,
            "members": len(members),
            "types": ", ".join(f"{_(L.MEMBER_TYPE[t])} {n}" for t, n in sorted(types.items())),
            "liaison": ", ".join(m.name for m in members if m.liaison) or "–",
        })
    ctx.table("profile", _("Member organisations by region"))
    ctx.figure("members", _("Member organisations by region"), bar_chart(
        [Bar(regions[r.id], float(members_in.get(r.id, 0)), None)
         for r in project.network.regions],
        value_format=lambda v: f"{v:.0f}", title=_("Member organisations by region"),
        **ctx.chart_options()))

    meeting_rows = [{
        "date": m.date,
        "region": regions.get(m.region or "", "–"),
        "present": len(set(m.front.participants)),
        "of": members_in.get(m.region or "", 0),
        "minutes": m.front.duration_minutes,
        "findings": len(m.findings),
    } for m in meetings]
    ctx.table("meetings", _("Regional meetings held"))
    # Here, so its tables and figures are numbered in the order the chapters are read.
    survey = survey_data(project, ctx, results, _) if results is not None else None
    net = network_data(project, ctx, network, _) if network is not None else None

    by_theme: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for m in project.meetings:
        for finding in m.findings:
            by_theme[finding.theme].append({
                "text": finding.text, "type": finding.type,
                "type_label": _(L.FINDING_TYPE[finding.type]),
                "region": regions.get(m.region or "", _(L.MEETING_KIND[m.kind])),
                "region_id": m.region, "meeting": m.title, "date": m.date,
            })
    groups = []
    for theme_id, items in by_theme.items():
        raised_in = {i["region_id"] for i in items if i["region_id"]}
        groups.append({"id": theme_id, "name": themes.get(theme_id, theme_id),
                       "regions": len(raised_in), "findings": items})
    order = {t.id: i for i, t in enumerate(project.network.themes)}
    groups.sort(key=lambda g: (-g["regions"], order.get(g["id"], 99), g["name"]))
    total_regions = len(project.network.regions)
    ctx.figure("themes", _("Number of regions that raised each theme"), bar_chart(
        [Bar(g["name"], float(g["regions"]), None) for g in groups],
        value_format=lambda v: f"{v:.0f}", **ctx.chart_options()))

    findings = [f for g in groups for f in g["findings"]]
    strengths = [f for f in findings if f["type"] == "strength"]
    gaps = [f for f in findings if f["type"] == "gap"]
    quotes = [{"text": q.text,
               "by": quote_attribution(project, q.member, q.consent, _),
               "theme": themes.get(q.theme or "", "")}
              for m in meetings for q in m.front.quotes] + survey_said

    top = [g for g in groups if g["regions"]][:3]
    ctx.summary = [
        _("The network has %(members)d member organisations in %(regions)d regions; "
          "%(present)d of them took part in the %(meetings)d regional meetings.")
        % {"members": len(project.members), "regions": total_regions,
           "present": len(present), "meetings": len(meetings)},
        _("The meetings produced %(findings)d findings: %(strengths)d strengths, "
          "%(gaps)d gaps and %(other)d other observations.")
        % {"findings": len(findings), "strengths": len(strengths), "gaps": len(gaps),
           "other": len(findings) - len(strengths) - len(gaps)},
    ]
    if top:
        ctx.summary.append(
            _("The themes raised most widely were %(themes)s.")
            % {"themes": ", ".join(
                _("%(theme)s (%(count)d of %(total)d regions)")
                % {"theme": g["name"], "count": g["regions"], "total": total_regions}
                for g in top)})
    if survey is not None:
        ctx.summary.append(
            _("%(people)d people from %(responded)d of the %(members)d member organisations "
              "(%(rate)s) answered the member survey.")
            % {"people": survey["respondents"], "responded": survey["responded"],
               "members": survey["members"], "rate": survey["rate"]})
        if survey["best"] and survey["worst"]:
            ctx.summary.append(
                _("Members rated %(best)s highest (%(best_mean)s of 5) and %(worst)s lowest "
                  "(%(worst_mean)s of 5).")
                % {"best": survey["best"]["name"], "best_mean": survey["best"]["mean"],
                   "worst": survey["worst"]["name"], "worst_mean": survey["worst"]["mean"]})
    if net is not None and net["most"]:
        ctx.summary.append(
            _("Members named %(ties)s working ties: %(density)s of all possible pairs, "
              "%(cross)s of them across regions; %(most)s is the most connected member.")
            % {"ties": net["ties"], "density": net["density"], "cross": net["cross"],
               "most": net["most"]["label"]})
    if gaps:
        ctx.summary.append(_("The most widely shared gap: %(gap)s") % {"gap": gaps[0]["text"]})

    members = sorted(project.members, key=lambda m: (regions.get(m.region, ""), m.name))
    ctx.table("members", _("Member organisations"))
    if survey is not None:
        ctx.table("survey-items", _("Survey questionnaire: the scored items"))
    ctx.data.update(
        profile=profile, members_total=len(project.members),
        countries=len({m.country for m in project.members}),
        meetings=meeting_rows, present=len(present), groups=groups,
        total_regions=total_regions, strengths=strengths, gaps=gaps, quotes=quotes,
        survey=survey, network=net,
        members=[{"name": m.name, "country": _country(m.country, lang),
                  "region": regions.get(m.region, m.region), "type": _(L.MEMBER_TYPE[m.type]),
                  "liaison": m.liaison} for m in members],
        notes=[{"title": m.title, "date": m.date, "region": regions.get(m.region or "", ""),
                "kind": _(L.MEETING_KIND[m.kind]), "html": notes_html(m.notes)}
               for m in project.meetings if m.kind in ("kickoff", "regional") and m.notes],
        other_meetings=len([m for m in project.meetings if m.kind != "regional"]),
    )


# --- recommendations --------------------------------------------------------------------


def _survey_dimension_texts(project: Project, lang: str, _: Gettext) -> dict[str, str]:
    """Each survey dimension as the evidence trail cites it: its name and, once responses
    are in, its score (already privacy-checked by the analysis)."""
    if project.survey is None:
        return {}
    from babel.numbers import format_decimal

    from netconsult.analysis.survey import analyse_survey
    from netconsult.project.frameworks import survey_dimensions

    texts = {d.id: d.name for d in survey_dimensions(project.survey)}
    results = analyse_survey(project)
    for d in results.dimensions if results else []:
        if not d.mean.suppressed and d.mean.value is not None:
            texts[d.id] = _("%(dimension)s: %(mean)s of 5, %(n)d respondents (%(round)s)") % {
                "dimension": d.name, "n": d.mean.n or 0, "round": results.round_name,
                "mean": format_decimal(d.mean.value, "0.0", locale=lang)}
    return texts


def _evidence(project: Project, ref: str, _: Gettext,
              dimensions: dict[str, str] | None = None) -> dict[str, str]:
    """What a piece of evidence says, for the evidence trail: kind, id, where, text."""
    kind, _sep, target = ref.partition(":")
    regions = _region_names(project)
    item = {"ref": ref, "id": "", "where": "", "text": target}
    if kind == "meeting":
        meeting = next((m for m in project.meetings if m.id == target), None)
        if meeting:
            item.update(text=meeting.title, where=meeting.date.isoformat())
        return dict(item, kind=_("Meeting"))
    if kind == "finding":
        for m in project.meetings:
            for finding in m.findings:
                if finding.id == target:
                    item.update(text=finding.text, id=target,
                                where=regions.get(m.region or "", m.title))
        return dict(item, kind=_("Finding"))
    if kind == "survey":
        return dict(item, kind=_("Survey dimension"),
                    text=(dimensions or {}).get(target, target))
    peers = {p.id: p.name for p in (project.benchmark.peers if project.benchmark else [])}
    return dict(item, kind=_("Peer network"), text=peers.get(target, target))


def _recommendations(project: Project, ctx: ReportContext, _: Gettext) -> None:
    from netconsult.render.charts import MatrixItem, priority_effort_matrix

    recs = list(project.recommendations)
    dimensions = _survey_dimension_texts(project, ctx.lang, _)
    present = {r.category for r in recs}
    order = list(project.network.required_categories) + [
        c for c in L.CATEGORY if c not in project.network.required_categories]
    categories = [c for c in order if c in present]

    ctx.section("summary", _("Executive summary"))
    ctx.section("overview", _("The recommendations at a glance"))
    for category in categories:
        ctx.section(f"cat-{category}", _(L.CATEGORY[category]), level=2)
    ctx.section("annex-evidence", _("Annex. Evidence index"))

    ctx.table("overview", _("Recommendations by category, priority and effort"))
    ctx.figure("matrix", _("Recommendations by priority and effort"), priority_effort_matrix(
        [MatrixItem(r.id, r.title, r.priority, r.effort) for r in recs],
        **ctx.chart_options()))

    rank = {"high": 0, "medium": 1, "low": 2}
    by_category = []
    for category in categories:
        items = sorted((r for r in recs if r.category == category),
                       key=lambda r: (rank[r.priority], r.id))
        by_category.append({
            "id": category, "name": _(L.CATEGORY[category]),
            "anchor": f"cat-{category}",
            "recs": [{
                "id": r.id, "title": r.title, "priority": _(L.LEVEL[r.priority]),
                "priority_id": r.priority, "effort": _(L.LEVEL[r.effort]),
                "rationale": render_markdown(r.rationale),
                "evidence": [_evidence(project, ref, _, dimensions) for ref in r.evidence],
            } for r in items],
        })
    cited: dict[str, list[str]] = defaultdict(list)
    for r in recs:
        for ref in r.evidence:
            cited[ref].append(r.id)
    index = sorted((dict(_evidence(project, ref, _, dimensions), recs=", ".join(ids))
                    for ref, ids in cited.items()), key=lambda e: (e["kind"], e["ref"]))
    ctx.table("evidence", _("Evidence cited by the recommendations"))

    quick = [r for r in recs if r.priority == "high" and r.effort == "low"]
    counts = Counter(r.priority for r in recs)
    ctx.summary = [
        _("This report makes %(count)d recommendations in %(categories)d areas: "
          "%(high)d of high, %(medium)d of medium and %(low)d of low priority.")
        % {"count": len(recs), "categories": len(categories), "high": counts["high"],
           "medium": counts["medium"], "low": counts["low"]},
        _("Each recommendation cites the findings, meetings or survey results behind it; "
          "%(cited)d distinct pieces of evidence are cited in all.") % {"cited": len(cited)},
    ]
    if quick:
        ctx.summary.append(_("Quick wins (high priority, low effort): %(list)s.")
                           % {"list": "; ".join(f"{r.id} {r.title}" for r in quick)})
    ctx.data.update(
        overview=[{"id": r.id, "title": r.title, "category": _(L.CATEGORY[r.category]),
                   "priority": _(L.LEVEL[r.priority]), "effort": _(L.LEVEL[r.effort])}
                  for r in sorted(recs, key=lambda r: (order.index(r.category), rank[r.priority],
                                                        r.id))],
        categories=by_category, index=index,
    )


# --- improvement plan -------------------------------------------------------------------


def _plan(project: Project, ctx: ReportContext, _: Gettext) -> None:
    from netconsult.render.charts import GanttRow, gantt

    names = _names(project)
    recs = {r.id: r for r in project.recommendations}
    actions = sorted(project.actions, key=lambda a: (a.start or a.due or dt.date.max, a.id))
    events = sorted(project.events, key=lambda e: (e.start, e.id))

    ctx.section("summary", _("Executive summary"))
    ctx.section("actions", _("Actions"))
    ctx.section("timeline", _("Timeline"))
    ctx.section("schedule", _("Schedule of workshops, trainings and discussions"))
    ctx.section("responsibilities", _("Who is responsible for what"))
    ctx.section("annex-recommendations", _("Annex. Recommendations addressed"))

    ctx.table("actions", _("Actions with owners, dates and indicators"))
    dated = [a for a in actions if a.start or a.due]
    days = [d for a in dated for d in (a.start, a.due) if d] + [e.start.date() for e in events]
    if days:
        first, last = min(days), max(days)
        ctx.figure("gantt", _("Timeline of the actions and events"), gantt(
            [GanttRow(a.id, a.title, a.start, a.due, a.status) for a in dated]
            + [GanttRow(e.id, e.title, None, e.start.date(), "planned", milestone=True)
               for e in events],
            start=first, end=last, today=None, month_names=ctx.month_names(),
            **ctx.chart_options()))
    ctx.table("events", _("Scheduled events"))
    owners: dict[str, list[dict[str, str]]] = defaultdict(list)
    for a in actions:
        owners[a.owner or ""].append({"id": a.id, "title": a.title})
    ctx.table("owners", _("Actions by owner"))

    done = sum(1 for a in actions if a.status == "done")
    ctx.summary = [
        _("The plan sets out %(actions)d actions for %(recs)d recommendations, shared among "
          "%(owners)d owners; %(done)d are already done.")
        % {"actions": len(actions), "recs": len({a.recommendation for a in actions}),
           "owners": len([o for o in owners if o]), "done": done},
    ]
    if events:
        ctx.summary.append(
            _("%(count)d workshops, trainings and discussions are scheduled, the first on "
              "%(date)s.") % {"count": len(events), "date": events[0].start.date().isoformat()})
    ctx.data.update(
        actions=[{
            "id": a.id, "title": a.title, "rec": a.recommendation,
            "rec_title": recs[a.recommendation].title if a.recommendation in recs else "",
            "owner": names.get(a.owner or "", a.owner or "–"), "start": a.start, "due": a.due,
            "status": _(L.ACTION_STATUS[a.status]), "status_id": a.status,
            "indicator": a.indicator or "",
        } for a in actions],
        events=[{
            "id": e.id, "title": e.title, "kind": _(L.EVENT_KIND[e.kind]), "start": e.start,
            "utc": e.start.astimezone(dt.UTC), "minutes": e.duration_minutes,
            "offset": "UTC" + (e.start.strftime("%z")[:3] + ":" + e.start.strftime("%z")[3:]
                               if e.start.utcoffset() else ""),
            "facilitator": e.facilitator or "", "audience": e.audience or "",
            "actions": ", ".join(e.actions),
        } for e in events],
        owners=[{"name": names.get(o, o) if o else _("No owner yet"), "actions": items}
                for o, items in sorted(owners.items(), key=lambda kv: names.get(kv[0], kv[0]))],
        recommendations=[{"id": r.id, "title": r.title, "priority": _(L.LEVEL[r.priority]),
                          "actions": ", ".join(a.id for a in actions if a.recommendation == r.id)
                          or "–"} for r in project.recommendations],
    )
