"""Finds the built-in templates and sample projects, in a wheel install or a checkout.

The repository keeps `templates/` and `sample-projects/` at its top; the wheel build maps
them into `netconsult/_data/` (pyproject.toml, force-include).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def resource_dir(name: str) -> Path:
    """`templates` or `sample-projects`: the installed copy if present, else the checkout's."""
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"netconsult's {name} folder is missing from this installation")


def sample_names() -> list[str]:
    return sorted(p.name for p in resource_dir("sample-projects").iterdir()
                  if (p / "netconsult.yaml").is_file())
