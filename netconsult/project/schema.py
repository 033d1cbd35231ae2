"""JSON Schemas of every project file kind, for editors (yaml-language-server) and tools."""

from __future__ import annotations

import json
from typing import Any

from netconsult.project import models as m

#: Marks a schema file as ours, so regenerating may replace it without --force.
GENERATED_MARK = "x-generated-by"
SCHEMA_DIR = ".schemas"

#: schema name → (model, the file it describes)
SCHEMAS: dict[str, tuple[type[m.Model], str]] = {
    "netconsult": (m.ProjectConfig, "netconsult.yaml"),
    "members": (m.MembersFile, "members.yaml"),
    "workplan": (m.WorkplanFile, "workplan.yaml"),
    "meeting": (m.MeetingFrontMatter, "meetings/*.md (front matter)"),
    "recommendations": (m.RecommendationsFile, "recommendations.yaml"),
    "improvement-plan": (m.PlanFile, "improvement-plan.yaml"),
    "timesheet": (m.TimesheetFile, "timesheet.yaml"),
    "benchmark": (m.BenchmarkFile, "benchmark.yaml"),
    "survey": (m.SurveyFile, "survey/survey.yaml"),
    "ties": (m.TiesFile, "network/ties.yaml"),
}


def schema_for(name: str) -> dict[str, Any]:
    model, described = SCHEMAS[name]
    schema = model.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"netconsult:v{m.FORMAT_VERSION}:{name}",
        GENERATED_MARK: "netconsult",
        "$comment": f"Schema of {described}; regenerate with `netconsult schema`.",
        **schema,
    }


def schema_text(name: str) -> str:
    return json.dumps(schema_for(name), indent=2, ensure_ascii=False) + "\n"


def schema_comment(name: str, depth: int = 0) -> str:
    """The first line that points editors at the schema, from a file `depth` folders down."""
    return f"# yaml-language-server: $schema={'../' * depth}{SCHEMA_DIR}/{name}.schema.json\n"


def is_generated(text: str) -> bool:
    try:
        return json.loads(text).get(GENERATED_MARK) == "netconsult"
    except (ValueError, AttributeError):
        return False
