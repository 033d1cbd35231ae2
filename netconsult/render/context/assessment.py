"""The assessment's context: the network, how the assessment was done, the survey and
network chapters, findings, strengths and gaps, members' words and the annexes.

`build` sees the project as of the report's date (render/context/__init__.py), so every
meeting, finding, quote and survey round here happened by then. Its data is an
`AssessmentData` (assessment_data.py); its sentences come from assessment_words.py.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from netconsult.project.load import Meeting, Project
from netconsult.render import labels as L
from netconsult.render.context import assessment_words as W
from netconsult.render.context.assessment_data import (
    AssessmentData,
    FindingRow,
    MeetingRow,
    MemberRow,
    Method,
    NoteRow,
    ProfileRow,
    QuoteRow,
    ThemeGroup,
)
from netconsult.render.context.base import (
    Figure,
    Gettext,
    ReportBuilder,
    country_name,
    notes_html,
    quote_attribution,
    region_names,
    theme_names,
)
from netconsult.render.context.network_chapter import NetworkChapter
from netconsult.render.context.survey_chapter import SurveyChapter
from netconsult.render.environment import translations


def build(project: Project, ctx: ReportBuilder, _: Gettext) -> AssessmentData:
    from netconsult.analysis.project_network import project_network
    from netconsult.analysis.survey import analyse_survey
    from netconsult.render.network_context import network_data, network_sections
    from netconsult.render.survey_context import survey_data, survey_quotes, survey_sections

    w = W.Words(_, translations(ctx.lang).ngettext, ctx.lang)
    meetings = project.meetings  # as of the report's date, in date order
    results = analyse_survey(project)
    network = project_network(project)
    if network is not None and not network.result.mapped:
        # No tie known as of the report's date (no round closed, none recorded or met):
        # a chapter of dashes would claim what nobody has said, so there is none.
        network = None
    survey_said = survey_quotes(results, _)

    ctx.section("summary", _("Executive summary"))
    ctx.section("profile", _("The network"))
    ctx.section("method", _("How the assessment was done"))
    survey_sections(ctx, results, _)
    network_sections(ctx, network, _)
    ctx.section("findings", _("Findings by theme"))
    ctx.section("strengths-gaps", _("Strengths and gaps"))
    if survey_said or any(m.front.quotes for m in meetings):
        ctx.section("voices", _("In members' words"))
    ctx.annex("annex-members", _("Member organisations"))
    ctx.annex("annex-meetings", _("Meeting notes"))
    if results is not None:
        ctx.annex("annex-survey", _("Survey method and questionnaire"))
    if network is not None:
        ctx.annex("annex-network", _("Network method"))

    # Tables and figures are declared in the order the chapters are read, for their numbers.
    ctx.table("profile", _("Member organisations by region"))
    members_figure = _members_figure(project, ctx, w)
    if meetings:
        ctx.table("meetings", _("Meetings held"))
    survey = survey_data(project, ctx, results, _) if results is not None else None
    net = network_data(project, ctx, network, _) if network is not None else None
    groups = _theme_groups(project, w)
    themes_figure = _themes_figure(project, ctx, groups, w)
    findings = [f for g in groups for f in g.findings]
    strengths = tuple(f for f in findings if f.type == "strength")
    gaps = tuple(f for f in findings if f.type == "gap")
    ctx.table("members", _("Member organisations"))
    if survey is not None:
        ctx.table("survey-items", _("Survey questionnaire: the scored items"))

    present = len({p for m in meetings for p in m.front.participants})
    countries = len({m.country for m in project.members})
    profile_text = W.profile_sentence(w, len(project.members), countries,
                                      len(project.network.regions))
    method = _method(project, w, present)
    ctx.summary = _summary(w, profile_text, method, groups, strengths, gaps,
                           len(project.network.regions))
    ctx.summary += _survey_and_network_lines(survey, net, ctx.lang, _)
    return AssessmentData(
        sources=_sources(w, meetings, survey, net),
        profile_text=profile_text, profile=_profile(project, _),
        members_total=len(project.members), countries=countries,
        members_figure=members_figure, method=method,
        meetings=_meeting_rows(project, _), present=present,
        themes_figure=themes_figure, groups=groups,
        total_regions=len(project.network.regions),
        strengths_lead=W.strengths_gaps_lead(w, len(strengths), len(gaps)),
        strengths=strengths, gaps=gaps,
        quotes=_quotes(project, _) + survey_said,
        members=_members(project, ctx.lang, _), notes=_notes(project, _),
        survey=survey, network=net,
    )


# -- the network -------------------------------------------------------------------------


def _profile(project: Project, _: Gettext) -> tuple[ProfileRow, ...]:
    rows = []
    for region in project.network.regions:
        members = [m for m in project.members if m.region == region.id]
        types = Counter(m.type for m in members)
        rows.append(ProfileRow(
            region=region.name, members=len(members),
            types=", ".join(f"{_(L.MEMBER_TYPE[t])} {n}" for t, n in sorted(types.items())),
            liaison=", ".join(m.name for m in members if m.liaison) or "–"))
    return tuple(rows)


def _members_figure(project: Project, ctx: ReportBuilder, w: W.Words) -> Figure | None:
    """Members by region: a chart only when there are regions to compare."""
    from netconsult.render.charts import Bar, bar_chart

    if len(project.network.regions) < 2:
        return None
    members_in = Counter(m.region for m in project.members)
    n = len(project.members)
    return ctx.figure("members", w._("Member organisations by region"), bar_chart(
        [Bar(r.name, float(members_in.get(r.id, 0)), None) for r in project.network.regions],
        value_format=lambda v: f"{v:.0f}", title=w._("Member organisations by region"),
        **ctx.chart_options()),
        source=w.n_("members.yaml, %(num)d member organisation",
                    "members.yaml, %(num)d member organisations", n) % {"num": n})


def _members(project: Project, lang: str, _: Gettext) -> tuple[MemberRow, ...]:
    regions = region_names(project)
    members = sorted(project.members, key=lambda m: (regions.get(m.region, ""), m.name))
    return tuple(MemberRow(name=m.name, country=country_name(m.country, lang),
                           region=regions.get(m.region, m.region),
                           type=_(L.MEMBER_TYPE[m.type]), liaison=m.liaison)
                 for m in members)


# -- how the assessment was done ----------------------------------------------------------


def _method(project: Project, w: W.Words, present: int) -> Method:
    meetings = project.meetings
    held = {m.region for m in meetings if m.kind == "regional" and m.region}
    regions = project.network.regions
    return Method(
        meetings=W.meetings_sentence(w, meetings),
        first=meetings[0].date if meetings else None,
        last=meetings[-1].date if meetings else None,
        mode=W.mode_sentence(w, meetings),
        duration=W.duration_sentence(w, meetings),
        regions=W.regions_sentence(w, [r.name for r in regions if r.id in held],
                                   [r.name for r in regions if r.id not in held])
        if meetings else None,
        participation=W.participation_sentence(w, present, len(project.members),
                                               len(meetings)),
    )


def _meeting_rows(project: Project, _: Gettext) -> tuple[MeetingRow, ...]:
    regions = region_names(project)
    members_in = Counter(m.region for m in project.members)
    return tuple(MeetingRow(
        date=m.date,
        meeting=regions.get(m.region or "", "") if m.kind == "regional" and m.region
        else _(L.MEETING_KIND[m.kind]),
        mode=_(L.MEETING_MODE[m.front.mode]) if m.front.mode else "–",
        present=len(set(m.front.participants)),
        of=members_in.get(m.region, 0) if m.kind == "regional" and m.region else None,
        minutes=m.front.duration_minutes,
        findings=len(m.findings),
    ) for m in project.meetings)


def _sources(w: W.Words, meetings: tuple[Meeting, ...], survey: SurveyChapter | None,
             net: NetworkChapter | None) -> str:
    """The summary's "It draws on ..." sentence: the evidence this report rests on."""
    parts = [W.meetings_phrase(w, len(meetings)) + " " + w._("with the members")
             if meetings else w._("the network's records (no meeting has been held yet)")]
    if survey is not None:
        people = survey.respondents
        parts.append(w.n_("a member survey answered by %(num)d person",
                          "a member survey answered by %(num)d people", people)
                     % {"num": people})
    if net is not None and net.asked:
        parts.append(w._("the working ties members named"))
    return w._("It draws on %(sources)s.") % {"sources": w.join(parts)}


# -- findings ----------------------------------------------------------------------------


def _finding_rows(project: Project, _: Gettext) -> dict[str, list[FindingRow]]:
    regions = region_names(project)
    by_theme: dict[str, list[FindingRow]] = defaultdict(list)
    for m in project.meetings:
        for finding in m.findings:
            by_theme[finding.theme].append(FindingRow(
                text=finding.text, type=finding.type,
                type_label=_(L.FINDING_TYPE[finding.type]),
                where=regions.get(m.region or "", _(L.MEETING_KIND[m.kind])),
                region_id=m.region, meeting_id=m.id, meeting=m.title, date=m.date))
    return by_theme


def _theme_groups(project: Project, w: W.Words) -> tuple[ThemeGroup, ...]:
    """Findings by theme, the themes raised in the most regions (then meetings) first."""
    themes = theme_names(project)
    total = len(project.network.regions)
    groups = []
    for theme_id, items in _finding_rows(project, w._).items():
        regions = len({i.region_id for i in items if i.region_id})
        meetings = len({i.meeting_id for i in items})
        raised = (w._("raised in %(share)s") % {"share": W.region_share(w, regions, total)}
                  if regions and total > 1
                  else w.n_("raised in %(num)d meeting", "raised in %(num)d meetings",
                            meetings) % {"num": meetings})
        groups.append(ThemeGroup(theme_id, themes.get(theme_id, theme_id), regions, meetings,
                                 raised, tuple(items)))
    order = {t.id: i for i, t in enumerate(project.network.themes)}
    groups.sort(key=lambda g: (-g.regions, -g.meetings, order.get(g.id, 99), g.name))
    return tuple(groups)


def _themes_figure(project: Project, ctx: ReportBuilder, groups: tuple[ThemeGroup, ...],
                   w: W.Words) -> Figure | None:
    """How many regions raised each theme: only when regions have something to compare."""
    from netconsult.render.charts import Bar, bar_chart

    if len(project.network.regions) < 2 or not any(g.regions for g in groups):
        return None
    regional = sum(1 for m in project.meetings if m.kind == "regional")
    return ctx.figure("themes", w._("Number of regions that raised each theme"), bar_chart(
        [Bar(g.name, float(g.regions), None) for g in groups],
        value_format=lambda v: f"{v:.0f}", **ctx.chart_options()),
        source=w.n_("Meeting notes, %(num)d regional meeting",
                    "Meeting notes, %(num)d regional meetings", regional) % {"num": regional})


# -- members' words and the annex of notes -------------------------------------------------


def _quotes(project: Project, _: Gettext) -> tuple[QuoteRow, ...]:
    themes = theme_names(project)
    return tuple(QuoteRow(text=q.text, by=quote_attribution(project, q.member, q.consent, _),
                          theme=themes.get(q.theme or "", ""), translation=q.translation)
                 for m in project.meetings for q in m.front.quotes)


def _notes(project: Project, _: Gettext) -> tuple[NoteRow, ...]:
    regions = region_names(project)
    return tuple(NoteRow(title=_meeting_title(m, regions, _), date=m.date,
                         region=regions.get(m.region or "", ""),
                         kind=_(L.MEETING_KIND[m.kind]), html=notes_html(m.notes))
                 for m in project.meetings if m.notes)


def _meeting_title(meeting: Meeting, regions: dict[str, str], _: Gettext) -> str:
    """The note's title; without one, its kind and region rather than its file name."""
    if meeting.front.title:
        return meeting.front.title
    kind = _(L.MEETING_KIND[meeting.kind])
    region = regions.get(meeting.region or "")
    return f"{kind}, {region}" if region else kind


# -- executive summary -------------------------------------------------------------------


def _summary(w: W.Words, profile_text: str, method: Method, groups: tuple[ThemeGroup, ...],
             strengths: tuple[FindingRow, ...], gaps: tuple[FindingRow, ...],
             total_regions: int) -> list[str]:
    """The key messages drawn from the meetings: who took part, the themes raised most
    widely, the strengths and gaps recorded most widely."""
    lines = [" ".join(s for s in (profile_text, method.participation) if s)]
    findings = [f for g in groups for f in g.findings]
    counted = W.findings_sentence(w, len(strengths), len(gaps),
                                  len(findings) - len(strengths) - len(gaps))
    if counted:
        lines.append(counted)
    lines += W.themes_message(w, [(g.name, g.regions, g.meetings) for g in groups],
                              total_regions)
    for kind, rows in (("strength", strengths), ("gap", gaps)):
        message = W.type_message(w, kind, _by_theme(groups, kind), len(rows))
        if message:
            lines.append(message)
    return lines


def _by_theme(groups: tuple[ThemeGroup, ...], kind: str) -> list[tuple[str, int, str]]:
    """(theme, meetings that recorded a finding of `kind` in it, its first text) per theme
    that has one, in the order themes are shown."""
    out = []
    for g in groups:
        rows = [f for f in g.findings if f.type == kind]
        if rows:
            out.append((g.name, len({f.meeting_id for f in rows}), rows[0].text))
    return out


def _survey_and_network_lines(survey: SurveyChapter | None, net: NetworkChapter | None,
                              lang: str, _: Gettext) -> list[str]:
    """The survey's and the network's key messages, worded by their chapters."""
    from netconsult.render.network_context import summary_lines as network_summary_lines
    from netconsult.render.survey_context import summary_lines as survey_summary_lines

    lines: list[str] = []
    if survey is not None:
        lines.extend(survey_summary_lines(survey, lang, _))
    if net is not None:
        lines.extend(network_summary_lines(net, lang, _))
    return lines
