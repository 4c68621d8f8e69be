"""A batch import read on Dask workers: the same store as reading here, one commit per file."""

import subprocess
import sys

import pytest
from polars.testing import assert_frame_equal

from ingest import Store
from sample_loadcurves.households import SHIPPED
from tests.conftest import ROOT

FILES = sorted(SHIPPED.glob("*/Enedis_Conso_*.csv"))[:4]


@pytest.fixture
def folder(tmp_path):
    exports = tmp_path / "exports"
    exports.mkdir()
    for f in FILES:
        (exports / f.name).write_bytes(f.read_bytes())
    (exports / "notes.txt").write_text("not an export")
    return exports


def run(*args):
    return subprocess.run(
        [sys.executable, "-m", "ingest", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )


@pytest.mark.slow
def test_read_on_workers_committed_here(folder, tmp_path):
    here = run(str(folder), "--store", str(tmp_path / "here"))
    there = run(str(folder), "--store", str(tmp_path / "dask"), "--scheduler", "local")
    assert (here.returncode, there.returncode) == (1, 1)  # the stray file fails alone
    assert there.stderr.splitlines()[-1] == here.stderr.splitlines()[-1]
    assert "4 imported, 0 already imported, 1 failed" in there.stderr
    assert [line for line in there.stderr.splitlines() if "notes.txt" in line] == [
        line for line in here.stderr.splitlines() if "notes.txt" in line
    ]
    a, b = Store(tmp_path / "here"), Store(tmp_path / "dask")
    assert a.meters() == b.meters()
    assert len(b.imports()) == 4  # one commit per file
    sort = ("meter", "direction", "start")
    assert_frame_equal(a.curve().collect().sort(sort), b.curve().collect().sort(sort))
