"""A batch import read on Dask workers: the same store as reading here, one commit per file."""

import pytest
from polars.testing import assert_frame_equal

from ingest import Store
from ingest.cli import main
from sample_loadcurves.households import SHIPPED

FILES = sorted(SHIPPED.glob("*/Enedis_Conso_*.csv"))[:4]


@pytest.fixture
def folder(tmp_path):
    exports = tmp_path / "exports"
    exports.mkdir()
    for f in FILES:
        (exports / f.name).write_bytes(f.read_bytes())
    (exports / "notes.txt").write_text("not an export")
    return exports


@pytest.mark.slow
def test_read_on_workers_committed_here(folder, tmp_path, capsys):
    from distributed import LocalCluster

    assert main([str(folder), "--store", str(tmp_path / "here")]) == 1
    here = capsys.readouterr()
    # Threads in this process (inproc://): the same map as worker processes, started faster.
    with LocalCluster(n_workers=2, processes=False, dashboard_address=":0") as cluster:
        status = main(
            [
                str(folder),
                "--store",
                str(tmp_path / "dask"),
                "--scheduler",
                cluster.scheduler_address,
            ]
        )
    there = capsys.readouterr()
    assert status == 1  # the stray file fails alone, with the same one line
    assert there.err.splitlines()[-1] == here.err.splitlines()[-1]
    assert "4 imported, 0 already imported, 1 failed" in there.err
    assert [line for line in there.err.splitlines() if "notes.txt" in line] == [
        line for line in here.err.splitlines() if "notes.txt" in line
    ]
    a, b = Store(tmp_path / "here"), Store(tmp_path / "dask")
    assert a.meters() == b.meters()
    assert len(b.imports()) == 4  # one commit per file
    sort = ("meter", "direction", "start")
    assert_frame_equal(a.curve().collect().sort(sort), b.curve().collect().sort(sort))
