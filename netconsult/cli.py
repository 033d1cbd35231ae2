"""The netconsult command line: registers the command modules and holds the error boundary."""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperGroup

from netconsult import __version__
from netconsult.commands import check, init, log, meeting, schema, status
from netconsult.commands._output import OutputFormat, emit
from netconsult.errors import NetconsultError


class _Boundary(TyperGroup):
    """The one place where the core's errors become messages and exit code 2."""

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


for module in (init, check, status, meeting, log, schema):
    app.add_typer(module.app)


def main() -> None:
    app()
