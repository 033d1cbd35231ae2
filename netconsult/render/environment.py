"""The Jinja environment reports render in: overrides first, autoescaped, sandboxed, i18n.

A project's `templates/` folder overrides the built-in templates by name; the built-ins are
also reachable as `builtin/<name>`, so an override can extend the template it replaces.
User data (notes, findings) only ever reaches templates as values, never as template source.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from jinja2 import (
    ChoiceLoader,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
    TemplateRuntimeError,
)
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from netconsult.resources import resource_dir

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "netconsult"


def translations(lang: str) -> Any:
    """gettext translations for `lang`; English (the source strings) when no catalog exists."""
    from babel.support import NullTranslations, Translations

    found = Translations.load(str(LOCALE_DIR), [lang], domain=DOMAIN)
    return found if isinstance(found, Translations) else NullTranslations()


def make_environment(project_root: Path | None, lang: str) -> SandboxedEnvironment:
    builtin = FileSystemLoader(str(resource_dir("templates")))
    loaders: list[Any] = []
    if project_root is not None and (project_root / "templates").is_dir():
        loaders.append(FileSystemLoader(str(project_root / "templates")))
    loaders += [PrefixLoader({"builtin": builtin}), builtin]
    env = SandboxedEnvironment(
        loader=ChoiceLoader(loaders),
        autoescape=True,
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]
    env.filters.update(markdown=markdown_filter, date=_date_filter(lang),
                       time=_time_filter(lang),
                       number=_number_filter(lang), css_string=css_string,
                       css_colour=css_colour)
    env.globals["lang"] = lang
    return env


def css_string(text: str) -> Markup:
    """A CSS string literal; escapes quotes, backslashes and '<' (no </style> breakout)."""
    out = "".join(f"\\{ord(c):x} " if c in '"\\<>\n' else c for c in str(text))
    return Markup(f'"{out}"')


def css_colour(text: str) -> Markup:
    """A #RRGGBB colour, or the default accent when the value is anything else."""
    import re

    value = str(text)
    return Markup(value if re.fullmatch(r"#[0-9A-Fa-f]{6}", value) else "#1F5F8B")


_MARKDOWN: Any = None


def render_markdown(text: str) -> str:
    """CommonMark to HTML with raw HTML disabled: a note's `<script>` stays visible text."""
    global _MARKDOWN
    if _MARKDOWN is None:
        from markdown_it import MarkdownIt

        _MARKDOWN = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
        # Links and images in notes must not make the PDF renderer fetch anything.
        _MARKDOWN.validateLink = lambda url: not url.lower().startswith(
            ("javascript:", "vbscript:", "file:", "data:", "http:", "https:", "//"))
    return str(_MARKDOWN.render(text))


def markdown_filter(text: str | None) -> Markup:
    return Markup(render_markdown(text or ""))


#: One date style and one time style per language, from Babel's CLDR data: "Aug 28, 2020"
#: and "2:00 PM" in English, "28 août 2020" and "14:00" in French. Compact enough for a
#: table cell, unambiguous in every language (no 08/28 versus 28/08).
DATE_STYLE = "medium"
TIME_STYLE = "short"


def format_day(value: dt.date, lang: str) -> str:
    """A date (a datetime's day, in its own time zone) in the language's one style; for
    contexts that build sentences, so they print dates as the templates do."""
    from babel.dates import format_date

    day = value.date() if isinstance(value, dt.datetime) else value
    return str(format_date(day, format=DATE_STYLE, locale=lang))


def _no_pattern(name: str, pattern: tuple[object, ...]) -> None:
    if pattern:
        raise TemplateRuntimeError(f"the {name} filter takes no pattern: reports print every "
                                   f"{name} in one style per language")


def _date_filter(lang: str) -> Callable[..., str]:
    def date(value: dt.date | dt.datetime | None, *pattern: object) -> str:
        """A date (or a datetime's day, in its own time zone) in the language's one style."""
        _no_pattern("date", pattern)
        if value is None:
            return ""
        if not isinstance(value, dt.date):  # babel would fail with a bare assert
            raise TemplateRuntimeError(f"the date filter needs a date, got {_shown(value)}")
        return format_day(value, lang)

    return date


def _time_filter(lang: str) -> Callable[..., str]:
    from babel.dates import format_time

    def time(value: dt.datetime | dt.time | None, *pattern: object) -> str:
        """A clock time in the language's one style, in the value's own time zone."""
        _no_pattern("time", pattern)
        if value is None:
            return ""
        if not isinstance(value, dt.datetime | dt.time):
            raise TemplateRuntimeError(f"the time filter needs a time, got {_shown(value)}")
        return str(format_time(value, format=TIME_STYLE, locale=lang, tzinfo=value.tzinfo))

    return time


def _number_filter(lang: str) -> Callable[..., str]:
    from babel.numbers import format_decimal, format_percent

    def number(value: float | int | Decimal | None, kind: str = "decimal") -> str:
        if value is None:
            return ""
        if not isinstance(value, int | float | Decimal) or isinstance(value, bool):
            raise TemplateRuntimeError(f"the number filter needs a number, got {_shown(value)}")
        if kind == "percent":
            return str(format_percent(value, locale=lang))
        return str(format_decimal(value, locale=lang))

    return number


def _shown(value: object) -> str:
    text = repr(value)
    return f"{type(value).__name__} {text if len(text) <= 40 else text[:39] + '…'}"

