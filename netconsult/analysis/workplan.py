"""Where each deliverable stands on a given day, and how the effort budget is spent."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from netconsult.project.load import Meeting, Project
from netconsult.project.models import Deliverable

DONE = ("submitted", "accepted")
#: Share of the budget at which logged effort draws a warning.
EFFORT_WARNING_SHARE = 0.8


def is_done(deliverable: Deliverable) -> bool:
    return deliverable.status in DONE


def in_scope(deliverable: Deliverable, as_of: dt.date) -> bool:
    """A deliverable whose content is judged: handed in, or due by `as_of`."""
    return is_done(deliverable) or deliverable.due <= as_of


def is_overdue(deliverable: Deliverable, as_of: dt.date) -> bool:
    return not is_done(deliverable) and deliverable.due < as_of


def days_to_due(deliverable: Deliverable, as_of: dt.date) -> int:
    return (deliverable.due - as_of).days


def window(deliverable: Deliverable, project: Project) -> tuple[dt.date, dt.date]:
    """The period a deliverable's work happens in: its start (or the engagement's) to due."""
    return (deliverable.start or project.engagement.start, deliverable.due)


@dataclass(frozen=True)
class Effort:
    budget: float
    planned: float  # sum of the deliverables' planned days
    logged: float
    planned_by_deliverable: dict[str, float]
    logged_by_deliverable: dict[str, float]

    @property
    def share_used(self) -> float:
        return self.logged / self.budget if self.budget else 0.0

    @property
    def remaining(self) -> float:
        return self.budget - self.logged


def effort(project: Project, as_of: dt.date | None = None) -> Effort:
    """Days planned and logged, overall and per deliverable (entries after `as_of` ignored)."""
    logged: dict[str, float] = defaultdict(float)
    for entry in project.timesheet:
        if as_of is None or entry.date <= as_of:
            logged[entry.deliverable] += entry.days
    planned = {d.id: d.effort_days for d in project.deliverables}
    return Effort(
        budget=project.engagement.effort_days,
        planned=round(sum(planned.values()), 2),
        logged=round(sum(logged.values()), 2),
        planned_by_deliverable=planned,
        logged_by_deliverable=dict(logged),
    )


def regional_meetings(project: Project,
                      deliverable_id: str | None = None) -> dict[str, list[Meeting]]:
    """Regional meetings by region id (every region present), optionally for one deliverable.

    A meeting that names no deliverable counts for any, as mentoring sessions and
    recommendations without one do; a meeting linked to another deliverable does not.
    """
    by_region: dict[str, list[Meeting]] = {region.id: [] for region in project.network.regions}
    for meeting in project.meetings:
        if meeting.kind != "regional" or meeting.region is None:
            continue
        if deliverable_id is not None and meeting.deliverable not in (None, deliverable_id):
            continue
        by_region.setdefault(meeting.region, []).append(meeting)
    return by_region


def has_substance(meeting: Meeting) -> bool:
    """A meeting counts as evidence once it has both notes and findings."""
    return bool(meeting.notes.strip()) and bool(meeting.findings)
