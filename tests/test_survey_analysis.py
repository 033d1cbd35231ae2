"""Survey analysis pinned by hand: scores, reverse items, don't know / not applicable, alpha,
suppression and complementary suppression, quotes, change between rounds.

The project: tests/projects/minimal with a third region (east), five members, privacy
min_group_size 3, and twelve follow-up respondents (table below) plus four at baseline.
Every expected number is worked out in the comments from that table; none is computed by
the code under test.

    resp member role   t1 t2 t3(rev→) v1 v2   trust score      voice score
    r01  n1     staff  5  4  1 →5     4  4    14/3             4
    r02  n1     staff  4  4  2 →4     4  5    4                4.5
    r03  n1     staff  4  3  2 →4     3  3    11/3             3
    r04  n1     board  3  3  3 →3     2  3    3                2.5
    r05  n2     staff  2  2  4 →2     3  2    2                2.5
    r06  n2     staff  3  2  dk       2  2    2.5 (2 of 3)     2
    r07  n2     board  5  5  1 →5     5  4    5                4.5
    r08  s1     staff  2  1  5 →1     1  2    4/3              1.5
    r09  s1     staff  1  2  4 →2     na na   5/3              none (0 of 2)
    r10  s1     board  3  dk na       4  4    none (1 of 3)    4
    r11  e1     staff  4  4  2 →4     5  5    4                5
    r12  -      staff  2  3  3 →3     3  dk   8/3              3 (1 of 2 is half)

Members: n1 north coordinator small; n2 north large; s1 south small; s2 south medium (did
not respond); e1 east, no size. r12 names no member: region, type and size "not stated".
"""

from __future__ import annotations

from pathlib import Path

import pytest

from netconsult.analysis.survey import (
    EMPTY,
    HIDDEN,
    NOT_STATED,
    PROTECTED,
    Cell,
    SurveyResults,
    analyse_survey,
    cronbach_alpha,
)
from netconsult.project.load import load_project
from tests.conftest import MINIMAL, MakeProject

HEADER = "respondent,member,submitted,role,t1,t2,t3,v1,v2,channel,activities,change,private\n"
FOLLOWUP = HEADER + """\
r01,n1,2020-11-02,staff,5,4,1,4,4,email,webinars visits,More calls,
r02,n1,2020-11-02,staff,4,4,2,4,5,email,webinars,  more calls ,
r03,n1,,staff,4,3,2,3,3,email,,,Secret opinion
r04,n1,,board,3,3,3,2,3,email,,,
r05,n2,,staff,2,2,4,3,2,email,,A shared calendar,
r06,n2,,staff,3,2,98,2,2,email,,,
r07,n2,,board,5,5,1,5,4,calls,,,
r08,s1,,staff,2,1,5,1,2,calls,,,
r09,s1,,staff,1,2,4,99,99,calls,,,
r10,s1,,board,3,98,99,4,4,calls,,,
r11,e1,,staff,4,4,2,5,5,,,,
r12,,,staff,2,3,3,3,98,,,,
"""
#: Baseline trust scores 3, 2, 4, 1 (mean 2.5, n 4); voice only b1 (2) and b4 (3): n 2 < 3.
BASELINE = HEADER + """\
b1,n1,,staff,3,3,3,2,2,,,,
b2,n2,,staff,2,2,4,99,99,,,,
b3,s1,,board,4,4,2,98,,,,,
b4,e1,,staff,1,1,5,3,3,,,,
"""
SURVEY = """\
title: Test member survey
response_target: 0.75
rounds:
  - {id: baseline, name: Baseline, closes: 2020-07-15}
  - {id: followup, name: Follow-up, closes: 2020-11-30}
dimensions:
  - {id: trust, name: Trust}
  - {id: voice, name: Voice}
questions:
  - id: role
    type: single
    attribute: true
    label: {en: What is your role?, es: ¿Cuál es su función?}
    choices: [{name: staff, label: Staff}, {name: board, label: Board}]
  - {id: t1, type: likert, dimension: trust, label: {en: Members keep their word., fr: Oui.}}
  - {id: t2, type: likert, dimension: trust, label: Credit is shared fairly.}
  - {id: t3, type: likert, dimension: trust, reverse: true, label: I hold back disagreements.}
  - {id: v1, type: likert, dimension: voice, label: Small members are heard.}
  - {id: v2, type: likert, dimension: voice, label: Meetings suit my time zone.}
  - id: channel
    type: single
    label: How do you hear from the network?
    choices: [{name: email, label: E-mail}, {name: calls, label: Calls}]
  - id: activities
    type: multiple
    label: Which activities did you join?
    choices: [{name: webinars, label: Webinars}, {name: visits, label: Exchange visits}]
  - {id: change, type: text, quotable: true, label: One change you would make?}
  - {id: private, type: text, label: Anything else?}
"""
MEMBERS = """\
members:
  - {id: n1, name: North One, country: HU, region: north, type: coordinator, size: small}
  - {id: n2, name: North Two, country: PL, region: north, size: large}
  - {id: s1, name: South One, country: SN, region: south, size: small}
  - {id: s2, name: South Two, country: GH, region: south, size: medium}
  - {id: e1, name: East One, country: KE, region: east}
"""


def survey_files(*, baseline: bool = True) -> dict[str, str | None]:
    """The files that turn the minimal project into the survey project above."""
    config = (MINIMAL / "netconsult.yaml").read_text(encoding="utf-8")
    config = config.replace("    - {id: south, name: South}\n",
                            "    - {id: south, name: South}\n    - {id: east, name: East}\n")
    files: dict[str, str | None] = {
        "netconsult.yaml": config + "privacy: {min_group_size: 3}\n",
        "members.yaml": MEMBERS,
        "survey/survey.yaml": SURVEY,
        "survey/responses/followup.csv": FOLLOWUP,
    }
    if baseline:
        files["survey/responses/baseline.csv"] = BASELINE
    return files


@pytest.fixture
def survey_project(make_project: MakeProject) -> Path:
    return make_project(survey_files())


@pytest.fixture
def results(survey_project: Path) -> SurveyResults:
    analysed = analyse_survey(load_project(survey_project))
    assert analysed is not None
    return analysed


def cell(value: float, n: int) -> Cell:
    return Cell(pytest.approx(value), n)  # type: ignore[arg-type]


# -- response rates -----------------------------------------------------------------------


def test_response_rate_counts_organisations(results: SurveyResults) -> None:
    assert results.round_id == "followup"  # the latest round with responses
    assert results.round_name == "Follow-up"
    assert results.respondents == 12
    # n1, n2, s1 and e1 answered; s2 did not: 4 of 5.
    assert (results.members_responded, results.members_total) == (4, 5)
    assert results.response_rate == pytest.approx(0.8)
    assert results.target == 0.75
    assert results.min_group_size == 3


def test_rates_by_group_show_organisations_and_protect_people(results: SurveyResults) -> None:
    rows = {(r.by, r.group): (r.members, r.responded, r.rate, r.respondents)
            for r in results.rates}
    # Respondents per region: north 7, south 3, east 1, not stated 1 (r12); per type:
    # coordinator 4 (n1), member 7 (n2, s1, e1), not stated 1; per size: small 7 (n1, s1),
    # medium 0 (s2 silent), large 3 (n2), not stated 2 (e1, r12). East and the not stated
    # groups are under 3. Decided over the three tables (and the role breakdown) at once:
    # member goes (else r12 = total - coordinator - member), north and large go (else
    # east + r12 = total - north - south, and r11 + r12 = total - small - large).
    assert rows[("region", "north")] == (2, 2, 1.0, PROTECTED)
    assert rows[("region", "south")] == (2, 1, 0.5, Cell(3, 3))
    assert rows[("region", "east")] == (1, 1, 1.0, HIDDEN)
    assert rows[("region", NOT_STATED)] == (0, 0, None, HIDDEN)
    assert rows[("type", "coordinator")] == (1, 1, 1.0, Cell(4, 4))
    assert rows[("type", "member")] == (4, 3, 0.75, PROTECTED)
    assert rows[("size", "small")] == (2, 2, 1.0, Cell(7, 7))
    assert rows[("size", "medium")] == (1, 0, 0.0, Cell(0, 0))
    assert rows[("size", "large")] == (1, 1, 1.0, PROTECTED)
    assert rows[("size", NOT_STATED)] == (1, 1, 1.0, HIDDEN)


# -- scores -------------------------------------------------------------------------------


def test_dimension_scores(results: SurveyResults) -> None:
    trust, voice = results.dimensions
    assert (trust.id, trust.name, trust.items) == ("trust", "Trust", 3)
    # Trust scores (table): thirds 14+11+4+5+8 = 42/3 = 14, plus 4+3+2+2.5+5+4 = 20.5:
    # 34.5 over 11 respondents (r10 answered 1 of 3 items: no score).
    assert trust.n == 11
    assert trust.mean == cell(34.5 / 11, 11)
    # 33 substantive trust answers from 12 people; 1s: 3, 2s: 8, 3s: 8, 4s: 9, 5s: 5.
    assert trust.share_agree == cell(14 / 33, 12)
    assert trust.distribution == [cell(c / 33, 12) for c in (3, 8, 8, 9, 5)]
    assert (trust.dont_know, trust.not_applicable) == (2, 1)  # r06 t3, r10 t2 / r10 t3
    # Voice: 4+4.5+3+2.5+2.5+2+4.5+1.5+4+5+3 = 36.5 over 11 (r09 has none; r12 answered
    # 1 of 2 items, which is half). 21 answers, 10 of them 4 or 5.
    assert voice.n == 11
    assert voice.mean == cell(36.5 / 11, 11)
    assert voice.share_agree == cell(10 / 21, 11)
    assert (voice.dont_know, voice.not_applicable) == (1, 2)


def test_reverse_items_are_scored_six_minus_x(results: SurveyResults) -> None:
    t3 = next(item for item in results.items if item.id == "t3")
    assert (t3.label, t3.dimension, t3.reverse) == ("I hold back disagreements.", "trust", True)
    # Raw 1,2,2,3,4,1,5,4,2,3 (r06 dk, r10 na) → 5,4,4,3,2,5,1,2,4,3: sum 33 over 10.
    assert t3.n == 10
    assert t3.mean == cell(3.3, 10)
    assert t3.share_agree == cell(0.5, 10)  # 5,4,4,5,4 after reversing
    assert t3.distribution == [cell(s, 10) for s in (0.1, 0.2, 0.2, 0.3, 0.2)]
    assert (t3.dont_know, t3.not_applicable) == (1, 1)


def test_labels_are_in_the_default_language(results: SurveyResults) -> None:
    t1 = next(item for item in results.items if item.id == "t1")
    assert t1.label == "Members keep their word."
    assert results.language == "en"


def test_alpha_by_hand() -> None:
    # Four respondents, three items: [4,3,5,2], [5,4,5,3], [4,3,5,2].
    # Item 1: mean 3.5, squared deviations .25+.25+2.25+2.25 = 5, variance 5/3.
    # Item 2: mean 4.25, .5625+.0625+.5625+1.5625 = 2.75, variance 2.75/3. Item 3 = item 1.
    # Totals 13, 10, 15, 7: mean 11.25, 3.0625+1.5625+14.0625+18.0625 = 36.75, var 36.75/3.
    # alpha = 3/2 * (1 - (5 + 2.75 + 5) / 36.75) = 1.5 * 24/36.75 = 36/36.75.
    rows = [(4, 5, 4), (3, 4, 3), (5, 5, 5), (2, 3, 2)]
    assert cronbach_alpha(rows) == pytest.approx(36 / 36.75)


def test_alpha_matches_a_published_value() -> None:
    # easystats/performance pins cronbachs_alpha(mtcars[, c("cyl", "gear", "carb", "hp")])
    # at 0.09463206 (tests/testthat/test-cronbachs_alpha.R); mtcars is R's datasets::mtcars.
    cyl = [6, 6, 4, 6, 8, 6, 8, 4, 4, 6, 6, 8, 8, 8, 8, 8, 8, 4, 4, 4, 4, 8, 8, 8, 8, 4, 4, 4,
           8, 6, 8, 4]
    gear = [4, 4, 4, 3, 3, 3, 3, 4, 4, 4, 4, 3, 3, 3, 3, 3, 3, 4, 4, 4, 3, 3, 3, 3, 3, 4, 5, 5,
            5, 5, 5, 4]
    carb = [4, 4, 1, 1, 2, 1, 4, 2, 2, 4, 4, 3, 3, 3, 4, 4, 4, 1, 2, 1, 1, 2, 2, 4, 2, 1, 2, 2,
            4, 6, 8, 2]
    hp = [110, 110, 93, 110, 175, 105, 245, 62, 95, 123, 123, 180, 180, 180, 205, 215, 230, 66,
          52, 65, 97, 150, 150, 245, 175, 66, 91, 113, 264, 175, 335, 109]
    assert cronbach_alpha(list(zip(cyl, gear, carb, hp, strict=True))) == pytest.approx(
        0.09463206, abs=1e-8)


def test_alpha_is_not_given_when_it_means_nothing() -> None:
    assert cronbach_alpha([(1, 2), (2, 3)]) is None  # 2 complete cases
    assert cronbach_alpha([(3,), (4,), (5,)]) is None  # one item
    assert cronbach_alpha([(3, 3), (3, 3), (3, 3)]) is None  # totals do not vary


def test_dimension_alpha_on_complete_cases(results: SurveyResults) -> None:
    trust, voice = results.dimensions
    # Trust, 10 complete cases (not r06, r10), t3 reversed:
    # t1 5,4,4,3,2,5,2,1,4,2: sum 32, sum of squares 120, SS = 120 - 32²/10 = 17.6
    # t2 4,4,3,3,2,5,1,2,4,3: sum 31, squares 109, SS = 109 - 96.1 = 12.9
    # t3 5,4,4,3,2,5,1,2,4,3: sum 33, squares 125, SS = 125 - 108.9 = 16.1
    # totals 14,12,11,9,6,15,4,5,12,8: sum 96, squares 1052, SS = 1052 - 921.6 = 130.4
    # alpha = 3/2 * (1 - 46.6/130.4) = 125.7/130.4 (the n - 1 cancels).
    assert trust.alpha_n == 10
    assert trust.alpha == pytest.approx(125.7 / 130.4)
    # Voice, 10 complete cases (not r09, r12): v1 SS 125 - 108.9 = 16.1, v2 SS 128 - 115.6
    # = 12.4, totals 8,9,6,5,5,4,9,3,8,10 SS 501 - 448.9 = 52.1: 2 * (1 - 28.5/52.1).
    assert voice.alpha_n == 10
    assert voice.alpha == pytest.approx(47.2 / 52.1)


# -- privacy ------------------------------------------------------------------------------


def test_subtraction_attack_is_blocked(results: SurveyResults) -> None:
    by_type = next(b for b in results.breakdowns if b.by == "type")
    assert (by_type.by_name, by_type.groups) == ("type", [("coordinator", "coordinator"),
                                                          ("member", "member"),
                                                          (NOT_STATED, NOT_STATED)])
    trust = by_type.rows[0]
    assert trust[:2] == ("trust", "Trust")
    # Unprotected, this row would give away r12's own score: the total (34.5 over 11) minus
    # coordinator (14/3 + 4 + 11/3 + 3 = 46/3, n 4) minus member (2 + 2.5 + 5 + 4/3 + 5/3 + 4
    # = 16.5, n 6) leaves 8/3 over 1 respondent. Member is hidden with it, as in every table,
    # and so is coordinator: north (hidden) less coordinator would give large's score.
    recovered = 34.5 - 46 / 3 - 16.5
    assert recovered == pytest.approx(8 / 3)
    assert trust[2] == [PROTECTED, PROTECTED, HIDDEN]
    assert by_type.total[0] == cell(34.5 / 11, 11)
    assert by_type.rows[1][2] == [PROTECTED, PROTECTED, HIDDEN]
    assert by_type.note is None  # the render layer words it


def test_small_groups_that_pool_enough_need_no_more_hiding(results: SurveyResults) -> None:
    by_region = next(b for b in results.breakdowns if b.by == "region")
    assert [g for g, _ in by_region.groups] == ["north", "south", "east", NOT_STATED]
    # Trust: south 2 (r10 has no score), east 1, not stated 1: each under 3. North is
    # hidden in every table (see the response rates).
    assert by_region.rows[0][2] == [PROTECTED, HIDDEN, HIDDEN, HIDDEN]
    assert by_region.rows[1][2] == [PROTECTED, HIDDEN, HIDDEN, HIDDEN]


def test_breakdowns_by_size_and_attribute(results: SurveyResults) -> None:
    assert [b.by for b in results.breakdowns] == ["region", "type", "size", "role"]
    by_size = next(b for b in results.breakdowns if b.by == "size")
    # small = n1 + s1: 14/3+4+11/3+3+4/3+5/3 = 55/3 over 6; medium has nobody; large is
    # hidden as in the response rates; not stated (r11, r12) 2.
    assert by_size.rows[0][2] == [cell(55 / 18, 6), EMPTY, PROTECTED, HIDDEN]
    by_role = next(b for b in results.breakdowns if b.by == "role")
    assert (by_role.by_name, by_role.groups) == ("What is your role?",
                                                 [("staff", "Staff"), ("board", "Board")])
    # Trust: board has 2 scores (r10 none), so staff, the only other group, is hidden too.
    assert by_role.rows[0][2] == [PROTECTED, HIDDEN]
    # Voice: staff 4+4.5+3+2.5+2+1.5+5+3 = 25.5 over 8; board 2.5+4.5+4 = 11 over 3.
    assert by_role.rows[1][2] == [cell(25.5 / 8, 8), cell(11 / 3, 3)]


def test_disagreements_use_only_shown_groups(results: SurveyResults) -> None:
    found = [(d.item, d.by, d.high, d.low) for d in results.disagreements]
    # t1 by role: board 3,5,3 = 11/3, staff 5,4,4,2,3,2,1,4,2 = 27/9 = 3: spread 2/3.
    # v1 by role: board 2,5,4 = 11/3, staff 4,4,3,3,2,1,5,3 = 25/8: spread 13/24.
    # v2 by type would spread 7/12 but member is hidden in every table; by role: board
    # 3,4,4 = 11/3, staff 4,5,3,2,2,2,5 = 23/7: spread 8/21.
    # Every other item/group split hides all but one group.
    assert found == [
        ("t1", "role", ("Board", pytest.approx(11 / 3)), ("Staff", pytest.approx(3.0))),
        ("v1", "role", ("Board", pytest.approx(11 / 3)), ("Staff", pytest.approx(25 / 8))),
        ("v2", "role", ("Board", pytest.approx(11 / 3)), ("Staff", pytest.approx(23 / 7))),
    ]
    assert [d.spread for d in results.disagreements] == pytest.approx([2 / 3, 13 / 24, 8 / 21])


def test_choices(results: SurveyResults) -> None:
    assert [c.id for c in results.choices] == ["channel", "activities"]  # role is an attribute
    channel, activities = results.choices
    assert channel.n == 10  # r11 and r12 left it blank; 6 e-mail, 4 calls
    assert channel.rows == [("email", "E-mail", cell(0.6, 10)), ("calls", "Calls", cell(0.4, 10))]
    assert activities.n == 2  # under 3: no share is shown
    assert activities.rows == [("webinars", "Webinars", HIDDEN),
                               ("visits", "Exchange visits", HIDDEN)]


def test_quotes_only_from_quotable_questions(results: SurveyResults) -> None:
    # "more calls" repeats "More calls"; "Secret opinion" answers a question not quotable.
    assert results.quotes == ["A shared calendar", "More calls"]


def test_change_since_the_previous_round(results: SurveyResults) -> None:
    assert (results.previous_round_id, results.previous_round_name) == ("baseline", "Baseline")
    trust, voice = results.change
    assert trust.before == Cell(2.5, 4)  # (3 + 2 + 4 + 1) / 4
    assert trust.after == cell(34.5 / 11, 11)
    assert trust.delta == pytest.approx(34.5 / 11 - 2.5)
    assert (trust.n_before, trust.n_after) == (4, 11)
    assert voice.before == HIDDEN  # 2 baseline scores
    assert (voice.delta, voice.n_before) == (None, None)


def test_a_named_round_and_its_own_baseline(survey_project: Path) -> None:
    project = load_project(survey_project)
    baseline = analyse_survey(project, "baseline")
    assert baseline is not None
    assert (baseline.round_name, baseline.respondents, baseline.change) == ("Baseline", 4, [])
    assert baseline.dimensions[0].mean == Cell(2.5, 4)
    assert analyse_survey(project, "nope") is None


def test_no_survey_or_no_responses_gives_none(make_project: MakeProject) -> None:
    assert analyse_survey(load_project(make_project(name="plain"))) is None
    files = survey_files(baseline=False)
    files["survey/responses/followup.csv"] = HEADER  # a header and no row
    assert analyse_survey(load_project(make_project(files, name="empty"))) is None
