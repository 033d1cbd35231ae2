"""The sample's survey data: a seeded generator's export, and responses imported from it."""

from __future__ import annotations

import importlib.util
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


def test_the_stored_responses_are_the_import_of_the_bundled_export(
        cli: RunCli, sample_project: Path) -> None:
    stored = (SAMPLE / "survey/responses/baseline.csv").read_text(encoding="utf-8")
    result = cli("survey", "import", "--round", "baseline", "--force",
                 sample_project / "survey/exports" / EXPORT.name, sample_project)
    assert result.exit_code == 0, result.output
    assert (sample_project / "survey/responses/baseline.csv").read_text(
        encoding="utf-8") == stored
    assert "42 imported from 42 rows" in result.stdout
