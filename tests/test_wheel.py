"""The built wheel carries the templates and samples and works outside the checkout."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(out), str(REPO)],
        check=True, capture_output=True,
    )
    (built,) = out.glob("netconsult-*.whl")
    return built


def test_wheel_contains_templates_and_samples(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "netconsult/_data/templates/notes/meeting.md" in names
    assert "netconsult/_data/sample-projects/partners-network/netconsult.yaml" in names
    assert any(n.startswith("netconsult/_data/sample-projects/partners-network/meetings/")
               for n in names)
    assert not any("/build/" in n for n in names)


def test_installed_wheel_runs_init_and_check(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q",
                    "--no-deps", "--no-index", str(wheel)], check=True, capture_output=True)
    # Dependencies come from the test environment; netconsult itself only from the wheel.
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()
    (Path(site) / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(venv / "bin" / "netconsult"), *args], cwd=tmp_path,
                              capture_output=True, text=True)

    where = subprocess.run([str(python), "-c", "import netconsult.resources as r; "
                            "print(r.resource_dir('sample-projects'))"],
                           cwd=tmp_path, capture_output=True, text=True, check=True).stdout
    assert str(venv) in where, "the wheel's own copy of the samples must be used"
    created = run("init", "--sample", "partners-network", "engagement")
    assert created.returncode == 0, created.stderr
    checked = run("check", "--as-of", "2021-01-15", "engagement")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "no problems" in checked.stdout
