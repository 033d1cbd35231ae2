"""The improvement plan's events as an iCalendar file (RFC 5545), for calendar invitations.

Written with the `icalendar` library (imported inside the functions), which folds long
lines and escapes commas, semicolons, backslashes and newlines in user text. Times are
written in UTC (`...Z`): each event's start carries its own UTC offset, not a time zone
name, so UTC says exactly the same instant without a VTIMEZONE block.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from pathlib import Path

from netconsult.io.text import printable
from netconsult.project.load import Project
from netconsult.project.models import Event

CALENDAR_NAME = "events.ics"
PRODID = "-//netconsult//EN"


def project_slug(project: Project) -> str:
    """The UID domain: the client and the engagement's start, e.g. partners-network-2020-06-15.

    Stable as long as the engagement is (not its folder name, which copies change),
    and distinct for two engagements with the same client.
    """
    folded = unicodedata.normalize("NFKD", project.engagement.client)
    slug = re.sub(r"[^a-z0-9]+", "-", folded.encode("ascii", "ignore").decode().lower()).strip("-")
    if not slug:  # a client name in a non-Latin script: a short digest of it instead
        slug = hashlib.sha256(project.engagement.client.encode()).hexdigest()[:12]
    return f"{slug[:48].strip('-')}-{project.engagement.start.isoformat()}"


def event_uid(event: Event, project: Project) -> str:
    return f"{event.id}@{project_slug(project)}.netconsult"


def calendar_bytes(project: Project, stamp: dt.datetime) -> bytes:
    """The plan's events as .ics bytes; `stamp` (aware) is every event's DTSTAMP."""
    from icalendar import Calendar
    from icalendar import Event as VEvent

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    # Not in RFC 5545, but Google, Apple and Outlook show it as the calendar's name.
    calendar.add("x-wr-calname", printable(f"{project.engagement.client}: improvement plan"))
    actions = {a.id: a.title for a in project.actions}
    stamp_utc = stamp.astimezone(dt.UTC)
    for event in project.events:
        start = event.start.astimezone(dt.UTC)
        vevent = VEvent()
        vevent.add("uid", event_uid(event, project))
        vevent.add("dtstamp", stamp_utc)
        vevent.add("dtstart", start)
        # DTEND rather than DURATION: every calendar client reads it.
        vevent.add("dtend", start + dt.timedelta(minutes=event.duration_minutes))
        vevent.add("summary", printable(event.title))
        vevent.add("description", printable(_description(event, project, actions)))
        vevent.add("categories", [event.kind])
        calendar.add_component(vevent)
    return bytes(calendar.to_ical())


def _description(event: Event, project: Project, actions: dict[str, str]) -> str:
    lines = []
    if event.audience:
        lines.append(f"Audience: {event.audience}")
    if event.facilitator:
        lines.append(f"Facilitator: {event.facilitator}")
    if event.deliverable:
        deliverable = project.deliverable(event.deliverable)
        lines.append(f"Deliverable: {event.deliverable}"
                     + (f" ({deliverable.title})" if deliverable else ""))
    if event.actions:
        lines.append("Actions:")
        lines += [f"- {a}: {actions[a]}" if a in actions else f"- {a}" for a in event.actions]
    if event.cards:
        lines.append("Prompt cards: " + ", ".join(event.cards))
    return "\n".join(lines)


def is_generated(path: Path) -> bool:
    """True if this .ics file carries netconsult's PRODID (a calendar app re-saving it would
    put its own)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError:
        return False
    unfolded = re.sub(rb"\r?\n[ \t]", b"", head)
    return re.search(rb"^PRODID:" + re.escape(PRODID.encode()) + rb"\r?$", unfolded,
                     re.MULTILINE) is not None
