"""The v1 project-folder format as pydantic models: one model per file kind.

Models are frozen and forbid unknown keys; field descriptions feed the JSON Schema
(`netconsult schema`) and the folder reference in docs/. Cross-file rules (references,
dates inside the engagement) live in `references.py`, not here.
"""

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import (
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainValidator,
    StringConstraints,
    WithJsonSchema,
)

from netconsult.errors import shown

FORMAT_VERSION = 1


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _parse_date(value: Any) -> Any:
    # YAML turns unquoted 2020-07-21 into a date already; accept the quoted form too, and
    # refuse numbers and other spellings instead of letting pydantic read them as timestamps.
    if isinstance(value, dt.datetime):
        raise ValueError("expected a date without a time")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _ISO_DATE.match(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"{shown(value)} is not a real calendar date") from None
    raise ValueError(f"expected a date written as YYYY-MM-DD, got {shown(value)}")


Date = Annotated[dt.date, BeforeValidator(_parse_date)]
Id = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", min_length=1, max_length=64),
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Language = Literal["en", "es", "fr"]

DeliverableKind = Literal[
    "kickoff",
    "assessment",
    "recommendations",
    "improvement-plan",
    "workshop",
    "mentoring",
    "benchmark",
    "other",
]
DeliverableStatus = Literal["planned", "in-progress", "submitted", "accepted"]
MeetingKind = Literal[
    "kickoff", "regional", "interview", "workshop", "training", "summit", "mentoring", "other"
]
MeetingMode = Literal["virtual", "in-person", "hybrid"]
Category = Literal[
    "digital-tools",
    "rituals",
    "incentives",
    "collaboration-principles",
    "governance",
    "funding",
    "other",
]
Level = Literal["high", "medium", "low"]
EventKind = Literal["workshop", "training", "discussion", "meeting"]
ActionStatus = Literal["planned", "in-progress", "done", "dropped"]

#: The categories seed 000's terms of reference ask a recommendation report to cover.
DEFAULT_REQUIRED_CATEGORIES: tuple[str, ...] = (
    "digital-tools",
    "rituals",
    "incentives",
    "collaboration-principles",
    "governance",
)


# --- netconsult.yaml -------------------------------------------------------------------


class Consultant(Model):
    name: Text = Field(description="Name as it should appear on report covers.")
    email: str | None = Field(None, description="Contact address printed on the cover.")
    role: str | None = Field(None, description="e.g. lead consultant, facilitator.")


class Engagement(Model):
    title: Text = Field(description="Title of the engagement, used on every report cover.")
    client: Text = Field(description="The organisation that contracts the work.")
    funder: str | None = Field(None, description="Who funds the engagement, if not the client.")
    consultants: list[Consultant] = Field([])
    start: Date = Field(description="First day of the engagement (YYYY-MM-DD).")
    end: Date = Field(description="Last day of the engagement (YYYY-MM-DD).")
    effort_days: float = Field(gt=0, description="Level-of-effort budget in consultant days.")
    languages: list[Language] = Field(
        ["en"],
        min_length=1,
        description="Report languages; the first is the default.",
    )


class Region(Model):
    id: Id
    name: Text
    timezone: str | None = Field(None, description="IANA time zone, e.g. Europe/Budapest.")


class Theme(Model):
    id: Id
    name: Text
    description: str | None = None


class Group(Model):
    id: Id
    name: Text
    members: list[Id] = Field([], description="Member ids in this group.")


class Network(Model):
    name: Text
    description: str | None = None
    regions: list[Region] = Field(min_length=1, description="Regions meetings are held for.")
    themes: list[Theme] = Field(
        [],
        description="Finding themes; when given, every finding must use one of them.",
    )
    groups: list[Group] = Field(
        [],
        description="Bodies that can own actions (e.g. the liaison group).",
    )
    required_categories: list[Category] = Field(
        list(DEFAULT_REQUIRED_CATEGORIES),
        description="Recommendation categories the recommendation report must cover.",
    )


class Privacy(Model):
    min_group_size: int = Field(
        5, ge=2, description="Breakdowns of groups smaller than this are suppressed."
    )
    show_member_names: bool = Field(
        False, description="Name member organisations in network maps, tables and exports "
        "(otherwise they appear as codes such as EU-3). Respondents are never named."
    )


class Branding(Model):
    colour: Annotated[str, StringConstraints(pattern=r"^#[0-9A-Fa-f]{6}$")] = Field(
        "#1F5F8B", description="Accent colour of the reports, as #RRGGBB."
    )
    logo: str | None = Field(None, description="Path of a logo inside the project folder.")
    paper: Literal["a4", "letter"] = Field("a4", description="Page size of the reports.")


class ProjectConfig(Model):
    """netconsult.yaml: the engagement, the network and project-wide settings."""

    netconsult: Literal[1] = Field(description="Format version of the project folder.")
    engagement: Engagement
    network: Network
    privacy: Privacy = Privacy()
    branding: Branding = Branding()


# --- members.yaml ----------------------------------------------------------------------


class Member(Model):
    id: Id
    name: Text
    country: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")] = Field(
        description="ISO 3166 two-letter country code (XK for Kosovo)."
    )
    region: Id = Field(description="Id of a region in netconsult.yaml.")
    type: Literal["coordinator", "member", "associate", "observer"] = "member"
    liaison: bool = Field(False, description="Represents its region in the liaison group.")
    size: Literal["small", "medium", "large"] | None = Field(
        None, description="Organisation size, for checking smaller members are heard."
    )
    joined: int | None = Field(None, ge=1900, le=2100, description="Year the member joined.")


class MembersFile(Model):
    """members.yaml: the network's member organisations."""

    members: list[Member] = Field([])


# --- workplan.yaml ---------------------------------------------------------------------


class Deliverable(Model):
    id: Id
    title: Text
    kind: DeliverableKind
    start: Date | None = Field(None, description="When work on it starts (mentoring window).")
    due: Date
    effort_days: float = Field(0, ge=0, description="Days of the budget planned for it.")
    status: DeliverableStatus = "planned"
    submitted_on: Date | None = None
    description: str | None = None


class WorkplanFile(Model):
    """workplan.yaml: the deliverables with dates, effort and status."""

    deliverables: list[Deliverable] = Field([])


# --- meetings/*.md front matter -------------------------------------------------------


class Finding(Model):
    id: Id | None = Field(None, description="Lets recommendations cite it as finding:<id>.")
    theme: Id
    text: Text
    type: Literal["strength", "gap", "observation"] = "observation"


class Quote(Model):
    text: Text
    member: Id | None = Field(None, description="Who said it; never printed without consent.")
    consent: bool = Field(False, description="Consent to attribute the quote was recorded.")
    theme: Id | None = None
    translation: Text | None = Field(
        None, description="The quote in the report's language, when it was said in another; "
        "printed beneath the original.")


class MeetingFrontMatter(Model):
    """The YAML front matter of a meeting note in meetings/."""

    title: str | None = None
    date: Date
    kind: MeetingKind
    region: Id | None = Field(None, description="Required for regional meetings.")
    deliverable: Id | None = None
    participants: list[Id] = Field([], description="Member ids present.")
    mode: MeetingMode | None = Field(
        None, description="virtual, in-person or hybrid; when left out the reports say "
        "nothing about how the meeting was held.")
    duration_minutes: int | None = Field(None, gt=0)
    findings: list[Finding] = Field([])
    quotes: list[Quote] = Field([])


# --- recommendations.yaml --------------------------------------------------------------

EvidenceRef = Annotated[
    str,
    StringConstraints(pattern=r"^(meeting|finding|survey|benchmark):[A-Za-z0-9][A-Za-z0-9_.-]*$"),
]


class Recommendation(Model):
    id: Id
    title: Text
    category: Category
    priority: Level
    effort: Level = "medium"
    rationale: str = ""
    deliverable: Id | None = Field(None, description="The recommendation report it belongs to.")
    evidence: list[EvidenceRef] = Field(
        [],
        description="meeting:<file name>, finding:<id>, survey:<dimension>, benchmark:<peer>.",
    )


class RecommendationsFile(Model):
    """recommendations.yaml."""

    recommendations: list[Recommendation] = Field([])


# --- improvement-plan.yaml -------------------------------------------------------------


class Action(Model):
    id: Id
    recommendation: Id
    title: Text
    owner: Id | None = Field(None, description="A member id or a group id.")
    start: Date | None = None
    due: Date | None = None
    status: ActionStatus = "planned"
    done_on: Date | None = Field(
        None,
        description="The day a done action was finished; reports dated before it show the "
        "action as not yet done. Only with status: done; not before start.",
    )
    indicator: str | None = Field(None, description="How the network will know it worked.")


class Event(Model):
    id: Id
    title: Text
    kind: EventKind
    start: AwareDatetime = Field(
        description="Start with its UTC offset, e.g. 2020-10-28T14:00:00+00:00."
    )
    duration_minutes: int = Field(gt=0, le=24 * 60)
    facilitator: str | None = None
    audience: str | None = None
    deliverable: Id | None = None
    actions: list[Id] = Field([], description="Actions this event serves.")
    cards: list[Id] = Field([], description="Prompt cards to use.")


class PlanFile(Model):
    """improvement-plan.yaml: actions and scheduled events."""

    actions: list[Action] = Field([])
    events: list[Event] = Field([])


# --- timesheet.yaml --------------------------------------------------------------------


class TimesheetEntry(Model):
    date: Date
    deliverable: Id
    days: float = Field(gt=0, le=31)
    note: str | None = None


class TimesheetFile(Model):
    """timesheet.yaml: consultant days logged against deliverables."""

    entries: list[TimesheetEntry] = Field([])


# --- benchmark.yaml --------------------------------------------------------------------


class Peer(Model):
    id: Id
    name: Text
    sector: str | None = None
    url: str | None = None


class Criterion(Model):
    id: Id
    name: Text
    area: Literal["governance", "organisational", "financial", "other"]
    weight: float = Field(1.0, gt=0)


class Score(Model):
    peer: Id
    criterion: Id
    score: int = Field(ge=1, le=5)
    evidence: str | None = None


class BenchmarkFile(Model):
    """benchmark.yaml: peer networks, criteria and evidenced scores."""

    peers: list[Peer] = Field([])
    criteria: list[Criterion] = Field([])
    scores: list[Score] = Field([])


# --- survey/survey.yaml ----------------------------------------------------------------

#: XLSForm names: a letter or underscore first, then letters, digits, `_`, `-` or `.`.
XmlName = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z_][A-Za-z0-9_.-]*$", min_length=1, max_length=64),
]
#: Choice names become the stored values; XLSForm separates selected choices with spaces.
ChoiceName = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$", min_length=1, max_length=64),
]
_LANGUAGES = ("en", "es", "fr")


def _local_text(value: Any) -> Any:
    # One validator instead of a union, so a mistake gets one message, not one per branch.
    if isinstance(value, str):
        if not value.strip():
            raise ValueError("must not be empty")
        return value.strip()
    if isinstance(value, dict) and value:
        out: dict[str, str] = {}
        for key, text in value.items():
            if key not in _LANGUAGES:
                raise ValueError(f"{shown(key)} is not a language code: use en, es or fr")
            if not isinstance(text, str) or not text.strip():
                raise ValueError(f"the '{key}' wording must be text, got {shown(text)}")
            out[key] = text.strip()
        return out
    raise ValueError("expected text, or text per language (en: ..., es: ..., fr: ...), "
                     f"got {shown(value)}")


#: Wording in one language (the engagement's default), or per language code.
LocalText = Annotated[
    str | dict[str, str],
    PlainValidator(_local_text),
    WithJsonSchema({
        "anyOf": [
            {"type": "string", "minLength": 1},
            {"type": "object", "minProperties": 1,
             "propertyNames": {"enum": list(_LANGUAGES)},
             "additionalProperties": {"type": "string", "minLength": 1}},
        ]
    }),
]
QuestionType = Literal["likert", "single", "multiple", "number", "text", "member", "members"]
#: Follow-up ratings asked about each partner named in a members question (PARTNER's scales):
#: intensity 1-4 (awareness, cooperation, coordination, integration); trust = reliability,
#: openness, shared mission; value = influence, resources, involvement; each 1-4.
FollowUp = Literal["intensity", "trust", "value"]
FOLLOW_UP_ITEMS: dict[str, tuple[str, ...]] = {
    "intensity": ("intensity",),
    "trust": ("reliability", "openness", "mission"),
    "value": ("influence", "resources", "involvement"),
}
FrameworkId = Literal["partnership-ingredients", "building-blocks", "network-health"]


class Dimension(Model):
    id: Id
    name: Text
    description: str | None = None


class Choice(Model):
    name: ChoiceName = Field(description="Stored value and XLSForm choice name (no spaces).")
    label: LocalText


class Question(Model):
    id: XmlName = Field(description="XLSForm name; the column exports carry with XML names.")
    type: QuestionType = Field(
        description="likert (1-5 agreement), single, multiple, number, text, member (which "
        "member organisation the respondent belongs to) or members (which members they work "
        "with)."
    )
    label: LocalText = Field(description="The question as respondents read it.")
    hint: LocalText | None = None
    dimension: Id | None = Field(None, description="Dimension a likert item scores.")
    reverse: bool = Field(False, description="Agreement means a worse score (scored 6 - x).")
    choices: list[Choice] = Field([], description="Answers of a single or multiple question.")
    required: bool = False
    attribute: bool = Field(
        False, description="A respondent attribute (gender, role...) results are broken down by."
    )
    quotable: bool = Field(
        False, description="Text answers may appear, anonymously, in reports."
    )
    minimum: float | None = Field(None, description="Smallest accepted number.")
    maximum: float | None = Field(None, description="Largest accepted number.")
    columns: list[str] = Field(
        [], description="Export column headers that hold this question, when neither its id "
        "nor its label matches."
    )
    follow_ups: list[FollowUp] = Field(
        [], description="For the members question the network map is drawn from: ratings "
        "asked about each partner named (intensity, trust, value; 1-4 each)."
    )


class MissingCodes(Model):
    dont_know: ChoiceName = Field("98", description="Choice name of \"don't know\".")
    not_applicable: ChoiceName = Field("99", description="Choice name of \"not applicable\".")


class SurveyRound(Model):
    id: Id
    name: str | None = Field(None, description="e.g. Baseline, Follow-up health check.")
    opens: Date | None = None
    closes: Date | None = Field(None, description="Last day responses were accepted.")


class SurveyFile(Model):
    """survey/survey.yaml: the member survey instrument, its rounds and its exports."""

    title: Text
    tool: Literal["kobo", "odk", "google-forms", "excel", "other"] = "other"
    form_id: XmlName | None = Field(None, description="XLSForm form_id (default: from title).")
    version: str | None = Field(None, description="XLSForm version, e.g. 2020070101.")
    exports: list[str] = Field(
        [], description="Response exports, relative to survey/."
    )
    frameworks: list[FrameworkId] = Field(
        [], description="Built-in frameworks whose dimensions likert items may score."
    )
    dimensions: list[Dimension] = Field([], description="The project's own dimensions.")
    codes: MissingCodes = MissingCodes()
    response_target: float = Field(
        0.6, gt=0, le=1, description="Share of member organisations expected to respond."
    )
    rounds: list[SurveyRound] = Field(
        [], description="Survey rounds in time order (a baseline, then follow-up checks)."
    )
    questions: list[Question] = Field([])

    def tie_question(self) -> Question | None:
        """The members question the network is drawn from: the one with follow-up ratings,
        else the first members question; None when the survey asks none."""
        members = [q for q in self.questions if q.type == "members"]
        return next((q for q in members if q.follow_ups), members[0] if members else None)


# --- network/ties.yaml ---------------------------------------------------------------------

TieRule = Literal["observed", "either", "both"]


class RecordedTie(Model):
    """A working relationship known from documents (an MoU, a joint grant), not the survey."""

    members: list[Id] = Field(min_length=2, max_length=2,
                              description="The two member ids the tie joins.")
    intensity: int | None = Field(
        None, ge=1, le=4,
        description="1 awareness, 2 cooperation, 3 coordination, 4 integration.")
    note: str | None = Field(None, description="Where the tie is known from.")


class MeetingTies(Model):
    min_shared: int = Field(
        2, ge=1, description="Members present together at this many meetings count as tied.")
    kinds: list[MeetingKind] = Field(
        [], description="Meeting kinds that count (default: every kind).")


class TiesFile(Model):
    """network/ties.yaml: how the network's ties are read, and ties recorded by hand."""

    rule: TieRule = Field(
        "either", description="Which survey ties count: observed (as each side reported "
        "them, directed), either (a tie named by either side) or both (named by both sides).")
    ties: list[RecordedTie] = Field([], description="Ties recorded by hand; undirected.")
    meetings: MeetingTies | None = Field(
        None, description="Turn meeting co-attendance into ties (omit to leave meetings out).")


#: Every file kind: (relative path, model, required?) in the order they are loaded.
FILE_KINDS: tuple[tuple[str, type[Model], bool], ...] = (
    ("netconsult.yaml", ProjectConfig, True),
    ("members.yaml", MembersFile, True),
    ("workplan.yaml", WorkplanFile, True),
    ("recommendations.yaml", RecommendationsFile, False),
    ("improvement-plan.yaml", PlanFile, False),
    ("timesheet.yaml", TimesheetFile, False),
    ("benchmark.yaml", BenchmarkFile, False),
    ("survey/survey.yaml", SurveyFile, False),
    ("network/ties.yaml", TiesFile, False),
)
