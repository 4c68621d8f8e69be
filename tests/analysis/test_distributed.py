"""Cohort figures and reports on Dask: the same bits as the single-machine path."""

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import fsspec
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from analysis import cohort, distributed
from analysis.cli import main
from ingest import Store
from sample_loadcurves.households import generate
from tests.conftest import ROOT

HOUSEHOLDS = 6  # one of each archetype, one year each


def cli(capsys, *args):
    """``python -m analysis ARGS`` in this process: exit status, stdout, stderr."""
    try:
        status = main(list(args))
    except SystemExit as exit_:
        status = exit_.code
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("dask") / "store"
    generate(folder, households=HOUSEHOLDS, years=1, seed=5, into="store")
    return folder


@pytest.fixture(scope="module")
def single(store, tmp_path_factory):
    """The single-machine path's figures and reports, as `python -m analysis` runs them.

    Reports in a fresh process with one Polars thread, as ``python -m analysis reports``
    runs (analysis/__main__.py); it also says which Dask modules it imported (none should
    be). The cohort figures again here, on every thread of this process.
    """
    out = tmp_path_factory.mktemp("single")
    code = (
        "import sys\n"
        "from analysis.cli import main\n"
        "store, out = sys.argv[1:]\n"
        "assert main(['cohort', '--store', store, '--out', out + '/kpis.parquet']) == 0\n"
        "assert main(['reports', '--store', store, '--out', out + '/reports']) == 0\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(store), str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
        env={**os.environ, "POLARS_MAX_THREADS": "1"},
    )
    assert done.returncode == 0, done.stderr
    (out / "modules.txt").write_text(done.stdout.strip().splitlines()[-1])
    # The cohort's reference on every thread Polars has here (its bits do not depend on it).
    assert main(["cohort", "--store", str(store), "--out", str(out / "kpis.parquet")]) == 0
    return out


def report_files(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.json"))}


@pytest.fixture(scope="module")
def cluster():
    """Two worker processes with little memory, as `--scheduler local --workers 2` starts."""
    from distributed import Client, LocalCluster

    from ingest.distributed import worker_config

    with (
        worker_config(),
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            memory_limit="1GiB",
            host="127.0.0.1",
            dashboard_address=":0",
            env={"POLARS_MAX_THREADS": "1"},
        ) as c,
        Client(c) as client,
    ):
        yield c, client


def _worker_settings() -> tuple[str | None, str | None, bool]:
    import os

    import dask

    return (
        os.environ.get("MALLOC_TRIM_THRESHOLD_"),
        os.environ.get("POLARS_MAX_THREADS"),
        bool(dask.config.get("distributed.worker.profile.enabled")),
    )


def test_local_workers_run_without_dasks_malloc_trim_and_profiler():
    # Both made a report task a third slower (ingest.distributed.worker_config).
    from ingest.distributed import client

    with client("local", workers=1) as c:
        settings = list(c.run(_worker_settings).values())
    assert settings == [(None, "1", False)]


def test_without_scheduler_dask_is_never_imported(single):
    assert (single / "modules.txt").read_text() == "[]"
    assert pl.read_parquet(single / "kpis.parquet").height == HOUSEHOLDS


def test_single_machine_figures_are_the_cohort_query(store, single):
    """The per-meter path gives the figures of the one-query path (to float rounding)."""
    ours = pl.read_parquet(single / "kpis.parquet")
    whole = cohort.query(Store(store).curve()).collect(engine="streaming")
    assert ours.columns == list(cohort.FIGURES)
    assert_frame_equal(ours, whole, check_exact=False, rel_tol=1e-12, abs_tol=1e-12)


def test_reports_and_headlines(single, store):
    headlines = pl.read_parquet(single / "reports" / distributed.HEADLINES)
    assert headlines.schema == pl.Schema(distributed.HEADLINE_SCHEMA)
    assert headlines["meter"].to_list() == Store(store).meters()
    first = json.loads((single / "reports" / headlines["report"][0]).read_text())
    assert first["meter"] == headlines["meter"][0]
    assert headlines["baseload_w"][0] == first["baseload_w"]
    assert headlines["tips"][0] == len(first["tips"])


@pytest.mark.slow
def test_two_workers_give_the_same_bits(store, single, cluster, tmp_path):
    c, _ = cluster
    run = distributed.figures(str(store), scheduler=c.scheduler_address)
    assert run.errors == []
    assert_frame_equal(run.results[0], pl.read_parquet(single / "kpis.parquet"), check_exact=True)
    job = distributed.job(str(store), str(tmp_path / "reports"))
    run = distributed.reports(str(store), job, scheduler=c.scheduler_address)
    assert run.errors == []
    assert report_files(tmp_path / "reports") == report_files(single / "reports")
    assert_frame_equal(run.results[0], pl.read_parquet(single / "reports" / distributed.HEADLINES))


@pytest.mark.slow
def test_cli_local_cluster(store, single, tmp_path, capsys):
    out = tmp_path / "kpis.parquet"
    args = ("--store", str(store), "--out", str(out), "--scheduler", "local", "--workers", "2")
    status, stdout, err = cli(capsys, "cohort", *args)
    assert status == 0, err
    assert stdout.strip() == f"{HOUSEHOLDS} households: {out}"
    assert_frame_equal(pl.read_parquet(out), pl.read_parquet(single / "kpis.parquet"))


def test_workers_go_with_local_only(store, tmp_path, capsys):
    status, _, err = cli(
        capsys, "cohort", "--store", str(store), "--out", str(tmp_path / "k"), "--workers", "2"
    )
    assert status == 2
    assert "--workers N (N ≥ 1) goes with --scheduler local" in err


def test_a_store_in_memory(store, single, tmp_path):
    """An fsspec URL: the store copied into the in-memory filesystem, read from there."""
    memory = fsspec.filesystem("memory")
    for path in store.rglob("*"):
        if path.is_file():
            memory.pipe(f"/cohort/{path.relative_to(store).as_posix()}", path.read_bytes())
    try:
        run = distributed.figures("memory://cohort")
        assert run.errors == []
        assert_frame_equal(run.results[0], pl.read_parquet(single / "kpis.parquet"))
        job = distributed.job("memory://cohort", "memory://reports")
        run = distributed.reports("memory://cohort", job)
        assert run.errors == []
        assert run.results[0]["meter"].to_list() == Store(store).meters()
        assert memory.exists("/reports/99000000000000.json")
    finally:
        memory.rm("/cohort", recursive=True)
        memory.rm("/reports", recursive=True)


def test_no_manifest_no_partitions(tmp_path, capsys):
    assert distributed.partitions(str(tmp_path)) == []
    for command in ("cohort", "reports"):
        status, _, err = cli(
            capsys, command, "--store", str(tmp_path), "--out", str(tmp_path / "o")
        )
        assert status == 1
        assert err.strip() == f"error: the store {tmp_path} holds no data"


def spoil(store, tmp_path):
    """A copy of the store with one meter's curve file gone and another's corrupt."""
    copy = tmp_path / "spoilt"
    shutil.copytree(store, copy)
    parts = distributed.partitions(str(copy))
    missing, corrupt = parts[1].files["curve"], parts[3].files["curve"]
    Path(missing).unlink()
    Path(corrupt).write_bytes(b"PAR1 not really a parquet file")
    return copy, missing, corrupt, {parts[1].meter, parts[3].meter}


@pytest.mark.parametrize("where", ["here", pytest.param("cluster", marks=pytest.mark.slow)])
def test_a_missing_or_corrupt_file_fails_its_task_only(
    store, single, request, tmp_path, where, monkeypatch
):
    monkeypatch.setattr(distributed.running, "IN_FLIGHT", 2)  # tasks submitted as others complete
    copy, missing, corrupt, lost = spoil(store, tmp_path)
    scheduler = (
        request.getfixturevalue("cluster")[0].scheduler_address if where == "cluster" else None
    )
    expected = pl.read_parquet(single / "kpis.parquet").filter(~pl.col("meter").is_in(lost))
    run = distributed.figures(str(copy), scheduler=scheduler)
    assert_frame_equal(run.results[0], expected)
    assert len(run.errors) == 2
    assert all("\n" not in e for e in run.errors)
    # Errors come in the order of the store's file names, which are pseudonyms.
    by_file = {e.split(": ", 1)[0]: e for e in run.errors}
    assert by_file[str(missing)].startswith(f"{missing}: no such file")
    assert by_file[str(corrupt)].startswith(
        f"{corrupt}: expected a Parquet file of the store's curve"
    )
    job = distributed.job(str(copy), str(tmp_path / "reports"))
    run = distributed.reports(str(copy), job, scheduler=scheduler)
    assert run.results[0].height == HOUSEHOLDS - 2
    assert sorted(e.split(":")[0] for e in run.errors) == sorted(map(str, [missing, corrupt]))


def test_cli_names_the_failed_file_and_writes_the_others(store, tmp_path, capsys):
    copy, missing, _, _ = spoil(store, tmp_path)
    out = tmp_path / "kpis.parquet"
    status, stdout, err = cli(capsys, "cohort", "--store", str(copy), "--out", str(out))
    assert status == 1
    lines = err.strip().splitlines()
    assert len(lines) == 2
    assert any(line.startswith(f"error: {missing}: no such file") for line in lines)
    assert pl.read_parquet(out).height == HOUSEHOLDS - 2
    assert stdout.strip() == f"{HOUSEHOLDS - 2} households (2 failed): {out}"


@pytest.mark.slow
def test_a_worker_killed_mid_run_is_survived(store, single, cluster, tmp_path):
    """A worker process killed while it runs a report: its task runs again, none is lost."""
    c, client = cluster
    pids = client.run(os.getpid)
    killed: list[int] = []

    def kill_a_busy_worker():
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            busy = [w for w, keys in client.processing().items() if keys and w in pids]
            if busy:
                os.kill(pids[busy[0]], signal.SIGKILL)
                killed.append(pids[busy[0]])
                return
            time.sleep(0.01)

    killer = threading.Thread(target=kill_a_busy_worker)
    killer.start()
    job = distributed.job(str(store), str(tmp_path / "reports"))
    run = distributed.reports(str(store), job, scheduler=c.scheduler_address)
    killer.join()
    assert killed, "no worker was busy to be killed"
    assert run.errors == []
    assert report_files(tmp_path / "reports") == report_files(single / "reports")
    client.wait_for_workers(2, timeout=30)
    assert killed[0] not in client.run(os.getpid).values()  # the nanny started a new one
