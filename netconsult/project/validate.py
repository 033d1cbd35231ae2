"""Pydantic validation of one parsed file, with errors mapped back to `path:line:col`."""

from __future__ import annotations

import types
import typing
from typing import Any, TypeVar, get_args, get_origin

from pydantic import BaseModel, ValidationError

from netconsult.errors import Problem, did_you_mean
from netconsult.project.yamldoc import YamlDoc

M = TypeVar("M", bound=BaseModel)

_TYPE_WORDS = {
    "string_type": "text",
    "list_type": "a list",
    "dict_type": "a mapping of keys to values",
    "model_type": "a mapping of keys to values",
    "model_attributes_type": "a mapping of keys to values",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
}
_DATETIME_HINT = "write it as YYYY-MM-DDTHH:MM:SS+HH:MM, e.g. 2020-10-28T14:00:00+00:00"
_DATE_HINT = "write dates as YYYY-MM-DD, e.g. 2020-07-21"


def validate(doc: YamlDoc, model: type[M]) -> tuple[M | None, list[Problem]]:
    """Validate `doc.data` against `model`; on failure return every error, placed."""
    data = {} if doc.data is None else doc.data
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        return None, [_problem(doc, model, err) for err in exc.errors(include_url=False)]


def _problem(doc: YamlDoc, model: type[BaseModel], err: Any) -> Problem:
    loc: tuple[str | int, ...] = tuple(err["loc"])
    kind: str = err["type"]
    name = _name(loc)
    value = err.get("input")
    if kind == "extra_forbidden":
        fields = _fields_at(model, loc[:-1])
        return Problem(
            doc.place(loc, key=True),
            f"unknown key '{loc[-1]}'" + (f" in {_name(loc[:-1])}" if _name(loc[:-1]) else ""),
            hint=did_you_mean(str(loc[-1]), fields, "keys") if fields else None,
        )
    if kind == "missing":
        return Problem(
            doc.place(loc[:-1]),
            f"missing required key '{loc[-1]}'" + (f" in {_name(loc[:-1])}" if loc[:-1] else ""),
        )
    place = doc.place(loc)
    if kind in ("literal_error", "enum"):
        allowed = _literal_values(model, loc)
        hint = did_you_mean(str(value), allowed) if allowed else None
        shown = ", ".join(allowed) if allowed else err["msg"]
        return Problem(place, f"{name}: '{value}' is not one of {shown}", hint=hint)
    if kind == "value_error":
        message = str(err["msg"]).removeprefix("Value error, ")
        hint = _DATE_HINT if "date" in message else None
        return Problem(place, f"{name}: {message}", hint=hint)
    if kind.startswith("datetime") or kind == "timezone_aware":
        if kind == "timezone_aware":
            return Problem(place, f"{name}: the time needs a UTC offset", hint=_DATETIME_HINT)
        return Problem(place, f"{name}: expected a date and time, got {value!r}", hint=_DATETIME_HINT)
    if kind.startswith("date"):
        return Problem(place, f"{name}: expected a date, got {value!r}", hint=_DATE_HINT)
    if kind == "string_pattern_mismatch":
        return Problem(place, f"{name}: {value!r} is not valid here", hint=_pattern_hint(loc))
    if kind in _TYPE_WORDS:
        return Problem(place, f"{name}: expected {_TYPE_WORDS[kind]}, got {_describe(value)}")
    if kind in ("too_short", "too_long", "string_too_short"):
        return Problem(place, f"{name}: {_lower_first(err['msg'])}")
    if kind.startswith(("greater_than", "less_than")):
        return Problem(place, f"{name}: {_lower_first(err['msg'])}, got {value!r}")
    return Problem(place, f"{name}: {_lower_first(err['msg'])}")


def _name(loc: tuple[str | int, ...]) -> str:
    """A location as the user reads it: members[3].region (1-based items)."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += ("." if out else "") + part
    return out


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _pattern_hint(loc: tuple[str | int, ...]) -> str:
    field = next((p for p in reversed(loc) if isinstance(p, str)), "")
    if field == "country":
        return "use the ISO 3166 two-letter code in capitals, e.g. HU (XK for Kosovo)"
    if field == "colour":
        return "write the colour as #RRGGBB, e.g. #1F5F8B"
    if field == "evidence":
        return "cite meeting:<file name>, finding:<id>, survey:<dimension> or benchmark:<peer>"
    return "ids use letters, digits, '-', '_' and '.', starting with a letter or digit"


# --- walking model annotations to find the allowed keys and values at a location -------


def _unwrap(tp: Any) -> list[Any]:
    """The concrete types inside Annotated/Optional/Union."""
    origin = get_origin(tp)
    if origin is typing.Annotated:
        return _unwrap(get_args(tp)[0])
    if origin in (typing.Union, types.UnionType):
        out: list[Any] = []
        for arg in get_args(tp):
            if arg is not type(None):
                out.extend(_unwrap(arg))
        return out
    return [tp]


def _type_at(model: type[BaseModel], loc: tuple[str | int, ...]) -> list[Any]:
    current: list[Any] = [model]
    for part in loc:
        following: list[Any] = []
        for tp in current:
            if isinstance(part, str) and isinstance(tp, type) and issubclass(tp, BaseModel):
                field = tp.model_fields.get(part)
                if field is not None:
                    following.extend(_unwrap(field.annotation))
            elif isinstance(part, int) and get_origin(tp) is list:
                following.extend(_unwrap(get_args(tp)[0]))
        current = following
    return current


def _fields_at(model: type[BaseModel], loc: tuple[str | int, ...]) -> list[str]:
    for tp in _type_at(model, loc):
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            return list(tp.model_fields)
    return []


def _literal_values(model: type[BaseModel], loc: tuple[str | int, ...]) -> list[str]:
    # pydantic appends the literal value itself to some locations; drop non-field tails.
    for tp in _type_at(model, loc):
        if get_origin(tp) is typing.Literal:
            return [str(v) for v in get_args(tp)]
    return []
