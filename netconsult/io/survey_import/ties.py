"""Follow-up ratings of each partner named, read from an export's repeat group.

`survey form` asks them in a repeat group `<qid>_ties` after the members question: one entry
per partner ticked, holding the partner's member id (the calculate `<qid>_partner`) and one
answer per item (`<qid>_intensity`, `<qid>_reliability`...). Where each tool puts that repeat:

- KoboToolbox XLSX: a sheet named after the repeat (cut to 31 characters, ending "...", when
  longer), its rows tied to the main sheet by `_submission__uuid` = `_uuid`, else
  `_parent_index` = `_index`;
- ODK Central: `<formid>-<repeat>.csv` beside the main CSV, tied by `PARENT_KEY` = `KEY`;
- a plain workbook: a sheet `ties` (or named after the repeat) with a respondent column (the
  main sheet's respondent ids), a partner column and one column per item; a plain CSV:
  `<name>.ties.csv` beside it, the layout of netconsult's own ratings file.

KoboToolbox's CSV exports leave repeat groups out and Google Forms cannot ask a question per
partner: the main data is imported and a warning says the ratings are not. Columns map by the
form's names (with or without group paths), by the plain item names, or by the items' wording
(label-mode exports); values are 1-4 or the scales' wording in en, es or fr.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from netconsult.errors import Place, Problem, ProjectError, posix, shown
from netconsult.io.survey_import.flavours import IDENTIFYING, PLAIN_NAMES, Flavour
from netconsult.io.survey_import.mapping import Instrument, norm, respondent_key
from netconsult.io.survey_import.tables import Cell, Table, cell_text, read_table
from netconsult.io.xlsform import (
    FOLLOW_UP_WORDING,
    INTENSITY_SCALE,
    RATING_SCALE,
    item_field,
    partner_field,
    ties_repeat,
)
from netconsult.project import models as m
from netconsult.project.responses import RATINGS_SUFFIX, PartnerRating

#: Links from a repeat row to its submission: (repeat column, main column), casefolded,
#: surest first. "id" stands for the main table's submission id column.
LINKS = (("_submission__uuid", "_uuid"), ("parent_key", "key"), ("_parent_index", "_index"))
MAIN_LINK_COLUMNS = ("_uuid", "_index", "key")
#: A repeat table's own columns: never answers.
_TOOL_COLUMNS = frozenset({"_index", "_parent_table_name", "key", "_id"})
_LEADING_POINT = re.compile(r"^([1-9])\s*(?:[-–=.:)]\s*|\s+)\D")


def _scale_words(scale: tuple[tuple[str, dict[str, str]], ...]) -> dict[str, int]:
    """norm(wording) → point, for every language; the level's name alone too ("coordination"
    for "Coordination: we plan activities together...")."""
    words: dict[str, int] = {}
    for point, labels in scale:
        for text in labels.values():
            words[norm(text)] = int(point)
            words.setdefault(norm(text.split(":", 1)[0]), int(point))
    return words


_INTENSITY_WORDS = _scale_words(INTENSITY_SCALE)
_RATING_WORDS = _scale_words(RATING_SCALE)


@dataclass
class Parents:
    """The imported respondents, as the repeat rows refer to them."""

    respondents: list[str]
    named: list[tuple[str, ...]]  # each respondent's answer to the members question
    links: dict[str, list[str]]  # casefolded main column ("id": the id column) → each key
    headers: dict[str, str] = field(default_factory=dict)  # casefolded → as the export has it


@dataclass
class TieImport:
    """What was read from the repeat group, and the ratings made of it."""

    table: Table
    rows_read: int
    ratings: list[PartnerRating]
    link: str  # how rows were tied to submissions, for the provenance file
    columns: list[tuple[int, str, str]]  # (column number, header, what was done with it)

    @property
    def where(self) -> str:
        """The sheet or file read, as messages name it."""
        if self.table.sheet is not None:
            return f"sheet '{self.table.sheet}'"
        return self.table.source

    @property
    def respondents(self) -> int:
        return len({r.respondent for r in self.ratings})


@dataclass
class _Issue:
    row: int
    column: int | None
    message: str
    hint: str | None
    code: str
    count: int = 1


@dataclass
class _Issues:
    """Problems of the repeat's cells: the same problem with the same value is one warning
    counting its rows (a wrong value repeated 300 times is not 300 warnings)."""

    table: Table
    found: dict[tuple[str, int | None, str], _Issue] = field(default_factory=dict)

    def add(self, code: str, row: int, index: int | None, value: str, message: str,
            hint: str | None = None) -> None:
        key = (code, index, value)
        issue = self.found.get(key)
        if issue is None:
            column = None if index is None else self.table.column(index)
            self.found[key] = _Issue(row, column, message, hint, code)
        else:
            issue.count += 1

    def problems(self) -> list[Problem]:
        out = []
        for issue in self.found.values():
            more = issue.count - 1
            text = issue.message + (f" (and on {more} more row{'s' if more > 1 else ''})"
                                    if more else "")
            out.append(Problem(Place(self.table.source, issue.row, issue.column), text,
                               issue.hint, severity="warning", code=issue.code))
        return out


def read_ties(table: Table, export: Path | None, flavour: Flavour, instrument: Instrument,
              question: m.Question, items: list[str], parents: Parents,
              ) -> tuple[TieImport | None, list[Problem]]:
    """The ratings in the export's repeat group for `question`, or None and why not."""
    repeat = ties_repeat(question.id)
    found, problem = _find(table, export, flavour, question, items, repeat)
    if found is None:
        return None, [problem] if problem else []
    return _Ties(found, question, items, instrument, parents).read()


def _missing(table: Table, question: m.Question, message: str, hint: str | None) -> Problem:
    return Problem(table.place(), f"{message}; the follow-up ratings of question "
                   f"{question.id} are not imported, its answers are", hint=hint,
                   severity="warning", code="ratings-missing")


def _find(table: Table, export: Path | None, flavour: Flavour, question: m.Question,
          items: list[str], repeat: str) -> tuple[Table | None, Problem | None]:
    """The repeat group's table, or the warning saying why there is none."""
    if flavour.id.startswith("google"):
        return None, _missing(table, question, "Google Forms cannot ask a question about each "
                              "partner named", hint="field the form `netconsult survey form` "
                              "writes on KoboToolbox or ODK to collect the ratings")
    if table.kind == "xlsx":
        return _find_sheet(table, flavour, question, items, repeat)
    if flavour.id.startswith("kobo"):
        return None, _missing(table, question, "KoboToolbox CSV exports leave repeat groups "
                              "out", hint="download the XLS export: it holds the repeat group "
                              f"'{repeat}' on a sheet of its own")
    if export is None:
        return None, None
    name = (f"{export.stem}-{repeat}.csv" if flavour.id.startswith("odk")
            else f"{export.stem}{RATINGS_SUFFIX}")
    sibling = export.with_name(name)
    shown_path = posix(Path(table.source).with_name(name))
    if not sibling.is_file():
        what = (f"ODK Central puts the repeat group '{repeat}' in {name}" if flavour.id
                .startswith("odk") else f"the ratings of a CSV table are read from {name}")
        return None, _missing(table, question, f"no file {shown_path} beside the export ({what})",
                              hint="keep the files of the export together in one folder")
    try:
        return read_table(sibling, shown_path), None
    except ProjectError as exc:
        first = exc.problems[0]
        return None, Problem(first.place, f"{first.message}; the follow-up ratings are not "
                             "imported", first.hint, severity="warning", code="ratings-missing")


def _find_sheet(table: Table, flavour: Flavour, question: m.Question, items: list[str],
                repeat: str) -> tuple[Table | None, Problem | None]:
    others = [s for s in table.sheets if s != table.sheet]
    wanted = repeat.casefold()

    def named(sheet: str) -> bool:
        name = sheet.casefold()
        # KoboToolbox cuts sheet names to 31 characters, ending "...".
        return name in (wanted, "ties") or (name.endswith("...") and len(name) == 31
                                            and wanted.startswith(name[:-3]))

    by_name = [s for s in others if named(s)]
    # A sheet named otherwise (a label-mode export, a renamed sheet) is found by its columns.
    for sheet in [*by_name, *(s for s in others if s not in by_name)]:
        try:
            candidate = table.open_sheet(sheet)
        except ProjectError as exc:
            if sheet in by_name:
                first = exc.problems[0]
                return None, Problem(first.place, f"{first.message}; the follow-up ratings "
                                     "are not imported", first.hint, severity="warning",
                                     code="ratings-missing")
            continue
        if sheet in by_name or _has_partner_column(candidate, question, items):
            return candidate, None
    if flavour.id.startswith("kobo"):
        hint = ("KoboToolbox puts each repeat group on a sheet of its own: download the XLS "
                "export again")
    elif flavour.id.startswith("odk"):
        hint = (f"import ODK Central's CSV files instead: the ratings are in "
                f"<form id>-{repeat}.csv beside the main CSV")
    else:
        hint = (f"add a sheet named 'ties' (or '{repeat}') with a respondent column, a "
                "partner column and one column per rating")
    if not others:
        message = f"the workbook has no sheet '{repeat}' (the repeat group of the ratings)"
    else:
        message = (f"no sheet of the workbook holds the repeat group '{repeat}' "
                   f"(sheets: {', '.join(repr(s) for s in others)})")
    return None, _missing(table, question, message, hint)


def _has_partner_column(table: Table, question: m.Question, items: list[str]) -> bool:
    return any(_role(h, question, items)[0] == "partner" for h in table.header)


def _role(header: str, question: m.Question, items: list[str]) -> tuple[str, str | None]:
    """What a repeat column holds: ("partner", None), ("item", item), ("link", main column),
    ("name", None) for the partner's name, ("tool", None), ("identifying", None) or
    ("unmapped", None)."""
    key = norm(header)
    bare = key.removeprefix("x") if key.startswith("x_") else key  # R's read.csv prefix
    if key in IDENTIFYING or bare in IDENTIFYING:
        return "identifying", None
    for repeat_column, main_column in LINKS:
        if bare == repeat_column:
            return "link", main_column
    if bare in PLAIN_NAMES:
        return "link", "id"
    if bare in _TOOL_COLUMNS or bare.startswith("_submission_"):
        return "tool", None
    names = {norm(partner_field(question.id)): "partner", "partner": "partner",
             norm(partner_field(question.id) + "_name"): "name"}
    labels: dict[str, str] = {}
    for item in items:
        names[norm(item_field(question.id, item))] = names[norm(item)] = item
        for text in FOLLOW_UP_WORDING[item][0].values():
            labels[norm(text)] = item
    # Group paths: "partners_ties/partners_intensity" (KoboToolbox), "...-..." (ODK).
    tails = [key, key.rsplit("/", 1)[-1], key.rsplit("-", 1)[-1]]
    for tail in tails:
        if tail in names:
            found = names[tail]
            return (found, None) if found in ("partner", "name") else ("item", found)
    for tail in tails[:2]:
        if tail in labels:
            return "item", labels[tail]
    return "unmapped", None


class _Ties:
    def __init__(self, table: Table, question: m.Question, items: list[str],
                 instrument: Instrument, parents: Parents) -> None:
        self.table = table
        self.question = question
        self.items = items
        self.instrument = instrument
        self.parents = parents
        self.issues = _Issues(table)

    def read(self) -> tuple[TieImport | None, list[Problem]]:
        table, question = self.table, self.question
        roles = [_role(h, question, self.items) if h else ("blank", None) for h in table.header]
        partner = next((i for i, (role, _) in enumerate(roles) if role == "partner"), None)
        item_columns: dict[str, int] = {}
        for i, (role, item) in enumerate(roles):
            if role == "item" and item is not None:
                if item in item_columns:
                    roles[i] = ("duplicate", item)
                else:
                    item_columns[item] = i
        link = self._link(roles)
        columns = self._described(roles, partner, link)
        if partner is None or link is None:
            missing = (f"no column names the partner rated ({partner_field(question.id)})"
                       if partner is None else "no column ties its rows to the submissions ("
                       + ", ".join(r for r, _ in LINKS) + " or respondent)")
            return None, [Problem(
                table.place(table.header_row), f"{self._in()}{missing}; the follow-up ratings "
                "are not imported", severity="warning", code="ratings-missing")]
        link_index, main_column = link
        wanted = [link_index, partner, *item_columns.values()]
        numbers, rows = table.take(wanted)
        ratings = self._ratings(numbers, rows, main_column, list(item_columns), wanted)
        problems = self.issues.problems()
        absent = [item for item in self.items if item not in item_columns]
        if absent:
            problems.append(Problem(
                table.place(table.header_row), f"{self._in()}no column for "
                + ", ".join(item_field(question.id, i) for i in absent)
                + "; those ratings are left empty", severity="warning",
                code="rating-without-column"))
        joined = self.parents.headers.get(main_column, main_column)
        return (TieImport(table, len(rows), ratings, f"{table.header[link_index]} = {joined}",
                          columns), problems)

    def _in(self) -> str:
        return f"sheet '{self.table.sheet}': " if self.table.sheet is not None else ""

    def _link(self, roles: list[tuple[str, str | None]]) -> tuple[int, str] | None:
        """The surest repeat column whose main column the import kept."""
        found = {main: i for i, (role, main) in enumerate(roles)
                 if role == "link" and main is not None}
        for main in ("_uuid", "key", "id", "_index"):
            if main in found and any(self.parents.links.get(main, ())):
                return found[main], main
        return None

    def _described(self, roles: list[tuple[str, str | None]], partner: int | None,
                   link: tuple[int, str] | None) -> list[tuple[int, str, str]]:
        out = []
        for i, (role, item) in enumerate(roles):
            if i == partner:
                what = "the partner rated (member id or name)"
            elif link and i == link[0]:
                what = "ties the row to its submission"
            else:
                what = {
                    "item": f"rating: {item}",
                    "duplicate": f"not read: another column already holds {item}",
                    "identifying": "dropped: identifies a person or device",
                    "name": "not read: the partner's name as the form showed it (the id is "
                    "read)",
                    "blank": "not read: no header",
                }.get(role, "not read: the tool's own column" if role in ("tool", "link",
                                                                          "partner")
                      else "not read: no follow-up rating")
            out.append((self.table.column(i), self.table.header[i], what))
        return out

    def _ratings(self, numbers: list[int], rows: list[tuple[Cell, ...]], main_column: str,
                 items: list[str], indices: list[int]) -> list[PartnerRating]:
        # Column by column, each distinct cell converted once (a repeat holds a few hundred
        # distinct cells over tens of thousands of rows), then the rows in one pass.
        parents = self.parents
        index: dict[str, int] = {}
        for i, key in enumerate(parents.links[main_column]):
            if key:
                index.setdefault(key, i)
        lookup = self.instrument.choice_lookup(self.question)
        members = {x.id for x in self.instrument.members}
        link_index, partner_index, *item_indices = indices
        columns = list(zip(*rows, strict=True)) if rows else [() for _ in indices]
        links, partners, *item_cells = columns
        parent_of = {cell: index.get(respondent_key(cell)) for cell in set(links)}
        partner_of: dict[Cell, str | None] = {}
        for cell in set(partners):
            found = lookup.get(norm(cell_text(cell).strip()))
            partner_of[cell] = found if found in members else None
        values_of: list[list[int | str | None]] = []
        for item, cells in zip(items, item_cells, strict=True):
            cache: dict[Cell, int | str | None] = {}
            for cell in set(cells):
                raw = cell_text(cell).strip()
                cache[cell] = _rating(cell, raw, item) if raw else None
            values_of.append(list(map(cache.__getitem__, cells)))
        kept: dict[tuple[int, str], tuple[int, dict[str, int]]] = {}
        issues, qid = self.issues, self.question.id
        for row, number in enumerate(numbers):
            values = [column[row] for column in values_of]
            link, partner_cell = links[row], partners[row]
            parent = parent_of[link]
            if parent is None:
                text = cell_text(link).strip()
                if not text and not cell_text(partner_cell).strip() and all(
                        v is None for v in values):
                    continue  # an empty row
                issues.add("ratings-orphan", number, link_index, text,
                           f"{self._in()}row of submission {shown(text, 60)}, which is "
                           "not among the imported respondents; skipped" if text else
                           f"{self._in()}row without a submission to tie it to; skipped",
                           hint="an export of all versions, filtered or edited by hand, can "
                           "keep repeat rows of submissions it leaves out")
                continue
            partner = partner_of[partner_cell]
            if partner is None:
                text = cell_text(partner_cell).strip()
                issues.add("ratings-unknown-partner", number, partner_index, text,
                           f"{self._in()}{shown(text)} matches no member in members.yaml; row "
                           "skipped" if text else f"{self._in()}no partner on this row; "
                           "skipped")
                continue
            named = parents.named[parent]
            if partner not in named:
                issues.add("ratings-partner-not-named", number, partner_index, partner,
                           f"{self._in()}partner '{partner}' is not among those the "
                           f"respondent named in question {qid}; row skipped",
                           hint=f"it named: {' '.join(named)}" if named else "it named none")
                continue
            if (parent, partner) in kept:
                first = kept[(parent, partner)][0]
                issues.add("ratings-duplicate", number, partner_index, partner,
                           f"{self._in()}partner '{partner}' is rated twice by one respondent "
                           f"(first on row {first}); this row is skipped")
                continue
            rated: dict[str, int] = {}
            for item, column, value, cells in zip(items, item_indices, values, item_cells,
                                                  strict=True):
                if type(value) is int:
                    rated[item] = value
                elif value is not None:
                    raw = cell_text(cells[row]).strip()
                    issues.add("ratings-bad-value", number, column, raw,
                               f"{self.table.where(column)}: {shown(raw)} {value} "
                               f"({item_field(qid, item)}); left empty", hint=_scale_hint(item))
            kept[(parent, partner)] = (number, rated)
        order = sorted(kept, key=lambda key: (key[0], parents.named[key[0]].index(key[1])))
        return [PartnerRating(parents.respondents[p], partner, kept[(p, partner)][1], line)
                for line, (p, partner) in enumerate(order, start=2)]


def _rating(cell: Cell, text: str, item: str) -> int | str:
    """The point 1-4 a cell gives, or what is wrong with it."""
    number: float | None = None
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        number = float(cell)
    else:
        try:
            number = float(text)
        except ValueError:
            number = None
    if number is not None:
        if number.is_integer() and 1 <= number <= 4:
            return int(number)
        return "is not a rating from 1 to 4"
    words = _INTENSITY_WORDS if item == "intensity" else _RATING_WORDS
    point = words.get(norm(text))
    if point is not None:
        return point
    if (match := _LEADING_POINT.match(text)) and 1 <= int(match.group(1)) <= 4:
        return int(match.group(1))
    return "is not a rating from 1 to 4 nor a wording of its scale"


def _scale_hint(item: str) -> str:
    if item == "intensity":
        return ("intensity is 1 awareness, 2 cooperation, 3 coordination or 4 integration "
                "(or the form's wording of a level)")
    return "ratings are 1 (not at all) to 4 (a great deal), or the form's wording of them"
