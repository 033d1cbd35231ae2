"""`plan export`: the Excel tracker and the events calendar, written together.

Rule for existing files (the same as `netconsult schema`'s): a file netconsult wrote and
no one has saved over since is replaced freely, wherever it is; anything else at an
output path is refused unless `force`, and every path is looked at before any is written,
so a refusal leaves the folder as it was.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from netconsult.errors import Place, Problem, UsageError
from netconsult.io import calendar, xlsx_tracker
from netconsult.project.load import Project
from netconsult.project.write import write_new

BUILD_DIR = "build"

#: File name → (content from the project, "did netconsult write this file?")
OUTPUTS: dict[str, tuple[Callable[[Project, dt.datetime], bytes], Callable[[Path], bool]]] = {
    xlsx_tracker.TRACKER_NAME: (xlsx_tracker.tracker_bytes, xlsx_tracker.is_generated),
    calendar.CALENDAR_NAME: (calendar.calendar_bytes, calendar.is_generated),
}


def export_plan(project: Project, folder: Path, stamp: dt.datetime, *,
                force: bool = False) -> list[tuple[Path, int]]:
    """Write every output into `folder`; return (path, size in bytes) for each, in order."""
    contents = {folder / name: make(project, stamp) for name, (make, _) in OUTPUTS.items()}
    theirs = [path for path, (_, ours) in zip(contents, OUTPUTS.values(), strict=True)
              if path.exists() and not (path.is_file() and ours(path))]
    if theirs and not force:
        raise UsageError([Problem(Place(str(path)), "file exists and was not written by "
                                  "`netconsult plan export`, or was saved by another program "
                                  "since; not overwriting it",
                                  hint="pass --force to replace it, or --out to write elsewhere")
                          for path in theirs])
    for path, content in contents.items():
        write_new(path, content, force=True, shown=str(path))  # atomic
    return [(path, len(content)) for path, content in contents.items()]
