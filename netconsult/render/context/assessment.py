"""The assessment's context: the network, how the assessment was done, the survey and
network chapters, findings, strengths and gaps, members' words and the annexes."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from netconsult.analysis import workplan as wp
from netconsult.project.load import Project
from netconsult.render import labels as L
from netconsult.render.context.base import (
    Gettext,
    ReportContext,
    country_name,
    notes_html,
    quote_attribution,
    region_names,
    theme_names,
)


def build(project: Project, ctx: ReportContext, _: Gettext) -> None:
    from netconsult.render.charts import Bar, bar_chart

    regions = region_names(project)
    themes = theme_names(project)
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
    ctx.annex("annex-members", _("Member organisations"))
    ctx.annex("annex-meetings", _("Meeting notes"))
    if results is not None:
        ctx.annex("annex-survey", _("Survey method and questionnaire"))
    if network is not None:
        ctx.annex("annex-network", _("Network method"))

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
        members=[{"name": m.name, "country": country_name(m.country, lang),
                  "region": regions.get(m.region, m.region), "type": _(L.MEMBER_TYPE[m.type]),
                  "liaison": m.liaison} for m in members],
        notes=[{"title": m.title, "date": m.date, "region": regions.get(m.region or "", ""),
                "kind": _(L.MEETING_KIND[m.kind]), "html": notes_html(m.notes)}
               for m in project.meetings if m.kind in ("kickoff", "regional") and m.notes],
        other_meetings=len([m for m in project.meetings if m.kind != "regional"]),
    )
