"""The one timestamp an export carries, so the same folder gives the same bytes.

Reproducible-builds convention: SOURCE_DATE_EPOCH (seconds since 1970, UTC) when it is set;
otherwise midnight UTC of the engagement's start, which changes only if the project does.
"""

from __future__ import annotations

import datetime as dt
import os

from netconsult.errors import UsageError, shown
from netconsult.project.load import Project


def source_date_epoch(value: str | None = None) -> dt.datetime | None:
    """SOURCE_DATE_EPOCH (from the environment unless `value` is given) as an aware UTC
    datetime; None when unset or blank. The one reading of the variable in netconsult."""
    if value is None:
        value = os.environ.get("SOURCE_DATE_EPOCH")
    if value is None or not value.strip():
        return None
    value = value.strip()
    try:
        return dt.datetime.fromtimestamp(int(value), dt.UTC)
    except (ValueError, OverflowError, OSError):
        raise UsageError.at(
            "SOURCE_DATE_EPOCH",
            f"expected a whole number of seconds since 1970-01-01 UTC, got {shown(value)}",
            hint="e.g. SOURCE_DATE_EPOCH=$(git log -1 --format=%ct), or unset it",
        ) from None


def build_time(project: Project, source_date_epoch_value: str | None = None) -> dt.datetime:
    """The aware UTC datetime written as created/modified/DTSTAMP into every exported file."""
    stamp = source_date_epoch(source_date_epoch_value or "")
    if stamp is not None:
        return stamp
    start = project.engagement.start
    return dt.datetime(start.year, start.month, start.day, tzinfo=dt.UTC)
