"""Which files a report reads: a Project whose fields and meetings say when they are used.

See render/cache.py for how the recorded reads key a report's outputs.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import fields
from typing import Any

from netconsult.project.load import Meeting, Project
from netconsult.render.cache import FIELD_TOKENS, INDEX_FIELDS, MEETING_INDEX

#: Code that reads fields only to pass them on or filter them: what it hands over is tracked
#: where it is used (a meeting dropped by the as-of filter is in the meeting index anyway).
UNTRACKED = (os.sep + "dataclasses.py", os.sep + os.path.join("analysis", "as_of.py"))

_reads: set[str] | None = None


def _untracked_caller(depth: int) -> bool:
    return sys._getframe(depth).f_code.co_filename.endswith(UNTRACKED)


class _TrackedProject(Project):
    def __getattribute__(self, name: str) -> Any:
        if _reads is not None and name in FIELD_TOKENS and not _untracked_caller(2):
            _reads.update(FIELD_TOKENS[name])
        return object.__getattribute__(self, name)


class _TrackedMeeting(Meeting):
    def __getattribute__(self, name: str) -> Any:
        if name.startswith("__"):
            return object.__getattribute__(self, name)
        if _reads is not None and not _untracked_caller(2):
            _reads.add(MEETING_INDEX if name in ("id", "path", *INDEX_FIELDS)
                       else object.__getattribute__(self, "path"))
        if name in INDEX_FIELDS:  # not through the properties, which read the front matter
            return getattr(object.__getattribute__(self, "front"), name)
        return object.__getattribute__(self, name)


def tracked(project: Project) -> Project:
    """`project`, recording in `reading()` which files its fields and meetings come from."""
    values = {f.name: getattr(project, f.name) for f in fields(project)}
    values["meetings"] = tuple(_TrackedMeeting(m.id, m.path, m.front, m.notes)
                               for m in project.meetings)
    return _TrackedProject(**values)


@contextmanager
def reading(reads: set[str]) -> Iterator[set[str]]:
    """Record into `reads` what a tracked project is asked for in this block."""
    global _reads
    outer, _reads = _reads, reads
    try:
        yield reads
    finally:
        _reads = outer

