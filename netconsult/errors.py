"""Problems with places: the one error currency of the core.

Every stage (loading, validation, cross-references, checks) reports what is wrong as
`Problem`s carrying the file, line and column they are about. The CLI's single error
boundary turns a `ProjectError` into `path:line:col: message` lines and exit code 2.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Literal

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True, slots=True)
class Place:
    """Where something is: a project-relative path and a 1-based line and column."""

    path: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        parts = [self.path]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the project, in the user's terms."""

    place: Place
    message: str
    hint: str | None = None
    severity: Severity = "error"
    code: str | None = None

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.place.path, self.place.line or 0, self.place.column or 0, self.message)

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.place.path,
            "line": self.place.line,
            "column": self.place.column,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
            "hint": self.hint,
        }


class NetconsultError(Exception):
    """Base of the errors the core raises for bad input or misuse (exit code 2)."""

    def __init__(self, problems: Sequence[Problem], root: str | None = None) -> None:
        self.problems = sorted(problems, key=Problem.sort_key)
        #: The project folder as the user named it; problem paths are relative to it.
        self.root = root
        super().__init__("\n".join(f"{p.place}: {p.message}" for p in self.problems))


class ProjectError(NetconsultError):
    """The project folder could not be read or is not valid."""


class UsageError(NetconsultError):
    """A command was asked to do something it must refuse (overwrite, missing input...)."""

    @classmethod
    def at(cls, path: str, message: str, hint: str | None = None) -> UsageError:
        return cls([Problem(Place(path), message, hint)])


def closest(word: str, candidates: Iterable[str], n: int = 3) -> list[str]:
    """The candidates that look most like `word`, best first."""
    return difflib.get_close_matches(word, list(candidates), n=n, cutoff=0.6)


def did_you_mean(word: str, candidates: Iterable[str], what: str = "") -> str | None:
    """A hint naming the closest known value, or listing the known ones when few."""
    known = sorted(set(candidates))
    matches = closest(word, known)
    if matches:
        return "did you mean " + " or ".join(f"'{m}'" for m in matches) + "?"
    if not known:
        return f"no {what or 'values'} are defined yet" if what else None
    if len(known) <= 8:
        return f"known {what or 'values'}: " + ", ".join(known)
    # Too many to list: the nearest few are the useful ones, when some are near at all.
    nearest = difflib.get_close_matches(word, known, n=5, cutoff=0.3)
    listed = ", ".join(nearest or known[:8]) + f", ... ({len(known)} in all)"
    return f"{'closest' if nearest else 'known'} {what or 'values'}: {listed}"


def shown(value: object, limit: int = 40) -> str:
    """A value as a message quotes it: short, in YAML's words, never a whole list or text.

    Values can be huge (a long pasted text, a "billion laughs" alias list); quoting them
    whole would flood the terminal or never finish.
    """
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list | tuple | set):
        return "a list"
    if isinstance(value, str):
        return repr(value if len(value) <= limit else value[:limit] + "...")
    return str(value)


def posix(path: PurePosixPath | str) -> str:
    return str(path).replace("\\", "/")
