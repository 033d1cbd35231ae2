"""`netconsult survey summary`: the survey results in the terminal."""

from __future__ import annotations

from pathlib import Path

from netconsult.commands._common import PROJECT_DIR


def summary(project_dir: Path = PROJECT_DIR) -> None:
    """Print the survey results."""
    raise NotImplementedError("being built")
