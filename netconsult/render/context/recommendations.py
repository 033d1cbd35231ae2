"""The recommendation report's context: one chapter per category, the evidence behind each
recommendation cited by what a reader can find (meeting, region, date, theme; survey
dimension and round), the owner and timing the improvement plan gives each, and an
evidence index by region and date.

Template contract: `report.data` is a `RecommendationsData`; every row is a frozen
dataclass below. No internal id (a finding's `F-EU-4`, a meeting's file name) reaches it:
only recommendation ids (R1...) and action ids (A1...), which the reports print themselves.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from netconsult.analysis import actions as plan_actions
from netconsult.project.load import Meeting, Project
from netconsult.project.models import Action, Recommendation
from netconsult.render import labels as L
from netconsult.render.context.actions import (
    Carried,
    Ngettext,
    Owners,
    carried,
    day_format,
    list_format,
)
from netconsult.render.context.base import (
    Gettext,
    ReportBuilder,
    region_names,
    theme_names,
)
from netconsult.render.environment import render_markdown, translations

_KIND_ORDER = {"meeting": 0, "finding": 1, "survey": 2, "benchmark": 3}


@dataclass(frozen=True)
class Evidence:
    """One piece of evidence, cited by what a reader can look up."""

    kind: str  # meeting | finding | survey | benchmark
    label: str  # "Gap", "Meeting", "Member survey", "Peer network"...
    text: str  # what it says: the finding, the meeting's title, the dimension's score...
    where: str  # where it comes from: the meeting's title (and region), the survey round...
    region: str | None  # the region's name, for the index
    date: dt.date | None
    theme: str | None
    anchor: str  # its row in the evidence index


@dataclass(frozen=True)
class RecRef:
    id: str
    anchor: str


@dataclass(frozen=True)
class IndexEntry:
    evidence: Evidence
    cited_by: tuple[RecRef, ...]


@dataclass(frozen=True)
class IndexGroup:
    """The evidence index's rows for one region (or network-wide), by date, then kind."""

    name: str
    entries: tuple[IndexEntry, ...]


@dataclass(frozen=True)
class RecommendationRow:
    id: str
    anchor: str
    title: str
    category: str
    category_name: str
    priority: str
    priority_label: str
    effort: str
    effort_label: str
    quick_win: bool  # high priority, low effort
    rationale: str  # HTML rendered from the Markdown rationale (raw HTML disabled)
    evidence: tuple[Evidence, ...]
    plan: Carried  # owners counted once, first start to last due, status as of the date


@dataclass(frozen=True)
class CategoryChapter:
    id: str
    name: str
    anchor: str
    intro: str
    recommendations: tuple[RecommendationRow, ...]


@dataclass(frozen=True)
class RecommendationsData:
    """Everything the recommendations template shows besides the shared ReportContext."""

    as_of: dt.date
    categories: tuple[CategoryChapter, ...]  # the chapters, in the network's order
    headline: tuple[RecommendationRow, ...]  # high priority first (all when none is high)
    quick_wins: tuple[RecommendationRow, ...]
    index: tuple[IndexGroup, ...]
    has_plan: bool  # the improvement plan has actions for at least one recommendation


def meeting_label(meeting: Meeting, regions: dict[str, str], _: Gettext) -> str:
    """A meeting as a reader knows it: its title, else its kind and region (never the
    file name it is cited by)."""
    if meeting.front.title:
        return meeting.front.title
    kind = _(L.MEETING_KIND.get(meeting.kind, L.MEETING_KIND["other"]))
    region = regions.get(meeting.region or "")
    return _("%(kind)s, %(region)s") % {"kind": kind, "region": region} if region else kind


class _Citations:
    """Evidence references (`finding:F-EU-4`...) resolved to what a reader can find."""

    def __init__(self, project: Project, lang: str, _: Gettext, ngettext: Ngettext) -> None:
        self.project, self.lang, self._, self.ngettext = project, lang, _, ngettext
        self.regions = region_names(project)
        self.themes = theme_names(project)
        self.meetings = {m.id: m for m in project.meetings}
        self.findings = {f.id: (f, m) for m in project.meetings for f in m.findings if f.id}
        peers = project.benchmark.peers if project.benchmark else []
        self.peers = {p.id: p.name for p in peers}
        self.survey = self._survey()

    def _survey(self) -> dict[str, tuple[str, str, dt.date | None]]:
        """Each survey dimension: (text, where, date), with its score once responses are in
        (already privacy-checked by the analysis)."""
        project, _ = self.project, self._
        if project.survey is None:
            return {}
        from babel.numbers import format_decimal

        from netconsult.analysis.survey import analyse_survey
        from netconsult.project.frameworks import survey_dimensions

        found: dict[str, tuple[str, str, dt.date | None]] = {
            d.id: (_("%(dimension)s (dimension)") % {"dimension": d.name}, "", None)
            for d in survey_dimensions(project.survey)}
        results = analyse_survey(project)
        if results is None:
            return found
        closes = next((r.closes for r in project.survey.rounds if r.id == results.round_id),
                      None)
        where = _("%(round)s round") % {"round": results.round_name}
        if results.round_name.casefold().endswith(_("round").casefold()):
            where = results.round_name  # "Baseline round", not "Baseline round round"
        for d in results.dimensions:
            if not d.mean.suppressed and d.mean.value is not None:
                n = d.mean.n or 0
                text = _("%(dimension)s, mean score %(mean)s on a scale of 1 to 5, "
                         "%(respondents)s") % {
                    "dimension": d.name,
                    "mean": format_decimal(d.mean.value, "0.0", locale=self.lang),
                    "respondents": self.ngettext("%(num)d respondent", "%(num)d respondents",
                                                 n) % {"num": n}}
            else:
                text = _("%(dimension)s (dimension)") % {"dimension": d.name}
            found[d.id] = (text, where, closes)
        return found

    def cite(self, ref: str) -> Evidence | None:
        """The evidence `ref` points to, or None when it is not in this report's view of
        the project (for example a meeting after the report's date)."""
        _ = self._
        kind, _sep, target = ref.partition(":")
        if kind == "finding" and target in self.findings:
            finding, meeting = self.findings[target]
            return self._from_meeting(meeting, kind, _(L.FINDING_TYPE[finding.type]),
                                      finding.text, self.themes.get(finding.theme))
        if kind == "meeting" and target in self.meetings:
            meeting = self.meetings[target]
            label = meeting_label(meeting, self.regions, _)
            return self._from_meeting(meeting, kind, _("Meeting"), label, None, where=False)
        if kind == "survey" and target in self.survey:
            text, where, closes = self.survey[target]
            return Evidence(kind, _("Member survey"), text, where, None, closes, None, "")
        if kind == "benchmark" and target in self.peers:
            return Evidence(kind, _("Peer network"), self.peers[target],
                            _("Benchmark of peer networks"), None, None, None, "")
        return None

    def _from_meeting(self, meeting: Meeting, kind: str, label: str, text: str,
                      theme: str | None, *, where: bool = True) -> Evidence:
        title = meeting_label(meeting, self.regions, self._)
        region = self.regions.get(meeting.region or "")
        parts = [title] if where else []
        if region and region not in title:
            parts.append(region)
        return Evidence(kind, label, text, ", ".join(parts), region, meeting.date, theme, "")


def build(project: Project, ctx: ReportBuilder, _: Gettext) -> RecommendationsData:
    from netconsult.render.charts import MatrixItem, priority_effort_matrix

    ngettext: Ngettext = translations(ctx.lang).ngettext
    recs = list(project.recommendations)
    present = {r.category for r in recs}
    order = list(project.network.required_categories) + [
        c for c in L.CATEGORY if c not in project.network.required_categories]
    categories = [c for c in order if c in present]

    ctx.section("summary", _("Executive summary"))
    ctx.section("overview", _("The recommendations at a glance"))
    for category in categories:
        ctx.section(f"cat-{category}", _(L.CATEGORY[category]))
    ctx.annex("annex-evidence", _("Evidence index"))

    rank = {"high": 0, "medium": 1, "low": 2}
    recs.sort(key=lambda r: (order.index(r.category), rank[r.priority]))
    citations = _Citations(project, ctx.lang, _, ngettext)
    index, anchors = _index(recs, citations, _)
    actions = plan_actions.plan_order(project.actions, project.recommendations)
    owners = Owners(project, actions)
    rows = {r.id: _row(r, citations, anchors, actions, owners, ctx.as_of, _) for r in recs}
    chapters = tuple(CategoryChapter(
        id=c, name=_(L.CATEGORY[c]), anchor=f"cat-{c}",
        intro=_chapter_intro([rows[r.id] for r in recs if r.category == c], _, ngettext),
        recommendations=tuple(rows[r.id] for r in recs if r.category == c),
    ) for c in categories)
    high = [rows[r.id] for r in recs if r.priority == "high"]
    headline = high or [rows[r.id] for r in recs]
    quick = [rows[r.id] for r in recs if rows[r.id].quick_win]

    if headline:
        ctx.table("headline", _("High-priority recommendations, with owner and timing")
                  if high else _("The recommendations, with owner and timing"))
    if recs:
        ctx.table("overview", _("Recommendations by area, with priority, effort, owner and "
                                "timing"))
        ctx.figure("matrix", _("Recommendations by priority and effort"),
                   priority_effort_matrix([MatrixItem(r.id, r.title, r.priority, r.effort)
                                           for r in recs], **ctx.chart_options()),
                   source=_("recommendations.yaml, %(count)s") % {
                       "count": ngettext("%(num)d recommendation", "%(num)d recommendations",
                                         len(recs)) % {"num": len(recs)}})
    if index:
        ctx.table("evidence", _("Evidence cited by the recommendations, by region and date"))

    ctx.summary = _summary(recs, rows, index, actions, owners, ctx.as_of, ctx.lang, _,
                           ngettext)
    return RecommendationsData(
        as_of=ctx.as_of, categories=chapters, headline=tuple(headline),
        quick_wins=tuple(quick), index=index,
        has_plan=any(row.plan.actions for row in rows.values()))


def _row(r: Recommendation, citations: _Citations, anchors: dict[str, Evidence],
         actions: Sequence[Action], owners: Owners, as_of: dt.date,
         _: Gettext) -> RecommendationRow:
    return RecommendationRow(
        id=r.id, anchor=f"rec-{r.id}", title=r.title, category=r.category,
        category_name=_(L.CATEGORY[r.category]), priority=r.priority,
        priority_label=_(L.LEVEL[r.priority]), effort=r.effort,
        effort_label=_(L.LEVEL[r.effort]), quick_win=r.priority == "high" and r.effort == "low",
        rationale=render_markdown(r.rationale),
        evidence=tuple(anchors[ref] for ref in dict.fromkeys(r.evidence) if ref in anchors),
        plan=carried([a for a in actions if a.recommendation == r.id], as_of, owners, _))


def _index(recs: Sequence[Recommendation], citations: _Citations,
           _: Gettext) -> tuple[tuple[IndexGroup, ...], dict[str, Evidence]]:
    """The evidence index, by region (alphabetically, network-wide last), then date, then
    kind; and each cited reference resolved, with its row's anchor."""
    cited: dict[str, list[Recommendation]] = {}
    for r in recs:
        for ref in dict.fromkeys(r.evidence):
            cited.setdefault(ref, []).append(r)
    resolved = {ref: e for ref in cited if (e := citations.cite(ref)) is not None}

    def key(ref: str) -> tuple[object, ...]:
        e = resolved[ref]
        return (e.region is None, (e.region or "").lower(), e.date is None,
                e.date or dt.date.min, _KIND_ORDER[e.kind], e.where.lower(), e.text.lower())

    refs = sorted(resolved, key=key)
    anchors: dict[str, Evidence] = {}
    groups: dict[str | None, list[IndexEntry]] = {}
    for n, ref in enumerate(refs, start=1):
        e = resolved[ref]
        e = Evidence(e.kind, e.label, e.text, e.where, e.region, e.date, e.theme, f"ev-{n}")
        anchors[ref] = e
        by = tuple(RecRef(r.id, f"rec-{r.id}") for r in cited[ref])
        groups.setdefault(e.region, []).append(IndexEntry(e, by))
    return tuple(IndexGroup(region if region else _("Network-wide"), tuple(entries))
                 for region, entries in groups.items()), anchors


def _chapter_intro(rows: Sequence[RecommendationRow], _: Gettext, ngettext: Ngettext) -> str:
    n, high = len(rows), sum(1 for r in rows if r.priority == "high")
    if n == 1 and high:
        return _("This area has one recommendation, of high priority.")
    if n > 1 and high == n:
        return _("This area has %(num)d recommendations, all of high priority.") % {"num": n}
    if high:
        return _("This area has %(num)d recommendations, %(high)d of them of high priority.") \
            % {"num": n, "high": high}
    return ngettext("This area has %(num)d recommendation.",
                    "This area has %(num)d recommendations.", n) % {"num": n}


def _summary(recs: Sequence[Recommendation], rows: dict[str, RecommendationRow],
             index: Sequence[IndexGroup],
             actions: Sequence[Action], owners: Owners, as_of: dt.date,
             lang: str, _: Gettext, ngettext: Ngettext) -> list[str]:
    """Key messages: how many and how urgent, the quick wins by title, what the evidence
    is, who owns most, and what happens first and when."""
    day, listed = day_format(lang), list_format(lang)
    if not recs:
        return [_("This report makes no recommendations yet.")]
    n = len(recs)
    areas = len({r.category for r in recs})
    count = {
        "recs": ngettext("%(num)d recommendation", "%(num)d recommendations", n) % {"num": n},
        "areas": ngettext("%(num)d area", "%(num)d areas", areas) % {"num": areas},
    }
    high = [r for r in recs if r.priority == "high"]
    line = _("This report makes %(recs)s in %(areas)s.") % count
    if high and len(high) == n:
        line += " " + (_("It is of high priority.") if n == 1
                       else _("All of them are of high priority."))
    elif high:
        line += " " + ngettext("%(num)d is of high priority: %(list)s.",
                               "%(num)d are of high priority: %(list)s.", len(high)) % {
            "num": len(high), "list": listed([r.id for r in high])}
    lines = [line]

    quick = [r for r in recs if rows[r.id].quick_win]
    if quick:
        lines.append(ngettext(
            "One is a quick win, high in priority and low in effort: %(list)s.",
            "%(num)d are quick wins, high in priority and low in effort: %(list)s.",
            len(quick)) % {"num": len(quick),
                           "list": listed([f"{r.title} ({r.id})" for r in quick])})

    uncited = [r.id for r in recs if not rows[r.id].evidence]
    lines.append(_evidence_line(index, uncited, _, ngettext, listed))
    lines += _plan_lines(recs, rows, actions, owners, as_of, day, listed, _, ngettext)
    return lines


def _evidence_line(index: Sequence[IndexGroup], uncited: Sequence[str],
                   _: Gettext, ngettext: Ngettext,
                   listed: Callable[[Sequence[str]], str]) -> str:
    kinds = Counter(entry.evidence.kind for group in index for entry in group.entries)
    if not kinds:
        return _("No evidence is cited yet.")
    parts = []
    if kinds["finding"]:
        parts.append(ngettext("%(num)d finding", "%(num)d findings", kinds["finding"])
                     % {"num": kinds["finding"]})
    if kinds["meeting"]:
        parts.append(ngettext("%(num)d meeting", "%(num)d meetings", kinds["meeting"])
                     % {"num": kinds["meeting"]})
    if kinds["survey"]:
        parts.append(ngettext("%(num)d survey dimension", "%(num)d survey dimensions",
                              kinds["survey"]) % {"num": kinds["survey"]})
    if kinds["benchmark"]:
        parts.append(ngettext("%(num)d peer network", "%(num)d peer networks",
                              kinds["benchmark"]) % {"num": kinds["benchmark"]})
    total = sum(kinds.values())
    values = {"num": total, "parts": listed(parts)}
    if not uncited:
        return ngettext("Each recommendation cites the evidence behind it: %(num)d piece in "
                        "all (%(parts)s), listed by region and date in the annex.",
                        "Each recommendation cites the evidence behind it: %(num)d pieces in "
                        "all (%(parts)s), listed by region and date in the annex.",
                        total) % values
    line = ngettext("The recommendations cite %(num)d piece of evidence (%(parts)s), listed "
                    "by region and date in the annex.",
                    "The recommendations cite %(num)d pieces of evidence (%(parts)s), listed "
                    "by region and date in the annex.", total) % values
    return line + " " + ngettext("%(list)s cites none yet.", "%(list)s cite none yet.",
                                 len(uncited)) % {"list": listed(uncited)}


def _plan_lines(recs: Sequence[Recommendation], rows: dict[str, RecommendationRow],
                actions: Sequence[Action], owners: Owners, as_of: dt.date,
                day: Callable[[dt.date], str], listed: Callable[[Sequence[str]], str],
                _: Gettext, ngettext: Ngettext) -> list[str]:
    """Who owns most and what happens first, from the improvement plan."""
    carried_recs = [r for r in recs if rows[r.id].plan.actions]
    if not carried_recs:
        return [ngettext("No improvement plan gives it an owner and dates yet.",
                         "No improvement plan gives them owners and dates yet.", len(recs))]
    lines = []
    n, total = len(carried_recs), len(recs)
    unowned = [r.id for r in carried_recs
               if not any(a.owner for a in actions if a.recommendation == r.id)]
    if n == total and not unowned:
        lines.append(_("The improvement plan gives every recommendation actions, owners and "
                       "dates."))
    elif n == total:
        lines.append(ngettext("The improvement plan gives every recommendation actions; "
                              "%(list)s has no owner yet.",
                              "The improvement plan gives every recommendation actions; "
                              "%(list)s have no owner yet.", len(unowned))
                     % {"list": listed(unowned)})
    else:
        missing = [r.id for r in recs if not rows[r.id].plan.actions]
        lines.append(ngettext(
            "The improvement plan gives %(num)d of the %(total)d recommendations actions, "
            "owners and dates; %(missing)s has none yet.",
            "The improvement plan gives %(num)d of the %(total)d recommendations actions, "
            "owners and dates; %(missing)s have none yet.", len(missing)) % {
            "num": n, "total": total, "missing": listed(missing)})
    live = [a for a in actions if a.status != "dropped"]
    per_owner: Counter[str] = Counter()
    for r in carried_recs:
        units = {owners.unit(a.owner) for a in live if a.recommendation == r.id and a.owner}
        per_owner.update(units)
    if per_owner:
        best = max(per_owner.values())
        top = sorted((u for u in per_owner if per_owner[u] == best),
                     key=lambda u: owners.name(u).lower())
        without = sum(1 for a in live if not a.owner)
        if len(per_owner) == 1 and not without:
            lines.append(_("%(owner)s owns every action.") % {"owner": owners.name(top[0])})
        elif len(per_owner) == 1:
            lines.append(ngettext("%(owner)s owns every action that has an owner; %(num)d "
                                  "has none yet.",
                                  "%(owner)s owns every action that has an owner; %(num)d "
                                  "have none yet.", without)
                         % {"owner": owners.name(top[0]), "num": without})
        elif len(top) == 1:  # more than one recommendation, or it would be a tie
            lines.append(_("%(owner)s owns actions for the most recommendations: %(num)d of "
                           "%(total)d.") % {"owner": owners.name(top[0]), "num": best,
                                            "total": total})
        elif len(top) < len(per_owner):
            lines.append(_("%(owners)s own actions for the most recommendations, %(num)d "
                           "each.") % {"owners": listed([owners.name(u) for u in top]),
                                       "num": best})
    dated = [a for a in live if a.start]
    if dated:
        first_day = min(a.start for a in dated if a.start)
        firsts = [a for a in dated if a.start == first_day]
        started = first_day <= as_of
        if len(firsts) == 1:
            text = (_("The first action was scheduled to start on %(date)s: %(list)s.")
                    if started else _("The first action starts on %(date)s: %(list)s."))
        else:
            text = (_("The first actions were scheduled to start on %(date)s: %(list)s.")
                    if started else _("The first actions start on %(date)s: %(list)s."))
        lines.append(text % {"date": day(first_day), "list": listed([
            _("%(id)s %(title)s (%(rec)s)") % {"id": a.id, "title": a.title,
                                               "rec": a.recommendation} for a in firsts])})
    return lines
