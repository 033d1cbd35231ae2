"""The template contract: `report` and `report.data` are frozen dataclasses all the way down,
of the types docs/project-folder.md names, and the override example there renders."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path
from types import MappingProxyType

import pytest

from netconsult.project.load import Project, load_project
from netconsult.render.build import render_html
from netconsult.render.context import (
    AssessmentData,
    PlanData,
    RecommendationsData,
    ReportContext,
    build_context,
)
from netconsult.render.context.base import Cover
from netconsult.render.context.network_chapter import NetworkChapter
from netconsult.render.context.survey_chapter import SurveyChapter
from tests.conftest import MINIMAL, REPO, SAMPLE, TESTS

DOC = REPO / "docs" / "project-folder.md"
DATA = {"assessment": AssessmentData, "recommendations": RecommendationsData,
        "plan": PlanData}
PROJECTS = [SAMPLE, MINIMAL, TESTS / "projects" / "thin"]


@pytest.fixture(scope="module")
def sample() -> Project:
    return load_project(SAMPLE)


@pytest.mark.parametrize("kind", DATA)
def test_report_data_is_the_documented_frozen_dataclass(sample: Project, kind: str) -> None:
    report = build_context(sample, kind, "en")
    assert type(report) is ReportContext
    assert type(report.data) is DATA[kind]
    first = dataclasses.fields(report.data)[0].name
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(report.data, first, None)
    with pytest.raises(dataclasses.FrozenInstanceError):
        report.data = None  # type: ignore[misc]
    with pytest.raises(TypeError):  # read-only mappings
        report.figures["extra"] = next(iter(report.figures.values()))  # type: ignore[index]
    assert isinstance(report.sections, tuple) and isinstance(report.summary, tuple)


def test_assessment_chapters_are_typed(sample: Project) -> None:
    data = build_context(sample, "assessment", "en").data
    assert isinstance(data.survey, SurveyChapter)
    assert isinstance(data.network, NetworkChapter)
    assert data.survey.best is not None and data.network.most is not None
    with pytest.raises(dataclasses.FrozenInstanceError):
        data.survey.best.mean = "5.0"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        data.network.members_table[0].trust = "4.0 of 4"  # type: ignore[misc]


def mutable_parts(value: object, path: str, seen: set[int]) -> list[str]:
    """Where, under `value`, something could be changed: a dataclass that is not frozen, or
    a list, dict or set."""
    if id(value) in seen:
        return []
    seen.add(id(value))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        found = [] if type(value).__dataclass_params__.frozen else [path]  # type: ignore[attr-defined]
        for f in dataclasses.fields(value):
            found += mutable_parts(getattr(value, f.name), f"{path}.{f.name}", seen)
        return found
    if isinstance(value, list | dict | set):
        return [path]
    if isinstance(value, MappingProxyType):
        return [x for k, v in value.items() for x in mutable_parts(v, f"{path}[{k}]", seen)]
    if isinstance(value, tuple | frozenset):
        return [x for i, v in enumerate(value) for x in mutable_parts(v, f"{path}[{i}]", seen)]
    assert isinstance(value, str | int | float | bool | dt.date | None), path
    return []


@pytest.mark.parametrize("root", PROJECTS, ids=lambda p: p.name)
def test_nothing_under_report_can_be_changed(root: Path) -> None:
    project = load_project(root)
    for kind in DATA:
        assert mutable_parts(build_context(project, kind, "en"), kind, set()) == []


def test_the_docs_describe_every_field_of_report() -> None:
    text = DOC.read_text(encoding="utf-8")
    documented = {name for row in re.findall(r"^\| (`[^|]+) \|", text, re.M)
                  for name in re.findall(r"`(\w+)`", row)}
    fields = {f.name for f in dataclasses.fields(ReportContext)} | {"as_of", "draft"}
    assert fields <= documented
    cover_row = next(line for line in text.splitlines() if line.startswith("| `cover` |"))
    assert {f.name for f in dataclasses.fields(Cover)} <= set(re.findall(r"`(\w+)`", cover_row))
    for cls in (AssessmentData, SurveyChapter, NetworkChapter, RecommendationsData, PlanData):
        module = Path(*cls.__module__.split(".")).with_suffix(".py")
        assert (REPO / module).is_file()
        assert f"`{cls.__name__}`" in text
        assert f"`{module.as_posix()}`" in text or f"`{module.name}`" in text


def test_the_documented_override_renders(sample_project: Path) -> None:
    text = DOC.read_text(encoding="utf-8")
    example = next(block for block in re.findall(r"```jinja\n(.*?)```", text, re.S)
                   if "report.data.survey" in block)
    override = sample_project / "templates" / "reports" / "assessment.html"
    override.parent.mkdir(parents=True, exist_ok=True)
    override.write_text(example, encoding="utf-8")
    html = render_html(sample_project, ["assessment"], "en")["assessment"]
    data = build_context(load_project(sample_project), "assessment", "en").data
    assert data.survey is not None and data.survey.dimensions
    for row in data.survey.dimensions:
        assert f"<li>{row.name}: {row.mean}</li>" in html
    assert "It draws on" in html  # super(): the built-in lead is kept
