"""Printing problems and check findings as text, JSON or GitHub annotations.

Plain `typer.echo` on purpose: `check` runs in CI on every push and must not pay for Rich.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path

import typer

from netconsult.errors import Problem, posix


class OutputFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"


def shown_path(root: str | None, rel: str) -> str:
    """A problem's path as the user can open it from where they ran the command."""
    if not root or root in (".", "./"):
        return rel
    return posix(Path(root) / rel)


def text_line(problem: Problem, root: str | None, with_severity: bool = False) -> str:
    place = problem.place
    where = shown_path(root, place.path)
    if place.line is not None:
        where += f":{place.line}"
        if place.column is not None:
            where += f":{place.column}"
    label = ""
    if with_severity:
        label = f"{problem.severity} " + (f"{problem.code} " if problem.code else "")
    line = f"{where}: {label}{problem.message}"
    if problem.hint:
        line += f"\n    hint: {problem.hint}"
    return line


def summary(problems: Sequence[Problem]) -> str:
    counts = Counter(p.severity for p in problems)
    parts = [f"{counts[s]} {s}{'s' if counts[s] != 1 else ''}"
             for s in ("error", "warning", "info") if counts[s]]
    return ", ".join(parts) if parts else "no problems"


def emit(problems: Sequence[Problem], root: str | None, fmt: OutputFormat, *,
         err: bool = False, findings: bool = False) -> None:
    """Print problems in `fmt`; `findings` marks check results (severity and code shown)."""
    if fmt is OutputFormat.json:
        payload = {
            "problems": [dict(p.as_dict(), path=shown_path(root, p.place.path)) for p in problems],
            "summary": dict(Counter(p.severity for p in problems)),
        }
        typer.echo(json.dumps(payload, indent=2, ensure_ascii=False))
        return
    if fmt is OutputFormat.github:
        for p in problems:
            typer.echo(github_line(p, root))
        return
    for p in problems:
        typer.echo(text_line(p, root, with_severity=findings), err=err)


def github_line(problem: Problem, root: str | None) -> str:
    """A GitHub Actions workflow command that annotates the file and line."""
    level = {"error": "error", "warning": "warning"}.get(problem.severity, "notice")
    props = [f"file={_escape_prop(shown_path(root, problem.place.path))}"]
    if problem.place.line is not None:
        props.append(f"line={problem.place.line}")
    if problem.place.column is not None:
        props.append(f"col={problem.place.column}")
    title = problem.code or "netconsult"
    props.append(f"title={_escape_prop(title)}")
    message = problem.message + (f"\n{problem.hint}" if problem.hint else "")
    return f"::{level} {','.join(props)}::{_escape_data(message)}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_prop(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
