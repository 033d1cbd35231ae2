"""`netconsult network`: the network's ties, measured (`show`, the default) and exported.

`netconsult network [DIR]` runs `show`; `netconsult network export ...` writes files for
Gephi and Kumu. Each subcommand lives in its own module; this one only groups them.
"""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperGroup

from netconsult.commands.network_export import export
from netconsult.commands.network_show import show


class _ShowByDefault(TyperGroup):
    """Runs `show` when the first argument names no subcommand (a folder, an option, or
    nothing), so `netconsult network DIR` works alongside `netconsult network export`."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] not in ("-h", "--help")):
            args = ["show", *args]
        return super().parse_args(ctx, args)


app = typer.Typer(name="network", cls=_ShowByDefault, add_completion=False)


@app.callback()
def network() -> None:
    """Who works with whom: `show` (the default) prints the network's metrics, `export`
    writes it for Gephi or Kumu."""


app.command("show")(show)
app.command("export")(export)
