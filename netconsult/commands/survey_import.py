"""`netconsult survey import`: a tool's export into survey/responses/<round>.csv."""

from __future__ import annotations

from pathlib import Path

from netconsult.commands._common import PROJECT_DIR


def import_export(project_dir: Path = PROJECT_DIR) -> None:
    """Import a survey export."""
    raise NotImplementedError("being built")
