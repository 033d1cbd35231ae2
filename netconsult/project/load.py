"""Load a project folder into an immutable, validated `Project` (or fail with every problem).

files → YAML with positions (yamldoc) → pydantic models (validate) → cross-file references
(references) → `Project`. Nothing here prints; problems are collected and raised once.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from netconsult.errors import Place, Problem, ProjectError, UsageError
from netconsult.project import models as m
from netconsult.project.references import check_references
from netconsult.project.responses import ResponseSet, load_responses
from netconsult.project.validate import validate
from netconsult.project.yamldoc import YamlDoc, YamlSyntaxError, parse_yaml, split_front_matter

#: Project files are hand-written text; anything bigger is a mistake, not a project file.
MAX_FILE_BYTES = 5 * 1024 * 1024
MEETINGS_DIR = "meetings"


@dataclass(frozen=True)
class Meeting:
    """One meeting note: its front matter, its Markdown notes and where it lives."""

    id: str  # the file name without .md, as cited by `meeting:<id>` evidence
    path: str
    front: m.MeetingFrontMatter
    notes: str

    @property
    def date(self) -> Any:
        return self.front.date

    @property
    def kind(self) -> str:
        return self.front.kind

    @property
    def region(self) -> str | None:
        return self.front.region

    @property
    def deliverable(self) -> str | None:
        return self.front.deliverable

    @property
    def findings(self) -> list[m.Finding]:
        return self.front.findings

    @property
    def title(self) -> str:
        return self.front.title or self.id


@dataclass(frozen=True)
class Project:
    """A loaded, validated engagement. Immutable: analysis and checks only read it."""

    root: Path
    config: m.ProjectConfig
    members: tuple[m.Member, ...]
    deliverables: tuple[m.Deliverable, ...]
    meetings: tuple[Meeting, ...]
    recommendations: tuple[m.Recommendation, ...]
    actions: tuple[m.Action, ...]
    events: tuple[m.Event, ...]
    timesheet: tuple[m.TimesheetEntry, ...]
    benchmark: m.BenchmarkFile | None
    survey: m.SurveyFile | None
    responses: dict[str, ResponseSet]  # round id → parsed responses, in round order
    ties: m.TiesFile | None  # network/ties.yaml, when the project has one
    files: frozenset[str]  # project-relative paths of the files that exist
    places: dict[tuple[str, str], Place] = field(repr=False)

    @property
    def engagement(self) -> m.Engagement:
        return self.config.engagement

    @property
    def network(self) -> m.Network:
        return self.config.network

    def place(self, kind: str, key: str) -> Place:
        """Where a record (`("deliverable", "D2")`, `("file", "workplan.yaml")`...) is written."""
        return self.places.get((kind, key)) or Place(key if kind == "file" else "netconsult.yaml")

    def deliverable(self, deliverable_id: str) -> m.Deliverable | None:
        return next((d for d in self.deliverables if d.id == deliverable_id), None)


def load_project(root: Path, *, responses: bool = True) -> Project:
    """Read and validate the project folder at `root`; raise ProjectError listing every problem.

    `responses=False` leaves out survey/responses/ (an import that replaces a round's file
    must not be blocked by a hand edit that broke it)."""
    if not root.is_dir():
        raise UsageError.at(str(root), "no such project folder", hint="run `netconsult init` first")
    if not (root / "netconsult.yaml").is_file():
        raise ProjectError(
            [
                Problem(
                    Place("netconsult.yaml"),
                    "no such file: this folder is not a netconsult project",
                    hint="run `netconsult init` to start one here, or name the project folder",
                )
            ],
            root=str(root),
        )
    try:
        return _Loader(root, responses=responses).load()
    except ProjectError as exc:
        exc.root = str(root)
        raise


class _Loader:
    def __init__(self, root: Path, *, responses: bool = True) -> None:
        self.root = root
        self.with_responses = responses
        self.problems: list[Problem] = []
        self.docs: dict[str, YamlDoc] = {}
        self.models: dict[str, Any] = {}
        self.files: set[str] = set()

    def load(self) -> Project:
        config_doc = self._parse("netconsult.yaml", m.ProjectConfig)
        if config_doc is not None and not self._version_ok(config_doc):
            raise ProjectError(self.problems)  # another format: reading on would mislead
        for rel, model, required in m.FILE_KINDS:
            if rel == "netconsult.yaml":
                doc = config_doc
            else:
                doc = self._parse(rel, model, required=required)
            if doc is not None:
                self._validate(rel, doc, model)
        meetings = list(self._meetings())
        self.problems.extend(check_references(self.docs, self.models, meetings, self.files))
        if any(p.severity == "error" for p in self.problems):
            raise ProjectError(self.problems)
        responses = self._responses()
        if any(p.severity == "error" for p in self.problems):
            raise ProjectError(self.problems)
        return self._project(meetings, responses)

    def _responses(self) -> dict[str, ResponseSet]:
        # Read only once the instrument and members are known good: every cell is checked
        # against them, so a broken instrument would make every row look wrong.
        survey: m.SurveyFile | None = self.models.get("survey/survey.yaml")
        if survey is None or not self.with_responses:
            return {}
        members: m.MembersFile = self.models.get("members.yaml") or m.MembersFile()
        sets, problems = load_responses(self.root, survey, (x.id for x in members.members))
        self.problems.extend(problems)
        self.files.update(s.path for s in sets.values())
        self.files.update(s.ratings_path for s in sets.values() if s.ratings_path)
        return sets

    # -- reading -----------------------------------------------------------------------

    def _read(self, rel: str) -> str | None:
        path = self.root / rel
        try:
            size = path.stat().st_size
            if size > MAX_FILE_BYTES:
                self._add(Place(rel), f"file is too large ({_bytes(size)}; the limit is "
                          f"{_bytes(MAX_FILE_BYTES)})",
                          hint="project files are hand-written text; move data elsewhere")
                return None
            raw = path.read_bytes()
        except OSError as exc:
            self._add(Place(rel), f"cannot read file: {exc.strerror or exc}")
            return None
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            before = raw[: exc.start]
            line = before.count(b"\n") + 1
            column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
            self._add(Place(rel, line, column),
                      f"file is not UTF-8 text (byte 0x{raw[exc.start]:02X} here)",
                      hint="save it as UTF-8 in your editor (it may be Latin-1 or Windows-1252)")
            return None

    def _parse(self, rel: str, model: type[m.Model], *, required: bool = True) -> YamlDoc | None:
        if not (self.root / rel).is_file():
            if required:
                key = next(iter(model.model_fields))
                self._add(Place(rel), "required file is missing",
                          hint=f"create it; a line '{key}: []' is a valid start")
            return None
        self.files.add(rel)
        text = self._read(rel)
        if text is None:
            return None
        return self._parse_text(text, rel, model)

    def _parse_text(self, text: str, rel: str, model: type[m.Model],
                    line_offset: int = 0) -> YamlDoc | None:
        try:
            doc, problems = parse_yaml(text, rel, line_offset)
        except YamlSyntaxError as exc:
            self.problems.append(exc.problem)
            return None
        self.problems.extend(problems)
        if doc.data is not None and not isinstance(doc.data, dict):
            keys = list(model.model_fields)
            if isinstance(doc.data, list) and len(keys) == 1:
                hint = f"put the list under a line '{keys[0]}:', each item indented by 2 spaces"
            else:
                hint = "the top-level keys are " + ", ".join(keys)
            self._add(doc.place(), "expected keys and values at the top level, not "
                      + ("a list" if isinstance(doc.data, list) else "a single value"), hint)
            return None
        self.docs[rel] = doc
        return doc

    def _version_ok(self, doc: YamlDoc) -> bool:
        data = doc.data or {}
        if not data:
            self._add(doc.place(), "netconsult.yaml is empty",
                      hint="it starts with 'netconsult: 1', then the engagement and the network; "
                      "`netconsult init` writes a complete one in an empty folder")
            return False
        if "netconsult" not in data:
            self._add(doc.place(), "missing the format version 'netconsult: 1'",
                      hint="add 'netconsult: 1' as the first line of netconsult.yaml")
            return False
        version = data["netconsult"]
        if version != m.FORMAT_VERSION or isinstance(version, bool):
            self._add(doc.place(("netconsult",)),
                      f"unsupported format version {version!r}: this netconsult reads version 1",
                      hint="upgrade netconsult, or set 'netconsult: 1' if the folder is v1")
            return False
        return True

    def _validate(self, rel: str, doc: YamlDoc, model: type[m.Model]) -> None:
        result, problems = validate(doc, model)
        self.problems.extend(problems)
        if result is not None:
            self.models[rel] = result

    def _meetings(self) -> Iterator[Meeting]:
        folder = self.root / MEETINGS_DIR
        if not folder.is_dir():
            return
        for path in sorted(folder.glob("*.md")):
            rel = f"{MEETINGS_DIR}/{path.name}"
            self.files.add(rel)
            text = self._read(rel)
            if text is None:
                continue
            try:
                front, notes, _ = split_front_matter(text, rel)
            except YamlSyntaxError as exc:
                self.problems.append(exc.problem)
                continue
            doc = self._parse_text(front, rel, m.MeetingFrontMatter, line_offset=1)
            if doc is None:
                continue
            result, problems = validate(doc, m.MeetingFrontMatter)
            self.problems.extend(problems)
            if result is not None:
                yield Meeting(path.stem, rel, result, notes.strip())

    def _add(self, place: Place, message: str, hint: str | None = None) -> None:
        self.problems.append(Problem(place, message, hint))

    # -- assembling --------------------------------------------------------------------

    def _project(self, meetings: list[Meeting], responses: dict[str, ResponseSet]) -> Project:
        get = self.models.get
        members: m.MembersFile = get("members.yaml") or m.MembersFile()
        workplan: m.WorkplanFile = get("workplan.yaml") or m.WorkplanFile()
        recs: m.RecommendationsFile = get("recommendations.yaml") or m.RecommendationsFile()
        plan: m.PlanFile = get("improvement-plan.yaml") or m.PlanFile()
        timesheet: m.TimesheetFile = get("timesheet.yaml") or m.TimesheetFile()
        meetings.sort(key=lambda meeting: (meeting.date, meeting.id))
        return Project(
            root=self.root,
            config=self.models["netconsult.yaml"],
            members=tuple(members.members),
            deliverables=tuple(workplan.deliverables),
            meetings=tuple(meetings),
            recommendations=tuple(recs.recommendations),
            actions=tuple(plan.actions),
            events=tuple(plan.events),
            timesheet=tuple(timesheet.entries),
            benchmark=get("benchmark.yaml"),
            survey=get("survey/survey.yaml"),
            responses=responses,
            ties=get("network/ties.yaml"),
            files=frozenset(self.files),
            places=self._places(meetings),
        )

    def _places(self, meetings: list[Meeting]) -> dict[tuple[str, str], Place]:
        places: dict[tuple[str, str], Place] = {}
        for rel in self.docs:
            places[("file", rel)] = Place(rel, 1, 1)
        lists = (
            ("netconsult.yaml", ("network", "regions"), "region"),
            ("netconsult.yaml", ("network", "themes"), "theme"),
            ("netconsult.yaml", ("network", "groups"), "group"),
            ("members.yaml", ("members",), "member"),
            ("workplan.yaml", ("deliverables",), "deliverable"),
            ("recommendations.yaml", ("recommendations",), "recommendation"),
            ("improvement-plan.yaml", ("actions",), "action"),
            ("improvement-plan.yaml", ("events",), "event"),
            ("timesheet.yaml", ("entries",), "timesheet"),
            ("survey/survey.yaml", ("rounds",), "round"),
        )
        for rel, loc, kind in lists:
            doc = self.docs.get(rel)
            items = _dig(doc.data if doc else None, loc)
            for index, item in enumerate(items if isinstance(items, list) else []):
                key = str(item.get("id", index)) if isinstance(item, dict) else str(index)
                places[(kind, key)] = doc.place((*loc, index)) if doc else Place(rel)
        for key in ("engagement", "network", "privacy"):
            doc = self.docs.get("netconsult.yaml")
            if doc is not None:
                places[("config", key)] = doc.place((key,), key=True)
        if doc := self.docs.get("netconsult.yaml"):
            places[("config", "effort_days")] = doc.place(("engagement", "effort_days"))
        if survey := self.docs.get("survey/survey.yaml"):  # a question is named by its id
            questions = _dig(survey.data, ("questions",))
            for index, item in enumerate(questions if isinstance(questions, list) else []):
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    places[("question", item["id"])] = survey.place(("questions", index, "id"))
        for meeting in meetings:
            doc = self.docs[meeting.path]
            places[("meeting", meeting.id)] = Place(meeting.path, 1, 1)
            for index, finding in enumerate(meeting.findings):
                if finding.id:
                    places[("finding", finding.id)] = doc.place(("findings", index))
        return places


def _bytes(size: int) -> str:
    for unit, scale in (("MiB", 1 << 20), ("KiB", 1 << 10)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}"
    return f"{size} bytes"


def _dig(data: Any, loc: tuple[str, ...]) -> Any:
    for part in loc:
        if not isinstance(data, dict):
            return None
        data = data.get(part)
    return data
