"""Loading refuses oversized files before reading them."""

from __future__ import annotations

import pytest

from tests.conftest import MakeProject, RunCli


def test_oversized_file_is_refused_unread(cli: RunCli, make_project: MakeProject,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    import netconsult.project.load as load

    monkeypatch.setattr(load, "MAX_FILE_BYTES", 1024)
    project = make_project({"members.yaml": "members: []\n" + "# padding\n" * 200})
    monkeypatch.chdir(project)
    result = cli("check", ".")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        "members.yaml: file is too large (2.0 KiB; the limit is 1.0 KiB)")
    assert "Traceback" not in result.output
