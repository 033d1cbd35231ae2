"""YAML parsed with libyaml, keeping the line and column of every key and value.

PyYAML's C loader composes a node tree whose marks carry positions; we build the Python
data from those nodes ourselves so positions, duplicate-key detection and data come
out of one pass. Positions are keyed by the same path tuples pydantic uses in error
locations, e.g. ``("members", 3, "region")``.
"""

from __future__ import annotations

import re
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
_PLAIN_TAGS = frozenset({"tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"})


def _short_tag(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


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
    lines = text.split("\n")
    _check_depth(text, lines, path, line_offset)
    loader = _Loader(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            raise YamlSyntaxError(_syntax_problem(exc, path, line_offset, lines)) from None
        except yaml.reader.ReaderError as exc:
            raise YamlSyntaxError(_reader_problem(exc, text, path, line_offset)) from None
        except yaml.YAMLError as exc:
            raise YamlSyntaxError(
                Problem(Place(path, 1 + line_offset, 1), f"YAML syntax error: {exc}")
            ) from None
        doc = YamlDoc(path, None)
        if node is None:
            return doc, []
        builder = _Builder(loader, doc, line_offset, lines)
        try:
            doc.data, _ = builder.build(node, ())
        except yaml.MarkedYAMLError as exc:  # e.g. a tag no constructor accepts
            raise YamlSyntaxError(_syntax_problem(exc, path, line_offset, lines)) from None
        return doc, builder.problems
    finally:
        loader.dispose()


_Cursor = tuple[int, int]  # a 0-based line and column in the parsed text

#: Project files nest a handful of levels. libyaml's composer and our builder recurse once
#: per level, so a file of 100,000 '[' would crash the interpreter: refuse deep nesting first.
MAX_DEPTH = 100


def _check_depth(text: str, lines: list[str], path: str, offset: int) -> None:
    # Cheap bound first: block nesting needs a leading space, '-' or '?' per level and flow
    # nesting a bracket per level; only a file that could be too deep is scanned for real.
    lead = max((len(line) - len(line.lstrip(" -?")) for line in lines), default=0)
    if text.count("[") + text.count("{") + lead + 1 <= MAX_DEPTH:
        return
    loader = _Loader(text)
    depth = 0
    try:
        while loader.check_event():  # libyaml's parser is iterative: this cannot recurse
            event = loader.get_event()
            if isinstance(event, yaml.SequenceStartEvent | yaml.MappingStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    raise YamlSyntaxError(Problem(
                        Place(path, mark.line + 1 + offset, mark.column + 1),
                        f"YAML syntax error: lists and mappings nested more than {MAX_DEPTH} "
                        "deep",
                        hint="project files need a few levels; look for runaway '[' or '{'",
                    ))
            elif isinstance(event, yaml.SequenceEndEvent | yaml.MappingEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return  # a syntax error before any deep nesting: the real parse reports it
    finally:
        loader.dispose()


class _Builder:
    def __init__(self, loader: Any, doc: YamlDoc, line_offset: int, lines: list[str]) -> None:
        self.loader = loader
        self.doc = doc
        self.offset = line_offset
        self.lines = lines
        self.problems: list[Problem] = []
        self.built: dict[int, Any] = {}  # aliases point at nodes already built

    def pos(self, node: yaml.Node) -> tuple[int, int]:
        return (node.start_mark.line + 1 + self.offset, node.start_mark.column + 1)

    def build(
        self, node: yaml.Node, loc: Path_, after: _Cursor | None = None
    ) -> tuple[Any, _Cursor]:
        """The data of `node`, found at `loc`, and where its text ends.

        `after` is where the value's text can start at the earliest: the end of its key or
        of the previous list item. Aliases need it: their node is the anchored one, so its
        marks point at the anchor, elsewhere in the file.
        """
        if id(node) in self.built:
            # An alias: share the built object, so "billion laughs" anchors stay one object
            # instead of an exponential copy, and place it where the `*name` is written.
            # No `*` found: a value merged in by `<<`, placed where the anchor wrote it.
            star = self._find_alias(after) if after else None
            at = star or (node.start_mark.line, node.start_mark.column)
            self.doc.values.setdefault(loc, (at[0] + 1 + self.offset, at[1] + 1))
            return self.built[id(node)], self._token_end(star) if star else after or at
        self.doc.values.setdefault(loc, self.pos(node))
        end = (node.end_mark.line, node.end_mark.column)
        if node.tag not in _PLAIN_TAGS and not isinstance(node, yaml.ScalarNode):
            # Scalars with odd tags fail in their constructor; lists and mappings we build
            # ourselves, so refuse the tag here instead of silently dropping it.
            line, col = self.pos(node)
            raise YamlSyntaxError(Problem(
                Place(self.doc.path, line, col),
                f"YAML syntax error: unsupported tag '{_short_tag(node.tag)}'",
                hint="remove the tag; project files hold plain values",
            ))
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, loc), end
        if isinstance(node, yaml.SequenceNode):
            items: list[Any] = []
            self.built[id(node)] = items
            cursor = (node.start_mark.line, node.start_mark.column)
            for index, item in enumerate(node.value):
                value, cursor = self.build(item, (*loc, index), cursor)
                items.append(value)
            return items, end
        try:
            value = self.loader.construct_object(node, deep=True)
        except (ValueError, OverflowError):
            # A scalar that looks typed but is not (2020-02-30, !!int ten): keep the text
            # as written; validation then says what is wrong with it, here.
            value = node.value
        self.built[id(node)] = value
        return value, end

    def _mapping(self, node: yaml.MappingNode, loc: Path_) -> dict[Any, Any]:
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
            after = (key_node.end_mark.line, key_node.end_mark.column)
            result[key], _ = self.build(value_node, key_loc, after)
        return result

    def _find_alias(self, after: _Cursor) -> _Cursor | None:
        """The `*` of the alias written next after `after`, skipping YAML punctuation."""
        line, col = after
        while line < len(self.lines):
            text = self.lines[line]
            while col < len(text):
                char = text[col]
                if char == "*":
                    return (line, col)
                if char == "#":
                    break
                if char not in " \t\r,-:?[{":
                    return None
                col += 1
            line, col = line + 1, 0
        return None

    def _token_end(self, at: _Cursor) -> _Cursor:
        text = self.lines[at[0]]
        col = at[1] + 1
        while col < len(text) and text[col] not in " \t\r,]}#":
            col += 1
        return (at[0], col)


def _reader_problem(exc: yaml.reader.ReaderError, text: str, path: str, offset: int) -> Problem:
    # libyaml reports a byte offset into the UTF-8 text.
    before = text.encode("utf-8")[: exc.position].decode("utf-8", "replace")
    line = before.count("\n") + 1 + offset
    col = len(before) - (before.rfind("\n") + 1) + 1
    char = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
    return Problem(
        Place(path, line, col),
        f"YAML syntax error: invisible control character U+{char:04X} is not allowed",
        hint="delete it (it often comes from copying text out of a PDF or a spreadsheet)",
    )


def _syntax_problem(exc: yaml.MarkedYAMLError, path: str, offset: int,
                    lines: list[str]) -> Problem:
    """libyaml's error, placed where the user should look and said in the user's words."""
    problem = exc.problem or "invalid YAML"
    context = exc.context or ""
    mark = exc.problem_mark or exc.context_mark
    at: _Cursor = (mark.line, mark.column) if mark else (0, 0)
    opened: _Cursor | None = (
        (exc.context_mark.line, exc.context_mark.column) if exc.context_mark else None
    )

    def char(where: _Cursor | None) -> str:
        if where is None or where[0] >= len(lines):
            return ""
        return lines[where[0]][where[1] : where[1] + 1]

    def line_text(where: _Cursor) -> str:
        return lines[where[0]] if where[0] < len(lines) else ""

    def made(where: _Cursor, message: str, hint: str | None = None) -> Problem:
        return Problem(Place(path, where[0] + 1 + offset, where[1] + 1),
                       f"YAML syntax error: {message}", hint=hint)

    first_char = len(line_text(at)) - len(line_text(at).lstrip(" "))
    starts_line = at[1] <= first_char
    indent_hint = "line it up with the keys above it, indenting with spaces only"
    if char(at) == "\t" or "tab character" in problem:
        tab = (at[0], line_text(at).find("\t")) if "\t" in line_text(at) else at
        return made(tab, "a tab is used for indentation",
                    "indent with spaces; YAML does not allow tabs for indentation")
    if "quoted scalar" in context and "end of stream" in problem and opened:
        quote = char(opened) or '"'
        return made(opened, "the quoted text that starts here is never closed",
                    f"add the closing {quote} where the text ends")
    if problem.startswith("did not find expected ','") and opened:
        bracket = char(opened) or "["
        what = "list" if bracket == "[" else "mapping"
        closing = "]" if bracket == "[" else "}"
        return made(opened, f"the {what} opened here with '{bracket}' is never closed",
                    f"close it with '{closing}' after its last item; separate items with ', '")
    if "mapping values are not allowed" in problem:
        before = line_text(at)[: at[1]]
        if ": " in before or before.rstrip().endswith(":"):
            return made(at, "a second ': ' in a value",
                        "quote a value that contains ': ', e.g. text: \"Goal: more trust\"")
        return made((at[0], first_char), "this key is indented more than the key above it",
                    indent_hint)
    if ("did not find expected key" in problem or "expected '-' indicator" in problem
            or "expected <block end>" in problem):
        if starts_line:
            return made((at[0], first_char),
                        "this line is not indented like the lines above it", indent_hint)
        return made(at, f"unexpected text {char(at)!r} after a value",
                    "quote the whole value, e.g. title: '\"Quoted\" and more'")
    if "could not find expected ':'" in problem and opened:
        return made(opened, "expected 'key: value' on this line",
                    "add ': ' after the key, or indent the line to continue the text above")
    if "found undefined alias" in problem:
        alias = re.match(r"\*[^\s,\]}]*", line_text(at)[at[1] :])
        return made(at, f"'{alias.group() if alias else '*'}' repeats no anchor",
                    "'*name' repeats a value marked '&name' earlier in the same file; "
                    "quote the text if the '*' is meant literally")
    if "cannot start any token" in problem:
        return made(at, f"a value cannot start with {char(at)!r}",
                    f"quote the value, e.g. 'text: \"{char(at)}...\"'")
    if "found unknown escape character" in problem:
        return made(at, "unknown escape after '\\' in double quotes",
                    "use single quotes for text with backslashes, or write '\\\\'")
    if "but found another document" in problem:
        return made(at, "a second YAML document starts here",
                    "a project file holds one document; remove this '---' line")
    if "could not determine a constructor for the tag" in problem:
        tag = re.search(r"tag '([^']*)'", problem)
        return made(at, f"unsupported tag '{_short_tag(tag.group(1) if tag else '')}'",
                    "remove the tag; project files hold plain values")
    what = f"{problem} ({context})" if context else problem
    return made(at, what)


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
