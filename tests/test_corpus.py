"""The corpus of broken projects: every case's exact messages and exit code.

Each folder in tests/corpus/ overlays tests/projects/minimal (see tests/corpus/README.md).
`NETCONSULT_REGEN=1 pytest tests/test_corpus.py` rewrites the expected.txt files.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import MINIMAL, RunCli

CORPUS = Path(__file__).parent / "corpus"
CASES = sorted(p for p in CORPUS.iterdir() if p.is_dir())
CONTROL = {"expected.txt", "delete.txt"}
REGEN = os.environ.get("NETCONSULT_REGEN") == "1"


def build(case: Path, root: Path) -> None:
    """The minimal project with the case's files laid over it and delete.txt applied."""
    shutil.copytree(MINIMAL, root)
    for src in sorted(case.rglob("*")):
        rel = src.relative_to(case)
        if src.is_file() and rel.as_posix() not in CONTROL:
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, root / rel)
    delete = case / "delete.txt"
    if delete.is_file():
        for line in delete.read_text(encoding="utf-8").split("\n"):
            if line.strip():
                (root / line.strip()).unlink()


def json_lines(stdout: str) -> list[str]:
    """`check --format json` output rendered back as the text lines."""
    lines = []
    for p in json.loads(stdout)["problems"]:
        where = ":".join(str(x) for x in (p["path"], p["line"], p["column"]) if x is not None)
        lines.append(f"{where}: {p['message']}")
        if p["hint"]:
            lines.append(f"    hint: {p['hint']}")
    return lines


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 30


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: RunCli) -> None:
    build(case, tmp_path / "project")
    monkeypatch.chdir(tmp_path / "project")
    text = cli("check", ".")
    as_json = cli("check", "--format", "json", ".")
    lines = text.stderr.splitlines()
    if REGEN:
        body = "\n".join([f"exit: {text.exit_code}", *lines]) + "\n"
        (case / "expected.txt").write_text(body, encoding="utf-8")
    first, *expected = (case / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert (text.exit_code, lines) == (int(first.removeprefix("exit:")), expected)
    assert text.stdout == ""
    assert "Traceback" not in text.output + as_json.output
    assert as_json.exit_code == text.exit_code
    assert json_lines(as_json.stdout) == expected
