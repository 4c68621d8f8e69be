"""Fuzz suite: hundreds of hostile files through ``python -m ingest``, under a 1 GiB limit.

The inputs (tests/fuzz_inputs/) are the hand-made and real exports cut short, with
bytes flipped, re-encoded (BOMs, CRLF, Windows-1252, UTF-16), with values and dates no
meter gives, with spreadsheet formulas in their text fields, and bombs (zip/XLSX bombs,
XML entity bombs, deep XML and JSON, huge lines and files). For each one, the command
line must either exit 0 having stored exactly the data the case allows, or exit 1 with one
line naming the file (no traceback) and the store unchanged, byte for byte.

The command line's ``main`` runs in-process in two runner subprocesses
(tests/fuzz_runner.py, started and checked by tests/fuzz_harness.py), each under
``RLIMIT_DATA`` = 1 GiB, one fresh copy of a base store per input; a few cases also run as
their own ``python -m ingest`` process, and one batch of many files in one command.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import warnings
from collections import Counter
from typing import TYPE_CHECKING, Any

import pytest
from polars.testing import assert_frame_equal

from ingest import Store, read_export
from ingest.errors import ExportError
from ingest.privacy import mask_text
from ingest.schema import TABLES
from tests.conftest import DATA, MISSING_SHARED, REAL_EXPORTS, ROOT
from tests.fuzz_harness import (
    ENV,
    RUNNER_TIMEOUT,
    Fuzz,
    check_export,
    check_stored,
    reference,
    run_fuzz,
    snapshot,
)
from tests.fuzz_inputs import Case, all_cases, seeds
from tests.fuzz_runner import limit_memory

if TYPE_CHECKING:
    from pathlib import Path

CASES = all_cases()
BY_ID = {c.id: c for c in CASES}
MEMORY_MESSAGE = "too large to be read in this computer's memory"
"""What ingest says on a MemoryError: under the limit, that means the file wanted > 1 GiB."""
PEAK_BUDGET = 600
"""The most memory a runner may reach over all its inputs [MB]: 308 MB measured here (the
200,000-row CSV); about half the 1 GiB limit, a margin for other machines' allocators."""


KNOWN: dict[str, str] = {
    # Bugs this suite found and that are not fixed yet (each case fails until it is).
}
"""A regex of case ids -> the bug they show; xfail(strict): a fixed one must pass."""


def _known(case: Case) -> str | None:
    return next((why for key, why in KNOWN.items() if re.search(key, case.id)), None)


def _param(case: Case) -> Any:
    marks: list[Any] = [pytest.mark.real] if case.real else []
    if (why := _known(case)) is not None:
        marks.append(pytest.mark.xfail(reason=why, strict=True))
    return pytest.param(case, id=case.id, marks=marks)


@pytest.fixture(scope="module")
def fuzz(tmp_path_factory: pytest.TempPathFactory) -> Fuzz:
    return run_fuzz(tmp_path_factory.mktemp("fuzz"), CASES)


@pytest.mark.slow
@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_a_hostile_input_is_imported_exactly_or_refused_in_one_line(fuzz: Fuzz, case: Case):
    r = fuzz.results[case.id]
    assert r["exit"] in (0, 1), f"exit {r['exit']!r}; stderr: {r.get('stderr', '')}"
    name = mask_text(case.name)
    if r["exit"] == 1:
        lines = r["stderr"].splitlines()
        assert len(lines) == 1, f"expected one line, got:\n{r['stderr']}"
        assert lines[0].startswith(f"error: {name}: "), lines[0]
        assert "fault in Courbe" not in lines[0], lines[0]
        assert MEMORY_MESSAGE not in lines[0], "the file needed more than 1 GiB"
        assert r["stdout"] == ""
        assert snapshot(fuzz.stores[case.id]) == fuzz.base, "a refused file changed the store"
        assert case.expect != "same" or reference(fuzz, case)[0] == 1, lines[0]
        return
    assert case.expect != "refused", f"imported: {r['stdout']}"
    assert r["stderr"] == ""
    (line,) = r["stdout"].splitlines()
    assert line.startswith(f"{name}: "), line
    check_stored(fuzz, case)
    if case.export_csv:
        check_export(r)


def _command_line(args: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
    """``python -m ingest ARGS`` in its own process, under the same 1 GiB limit."""
    return subprocess.run(
        [sys.executable, "-m", "ingest", *args],
        capture_output=True,
        text=True,
        env=ENV,
        cwd=ROOT,
        preexec_fn=limit_memory,  # before exec: no threads yet
        timeout=RUNNER_TIMEOUT,
        **kwargs,
    )


@pytest.mark.slow
@pytest.mark.parametrize("case", [_param(c) for c in CASES if c.alone])
def test_the_true_command_line_says_what_the_in_process_run_said(
    fuzz: Fuzz, case: Case, tmp_path: Path
):
    store = tmp_path / "store"
    shutil.copytree(fuzz.root / "base", store)
    done = _command_line([str(fuzz.paths[case.id]), *case.args, "--store", str(store)])
    r = fuzz.results[case.id]
    assert (done.returncode, done.stdout, done.stderr) == (r["exit"], r["stdout"], r["stderr"])
    assert done.returncode == 1
    assert snapshot(store) == fuzz.base


BATCH = [
    c for c in CASES[::7] if not c.args and not c.real and c.family != "bomb" and _known(c) is None
]
"""A batch for one command: every 7th hand-made case (no options, no bombs)."""


@pytest.mark.slow
def test_a_batch_goes_on_after_each_bad_file_and_reports_each_one(fuzz: Fuzz, tmp_path: Path):
    store = tmp_path / "store"
    shutil.copytree(fuzz.root / "base", store)
    files = [str(fuzz.paths[c.id]) for c in BATCH]
    done = _command_line(["--json", "--store", str(store), *files])
    report = json.loads(done.stdout)["files"]
    ok = [r["ok"] for r in report]
    expected = [fuzz.results[c.id]["exit"] == 0 for c in BATCH]
    assert ok == expected
    assert done.returncode == (0 if all(ok) else 1)
    assert ok.count(False) >= 10
    assert ok.count(True) >= 10
    assert done.stderr == ""
    errors = [r["error"] for r in report if not r["ok"]]
    for case, r in zip(BATCH, report, strict=True):
        assert r["ok"] or r["error"].startswith(f"{mask_text(case.name)}: "), r
    assert not [e for e in errors if "fault in Courbe" in e or "\n" in e]


def test_there_are_enough_inputs_of_every_family():
    counts = Counter(c.family for c in CASES)
    assert len(CASES) >= 300
    assert {"encoding", "truncation", "flip", "extreme", "formula", "bomb"} <= counts.keys()
    assert all(n >= 20 for n in counts.values()), counts


@pytest.mark.slow
def test_no_input_took_more_than_the_memory_limit(fuzz: Fuzz):
    peaks = [r["peak_mb"] for r in fuzz.results.values() if "peak_mb" in r]
    assert peaks
    assert max(peaks) < PEAK_BUDGET  # the limit itself makes a bigger file fail instead


# --- the bugs this suite found, each pinned by the case that found it ----------------------


def _case(case_id: str) -> bytes:
    return BY_ID[case_id].make()


@pytest.mark.parametrize("epoch", ["year=9999", "year=negative"])
def test_fuzz_greenbutton_times_python_cannot_hold_are_dropped_with_a_note(epoch, tmp_path):
    data = _case(f"data/other_formats/greenbutton_production_scaled.xml:{epoch}")
    export = read_export(data, name="g.xml")
    assert export.curve.height == 1  # the reading at year 10000 (or -1199) is gone
    assert export.period() is not None  # this raised "year 10000 is out of range"
    (note,) = [n for n in export.notes if n.kind == "skipped"]
    assert (
        note.message == "1 curve row dropped: a time outside the years 2 to 9998 (a misread number)"
    )
    Store(tmp_path).add(export)  # the traceback came out of here


def test_fuzz_a_5000_digit_json_number_is_refused_in_one_line():
    with pytest.raises(ExportError) as excinfo:
        read_export(_case("bomb:json-5000-digit-int"), name="dataconnect.json")
    assert str(excinfo.value) == (
        "dataconnect.json: expected JSON whose numbers have at most 4300 digits: not an export"
    )  # was "could not be read (ValueError: Exceeds the limit …): a fault in Courbe"


@pytest.mark.parametrize(
    "case_id",
    [
        "data/enedis_2026/portal_daily_en_kwh.xlsx:byte-704-deleted",
        pytest.param(
            "real/enedis_portal_xlsx/solarcalculet_courbe_charge_2024-01-01_07.xlsx:"
            "byte-17407-deleted",
            marks=pytest.mark.real,
        ),
    ],
)
def test_fuzz_a_zip_with_a_byte_deleted_is_a_damaged_spreadsheet(case_id):
    if case_id not in BY_ID:
        pytest.fail(f"{REAL_EXPORTS}: {MISSING_SHARED}")
    with pytest.raises(ExportError) as excinfo:
        read_export(_case(case_id), name="book.xlsx")
    message = str(excinfo.value)  # was "ValueError: negative seek value -1": a fault in Courbe
    assert message.startswith("book.xlsx: not a readable spreadsheet: ")
    assert "cannot be unzipped (negative seek value -1)" in message


@pytest.mark.parametrize(
    "seed",
    [
        "data/other_formats/generic_daily_kwh.csv",
        "data/other_formats/historique_conso_12345678901234_conso_downloader.csv",
        "data/other_formats/r63_no_header.csv",
    ],
)
def test_fuzz_blank_lines_at_the_end_of_a_csv_are_not_rows(seed):
    name = BY_ID[f"{seed}:original"].name
    original = read_export(_case(f"{seed}:original"), name=name)
    padded = read_export(_case(f"{seed}:final-newlines-added"), name=name)  # three more "\n"
    # was: "line 4: expected every time written like the first one (%d/%m/%Y), got 'None'"
    # (generic), "expected dates like 2023-12-12T00:00, got 'None'", "expected the meter
    # number (PRM), got an empty field" (R63)
    for table in TABLES:
        assert_frame_equal(padded.table(table), original.table(table))


def test_fuzz_green_button_xml_with_a_utf8_bom_is_read_as_without():
    seed = "data/other_formats/greenbutton_production_scaled.xml"
    original = read_export(_case(f"{seed}:original"), name="g.xml")
    bom = read_export(_case(f"{seed}:bom-utf8"), name="g.xml")  # was "not a format Courbe reads"
    assert original.format == bom.format == "greenbutton-xml"
    assert_frame_equal(bom.curve, original.curve)


def test_fuzz_a_generic_value_overflowing_to_infinity_is_dropped_without_a_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # numpy's RuntimeWarning reached the user's stderr
        export = read_export(
            _case("data/other_formats/generic_offsets_w.csv:value=1e308"), name="g.csv"
        )
    assert export.curve.height == 2  # 1e308 W x 30 min overflowed; the other two rows stay
    assert any(n.kind == "skipped" and "1 curve row dropped" in n.message for n in export.notes)


PEAK = """
import sys
from ingest import read_export
from bench.common import peak_rss_mb
try:
    read_export(sys.argv[1])
except ValueError as error:
    print(error)
print(round(peak_rss_mb()))
"""
"""Read one file in a fresh process; print the error and the peak memory [MB]."""


def test_fuzz_a_million_lines_of_separators_are_refused_at_the_first_one_in_little_memory(
    tmp_path,
):
    path = tmp_path / "c.csv"  # 9 MB: the portal's 3 header lines, 3 rows, then
    path.write_bytes(_case("bomb:csv-1M-separators"))  # 1,000,000 lines ';;;;;;;;'
    done = subprocess.run(
        [sys.executable, "-c", PEAK, str(path)],
        capture_output=True,
        text=True,
        env=ENV,
        cwd=ROOT,
        check=True,
    )
    error, peak = done.stdout.splitlines()
    assert error == "c.csv: line 7: expected 2 fields 'Horodate;Valeur', got ';;;;;;;;'"
    assert int(peak) < 400  # [MB] it was ~730 MB, and aborted a process limited to 1 GiB


def test_fuzz_30_million_blank_lines_inside_a_csv_are_passed_over_in_little_memory(tmp_path):
    """From its path the portal CSV streams in pieces: its blank lines cost no memory."""
    rows, peak = _rows_and_peak(tmp_path, "bomb:csv-30MB-newlines-inside", given="path")
    assert rows == "3"  # the file's three rows, none lost to the blank lines between them
    assert int(peak) < 400  # [MB] pyarrow and Polars took 1.7 GB for its blank rows


@pytest.mark.parametrize("given", ["path", "bytes"])
def test_fuzz_blank_lines_between_every_row_are_parsed_in_small_pieces(tmp_path, given):
    """No piece is blank lines only, so each is parsed: those of many lines are cut again
    (16 MB pieces of them took 880 MB)."""
    rows, peak = _rows_and_peak(tmp_path, "bomb:csv-30MB-newlines-between-rows", given=given)
    assert rows == "12"
    assert int(peak) < 400  # [MB]


def test_fuzz_30_million_blank_lines_inside_csv_bytes_are_read_as_from_the_path(tmp_path):
    """Bytes in memory take the path's way too: in pieces, blank lines passed over."""
    rows, peak = _rows_and_peak(tmp_path, "bomb:csv-30MB-newlines-inside", given="bytes")
    assert rows == "3"  # the same three rows as from its path (it was refused from bytes)
    assert int(peak) < 400  # [MB] (the file's 30 MB are held whole, being bytes)


def _rows_and_peak(folder: Path, case_id: str, *, given: str) -> list[str]:
    """The curve rows and peak memory [MB] of reading a case in a fresh process.

    ``given``: ``path`` (read from its path) or ``bytes`` (its bytes read first).
    """
    path = folder / "c.csv"
    path.write_bytes(_case(case_id))
    done = subprocess.run(
        [sys.executable, "-c", PEAK_ROWS, str(path), given],
        capture_output=True,
        text=True,
        env=ENV,
        cwd=ROOT,
        check=True,
    )
    return done.stdout.splitlines()


def test_fuzz_30_million_blank_lines_in_a_csv_read_whole_are_refused_before_parsing():
    """A portal CSV that cannot stream (a second block) is read whole: past the line limit
    it is refused unparsed."""
    data = _case("bomb:csv-30MB-newlines-inside") + b"\nIdentifiant PRM;Type de donnees\n"
    with pytest.raises(ExportError, match=r"31,457,288 lines \(at most 2,000,000\)"):
        read_export(data, name="c.csv")


PEAK_ROWS = """
import sys
from pathlib import Path
from ingest import read_export
from bench.common import peak_rss_mb
path, given = Path(sys.argv[1]), sys.argv[2]
source = path.read_bytes() if given == "bytes" else path
print(read_export(source, name=path.name).curve.height)
print(round(peak_rss_mb()))
"""
"""Read one file (``path`` or ``bytes``) in a fresh process; print its rows and peak [MB]."""


def test_a_csv_of_max_lines_is_still_read():
    from ingest.limits import MAX_LINES, check_line_count

    check_line_count("c.csv", b"x\n" * MAX_LINES)
    with pytest.raises(ExportError, match="2,000,001 lines"):
        check_line_count("c.csv", b"x\n" * MAX_LINES + b"x")


def test_fuzz_calamine_writing_to_fd_2_is_the_one_line_error_and_fd_2_comes_back(capfd):
    data = _case("bomb:xlsx-sheet-entities")
    with pytest.raises(ExportError) as excinfo:
        read_export(data, name="book.xlsx")
    assert str(excinfo.value) == (
        "book.xlsx: not a readable spreadsheet (calamine: 'worksheet' not a valid worksheet)"
    )  # was a second line on stderr, then "no 'Point Référence Mesure (PRM)' cell"
    os.write(2, b"after\n")  # fd 2 is the terminal's again
    assert capfd.readouterr().err == "after\n"


def test_fuzz_workbooks_read_in_threads_each_get_their_own_outcome(capfd):
    from concurrent.futures import ThreadPoolExecutor

    good = (DATA / "enedis_2026" / "portal_daily_en_kwh.xlsx").read_bytes()
    bad = _case("bomb:xlsx-sheet-entities")

    def outcome(data: bytes) -> str:
        try:
            return f"{read_export(data, name='book.xlsx').daily.height} days"
        except ExportError as error:
            return str(error)

    with ThreadPoolExecutor(4) as pool:
        got = list(pool.map(outcome, [good, bad] * 6))
    expected = {outcome(good), outcome(bad)}
    assert set(got) == expected
    assert got == [outcome(good), outcome(bad)] * 6
    assert "calamine" in outcome(bad)
    assert "calamine" not in outcome(good)
    assert capfd.readouterr().err == ""


@pytest.mark.real
def test_the_real_exports_are_fuzzed_too():
    # Without ../shared the real seeds would silently drop out of the cases above.
    assert any(seed.real for seed in seeds()), f"{REAL_EXPORTS}: {MISSING_SHARED}"
