"""The one timestamp an export carries, so the same folder gives the same bytes.

Reproducible-builds convention: SOURCE_DATE_EPOCH (seconds since 1970, UTC) when it is set;
otherwise midnight UTC of the engagement's start, which changes only if the project does.
"""

from __future__ import annotations

import datetime as dt

from netconsult.errors import UsageError, shown
from netconsult.project.load import Project


def build_time(project: Project, source_date_epoch: str | None = None) -> dt.datetime:
    """The aware UTC datetime written as created/modified/DTSTAMP into every exported file."""
    if source_date_epoch is not None and source_date_epoch.strip():
        value = source_date_epoch.strip()
        try:
            seconds = int(value)
            return dt.datetime.fromtimestamp(seconds, dt.UTC)
        except (ValueError, OverflowError, OSError):
            raise UsageError.at(
                "SOURCE_DATE_EPOCH",
                f"expected a whole number of seconds since 1970-01-01 UTC, got {shown(value)}",
                hint="e.g. SOURCE_DATE_EPOCH=$(git log -1 --format=%ct), or unset it",
            ) from None
    start = project.engagement.start
    return dt.datetime(start.year, start.month, start.day, tzinfo=dt.UTC)
