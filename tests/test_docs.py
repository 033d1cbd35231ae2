"""Docs cannot rot: generated references are current and every command and rule is documented."""

from __future__ import annotations

import subprocess
import sys

from netconsult.checks.registry import all_rules
from tests.conftest import REPO


def test_rules_reference_is_current() -> None:
    result = subprocess.run([sys.executable, str(REPO / "scripts" / "gen_docs.py"), "--check"],
                            capture_output=True, text=True)
    assert "checks.md" not in result.stdout, result.stdout


def test_cli_reference_lists_every_option() -> None:
    # Exact --help text varies with the Typer version; every option must appear regardless.
    import typer

    from netconsult.cli import app

    reference = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
    group = typer.main.get_command(app)
    commands = [group.get_command(None, name)  # type: ignore[attr-defined]
                for name in group.list_commands(None)]  # type: ignore[attr-defined]
    for name in ("meeting", "plan"):
        sub = group.get_command(None, name)  # type: ignore[attr-defined]
        commands += [sub.get_command(None, each) for each in sub.list_commands(None)]
    for command in commands:
        for param in command.params:
            for opt in param.opts:
                if opt.startswith("--"):
                    assert opt in reference, f"{command.name}: {opt} missing from docs/cli.md"


def test_every_rule_is_documented() -> None:
    text = (REPO / "docs" / "checks.md").read_text(encoding="utf-8")
    for r in all_rules():
        assert f"| {r.code} |" in text


def test_every_command_is_in_the_readme_and_reference() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    reference = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
    for command in ("init", "check", "status", "meeting new", "log", "schema", "plan export"):
        assert f"netconsult {command}" in readme
        assert f"## netconsult {command}" in reference


def test_every_file_kind_is_in_the_folder_doc() -> None:
    from netconsult.project.models import FILE_KINDS

    text = (REPO / "docs" / "project-folder.md").read_text(encoding="utf-8")
    for rel, _, _ in FILE_KINDS:
        assert f"## {rel}" in text
