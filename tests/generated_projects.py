"""Held-out projects: a hypothesis strategy that writes small but complete project folders.

`projects()` draws a `Spec`, a whole engagement the team has not seen: 3-25 members over 1-5
regions (sizes and types, some missing), `min_group_size` 3-5, a survey of two or three
dimensions with reversed items, an attribute question and a quotable text question, 0-40
responses per round (some naming no member, some answering "don't know" or "not
applicable"), an optional tie question with follow-up ratings, 0-6 meetings (some after the
assessment's date; quotes with and without consent; modes and durations), recommendations
with evidence, actions with statuses and `done_on`, events. `Spec.write(root)` writes it.

Every text a test may look for carries a made-up token (member names, respondent ids,
meeting titles, findings, quotes, round names), so "does it appear in the output" is a
plain substring test that no ordinary word can satisfy by chance.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from hypothesis import strategies as st

START = dt.date(2020, 6, 1)
END = dt.date(2020, 12, 31)
#: Made-up words: a member's name is "<word> Centre", so the word alone finds it.
NAMES = ("Zephyrine", "Quorrin", "Valdmark", "Osterlan", "Brindlow", "Karvesh", "Tulmora",
         "Penwick", "Ardencroft", "Mireval", "Solvaith", "Drumkeel", "Fenmarch", "Hollowfen",
         "Ixtaran", "Jorvale", "Lumbrook", "Nethervy", "Orrinsay", "Pyrmontel", "Quillfeld",
         "Rostavel", "Skelbury", "Thornvik", "Ulmaren")
REGIONS = ("Northmere", "Southwold", "Eastvale", "Westerby", "Midreach")
COUNTRIES = ("HU", "PL", "SN", "KE", "BR", "MX", "GE", "NG")
TYPES = ("coordinator", "member", "associate", "observer")
SIZES = ("small", "medium", "large")
MODES = ("virtual", "in-person", "hybrid")
CATEGORIES = ("digital-tools", "rituals", "incentives", "collaboration-principles",
              "governance", "funding", "other")
ROLES = ("staff", "director", "board")
ITEMS = ("intensity", "reliability", "openness", "mission", "influence", "resources",
         "involvement")
FOLLOW_UPS = {"intensity": ("intensity",), "trust": ("reliability", "openness", "mission"),
              "value": ("influence", "resources", "involvement")}


def day(offset: int) -> dt.date:
    return START + dt.timedelta(days=offset)


SPAN = (END - START).days


@dataclass
class Member:
    id: str
    name: str
    region: str
    type: str | None
    size: str | None

    @property
    def token(self) -> str:
        return self.name.split()[0]


@dataclass
class Response:
    respondent: str
    member: str | None
    submitted: dt.date | None
    role: str | None
    likert: dict[str, str]  # item id -> "1".."5", "98", "99" or "" (not answered)
    partners: tuple[str, ...]
    change: str  # the quotable text answer ("" when none)
    ratings: dict[str, dict[str, str]]  # partner -> item -> "1".."4" or ""


@dataclass
class Round:
    id: str
    name: str
    opens: dt.date
    closes: dt.date
    responses: list[Response]


@dataclass
class Quote:
    text: str
    member: str | None
    consent: bool


@dataclass
class Meeting:
    id: str
    title: str
    date: dt.date
    kind: str
    region: str | None
    participants: tuple[str, ...]
    mode: str | None
    duration: int | None
    findings: list[tuple[str, str, str, str]]  # (id, theme, type, text)
    quotes: list[Quote]


@dataclass
class Action:
    id: str
    recommendation: str
    owner: str | None
    start: dt.date
    due: dt.date
    status: str
    done_on: dt.date | None


@dataclass
class Spec:
    k: int
    named: bool  # privacy.show_member_names
    regions: list[str]  # ids; the name is the id capitalised
    members: list[Member]
    group: list[str]  # the liaison group's members
    as_of: dt.date  # the assessment's submitted_on
    rec_date: dt.date  # the recommendation report's submitted_on
    plan_date: dt.date  # the plan's submitted_on
    dimensions: dict[str, list[tuple[str, bool]]]  # dimension -> [(item id, reversed)]
    follow_ups: list[str] | None  # None: no tie question; else the follow-ups asked
    rounds: list[Round]
    meetings: list[Meeting]
    recommendations: list[tuple[str, str, str, list[str]]]  # (id, title, category, evidence)
    actions: list[Action]
    events: list[tuple[str, dt.datetime, list[str]]]
    #: network/ties.yaml: (rule, recorded pairs, meetings' min_shared or None); None: no file
    ties: tuple[str, list[tuple[str, str]], int | None] | None = None

    # -- what the tests ask of it ------------------------------------------------------

    @property
    def items(self) -> list[tuple[str, str, bool]]:
        return [(item, dim, rev) for dim, items in self.dimensions.items()
                for item, rev in items]

    def member(self, mid: str | None) -> Member | None:
        return next((m for m in self.members if m.id == mid), None)

    def rounds_by(self, date: dt.date) -> list[Round]:
        """The rounds closed by `date` (analysis/as_of.round_closed)."""
        return [r for r in self.rounds if r.closes <= date and r.opens <= date
                and all(x.submitted is None or x.submitted <= date for x in r.responses)]

    def rating_items(self) -> list[str]:
        asked = self.follow_ups or []
        return [i for group, items in FOLLOW_UPS.items() if group in asked for i in items]

    # -- writing ------------------------------------------------------------------------

    def write(self, root: Path) -> Path:
        files = {
            "netconsult.yaml": self._config(),
            "members.yaml": "members:\n" + "".join(
                f"  - {{id: {m.id}, name: {m.name}, country: {COUNTRIES[i % len(COUNTRIES)]}, "
                f"region: {m.region}" + (f", type: {m.type}" if m.type else "")
                + (f", size: {m.size}" if m.size else "")
                + (", liaison: true" if m.id in self.group else "") + "}\n"
                for i, m in enumerate(self.members)),
            "workplan.yaml": self._workplan(),
            "recommendations.yaml": "recommendations:\n" + "".join(
                f"  - {{id: {rid}, title: {title}, category: {cat}, priority: "
                f"{('high', 'medium', 'low')[i % 3]}, effort: {('low', 'medium', 'high')[i % 3]}"
                f", deliverable: D3, rationale: Because the notes say so., "
                f"evidence: [{', '.join(ev)}]}}\n"
                for i, (rid, title, cat, ev) in enumerate(self.recommendations)),
            "improvement-plan.yaml": self._plan(),
        }
        if self.rounds:
            files["survey/survey.yaml"] = self._survey()
            for r in self.rounds:
                files[f"survey/responses/{r.id}.csv"] = self._responses(r)
                if self.follow_ups:
                    files[f"survey/responses/{r.id}.ties.csv"] = self._ratings(r)
        for m in self.meetings:
            files[f"meetings/{m.id}.md"] = self._meeting(m)
        if self.ties is not None:
            rule, pairs, shared = self.ties
            files["network/ties.yaml"] = f"rule: {rule}\n" + (
                "ties:\n" + "".join(f"  - {{members: [{a}, {b}], note: Joint project.}}\n"
                                    for a, b in pairs) if pairs else "ties: []\n") + (
                f"meetings: {{min_shared: {shared}}}\n" if shared else "")
        root.mkdir(parents=True, exist_ok=True)
        for rel, text in files.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        return root

    def _config(self) -> str:
        cats = sorted({c for _, _, c, _ in self.recommendations} - {"funding", "other"})
        return (
            "netconsult: 1\n"
            "engagement:\n  title: Held-out engagement\n  client: Heldout Client Network\n"
            f"  start: {START}\n  end: {END}\n  effort_days: 20\n  languages: [en, fr, es]\n"
            "network:\n  name: Heldout Network\n  regions:\n"
            + "".join(f"    - {{id: {r}, name: {r.capitalize()}}}\n" for r in self.regions)
            + "  themes:\n    - {id: trust, name: Trust}\n    - {id: rituals, name: Rituals}\n"
            + (f"  groups:\n    - {{id: liaison, name: Liaison Group, members: "
               f"[{', '.join(self.group)}]}}\n")
            + f"  required_categories: [{', '.join(cats)}]\n"
            + f"privacy: {{min_group_size: {self.k}, show_member_names: "
            f"{'true' if self.named else 'false'}}}\n")

    def _workplan(self) -> str:
        return (
            "deliverables:\n"
            f"  - {{id: D1, title: Kick-off, kind: kickoff, due: {day(20)}, status: accepted}}\n"
            f"  - {{id: D2, title: Assessment, kind: assessment, due: {self.as_of}, "
            f"status: submitted, submitted_on: {self.as_of}}}\n"
            f"  - {{id: D3, title: Recommendations, kind: recommendations, due: "
            f"{self.rec_date}, status: submitted, submitted_on: {self.rec_date}}}\n"
            f"  - {{id: D4, title: Improvement plan, kind: improvement-plan, due: "
            f"{self.plan_date}, status: submitted, submitted_on: {self.plan_date}}}\n"
            f"  - {{id: D5, title: Mentoring, kind: mentoring, start: {self.plan_date}, "
            f"due: {END}, status: in-progress}}\n")

    def _plan(self) -> str:
        lines = ["actions:\n"] if self.actions else ["actions: []\n"]
        for a in self.actions:
            lines.append(
                f"  - {{id: {a.id}, recommendation: {a.recommendation}, title: Do {a.id} well"
                + (f", owner: {a.owner}" if a.owner else "")
                + f", start: {a.start}, due: {a.due}, status: {a.status}"
                + (f", done_on: {a.done_on}" if a.done_on else "") + "}\n")
        lines.append("events:\n" if self.events else "events: []\n")
        for eid, start, acts in self.events:
            lines.append(f"  - {{id: {eid}, title: Event {eid}, kind: workshop, start: "
                         f"\"{start.isoformat()}\", duration_minutes: 90, deliverable: D5, "
                         f"actions: [{', '.join(acts)}]}}\n")
        return "".join(lines)

    def _survey(self) -> str:
        lines = ["title: Held-out member survey\n", "response_target: 0.6\n", "rounds:\n"]
        lines += [f"  - {{id: {r.id}, name: {r.name}, opens: {r.opens}, closes: {r.closes}}}\n"
                  for r in self.rounds]
        lines.append("dimensions:\n")
        lines += [f"  - {{id: {d}, name: {d.capitalize()}}}\n" for d in self.dimensions]
        lines += ["questions:\n", "  - {id: centre, type: member, label: Which centre?}\n",
                  "  - id: role\n    type: single\n    attribute: true\n"
                  "    label: What is your role?\n    choices:\n"]
        lines += [f"      - {{name: {r}, label: {r.capitalize()}}}\n" for r in ROLES]
        for item, dim, rev in self.items:
            lines.append(f"  - {{id: {item}, type: likert, dimension: {dim}, "
                         f"reverse: {'true' if rev else 'false'}, "
                         f"label: Statement {item} about {dim}.}}\n")
        if self.follow_ups is not None:
            lines.append("  - {id: partners, type: members, label: Which centres?"
                         + (f", follow_ups: [{', '.join(self.follow_ups)}]"
                            if self.follow_ups else "") + "}\n")
        lines.append("  - {id: change, type: text, quotable: true, label: One change?}\n")
        return "".join(lines)

    def _columns(self) -> list[str]:
        return ["role", *(i for i, _, _ in self.items),
                *(["partners"] if self.follow_ups is not None else []), "change"]

    def _responses(self, r: Round) -> str:
        rows = [",".join(["respondent", "member", "submitted", *self._columns()])]
        for x in r.responses:
            cells = [x.respondent, x.member or "", x.submitted.isoformat() if x.submitted
                     else "", x.role or "", *(x.likert[i] for i, _, _ in self.items)]
            if self.follow_ups is not None:
                cells.append(" ".join(x.partners))
            cells.append(x.change)
            rows.append(",".join(cells))
        return "\n".join(rows) + "\n"

    def _ratings(self, r: Round) -> str:
        items = self.rating_items()
        rows = [",".join(["respondent", "partner", *items])]
        for x in r.responses:
            for partner, values in x.ratings.items():
                rows.append(",".join([x.respondent, partner, *(values[i] for i in items)]))
        return "\n".join(rows) + "\n"

    def _meeting(self, m: Meeting) -> str:
        lines = ["---\n", f"title: {m.title}\n", f"date: {m.date}\n", f"kind: {m.kind}\n"]
        if m.region:
            lines.append(f"region: {m.region}\n")
        lines.append("deliverable: D2\n")
        lines.append(f"participants: [{', '.join(m.participants)}]\n")
        if m.mode:
            lines.append(f"mode: {m.mode}\n")
        if m.duration:
            lines.append(f"duration_minutes: {m.duration}\n")
        if m.findings:
            lines.append("findings:\n")
            lines += [f"  - {{id: {fid}, theme: {theme}, type: {kind}, text: {text}}}\n"
                      for fid, theme, kind, text in m.findings]
        if m.quotes:
            lines.append("quotes:\n")
            for q in m.quotes:
                lines.append(f"  - {{text: {q.text}" + (f", member: {q.member}" if q.member
                                                         else "")
                             + f", consent: {'true' if q.consent else 'false'}}}\n")
        lines.append("---\n")
        lines.append(f"Notes of {m.title}.\n")
        return "".join(lines)


# -- the strategy ---------------------------------------------------------------------------


def _dates(draw: st.DrawFn, lo: dt.date, hi: dt.date) -> dt.date:
    return lo + dt.timedelta(days=draw(st.integers(0, max(0, (hi - lo).days))))


@st.composite
def projects(draw: st.DrawFn, *, max_members: int = 25, max_responses: int = 40) -> Spec:
    n_regions = draw(st.integers(1, 5))
    regions = [r.lower() for r in REGIONS[:n_regions]]
    n_members = draw(st.integers(3, max_members))
    members = [Member(f"k{i:02d}x", f"{NAMES[i]} Centre", draw(st.sampled_from(regions)),
                      draw(st.one_of(st.none(), st.sampled_from(TYPES))),
                      draw(st.one_of(st.none(), st.sampled_from(SIZES))))
               for i in range(n_members)]
    ids = [m.id for m in members]
    group = sorted(draw(st.sets(st.sampled_from(ids), min_size=1, max_size=3)))
    k = draw(st.integers(3, 5))
    as_of = _dates(draw, day(50), day(150))
    rec_date = _dates(draw, as_of, min(END, as_of + dt.timedelta(days=40)))
    plan_date = _dates(draw, rec_date, min(END, rec_date + dt.timedelta(days=40)))

    # The survey: dimensions with 2-3 items, at least one reversed somewhere.
    dimensions: dict[str, list[tuple[str, bool]]] = {}
    for d in ("cohesion", "voice", "value")[:draw(st.integers(2, 3))]:
        dimensions[d] = [(f"{d[:2]}{j}", draw(st.booleans()))
                         for j in range(1, draw(st.integers(2, 3)) + 1)]
    first = next(iter(dimensions))
    dimensions[first][-1] = (dimensions[first][-1][0], True)
    follow_ups = draw(st.one_of(st.none(), st.lists(st.sampled_from(list(FOLLOW_UPS)),
                                                    unique=True, max_size=3)))
    items = [i for items_ in dimensions.values() for i, _ in items_]
    rating_items = [i for g, its in FOLLOW_UPS.items() if g in (follow_ups or []) for i in its]
    rounds: list[Round] = []
    for number in range(draw(st.integers(0, 2))):
        # A round closes before the assessment's date or after it (then the report leaves
        # it out); rounds are in time order.
        lo = rounds[-1].closes + dt.timedelta(days=1) if rounds else day(10)
        if lo + dt.timedelta(days=5) > END:
            break
        closes = _dates(draw, lo + dt.timedelta(days=5), END)
        opens = _dates(draw, lo, closes)
        responses = []
        for i in range(draw(st.integers(0, max_responses))):
            member = draw(st.one_of(st.none(), st.sampled_from(ids)))
            answer = st.sampled_from(("1", "2", "3", "4", "5", "", "98", "99"))
            partners: tuple[str, ...] = ()
            ratings: dict[str, dict[str, str]] = {}
            if follow_ups is not None:
                partners = tuple(sorted(draw(st.sets(st.sampled_from(ids), max_size=4))
                                        - {member}))
                if rating_items and member:
                    point = st.sampled_from(("1", "2", "3", "4", ""))
                    ratings = {p: {item: draw(point) for item in rating_items}
                               for p in partners if draw(st.booleans())}
            responses.append(Response(
                respondent=f"rq{number}{i:02d}zt",
                member=member,
                submitted=_dates(draw, opens, closes) if draw(st.booleans()) else None,
                role=draw(st.one_of(st.none(), st.sampled_from(ROLES))),
                likert={item: draw(answer) for item in items},
                partners=partners,
                change=draw(st.sampled_from(("", "", f"Saidtext{number}x{i}"))),
                ratings=ratings))
        name = ("Wavefirst", "Wavesecond")[number]
        rounds.append(Round(f"w{number}", f"{name} round", opens, closes, responses))

    meetings: list[Meeting] = []
    for i in range(draw(st.integers(0, 6))):
        date = _dates(draw, START, END)
        kind = draw(st.sampled_from(("regional", "interview", "workshop", "mentoring")))
        region = draw(st.sampled_from(regions)) if kind == "regional" else None
        participants = tuple(sorted(draw(st.sets(st.sampled_from(ids), max_size=6))))
        findings = [(f"F{i}x{j}", draw(st.sampled_from(("trust", "rituals"))),
                     draw(st.sampled_from(("strength", "gap", "observation"))),
                     f"Findtoken{i}x{j} says something.")
                    for j in range(draw(st.integers(0, 3)))]
        quotes = [Quote(f"Quotetoken{i}x{j} was said.",
                        draw(st.one_of(st.none(), st.sampled_from(ids))), draw(st.booleans()))
                  for j in range(draw(st.integers(0, 2)))]
        meetings.append(Meeting(f"{date}-mtg{i}", f"Meettitle{i} gathering", date, kind, region,
                                participants, draw(st.one_of(st.none(), st.sampled_from(MODES))),
                                draw(st.one_of(st.none(), st.sampled_from((45, 60, 90, 120)))),
                                findings, quotes))

    evidence = ([f"finding:{f[0]}" for m in meetings for f in m.findings]
                + [f"meeting:{m.id}" for m in meetings]
                + ([f"survey:{d}" for d in dimensions] if rounds else []))
    recommendations = []
    for i in range(draw(st.integers(1, 4))):
        ev = sorted(draw(st.sets(st.sampled_from(evidence), max_size=3))) if evidence else []
        recommendations.append((f"R{i + 1}", f"Recommendtitle{i} for the network",
                                draw(st.sampled_from(CATEGORIES)), ev))
    owners = [*ids, "liaison"]
    actions = []
    for i in range(draw(st.integers(0, 5))):
        start = _dates(draw, day(30), END)
        due = _dates(draw, start, start + dt.timedelta(days=120))
        status = draw(st.sampled_from(("planned", "in-progress", "done", "dropped")))
        done_on = (_dates(draw, start, due + dt.timedelta(days=30))
                   if status == "done" and draw(st.booleans()) else None)
        actions.append(Action(f"A{i + 1}", draw(st.sampled_from(recommendations))[0],
                              draw(st.one_of(st.none(), st.sampled_from(owners))), start, due,
                              status, done_on))
    events = []
    for i in range(draw(st.integers(0, 2))):
        when = dt.datetime.combine(_dates(draw, day(60), END), dt.time(14),
                                   dt.timezone(dt.timedelta(hours=draw(st.integers(-5, 3)))))
        acts = sorted(draw(st.sets(st.sampled_from([a.id for a in actions]), max_size=2))) \
            if actions else []
        events.append((f"W{i + 1}", when, acts))
    ties = None
    if draw(st.booleans()):
        pairs = sorted(draw(st.sets(st.tuples(st.sampled_from(ids), st.sampled_from(ids))
                                    .filter(lambda p: p[0] < p[1]), max_size=3)))
        ties = (draw(st.sampled_from(("observed", "either", "both"))), pairs,
                draw(st.one_of(st.none(), st.integers(1, 2))))
    return Spec(k, draw(st.booleans()), regions, members, group, as_of, rec_date, plan_date,
                dimensions, follow_ups, rounds, meetings, recommendations, actions, events,
                ties)


def small_spec(**changes: object) -> Spec:
    """A fixed small project in the generated shape (one region, five members, k 3, a
    survey of two dimensions, one round, no meetings), for pinning one case by hand:
    `changes` replaces fields of the Spec."""
    members = [Member(f"k{i:02d}x", f"{NAMES[i]} Centre", "northmere", None, None)
               for i in range(5)]
    likert = {"co1": "4", "co2": "2", "vo1": "3", "vo2": "4"}
    responses = [Response(f"rq0{i:02d}zt", members[i % 5].id, None, "staff", dict(likert),
                          (), "", {}) for i in range(6)]
    spec = Spec(
        k=3, named=False, regions=["northmere"], members=members, group=[members[0].id],
        as_of=dt.date(2020, 10, 1), rec_date=dt.date(2020, 10, 15),
        plan_date=dt.date(2020, 11, 1),
        dimensions={"cohesion": [("co1", False), ("co2", True)],
                    "voice": [("vo1", False), ("vo2", False)]},
        follow_ups=None,
        rounds=[Round("w0", "Wavefirst round", day(20), day(60), responses)],
        meetings=[], recommendations=[("R1", "Recommendtitle0 for the network", "rituals", [])],
        actions=[], events=[])
    for key, value in changes.items():
        setattr(spec, key, value)
    return spec
