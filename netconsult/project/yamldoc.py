"""YAML parsed with libyaml, keeping the line and column of every key and value.

PyYAML's C loader composes a node tree whose marks carry positions; we build the Python
data from those nodes ourselves so positions, duplicate-key detection and data come
out of one pass. Positions are keyed by the same path tuples pydantic uses in error
locations, e.g. ``("members", 3, "region")``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from netconsult.errors import Place, Problem

try:  # libyaml ships in PyYAML's wheels; the pure-Python loader is a slow fallback.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Path_ = tuple[str | int, ...]
_MERGE_TAG = "tag:yaml.org,2002:merge"


@dataclass
class YamlDoc:
    """One parsed YAML document: its data and where each part of it was written."""

    path: str
    data: Any
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def place(self, loc: Path_ = (), *, key: bool = False) -> Place:
        """The place of the value (or key) at `loc`, or of its nearest known ancestor."""
        loc = tuple(loc)
        while True:
            table = self.keys if key and loc in self.keys else self.values
            if loc in table:
                line, col = table[loc]
                return Place(self.path, line, col)
            if not loc:
                return Place(self.path, 1, 1)
            loc = loc[:-1]
            key = False


class YamlSyntaxError(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def parse_yaml(text: str, path: str, line_offset: int = 0) -> tuple[YamlDoc, list[Problem]]:
    """Parse one YAML document; syntax errors raise, duplicate keys are returned as problems.

    `line_offset` shifts every position, for YAML embedded in a larger file (front matter).
    """
    loader = _Loader(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            raise YamlSyntaxError(_syntax_problem(exc, path, line_offset)) from None
        except yaml.YAMLError as exc:
            raise YamlSyntaxError(
                Problem(Place(path, 1 + line_offset, 1), f"YAML syntax error: {exc}")
            ) from None
        doc = YamlDoc(path, None)
        if node is None:
            return doc, []
        builder = _Builder(loader, doc, line_offset)
        try:
            doc.data = builder.build(node, ())
        except yaml.MarkedYAMLError as exc:  # e.g. a value no constructor accepts
            raise YamlSyntaxError(_syntax_problem(exc, path, line_offset)) from None
        return doc, builder.problems
    finally:
        loader.dispose()


class _Builder:
    def __init__(self, loader: Any, doc: YamlDoc, line_offset: int) -> None:
        self.loader = loader
        self.doc = doc
        self.offset = line_offset
        self.problems: list[Problem] = []
        self.built: dict[int, Any] = {}  # aliases point at nodes already built

    def pos(self, node: yaml.Node) -> tuple[int, int]:
        return (node.start_mark.line + 1 + self.offset, node.start_mark.column + 1)

    def build(self, node: yaml.Node, loc: Path_) -> Any:
        self.doc.values.setdefault(loc, self.pos(node))
        if id(node) in self.built:
            return self.built[id(node)]
        if isinstance(node, yaml.MappingNode):
            self.loader.flatten_mapping(node)  # resolves `<<` merge keys
            result: dict[Any, Any] = {}
            self.built[id(node)] = result
            for key_node, value_node in node.value:
                if key_node.tag == _MERGE_TAG:
                    continue
                key = self.loader.construct_object(key_node, deep=True)
                if not isinstance(key, str | int | float | bool) and key is not None:
                    line, col = self.pos(key_node)
                    self.problems.append(
                        Problem(Place(self.doc.path, line, col), "a key must be plain text")
                    )
                    continue
                key_loc = (*loc, key)
                if key in result:
                    line, col = self.pos(key_node)
                    first = self.doc.keys.get(key_loc, (None, None))[0]
                    self.problems.append(
                        Problem(
                            Place(self.doc.path, line, col),
                            f"duplicate key '{key}'" + (f" (first on line {first})" if first else ""),
                            hint="YAML keeps only the last value; remove or merge one of them",
                        )
                    )
                self.doc.keys.setdefault(key_loc, self.pos(key_node))
                result[key] = self.build(value_node, key_loc)
            return result
        if isinstance(node, yaml.SequenceNode):
            items: list[Any] = []
            self.built[id(node)] = items
            for index, item in enumerate(node.value):
                items.append(self.build(item, (*loc, index)))
            return items
        value = self.loader.construct_object(node, deep=True)
        self.built[id(node)] = value
        return value


def _syntax_problem(exc: yaml.MarkedYAMLError, path: str, offset: int) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line = (mark.line + 1 + offset) if mark else 1 + offset
    col = (mark.column + 1) if mark else 1
    what = exc.problem or "invalid YAML"
    if exc.context:
        what = f"{exc.context}: {what}" if "while" not in exc.context else f"{what} ({exc.context})"
    hint = None
    if "\\t" in what or "'\\t'" in what or "tab" in what:
        hint = "indent with spaces; YAML does not allow tabs for indentation"
    elif "mapping values are not allowed" in what:
        hint = "a value containing ': ' must be quoted, e.g. text: \"Goal: more trust\""
    elif "could not find expected ':'" in what or "expected <block end>" in what:
        hint = "check the indentation of this line against the lines above it"
    return Problem(Place(path, line, col), f"YAML syntax error: {what}", hint=hint)


def split_front_matter(text: str, path: str) -> tuple[str, str, int]:
    """Split a Markdown file into (front matter YAML, body, line of the body's first line).

    The front matter is the block between a first line `---` and the next `---` (or `...`)
    line. Broken front matter raises YamlSyntaxError with the place to look: it is never
    silently taken for notes.
    """
    text = text.removeprefix("\ufeff")
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip("\r\n").rstrip() != "---":
        raise YamlSyntaxError(
            Problem(
                Place(path, 1, 1),
                "meeting notes must start with front matter: a line '---', YAML, then '---'",
                hint="see `netconsult meeting new` for a well-formed note",
            )
        )
    for index in range(1, len(lines)):
        if lines[index].rstrip("\r\n").rstrip() in ("---", "..."):
            return "".join(lines[1:index]), "".join(lines[index + 1 :]), index + 2
    raise YamlSyntaxError(
        Problem(
            Place(path, 1, 1),
            "the front matter opened on line 1 is never closed",
            hint="add a line containing only '---' after the last front-matter key",
        )
    )
