"""The improvement plan's context: actions, timeline, events and who owns what."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from netconsult.project.load import Project
from netconsult.render import labels as L
from netconsult.render.context.base import (
    Gettext,
    ReportContext,
    member_names,
)


def build(project: Project, ctx: ReportContext, _: Gettext) -> None:
    from netconsult.render.charts import GanttRow, gantt

    names = member_names(project)
    recs = {r.id: r for r in project.recommendations}
    actions = sorted(project.actions, key=lambda a: (a.start or a.due or dt.date.max, a.id))
    events = sorted(project.events, key=lambda e: (e.start, e.id))

    ctx.section("summary", _("Executive summary"))
    ctx.section("actions", _("Actions"))
    ctx.section("timeline", _("Timeline"))
    ctx.section("schedule", _("Schedule of workshops, trainings and discussions"))
    ctx.section("responsibilities", _("Who is responsible for what"))
    ctx.annex("annex-recommendations", _("Recommendations addressed"))

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
