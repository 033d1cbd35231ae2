"""`netconsult survey`: the member survey's form, import and results.

Each subcommand lives in its own module (survey_form, survey_import, survey_summary); this
one only groups them under `survey`.
"""

from __future__ import annotations

import typer

from netconsult.commands.survey_form import form
from netconsult.commands.survey_import import import_export
from netconsult.commands.survey_summary import summary

app = typer.Typer(name="survey", add_completion=False, no_args_is_help=True)


@app.callback()
def survey() -> None:
    """The member survey: `form` writes the XLSForm, `import` reads an export, `summary`
    prints the results."""


app.command("form")(form)
app.command("import")(import_export)
app.command("summary")(summary)
