"""Rendering new meeting notes from the note template (project override first)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from netconsult.errors import Problem, ProjectError
from netconsult.project.models import MeetingFrontMatter
from netconsult.project.validate import validate
from netconsult.project.yamldoc import YamlSyntaxError, parse_yaml, split_front_matter

NOTE_TEMPLATE = "notes/meeting.md"


def render_meeting_note(project_dir: Path, values: dict[str, Any]) -> str:
    """The text of a new note; checked to parse and validate before anyone writes it."""
    import jinja2

    from netconsult.resources import resource_dir

    # Values are ids checked against the project and a JSON-quoted title, so the front
    # matter stays valid YAML; autoescape is for HTML and would mangle Markdown.
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(
            [str(project_dir / "templates"), str(resource_dir("templates"))]
        ),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
    )
    text = env.get_template(NOTE_TEMPLATE).render(values)
    rel = f"templates/{NOTE_TEMPLATE}"
    try:
        front, _, _ = split_front_matter(text, rel)
        doc, problems = parse_yaml(front, rel, line_offset=1)
    except YamlSyntaxError as exc:
        raise ProjectError([exc.problem]) from None
    _, invalid = validate(doc, MeetingFrontMatter)
    if problems or invalid:
        raise ProjectError([*problems, *invalid,
                            Problem(problems[0].place if problems else invalid[0].place,
                                    "the meeting-note template produced an invalid note")])
    return text
