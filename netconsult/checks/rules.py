"""The rules `netconsult check` applies. One function per rule; each yields Hits.

Rules about a deliverable's content apply once it is in scope (handed in, or due by the
`--as-of` day), so a fresh engagement passes and CI starts failing only when work is late
or handed in incomplete.
"""

from __future__ import annotations

from collections.abc import Iterator

from netconsult.analysis import workplan as wp
from netconsult.checks.registry import Context, Hit, rule
from netconsult.project.models import Deliverable

DUE_SOON_DAYS = 7


def _scoped(ctx: Context, kind: str) -> Iterator[Deliverable]:
    for d in ctx.project.deliverables:
        if d.kind == kind and wp.in_scope(d, ctx.as_of):
            yield d


# --- NC1xx: the workplan ---------------------------------------------------------------


@rule("NC101", "error", "Deliverable overdue",
      "A deliverable due before the --as-of day is still planned or in progress.")
def deliverable_overdue(ctx: Context) -> Iterator[Hit]:
    for d in ctx.project.deliverables:
        if wp.is_overdue(d, ctx.as_of):
            late = (ctx.as_of - d.due).days
            yield Hit(ctx.project.place("deliverable", d.id),
                      f"deliverable {d.id} ({d.title}) was due {d.due}, "
                      f"{late} day{'s' if late != 1 else ''} ago, "
                      f"and is still {d.status}",
                      hint="submit it and set status: submitted, or agree a new due date")


@rule("NC102", "info", "Deliverable due soon",
      f"A deliverable that is not handed in falls due within {DUE_SOON_DAYS} days.")
def deliverable_due_soon(ctx: Context) -> Iterator[Hit]:
    for d in ctx.project.deliverables:
        days = wp.days_to_due(d, ctx.as_of)
        if not wp.is_done(d) and 0 <= days <= DUE_SOON_DAYS:
            when = "today" if days == 0 else f"in {days} day{'s' if days != 1 else ''}"
            yield Hit(ctx.project.place("deliverable", d.id), f"deliverable {d.id} is due {when}")


# --- NC2xx: the assessment -------------------------------------------------------------


@rule("NC201", "error", "Region without an assessment meeting",
      "An assessment in scope has no regional meeting with notes and findings for a region.")
def assessment_covers_regions(ctx: Context) -> Iterator[Hit]:
    for d in _scoped(ctx, "assessment"):
        by_region = wp.regional_meetings(ctx.project, d.id)
        for region in ctx.project.network.regions:
            meetings = by_region.get(region.id, [])
            if not any(wp.has_substance(meeting) for meeting in meetings):
                why = "none is linked to it" if not meetings else "none has both notes and findings"
                yield Hit(ctx.project.place("deliverable", d.id),
                          f"assessment {d.id} has no regional meeting for {region.name} "
                          f"({region.id}) with notes and findings: {why}",
                          hint=f"add meetings/<date>-{region.id}.md with deliverable: {d.id}, "
                               "findings and notes (`netconsult meeting new`)")


@rule("NC202", "warning", "Regional meeting without notes or findings",
      "A regional meeting that has taken place records no notes or no findings.")
def meeting_has_substance(ctx: Context) -> Iterator[Hit]:
    for meeting in ctx.project.meetings:
        if meeting.kind != "regional" or meeting.date > ctx.as_of:
            continue
        parts = (("notes", meeting.notes), ("findings", meeting.findings))
        missing = [name for name, present in parts if not present]
        if missing:
            yield Hit(ctx.project.place("meeting", meeting.id),
                      f"regional meeting {meeting.id} took place on {meeting.date} but has no "
                      + " and no ".join(missing),
                      hint="write the notes below the front matter and list findings with themes")


# --- NC3xx: the recommendation report --------------------------------------------------


@rule("NC301", "error", "Required recommendation category missing",
      "A recommendation report in scope has no recommendation in a category the engagement "
      "requires (network.required_categories).")
def recommendation_categories(ctx: Context) -> Iterator[Hit]:
    for d in _scoped(ctx, "recommendations"):
        present = {r.category for r in ctx.project.recommendations
                   if r.deliverable in (None, d.id)}
        for category in ctx.project.network.required_categories:
            if category not in present:
                yield Hit(ctx.project.place("deliverable", d.id),
                          f"recommendation report {d.id} has no recommendation on {category}",
                          hint=f"add one with category: {category} to recommendations.yaml")


@rule("NC302", "error", "Recommendation without evidence",
      "A recommendation in a report in scope cites no meeting, finding or survey dimension.")
def recommendation_evidence(ctx: Context) -> Iterator[Hit]:
    reports = {d.id for d in _scoped(ctx, "recommendations")}
    if not reports:
        return
    for rec in ctx.project.recommendations:
        if not rec.evidence and (rec.deliverable is None or rec.deliverable in reports):
            yield Hit(ctx.project.place("recommendation", rec.id),
                      f"recommendation {rec.id} ({rec.title}) cites no evidence",
                      hint="add evidence: [meeting:<file name>, finding:<id>, survey:<dimension>]")


# --- NC4xx: the improvement plan -------------------------------------------------------


def _plan_in_scope(ctx: Context) -> bool:
    return any(True for _ in _scoped(ctx, "improvement-plan"))


@rule("NC401", "error", "High-priority recommendation without an action",
      "An improvement plan in scope gives a high-priority recommendation no action.")
def high_priority_has_action(ctx: Context) -> Iterator[Hit]:
    if not _plan_in_scope(ctx):
        return
    covered = {a.recommendation for a in ctx.project.actions if a.status != "dropped"}
    for rec in ctx.project.recommendations:
        if rec.priority == "high" and rec.id not in covered:
            yield Hit(ctx.project.place("recommendation", rec.id),
                      f"high-priority recommendation {rec.id} ({rec.title}) has no action "
                      "in the improvement plan",
                      hint=f"add an action with recommendation: {rec.id} to improvement-plan.yaml")


@rule("NC402", "error", "Action without owner or dates",
      "An action for a high-priority recommendation lacks an owner, a start or a due date.")
def action_complete(ctx: Context) -> Iterator[Hit]:
    if not _plan_in_scope(ctx):
        return
    high = {r.id for r in ctx.project.recommendations if r.priority == "high"}
    for action in ctx.project.actions:
        if action.recommendation not in high or action.status == "dropped":
            continue
        missing = [name for name in ("owner", "start", "due") if getattr(action, name) is None]
        if missing:
            yield Hit(ctx.project.place("action", action.id),
                      f"action {action.id} for high-priority {action.recommendation} has no "
                      + ", no ".join(missing),
                      hint="every high-priority action needs an owner, a start and a due date")


@rule("NC403", "error", "No workshop scheduled",
      "An improvement plan in scope schedules no workshop in its events.")
def workshop_scheduled(ctx: Context) -> Iterator[Hit]:
    for d in _scoped(ctx, "improvement-plan"):
        if not any(e.kind == "workshop" for e in ctx.project.events):
            plan_file = "improvement-plan.yaml" in ctx.project.files
            where = ("file", "improvement-plan.yaml") if plan_file else ("deliverable", d.id)
            yield Hit(ctx.project.place(*where),
                      f"improvement plan {d.id} schedules no workshop",
                      hint="add an event with kind: workshop to improvement-plan.yaml")


@rule("NC404", "warning", "Action overdue",
      "An action due before the --as-of day is still planned or in progress.")
def action_overdue(ctx: Context) -> Iterator[Hit]:
    for action in ctx.project.actions:
        if action.due and action.due < ctx.as_of and action.status in ("planned", "in-progress"):
            yield Hit(ctx.project.place("action", action.id),
                      f"action {action.id} ({action.title}) was due {action.due} and is "
                      f"still {action.status}",
                      hint="update its status, or agree a new due date with its owner")


# --- NC5xx: mentoring ------------------------------------------------------------------


@rule("NC501", "error", "Mentoring without sessions",
      "A mentoring deliverable in scope has no mentoring session logged inside its window.")
def mentoring_sessions(ctx: Context) -> Iterator[Hit]:
    for d in _scoped(ctx, "mentoring"):
        start, end = wp.window(d, ctx.project)
        sessions = [m for m in ctx.project.meetings
                    if m.kind == "mentoring" and m.deliverable in (None, d.id)
                    and start <= m.date <= end]
        if not sessions:
            yield Hit(ctx.project.place("deliverable", d.id),
                      f"mentoring deliverable {d.id} has no mentoring session between "
                      f"{start} and {end}",
                      hint=f"log each session: `netconsult meeting new --kind mentoring "
                           f"--deliverable {d.id}`")


@rule("NC502", "warning", "Mentoring session outside its window",
      "A mentoring session linked to a mentoring deliverable falls outside its "
      "start-to-due window.")
def mentoring_in_window(ctx: Context) -> Iterator[Hit]:
    for meeting in ctx.project.meetings:
        d = ctx.project.deliverable(meeting.deliverable) if meeting.deliverable else None
        if meeting.kind != "mentoring" or d is None or d.kind != "mentoring":
            continue
        start, end = wp.window(d, ctx.project)
        if not start <= meeting.date <= end:
            yield Hit(ctx.project.place("meeting", meeting.id),
                      f"mentoring session {meeting.id} on {meeting.date} is outside "
                      f"{d.id}'s window ({start} to {end})",
                      hint=f"fix the date, or the start/due of {d.id} in workplan.yaml")


# --- NC6xx: effort ---------------------------------------------------------------------


@rule("NC601", "error", "Effort over budget",
      "Days logged in timesheet.yaml exceed the engagement's effort budget.")
def effort_over_budget(ctx: Context) -> Iterator[Hit]:
    e = wp.effort(ctx.project, ctx.as_of)
    if e.logged > e.budget:
        yield Hit(ctx.project.place("config", "effort_days"),
                  f"{e.logged:g} days logged, over the budget of {e.budget:g} days",
                  hint="agree extra days with the client and raise engagement.effort_days")


@rule("NC602", "warning", "Effort near budget",
      f"Days logged reach {wp.EFFORT_WARNING_SHARE:.0%} of the effort budget.")
def effort_near_budget(ctx: Context) -> Iterator[Hit]:
    e = wp.effort(ctx.project, ctx.as_of)
    unfinished = [d.id for d in ctx.project.deliverables if not wp.is_done(d)]
    if wp.EFFORT_WARNING_SHARE * e.budget <= e.logged <= e.budget and unfinished:
        yield Hit(ctx.project.place("config", "effort_days"),
                  f"{e.logged:g} of {e.budget:g} days used ({e.share_used:.0%}) with "
                  f"{len(unfinished)} deliverable(s) still open: {', '.join(unfinished)}",
                  hint="plan the remaining days before they run out")


@rule("NC603", "warning", "Planned effort over budget",
      "The deliverables' planned days add up to more than the effort budget.")
def planned_over_budget(ctx: Context) -> Iterator[Hit]:
    e = wp.effort(ctx.project)
    if e.planned > e.budget:
        yield Hit(ctx.project.place("file", "workplan.yaml"),
                  f"deliverables plan {e.planned:g} days, more than the budget of {e.budget:g}",
                  hint="lower some deliverables' effort_days")


@rule("NC604", "warning", "Deliverable over its planned effort",
      "Days logged against a deliverable exceed the days planned for it.")
def deliverable_over_plan(ctx: Context) -> Iterator[Hit]:
    e = wp.effort(ctx.project, ctx.as_of)
    for d in ctx.project.deliverables:
        logged = e.logged_by_deliverable.get(d.id, 0.0)
        if d.effort_days and logged > d.effort_days:
            yield Hit(ctx.project.place("deliverable", d.id),
                      f"{logged:g} days logged against {d.id}, planned {d.effort_days:g}",
                      hint="re-plan its effort_days or move days from another deliverable")
