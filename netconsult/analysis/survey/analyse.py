"""`analyse_survey` and the rounds it reads: one round's respondents turned into every table."""

from __future__ import annotations

from collections.abc import Sequence

from netconsult.analysis.survey.breakdowns import _Groups, _member_group, _Variable
from netconsult.analysis.survey.results import (
    MEMBER_SIZES,
    MEMBER_TYPES,
    NOT_STATED,
    ChoiceResult,
    DimensionChange,
    SurveyResults,
)
from netconsult.analysis.survey.scores import (
    _dimension,
    _item,
    _mean_cell,
    _Respondent,
    _scores,
    _share_cell,
    _text,
)
from netconsult.project import models as m
from netconsult.project.frameworks import survey_dimensions
from netconsult.project.load import Project
from netconsult.project.responses import LIKERT_POINTS, Response


def rounds_with_responses(project: Project) -> list[str]:
    """Round ids that have at least one response, in round order."""
    return [rid for rid, rs in project.responses.items() if len(rs)]


def round_name(project: Project, round_id: str) -> str:
    survey = project.survey
    declared = next((r for r in survey.rounds if r.id == round_id), None) if survey else None
    return (declared.name if declared and declared.name else None) or round_id


def responding_members(project: Project, round_id: str) -> set[str]:
    """Ids of the member organisations at least one response of `round_id` names."""
    rs = project.responses.get(round_id)
    return rs.members_named() if rs else set()


def analyse_survey(project: Project, round_id: str | None = None, *,
                   show_hidden: bool = False) -> SurveyResults | None:
    """The results of one round (default: the latest with responses), privacy applied.

    None when the project has no survey, or the round has no responses. `show_hidden`
    turns privacy off (every figure shown, `min_group_size` 1): for the consultant's own
    eyes, never for a report.
    """
    survey = project.survey
    answered = rounds_with_responses(project)
    if survey is None or not answered:
        return None
    if round_id is None:
        round_id = answered[-1]
    elif round_id not in answered:
        return None
    return _Analysis(project, survey, show_hidden).results(round_id, answered)


class _Analysis:
    def __init__(self, project: Project, survey: m.SurveyFile, show_hidden: bool) -> None:
        self.project = project
        self.survey = survey
        self.k = 1 if show_hidden else project.config.privacy.min_group_size
        self.language = project.engagement.languages[0]
        self.codes = (survey.codes.dont_know, survey.codes.not_applicable)
        self.members = {member.id: member for member in project.members}
        self.likert = [q for q in survey.questions if q.type == "likert"]
        scored = {q.dimension for q in self.likert}
        self.dims = [(d, [q for q in self.likert if q.dimension == d.id])
                     for d in survey_dimensions(survey) if d.id in scored]
        self.variables = self._variables()

    # -- setup --------------------------------------------------------------------------

    def _variables(self) -> list[_Variable]:
        members = self.project.members
        types = {member.type for member in members}
        sizes = {member.size for member in members}
        variables = [
            _Variable("region", "region",
                      [(r.id, r.name) for r in self.project.network.regions]),
            _Variable("type", "type", [(t, t) for t in MEMBER_TYPES if t in types]),
            _Variable("size", "size", [(s, s) for s in MEMBER_SIZES if s in sizes]),
        ]
        for q in self.survey.questions:
            if q.attribute and q.type == "single":
                variables.append(_Variable(q.id, _text(q.label, self.language),
                                           [(c.name, _text(c.label, self.language))
                                            for c in q.choices]))
        return variables

    def _respondent(self, response: Response) -> _Respondent:
        likert: dict[str, int] = {}
        for q in self.likert:
            answer = response.answers.get(q.id)
            if isinstance(answer, str) and answer in LIKERT_POINTS:
                likert[q.id] = 6 - int(answer) if q.reverse else int(answer)
        member = self.members.get(response.member or "")
        groups = {by: _member_group(member, by) for by in ("region", "type", "size")}
        for variable in self.variables[3:]:
            answer = response.answers.get(variable.by)
            groups[variable.by] = answer if isinstance(answer, str) else NOT_STATED
        return _Respondent(likert, groups, dict(response.answers))

    def _respondents(self, round_id: str) -> list[_Respondent]:
        return [self._respondent(r) for r in self.project.responses[round_id].responses]

    # -- the whole round ----------------------------------------------------------------

    def results(self, round_id: str, answered: list[str]) -> SurveyResults:
        rs = self.project.responses[round_id]
        people = self._respondents(round_id)
        responded = responding_members(self.project, round_id)
        total = len(self.project.members)
        index = answered.index(round_id)
        previous = answered[index - 1] if index > 0 else None
        groups = _Groups(people, self.variables, self.project.members, self.k)
        return SurveyResults(
            round_id=round_id,
            round_name=round_name(self.project, round_id),
            respondents=len(rs),
            members_total=total,
            members_responded=len(responded),
            response_rate=len(responded) / total if total else 0.0,
            target=self.survey.response_target,
            rates=groups.rates(responded),
            dimensions=[_dimension(d, items, people, rs.responses, k=self.k, codes=self.codes)
                        for d, items in self.dims],
            items=[_item(q, people, rs.responses, k=self.k, codes=self.codes,
                         language=self.language) for q in self.likert],
            breakdowns=groups.breakdowns(self.dims),
            disagreements=groups.disagreements(self.likert, self.language),
            choices=self._choices(people),
            quotes=self._quotes(rs.responses),
            change=self._change(previous, people) if previous else [],
            min_group_size=self.k,
            previous_round_id=previous,
            previous_round_name=round_name(self.project, previous) if previous else None,
            language=self.language,
        )

    # -- other questions ----------------------------------------------------------------

    def _choices(self, people: list[_Respondent]) -> list[ChoiceResult]:
        out: list[ChoiceResult] = []
        for q in self.survey.questions:
            if q.type not in ("single", "multiple") or q.attribute:
                continue
            answers = [p.answers[q.id] for p in people if q.id in p.answers]
            chosen = [{a} if isinstance(a, str) else set(a) for a in answers
                      if not isinstance(a, float)]
            rows = [(c.name, _text(c.label, self.language),
                     _share_cell(sum(1 for s in chosen if c.name in s), len(chosen),
                                 len(chosen), self.k))
                    for c in q.choices]
            out.append(ChoiceResult(q.id, _text(q.label, self.language), q.type,
                                    len(chosen), rows))
        return out

    def _quotes(self, responses: Sequence[Response]) -> list[str]:
        quotes: list[str] = []
        for q in self.survey.questions:
            if q.type != "text" or not q.quotable:
                continue
            seen: dict[str, str] = {}
            for r in responses:
                answer = r.answers.get(q.id)
                if isinstance(answer, str) and answer.strip():
                    text = answer.strip()
                    seen.setdefault(" ".join(text.split()).casefold(), text)
            quotes.extend(seen[key] for key in sorted(seen))
        return quotes

    def _change(self, previous: str, people: list[_Respondent]) -> list[DimensionChange]:
        before_people = self._respondents(previous)
        out: list[DimensionChange] = []
        for dim, items in self.dims:
            before = _mean_cell([s for s in _scores(items, before_people)
                                 if s is not None], self.k)
            after = _mean_cell([s for s in _scores(items, people) if s is not None],
                               self.k)
            delta = (after.value - before.value
                     if after.value is not None and before.value is not None else None)
            out.append(DimensionChange(dim.id, dim.name, before, after, delta,
                                       before.n, after.n))
        return out
