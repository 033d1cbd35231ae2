"""Pydantic validation of one parsed file, with errors mapped back to `path:line:col`."""

from __future__ import annotations

import calendar
import datetime as dt
import re
import types
import typing
from typing import Any, TypeVar, get_args, get_origin

from pydantic import BaseModel, ValidationError

from netconsult.errors import Problem, closest, did_you_mean, shown
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
_COUNTRY_HINT = "use the ISO 3166 two-letter code in capitals, e.g. HU (XK for Kosovo)"


def validate(doc: YamlDoc, model: type[M]) -> tuple[M | None, list[Problem]]:
    """Validate `doc.data` against `model`; on failure return every error, placed."""
    data = {} if doc.data is None else doc.data
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
    # A misspelt key is also a missing one: say it once, as the misspelling.
    typos = {
        (tuple(err["loc"][:-1]), match)
        for err in errors
        if err["type"] == "extra_forbidden"
        for match in closest(str(err["loc"][-1]), _fields_at(model, tuple(err["loc"][:-1])), 1)
    }
    return None, [
        _problem(doc, model, err)
        for err in errors
        if not (err["type"] == "missing" and (tuple(err["loc"][:-1]), err["loc"][-1]) in typos)
    ]


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
        choices = ", ".join(allowed) if allowed else err["msg"]
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            return Problem(place, f"{name}: expected one of {choices}, got {shown(value)}")
        # The message lists the choices; a hint only when one is close to what was written.
        matches = closest(str(value), allowed)
        hint = "did you mean " + " or ".join(f"'{m}'" for m in matches) + "?" if matches else None
        return Problem(place, f"{name}: {shown(str(value))} is not one of {choices}", hint=hint)
    if kind == "value_error":
        message = str(err["msg"]).removeprefix("Value error, ")
        hint = _date_hint(value) if "date" in message else None
        return Problem(place, f"{name}: {message}", hint=hint)
    if kind.startswith("datetime") or kind == "timezone_aware":
        if kind == "timezone_aware":
            return Problem(place, f"{name}: the time needs a UTC offset", hint=_DATETIME_HINT)
        return Problem(place, f"{name}: expected a date and time, got {shown(value)}",
                       hint=_DATETIME_HINT)
    if kind.startswith("date"):
        return Problem(place, f"{name}: expected a date, got {shown(value)}", hint=_DATE_HINT)
    if kind == "string_pattern_mismatch":
        what, hint = _pattern(loc, str(value))
        return Problem(place, f"{name}: {shown(value)} is not {what}", hint=hint)
    if kind in _TYPE_WORDS:
        return Problem(place, f"{name}: expected {_TYPE_WORDS[kind]}, got {shown(value)}",
                       hint=_type_hint(kind, value))
    ctx = err.get("ctx") or {}
    if kind == "string_too_short":
        return Problem(place, f"{name}: must not be empty")
    if kind == "string_too_long":
        return Problem(place, f"{name}: is longer than {ctx.get('max_length')} characters")
    if kind == "too_short":
        least = ctx.get("min_length", 1)
        return Problem(place, f"{name}: needs at least {least} item{'s' if least != 1 else ''}")
    if kind.startswith(("greater_than", "less_than")):
        return Problem(place, f"{name}: {_msg(err)}, got {shown(value)}")
    return Problem(place, f"{name}: {_msg(err)}")


def _name(loc: tuple[str | int, ...]) -> str:
    """A location as the user reads it: members[3].region (1-based items)."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += ("." if out else "") + part
    return out


def _type_hint(kind: str, value: Any) -> str | None:
    if kind == "string_type" and isinstance(value, bool):
        return ("YAML reads an unquoted yes, no, on or off as true or false; "
                "put the value in quotes, e.g. country: \"NO\"")
    if kind == "string_type" and isinstance(value, int | float | dt.date):
        return f"put it in quotes to keep it as text: \"{value}\""
    if kind == "list_type" and isinstance(value, str) and "," in value:
        return f"write a list in brackets: [{value}]"
    return None


def _msg(err: Any) -> str:
    """pydantic's message, in our voice: "Input should be greater than 0" -> "must be..."."""
    text = str(err["msg"]).replace("Input should be", "must be")
    return text[:1].lower() + text[1:]


def _pattern(loc: tuple[str | int, ...], value: str) -> tuple[str, str]:
    """What a value that does not match its field's pattern should have been, and a hint."""
    field = next((p for p in reversed(loc) if isinstance(p, str)), "")
    if field == "country":
        if re.fullmatch(r"[A-Za-z]{2}", value.strip()):
            return "a country code", f"write it in capitals: {value.strip().upper()}"
        return "a country code", _COUNTRY_HINT
    if field == "colour":
        return "a colour", "write the colour as #RRGGBB, e.g. #1F5F8B"
    if field == "evidence":
        return "an evidence reference", (
            "cite meeting:<file name>, finding:<id>, survey:<dimension> or benchmark:<peer>"
        )
    hint = "ids use letters, digits, '-', '_' and '.', starting with a letter or digit"
    fixed = re.sub(r"[^A-Za-z0-9_.-]+", "-", value).strip("-_.")[:64]
    if fixed and fixed != value:
        hint += f", e.g. {fixed}"
    return "a valid id", hint


_DMY = re.compile(r"(\d{1,2})[./-](\d{1,2})[./-](\d{4})")
_YMD = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def _date_hint(value: Any) -> str:
    """The date the user probably meant, or how dates are written."""
    text = value.strip() if isinstance(value, str) else ""
    if match := _DMY.fullmatch(text):
        first, second, year = (int(g) for g in match.groups())
        meant = sorted({f"{year:04d}-{month:02d}-{day:02d}"
                        for day, month in ((first, second), (second, first))
                        if 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]})
        if meant:
            return "write it as " + " or ".join(meant) + (", whichever is meant"
                                                          if len(meant) > 1 else "")
    if match := _YMD.fullmatch(text):
        year, month, _ = (int(g) for g in match.groups())
        if not 1 <= month <= 12:
            return "months run from 01 to 12; dates are written YYYY-MM-DD"
        days = calendar.monthrange(year, month)[1]
        return f"{calendar.month_name[month]} {year} has {days} days"
    return _DATE_HINT


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
