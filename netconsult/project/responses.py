"""Parsed survey responses as the project stores them: one reviewable CSV per round.

`netconsult survey import` turns a tool's export into `survey/responses/<round>.csv`; every
later step (check, analysis, reports) reads only these files, never the raw exports. The
CSV is plain enough to review in a diff or a spreadsheet, and to correct by hand:

    respondent,member,submitted,<question id>,<question id>,...

- `respondent`: an anonymous, stable id (never a name or an e-mail address);
- `member`: the member organisation the respondent answered for (a member id), or empty;
- `submitted`: the submission date, YYYY-MM-DD, or empty;
- then one column per question, in the instrument's order. An empty cell means "not
  answered". Likert cells hold 1-5 or the survey's don't-know / not-applicable codes; single
  questions a choice name; multiple and members questions names separated by spaces;
  numbers as written; text as typed.

When the survey's members question asks follow-up ratings about each partner named (its
`follow_ups`), they are stored beside the round's file in `survey/responses/<round>.ties.csv`:

    respondent,partner,intensity,reliability,openness,mission,influence,resources,involvement

- `respondent`: a respondent of `<round>.csv`;
- `partner`: a member id that respondent named in the members question;
- then one column per item asked, in this order (intensity; the trust items reliability,
  openness, mission; the value items influence, resources, involvement), only those the
  instrument asks. Cells hold 1-4 or nothing (not rated).

One row per respondent and partner. A round without the file simply has no ratings.

Reading validates every cell against the instrument and reports `path:line: message`, so a
hand edit that breaks a file is caught like any other project file.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from netconsult.errors import Place, Problem, did_you_mean, shown
from netconsult.project import models as m

RESPONSES_DIR = "survey/responses"
FIXED_COLUMNS = ("respondent", "member", "submitted")
LIKERT_POINTS = ("1", "2", "3", "4", "5")
#: The ratings file beside each round's responses, and its first columns.
RATINGS_SUFFIX = ".ties.csv"
RATINGS_COLUMNS = ("respondent", "partner")
RATING_POINTS = ("1", "2", "3", "4")
#: Responses are data, not hand-written files, but a round of a member survey is small:
#: this bounds what `check` will read before it says the file is not a responses file.
MAX_RESPONSES_BYTES = 200 * 1024 * 1024

#: One answer: a choice or code name, a tuple of names (multiple/members), a number, text.
Answer = str | tuple[str, ...] | float


@dataclass(frozen=True, slots=True)
class Response:
    """One respondent's answers in one round. Unanswered questions are absent."""

    respondent: str
    member: str | None
    submitted: dt.date | None
    answers: dict[str, Answer]
    line: int  # where it is in the CSV, for messages


@dataclass(frozen=True, slots=True)
class PartnerRating:
    """One respondent's follow-up ratings of one partner it named (items rated 1-4; items
    not rated are absent)."""

    respondent: str
    partner: str
    values: dict[str, int]
    line: int  # where it is in the ratings file, for messages


@dataclass(frozen=True)
class ResponseSet:
    """All responses of one round, as stored in survey/responses/<round>.csv, and the
    follow-up ratings of <round>.ties.csv when there is one."""

    round: str
    path: str  # project-relative
    responses: tuple[Response, ...]
    ratings: tuple[PartnerRating, ...] = ()
    ratings_path: str | None = None  # project-relative, when the round has a ratings file

    def __len__(self) -> int:
        return len(self.responses)

    def members_named(self) -> set[str]:
        """Ids of the member organisations at least one response answers for (the loader
        has checked every one is in members.yaml)."""
        return {r.member for r in self.responses if r.member}


def responses_path(round_id: str) -> str:
    return f"{RESPONSES_DIR}/{round_id}.csv"


def ratings_path(round_id: str) -> str:
    return f"{RESPONSES_DIR}/{round_id}{RATINGS_SUFFIX}"


def rating_items(survey: m.SurveyFile) -> list[str]:
    """The follow-up items the instrument asks about each partner named, in the order of
    `FOLLOW_UP_ITEMS`; none when its members question asks no follow-ups."""
    question = survey.tie_question()
    if question is None:
        return []
    return [item for group, items in m.FOLLOW_UP_ITEMS.items()
            if group in question.follow_ups for item in items]


def default_round(survey: m.SurveyFile) -> str:
    """The round an import goes to when none is named: the latest declared one, or 'main'."""
    return survey.rounds[-1].id if survey.rounds else "main"


# -- writing ---------------------------------------------------------------------------


def format_responses(survey: m.SurveyFile, responses: Iterable[Response]) -> str:
    """The CSV text for `responses`: columns in instrument order, values in stored form."""
    questions = [q.id for q in survey.questions if q.type != "member"]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*FIXED_COLUMNS, *questions])
    for response in responses:
        row = [response.respondent, response.member or "",
               response.submitted.isoformat() if response.submitted else ""]
        for qid in questions:
            row.append(stored_text(response.answers.get(qid)))
        writer.writerow(row)
    return out.getvalue()


def format_ratings(survey: m.SurveyFile, ratings: Iterable[PartnerRating]) -> str:
    """The ratings file's text: the asked items' columns, in `rating_items` order."""
    items = rating_items(survey)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*RATINGS_COLUMNS, *items])
    for rating in ratings:
        writer.writerow([rating.respondent, rating.partner,
                         *(str(rating.values[i]) if i in rating.values else "" for i in items)])
    return out.getvalue()


def stored_text(value: Answer | None) -> str:
    if value is None:
        return ""
    if isinstance(value, tuple):
        return " ".join(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return value


# -- reading ---------------------------------------------------------------------------


def load_responses(root: Path, survey: m.SurveyFile, member_ids: Iterable[str],
                   ) -> tuple[dict[str, ResponseSet], list[Problem]]:
    """Every survey/responses/*.csv, validated against the instrument and the members."""
    folder = root / RESPONSES_DIR
    sets: dict[str, ResponseSet] = {}
    problems: list[Problem] = []
    if not folder.is_dir():
        return sets, problems
    declared = [r.id for r in survey.rounds]
    reader = _Reader(survey, set(member_ids))
    paths = sorted(folder.glob("*.csv"))
    rounds = {p.name.removesuffix(".csv") for p in paths if not p.name.endswith(RATINGS_SUFFIX)}
    for path in paths:
        rel = f"{RESPONSES_DIR}/{path.name}"
        if path.name.endswith(RATINGS_SUFFIX):  # read with its round's responses
            round_id = path.name.removesuffix(RATINGS_SUFFIX)
            if round_id not in rounds:
                problems.append(Problem(
                    Place(rel), f"ratings for round '{round_id}', which has no responses file",
                    hint=f"ratings belong to the respondents of {responses_path(round_id)}; "
                    "import the round's export with `netconsult survey import`"))
            continue
        round_id = path.stem
        if declared and round_id not in declared:
            problems.append(Problem(
                Place(rel), f"responses for round '{round_id}', which survey/survey.yaml does "
                "not declare", hint=did_you_mean(round_id, declared, "rounds")
                or "add it under 'rounds:' in survey/survey.yaml, or rename the file"))
            continue
        text = _read_text(path, rel, problems)
        if text is None:
            continue
        responses, found = reader.read(rel, text)
        problems.extend(found)
        ties_rel = ratings_path(round_id)
        ratings: list[PartnerRating] = []
        ties_file = root / ties_rel
        if ties_file.is_file():
            ties_text = _read_text(ties_file, ties_rel, problems)
            if ties_text is not None:
                ratings, found = _RatingsReader(survey, responses).read(ties_rel, ties_text)
                problems.extend(found)
        sets[round_id] = ResponseSet(round_id, rel, tuple(responses), tuple(ratings),
                                     ties_rel if ties_file.is_file() else None)
    order = {r: i for i, r in enumerate(declared)}
    sets = dict(sorted(sets.items(), key=lambda item: (order.get(item[0], 0), item[0])))
    return sets, problems


def _read_text(path: Path, rel: str, problems: list[Problem]) -> str | None:
    """A responses or ratings file's text; None (and a problem) when it cannot be read."""
    try:
        size = path.stat().st_size
        if size > MAX_RESPONSES_BYTES:
            problems.append(Problem(Place(rel), f"file is too large ({size:,} bytes)"))
            return None
        return path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        problems.append(Problem(Place(rel), f"cannot read file: {exc.strerror or exc}"))
    except UnicodeDecodeError:
        problems.append(Problem(Place(rel), "file is not UTF-8 text",
                                hint="re-run `netconsult survey import`, or save it as "
                                "UTF-8 CSV"))
    return None


def _header(rel: str, rows: Iterator[list[str]], fixed: tuple[str, ...]) -> list[str] | Problem:
    """The header row of a stored CSV, or why it is not one: it must start with `fixed`."""
    try:
        header = next(rows)
    except StopIteration:
        return Problem(Place(rel), "file is empty",
                       hint="it starts with the header " + ",".join(fixed))
    except csv.Error as exc:
        return Problem(Place(rel, 1), f"not a CSV file: {exc}")
    if tuple(header[:len(fixed)]) != fixed:
        return Problem(Place(rel, 1), "the header must start with " + ",".join(fixed),
                       hint="files here are written by `netconsult survey import`")
    return header


def _lines(rel: str, rows: Any, problems: list[Problem]) -> Iterator[tuple[int, list[str]]]:
    """The data rows of a stored CSV (after its header) with their line numbers, blank rows
    skipped; a CSV error ends the file with a problem placed after the last good line."""
    line = 1
    try:
        for row in rows:
            line = rows.line_num
            if any(cell.strip() for cell in row):
                yield line, row
    except csv.Error as exc:
        problems.append(Problem(Place(rel, line + 1), f"broken CSV: {exc}"))


class _Reader:
    def __init__(self, survey: m.SurveyFile, member_ids: set[str]) -> None:
        self.survey = survey
        self.members = member_ids
        self.questions = {q.id: q for q in survey.questions if q.type != "member"}
        self.codes = (survey.codes.dont_know, survey.codes.not_applicable)

    def read(self, rel: str, text: str) -> tuple[list[Response], list[Problem]]:
        problems: list[Problem] = []
        rows = csv.reader(io.StringIO(text, newline=""))
        header = _header(rel, rows, FIXED_COLUMNS)
        if isinstance(header, Problem):
            return [], [header]
        columns: list[m.Question | None] = []
        for index, name in enumerate(header[3:], start=4):
            question = self.questions.get(name)
            if question is None:
                problems.append(Problem(
                    Place(rel, 1, index), f"column '{name}' is no question of the survey",
                    hint=did_you_mean(name, self.questions, "question ids")
                    or "remove the column, or add the question to survey/survey.yaml"))
            elif question in columns:
                problems.append(Problem(Place(rel, 1, index), f"column '{name}' appears twice"))
                question = None
            columns.append(question)
        responses: list[Response] = []
        seen: dict[str, int] = {}
        for line, row in _lines(rel, rows, problems):
            response = self._row(rel, line, row, columns, problems)
            if response.respondent in seen:
                problems.append(Problem(
                    Place(rel, line, 1), f"respondent '{response.respondent}' appears twice",
                    hint=f"the first is on line {seen[response.respondent]}"))
                continue
            seen[response.respondent] = line
            responses.append(response)
        return responses, problems

    def _row(self, rel: str, line: int, row: Sequence[str], columns: list[m.Question | None],
             problems: list[Problem]) -> Response:
        def bad(column: int, message: str, hint: str | None = None) -> None:
            problems.append(Problem(Place(rel, line, column), message, hint))

        if len(row) > len(columns) + 3:
            bad(len(columns) + 4, f"{len(row)} cells, but the header has {len(columns) + 3}")
        cells = [*row, "", "", ""]
        respondent = cells[0].strip()
        if not respondent:
            bad(1, "no respondent id", hint="every row needs an anonymous respondent id")
            respondent = f"line-{line}"
        member = cells[1].strip() or None
        if member is not None and member not in self.members:
            bad(2, f"unknown member '{member}'",
                hint=did_you_mean(member, self.members, "member ids"))
        submitted = None
        if cells[2].strip():
            try:
                submitted = dt.date.fromisoformat(cells[2].strip())
            except ValueError:
                bad(3, f"submission date {shown(cells[2])} is not YYYY-MM-DD")
        answers: dict[str, Answer] = {}
        for index, question in enumerate(columns):
            raw = cells[index + 3].strip() if index + 3 < len(row) else ""
            if question is None or not raw:
                continue
            value, error = self.parse(question, raw)
            if error:
                bad(index + 4, f"{question.id}: {error}")
            elif value is not None:
                answers[question.id] = value
        return Response(respondent, member, submitted, answers, line)

    def parse(self, question: m.Question, raw: str) -> tuple[Answer | None, str | None]:
        """The stored answer for `raw`, or an error message."""
        kind = question.type
        if kind == "likert":
            if raw in LIKERT_POINTS or raw in self.codes:
                return raw, None
            return None, (f"{shown(raw)} is not on the 1-5 scale nor a don't-know/"
                          f"not-applicable code ({' or '.join(self.codes)})")
        if kind == "number":
            try:
                number = float(raw)
            except ValueError:
                return None, f"{shown(raw)} is not a number"
            if question.minimum is not None and number < question.minimum:
                return None, f"{raw} is below the minimum {question.minimum:g}"
            if question.maximum is not None and number > question.maximum:
                return None, f"{raw} is above the maximum {question.maximum:g}"
            return number, None
        if kind == "text":
            return raw, None
        names = raw.split()
        known = self.members if kind == "members" else {c.name for c in question.choices}
        unknown = [name for name in names if name not in known]
        if unknown:
            what = "member" if kind == "members" else "choice"
            hint = did_you_mean(unknown[0], known, what + "s")
            return None, f"unknown {what} '{unknown[0]}'" + (f" ({hint})" if hint else "")
        if kind == "single":
            if len(names) > 1:
                return None, f"one choice expected, got {len(names)}"
            return names[0], None
        return tuple(dict.fromkeys(names)), None


class _RatingsReader:
    """Reads <round>.ties.csv against the instrument and the round's responses."""

    def __init__(self, survey: m.SurveyFile, responses: Sequence[Response]) -> None:
        self.question = survey.tie_question()
        self.items = rating_items(survey)
        self.named: dict[str, tuple[str, ...]] = {}
        for response in responses:
            value = response.answers.get(self.question.id) if self.question else None
            self.named[response.respondent] = value if isinstance(value, tuple) else ()

    def read(self, rel: str, text: str) -> tuple[list[PartnerRating], list[Problem]]:
        if not self.items:
            what = (f"its members question {self.question.id} asks no follow-up ratings"
                    if self.question else "it asks no members question")
            return [], [Problem(
                Place(rel), f"a ratings file, but survey/survey.yaml asks for none ({what})",
                hint="add `follow_ups: [intensity, trust, value]` to the members question, "
                "or delete this file")]
        problems: list[Problem] = []
        rows = csv.reader(io.StringIO(text, newline=""))
        header = _header(rel, rows, RATINGS_COLUMNS)
        if isinstance(header, Problem):
            return [], [header]
        fixed = len(RATINGS_COLUMNS)
        columns: list[str | None] = []
        for index, name in enumerate(header[fixed:], start=fixed + 1):
            item: str | None = name
            if name not in self.items:
                known = any(name in items for items in m.FOLLOW_UP_ITEMS.values())
                problems.append(Problem(
                    Place(rel, 1, index),
                    f"column '{name}' is a rating the survey does not ask" if known
                    else f"column '{name}' is no follow-up rating",
                    hint=(f"question {self.question.id} asks: " + ", ".join(self.items))
                    if known and self.question else did_you_mean(name, self.items, "ratings")))
                item = None
            elif name in columns:
                problems.append(Problem(Place(rel, 1, index), f"column '{name}' appears twice"))
                item = None
            columns.append(item)
        ratings: list[PartnerRating] = []
        seen: dict[tuple[str, str], int] = {}
        for line, row in _lines(rel, rows, problems):
            rating = self._row(rel, line, row, columns, problems)
            if rating is None:
                continue
            key = (rating.respondent, rating.partner)
            if key in seen:
                problems.append(Problem(
                    Place(rel, line, 2), f"respondent '{rating.respondent}' rates partner "
                    f"'{rating.partner}' twice", hint=f"the first is on line {seen[key]}"))
                continue
            seen[key] = line
            ratings.append(rating)
        return ratings, problems

    def _row(self, rel: str, line: int, row: Sequence[str], columns: list[str | None],
             problems: list[Problem]) -> PartnerRating | None:
        def bad(column: int, message: str, hint: str | None = None) -> None:
            problems.append(Problem(Place(rel, line, column), message, hint))

        fixed = len(RATINGS_COLUMNS)
        if len(row) > len(columns) + fixed:
            bad(len(columns) + fixed + 1,
                f"{len(row)} cells, but the header has {len(columns) + fixed}")
        cells = [*row, "", ""]
        respondent, partner = cells[0].strip(), cells[1].strip()
        assert self.question is not None  # items are asked, so a members question is
        if not respondent:
            bad(1, "no respondent id", hint="every row names a respondent of the round")
            return None
        if respondent not in self.named:
            bad(1, f"unknown respondent '{respondent}': not in the round's responses file",
                hint=did_you_mean(respondent, self.named, "respondents"))
            return None
        named = self.named[respondent]
        if not partner:
            bad(2, "no partner", hint=f"the member id of a partner the respondent named in "
                f"question {self.question.id}")
            return None
        if partner not in named:
            bad(2, f"partner '{partner}' is not among those respondent '{respondent}' named "
                f"in question {self.question.id}",
                hint=("it named: " + " ".join(named)) if named else "it named none")
            return None
        values: dict[str, int] = {}
        for index, item in enumerate(columns):
            raw = cells[index + fixed].strip() if index + fixed < len(row) else ""
            if item is None or not raw:
                continue
            if raw in RATING_POINTS:
                values[item] = int(raw)
            else:
                bad(index + fixed + 1, f"{item}: {shown(raw)} is not a rating from 1 to 4")
        return PartnerRating(respondent, partner, values, line)
