"""The project as it stood on one day: what a report dated that day may draw on.

A report has one "as of" date (render/context/base.report_date). What happened after it
cannot be in the report: `project_as_of` leaves out

- meetings held after the day, and with them their findings, quotes and the ties that
  co-attendance makes (network/ties.yaml `meetings:` reads `project.meetings`);
- survey rounds not closed by the day: a round whose `closes` is after it, whose `opens` is
  after it, or with any response submitted after it, together with its responses and
  partner ratings. A round without a `closes` date counts as closed when none of its
  responses is dated after the day (an undated round is kept: nothing says it is later).

Everything that is a plan for the future stays: deliverables, actions and events (the plan
report marks their statuses as of the day itself), recommendations, recorded ties, members.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from netconsult.project.load import Project
from netconsult.project.models import SurveyRound
from netconsult.project.responses import ResponseSet


def project_as_of(project: Project, day: dt.date) -> Project:
    """`project` as it stood at the end of `day` (the same object when nothing is later)."""
    meetings = tuple(m for m in project.meetings if m.date <= day)
    declared = {r.id: r for r in project.survey.rounds} if project.survey else {}
    responses = {rid: rs for rid, rs in project.responses.items()
                 if round_closed(declared.get(rid), rs, day)}
    survey = project.survey
    if survey is not None:
        rounds = [r for r in survey.rounds
                  if round_closed(r, project.responses.get(r.id), day)]
        if len(rounds) != len(survey.rounds):
            survey = survey.model_copy(update={"rounds": rounds})
    if (len(meetings) == len(project.meetings) and len(responses) == len(project.responses)
            and survey is project.survey):
        return project
    return dataclasses.replace(project, meetings=meetings, responses=responses, survey=survey)


def round_closed(declared: SurveyRound | None, responses: ResponseSet | None,
                 day: dt.date) -> bool:
    """Whether a survey round had closed by the end of `day` (see the module docstring)."""
    if declared is not None:
        if declared.closes is not None and declared.closes > day:
            return False
        if declared.opens is not None and declared.opens > day:
            return False
    if responses is not None:
        return all(r.submitted is None or r.submitted <= day for r in responses.responses)
    return True
