"""Cross-file rules that make the folder one consistent engagement.

Ids are unique; every reference (a member's region, a meeting's participants, an action's
recommendation, a piece of evidence...) resolves, with the closest known ids as a hint;
work dates fall inside the engagement. Runs on whatever validated, so one broken file does
not hide the problems of the others.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Sequence
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from netconsult.errors import Problem, did_you_mean
from netconsult.project import models as m
from netconsult.project.yamldoc import YamlDoc

if TYPE_CHECKING:
    from netconsult.project.load import Meeting

Loc = tuple[str | int, ...]


class _Refs:
    def __init__(self, docs: dict[str, YamlDoc]) -> None:
        self.docs = docs
        self.problems: list[Problem] = []

    def add(self, rel: str, loc: Loc, message: str, hint: str | None = None) -> None:
        self.problems.append(Problem(self.docs[rel].place(loc), message, hint))

    def unique(self, rel: str, loc: Loc, items: Sequence[Any], what: str) -> set[str]:
        seen: dict[str, int] = {}
        for index, item in enumerate(items):
            if item.id in seen:
                first = self.docs[rel].place((*loc, seen[item.id], "id"))
                self.add(rel, (*loc, index, "id"), f"duplicate {what} id '{item.id}'",
                         hint=f"the first is on line {first.line}; ids must be unique")
            else:
                seen[item.id] = index
        return set(seen)

    def known(self, rel: str, loc: Loc, value: str | None, ids: Iterable[str], what: str,
              where: str = "", none_hint: str | None = None) -> None:
        ids = set(ids)
        if value is not None and value not in ids:
            hint = none_hint if none_hint and not ids else did_you_mean(value, ids, f"{what} ids")
            self.add(rel, loc, f"unknown {what} '{value}'" + (f" {where}" if where else ""),
                     hint=hint)

    def within(self, rel: str, loc: Loc, day: dt.date | None, engagement: m.Engagement | None,
               what: str) -> None:
        if day is None or engagement is None:
            return
        if not engagement.start <= day <= engagement.end:
            self.add(rel, loc, f"{what} {day} is outside the engagement "
                     f"({engagement.start} to {engagement.end})",
                     hint="fix the date, or the engagement's start/end in netconsult.yaml")


def check_references(docs: dict[str, YamlDoc], models: dict[str, Any],
                     meetings: Sequence[Meeting], files: Collection[str] | None = None,
                     ) -> list[Problem]:
    """Every cross-file problem. `files` are the project files that exist, valid or not:
    a file that exists but did not validate hides nothing and accuses nothing (its ids
    are unknown, so references to it are not checked), while a file that does not exist
    has no ids at all."""
    r = _Refs(docs)
    present = set(docs) if files is None else set(files)
    config: m.ProjectConfig | None = models.get("netconsult.yaml")
    members: m.MembersFile | None = models.get("members.yaml")
    workplan: m.WorkplanFile | None = models.get("workplan.yaml")
    recs: m.RecommendationsFile | None = models.get("recommendations.yaml")
    plan: m.PlanFile | None = models.get("improvement-plan.yaml")
    timesheet: m.TimesheetFile | None = models.get("timesheet.yaml")
    benchmark: m.BenchmarkFile | None = models.get("benchmark.yaml")
    survey: m.SurveyFile | None = models.get("survey/survey.yaml")
    ties: m.TiesFile | None = models.get("network/ties.yaml")
    engagement = config.engagement if config else None
    if engagement and engagement.end < engagement.start:
        r.add("netconsult.yaml", ("engagement", "end"),
              f"the engagement ends ({engagement.end}) before it starts ({engagement.start})",
              hint="swap start and end, or fix the one that is wrong")
        engagement = None  # every date would be "outside" it: say it once, above

    # None means "that file did not validate": skip the checks that need its ids.
    regions = themes = groups = member_ids = deliverables = None
    if config is not None:
        cfg = "netconsult.yaml"
        net = config.network
        regions = r.unique(cfg, ("network", "regions"), net.regions, "region")
        themes = r.unique(cfg, ("network", "themes"), net.themes, "theme")
        groups = r.unique(cfg, ("network", "groups"), net.groups, "group")
    if members is not None:
        member_ids = r.unique("members.yaml", ("members",), members.members, "member")
        if regions is not None:
            for i, member in enumerate(members.members):
                r.known("members.yaml", ("members", i, "region"), member.region, regions, "region")
    if config is not None and member_ids is not None:
        for gi, group in enumerate(config.network.groups):
            for mi, mid in enumerate(group.members):
                r.known("netconsult.yaml", ("network", "groups", gi, "members", mi), mid,
                        member_ids, "member", f"in group {group.id}")
        if groups is not None:
            for clash in sorted(groups & member_ids):
                r.add("netconsult.yaml", ("network", "groups"),
                      f"group id '{clash}' is also a member id", hint="give the group another id")
    if workplan is not None:
        deliverables = r.unique("workplan.yaml", ("deliverables",), workplan.deliverables,
                                "deliverable")
        for i, d in enumerate(workplan.deliverables):
            loc: Loc = ("deliverables", i)
            r.within("workplan.yaml", (*loc, "due"), d.due, engagement, "due date")
            r.within("workplan.yaml", (*loc, "start"), d.start, engagement, "start date")
            if d.start and d.start > d.due:
                r.add("workplan.yaml", (*loc, "start"),
                      f"deliverable {d.id} starts ({d.start}) after it is due ({d.due})")
            if d.status in ("planned", "in-progress") and d.submitted_on:
                r.add("workplan.yaml", (*loc, "submitted_on"),
                      f"deliverable {d.id} has a submission date but status '{d.status}'",
                      hint="set status to submitted or accepted, or remove submitted_on")

    finding_ids: set[str] | None = _meeting_refs(r, meetings, regions, themes, member_ids,
                                                 deliverables, engagement)
    # Every meeting file can be cited, even one that did not validate; its findings cannot
    # be known then, so finding evidence is only checked when every meeting note is valid.
    meeting_ids = {PurePosixPath(f).stem for f in present
                   if f.startswith("meetings/") and f.endswith(".md")}
    if meeting_ids - {meeting.id for meeting in meetings}:
        finding_ids = None
    meeting_ids |= {meeting.id for meeting in meetings}
    dimensions: set[str] | None = set() if "survey/survey.yaml" not in present else None
    if survey is not None:
        dimensions = _survey_refs(r, survey, config, engagement)
    peers: set[str] | None = set() if "benchmark.yaml" not in present else None
    if benchmark is not None:
        peers = r.unique("benchmark.yaml", ("peers",), benchmark.peers, "peer")
        criteria = r.unique("benchmark.yaml", ("criteria",), benchmark.criteria, "criterion")
        for i, score in enumerate(benchmark.scores):
            r.known("benchmark.yaml", ("scores", i, "peer"), score.peer, peers, "peer")
            r.known("benchmark.yaml", ("scores", i, "criterion"), score.criterion, criteria,
                    "criterion")

    if ties is not None and member_ids is not None:
        _ties_refs(r, ties, member_ids)

    rec_ids: set[str] | None = set() if "recommendations.yaml" not in present else None
    if recs is not None:
        rel = "recommendations.yaml"
        rec_ids = r.unique(rel, ("recommendations",), recs.recommendations, "recommendation")
        targets = {"meeting": meeting_ids, "finding": finding_ids, "survey": dimensions,
                   "benchmark": peers}
        for i, rec in enumerate(recs.recommendations):
            if deliverables is not None:
                r.known(rel, ("recommendations", i, "deliverable"), rec.deliverable,
                        deliverables, "deliverable")
            for j, ref in enumerate(rec.evidence):
                kind, _, target = ref.partition(":")
                known_targets = targets[kind]
                if known_targets is not None and target not in known_targets:
                    r.add(rel, ("recommendations", i, "evidence", j),
                          f"evidence '{ref}' points to no {_EVIDENCE_NOUNS[kind]}",
                          hint=_evidence_hint(kind, target, known_targets))

    if plan is not None:
        rel = "improvement-plan.yaml"
        action_ids = r.unique(rel, ("actions",), plan.actions, "action")
        event_ids = r.unique(rel, ("events",), plan.events, "event")
        for clash in sorted(action_ids & event_ids):
            r.add(rel, ("events",), f"event id '{clash}' is also an action id")
        owners = None if member_ids is None or groups is None else member_ids | groups
        for i, action in enumerate(plan.actions):
            loc = ("actions", i)
            if rec_ids is not None:
                r.known(rel, (*loc, "recommendation"), action.recommendation, rec_ids,
                        "recommendation", f"for action {action.id}",
                        none_hint="there is no recommendations.yaml to define it")
            if owners is not None:
                r.known(rel, (*loc, "owner"), action.owner, owners, "owner",
                        "(owners are member or group ids)")
            if action.start and action.due and action.start > action.due:
                r.add(rel, (*loc, "due"),
                      f"action {action.id} is due ({action.due}) before it starts "
                      f"({action.start})")
            _done_on(r, rel, loc, action, engagement)
        for i, event in enumerate(plan.events):
            for j, ref in enumerate(event.actions):
                r.known(rel, ("events", i, "actions", j), ref, action_ids, "action")
            if deliverables is not None:
                r.known(rel, ("events", i, "deliverable"), event.deliverable, deliverables,
                        "deliverable")

    if timesheet is not None:
        for i, entry in enumerate(timesheet.entries):
            if deliverables is not None:
                r.known("timesheet.yaml", ("entries", i, "deliverable"), entry.deliverable,
                        deliverables, "deliverable")
            r.within("timesheet.yaml", ("entries", i, "date"), entry.date, engagement,
                     "logged date")
    return r.problems


def _done_on(r: _Refs, rel: str, loc: Loc, action: m.Action,
             engagement: m.Engagement | None) -> None:
    """`done_on` dates a finished action: only on a done action, not before it starts, and
    not before the engagement that planned it began."""
    done = action.done_on
    if done is None:
        return
    if action.status != "done":
        r.add(rel, (*loc, "done_on"),
              f"action {action.id} has done_on ({done}) but its status is {action.status}",
              hint="set status: done, or remove done_on")
    if action.start and done < action.start:
        r.add(rel, (*loc, "done_on"),
              f"action {action.id} is done ({done}) before it starts ({action.start})")
    elif engagement is not None and done < engagement.start:
        r.add(rel, (*loc, "done_on"),
              f"action {action.id} is done ({done}) before the engagement starts "
              f"({engagement.start})", hint="fix the date; done_on is the day it was finished")


def _meeting_refs(r: _Refs, meetings: Sequence[Meeting], regions: set[str] | None,
                  themes: set[str] | None, member_ids: set[str] | None,
                  deliverables: set[str] | None, engagement: m.Engagement | None) -> set[str]:
    finding_ids: dict[str, tuple[str, Loc]] = {}
    for meeting in meetings:
        rel, front = meeting.path, meeting.front
        r.within(rel, ("date",), front.date, engagement, "meeting date")
        if front.kind == "regional" and front.region is None:
            example = min(regions) if regions else "europe"
            r.add(rel, ("kind",), "a regional meeting needs 'region'",
                  hint=f"add the region it was held for, e.g. 'region: {example}'")
        if regions is not None:
            r.known(rel, ("region",), front.region, regions, "region")
        if deliverables is not None:
            r.known(rel, ("deliverable",), front.deliverable, deliverables, "deliverable")
        if member_ids is not None:
            for i, participant in enumerate(front.participants):
                r.known(rel, ("participants", i), participant, member_ids, "member",
                        "in participants")
            for i, quote in enumerate(front.quotes):
                r.known(rel, ("quotes", i, "member"), quote.member, member_ids, "member",
                        "in quotes")
        if themes:  # themes are optional; when the network lists them, findings use them
            for i, finding in enumerate(front.findings):
                r.known(rel, ("findings", i, "theme"), finding.theme, themes, "theme")
            for i, quote in enumerate(front.quotes):
                r.known(rel, ("quotes", i, "theme"), quote.theme, themes, "theme")
        for i, finding in enumerate(front.findings):
            if finding.id is None:
                continue
            if finding.id in finding_ids:
                first_rel, first_loc = finding_ids[finding.id]
                first = r.docs[first_rel].place(first_loc)
                where = "" if first_rel == rel else f"in {first_rel} "
                r.add(rel, ("findings", i, "id"), f"duplicate finding id '{finding.id}'",
                      hint=f"the first is {where}on line {first.line}; finding ids are "
                      "unique across all meetings")
            else:
                finding_ids[finding.id] = (rel, ("findings", i, "id"))
    return set(finding_ids)


_CHOICE_TYPES = ("single", "multiple")


def _survey_refs(r: _Refs, survey: m.SurveyFile, config: m.ProjectConfig | None,
                 engagement: m.Engagement | None) -> set[str]:
    """The instrument is consistent: each option is used where it means something, likert
    items score known dimensions, and every wording exists in the default language."""
    from netconsult.project.frameworks import survey_dimensions

    rel = "survey/survey.yaml"
    r.unique(rel, ("dimensions",), survey.dimensions, "dimension")
    r.unique(rel, ("rounds",), survey.rounds, "round")
    r.unique(rel, ("questions",), survey.questions, "question")
    dimensions = {d.id for d in survey_dimensions(survey)}
    language = config.engagement.languages[0] if config else None
    for i, rnd in enumerate(survey.rounds):
        r.within(rel, ("rounds", i, "opens"), rnd.opens, engagement, "round opening")
        r.within(rel, ("rounds", i, "closes"), rnd.closes, engagement, "round closing")
        if rnd.opens and rnd.closes and rnd.opens > rnd.closes:
            r.add(rel, ("rounds", i, "closes"),
                  f"round {rnd.id} closes ({rnd.closes}) before it opens ({rnd.opens})")
    codes = {survey.codes.dont_know, survey.codes.not_applicable}
    for key in ("dont_know", "not_applicable"):
        code = getattr(survey.codes, key)
        if code in ("1", "2", "3", "4", "5"):
            r.add(rel, ("codes", key), f"code '{code}' is also a point of the 1-5 agreement "
                  "scale", hint="use a code outside 1-5, e.g. 98 or 99")
    if len(codes) == 1:
        r.add(rel, ("codes", "not_applicable"), "\"don't know\" and \"not applicable\" "
              "share one code", hint="give each its own choice name, e.g. 98 and 99")
    rated = [i for i, q in enumerate(survey.questions) if q.type == "members" and q.follow_ups]
    if len(rated) > 1:
        r.add(rel, ("questions", rated[1], "follow_ups"),
              "more than one members question asks follow-up ratings",
              hint=f"the network is drawn from one members question (line "
              f"{r.docs[rel].place(('questions', rated[0])).line}); ask the ratings there only")
    for i in rated:
        follow_ups = survey.questions[i].follow_ups
        if len(set(follow_ups)) < len(follow_ups):
            r.add(rel, ("questions", i, "follow_ups"), "a follow-up is listed twice")
    if sum(q.type == "member" for q in survey.questions) > 1:
        first = next(i for i, q in enumerate(survey.questions) if q.type == "member")
        r.add(rel, ("questions",), "more than one 'member' question",
              hint=f"one question (line {r.docs[rel].place(('questions', first)).line}) says "
              "which member organisation answered; make the others 'single'")
    for i, q in enumerate(survey.questions):
        loc: Loc = ("questions", i)
        if q.id == "meta":  # XLSForm keeps the instance id there
            r.add(rel, (*loc, "id"), "question id 'meta' is reserved by XLSForm for the form's "
                  "metadata", hint="give the question another id")
        for key, value in (("label", q.label), ("hint", q.hint)):
            if isinstance(value, dict) and language and language not in value:
                r.add(rel, (*loc, key), f"question {q.id} has no {key} in '{language}', the "
                      "engagement's default language",
                      hint=f"add '{language}: ...' under {key}")
        if q.type == "likert":
            if q.dimension is None:
                r.add(rel, loc, f"likert question {q.id} scores no dimension",
                      hint="add 'dimension: <id>' naming one of the survey's dimensions")
            else:
                r.known(rel, (*loc, "dimension"), q.dimension, dimensions, "dimension",
                        none_hint="list dimensions under 'dimensions:' or name a built-in "
                        "framework under 'frameworks:'")
        misplaced = [
            ("dimension", q.dimension is not None and q.type != "likert", "likert"),
            ("reverse", q.reverse and q.type != "likert", "likert"),
            ("choices", bool(q.choices) and q.type not in _CHOICE_TYPES, "single or multiple"),
            ("quotable", q.quotable and q.type != "text", "text"),
            ("attribute", q.attribute and q.type != "single", "single"),
            ("minimum", q.minimum is not None and q.type != "number", "number"),
            ("maximum", q.maximum is not None and q.type != "number", "number"),
            ("follow_ups", bool(q.follow_ups) and q.type != "members", "members"),
        ]
        for key, wrong, types in misplaced:
            if wrong:
                r.add(rel, (*loc, key), f"'{key}' only applies to {types} questions, and "
                      f"{q.id} is {q.type}")
        if q.type in _CHOICE_TYPES:
            if not q.choices:
                r.add(rel, loc, f"{q.type} question {q.id} has no choices",
                      hint="list them under 'choices:', each with a name and a label")
            seen: set[str] = set()
            for j, choice in enumerate(q.choices):
                if choice.name in seen:
                    r.add(rel, (*loc, "choices", j, "name"),
                          f"duplicate choice '{choice.name}' in question {q.id}")
                seen.add(choice.name)
                if isinstance(choice.label, dict) and language and language not in choice.label:
                    r.add(rel, (*loc, "choices", j, "label"),
                          f"choice {choice.name} of {q.id} has no label in '{language}'")
        if q.minimum is not None and q.maximum is not None and q.minimum > q.maximum:
            r.add(rel, (*loc, "maximum"), f"question {q.id}: maximum is below minimum")
    return dimensions


def _ties_refs(r: _Refs, ties: m.TiesFile, member_ids: set[str]) -> None:
    """Recorded ties join two different, known members, each pair once."""
    rel = "network/ties.yaml"
    seen: dict[frozenset[str], int] = {}
    for i, tie in enumerate(ties.ties):
        for j, mid in enumerate(tie.members):
            r.known(rel, ("ties", i, "members", j), mid, member_ids, "member")
        pair = frozenset(tie.members)
        if len(pair) == 1:
            r.add(rel, ("ties", i, "members"), f"tie joins {tie.members[0]} to itself",
                  hint="a tie joins two different members")
        elif pair in seen:
            line = r.docs[rel].place(("ties", seen[pair])).line
            r.add(rel, ("ties", i), f"the tie between {' and '.join(sorted(pair))} is "
                  f"recorded twice (first on line {line})", hint="keep one of them")
        else:
            seen[pair] = i


_EVIDENCE_NOUNS = {"meeting": "meeting", "finding": "finding", "survey": "survey dimension",
                   "benchmark": "benchmark peer"}


def _evidence_hint(kind: str, target: str, known: set[str]) -> str | None:
    if kind == "meeting":
        if target.endswith(".md") and target.removesuffix(".md") in known:
            return f"cite it without .md: meeting:{target.removesuffix('.md')}"
        return did_you_mean(target, known, "meetings") or "cite a meeting by its file name"
    if kind == "survey":
        if not known:
            return "survey:<id> cites a dimension listed in survey/survey.yaml; none is listed yet"
        return did_you_mean(target, known, "survey dimensions")
    if kind == "benchmark":
        if not known:
            return "benchmark:<id> cites a peer listed in benchmark.yaml; none is listed yet"
        return did_you_mean(target, known, "benchmark peers")
    return (did_you_mean(target, known, "finding ids")
            or "give the finding an id in its meeting note")
