"""A survey export → the project's responses for one round, with every problem placed.

What stops an import (a `ProjectError`, nothing written): a file that cannot be read safely
or is not an export (see tables and flavours), and an export none of whose columns maps to
a question, or none of whose rows answers one. What does not (warnings, listed and counted
in the provenance file): a cell that cannot be read (that answer is left empty, the rest of
the row is kept), a member answer that matches no member, an out-of-range number, columns
that map to nothing, questions no column holds, the same submission twice (the first is
kept). Problems carry the export's path as the user named it, its 1-based row (spreadsheet
row, or the CSV line a record starts on) and column; the message names the sheet and header.

When the members question asks follow-up ratings about each partner named, they come from
the export's repeat group (see `ties`) and are written to `<round>.ties.csv` with the round;
an export without them is imported with a warning.

Respondent ids are anonymous and stable: "r-" and 10 hex digits of a SHA-256 of the tool's
submission id (KoboToolbox `_uuid` and ODK `KEY` give the same id for the same submission),
or of the row's cells when the export has no id (Google Forms, hand-made tables). Names,
e-mails, usernames, device ids and submitters are never read into the responses.
"""

from __future__ import annotations

import datetime as dt
import difflib
import gc
import hashlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from itertools import compress
from pathlib import Path

from netconsult.errors import Place, Problem, ProjectError, posix, shown
from netconsult.io.survey_import.flavours import Flavour, detect, ignored_sheets
from netconsult.io.survey_import.mapping import (
    CellIssue,
    CellReader,
    ColumnPlan,
    Instrument,
    OptionReader,
    Partial,
    csv_field,
    norm,
    parse_date,
    plan_columns,
    respondent_key,
)
from netconsult.io.survey_import.tables import Cell, Table, cell_text, read_table
from netconsult.io.survey_import.ties import MAIN_LINK_COLUMNS, Parents, TieImport, read_ties
from netconsult.project import models as m
from netconsult.project.responses import (
    FIXED_COLUMNS,
    RESPONSES_DIR,
    Answer,
    Response,
    format_ratings,
    rating_items,
    ratings_path,
    responses_path,
)
from netconsult.project.write import write_atomic

SURVEY_FILE = "survey/survey.yaml"
MAX_LISTED_WARNINGS = 500
#: Respondent ids hash a submission id under this prefix (only the copy is updated per id).
_ID_HASH = hashlib.sha256(b"netconsult respondent\0")


@dataclass
class ImportResult:
    """What an import read, what it made of it, and what it found wrong (no errors).

    Answers are kept by column, as the responses CSV stores them: that is how they are
    converted (each distinct cell once) and how the CSV is written fastest. `decode` maps
    a question's stored texts back to answers, for `responses`.
    """

    table: Table
    flavour: Flavour
    plan: ColumnPlan
    rows_read: int
    respondents: list[str]
    members: list[str | None]
    submitted: list[dt.date | None]
    answers: dict[str, list[str]]  # question id → each respondent's stored text ("": none)
    decode: dict[str, dict[str, Answer]]  # question id → stored text → answer
    rows: list[int]  # each respondent's row in the export
    problems: list[Problem] = field(default_factory=list)
    #: Main columns that repeat rows refer to (casefolded header, "id": the submission id
    #: column), each respondent's key; only kept when the survey asks follow-up ratings.
    links: dict[str, list[str]] = field(default_factory=dict)
    rated: m.Question | None = None  # the members question whose partners are rated
    ties: TieImport | None = None  # the ratings read, when the export has them

    @property
    def members_matched(self) -> int:
        return sum(member is not None for member in self.members)

    @property
    def mode(self) -> str:
        """Whether columns were found by XML name or by wording."""
        hows = [c.how for c in self.plan.answers]
        labels = sum("label" in how for how in hows)
        return "labels" if labels > len(hows) / 2 else "XML names"

    @cached_property
    def responses(self) -> list[Response]:
        """The respondents as `Response`s, lines numbered as in the written CSV."""
        columns = [(qid, texts, self.decode[qid]) for qid, texts in self.answers.items()]
        out = []
        for i, respondent in enumerate(self.respondents):
            answers = {qid: decode[texts[i]] for qid, texts, decode in columns if texts[i]}
            out.append(Response(respondent, self.members[i], self.submitted[i], answers,
                                i + 2))
        return out

    def ratings_text(self, survey: m.SurveyFile) -> str | None:
        """The ratings file, or None when the export holds no ratings."""
        if self.ties is None:
            return None
        return format_ratings(survey, self.ties.ratings)

    def csv_text(self, survey: m.SurveyFile) -> str:
        """The responses file, exactly as `format_responses` writes it for `self.responses`,
        joined column by column without Python code per cell."""
        questions = [q.id for q in survey.questions if q.type != "member"]
        empty = [""] * len(self.respondents)
        columns: list[list[str]] = [
            self.respondents,
            [member or "" for member in self.members],  # member ids need no quotes
            [day.isoformat() if day else "" for day in self.submitted],
            *(self.answers.get(qid, empty) for qid in questions),
        ]
        header = ",".join([*FIXED_COLUMNS, *questions])  # ids need no quotes either
        rows = map(",".join, zip(*columns, strict=True))
        return "\n".join([header, *rows]) + "\n"


def import_file(export: Path, source: str, survey: m.SurveyFile, members: Iterable[m.Member],
                *, sheet: str | None = None, survey_places: dict[str, Place] | None = None,
                ) -> ImportResult:
    """Read the export at `export` (shown as `source` in messages) against the instrument.
    Follow-up ratings are read from the same workbook, or from the file beside a CSV export
    that holds them (ODK Central's `<formid>-<repeat>.csv`)."""
    return run_import(read_table(export, source, sheet), survey, members,
                      survey_places=survey_places, export=export)


def run_import(table: Table, survey: m.SurveyFile, members: Iterable[m.Member], *,
               survey_places: dict[str, Place] | None = None,
               export: Path | None = None) -> ImportResult:
    """The responses in `table`, read against the instrument and the members; `export` is
    the file `table` was read from, where files beside it may hold the ratings."""
    with _gc_paused():
        return _run(table, survey, members, survey_places, export)


@contextmanager
def _gc_paused() -> Iterator[None]:
    # An export becomes thousands of row lists and column tuples, all alive until the end:
    # the cyclic collector would walk them again and again for nothing (about an eighth of
    # the conversion's time in benchmarks/survey_import_speed.py). Nothing here makes cycles.
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _run(table: Table, survey: m.SurveyFile, members: Iterable[m.Member],
         survey_places: dict[str, Place] | None, export: Path | None) -> ImportResult:
    flavour = detect(table)
    instrument = Instrument(survey, members)
    plan = plan_columns(table, flavour, instrument)
    if not plan.answers and not plan.options:
        raise ProjectError([_nothing_maps(table, plan)])
    problems = _plan_problems(table, flavour, plan, instrument, survey_places or {})
    items = rating_items(survey)
    rated = survey.tie_question() if items else None
    reader = _Reader(table, plan, instrument)
    result = reader.read(flavour, MAIN_LINK_COLUMNS if rated else ())
    if not result.respondents:
        raise ProjectError([Problem(
            table.place(table.header_row + 1, 0),
            f"{_in(table)}no row answers any question of the survey ({result.rows_read} rows "
            "read)", hint="check that this is the export of this survey, and the column "
            f"mapping in {SURVEY_FILE}")])
    if rated is not None:
        result.rated = rated
        texts = result.answers.get(rated.id)
        decode = result.decode.get(rated.id, {})
        named = [decode.get(text, ()) if text else () for text in texts] if texts else \
            [()] * len(result.respondents)
        headers = {h.casefold(): h for h in table.header}
        if plan.id_column is not None:
            headers["id"] = plan.id_column.header
        parents = Parents(result.respondents, named, result.links,  # type: ignore[arg-type]
                          headers)
        result.ties, found = read_ties(table, export, flavour, instrument, rated, items,
                                       parents)
        problems += found
    problems += _other_sheets(table, flavour, result.ties)
    result.problems = sorted([*problems, *reader.problems()], key=Problem.sort_key)
    return result


def _in(table: Table) -> str:
    return f"sheet '{table.sheet}': " if table.sheet is not None else ""


def _listed(names: list[str], limit: int = 8) -> str:
    text = ", ".join(f"'{shown(n, 30)[1:-1]}'" for n in names[:limit])
    return text + (f" and {len(names) - limit} more" if len(names) > limit else "")


def _nothing_maps(table: Table, plan: ColumnPlan) -> Problem:
    headers = [c.header for c in plan.with_role("unmapped", "unknown-option")]
    return Problem(
        table.place(table.header_row, 0),
        f"{_in(table)}no column maps to a question of {SURVEY_FILE}"
        + (f" (columns: {_listed(headers)})" if headers else " (it holds only the tool's own "
           "columns)"),
        hint="columns map by question id, by the question's wording, or by a `columns:` list "
        "under the question in survey.yaml"
        + ("; KoboToolbox puts repeat groups on other sheets: choose one with --sheet"
           if len(table.sheets) > 1 else ""))


def _plan_problems(table: Table, flavour: Flavour, plan: ColumnPlan, instrument: Instrument,
                   survey_places: dict[str, Place]) -> list[Problem]:
    problems: list[Problem] = []
    row = table.header_row
    unmapped = plan.with_role("unmapped", "unknown-option")
    if unmapped:
        example = unmapped[0].header
        what = "1 column maps" if len(unmapped) == 1 else f"{len(unmapped)} columns map"
        problems.append(Problem(
            table.place(row, unmapped[0].index),
            f"{_in(table)}{what} to no question of the survey and "
            f"{'is' if len(unmapped) == 1 else 'are'} not imported: "
            f"{_listed([c.header for c in unmapped])}",
            hint=f"to import one, list its header under the question's `columns:` in "
            f"{SURVEY_FILE}, e.g. columns: [\"{example}\"]",
            severity="warning", code="unmapped-columns"))
    for column in plan.with_role("duplicate"):
        assert column.question is not None
        first = next(c for c in plan.answers if c.question is column.question)
        problems.append(Problem(
            table.place(row, column.index),
            f"{table.where(column.index)} also maps to question {column.question.id}, already "
            f"read from column '{first.header}'; this one is not imported",
            hint="if this column is the one to read, name it under the question's `columns:`",
            severity="warning", code="duplicate-column"))
    identifying = plan.with_role("identifying")
    if identifying:
        problems.append(Problem(
            table.place(row, identifying[0].index),
            f"{_in(table)}dropped {len(identifying)} column{'s' if len(identifying) != 1 else ''}"
            f" that identif{'y' if len(identifying) != 1 else 'ies'} people or devices: "
            f"{_listed([c.header for c in identifying])}", severity="info",
            code="identifying-columns"))
    unmapped_headers = [c.header for c in unmapped]
    for question in plan.missing:
        if question.type == "member":
            message = (f"no column of {table.source} says which member organisation answered "
                       f"(question {question.id}); responses are imported without a member")
        else:
            message = f"question {question.id} has no column in {table.source}"
        close = _closest_header(question, unmapped_headers)
        hint = (f"if its column is \"{close}\", add columns: [\"{close}\"] to the question"
                if close else "if the export has it under another header, list that header "
                "under the question's `columns:`")
        problems.append(Problem(survey_places.get(question.id, Place(SURVEY_FILE)), message,
                                hint=hint, severity="warning", code="question-without-column"))
    if instrument.member_question is None:
        problems.append(Problem(
            Place(SURVEY_FILE), "the survey has no 'member' question, so responses are not "
            "tied to member organisations", hint="add a question of type member (which member "
            "organisation do you work for?)", severity="info", code="no-member-question"))
    return problems


def _other_sheets(table: Table, flavour: Flavour, ties: TieImport | None) -> list[Problem]:
    """A note naming the workbook's sheets that were not read."""
    ratings = ties.table.sheet if ties is not None and ties.table.source == table.source \
        else None
    others = [s for s in ignored_sheets(table) if s != ratings]
    if not others or table.sheet is None:
        return []
    if ratings is not None:
        why = f"only the ratings' repeat group, on sheet '{ratings}', is imported"
    elif flavour.id.startswith("kobo"):
        why = "repeat groups are not imported"
    else:
        why = "only one sheet is imported"
    return [Problem(
        table.place(), f"sheet{'s' if len(others) != 1 else ''} {_listed(others)} "
        f"{'were' if len(others) != 1 else 'was'} not read ({why}); responses come from "
        f"sheet '{table.sheet}'", severity="info", code="other-sheets")]


def _closest_header(question: m.Question, headers: list[str]) -> str | None:
    """The unmapped header most like the question's id or wording, if one is close."""
    if not headers:
        return None
    wordings = [question.id] + (
        [question.label] if isinstance(question.label, str) else list(question.label.values()))
    by_norm = {norm(h): h for h in headers}
    for wording in wordings:
        match = difflib.get_close_matches(norm(wording), list(by_norm), n=1, cutoff=0.75)
        if match:
            return by_norm[match[0]]
    return None


class _Reader:
    """Reads the rows column by column: each column's distinct cells are converted once,
    then the column is mapped through that table at C speed (no Python code per cell)."""

    def __init__(self, table: Table, plan: ColumnPlan, instrument: Instrument) -> None:
        self.table = table
        self.plan = plan
        self.other: list[Problem] = []
        where = {c.index: table.where(c.index) for c in plan.columns}
        self.readers: list[CellReader] = []
        self.member: CellReader | None = None
        for column in plan.answers:
            assert column.question is not None
            reader = CellReader(column, column.question, instrument, where[column.index])
            if column.role == "member":
                self.member = reader
            else:
                self.readers.append(reader)
        self.options = [OptionReader(instrument.by_id[qid], columns, where)
                        for qid, columns in plan.options.items()]
        self.empty_rows = 0
        self.bad_dates: list[tuple[int, str]] = []

    def read(self, flavour: Flavour, links: tuple[str, ...] = ()) -> ImportResult:
        """The respondents; `links` names (casefolded) main columns that repeat rows refer to,
        whose keys are kept for each respondent."""
        plan = self.plan
        folded = [h.casefold() for h in self.table.header]
        link_columns = {name: folded.index(name) for name in links if name in folded}
        # Only the columns read are kept; all of them when a row's content is its identity.
        needed = sorted({c.index for c in plan.answers}
                        | {c.index for cs in plan.options.values() for c in cs}
                        | {c.index for c in (plan.id_column, plan.time_column) if c}
                        | set(link_columns.values()))
        if plan.id_column is None:
            needed = list(range(len(self.table.header)))
        numbers, rows = self.table.take(needed)
        self._extra_cells()
        count = len(rows)
        transposed = list(zip(*rows, strict=True)) if rows else [() for _ in needed]
        columns = dict(zip(needed, transposed, strict=True))
        answers = {r.question.id: self._convert(r, columns[r.column.index], numbers)
                   for r in self.readers}
        decode = {r.question.id: r.answers for r in self.readers}
        for option_reader in self.options:
            qid = option_reader.question.id
            answers[qid], decode[qid] = self._options(option_reader, columns, numbers)
        members: list[str | None] = [None] * count
        if self.member:
            found = self._convert(self.member, columns[self.member.column.index], numbers)
            members = [member or None for member in found]
        id_index = plan.id_column.index if plan.id_column else -1
        keys = [respondent_key(c) for c in columns[id_index]] if id_index >= 0 else None
        kept, respondents = self._select(numbers, rows, answers, members, keys, id_index)
        submitted = self._dates(numbers, columns, kept)
        kept_links: dict[str, list[str]] = {}
        if links:
            for name, index in link_columns.items():
                kept_links[name] = [respondent_key(columns[index][i]) for i in kept]
            if keys is not None:
                kept_links["id"] = [keys[i] for i in kept]
        if len(kept) < count:
            mask = [False] * count
            for i in kept:
                mask[i] = True
            members = list(compress(members, mask))
            answers = {qid: list(compress(values, mask)) for qid, values in answers.items()}
            numbers = list(compress(numbers, mask))
        return ImportResult(self.table, flavour, plan, count, respondents,
                            members, submitted, answers, decode, numbers, links=kept_links)

    def _extra_cells(self) -> None:
        extra = self.table.extra_cells
        if extra:
            header = len(self.table.header)
            self.other.append(Problem(
                self.table.place(extra[0], header),
                f"row {extra[0]} has more cells than the header has columns"
                + (f" (and {len(extra) - 1} more rows)" if len(extra) > 1 else "")
                + "; the extra cells are not read",
                hint="a cell holding the delimiter must be quoted", severity="warning",
                code="extra-cells"))

    def _convert(self, reader: CellReader, column: Sequence[Cell],
                 numbers: list[int]) -> list[str]:
        cache = reader.cache
        try:  # a likert column's values are all known in advance: one pass
            values: list[object] = list(map(cache.__getitem__, column))
        except KeyError:  # convert each cell not met before, once
            for cell in set(column).difference(cache):
                reader.read(cell)
            values = list(map(cache.__getitem__, column))
        if reader.has_issues:
            for i, value in enumerate(values):
                if isinstance(value, CellIssue):
                    value.add(numbers[i], column[i])
                    values[i] = ""
                elif isinstance(value, Partial):
                    for issue in value.issues:
                        issue.add(numbers[i], column[i])
                    values[i] = value.text
        return values  # type: ignore[return-value]

    def _options(self, option_reader: OptionReader, columns: dict[int, tuple[Cell, ...]],
                 numbers: list[int]) -> tuple[list[str], dict[str, Answer]]:
        chosen, not_chosen = OptionReader.CHOSEN, OptionReader.NOT_CHOSEN
        flags = []
        for column in option_reader.columns:
            cells = columns[column.index]
            odd = set(cells).difference(chosen, not_chosen)
            if odd:
                for i, cell in enumerate(cells):
                    if cell in odd:
                        option_reader.bad(column, cell).add(numbers[i], cell)
            flags.append(list(map(chosen.__contains__, cells)))
        names = [c.choice or "" for c in option_reader.columns]
        picked = [tuple(compress(names, row)) for row in zip(*flags, strict=True)]
        texts = {p: csv_field(p) if p else "" for p in set(picked)}
        decode: dict[str, Answer] = {text: p for p, text in texts.items() if p}
        return list(map(texts.__getitem__, picked)), decode

    def _select(self, numbers: list[int], rows: list[Sequence[Cell]],
                answers: dict[str, list[str]], members: list[str | None],
                keys: list[str] | None, id_index: int) -> tuple[list[int], list[str]]:
        """The rows imported (answering something, each submission once) and their ids."""
        texts = list(answers.values())
        first_row: dict[str, int] = {}
        ids: dict[str, str] = {}
        kept: list[int] = []
        respondents: list[str] = []
        for i in range(len(rows)):
            # A row naming a member is kept; others only when they answer something.
            if members[i] is None and not any(column[i] for column in texts):
                if any(c != "" for c in rows[i]):
                    self.empty_rows += 1
                continue
            key = keys[i] if keys is not None else ""
            if key:
                key = "id:" + key
                if key in first_row:
                    self._duplicate(numbers[i], key[3:], first_row[key], id_index)
                    continue
            else:  # no submission id: the row's content is its identity
                key = "row:" + "\x1f".join(map(cell_text, rows[i]))
                if key in first_row:
                    self._same_answers(numbers[i], first_row[key])
                    key += f"\x1f{numbers[i]}"
            first_row[key] = numbers[i]
            kept.append(i)
            respondents.append(_respondent_id(key, ids))
        return kept, respondents

    def _dates(self, numbers: list[int], columns: dict[int, tuple[Cell, ...]],
               kept: list[int]) -> list[dt.date | None]:
        """Each kept row's submission date; the day/month order of d/m/y dates is settled by
        the whole column."""
        if not self.plan.time_column:
            return [None] * len(kept)
        index = self.plan.time_column.index
        cells = columns[index]
        parsed = {cell: parse_date(cell) for cell in {cells[i] for i in kept} if cell != ""}
        loose = [v for v in parsed.values() if isinstance(v, tuple)]
        day_first = any(a > 12 for a, _, _ in loose)
        month_first = any(b > 12 for _, b, _ in loose)
        out: list[dt.date | None] = []
        for i in kept:
            cell = cells[i]
            value = parsed.get(cell)
            if isinstance(value, tuple):
                first, second, year = value
                day, month = (first, second) if day_first else (second, first)
                try:
                    value = dt.date(year, month, day)
                except ValueError:
                    value = None
            if value is None and cell != "":
                self.bad_dates.append((numbers[i], cell_text(cell)))
            out.append(value)
        if loose and not (day_first or month_first):
            first, second, year = loose[0]
            self.other.append(Problem(
                self.table.place(self.table.header_row, index),
                f"{self.table.where(index)}: dates such as {first}/{second}/{year} are read "
                "month first (US order); no date in the column says which order it uses",
                severity="info", code="date-order"))
        if self.bad_dates:
            number, text = self.bad_dates[0]
            more = len(self.bad_dates) - 1
            self.other.append(Problem(
                self.table.place(number, index),
                f"{self.table.where(index)}: {shown(text)} is not a date"
                + (f" (and {more} more)" if more else "")
                + "; the submission date is left empty", severity="warning", code="bad-date"))
        return out

    def _duplicate(self, number: int, key: str, first: int, index: int) -> None:
        self.other.append(Problem(
            self.table.place(number, index),
            f"{self.table.where(index)}: submission {shown(key, 60)} appears again (first on "
            f"row {first}); this row is skipped",
            hint="an export of all versions can hold a submission twice; keep one",
            severity="warning", code="duplicate-respondent"))

    def _same_answers(self, number: int, first: int) -> None:
        self.other.append(Problem(
            self.table.place(number, 0),
            f"{_in(self.table)}row {number} repeats row {first} exactly and the export has no "
            "submission id to tell them apart; both are imported",
            hint="if one was submitted twice, delete it from the export and import again",
            severity="warning", code="same-answers"))

    def problems(self) -> list[Problem]:
        issues: list[CellIssue] = []
        for reader in [*self.readers, *([self.member] if self.member else [])]:
            found: dict[int, CellIssue] = {}  # shared issues are cached under many cells
            for value in reader.cache.values():
                for issue in value.issues if isinstance(value, Partial) else [value]:
                    if isinstance(issue, CellIssue) and issue.count:
                        found[id(issue)] = issue
            issues.extend(found.values())
        for option_reader in self.options:
            issues.extend(option_reader.issues.values())
        out = list(self.other)
        for issue in issues:
            out.append(Problem(self.table.place(issue.first_row, issue.index), issue.message,
                               issue.hint, severity="warning", code=issue.code))
        if self.empty_rows:
            out.append(Problem(
                self.table.place(self.table.header_row, 0),
                f"{_in(self.table)}{self.empty_rows} row"
                f"{'s' if self.empty_rows != 1 else ''} answered none of the survey's "
                "questions and name no member; skipped", severity="info", code="empty-rows"))
        return out


def _respondent_id(key: str, ids: dict[str, str]) -> str:
    hashed = _ID_HASH.copy()
    hashed.update(key.encode("utf-8"))
    digest = hashed.hexdigest()
    respondent = "r-" + digest[:10]
    if ids.setdefault(respondent, key) != key:  # 40 bits rarely collide; when they do, widen
        respondent = "r-" + digest[:20]
        ids[respondent] = key
    return respondent


# -- loading the project, writing the round -----------------------------------------------


def provenance_path(round_id: str) -> str:
    return f"{RESPONSES_DIR}/{round_id}.import.yaml"


def provenance(result: ImportResult, round_id: str, source_name: str) -> str:
    """The reviewable record of where `<round>.csv` came from and what the import did."""
    import yaml

    table, plan = result.table, result.plan
    counts: dict[str, int] = {}
    for problem in result.problems:
        key = f"{problem.severity}s"
        counts[key] = counts.get(key, 0) + 1
    kinds: dict[str, int] = {}
    for problem in result.problems:
        if problem.code:
            kinds[problem.code] = kinds.get(problem.code, 0) + 1
    data = {
        "source": source_name,
        "sha256": table.sha256,
        "bytes": table.size,
        "flavour": result.flavour.id,
        "sheet": table.sheet,
        "round": round_id,
        "rows_read": result.rows_read,
        "respondents": len(result.respondents),
        "members_matched": result.members_matched,
        "columns": {f"{table.column(c.index)}: {c.header or '(no header)'}": c.describe()
                    for c in plan.columns},
        "questions_without_column": [q.id for q in plan.missing],
        "problems": {**counts, **dict(sorted(kinds.items()))},
        "warnings": [f"{p.place}: {p.message}" for p in result.problems
                     if p.severity == "warning"][:MAX_LISTED_WARNINGS],
    }
    if table.sheet is None:
        del data["sheet"]
    if result.rated is not None:
        data["ratings"] = _ratings_record(result, source_name)
        # The ratings' warnings are listed with the others (they name their sheet or file).
        data["warnings"] = data.pop("warnings")
    files = f"{round_id}.csv" + (f" and {round_id}.ties.csv" if result.ties else "")
    header = (f"# Written by `netconsult survey import`: where {files} came from.\n"
              "# Import again with --force to replace the round's files; edit none by hand.\n")
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml when PyYAML has it
    return header + yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True,
                              width=100)


def _ratings_record(result: ImportResult, source_name: str) -> dict[str, object] | str:
    """What the provenance file says of the follow-up ratings."""
    ties = result.ties
    if ties is None:
        return "not imported: the export holds none (see warnings)"
    record: dict[str, object] = {}
    if ties.table.source != result.table.source:  # a file beside the export
        record["source"] = posix(Path(source_name).with_name(Path(ties.table.source).name))
        record["sha256"] = ties.table.sha256
        record["bytes"] = ties.table.size
    else:
        record["sheet"] = ties.table.sheet
    record.update({
        "rows_read": ties.rows_read,
        "ratings": len(ties.ratings),
        "respondents": ties.respondents,
        "rows_skipped": ties.rows_read - len(ties.ratings),
        "joined_by": ties.link,
        "columns": {f"{number}: {header or '(no header)'}": what
                    for number, header, what in ties.columns},
    })
    return record


def write_round(root: Path, round_id: str, survey: m.SurveyFile, result: ImportResult,
                source_name: str) -> tuple[Path, Path]:
    """Write the responses CSV, its ratings file when the export holds ratings (an older
    ratings file of the round is removed when it does not: it would name other
    respondents) and the provenance file, each atomically."""
    csv_path = root / responses_path(round_id)
    meta_path = root / provenance_path(round_id)
    ties_path = root / ratings_path(round_id)
    with _gc_paused():
        text = result.csv_text(survey)
    ratings = result.ratings_text(survey)
    write_atomic(csv_path, text)
    if ratings is not None:
        write_atomic(ties_path, ratings)
    elif ties_path.exists():
        ties_path.unlink()
    write_atomic(meta_path, provenance(result, round_id, source_name))
    return csv_path, meta_path
