"""The improvement plan's actions as of a date: status, overdue, order and owners.

A report is true on its own date: an action counts as done only if it was done by then.
`done_on` says when; a `done` action without it counts as done once its due date has passed
(before that it is in progress, or planned if it had not started). Owners are counted once:
a member who owns an action folds into a group that owns actions too and lists that member,
so "the Liaison Group" and one of its members are one owner, not two.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from netconsult.project.models import Action, ActionStatus, Group, Recommendation


def status_as_of(action: Action, as_of: dt.date) -> ActionStatus:
    """What the action's status was on `as_of`, as far as the plan can tell."""
    if action.status == "dropped":
        return "dropped"
    if action.status == "done" and _done_by(action, as_of):
        return "done"
    if action.status in ("done", "in-progress"):
        return "in-progress" if action.start is None or action.start <= as_of else "planned"
    return "planned"


def _done_by(action: Action, as_of: dt.date) -> bool:
    if action.done_on is not None:
        return action.done_on <= as_of
    if action.due is not None:
        return action.due <= as_of
    return action.start is None or action.start <= as_of


def done_on(action: Action, as_of: dt.date) -> dt.date | None:
    """The day the action was done, when it was done by `as_of` and the plan says when."""
    return action.done_on if status_as_of(action, as_of) == "done" else None


def is_overdue(action: Action, as_of: dt.date) -> bool:
    """Due before `as_of` and not done (nor dropped) by then."""
    return (action.due is not None and action.due < as_of
            and status_as_of(action, as_of) in ("planned", "in-progress"))


def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key putting A2 before A10: digit runs compare as numbers."""
    return tuple((0, int(part)) if part.isdigit() else (1, part.lower())
                 for part in re.split(r"(\d+)", text) if part)


def plan_order(actions: Iterable[Action],
               recommendations: Sequence[Recommendation]) -> list[Action]:
    """Actions by recommendation (in recommendations.yaml order, unknown ones last), then
    by id in natural order: the same order in the table, the timeline and the tracker."""
    rank = {r.id: i for i, r in enumerate(recommendations)}
    return sorted(actions, key=lambda a: (rank.get(a.recommendation, len(rank)),
                                          natural_key(a.recommendation), natural_key(a.id)))


def owner_units(owners: Iterable[str], groups: Sequence[Group]) -> dict[str, str]:
    """Each owner id mapped to the owner it counts as.

    A member folds into the first group (in netconsult.yaml order) that owns actions itself
    and lists the member; every other owner counts as itself.
    """
    present = set(owners)
    owning = [g for g in groups if g.id in present]
    units: dict[str, str] = {}
    for owner in sorted(present):
        group = next((g for g in owning if owner in g.members and owner != g.id), None)
        units[owner] = group.id if group else owner
    return units


@dataclass(frozen=True)
class StatusCounts:
    """How many actions stood where on the report's date."""

    total: int
    done: int
    in_progress: int
    planned: int
    dropped: int
    overdue: int


def status_counts(actions: Iterable[Action], as_of: dt.date) -> StatusCounts:
    statuses = [(status_as_of(a, as_of), is_overdue(a, as_of)) for a in actions]
    return StatusCounts(
        total=len(statuses),
        done=sum(1 for s, _ in statuses if s == "done"),
        in_progress=sum(1 for s, _ in statuses if s == "in-progress"),
        planned=sum(1 for s, _ in statuses if s == "planned"),
        dropped=sum(1 for s, _ in statuses if s == "dropped"),
        overdue=sum(1 for _, late in statuses if late),
    )
