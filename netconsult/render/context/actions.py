"""The improvement plan's actions as the reports show them: owners by display name, each
counted once, and how the plan carries one recommendation as of a date. Shared by the plan
and the recommendation report, with the date and list formats their sentences use.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from netconsult.analysis import actions as plan_actions
from netconsult.project.load import Project
from netconsult.project.models import Action
from netconsult.render import labels as L
from netconsult.render.context.base import Gettext, member_names

Ngettext = Callable[[str, str, int], str]


@dataclass(frozen=True)
class Carried:
    """How the plan carries one recommendation, as of a date: its owners counted once, from
    the first start to the last due date, and where it stands."""

    actions: tuple[str, ...]
    owners: tuple[str, ...]
    start: dt.date | None
    due: dt.date | None
    status: str  # none | planned | in-progress | done
    status_label: str
    overdue: tuple[str, ...]  # ids of its actions overdue on the date


class Owners:
    """Display names for owners, each member folded into a group that owns actions too."""

    def __init__(self, project: Project, actions: Sequence[Action]) -> None:
        self.names = member_names(project)
        self.units = plan_actions.owner_units((a.owner for a in actions if a.owner),
                                              project.network.groups)

    def name(self, owner: str | None) -> str:
        return self.names.get(owner, owner) if owner else "–"

    def unit(self, owner: str) -> str:
        return self.units.get(owner, owner)

    def group_of(self, owner: str | None) -> str | None:
        """The group a member's action counts under, when it is not the owner itself."""
        if not owner or self.unit(owner) == owner:
            return None
        return self.names.get(self.unit(owner), self.unit(owner))

    def of(self, actions: Sequence[Action]) -> list[str]:
        """Owners of `actions` counted once: a group that owns some of them stands for its
        members; members of a group that owns none of them are named themselves."""
        owned = {a.owner for a in actions if a.owner}
        shown: list[str] = []
        for a in actions:
            if not a.owner:
                continue
            who = self.unit(a.owner) if self.unit(a.owner) in owned else a.owner
            if who not in shown:
                shown.append(who)
        return [self.names.get(o, o) for o in shown]

    def counted(self, actions: Sequence[Action]) -> Counter[str]:
        """How many of `actions` each owner unit owns, for "who owns the most"."""
        return Counter(self.unit(a.owner) for a in actions if a.owner)


@functools.cache
def day_format(lang: str) -> Callable[[dt.date], str]:
    """Dates inside sentences, in the one style the `| date` filter prints."""
    from netconsult.render.environment import make_environment

    date = make_environment(None, lang).filters["date"]
    return lambda day: str(date(day))


def list_format(lang: str) -> Callable[[Sequence[str]], str]:
    from babel.lists import format_list

    return lambda items: format_list(list(items), locale=lang)


def carried(actions: Sequence[Action], as_of: dt.date, owners: Owners,
            _: Gettext) -> Carried:
    """What the plan does with one recommendation (dropped actions do not carry it)."""
    live = [a for a in actions if a.status != "dropped"]
    statuses = {plan_actions.status_as_of(a, as_of) for a in live}
    if not live:
        status, label = "none", _("No action yet")
    elif statuses == {"done"}:
        status, label = "done", _(L.ACTION_STATUS["done"])
    elif statuses & {"done", "in-progress"}:
        status, label = "in-progress", _(L.ACTION_STATUS["in-progress"])
    else:
        status, label = "planned", _(L.ACTION_STATUS["planned"])
    starts = [a.start for a in live if a.start]
    dues = [a.due for a in live if a.due]
    return Carried(
        actions=tuple(a.id for a in live), owners=tuple(owners.of(live)),
        start=min(starts) if starts else None, due=max(dues) if dues else None,
        status=status, status_label=label,
        overdue=tuple(a.id for a in live if plan_actions.is_overdue(a, as_of)))
