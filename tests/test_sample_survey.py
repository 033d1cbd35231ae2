"""The sample's survey data: a seeded generator's export, and responses imported from it."""

from __future__ import annotations

import importlib.util
import io
from pathlib import Path

from tests.conftest import REPO, SAMPLE, RunCli

EXPORT = next((SAMPLE / "survey" / "exports").glob("*.xlsx"))


def _generator() -> object:
    spec = importlib.util.spec_from_file_location("gen", REPO / "scripts/gen_sample_survey.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_generator_is_reproducible() -> None:
    gen = _generator()
    first, second = gen.generate(), gen.generate()  # type: ignore[attr-defined]
    assert first == second
    assert first != gen.generate(seed=1)  # type: ignore[attr-defined]
    assert first == EXPORT.read_bytes()  # the bundled export is the script's, unedited


def test_the_ratings_are_drawn_apart_from_the_answers() -> None:
    import python_calamine

    gen = _generator()
    gen.RATINGS_SEED = "another"  # type: ignore[attr-defined]
    data = gen.generate()  # type: ignore[attr-defined]
    other = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    bundled = python_calamine.CalamineWorkbook.from_path(str(EXPORT))
    assert bundled.sheet_names == ["Partners Network member surv...", "partners_ties"]
    main, ties = (bundled.get_sheet_by_index(i).to_python() for i in (0, 1))
    # Other ratings, the same answers: the ratings have a generator of their own.
    assert other.get_sheet_by_index(0).to_python() == main
    assert other.get_sheet_by_index(1).to_python() != ties
    assert len(ties) - 1 == sum(len(row[main[0].index("partners")].split())
                                for row in main[1:])


def test_the_stored_responses_are_the_import_of_the_bundled_export(
        cli: RunCli, sample_project: Path) -> None:
    stored = {name: (SAMPLE / "survey/responses" / name).read_text(encoding="utf-8")
              for name in ("baseline.csv", "baseline.ties.csv", "baseline.import.yaml")}
    result = cli("survey", "import", "--round", "baseline", "--force",
                 sample_project / "survey/exports" / EXPORT.name, sample_project)
    assert result.exit_code == 0, result.output
    for name, text in stored.items():
        assert (sample_project / "survey/responses" / name).read_text(encoding="utf-8") == text
    assert "42 imported from 42 rows" in result.stdout
    assert "ratings: 159 partners rated by 41 respondents, from 159 rows of sheet " \
        "'partners_ties'" in result.stdout
    assert result.stderr.count("warning") == 0


def test_the_sample_ratings_tell_the_story(sample_project: Path) -> None:
    from statistics import mean

    from netconsult.project.load import load_project

    project = load_project(sample_project)
    round_ = project.responses["baseline"]
    region = {m.id: m.region for m in project.members}
    rater = {r.respondent: r.member for r in round_.responses}

    def average(item: str, which: str) -> float:
        values = []
        for rating in round_.ratings:
            same = region[rating.partner] == region[rater[rating.respondent] or ""]
            kind = "coordinator" if rating.partner == "pg-us" else "same" if same else "other"
            if kind == which and item in rating.values:
                values.append(rating.values[item])
        return mean(values)

    for item in ("reliability", "openness", "mission"):
        assert average(item, "same") > average(item, "other") + 0.3
    for item in ("influence", "resources"):
        assert average(item, "coordinator") > 3.2 > average(item, "same")
    intensities = [r.values["intensity"] for r in round_.ratings if "intensity" in r.values]
    assert sum(i in (2, 3) for i in intensities) > 0.7 * len(intensities)
    assert 0 < intensities.count(4) < 0.15 * len(intensities)
