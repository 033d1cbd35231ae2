"""`netconsult schema`: JSON Schemas of every file kind, for editors and other tools."""

from __future__ import annotations

from pathlib import Path

import typer

from netconsult.commands._common import PROJECT_DIR

app = typer.Typer()


@app.command()
def schema(
    project_dir: Path = PROJECT_DIR,
    out: Path | None = typer.Option(None, "--out",
                                    help="Folder to write to (default: DIR/.schemas)."),
    force: bool = typer.Option(False, "--force", help="Replace files netconsult did not write."),
) -> None:
    """Write the JSON Schema of each project file kind (netconsult.yaml, members.yaml...)."""
    from netconsult.project.schema import SCHEMA_DIR, SCHEMAS, is_generated, schema_text
    from netconsult.project.write import write_atomic, write_new

    folder = out if out is not None else project_dir / SCHEMA_DIR
    for name in SCHEMAS:
        path = folder / f"{name}.schema.json"
        text = schema_text(name)
        # Our own generated schemas are refreshed freely; anything else is the user's.
        if path.is_file() and is_generated(path.read_text(encoding="utf-8", errors="replace")):
            write_atomic(path, text)
        else:
            write_new(path, text, force=force, shown=str(path))
    typer.echo(f"Wrote {len(SCHEMAS)} schemas to {folder}")
