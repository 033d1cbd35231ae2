"""Rendering new meeting notes from the note template (project override first)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from netconsult.errors import Place, Problem, ProjectError
from netconsult.project.models import MeetingFrontMatter
from netconsult.project.validate import validate
from netconsult.project.yamldoc import YamlSyntaxError, parse_yaml, split_front_matter

NOTE_TEMPLATE = "notes/meeting.md"


def render_meeting_note(project_dir: Path, values: dict[str, Any]) -> str:
    """The text of a new note; checked to parse and validate before anyone writes it."""
    import jinja2
    from jinja2.sandbox import SandboxedEnvironment

    from netconsult.resources import resource_dir

    # Values are ids checked against the project and a JSON-quoted title, so the front
    # matter stays valid YAML; autoescape is for HTML and would mangle Markdown. The
    # project may override the template: sandboxed, as every project template is.
    env = SandboxedEnvironment(
        loader=jinja2.FileSystemLoader(
            [str(project_dir / "templates"), str(resource_dir("templates"))]
        ),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
    )
    rel = f"templates/{NOTE_TEMPLATE}"
    root = str(project_dir)
    try:
        template = env.get_template(NOTE_TEMPLATE)
        text = template.render(values)
    except jinja2.TemplateError as exc:  # a broken project override: say where, no traceback
        line = getattr(exc, "lineno", None)
        raise ProjectError([Problem(Place(rel, line), f"meeting-note template: {exc.message}",
                                    hint=_OVERRIDE_HINT)], root) from None
    if not (project_dir / "templates" / NOTE_TEMPLATE).is_file():
        rel, root = str(template.filename), ""  # the built-in one
    try:
        front, _, _ = split_front_matter(text, rel)
        doc, problems = parse_yaml(front, rel, line_offset=1)
    except YamlSyntaxError as exc:
        raise ProjectError([exc.problem], root) from None
    model, invalid = validate(doc, MeetingFrontMatter)
    if problems or invalid or model is None:
        raise ProjectError([*problems, *invalid,
                            Problem(problems[0].place if problems else invalid[0].place,
                                    "the meeting-note template produced an invalid note")], root)
    # Cross-file rules (a regional meeting needs its region...) run at load time: a note that
    # lost or mangled a value it was given (`{{ deliverable }}` renders None as 'None') would
    # be written, and break the next command.
    wrong = [f"{key} {_shown(values.get(key))} (it wrote {_shown(getattr(model, key))})"
             for key in ("date", "kind", "region", "deliverable", "participants")
             if _shown(getattr(model, key)) != _shown(values.get(key))]
    if wrong:
        raise ProjectError([Problem(Place(rel), "the meeting-note template does not write the "
                                    "values it was given: " + "; ".join(wrong),
                                    hint=_OVERRIDE_HINT)], root)
    return text


_OVERRIDE_HINT = ("compare it with the built-in notes/meeting.md, which writes every value "
                  "`meeting new` is given")


def _shown(value: Any) -> str:
    if isinstance(value, list | tuple):
        return "[" + ", ".join(map(str, value)) + "]"
    return "nothing" if value is None else str(value)
