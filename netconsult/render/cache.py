"""What each report read, so `report` re-renders only the reports whose inputs changed.

Two levels, both computed from file bytes before any heavy import:

- the *input digest* covers every file the project loader and the template environment
  can read (the files of `FILE_KINDS`, `meetings/*.md`, `survey/responses/*.csv`, the
  project's `templates/`), the files earlier renders were seen to read (a logo, an image
  a template override links), netconsult's own code and templates, and the options. When it
  matches the one a report was last checked against, that report is reused without loading
  the project at all (the nothing-changed re-run).
- otherwise the project is loaded (so a broken file is still reported) and each report is
  keyed on what it *read* last time: the project fields its context builder and template
  touched (`track`), mapped to the files behind them. A meeting note counts as read when
  its notes, findings, quotes or title were used; its id, date, kind, region and
  deliverable form the meeting index, one token every report that lists meetings reads.
  Editing the notes of one meeting re-renders only the reports that show them.

Nothing else is read: not `survey/raw/`, not `build/`, and never a file outside the project:
a symlink that leads out of it is keyed on where it points and the target's size and time,
and a file over the loader's size limit (which refuses it) on its size and time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from netconsult import __version__
from netconsult.resources import resource_dir

if TYPE_CHECKING:
    from netconsult.project.load import Project

# What the loader reads (project/load.py, project/models.FILE_KINDS, project/responses.py),
# spelled out so the nothing-changed path imports neither pydantic nor the models;
# tests/test_report_cache.py checks they agree.
PROJECT_FILES = ("netconsult.yaml", "members.yaml", "workplan.yaml", "recommendations.yaml",
                 "improvement-plan.yaml", "timesheet.yaml", "benchmark.yaml",
                 "survey/survey.yaml", "network/ties.yaml")
MEETINGS_DIR = "meetings"
RESPONSES_DIR = "survey/responses"
MAX_FILE_BYTES = 5 * 1024 * 1024

MEETING_INDEX = "@meetings"  # id, path, date, kind, region and deliverable of every meeting
RESPONSES = "@responses"  # every survey/responses/*.csv
EVERYTHING = "@inputs"  # every input file (a report that asked for the file list)

#: The files behind each Project field (see project/load._Loader._project).
FIELD_TOKENS: dict[str, tuple[str, ...]] = {
    "config": ("netconsult.yaml",), "members": ("members.yaml",),
    "deliverables": ("workplan.yaml",), "recommendations": ("recommendations.yaml",),
    "actions": ("improvement-plan.yaml",), "events": ("improvement-plan.yaml",),
    "timesheet": ("timesheet.yaml",), "benchmark": ("benchmark.yaml",),
    "survey": ("survey/survey.yaml",), "responses": (RESPONSES,),
    "ties": ("network/ties.yaml",), "meetings": (MEETING_INDEX,),
    "files": (EVERYTHING,), "places": (EVERYTHING,),
}
INDEX_FIELDS = ("date", "kind", "region", "deliverable")  # read from the front matter
CHUNK = 1 << 20


# -- file keys ----------------------------------------------------------------------------

def file_key(root: Path, rel: str) -> str:
    """The key of one project file: its SHA-256, without reading anything outside `root`."""
    path = root / rel
    try:
        target = path.resolve()
        if not target.is_relative_to(root.resolve()):  # a symlink out: never read
            stat = target.stat()
            return f"outside:{target}:{stat.st_size}:{stat.st_mtime_ns}"
        stat = path.stat()
        if stat.st_size > MAX_FILE_BYTES:  # the loader refuses it: never read it whole
            return f"large:{stat.st_size}:{stat.st_mtime_ns}"
        digest = hashlib.sha256()
        with path.open("rb") as stream:
            while chunk := stream.read(CHUNK):
                digest.update(chunk)
        return digest.hexdigest()
    except OSError:
        return "absent"


def input_files(root: Path) -> list[str]:
    """Project-relative paths of every file `load_project` or the template loader can read."""
    found = [rel for rel in PROJECT_FILES if (root / rel).exists() or (root / rel).is_symlink()]
    for folder, pattern in ((MEETINGS_DIR, "*.md"), (RESPONSES_DIR, "*.csv")):
        found += sorted(f"{folder}/{p.name}" for p in (root / folder).glob(pattern))
    found += _walk(root, "templates")
    return found


def _walk(root: Path, folder: str) -> list[str]:
    """Files under root/folder, not descending into symlinked folders."""
    found = []
    for here, dirs, files in os.walk(root / folder):  # followlinks=False
        dirs[:] = sorted(d for d in dirs if d not in ("__pycache__", ".git"))
        base = Path(here).relative_to(root).as_posix()
        found += [f"{base}/{name}" for name in sorted(files)]
    return found


def code_key() -> str:
    """netconsult's own code, translations and built-in templates, by size and time (a
    development edit re-renders as a version change does; nothing is read)."""
    digest = hashlib.sha256(__version__.encode())
    package = Path(__file__).resolve().parent.parent
    for base in (package, resource_dir("templates")):
        for here, dirs, files in os.walk(base):
            dirs[:] = sorted(d for d in dirs if d not in ("__pycache__", "_data"))
            for name in sorted(files):
                if not name.endswith((".pyc", ".po", ".pot")):
                    stat = os.stat(os.path.join(here, name))
                    digest.update(f"{here}/{name}:{stat.st_size}:{stat.st_mtime_ns}\0".encode())
    return digest.hexdigest()


def options_key(formats: Sequence[str], lang: str, as_of: dt.date | None) -> str:
    stamp = os.environ.get("SOURCE_DATE_EPOCH", "")
    # Without SOURCE_DATE_EPOCH an undelivered report prints today's date: key on the day.
    day = "" if stamp else dt.date.today().isoformat()
    return json.dumps([code_key(), sorted(formats), lang, stamp, day,
                       as_of.isoformat() if as_of else ""])


def _hash(parts: Iterable[str]) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode() + b"\0")
    return digest.hexdigest()


class Inputs:
    """The keys of a project's files, each read at most once."""

    def __init__(self, root: Path, options: str) -> None:
        self.root = root
        self.options = options
        self.inputs = input_files(root)
        self.keys = {rel: file_key(root, rel) for rel in self.inputs}

    def key(self, token: str) -> str:
        if token == RESPONSES:
            return _hash(f"{rel}={self.keys[rel]}" for rel in self.inputs
                         if rel.startswith(RESPONSES_DIR + "/"))
        if token == EVERYTHING:
            return self.digest()
        if token not in self.keys:
            self.keys[token] = file_key(self.root, token)
        return self.keys[token]

    def digest(self, extra: Iterable[str] = ()) -> str:
        """Every input, and the `extra` files reports were seen to read: equal means no
        report's input changed."""
        files = sorted(set(self.inputs).union(extra))
        return _hash([self.options, *(f"{rel}={self.key(rel)}" for rel in files)])

    def files_key(self, reads: Iterable[str]) -> str:
        """The key of what a report read, but for the meeting index (which needs the
        project loaded)."""
        return _hash([self.options, *(f"{t}={self.key(t)}" for t in sorted(reads)
                                      if t != MEETING_INDEX)])


def meeting_index(project: Project) -> str:
    return _hash(json.dumps([m.id, m.path, *(str(getattr(m.front, f)) for f in INDEX_FIELDS)])
                 for m in sorted(project.meetings, key=lambda m: m.path))


def project_file(root: Path, path: Path) -> str | None:
    """`path` relative to the project, if it is inside it."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return None
