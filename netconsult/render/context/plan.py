"""The improvement plan's context: actions, timeline, events and who owns what, as of the
report's date (`ctx.as_of`).

Template contract: `report.data` is a `PlanData`; every row is a frozen dataclass below.
Actions come by recommendation, then id; statuses, done counts and overdue marks are as of
`ctx.as_of` (see `netconsult.analysis.actions`); owners are counted once, a member folding
into a group that owns actions and lists it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from netconsult.analysis import actions as plan_actions
from netconsult.project.load import Project
from netconsult.project.models import Action, Event, Recommendation
from netconsult.render import labels as L
from netconsult.render.context.actions import Ngettext, Owners, day_format, list_format
from netconsult.render.context.base import Gettext, ReportBuilder
from netconsult.render.environment import translations


@dataclass(frozen=True)
class ActionRow:
    """One action as of the report's date."""

    id: str
    title: str
    indicator: str
    recommendation: str
    recommendation_title: str
    owner: str  # display name; "–" when nobody owns it yet
    owner_group: str | None  # the owning group's name when the owner is one of its members
    start: dt.date | None
    due: dt.date | None
    status: str  # as of the report's date: planned | in-progress | done | dropped
    status_label: str
    done_on: dt.date | None  # when it was done, if done by the report's date and recorded
    overdue: bool  # due before the report's date and not done by then


@dataclass(frozen=True)
class RecommendationActions:
    """The actions that carry one recommendation, in plan order (a heading row each)."""

    id: str
    title: str
    actions: tuple[ActionRow, ...]


@dataclass(frozen=True)
class EventRow:
    id: str
    title: str
    kind: str
    day: dt.date  # the local calendar day of the start
    time: str  # local start time with its UTC offset, printed once: "14:00 (UTC+01:00)"
    minutes: int
    facilitator: str
    audience: str
    actions: tuple[str, ...]
    past: bool  # held before the report's date


@dataclass(frozen=True)
class OwnerRow:
    """One owner counted once, with the actions it (or, for a group, its members) owns."""

    name: str
    actions: tuple[ActionRow, ...]  # a member's action shows its owner beside it


@dataclass(frozen=True)
class AddressedRow:
    id: str
    title: str
    priority: str
    actions: tuple[str, ...]


@dataclass(frozen=True)
class PlanData:
    """Everything the improvement-plan template shows besides the shared ReportContext."""

    as_of: dt.date
    actions: tuple[ActionRow, ...]  # by recommendation, then id
    by_recommendation: tuple[RecommendationActions, ...]
    next_actions: tuple[ActionRow, ...]  # running or next to start after as_of, at most five
    events: tuple[EventRow, ...]
    owners: tuple[OwnerRow, ...]
    recommendations: tuple[AddressedRow, ...]
    counts: plan_actions.StatusCounts


def _utc_offset(start: dt.datetime, _: Gettext) -> str:
    offset = start.utcoffset() or dt.timedelta(0)
    if not offset:
        return "UTC"
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def event_time(start: dt.datetime, lang: str, _: Gettext) -> str:
    """The local start time with its offset from UTC, once: "2:00 PM (UTC+01:00)"."""
    from babel.dates import format_time

    local = format_time(start, "short", tzinfo=start.tzinfo, locale=lang)
    return _("%(time)s (%(offset)s)") % {"time": local, "offset": _utc_offset(start, _)}


def build(project: Project, ctx: ReportBuilder, _: Gettext) -> PlanData:
    from netconsult.render.charts import GanttRow, gantt

    ngettext: Ngettext = translations(ctx.lang).ngettext
    as_of = ctx.as_of
    recs = {r.id: r for r in project.recommendations}
    actions = plan_actions.plan_order(project.actions, project.recommendations)
    events = sorted(project.events, key=lambda e: (e.start, plan_actions.natural_key(e.id)))
    owners = Owners(project, actions)

    ctx.section("summary", _("Executive summary"))
    ctx.section("actions", _("Actions"))
    ctx.section("timeline", _("Timeline"))
    ctx.section("schedule", _("Schedule of workshops, trainings and discussions"))
    ctx.section("responsibilities", _("Who is responsible for what"))
    ctx.annex("annex-recommendations", _("Recommendations addressed"))

    rows = [_action_row(a, recs, owners, as_of, _) for a in actions]
    by_id = {r.id: r for r in rows}
    next_rows = _next_actions(actions, by_id, as_of)
    day = day_format(ctx.lang)
    if next_rows:
        ctx.table("next", _("The next actions, as of %(date)s") % {"date": day(as_of)})
    if rows:
        ctx.table("actions", _("Actions with owners, dates and indicators"))
    dated = [a for a in actions if a.start or a.due]
    days = [d for a in dated for d in (a.start, a.due) if d] + [e.start.date() for e in events]
    if days:
        first, last = min([*days, as_of]), max([*days, as_of])
        ctx.figure("gantt", _("Timeline of the actions and events"), gantt(
            [GanttRow(a.id, a.title, a.start, a.due, by_id[a.id].status) for a in dated]
            + [GanttRow(e.id, e.title, None, e.start.date(), "planned", milestone=True)
               for e in events],
            start=first, end=last, today=as_of, month_names=ctx.month_names(),
            today_label=_("As of %(date)s") % {"date": day(as_of)}, **ctx.chart_options()),
            source=_("improvement-plan.yaml as of %(date)s") % {"date": day(as_of)})
    if events:
        ctx.table("events", _("Scheduled events"))
    if rows:
        ctx.table("owners", _("Actions by owner"))
    if project.recommendations:
        ctx.table("addressed", _("The recommendations and the actions that carry them"))

    counts = plan_actions.status_counts(actions, as_of)
    ctx.summary = _summary(project, actions, rows, events, owners, counts, as_of,
                           ctx.lang, _, ngettext)
    return PlanData(
        as_of=as_of,
        actions=tuple(rows),
        by_recommendation=_by_recommendation(rows, recs),
        next_actions=tuple(next_rows),
        events=tuple(EventRow(
            id=e.id, title=e.title, kind=_(L.EVENT_KIND[e.kind]), day=e.start.date(),
            time=event_time(e.start, ctx.lang, _), minutes=e.duration_minutes,
            facilitator=e.facilitator or "", audience=e.audience or "",
            actions=tuple(e.actions), past=e.start.date() < as_of,
        ) for e in events),
        owners=_owner_rows(actions, by_id, owners, _),
        recommendations=tuple(AddressedRow(
            id=r.id, title=r.title, priority=_(L.LEVEL[r.priority]),
            actions=tuple(a.id for a in actions if a.recommendation == r.id),
        ) for r in project.recommendations),
        counts=counts,
    )


def _action_row(a: Action, recs: dict[str, Recommendation], owners: Owners, as_of: dt.date,
                _: Gettext) -> ActionRow:
    status = plan_actions.status_as_of(a, as_of)
    rec = recs.get(a.recommendation)
    return ActionRow(
        id=a.id, title=a.title, indicator=a.indicator or "",
        recommendation=a.recommendation,
        recommendation_title=rec.title if rec else "",
        owner=owners.name(a.owner), owner_group=owners.group_of(a.owner),
        start=a.start, due=a.due, status=status, status_label=_(L.ACTION_STATUS[status]),
        done_on=plan_actions.done_on(a, as_of), overdue=plan_actions.is_overdue(a, as_of))


def _by_recommendation(rows: Sequence[ActionRow],
                       recs: dict[str, Recommendation]) -> tuple[RecommendationActions, ...]:
    groups: dict[str, list[ActionRow]] = {}
    for row in rows:
        groups.setdefault(row.recommendation, []).append(row)
    return tuple(RecommendationActions(rec, recs[rec].title if rec in recs else "",
                                       tuple(items)) for rec, items in groups.items())


def _next_actions(actions: Sequence[Action], by_id: dict[str, ActionRow],
                  as_of: dt.date, limit: int = 5) -> list[ActionRow]:
    """What happens first: overdue and running actions, then the next to start."""
    open_ = [a for a in actions if by_id[a.id].status in ("planned", "in-progress")]
    order = {a.id: i for i, a in enumerate(actions)}
    open_.sort(key=lambda a: (not by_id[a.id].overdue, by_id[a.id].status != "in-progress",
                              a.start or a.due or dt.date.max, order[a.id]))
    return [by_id[a.id] for a in open_[:limit]]


def _owner_rows(actions: Sequence[Action], by_id: dict[str, ActionRow], owners: Owners,
                _: Gettext) -> tuple[OwnerRow, ...]:
    units: dict[str, list[ActionRow]] = {}
    for a in actions:
        units.setdefault(owners.unit(a.owner) if a.owner else "", []).append(by_id[a.id])
    ordered = sorted(units.items(), key=lambda kv: (kv[0] == "", owners.name(kv[0]).lower()))
    return tuple(OwnerRow(owners.name(unit) if unit else _("No owner yet"), tuple(items))
                 for unit, items in ordered)


def _summary(project: Project, actions: Sequence[Action], rows: Sequence[ActionRow],
             events: Sequence[Event], owners: Owners, counts: plan_actions.StatusCounts,
             as_of: dt.date, lang: str, _: Gettext, ngettext: Ngettext) -> list[str]:
    """Key messages: scope and owners, where things stand on the date, high priorities and
    quick wins, what happens first and when, and the events."""
    day, listed = day_format(lang), list_format(lang)
    if not actions:
        lines = [_("No actions have been agreed yet.")]
        if events:
            lines.append(_events_line(events, as_of, day, _, ngettext))
        return lines
    by_id = {r.id: r for r in rows}
    n_recs = len({a.recommendation for a in actions})
    scope = {
        "actions": ngettext("%(num)d action", "%(num)d actions", len(actions))
        % {"num": len(actions)},
        "recs": ngettext("%(num)d recommendation", "%(num)d recommendations", n_recs)
        % {"num": n_recs},
    }
    owned = owners.counted(actions)
    unowned = sum(1 for a in actions if not a.owner)
    units = sorted(owned, key=lambda u: (-owned[u], owners.name(u).lower()))
    names = [owners.name(u) for u in units]
    if not units:
        lines = [ngettext("The plan sets out %(actions)s for %(recs)s; it has no owner yet.",
                          "The plan sets out %(actions)s for %(recs)s; none has an owner yet.",
                          len(actions)) % scope]
    elif len(units) == 1 and not unowned:
        lines = [ngettext("The plan sets out %(actions)s for %(recs)s, owned by %(owner)s.",
                          "The plan sets out %(actions)s for %(recs)s, all owned by %(owner)s.",
                          len(actions)) % dict(scope, owner=names[0])]
    elif len(units) == 1:
        lines = [_("The plan sets out %(actions)s for %(recs)s: %(owned)s by %(owner)s, "
                   "%(unowned)s.") % dict(
            scope, owner=names[0],
            owned=ngettext("%(num)d owned", "%(num)d owned", owned[units[0]])
            % {"num": owned[units[0]]},
            unowned=ngettext("%(num)d without an owner yet", "%(num)d without an owner yet",
                             unowned) % {"num": unowned})]
    else:
        lines = [_("The plan sets out %(actions)s for %(recs)s, shared among %(count)d owners: "
                   "%(owners)s.") % dict(scope, count=len(units), owners=listed(names))]
        if unowned:
            lines.append(ngettext("%(num)d action has no owner yet.",
                                  "%(num)d actions have no owner yet.", unowned)
                         % {"num": unowned})
        top = [u for u in units if owned[u] == owned[units[0]]]
        if len(top) == 1:
            line = _("%(owner)s owns the most actions: %(count)d of %(total)d") % {
                "owner": owners.name(top[0]), "count": owned[top[0]], "total": len(actions)}
            through = sum(1 for a in actions if a.owner and a.owner != top[0]
                          and owners.unit(a.owner) == top[0])
            if through:
                line += ngettext(", %(num)d of them through one of its members",
                                 ", %(num)d of them through its members", through) % {
                    "num": through}
            lines.append(line + ".")
        elif len(top) < len(units):
            lines.append(_("%(owners)s own the most actions, %(count)d each.") % {
                "owners": listed([owners.name(u) for u in top]), "count": owned[top[0]]})
    lines.append(_status_line(actions, by_id, counts, as_of, day, listed, _, ngettext))
    lines += _priority_lines(project, actions, by_id, as_of, day, listed, _, ngettext)
    if events:
        lines.append(_events_line(events, as_of, day, _, ngettext))
    return lines


def _status_line(actions: Sequence[Action], by_id: dict[str, ActionRow],
                 counts: plan_actions.StatusCounts, as_of: dt.date,
                 day: Callable[[dt.date], str], listed: Callable[[Sequence[str]], str],
                 _: Gettext, ngettext: Ngettext) -> str:
    when = {"date": day(as_of)}
    if counts.done == counts.in_progress == 0:
        due_to_start = sum(1 for a in actions if by_id[a.id].status == "planned"
                           and a.start is not None and a.start <= as_of)
        if due_to_start:
            line = ngettext("As of %(date)s no action is under way yet, though %(num)d was due "
                            "to start by then.",
                            "As of %(date)s no action is under way yet, though %(num)d were due "
                            "to start by then.", due_to_start) % dict(when, num=due_to_start)
        else:
            line = _("As of %(date)s no action has started yet.") % when
    else:
        # the first part names the actions, the others follow on: "6 actions are done, 2 are..."
        counted = [(n, key) for n, key in ((counts.done, "done"),
                                           (counts.in_progress, "in-progress"),
                                           (counts.planned, "planned"),
                                           (counts.dropped, "dropped")) if n]
        parts = [_status_part(key, n, i == 0, ngettext) for i, (n, key) in enumerate(counted)]
        line = _("As of %(date)s, %(parts)s.") % dict(when, parts=listed(parts))
    late = [a for a in actions if by_id[a.id].overdue]
    if late:
        line += " " + ngettext("%(list)s is overdue.", "%(list)s are overdue.", len(late)) % {
            "list": listed([f"{a.id} {a.title}" for a in late])}
    upcoming = sorted((a for a in actions if by_id[a.id].status == "planned"
                       and a.start and a.start > as_of), key=lambda a: a.start or dt.date.max)
    if upcoming:
        first = upcoming[0]
        line += " " + _("Next to start: %(id)s %(title)s, on %(start)s.") % {
            "id": first.id, "title": first.title, "start": day(first.start or as_of)}
    return line


def _status_part(status: str, n: int, first: bool, ngettext: Ngettext) -> str:
    if status == "done":
        text = (ngettext("%(num)d action is done", "%(num)d actions are done", n) if first
                else ngettext("%(num)d is done", "%(num)d are done", n))
    elif status == "in-progress":
        text = (ngettext("%(num)d action is in progress", "%(num)d actions are in progress", n)
                if first else ngettext("%(num)d is in progress", "%(num)d are in progress", n))
    elif status == "planned":
        text = (ngettext("%(num)d action has not started", "%(num)d actions have not started",
                         n) if first
                else ngettext("%(num)d has not started", "%(num)d have not started", n))
    else:
        text = (ngettext("%(num)d action was dropped", "%(num)d actions were dropped", n)
                if first else ngettext("%(num)d was dropped", "%(num)d were dropped", n))
    return text % {"num": n}


def _priority_lines(project: Project, actions: Sequence[Action], by_id: dict[str, ActionRow],
                    as_of: dt.date, day: Callable[[dt.date], str],
                    listed: Callable[[Sequence[str]], str], _: Gettext,
                    ngettext: Ngettext) -> list[str]:
    """High priority first: which of them the plan starts with, and the quick wins by name."""
    lines = []
    carried_recs = {a.recommendation for a in actions if a.status != "dropped"}
    high = [r for r in project.recommendations if r.priority == "high" and r.id in carried_recs]
    if high:
        starts = [a.start for a in actions
                  if a.recommendation in {r.id for r in high} and a.start]
        ids = listed([r.id for r in high])
        line = ngettext("Actions for the high-priority recommendation %(list)s",
                        "Actions for the high-priority recommendations (%(list)s)",
                        len(high)) % {"list": ids}
        if starts:
            line += " " + _("are scheduled from %(date)s.") % {"date": day(min(starts))}
        else:
            line += " " + _("have no start date yet.")
        lines.append(line)
    quick = [r for r in project.recommendations
             if r.priority == "high" and r.effort == "low" and r.id in carried_recs]
    if quick:
        first = {r.id: min((a for a in actions if a.recommendation == r.id
                            and a.status != "dropped"),
                           key=lambda a: (a.start or dt.date.max)) for r in quick}
        lines.append(_("Quick wins, high in priority and low in effort: %(list)s.") % {
            "list": listed([
                (_("%(title)s (%(rec)s; %(action)s from %(start)s)") if first[r.id].start
                 else _("%(title)s (%(rec)s; %(action)s)"))
                % {"title": r.title, "rec": r.id, "action": first[r.id].id,
                   "start": day(first[r.id].start or as_of)}
                for r in quick])})
    return lines


def _events_line(events: Sequence[Event], as_of: dt.date, day: Callable[[dt.date], str],
                 _: Gettext, ngettext: Ngettext) -> str:
    total = len(events)
    held = [e for e in events if e.start.date() < as_of]
    ahead = [e for e in events if e.start.date() >= as_of]
    if total == 1:
        event = events[0]
        text = (_("The plan schedules one event, %(title)s, held on %(date)s.") if held
                else _("The plan schedules one event, %(title)s, on %(date)s."))
        return text % {"title": event.title, "date": day(event.start.date())}
    what = _("%(num)d workshops, trainings and discussions") % {"num": total}
    if not held:
        return _("The plan schedules %(what)s; the first, %(title)s, is on %(date)s.") % {
            "what": what, "title": ahead[0].title, "date": day(ahead[0].start.date())}
    if not ahead:
        return _("The plan schedules %(what)s; all have taken place, the last on %(date)s.") % {
            "what": what, "date": day(held[-1].start.date())}
    return _("The plan schedules %(what)s; %(held)s, and the next, %(title)s, is on "
             "%(date)s.") % {
        "what": what, "title": ahead[0].title, "date": day(ahead[0].start.date()),
        "held": ngettext("%(num)d has taken place", "%(num)d have taken place", len(held))
        % {"num": len(held)}}
