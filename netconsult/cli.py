"""The netconsult command line: registers the command modules and holds the error boundary."""

from __future__ import annotations

import importlib
from typing import Any

import typer
from typer.core import TyperGroup

from netconsult import __version__
from netconsult.commands._output import OutputFormat, emit
from netconsult.errors import NetconsultError

#: Command name → the module holding its `app`, imported only when that command runs
#: (or when help lists them), so `check` does not pay for importing `init` or `status`.
COMMANDS = {
    "init": "netconsult.commands.init",
    "check": "netconsult.commands.check",
    "status": "netconsult.commands.status",
    "meeting": "netconsult.commands.meeting",
    "log": "netconsult.commands.log",
    "schema": "netconsult.commands.schema",
    "report": "netconsult.commands.report",
    "plan": "netconsult.commands.plan",
    "survey": "netconsult.commands.survey",
    "network": "netconsult.commands.network",
}


class _Boundary(TyperGroup):
    """Loads commands lazily, and is the one place where core errors become exit code 2."""

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in COMMANDS:
            return None
        module = importlib.import_module(COMMANDS[cmd_name])
        command = typer.main.get_command(module.app)
        command.name = cmd_name
        return command

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except NetconsultError as exc:
            emit(exc.problems, exc.root, OutputFormat.text, err=True)
            raise typer.Exit(2) from None
        except OSError as exc:  # disk full, permission denied...: say where, no traceback
            where = f"{exc.filename}: " if exc.filename else ""
            typer.echo(f"{where}{exc.strerror or exc}", err=True)
            raise typer.Exit(2) from None


app = typer.Typer(
    cls=_Boundary,
    name="netconsult",
    help="Run a network-strengthening engagement from a project folder.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"netconsult {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Run a network-strengthening engagement from a project folder."""


def main() -> None:
    app()
