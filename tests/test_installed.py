"""An install outside the checkout runs the README's commands from any folder.

The package is installed (not editable) into a fresh virtual environment that sees this
machine's libraries but not the checkout, and every command is run from another folder.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import urllib.request
from typing import TYPE_CHECKING

import pytest

from tests.conftest import ROOT
from tests.servers import free_port, serve
from tests.test_packaging import LEFTOVERS

if TYPE_CHECKING:
    from pathlib import Path

PACKAGES = ("ingest", "analysis", "document", "app", "words", "sample_loadcurves")


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A virtual environment holding an installed copy of Courbe (its libraries shared)."""
    here = tmp_path_factory.mktemp("installed")
    venv, source = here / "venv", here / "source"
    # From a copy without build leftovers: setuptools reuses build/lib, whose stale files
    # would hide a data file the package no longer declares.
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(*LEFTOVERS))
    # Without pip of its own (3.11's bundled setuptools would shadow the build backend):
    # this machine's pip installs into it.
    made = [sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", str(venv)]
    subprocess.run(made, check=True)
    pip = [sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install"]
    done = subprocess.run(
        [*pip, "-q", "--no-deps", "--no-build-isolation", str(source)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return venv


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "COURBE_HOME"}}
    return env | {"COURBE_HOME": str(tmp_path / "store"), "PYTHONSAFEPATH": "1"}


def _run(command: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, f"{command}: {done.stdout}{done.stderr}"
    return done


@pytest.mark.slow
def test_the_installed_packages_come_from_the_install_not_the_checkout(installed, tmp_path):
    python = str(installed / "bin" / "python")
    files = _run(
        [
            python,
            "-c",
            f"import json, {', '.join(PACKAGES)}; "
            f"print(json.dumps([m.__file__ for m in ({', '.join(PACKAGES)})]))",
        ],
        tmp_path,
        _env(tmp_path),
    )
    for file in json.loads(files.stdout):
        assert file.startswith(str(installed)), file
        assert not file.startswith(str(ROOT)), file


@pytest.mark.slow
def test_the_readme_commands_run_from_another_folder(installed, tmp_path):
    env, bin_ = _env(tmp_path), installed / "bin"
    python = str(bin_ / "python")
    found = _run(
        [
            python,
            "-c",
            "import sample_loadcurves, pathlib; print(next(pathlib.Path("
            "sample_loadcurves.__file__).parent.glob('households/maison_electrique/*.csv')))",
        ],
        tmp_path,
        env,
    )
    sample = found.stdout.strip()
    assert sample.startswith(str(installed))
    imported = _run([str(bin_ / "courbe-ingest"), "--json", sample], tmp_path, env)
    assert '"added"' in imported.stdout or '"rows' in imported.stdout, imported.stdout
    report = _run(
        [python, "-m", "analysis", "--store", str(tmp_path / "store"), "--json"], tmp_path, env
    )
    assert json.loads(report.stdout)
    also = _run([str(bin_ / "courbe-analysis"), sample, "--json", "--lang", "en"], tmp_path, env)
    assert json.loads(also.stdout)
    page = tmp_path / "rapport.html"
    _run([str(bin_ / "courbe-report"), sample, "--out", str(page)], tmp_path, env)
    assert page.read_text("utf-8").startswith("<!DOCTYPE html>")
    helped = _run([str(bin_ / "courbe"), "--help"], tmp_path, env)
    for option in ("--demo", "--port", "--store"):
        assert option in helped.stdout
    assert len(helped.stdout.splitlines()) < 40  # Courbe's options, not Streamlit's 5,000 lines


@pytest.mark.slow
def test_the_installed_dashboard_starts_from_another_folder(installed, tmp_path):
    port, log = free_port(), tmp_path / "app.log"
    command = [str(installed / "bin" / "courbe"), "--demo", "--port", str(port)]
    with serve(command, cwd=tmp_path, env=_env(tmp_path), log=log, port=port, seconds=90):
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/") as page:
            assert page.status == 200
            assert b"<script" in page.read()
        banner = log.read_text().splitlines()[0]
        assert banner == f"Courbe: http://127.0.0.1:{port} (démonstration)"
