"""`report`'s cache: each report is keyed on what it read, and the key reads nothing else."""

from __future__ import annotations

import builtins
import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from netconsult.errors import ProjectError
from netconsult.render.build import MANIFEST, build_reports
from netconsult.render.cache import Inputs
from tests.conftest import MakeProject

EPOCH = "1608249600"  # 2020-12-18
ALL = ["assessment", "recommendations", "plan"]


@pytest.fixture
def sample(sample_project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    return sample_project


def build(root: Path, reports: list[str] = ALL) -> dict[str, bool]:
    """Render the HTML; which reports were reused."""
    outputs = build_reports(root, reports, ["html"], root / "build", "en")
    return {o.report: o.reused for o in outputs}


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_loader_constants_agree() -> None:
    from netconsult.project import load, models, responses
    from netconsult.render import cache

    assert tuple(rel for rel, _, _ in models.FILE_KINDS) == cache.PROJECT_FILES
    assert cache.MEETINGS_DIR == load.MEETINGS_DIR
    assert cache.RESPONSES_DIR == responses.RESPONSES_DIR
    assert cache.MAX_FILE_BYTES == load.MAX_FILE_BYTES


def test_nothing_changed_loads_nothing(sample: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build(sample)

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the project was loaded")

    monkeypatch.setattr("netconsult.project.load.load_project", refuse)
    assert build(sample) == dict.fromkeys(ALL, True)


@pytest.mark.parametrize(("edit", "rendered"), [
    ("benchmark.yaml", {"recommendations"}),  # only the recommendation report compares
    ("network/ties.yaml", {"assessment"}),  # only the assessment maps the network
    ("improvement-plan.yaml", {"recommendations", "plan"}),
    ("meetings/2020-07-14-europe.md", {"assessment", "recommendations"}),  # shown by both
    # held after every report's date: shown by none, so nothing is rendered again
    ("meetings/2020-12-15-liaison-mentoring.md", set()),
    ("survey/exports", set()),  # not read by `report` at all
])
def test_an_edit_re_renders_only_the_reports_that_read_it(sample: Path, edit: str,
                                                          rendered: set[str]) -> None:
    build(sample)
    before = {p.name: p.stat().st_mtime_ns for p in (sample / "build").glob("*.html")}
    path = sample / edit
    if path.is_dir():
        (path / "another-export.xlsx").write_bytes(b"not read")
    else:
        append(path, "\nAn edit.\n" if path.suffix == ".md" else "\n# an edit\n")
    reused = build(sample)
    assert {kind for kind, again in reused.items() if not again} == rendered
    after = {p.name: p.stat().st_mtime_ns for p in (sample / "build").glob("*.html")}
    assert {name for name in before if before[name] != after[name]} == {
        {"assessment": "assessment.html", "recommendations": "recommendations.html",
         "plan": "improvement-plan.html"}[kind] for kind in rendered}
    assert build(sample) == dict.fromkeys(ALL, True)  # and the next run is a no-op


def test_a_meeting_moved_before_a_reports_date_re_renders_it(sample: Path) -> None:
    build(sample)
    note = sample / "meetings" / "2020-12-15-liaison-mentoring.md"
    note.write_text(note.read_text(encoding="utf-8").replace("date: 2020-12-15",
                                                             "date: 2020-07-15"),
                    encoding="utf-8")
    reused = build(sample)
    assert not reused["assessment"]  # the meeting index changed: it now counts


def test_one_report_then_all_reuses_the_first(sample: Path) -> None:
    assert build(sample, ["plan"]) == {"plan": False}
    assert build(sample) == {"assessment": False, "recommendations": False, "plan": True}


def test_other_options_render_again(sample: Path) -> None:
    build(sample)
    outputs = build_reports(sample, ALL, ["html"], sample / "build", "fr")
    assert not any(o.reused for o in outputs)


def test_a_broken_file_no_report_reads_is_still_reported(sample: Path) -> None:
    build(sample)
    (sample / "timesheet.yaml").write_text("entries: [\n", encoding="utf-8")
    with pytest.raises(ProjectError):
        build(sample)


def test_deleted_output_is_rendered_again(sample: Path) -> None:
    build(sample)
    (sample / "build" / "improvement-plan.html").unlink()
    assert build(sample) == {"assessment": True, "recommendations": True, "plan": False}


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Path]]:
    """Every path opened for reading while the test runs."""
    paths: list[Path] = []
    real_open, real_io_open = builtins.open, io.open

    def spy(real: Any) -> Any:
        def open_(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
            if isinstance(file, (str, os.PathLike)) and "r" in mode:
                paths.append(Path(file).resolve())
            return real(file, mode, *args, **kwargs)
        return open_

    monkeypatch.setattr(builtins, "open", spy(real_open))
    monkeypatch.setattr(io, "open", spy(real_io_open))
    yield paths


def test_the_key_never_reads_raw_data_build_or_outside(
        make_project: MakeProject, tmp_path: Path, opened: list[Path]) -> None:
    root = make_project()
    raw = root / "survey" / "raw"
    raw.mkdir(parents=True)
    with open(raw / "huge.csv", "wb") as huge:  # 3 GB, sparse: costs no disk
        huge.truncate(3 * 1024**3)
    (root / "build").mkdir()
    (root / "build" / "old.pdf").write_bytes(b"%PDF")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("---\n", encoding="utf-8")
    (root / "meetings").mkdir(exist_ok=True)
    (root / "meetings" / "link.md").symlink_to(outside / "secret.md")
    (root / "templates").mkdir(exist_ok=True)
    (root / "templates" / "away").symlink_to(outside, target_is_directory=True)
    (root / "meetings" / "big.md").write_bytes(b"x" * (6 * 1024 * 1024))

    first = Inputs(root, "options")
    assert opened, "the spy sees the files the key reads"
    read = set(opened)
    assert not any(p.is_relative_to(raw) or p.is_relative_to(root / "build")
                   or p.is_relative_to(outside) or p.name == "big.md" for p in read)
    assert "meetings/link.md" in first.keys  # keyed, by where it points, not read

    (outside / "secret.md").write_text("---\nchanged: yes\n", encoding="utf-8")
    assert Inputs(root, "options").digest() != first.digest()


def test_a_huge_raw_file_does_not_slow_the_build(sample: Path, opened: list[Path]) -> None:
    raw = sample / "survey" / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    with open(raw / "export.xlsx", "wb") as huge:
        huge.truncate(3 * 1024**3)
    build(sample)
    assert build(sample) == dict.fromkeys(ALL, True)
    assert not any(p.is_relative_to(raw.resolve()) for p in opened)
    assert (sample / "build" / MANIFEST).is_file()


def test_the_logo_is_read_by_every_report(sample: Path) -> None:
    (sample / "img").mkdir()
    (sample / "img" / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>',
                                             encoding="utf-8")
    append(sample / "netconsult.yaml", "  logo: img/logo.svg\n")  # under branding:, last
    build(sample)
    (sample / "img" / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>',
        encoding="utf-8")
    assert build(sample) == dict.fromkeys(ALL, False)
    assert build(sample) == dict.fromkeys(ALL, True)


def test_a_file_the_pdf_shows_is_read(make_project: MakeProject,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """An override that links a project image: the PDF (not the HTML) reads it."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    root = make_project({
        "templates/reports/improvement-plan.html":
            '{% extends "builtin/reports/improvement-plan.html" %}'
            '{% block cover %}<img src="img/mark.svg" alt="">{{ super() }}{% endblock %}',
        "img/mark.svg": '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>',
    })
    build_reports(root, ["plan"], ["pdf"], root / "build", "en", jobs=1)
    import json

    reads = json.loads((root / "build" / MANIFEST).read_text())["reports"]["plan"]["reads"]
    assert "img/mark.svg" in reads
    (root / "img" / "mark.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20"/>', encoding="utf-8")
    outputs = build_reports(root, ["plan"], ["pdf"], root / "build", "en", jobs=1)
    assert not outputs[0].reused


def test_compiled_templates_are_kept_outside_the_project(
        sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from netconsult.render.build import _bytecode_cache

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    build(sample)
    assert list((tmp_path / "cache" / "netconsult").glob("jinja-*/*.cache"))
    assert not [p for p in sample.rglob("*.cache")]
    folder = next((tmp_path / "cache" / "netconsult").glob("jinja-*"))
    folder.chmod(0o777)  # anyone could plant compiled code in it: not used
    assert _bytecode_cache() is None


def test_longest_pdf_first() -> None:
    from netconsult.render.build import _pdf_order

    assert _pdf_order(["plan", "assessment", "recommendations"], {}) == ALL
    records = {"plan": {"outputs": [{"format": "pdf", "pages": 40}]},
               "assessment": {"outputs": [{"format": "pdf", "pages": 20}]}}
    assert _pdf_order(ALL, records) == ["plan", "assessment", "recommendations"]


@pytest.mark.parametrize("manifest", [
    "not json", '{"digest": "old format", "outputs": []}', '{"reports": []}',
    '{"reports": {"plan": "x", "assessment": {"reads": [1]}, "recommendations": {}}}',
    '{"reports": {"plan": {"reads": ["/etc/passwd"], "outputs": [{"report": "plan"}]}}}',
])
def test_a_malformed_manifest_renders_again(sample: Path, manifest: str) -> None:
    (sample / "build").mkdir()
    (sample / "build" / MANIFEST).write_text(manifest, encoding="utf-8")
    assert build(sample) == dict.fromkeys(ALL, False)
    assert build(sample) == dict.fromkeys(ALL, True)
