"""Export columns → instrument questions, and cells → the answers the project stores.

A column maps to a question, in this order: listed under the question's `columns:` in
survey.yaml; named by its XML name (the question id); by that name under group paths
(`group/q` for KoboToolbox, `group-q` for ODK); or by the question's wording in any of the
survey's languages (label-mode exports, Google Forms), also under group labels. A column
`q/option` (or `q.option` after R's read.csv) is one option of a multiple question.

Cells are converted through one lookup table per column, filled as distinct cells are met:
an export repeats a few values thousands of times, so after the first row nearly every cell
is one dict lookup. A cell that cannot be read becomes a `CellIssue`, counted per column and
value, so a wrong value repeated on 300 rows is one warning, not 300.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from netconsult.errors import shown
from netconsult.io.survey_import.flavours import IDENTIFYING, Flavour
from netconsult.io.survey_import.tables import Cell, Table, cell_text
from netconsult.io.text import printable
from netconsult.io.xlsform import AGREE_SCALE, DONT_KNOW, NOT_APPLICABLE, ties_repeat
from netconsult.project import models as m
from netconsult.project.responses import LIKERT_POINTS, Answer, stored_text

MULTIPLE = ("multiple", "members")
_MEMBER_HEADERS = ("member", "member id", "member_id", "organisation", "organization")


def norm(text: str) -> str:
    """Text as labels are compared: NFC, case-folded, one space, straight apostrophes."""
    text = unicodedata.normalize("NFC", text).replace("\u2019", "'").replace("\u00a0", " ")
    return " ".join(text.casefold().split())


def _texts(value: m.LocalText | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value.values())


# -- the agreement scale in words ---------------------------------------------------------

#: Agreement-scale wordings in en, es and fr: the ones `survey form` writes (a label-mode
#: export carries them) and others forms and tools commonly use.
_OTHER_WORDS: dict[str, tuple[str, ...]] = {
    "1": ("totally disagree", "completely disagree", "totalmente en desacuerdo",
          "completamente en desacuerdo", "tout à fait en désaccord", "fortement en désaccord",
          "totalement en désaccord", "pas d'accord du tout"),
    "2": ("somewhat disagree", "algo en desacuerdo", "pas d'accord", "en désaccord",
          "plutôt en désaccord"),
    "3": ("neither", "neutral", "undecided", "ni d'accord ni en désaccord", "neutre"),
    "4": ("somewhat agree", "algo de acuerdo", "d'accord"),
    "5": ("totally agree", "completely agree", "totalmente de acuerdo",
          "completamente de acuerdo", "entièrement d'accord", "fortement d'accord",
          "totalement d'accord"),
}
LIKERT_WORDS: dict[str, tuple[str, ...]] = {
    point: tuple(norm(w) for w in (*labels.values(), *_OTHER_WORDS[point]))
    for point, labels in AGREE_SCALE
}
DONT_KNOW_WORDS = tuple(norm(w) for w in (*DONT_KNOW.values(), "do not know", "dont know",
                                          "dont_know", "no lo sé", "no sabe", "ne sais pas",
                                          "ne sait pas"))
NOT_APPLICABLE_WORDS = tuple(norm(w) for w in (*NOT_APPLICABLE.values(), "n/a",
                                               "does not apply", "not_applicable",
                                               "no corresponde", "non applicable",
                                               "ne s'applique pas"))
# "4 - Agree", "5 = Strongly agree", "1. Pas du tout d'accord"
_LEADING_POINT = re.compile(r"^([1-5])\s*(?:[-–=.:)]\s*|\s+)\D")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


# -- the instrument, indexed --------------------------------------------------------------


class Instrument:
    """The survey's questions and the members, indexed the ways exports name them."""

    def __init__(self, survey: m.SurveyFile, members: Iterable[m.Member]) -> None:
        self.questions = list(survey.questions)
        self.by_id = {q.id: q for q in self.questions}
        self.by_id_folded = {q.id.casefold(): q for q in self.questions}
        self.by_column: dict[str, m.Question] = {}
        for q in self.questions:
            for column in q.columns:
                self.by_column.setdefault(norm(column), q)
        labels: dict[str, m.Question | None] = {}
        for q in self.questions:
            for text in {norm(t) for t in _texts(q.label)}:
                # Two questions worded alike cannot be told apart by wording: neither maps.
                labels[text] = q if labels.get(text, q) is q else None
        self.by_label = labels
        self.member_question = next((q for q in self.questions if q.type == "member"), None)
        self.members = list(members)
        self.codes = (survey.codes.dont_know, survey.codes.not_applicable)
        self._lookups: dict[str, dict[str, str]] = {}
        # pyxform adds a count of the ratings' repeat to the main data: ODK Central exports
        # it; it is the form's arithmetic, not an answer.
        rated = survey.tie_question()
        self.form_fields = frozenset(
            {f"{ties_repeat(rated.id)}_count".casefold()} if rated and rated.follow_ups
            else ())

    def resolve(self, text: str, separators: tuple[str, ...]) -> tuple[m.Question, str] | None:
        """The question a header (or a header's question part) names, and how it was found."""
        key = norm(text)
        if key in self.by_column:
            return self.by_column[key], "columns:"
        question = self.by_id.get(text) or self.by_id_folded.get(text.casefold())
        if question is not None:
            return question, "name"
        for sep in separators:
            parts = text.split(sep)
            for start in range(1, len(parts)):
                rest = sep.join(parts[start:])
                question = self.by_id.get(rest) or self.by_id_folded.get(rest.casefold())
                if question is not None:
                    return question, "name under a group path"
        question = self.by_label.get(key)
        if question is not None:
            return question, "label"
        # Label-mode exports with groups in headers: "Group label/Question label".
        parts = text.split("/")
        for start in range(1, len(parts)):
            question = self.by_label.get(norm("/".join(parts[start:])))
            if question is not None:
                return question, "label under a group label"
        return None

    def choices(self, question: m.Question) -> list[tuple[str, list[str]]]:
        """(stored name, its labels) for each answer a single/multiple/members question has."""
        if question.type in ("member", "members"):
            return [(x.id, [x.name]) for x in self.members]
        return [(c.name, _texts(c.label)) for c in question.choices]

    def choice_lookup(self, question: m.Question) -> dict[str, str]:
        """norm(name or label) → stored name."""
        if question.id in self._lookups:
            return self._lookups[question.id]
        lookup: dict[str, str] = {}
        self._lookups[question.id] = lookup
        for name, labels in self.choices(question):
            for text in labels:
                lookup.setdefault(norm(text), name)
        for name, _ in self.choices(question):
            lookup[norm(name)] = name  # a name wins over another choice's label
        return lookup


# -- what each column is ------------------------------------------------------------------


@dataclass
class Column:
    """One export column and what the import does with it."""

    index: int
    header: str
    role: str  # answer | option | member | id | time | tool | identifying | unmapped | ...
    question: m.Question | None = None
    choice: str | None = None  # option columns: the choice they stand for
    how: str = ""  # how it was matched, for the provenance file

    def describe(self) -> str:
        q = self.question.id if self.question else ""
        return {
            "answer": f"{q} (by {self.how})",
            "member": f"{q}: the member organisation (by {self.how})",
            "option": f"{q} = {self.choice} (option column)",
            "covered": f"{q} = {self.choice} (option column; the summary column was read)",
            "duplicate": f"not read: another column already holds {q}",
            "id": "submission id (hashed into the respondent id)",
            "time": "submission time (kept as a date)",
            "tool": "dropped: the tool's own column",
            "identifying": "dropped: identifies a person or device",
            "unknown-option": f"not read: {q} has no such choice",
            "blank": "not read: no header",
        }.get(self.role, "not read: matches no question")


@dataclass
class ColumnPlan:
    columns: list[Column]
    answers: list[Column]  # columns read as answers (incl. the member column)
    options: dict[str, list[Column]]  # question id → option columns read
    id_column: Column | None
    time_column: Column | None
    missing: list[m.Question]  # questions no column holds

    def with_role(self, *roles: str) -> list[Column]:
        return [c for c in self.columns if c.role in roles]


#: How surely a header names a question, surest first: when two columns name one question,
#: the surer wins (an XML-name column beats another whose header is that question's label).
_STRENGTH = ("columns:", "name", "name under a group path", "label", "label under a group label",
             "its header")


def plan_columns(table: Table, flavour: Flavour, instrument: Instrument) -> ColumnPlan:
    columns = [_classify(i, h, flavour, instrument) for i, h in enumerate(table.header)]
    taken: dict[str, Column] = {}
    for column in sorted((c for c in columns if c.role in ("answer", "member")),
                         key=lambda c: (_STRENGTH.index(c.how), c.index)):
        assert column.question is not None
        best = taken.setdefault(column.question.id, column)
        if best is not column:  # as sure as the first: a real duplicate; less: not this one
            column.role = "duplicate" if best.how == column.how else "unmapped"
    if instrument.member_question and instrument.member_question.id not in taken:
        for column in columns:  # a hand-made table, or netconsult's own file read back
            if column.role in ("unmapped", "tool") and column.header.casefold() in \
                    _MEMBER_HEADERS:
                column.role, column.question, column.how = (
                    "member", instrument.member_question, "its header")
                taken[instrument.member_question.id] = column
                break
    options: dict[str, list[Column]] = {}
    for column in columns:
        if column.role == "option" and column.question is not None:
            if column.question.id in taken:
                column.role = "covered"  # KoboToolbox's "both" mode: one summary is enough
            else:
                options.setdefault(column.question.id, []).append(column)
    id_column = _best(columns, flavour.id_columns, "id")
    time_column = _best(columns, flavour.time_columns, "time")
    missing = [q for q in instrument.questions if q.id not in taken and q.id not in options]
    answers = [c for c in columns if c.role in ("answer", "member")]
    return ColumnPlan(columns, answers, options, id_column, time_column, missing)


def _best(columns: list[Column], names: tuple[str, ...], role: str) -> Column | None:
    ranked = [(names.index(c.header.casefold()), c) for c in columns
              if c.role in ("tool", "unmapped") and c.header.casefold() in names]
    if not ranked:
        return None
    column = min(ranked, key=lambda item: item[0])[1]
    column.role = role
    return column


def _classify(index: int, header: str, flavour: Flavour, instrument: Instrument) -> Column:
    column = Column(index, header, "unmapped")
    if not header:
        column.role = "blank"
        return column
    key = header.casefold()
    # R's read.csv: a BOM read as text ("X.U.FEFF.start"), "X" before a leading "_".
    bare = key.removeprefix("x.u.feff.")
    if key.startswith("x_") and flavour.tool_prefixes:
        bare = key[1:]
    if key in IDENTIFYING or bare in IDENTIFYING:
        column.role = "identifying"
        return column
    found = instrument.resolve(header, flavour.group_separators)
    if found and found[1] in ("columns:", "name"):
        return _answer(column, *found)
    if (bare in flavour.metadata or key in flavour.metadata or key in instrument.form_fields
            or (flavour.tool_prefixes and bare.startswith(flavour.tool_prefixes))):
        column.role = "tool"
        return column
    for sep in flavour.option_separators:
        if sep not in header:
            continue
        prefix, option = header.rsplit(sep, 1)
        parent = instrument.resolve(prefix, flavour.group_separators)
        if parent and parent[0].type in MULTIPLE:
            question = parent[0]
            column.question = question
            choice = instrument.choice_lookup(question).get(norm(option))
            column.role, column.choice = ("option", choice) if choice else ("unknown-option",
                                                                            option)
            column.how = parent[1]
            return column
    if found:
        return _answer(column, *found)
    last = re.split(r"[/-]", header)[-1] if flavour.group_separators else header
    if flavour.tool_prefixes and last.startswith(flavour.tool_prefixes):
        column.role = "tool"  # e.g. a rank question's "q/_1st_choice"
    return column


def _answer(column: Column, question: m.Question, how: str) -> Column:
    column.role = "member" if question.type == "member" else "answer"
    column.question, column.how = question, how
    return column


# -- cells → answers ----------------------------------------------------------------------


@dataclass
class CellIssue:
    """One problem with one value in one column, and the rows it occurs on.

    A varied issue stands for every value of its column with the same problem (numbers out
    of range: each is distinct, one warning is enough); its message quotes the first.
    """

    code: str
    index: int  # the column
    render: Callable[[str], str]  # the message, given the first row's value
    hint: str | None = None
    varied: bool = False
    first_row: int = 0
    first_value: str = ""
    count: int = 0

    def add(self, row: int, cell: Cell) -> None:
        if not self.count or row < self.first_row:
            self.first_row, self.first_value = row, cell_text(cell).strip()
        self.count += 1

    @property
    def message(self) -> str:
        text = self.render(self.first_value)
        if self.count > 1:
            more = self.count - 1
            text += (f" ({more} more answer{'s' if more > 1 else ''} of this column too)"
                     if self.varied else f" (and on {more} more row{'s' if more > 1 else ''})")
        return text


@dataclass
class Partial:
    """A multiple answer read in part: the known choices, and what was not known."""

    value: tuple[str, ...]
    issues: list[CellIssue]
    text: str = ""  # the value as stored


@dataclass
class CellReader:
    """Turns one column's cells into answers as the responses CSV stores them (quoted where
    CSV needs it), remembering each distinct cell: an export repeats a few values thousands
    of times, so each is converted once. `answers` maps each stored text back to the answer
    it stands for."""

    column: Column
    question: m.Question
    instrument: Instrument
    where: str
    cache: dict[Cell, object] = field(default_factory=dict)  # cell → text, issue or partial
    answers: dict[str, Answer] = field(default_factory=dict)  # stored text → answer
    names: set[str] = field(default_factory=set)
    has_issues: bool = False  # some cell became a CellIssue or a Partial
    shared: dict[str, CellIssue] = field(default_factory=dict)

    def __post_init__(self) -> None:
        q = self.question
        self.cache[""] = ""
        self.names = {name for name, _ in self.instrument.choices(q)}
        known: list[str] = []
        if q.type == "likert":
            known = [*LIKERT_POINTS, *self.instrument.codes]
        elif q.type in ("single", "member"):
            known = list(self.names)
        for name in known:  # names are never quoted: no commas, quotes or spaces
            self.cache[name] = self.answers[name] = name
            if _NUMBER.match(name):
                self.cache[float(name)] = name
        self._answer: Callable[[str, Cell], object] = {
            "text": self._text, "number": self._number, "likert": self._likert,
            "single": self._choice, "member": self._choice,
        }.get(q.type, self._multiple)

    def read(self, cell: Cell) -> object:
        """The stored text ("" when empty), or a CellIssue, or a Partial."""
        text = cell.strip() if isinstance(cell, str) else cell_text(cell).strip()
        value = self._answer(text, cell) if text else None
        stored: object = ""
        if isinstance(value, str | float | tuple):
            stored = csv_field(value)
            self.answers[stored] = value
        elif isinstance(value, Partial):
            self.has_issues = True
            if value.value:
                value.text = csv_field(value.value)
                self.answers[value.text] = value.value
            stored = value
        elif isinstance(value, CellIssue):
            self.has_issues = True
            stored = value
        self.cache[cell] = stored
        return stored

    def _text(self, text: str, cell: Cell) -> object:
        return printable(text)

    def _issue(self, code: str, message: str, hint: str | None = None) -> CellIssue:
        text = f"{self.where}: {message}"
        return CellIssue(code, self.column.index, lambda _: text, hint)

    def _shared_issue(self, code: str, key: str, render: Callable[[str], str], *,
                      varied: bool = True, hint: str | None = None) -> CellIssue:
        """The one issue of this column for `key`, whichever cells it is met in."""
        issue = self.shared.get(key)
        if issue is None:
            where = self.where
            issue = self.shared[key] = CellIssue(
                code, self.column.index, lambda value: f"{where}: {render(value)}", hint,
                varied=varied)
        return issue

    def _choice(self, text: str, cell: Cell) -> object:
        q = self.question
        name = self.instrument.choice_lookup(q).get(norm(text))
        if name is not None:
            return name
        if q.type == "member":
            return self._issue("unknown-member", f"{shown(text)} matches no member in "
                               "members.yaml; the answer is left empty", hint=self._hint(text))
        return self._issue("unknown-answer", f"{shown(text)} is no choice of question "
                           f"{q.id}; left unanswered", hint=self._hint(text))

    def _hint(self, text: str) -> str:
        """The closest choice (by name or wording), or the choices there are."""
        choices = self.instrument.choices(self.question)
        wordings = {norm(t): name for name, labels in choices for t in (name, *labels)}
        close = _closest(norm(text), wordings)
        members = self.question.type in ("member", "members")
        if close:
            name = wordings[close[0]]
            return f"did you mean {name}" + (f" ('{close[0]}')" if close[0] != norm(name)
                                             else "") + "?"
        names = [name for name, _ in choices]
        listed = ", ".join(names[:12]) + (f", ... ({len(names)} in all)"
                                          if len(names) > 12 else "")
        return (f"{'members are' if members else 'its choices are'} {listed or 'none'} "
                f"(or their {'names' if members else 'wording'})")

    def _number(self, text: str, cell: Cell) -> object:
        q = self.question
        if isinstance(cell, int | float) and not isinstance(cell, bool):
            number = float(cell)
        elif _NUMBER.match(text) and math.isfinite(float(text)):
            number = float(text)
        else:
            comma = _NUMBER.match(text.replace(",", ".", 1))
            return self._issue("not-a-number", f"{shown(text)} is not a number (question "
                               f"{q.id}); left unanswered",
                               hint=f"write decimals with a point: {text.replace(',', '.', 1)}"
                               if comma else None)
        if q.minimum is not None and number < q.minimum:
            low = q.minimum
            return self._shared_issue("out-of-range", "below", lambda value: (
                f"{value} is below the minimum {low:g} of question {q.id}; left unanswered"))
        if q.maximum is not None and number > q.maximum:
            high = q.maximum
            return self._shared_issue("out-of-range", "above", lambda value: (
                f"{value} is above the maximum {high:g} of question {q.id}; left unanswered"))
        return number

    def _likert(self, text: str, cell: Cell) -> object:
        if _NUMBER.match(text) and float(text).is_integer():
            whole = str(int(float(text)))
            if whole in LIKERT_POINTS or whole in self.instrument.codes:
                return whole
        key = norm(text)
        for point, words in LIKERT_WORDS.items():
            if key in words:
                return point
        dont_know, not_applicable = self.instrument.codes
        if key in DONT_KNOW_WORDS or key == dont_know.casefold():
            return dont_know
        if key in NOT_APPLICABLE_WORDS or key == not_applicable.casefold():
            return not_applicable
        if match := _LEADING_POINT.match(text):
            return match.group(1)
        wordings = [w for words in LIKERT_WORDS.values() for w in words]
        close = _closest(key, [*wordings, *DONT_KNOW_WORDS, *NOT_APPLICABLE_WORDS])
        return self._issue("unknown-answer", f"{shown(text)} is not on the 1-5 agreement scale "
                           f"of question {self.question.id}, nor the don't-know ({dont_know}) or "
                           f"not-applicable ({not_applicable}) code; left unanswered",
                           hint=f"did you mean '{close[0]}'?" if close else "answers are 1-5, "
                           "a wording of the agreement scale such as 'Strongly agree', or the "
                           f"codes {dont_know} and {not_applicable}")

    def _multiple(self, text: str, cell: Cell) -> object:
        lookup = self.instrument.choice_lookup(self.question)
        tokens = text.split()
        if self.names.issuperset(tokens):  # XML values: names joined by spaces
            return tuple(dict.fromkeys(tokens))
        names, unknown = _match_longest(norm(text), lookup)
        if not any(sep in text for sep in ";,"):  # joined by spaces: one word, one answer
            unknown = [word for chunk in unknown for word in chunk.split()]
        value = tuple(dict.fromkeys(names))
        if not unknown:
            return value
        what = "member" if self.question.type == "members" else "choice"
        issues = []
        for token in dict.fromkeys(unknown):
            message = (f"{shown(token)} is no {what} of question {self.question.id}; the "
                       f"cell's known {what}s are kept")
            issues.append(self._shared_issue(
                "unknown-member" if what == "member" else "unknown-answer", f"{what}:{token}",
                lambda _, m=message: m, varied=False, hint=self._hint(token)))
        return Partial(value, issues)


def _closest(text: str, candidates: Iterable[str]) -> list[str]:
    # Stricter than did_you_mean's 0.6: a wrong "did you mean" on an answer misleads.
    return difflib.get_close_matches(text, list(candidates), n=1, cutoff=0.75)


_SEPARATORS = " ;,\t\n"


def _match_longest(text: str, lookup: dict[str, str]) -> tuple[list[str], list[str]]:
    """Choices in `text` (normalised) by their names or labels, longest first.

    Google Forms joins checkbox labels with ";" (CSV) or ", " (Sheets), KoboToolbox's label
    mode with a space, and labels may themselves hold commas or spaces: so known wordings are
    matched where they stand, longest first; text that is none of them, up to the next
    separator or known wording, is unknown.
    """
    candidates = sorted(lookup, key=len, reverse=True)

    def match(at: int) -> str | None:
        for candidate in candidates:
            stop = at + len(candidate)
            if text.startswith(candidate, at) and (stop == len(text)
                                                   or text[stop] in _SEPARATORS):
                return candidate
        return None

    names: list[str] = []
    unknown: list[str] = []
    i, end = 0, len(text)
    while i < end:
        if text[i] in _SEPARATORS:
            i += 1
            continue
        found = match(i)
        if found:
            names.append(lookup[found])
            i += len(found)
            continue
        stop = i
        while stop < end and text[stop] not in ";,":
            stop += 1
            if stop < end and text[stop - 1] == " " and match(stop):
                break  # a known wording starts at the next word
        unknown.append(text[i:stop].strip(" ;,"))
        i = stop
    return names, [u for u in unknown if u]


@dataclass
class OptionReader:
    """A multiple question read from its option columns (1 chosen, 0 not, empty unasked)."""

    question: m.Question
    columns: list[Column]
    where: dict[int, str]
    issues: dict[tuple[int, str], CellIssue] = field(default_factory=dict)

    CHOSEN = frozenset({1, "1", "True", "TRUE", "true"})  # 1 == 1.0 == True
    NOT_CHOSEN = frozenset({0, "0", "", "False", "FALSE", "false"})

    def bad(self, column: Column, cell: Cell) -> CellIssue:
        text = cell_text(cell).strip()
        key = (column.index, text)
        issue = self.issues.get(key)
        if issue is None:
            message = (f"{self.where[column.index]}: {shown(text)} in an option column of "
                       f"question {self.question.id}; read as not chosen")
            issue = self.issues[key] = CellIssue(
                "option-value", column.index, lambda _: message,
                hint="option columns hold 1 (chosen), 0 (not chosen) or nothing (not asked)")
        return issue


def csv_field(value: Answer) -> str:
    """An answer as the responses CSV holds it: `stored_text`'s form, quoted like csv.writer
    quotes (a comma, quote or line break inside). Tests compare with format_responses."""
    text = stored_text(value)
    if "," in text or '"' in text or "\n" in text or "\r" in text:
        return '"' + text.replace('"', '""') + '"'
    return text


def parse_date(cell: Cell) -> dt.date | tuple[int, int, int] | None:
    """A submission date: a date, (a, b, year) when day and month order is unknown, or None."""
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    if isinstance(cell, float | int) and not isinstance(cell, bool) and 1 <= cell < 2958466:
        return dt.date(1899, 12, 30) + dt.timedelta(days=int(cell))  # an Excel serial date
    text = str(cell).strip()
    if match := re.match(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:$|[T ])", text):
        year, month, day = (int(g) for g in match.groups())
        return _date(year, month, day)
    if match := re.match(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:$| )", text):  # 13.11.2023
        day, month, year = (int(g) for g in match.groups())
        return _date(year, month, day)
    if match := re.match(r"^(\d{1,2})[/-](\d{1,2})[/-](\d{4})(?:$| )", text):
        first, second, year = (int(g) for g in match.groups())
        return (first, second, year)
    return None


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def respondent_key(cell: Cell) -> str:
    """A submission id as both tools write it: KoboToolbox's `_uuid` is ODK's `uuid:...`."""
    return cell_text(cell).strip().removeprefix("uuid:")
