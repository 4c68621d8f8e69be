"""The installed package holds what it needs: data files, and every dependency declared once."""

import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
LEFTOVERS = (".git", "build", "*.egg-info", "__pycache__", ".*_cache", "out", "test-results")
"""What a checkout holds that is not the package's source."""
PIP_WHEEL = [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation"]


def _requirements(path: Path) -> set[str]:
    lines = (line.split("#", 1)[0].strip() for line in path.read_text().splitlines())
    return {re.sub(r"\s+", "", x) for x in lines if x and not x.startswith("-r")}


def test_requirements_file_declares_what_pyproject_declares():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = {re.sub(r"\s+", "", d) for d in project["dependencies"]}
    assert _requirements(ROOT / "requirements.txt") == declared


@pytest.mark.slow
def test_wheel_carries_reference_data_and_sample_households(tmp_path):
    # From a copy without build leftovers (setuptools reuses build/lib, whose stale files
    # would hide a data file the package no longer declares).
    source = tmp_path / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(*LEFTOVERS))
    built = subprocess.run(
        [*PIP_WHEEL, "-w", str(tmp_path), str(source)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = tmp_path.glob("courbe-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for data in (ROOT / "analysis" / "data").iterdir():
        assert f"analysis/data/{data.name}" in names
    assert "app/.streamlit/config.toml" in names
    for sentences in (ROOT / "words").glob("*.toml"):
        assert f"words/{sentences.name}" in names
    shipped = [p for p in (ROOT / "sample_loadcurves" / "households").rglob("*") if p.is_file()]
    assert shipped
    for p in shipped:
        assert p.relative_to(ROOT).as_posix() in names
