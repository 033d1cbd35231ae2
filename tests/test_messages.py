"""Every fixed string of the reports is in the gettext catalog template (make messages)."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO


def msgids(pot: str) -> set[str]:
    import io

    from babel.messages.pofile import read_po

    return {str(m.id) for m in read_po(io.StringIO(pot)) if m.id}


def test_catalog_template_is_current() -> None:
    out = REPO / "build" / "test-messages.pot"
    out.parent.mkdir(exist_ok=True)
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F",
                    "babel.cfg", "-k", "N_", "--no-location", "--omit-header",
                    "-o", str(out), "."], cwd=REPO, check=True, capture_output=True)
    current = msgids(out.read_text(encoding="utf-8"))
    shipped = msgids((REPO / "netconsult" / "locale" / "netconsult.pot").read_text("utf-8"))
    assert current == shipped, ("run `make messages`: "
                                f"new {sorted(current - shipped)[:5]}, "
                                f"gone {sorted(shipped - current)[:5]}")
