"""Options and helpers shared by several commands."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer

PROJECT_DIR = typer.Argument(
    Path("."), metavar="DIR", help="The project folder (default: the current folder).",
    show_default=False,
)


def parse_day(value: str | None, option: str = "--as-of") -> dt.date:
    """A YYYY-MM-DD option value, or today when not given."""
    if value is None:
        return dt.date.today()
    try:
        # fromisoformat also reads 20201115 and week dates; the help promises YYYY-MM-DD.
        if len(value) != 10 or value[4] != "-" or value[7] != "-":
            raise ValueError(value)
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(
            f"expected a date written as YYYY-MM-DD, e.g. 2020-07-21, got {value!r}",
            param_hint=option,
        ) from None


AS_OF = typer.Option(
    None, "--as-of", metavar="YYYY-MM-DD", help="Judge the project as on this day (default: today)."
)
