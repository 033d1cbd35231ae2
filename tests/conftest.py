"""Shared fixtures: small project folders on disk and a CLI runner with pinned output."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from netconsult.cli import app

TESTS = Path(__file__).parent
REPO = TESTS.parent
MINIMAL = TESTS / "projects" / "minimal"
SAMPLE = REPO / "sample-projects" / "partners-network"


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


RunCli = Callable[..., Run]
MakeProject = Callable[..., Path]


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch) -> RunCli:
    """Run `netconsult ARGS...` in-process; Rich output is pinned to 100 columns, no colour."""
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("TERM", "dumb")
    runner = CliRunner()

    def run(*args: str | Path, input: str | None = None) -> Run:
        result = runner.invoke(app, [str(a) for a in args], input=input, catch_exceptions=False)
        return Run(result.exit_code, result.stdout, result.stderr)

    return run


@pytest.fixture
def make_project(tmp_path: Path) -> MakeProject:
    """Write a project: a copy of tests/projects/minimal (or `base`) with `files` changed.

    `files` maps project-relative paths to new content; None deletes the file.
    """

    def make(files: dict[str, str | None] | None = None, *, base: Path | None = MINIMAL,
             name: str = "project") -> Path:
        root = tmp_path / name
        if base is not None:
            shutil.copytree(base, root, ignore=shutil.ignore_patterns("build"))
        else:
            root.mkdir()
        for rel, content in (files or {}).items():
            path = root / rel
            if content is None:
                path.unlink()
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(content, encoding="utf-8")
        return root

    return make


@pytest.fixture
def sample_project(make_project: MakeProject) -> Path:
    """A writable copy of the bundled Partners Network sample."""
    return make_project(base=SAMPLE, name="sample")


def plain(text: str) -> str:
    """Output with Rich's box drawing removed and whitespace collapsed, for wrapped messages."""
    return " ".join(re.sub(r"[\u2500-\u257f]", " ", text).split())


def front_matter(note: Path) -> dict[str, Any]:
    """The YAML front matter of a meeting note, as plain data."""
    _, front, _ = note.read_text(encoding="utf-8").split("---\n", 2)
    data = yaml.safe_load(front)
    assert isinstance(data, dict)
    return data
