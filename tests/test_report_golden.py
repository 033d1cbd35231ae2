"""Golden HTML of the sample's reports: any change to what a reader sees shows as a diff.

Regenerate after an intended change, then review the diff in git:

    NETCONSULT_REGEN=1 .venv/bin/pytest tests/test_report_golden.py
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

from netconsult.render.build import REPORT_FILES, render_html
from tests.conftest import SAMPLE

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture(scope="module")
def html() -> dict[str, str]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", "1608249600")
        return render_html(SAMPLE, list(REPORT_FILES), "en")


@pytest.mark.parametrize("kind", list(REPORT_FILES))
def test_sample_html_matches_golden(html: dict[str, str], kind: str) -> None:
    path = GOLDEN / f"{REPORT_FILES[kind]}.html"
    if os.environ.get("NETCONSULT_REGEN"):
        path.write_text(html[kind], encoding="utf-8")
    expected = path.read_text(encoding="utf-8")
    if html[kind] != expected:
        diff = difflib.unified_diff(expected.splitlines(), html[kind].splitlines(),
                                    "golden", "rendered", lineterm="", n=1)
        pytest.fail(f"{path.name} differs (NETCONSULT_REGEN=1 to accept):\n"
                    + "\n".join(list(diff)[:40]))


def test_rendering_is_reproducible(html: dict[str, str]) -> None:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", "1608249600")
        again = render_html(SAMPLE, list(REPORT_FILES), "en")
    assert again == html
