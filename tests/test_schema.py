"""`netconsult schema`: JSON Schemas for editors, refreshed freely, never over a user's file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from netconsult.project.schema import SCHEMAS, schema_for, schema_text
from tests.conftest import SAMPLE, MakeProject, RunCli

NAMES = ("netconsult", "members", "workplan", "meeting", "recommendations",
         "improvement-plan", "timesheet", "benchmark", "survey", "ties")
FILES = sorted(f"{name}.schema.json" for name in NAMES)


def load(path: Path) -> dict[str, Any]:
    data = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_writes_every_schema(cli: RunCli, make_project: MakeProject) -> None:
    project = make_project()
    result = cli("schema", project)
    folder = project / ".schemas"
    assert result.exit_code == 0, result.output
    assert result.stdout == f"Wrote 10 schemas to {folder}\n"
    assert sorted(p.name for p in folder.iterdir()) == FILES
    for name in FILES:
        schema = load(folder / name)
        assert schema["$schema"].startswith("https://json-schema.org/")
        assert schema["type"] == "object"


def test_out_writes_elsewhere(cli: RunCli, make_project: MakeProject, tmp_path: Path) -> None:
    project = make_project()
    assert cli("schema", project, "--out", tmp_path / "schemas").exit_code == 0
    assert sorted(p.name for p in (tmp_path / "schemas").iterdir()) == FILES
    assert not (project / ".schemas").exists()


def test_rerun_refreshes_generated_schemas(cli: RunCli, make_project: MakeProject) -> None:
    project = make_project()
    assert cli("schema", project).exit_code == 0
    stale = project / ".schemas" / "workplan.schema.json"
    old = load(stale)
    old["properties"] = {}
    stale.write_text(json.dumps(old), encoding="utf-8")
    result = cli("schema", project)
    assert result.exit_code == 0, result.output
    assert stale.read_text(encoding="utf-8") == schema_text("workplan")


def test_refuses_a_file_it_did_not_write(cli: RunCli, make_project: MakeProject) -> None:
    mine = '{"title": "my own members schema"}\n'
    project = make_project({".schemas/members.schema.json": mine})
    theirs = project / ".schemas" / "members.schema.json"
    result = cli("schema", project)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{theirs}: file exists and was not written by")
    assert "hint: pass --force to replace it" in result.stderr
    assert theirs.read_text(encoding="utf-8") == mine
    assert [p.name for p in theirs.parent.iterdir()] == ["members.schema.json"]  # none written
    assert cli("schema", project, "--force").exit_code == 0
    assert theirs.read_text(encoding="utf-8") == schema_text("members")


def test_members_schema_rejects_unknown_keys(cli: RunCli, make_project: MakeProject) -> None:
    project = make_project()
    assert cli("schema", project).exit_code == 0
    schema = load(project / ".schemas" / "members.schema.json")
    assert schema["additionalProperties"] is False
    assert schema["$defs"]["Member"]["additionalProperties"] is False
    import jsonschema

    data = yaml.safe_load((SAMPLE / "members.yaml").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    data["members"][0]["colour"] = "red"
    with pytest.raises(jsonschema.ValidationError, match="colour"):
        jsonschema.validate(data, schema)


class _DatesAsText(yaml.SafeLoader):
    """Reads dates as the strings editors see, as the JSON Schemas describe them."""


_DatesAsText.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_sample_files_validate_against_their_schema(name: str) -> None:
    import jsonschema

    schema = schema_for(name)
    _, described = SCHEMAS[name]
    if name == "meeting":
        paths = sorted((SAMPLE / "meetings").glob("*.md"))
        docs = [p.read_text(encoding="utf-8").split("---", 2)[1] for p in paths]
    else:
        docs = [(SAMPLE / described).read_text(encoding="utf-8")]
    for text in docs:
        jsonschema.validate(yaml.load(text, Loader=_DatesAsText), schema)
