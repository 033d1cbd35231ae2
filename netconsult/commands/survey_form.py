"""`netconsult survey form`: the instrument as an XLSForm for KoboToolbox and ODK."""

from __future__ import annotations

from pathlib import Path

from netconsult.commands._common import PROJECT_DIR


def form(project_dir: Path = PROJECT_DIR) -> None:
    """Write the survey as an XLSForm."""
    raise NotImplementedError("being built")
