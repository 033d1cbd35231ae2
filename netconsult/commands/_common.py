"""Options and helpers shared by several commands."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.table import Table

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


def rich_table(columns: Sequence[str], right_from: int = 1) -> Table:
    from rich import box
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for i, name in enumerate(columns):
        table.add_column(name, justify="right" if i >= right_from else "left")
    return table


def titled_table(title: str, table: Table, note: str | None = None) -> RenderableType:
    """A heading above the table and a note below it, as wide as the terminal, not the table."""
    from rich.console import Group
    from rich.text import Text

    parts: list[RenderableType] = [Text(f"\n{title}", style="bold"), table]
    if note:
        parts.append(Text(note, style="dim"))
    return Group(*parts)


SHOW_HIDDEN_OPTION = typer.Option(
    False, "--show-hidden",
    help="Show every figure, also those privacy.min_group_size hides (small groups and the "
    "figures hidden to protect them): for your own use, never to pass on.")


def warn_show_hidden(min_group_size: int) -> None:
    """Say on stderr that the output holds figures the reports hide."""
    typer.echo(f"warning: --show-hidden: this output shows figures resting on fewer than "
               f"{min_group_size} people, and those hidden to protect them; it is for your "
               "own use, do not pass it on", err=True)
