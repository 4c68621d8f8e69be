"""The benchmarks stay runnable (figures are never asserted: they live in bench/)."""

import datetime as dt

import ingest
from bench import app_pages, cohort, ingest_csv, readers, tic


def test_generated_csv_is_a_valid_portal_export():
    data = ingest_csv.generate(1)
    export = ingest.read_export(data)
    assert export.curve.height == 17_520
    assert export.curve["start"].min() == dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    assert (export.curve["wh"] > 0).all()
    assert export.format == "enedis-portal-csv"


def test_suite_returns_ratios_against_named_baselines():
    results = ingest_csv.run(years=1, repeat=1, large_years=1)
    names = [r.baseline_name for r in results]
    assert names == [
        "raw polars.read_csv",
        "pandas read_csv + to_datetime",
        "Enedis CSV ingest",
        "raw polars.read_csv of the file",
        "raw polars.read_csv of the file",
        "python -c 'import polars; read_csv'",
        "raw polars.read_csv of the file, fresh process",
        "the file's size",
    ]
    assert all(r.figure > 0 and r.baseline > 0 for r in results)


def test_page_switch_suite_runs_every_page():
    results = app_pages.run(repeat=1, years=1)
    assert len(results) == len(app_pages.PAGES)
    assert results[0].baseline_name == "AppTest running a one-line page"
    assert all(r.figure > 0 for r in results)


def test_reader_suite_names_a_raw_parse_for_every_format():
    results = readers.run(years=1, repeat=3)  # a smoke test: each reader runs, not a figure
    assert [r.name.split(" (")[0] for r in results] == [
        "Enedis R63 CSV",
        "Data Connect JSON",
        "Enedis portal XLSX",
        "EDF supplier CSV",
        "Conso Downloader CSV",
        "Green Button XML",
        "generic CSV",
    ]
    assert all(r.baseline_name == "raw parse of the same file" for r in results)


def test_tic_and_cohort_suites_run_small():
    tic_results = tic.run(megabytes=4)
    assert [r.unit for r in tic_results] == ["MB/s", "MB", "MB"] * 2
    assert all(r.figure > 0 for r in tic_results)
    cohort_results = cohort.run(sizes=(12,))  # one size: no flatness ratio
    assert cohort_results[0].name == "cohort figures, 12 household-years"
    assert cohort_results[0].figure > 0


def test_child_peak_memory_is_its_own_not_the_parents():
    # ru_maxrss survives fork and exec on Linux: a child of a large parent reported the
    # parent's size. The benchmark's figure must be the child's own address space.
    from bench.common import in_fresh_process

    ballast = bytearray(600 << 20)
    ballast[::4096] = b"\1" * len(ballast[::4096])
    code = (
        "import json; from bench.common import peak_rss_mb; "
        "print(json.dumps({'mb': peak_rss_mb()}))"
    )
    child = in_fresh_process(code)
    assert child["mb"] < 200, child
    del ballast


def test_the_bench_exits_1_naming_each_missed_target_and_0_when_all_hold(monkeypatch, capsys):
    from bench import __main__ as bench_main
    from bench.common import Result

    held = Result("fast thing", 0.1, "bare parse", 0.05, 3.0, "at_most")
    slow = Result("slow thing", 0.5, "bare parse", 0.05, 3.0, "at_most")
    monkeypatch.setattr(bench_main, "SUITES", {"a": lambda: [held], "b": lambda: [held, slow]})
    monkeypatch.setattr(bench_main.Path, "write_text", lambda *_: 0)
    assert bench_main.main(["a"]) == 0
    assert capsys.readouterr().err == ""
    assert bench_main.main(["a", "b"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1
    assert err[0].startswith("missed: slow thing: 0.500 s, target")


def test_report_suite_times_the_cli_on_a_file_beside_a_bare_read():
    from bench import report

    result = report.cli_json(1, repeat=1)  # a smoke test: the command runs, not a figure
    assert result.name.startswith("python -m analysis FILE --json, 1 years")
    assert result.baseline_name == "python -c 'import polars; read_csv' of the file"
    assert result.kind == "absolute_max"
    assert result.target == report.CLI_TARGET_S
