"""Adding a timesheet entry without disturbing anything else the user wrote in the file.

The new entry is spliced into the existing text at the end of the `entries` list, found
from libyaml's node marks; comments, key order and formatting elsewhere stay as they were.
The result is parsed and validated before it replaces the file (atomically).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import yaml

from netconsult.errors import Place, Problem, ProjectError, UsageError
from netconsult.project.models import TimesheetFile
from netconsult.project.schema import schema_comment
from netconsult.project.validate import validate
from netconsult.project.write import write_atomic
from netconsult.project.yamldoc import YamlSyntaxError, parse_yaml

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

FILE = "timesheet.yaml"


def entry_text(day: dt.date, deliverable: str, days: float, note: str | None) -> str:
    parts = [f"date: {day.isoformat()}", f"deliverable: {deliverable}", f"days: {days:g}"]
    if note:
        parts.append(f"note: {json.dumps(note, ensure_ascii=False)}")
    return "{" + ", ".join(parts) + "}"


def add_entry(root: Path, day: dt.date, deliverable: str, days: float, note: str | None) -> int:
    """Append one entry to root/timesheet.yaml (creating it if needed); return the entry count."""
    path = root / FILE
    item = entry_text(day, deliverable, days, note)
    if path.exists():
        text = path.read_bytes().decode("utf-8", errors="strict")
        new_text = splice_entry(text, item)
    else:
        new_text = (schema_comment("timesheet") + "# Days worked, by deliverable.\n"
                    f"entries:\n  - {item}\n")
    count = _validated_count(new_text)
    write_atomic(path, new_text)
    return count


def splice_entry(text: str, item: str) -> str:
    """`text` with `item` added as the last element of its top-level `entries` list."""
    if text.startswith("\ufeff"):
        # libyaml skips a byte-order mark without counting it: node indexes would be one short.
        return "\ufeff" + splice_entry(text[1:], item)
    newline = "\r\n" if "\r\n" in text else "\n"
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise ProjectError([Problem(Place(FILE, mark.line + 1 if mark else 1),
                                    f"YAML syntax error: {exc.problem}",
                                    hint="fix the file before logging more time")]) from None
    finally:
        loader.dispose()
    sep = "" if not text or text.endswith("\n") else newline
    if root is None:
        return f"{text}{sep}entries:{newline}  - {item}{newline}"
    if not isinstance(root, yaml.MappingNode):
        raise UsageError.at(FILE, "expected keys and values at the top of timesheet.yaml")
    value = next((v for k, v in root.value if getattr(k, "value", None) == "entries"), None)
    if value is None:
        return f"{text}{sep}entries:{newline}  - {item}{newline}"
    if isinstance(value, yaml.ScalarNode) and value.value in ("", "~", "null"):
        return _replace(text, value, f"{newline}  - {item}")
    if not isinstance(value, yaml.SequenceNode):
        raise UsageError.at(f"{FILE}:{value.start_mark.line + 1}", "'entries' is not a list")
    if value.flow_style:
        if not value.value:
            return _replace(text, value, f"{newline}  - {item}")
        # Right after the last item, not before the ']': a trailing comma may follow it.
        after = value.value[-1].end_mark.index
        return text[:after] + f", {item}" + text[after:]
    last = value.value[-1]
    indent = " " * value.start_mark.column
    end = last.end_mark
    # Insert after the line on which the last item ends (block scalars end at column 0).
    at = end.index if end.column == 0 else _line_end(text, end.index)
    prefix = "" if at == 0 or text[at - 1] == "\n" else newline
    return text[:at] + f"{prefix}{indent}- {item}{newline}" + text[at:]


def _replace(text: str, node: yaml.Node, new: str) -> str:
    # `entries: []` becomes `entries:` + the new block item (no trailing space left behind).
    return text[: node.start_mark.index].rstrip(" \t") + new + text[node.end_mark.index :]


def _line_end(text: str, index: int) -> int:
    end = text.find("\n", index)
    return len(text) if end < 0 else end + 1


def _validated_count(text: str) -> int:
    try:
        doc, problems = parse_yaml(text, FILE)
    except YamlSyntaxError as exc:
        raise ProjectError([exc.problem]) from None
    model, more = validate(doc, TimesheetFile)
    if problems or more or model is None:
        raise ProjectError([*problems, *more])
    return len(model.entries)
