"""The rules `netconsult check` applies. One function per rule; each yields Hits.

Rules about a deliverable's content apply once it is in scope (handed in, or due by the
`--as-of` day), so a fresh engagement passes and CI starts failing only when work is late
or handed in incomplete.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from netconsult.analysis import workplan as wp
from netconsult.checks.registry import Context, Hit, rule
from netconsult.errors import Place
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


# --- NC7xx: the member survey ----------------------------------------------------------


def _survey_rounds(ctx: Context) -> list[tuple[str, dt.date | None]]:
    """(round id, closing day) of every declared round, then of undeclared ones with responses."""
    survey = ctx.project.survey
    rounds: list[tuple[str, dt.date | None]] = (
        [(r.id, r.closes) for r in survey.rounds] if survey else [])
    declared = {rid for rid, _ in rounds}
    rounds += [(rid, None) for rid in ctx.project.responses if rid not in declared]
    return rounds


def _fielded_by(ctx: Context, round_id: str, closes: dt.date | None, day: dt.date) -> bool:
    """The round had closed by `day`, or holds a response submitted by then (or undated)."""
    if closes is not None and closes <= day:
        return True
    rs = ctx.project.responses.get(round_id)
    return rs is not None and any(r.submitted is None or r.submitted <= day
                                  for r in rs.responses)


def _judged_rounds(ctx: Context) -> Iterator[tuple[str, dt.date | None]]:
    """Rounds whose results are final as of the day: closed (the day after `closes`), or,
    without a closing day, holding responses once an assessment is in scope."""
    if ctx.project.survey is None:
        return
    assessed = any(True for _ in _scoped(ctx, "assessment"))
    for round_id, closes in _survey_rounds(ctx):
        if closes is not None:
            if closes < ctx.as_of:
                yield round_id, closes
        elif assessed and len(ctx.project.responses.get(round_id) or ()):
            yield round_id, closes


def _round_place(ctx: Context, round_id: str) -> Place:
    # A round written in survey.yaml has a line; the implicit 'main' round does not.
    return (ctx.project.places.get(("round", round_id))
            or ctx.project.place("file", "survey/survey.yaml"))


def _round_words(ctx: Context, round_id: str, closes: dt.date | None) -> str:
    survey = ctx.project.survey
    name = next((r.name for r in survey.rounds if r.id == round_id), None) if survey else None
    words = f"survey round {round_id}" + (f" ({name})" if name and name != round_id else "")
    return words + (f", closed {closes}," if closes else "")


def _responding(ctx: Context, round_id: str) -> set[str]:
    rs = ctx.project.responses.get(round_id)
    return rs.members_named() if rs else set()


@rule("NC701", "error", "Survey not fielded before the assessment",
      "An assessment in scope fell due before any survey round had closed or had "
      "responses (undated responses count as in time).")
def survey_before_assessment(ctx: Context) -> Iterator[Hit]:
    if ctx.project.survey is None:
        return
    rounds = _survey_rounds(ctx)
    for d in _scoped(ctx, "assessment"):
        if any(_fielded_by(ctx, rid, closes, d.due) for rid, closes in rounds):
            continue
        closing = sorted(closes for _, closes in rounds if closes is not None)
        why = (f"the first round closes {closing[0]}" if closing
               else "no round has a closing date or responses dated by then")
        yield Hit(ctx.project.place("deliverable", d.id),
                  f"assessment {d.id} was due {d.due} before the member survey was fielded: "
                  f"{why}",
                  hint="close a round by then (rounds: closes: in survey/survey.yaml) and import "
                       "its responses with `netconsult survey import`, or agree a later due date")


@rule("NC702", "warning", "Survey response rate below target",
      "A survey round that has closed heard from a smaller share of member organisations "
      "than response_target in survey/survey.yaml, or has no responses stored.")
def survey_response_rate(ctx: Context) -> Iterator[Hit]:
    survey = ctx.project.survey
    members = [m.id for m in ctx.project.members]
    if survey is None or not members:
        return
    for round_id, closes in _judged_rounds(ctx):
        if not len(ctx.project.responses.get(round_id) or ()):
            yield Hit(_round_place(ctx, round_id),
                      f"{_round_words(ctx, round_id, closes)} has no responses stored, "
                      f"below the response target of {survey.response_target:.0%}",
                      hint=f"import its export: `netconsult survey import FILE --round "
                           f"{round_id}`")
            continue
        responded = _responding(ctx, round_id)
        rate = len(responded) / len(members)
        if rate < survey.response_target:
            silent = [mid for mid in members if mid not in responded]
            listed = ", ".join(silent[:8]) + (f" and {len(silent) - 8} more"
                                              if len(silent) > 8 else "")
            yield Hit(_round_place(ctx, round_id),
                      f"{_round_words(ctx, round_id, closes)} heard from {len(responded)} of "
                      f"{len(members)} member organisations ({rate:.0%}), below the target of "
                      f"{survey.response_target:.0%}",
                      hint=f"no response from {listed}: import any export not yet imported, "
                           "or follow up with them and report the rate as it is")


@rule("NC703", "warning", "Region without survey responses",
      "A survey round that has closed has no response from any member organisation in a "
      "region that has members.")
def survey_regions_represented(ctx: Context) -> Iterator[Hit]:
    for round_id, closes in _judged_rounds(ctx):
        if not len(ctx.project.responses.get(round_id) or ()):
            continue  # NC702 says the round has no responses at all
        responded = _responding(ctx, round_id)
        for region in ctx.project.network.regions:
            members = [m.id for m in ctx.project.members if m.region == region.id]
            if members and not responded.intersection(members):
                yield Hit(_round_place(ctx, round_id),
                          f"{_round_words(ctx, round_id, closes)} has no response from a member "
                          f"organisation in {region.name} ({region.id})",
                          hint=f"ask {', '.join(members[:8])} to respond, or say in the report "
                               "that the region is not represented")
