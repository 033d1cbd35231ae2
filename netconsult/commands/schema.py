"""`netconsult schema`: JSON Schemas of every file kind, for editors and other tools."""

from __future__ import annotations

from pathlib import Path

import typer

from netconsult.commands._common import PROJECT_DIR
from netconsult.errors import Place, Problem, UsageError

app = typer.Typer(add_completion=False)


@app.command()
def schema(
    project_dir: Path = PROJECT_DIR,
    out: Path | None = typer.Option(None, "--out",
                                    help="Folder to write to (default: DIR/.schemas)."),
    force: bool = typer.Option(False, "--force", help="Replace files netconsult did not write."),
) -> None:
    """Write the JSON Schema of each project file kind (netconsult.yaml, members.yaml...)."""
    from netconsult.project.schema import SCHEMA_DIR, SCHEMAS, is_generated, schema_text
    from netconsult.project.write import write_new

    folder = out if out is not None else project_dir / SCHEMA_DIR
    paths = {name: folder / f"{name}.schema.json" for name in SCHEMAS}
    # Our own generated schemas are refreshed freely; anything else is the user's. Look at
    # every file before writing any, so a refusal leaves the folder as it was.
    theirs = [path for path in paths.values() if path.exists() and not (
        path.is_file() and is_generated(path.read_text(encoding="utf-8", errors="replace")))]
    if theirs and not force:
        raise UsageError([Problem(Place(str(path)), "file exists and was not written by "
                                  "`netconsult schema`; not overwriting it",
                                  hint="pass --force to replace it, or --out to write elsewhere")
                          for path in theirs])
    for name, path in paths.items():
        write_new(path, schema_text(name), force=True, shown=str(path))  # atomic
    typer.echo(f"Wrote {len(SCHEMAS)} schemas to {folder}")
