"""The survey instrument as an XLSForm: the file KoboToolbox and ODK build a form from.

`xlsform_sheets` turns a loaded project into the `survey`, `choices` and `settings` sheets as
plain rows (a dict per row, header → text), the shape pyxform's `convert(xlsform=dict)` reads;
`xlsform_bytes` writes them as .xlsx with openpyxl (imported inside the function: `check` and
`status` never load it). Question names are the instrument's ids, so exports downloaded "with
XML names" carry them as column headers and `survey import` maps them without help.

Every engagement language gets its own `label::Language (code)` column (and `hint::`,
`constraint_message::`): wording missing in a language falls back to the engagement's default
language, so no respondent ever sees an empty label. Same project and stamp, same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from netconsult.errors import Place, Problem, UsageError
from netconsult.io.text import printable

# Shared with the tracker: same "is it ours?" rule and the same fixed zip entry times.
from netconsult.io.xlsx_tracker import CREATOR, is_generated, restamped
from netconsult.project import models as m
from netconsult.project.load import Project
from netconsult.project.write import write_new

BUILD_DIR = "build"
SURVEY_FILE = "survey/survey.yaml"
SHEETS = ("survey", "choices", "settings")
#: How each language is named in column headers and `default_language`, in its own words.
LANGUAGE_NAMES = {"en": "English", "es": "Español", "fr": "Français"}
AGREE_LIST, MEMBER_LIST = "agree", "members"
#: pyxform puts the form's instanceID under `meta`; a question may not take the name.
RESERVED_NAMES = frozenset({"meta"})

# Sheet columns in the order they are written; a column no row uses is left out.
_COLUMNS = ("list_name", "type", "name", "label", "hint", "required", "appearance",
            "constraint", "constraint_message", "relevant", "choice_filter",
            "form_title", "form_id", "version", "default_language")

#: The 1-5 agreement scale of likert items, stored as "1".."5" (responses.py reads these).
AGREE_SCALE: tuple[tuple[str, dict[str, str]], ...] = (
    ("1", {"en": "Strongly disagree", "es": "Muy en desacuerdo",
           "fr": "Pas du tout d'accord"}),
    ("2", {"en": "Disagree", "es": "En desacuerdo", "fr": "Plutôt pas d'accord"}),
    ("3", {"en": "Neither agree nor disagree", "es": "Ni de acuerdo ni en desacuerdo",
           "fr": "Ni d'accord ni pas d'accord"}),
    ("4", {"en": "Agree", "es": "De acuerdo", "fr": "Plutôt d'accord"}),
    ("5", {"en": "Strongly agree", "es": "Muy de acuerdo", "fr": "Tout à fait d'accord"}),
)
DONT_KNOW = {"en": "Don't know", "es": "No sé", "fr": "Je ne sais pas"}
NOT_APPLICABLE = {"en": "Not applicable", "es": "No aplica", "fr": "Sans objet"}
#: Constraint messages of number questions: (from and to, at least, at most).
RANGE_MESSAGES = {
    "en": ("Enter a number from {low} to {high}.", "Enter a number of at least {low}.",
           "Enter a number of at most {high}."),
    "es": ("Introduzca un número entre {low} y {high}.",
           "Introduzca un número igual o mayor que {low}.",
           "Introduzca un número igual o menor que {high}."),
    "fr": ("Saisissez un nombre entre {low} et {high}.",
           "Saisissez un nombre supérieur ou égal à {low}.",
           "Saisissez un nombre inférieur ou égal à {high}."),
}

Row = dict[str, str]
Sheets = dict[str, list[Row]]


# -- names and settings ------------------------------------------------------------------


def language_column(code: str) -> str:
    """`English (en)`: the suffix of translated columns and the `default_language` value."""
    return f"{LANGUAGE_NAMES[code]} ({code})"


def form_id(survey: m.SurveyFile) -> str:
    """The survey's form_id, or its title as a valid XML name (ASCII, lower case, `_`)."""
    if survey.form_id:
        return survey.form_id
    ascii_title = unicodedata.normalize("NFKD", survey.title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "_", ascii_title.lower()).strip("_")[:64].rstrip("_")
    if not slug:
        return "survey"
    return slug if not slug[0].isdigit() else f"survey_{slug}"[:64]


def form_version(survey: m.SurveyFile, stamp: dt.datetime) -> str:
    """The survey's version, or the stamp's day as yyyymmdd01 (XLSForm's yyyymmddrr)."""
    return survey.version or f"{stamp.astimezone(dt.UTC):%Y%m%d}01"


def default_path(project: Project) -> Path:
    """Where `survey form` writes without --out: build/<form_id>.xlsx in the project."""
    return project.root / BUILD_DIR / f"{form_id(_instrument(project))}.xlsx"


def _instrument(project: Project) -> m.SurveyFile:
    """The survey, refused with a hint when there is nothing to put in a form."""
    survey = project.survey
    if survey is None:
        raise UsageError([Problem(
            Place(SURVEY_FILE), "no survey instrument: the project has no survey/survey.yaml",
            hint="write survey/survey.yaml with a title and its questions (docs/project-folder.md "
                 "describes the keys), then run `netconsult survey form` again")],
            root=str(project.root))
    if not survey.questions:
        raise UsageError([Problem(
            project.place("file", SURVEY_FILE), "the survey has no questions: an empty form "
            "is of no use in the field",
            hint="list them under 'questions:', each with an id, a type and a label")],
            root=str(project.root))
    return survey


# -- the sheets --------------------------------------------------------------------------


def xlsform_sheets(project: Project, stamp: dt.datetime) -> Sheets:
    """The XLSForm as rows per sheet, only non-empty cells in each row."""
    survey = _instrument(project)
    _refuse_unfieldable(project, survey)
    return _FormBuilder(project, survey).sheets(stamp)


def _refuse_unfieldable(project: Project, survey: m.SurveyFile) -> None:
    """What pyxform, Kobo or ODK would refuse, placed where the user can fix it."""
    # (A reserved question id or a code on the 1-5 scale is refused when the project loads.)
    found: list[tuple[tuple[str | int, ...], str, str]] = []
    if not project.members:
        for i, question in enumerate(survey.questions):
            if question.type in ("member", "members"):
                found.append((("questions", i, "type"), f"question {question.id} offers the "
                              "member organisations, and members.yaml lists none",
                              "list the network's members in members.yaml first"))
    if found:
        place = _placer(project)
        raise UsageError([Problem(place(loc), message, hint) for loc, message, hint in found],
                         root=str(project.root))


def _placer(project: Project) -> Callable[[tuple[str | int, ...]], Place]:
    """Line and column of a key in survey.yaml (read again: only an error needs them)."""
    from netconsult.project.yamldoc import YamlSyntaxError, parse_yaml

    try:
        text = (project.root / SURVEY_FILE).read_text(encoding="utf-8")
        doc, _ = parse_yaml(text, SURVEY_FILE)
    except (OSError, ValueError, YamlSyntaxError):  # changed since it was loaded
        return lambda loc: project.place("file", SURVEY_FILE)
    return doc.place


class _FormBuilder:
    def __init__(self, project: Project, survey: m.SurveyFile) -> None:
        from netconsult.project.frameworks import survey_dimensions

        self.project, self.survey = project, survey
        self.languages = list(project.engagement.languages)
        self.dimensions = {d.id: d.name for d in survey_dimensions(survey)}
        self.member_question = next((q.id for q in survey.questions if q.type == "member"),
                                    None)
        # Survey names (questions, groups, metadata) and list names are unique ignoring
        # case: pyxform warns about names that differ in case only.
        self.names = {q.id.casefold() for q in survey.questions}
        self.list_names: set[str] = set()
        self.lists: dict[str, list[Row]] = {}  # list name → choice rows, in first-use order
        self.agree_list: str | None = None
        self.member_list: str | None = None

    def sheets(self, stamp: dt.datetime) -> Sheets:
        rows = [{"type": kind, "name": self._new_name(kind)} for kind in ("start", "end")]
        for dimension, questions in self._runs():
            if dimension is None:
                rows += [self._question(q) for q in questions]
                continue
            group = self._new_name(dimension if dimension[0].isalpha() else f"dim_{dimension}")
            # Dimension names are written in one language: the same text in every column.
            rows.append({"type": "begin_group", "name": group,
                         **self._labels("label", self.dimensions.get(dimension, dimension)),
                         "appearance": "field-list"})
            rows += [self._question(q) for q in questions]
            rows.append({"type": "end_group", "name": group})
        settings = {"form_title": printable(self.survey.title), "form_id": form_id(self.survey),
                    "version": printable(form_version(self.survey, stamp)),
                    "default_language": language_column(self.languages[0])}
        choices = [row for list_rows in self.lists.values() for row in list_rows]
        return {"survey": rows, "choices": choices, "settings": [settings]}

    def _runs(self) -> Iterator[tuple[str | None, list[m.Question]]]:
        """Consecutive likert items of one dimension together (a group, one screen each);
        other questions one by one. Items are never reordered: the order is the designer's."""
        run: list[m.Question] = []
        for question in self.survey.questions:
            dimension = question.dimension if question.type == "likert" else None
            if run and (dimension is None or run[0].dimension != dimension):
                yield run[0].dimension, run
                run = []
            if dimension is None:
                yield None, [question]
            else:
                run.append(question)
        if run:
            yield run[0].dimension, run

    def _question(self, q: m.Question) -> Row:
        row: Row = {"type": self._type(q), "name": q.id, **self._labels("label", q.label)}
        if q.hint is not None:
            row.update(self._labels("hint", q.hint))
        if q.required:
            row["required"] = "yes"
        appearance = {"likert": "likert", "member": "minimal", "text": "multiline"}.get(q.type)
        if appearance:
            row["appearance"] = appearance
        if q.type == "number":
            row.update(self._range(q))
        if q.type == "members" and self.member_question is not None:
            # Which *other* centres: the respondent's own is not a partner of itself.
            row["choice_filter"] = f"name != ${{{self.member_question}}}"
        return row

    def _type(self, q: m.Question) -> str:
        # decimal, not integer, even for whole bounds: the instrument cannot say "whole
        # numbers only", and an integer field would refuse a true answer such as 2.5 in the
        # field, where it cannot be corrected later; decimal accepts whole numbers too.
        simple = {"number": "decimal", "text": "text"}
        if q.type in simple:
            return simple[q.type]
        select = "select_multiple" if q.type in ("multiple", "members") else "select_one"
        if q.type == "likert":
            return f"{select} {self._agree_list()}"
        if q.type in ("member", "members"):
            return f"{select} {self._member_list()}"
        name = self._new_list(q.id)
        self.lists[name] = [{"list_name": name, "name": c.name, **self._labels("label", c.label)}
                            for c in q.choices]
        return f"{select} {name}"

    def _agree_list(self) -> str:
        if self.agree_list is None:
            name = self.agree_list = self._new_list(AGREE_LIST)
            codes = self.survey.codes
            scale = [*AGREE_SCALE, (codes.dont_know, DONT_KNOW),
                     (codes.not_applicable, NOT_APPLICABLE)]
            self.lists[name] = [{"list_name": name, "name": code, **self._labels("label", text)}
                                for code, text in scale]
        return self.agree_list

    def _member_list(self) -> str:
        if self.member_list is None:
            name = self.member_list = self._new_list(MEMBER_LIST)
            # A member's name is the same in every language.
            self.lists[name] = [{"list_name": name, "name": member.id,
                                 **self._labels("label", member.name)}
                                for member in self.project.members]
        return self.member_list

    def _range(self, q: m.Question) -> Row:
        low = q.minimum if q.minimum is not None and _finite(q.minimum) else None
        high = q.maximum if q.maximum is not None and _finite(q.maximum) else None
        if low is None and high is None:
            return {}
        tests = ([f". >= {_xpath_number(low)}"] if low is not None else []) + (
            [f". <= {_xpath_number(high)}"] if high is not None else [])
        which = 0 if low is not None and high is not None else 1 if low is not None else 2
        messages = {}
        for code in self.languages:
            messages[code] = RANGE_MESSAGES[code][which].format(
                low=_shown_number(low, code), high=_shown_number(high, code))
        return {"constraint": " and ".join(tests), **self._labels("constraint_message", messages)}

    def _labels(self, column: str, text: str | dict[str, str]) -> Row:
        """One cell per engagement language; a missing language gets the default's wording."""
        out: Row = {}
        for code in self.languages:
            if isinstance(text, str):
                value = text
            else:
                fallback = text.get(self.languages[0]) or next(iter(text.values()))
                value = text.get(code) or fallback
            out[f"{column}::{language_column(code)}"] = printable(value)
        return out

    def _new_name(self, base: str) -> str:
        return _unique(base, self.names)

    def _new_list(self, base: str) -> str:
        return _unique(base, self.list_names)


def _unique(base: str, taken: set[str]) -> str:
    name, n = base, 1
    while name.casefold() in taken or name in RESERVED_NAMES:
        n += 1
        name = f"{base}_{n}"
    taken.add(name.casefold())
    return name


def _finite(value: float) -> bool:
    return value == value and value not in (float("inf"), float("-inf"))


def _xpath_number(value: float) -> str:
    """A number as XPath reads it: 40, 2.5, 0.0000001 (never 40.0 or 1e-07)."""
    text = format(Decimal(repr(value)), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _shown_number(value: float | None, language: str) -> str:
    if value is None:
        return ""
    from babel.numbers import format_decimal

    # Whole numbers without ".0"; decimals with the language's separator (2,5 in fr and es).
    return format_decimal(Decimal(_xpath_number(value)), locale=language,
                          decimal_quantization=False, group_separator=False)


# -- the workbook ------------------------------------------------------------------------


def xlsform_bytes(project: Project, stamp: dt.datetime) -> bytes:
    """The XLSForm as .xlsx bytes; `stamp` (aware) is its created/modified time."""
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    sheets = xlsform_sheets(project, stamp)
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title in SHEETS:
        _write_sheet(workbook.create_sheet(title), sheets[title])
    workbook.active = 0

    naive_utc = stamp.astimezone(dt.UTC).replace(tzinfo=None)
    props = workbook.properties
    props.title = sheets["settings"][0]["form_title"]
    props.subject = printable(project.engagement.client)
    props.creator = CREATOR
    props.description = ("Generated by netconsult from survey/survey.yaml; edit the YAML "
                         "and run `netconsult survey form` again.")
    props.created = props.modified = naive_utc
    buffer = io.BytesIO()
    # ExcelWriter, not Workbook.save: save() stamps `modified` with the wall clock.
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()
    return restamped(buffer.getvalue(), naive_utc)


def sheet_header(rows: list[Row]) -> list[str]:
    """The columns some row uses: base columns in `_COLUMNS` order, languages as first met."""
    seen: dict[str, int] = {}
    for row in rows:
        for key in row:
            seen.setdefault(key, len(seen))

    def rank(key: str) -> tuple[int, int]:
        base = key.split("::", 1)[0]
        return (_COLUMNS.index(base) if base in _COLUMNS else len(_COLUMNS), seen[key])

    return sorted(seen, key=rank)


def _write_sheet(sheet: Any, rows: list[Row]) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    header = sheet_header(rows)
    bold = Font(bold=True)
    for col, key in enumerate(header, 1):
        sheet.cell(row=1, column=col, value=key).font = bold
    for r, row in enumerate(rows, 2):
        for col, key in enumerate(header, 1):
            if key in row:
                cell = sheet.cell(row=r, column=col)
                cell.value = row[key][:32767]  # Excel's limit for one cell
                # Text stays text: a label "=1+1" is not a formula, a name "98" not a number.
                cell.data_type = "s"
    for col, key in enumerate(header, 1):
        longest = max([len(key), *(len(row.get(key, "")) for row in rows)])
        sheet.column_dimensions[get_column_letter(col)].width = float(min(longest + 2, 60))
    sheet.freeze_panes = "A2"


def write_xlsform(project: Project, path: Path, stamp: dt.datetime, *,
                  force: bool = False) -> int:
    """Write the form to `path`; return its size in bytes.

    Same rule as `plan export`: a form netconsult wrote and no one has saved over since is
    replaced freely; any other file at `path` only with `force`.
    """
    content = xlsform_bytes(project, stamp)
    if path.exists() and not (path.is_file() and is_generated(path)) and not force:
        raise UsageError([Problem(Place(str(path)), "file exists and was not written by "
                                  "`netconsult survey form`, or was saved by another program "
                                  "since; not overwriting it",
                                  hint="pass --force to replace it, or --out to write elsewhere")])
    write_new(path, content, force=True, shown=str(path))  # atomic
    return len(content)
