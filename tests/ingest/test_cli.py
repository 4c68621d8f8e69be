import datetime as dt
import hashlib
import json
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from ingest import Store, digest
from ingest import cli as cli_module
from ingest import read as read_module
from sample_loadcurves import writers
from sample_loadcurves.archetypes import ARCHETYPES
from sample_loadcurves.simulate import Household, simulate
from sample_loadcurves.tic_captures import tic_frame, tic_group
from tests.conftest import DATA, ROOT

FILES = DATA / "enedis_portal_csv"


def run(*args: str, store) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ingest", "--store", str(store), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )


def test_imports_each_file_and_prints_one_line(tmp_path):
    out = run(
        str(FILES / "curve_step_change_gaps.csv"),
        str(FILES / "curve_lf_no_bom.csv"),
        store=tmp_path,
    )
    assert out.returncode == 0, out.stderr
    lines = out.stdout.strip().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("curve_step_change_gaps.csv: enedis-portal-csv · meter 1234 ")
    assert "12345678901234" not in out.stdout  # the meter is masked
    assert "3 gaps (6.5 h missing)" in lines[0]
    assert "1 row not used" in lines[0]


def test_bad_file_fails_alone_with_one_line_and_no_traceback(tmp_path):
    out = run(
        str(FILES / "bad_value_not_a_number.csv"),
        str(FILES / "curve_lf_no_bom.csv"),
        store=tmp_path,
    )
    assert out.returncode == 1
    assert out.stderr.strip().splitlines() == [
        "error: bad_value_not_a_number.csv: line 5: expected a number, got "
        "'2023-01-15T01:00:00+01:00;12a4'",
        "1 imported, 0 already imported, 1 failed",  # a batch ends with its summary
    ]
    assert "Traceback" not in out.stderr
    assert "curve_lf_no_bom.csv" in out.stdout  # the other file was imported
    again_text = run(str(FILES / "curve_lf_no_bom.csv"), store=tmp_path).stdout
    assert again_text == "curve_lf_no_bom.csv: already imported (the same bytes); nothing changed\n"
    again = run("--json", str(FILES / "curve_lf_no_bom.csv"), store=tmp_path).stdout
    (entry,) = json.loads(again)["files"]
    assert entry["skipped"] == "already imported"  # the same bytes: not read again


def test_a_fault_in_a_reader_is_one_line_and_the_batch_goes_on(tmp_path, monkeypatch, capsys):
    from ingest import cli

    real = cli.read_export

    def faulty(source, *, name, **options):
        if name == "curve_lf_no_bom.csv":
            raise KeyError("None")  # as a reader bug would
        return real(source, name=name, **options)

    monkeypatch.setattr(cli, "read_export", faulty)
    paths = [str(FILES / "curve_lf_no_bom.csv"), str(FILES / "curve_step_change_gaps.csv")]
    assert cli.main(["--store", str(tmp_path), *paths]) == 1
    out = capsys.readouterr()
    assert out.err.splitlines()[0] == (
        "error: curve_lf_no_bom.csv: could not be read (KeyError: 'None'); "
        "this is a fault in Courbe, not in your file: please report it"
    )
    assert "curve_step_change_gaps.csv: enedis-portal-csv" in out.out  # the next file imported


def test_files_that_name_no_meter_are_kept_apart_by_meter(tmp_path):
    other = tmp_path / "other.csv"  # another home's file, the same days
    other.write_text("time,power (kW)\n2024-01-01 00:00,9\n2024-01-01 00:30,9\n")
    generic = DATA / "other_formats" / "generic_no_unit.csv"
    assert (
        run("--unit", "kW", "--meter", "home A", str(generic), store=tmp_path / "s").returncode == 0
    )
    out = run("--meter", "home B", str(other), store=tmp_path / "s")
    assert out.returncode == 0, out.stderr
    assert "2 new, 0 replaced" in out.stdout  # not written over home A's rows
    curve = pl.read_parquet(tmp_path / "s" / "curve" / "*.parquet")
    assert sorted(curve["meter"].unique()) == ["home A", "home B"]


def test_json_notes_say_their_text_in_the_language_asked(tmp_path):
    out = run("--json", "--lang", "en", str(FILES / "index_calendar_and_peaks.csv"), store=tmp_path)
    assert out.returncode == 0
    notes = json.loads(out.stdout)["files"][0]["notes"]
    assert all(n["text"] == n["message"] for n in notes)
    readings = next(n for n in notes if n["key"] == "ingest.note.index_readings")
    expected = {"n": 3, "kinds": "Arrêté quotidien", "registers": 15, "unit": "Wh"}
    assert readings["values"] == expected


def test_nothing_written_for_a_bad_file(tmp_path):
    out = run(str(FILES / "bad_timestamp.csv"), store=tmp_path / "s")
    assert out.returncode == 1
    assert not (tmp_path / "s" / "manifest.json").exists()


def test_json_output(tmp_path):
    out = run(
        "--json",
        str(FILES / "index_calendar_and_peaks.csv"),
        str(FILES / "bad_binary.bin"),
        store=tmp_path,
    )
    assert out.returncode == 1
    doc = json.loads(out.stdout)
    ok, bad = doc["files"]
    assert ok["format"] == "enedis-portal-csv"
    assert ok["period"] == ["2024-01-10", "2024-01-12"]
    assert ok["rows"] == 24 + 2 + 2
    assert {
        "kind": "skipped",
        "line": 13,
        "key": "ingest.note.no_value_field",
        "values": {},
        "message": "no value (empty field)",
        "text": "pas de valeur (champ vide)",  # --lang fr, the default
    } in ok["notes"]
    assert bad == {
        "file": str(FILES / "bad_binary.bin"),
        "ok": False,
        "error": "bad_binary.bin: binary content; expected a text or spreadsheet export",
    }


def test_usage_error_exits_2(tmp_path):
    assert run(store=tmp_path).returncode == 2


def test_missing_file(tmp_path):
    out = run(str(tmp_path / "nope.csv"), store=tmp_path)
    assert out.returncode == 1
    assert out.stderr.startswith("error: ")
    assert out.stderr.count("\n") == 1


def test_a_folder_imported_twice_leaves_the_store_identical(tmp_path):
    """Batch import: generated households, read on every core, then the same again."""
    folder = tmp_path / "exports"
    folder.mkdir()
    for i, archetype in enumerate(ARCHETYPES[:4]):
        sim = simulate(Household(archetype, f"990000000001{i:02d}", 2023, i))
        curve = sim.curve().filter(pl.col("direction") == "consumption")
        data = writers.enedis_portal_csv(
            curve,
            meter=f"990000000001{i:02d}",
            first_day=dt.date(2023, 1, 1),
            end_day=dt.date(2024, 1, 1),
        )
        (folder / f"Enedis_{i}.csv").write_bytes(data)
    (folder / "notes.txt").write_text("not an export")
    first = run(str(folder), store=tmp_path / "s")
    assert first.returncode == 1  # the stray file fails alone
    assert "4 imported, 0 already imported, 1 failed" in first.stderr
    files = {
        p.relative_to(tmp_path / "s"): p.read_bytes()
        for p in (tmp_path / "s").rglob("*")
        if p.is_file()
    }
    second = run(str(folder), store=tmp_path / "s")
    assert "0 imported, 4 already imported, 1 failed" in second.stderr
    after = {
        p.relative_to(tmp_path / "s"): p.read_bytes()
        for p in (tmp_path / "s").rglob("*")
        if p.is_file()
    }
    assert after == files


PRM = "12345678901234"  # the meter of the hand-made portal files


def test_the_meter_number_is_masked_in_every_output(tmp_path):
    named = tmp_path / f"Enedis_Conso_Heure_{PRM}.csv"  # the portal's names hold the PRM
    named.write_bytes((FILES / "curve_lf_no_bom.csv").read_bytes())
    bad = tmp_path / f"bad_{PRM}.csv"
    bad.write_bytes((FILES / "bad_timestamp.csv").read_bytes())
    header_only = tmp_path / f"empty_{PRM}.csv"
    header_only.write_bytes(b"".join(named.read_bytes().splitlines(keepends=True)[:3]))
    files = [str(named), str(bad), str(header_only)]
    lines = run(*files, store=tmp_path / "s")
    again = run(str(named), store=tmp_path / "s")  # 'already imported'
    as_json = run("--json", *files, store=tmp_path / "t")
    for out in (lines, again, as_json):
        assert PRM not in out.stdout + out.stderr
    assert "Enedis_Conso_Heure_1234••••••••34.csv: enedis-portal-csv" in lines.stdout
    assert "already imported" in again.stdout
    document = json.loads(as_json.stdout)
    masked = [Path(f).name.replace(PRM, "1234••••••••34") for f in files]
    assert [Path(f["file"]).name for f in document["files"]] == masked
    assert [f["ok"] for f in document["files"]] == [True, False, False]
    assert "no data rows" in document["files"][2]["error"]


@pytest.mark.parametrize("meter", ["../../x", "=cmd|' /C calc'!A0", "a;b"])
def test_a_meter_id_that_is_not_one_is_refused_in_one_line(tmp_path, meter):
    out = run("--meter", meter, str(FILES / "curve_lf_no_bom.csv"), store=tmp_path / "s")
    assert out.returncode == 2
    error = out.stderr.strip().splitlines()[-1]  # after argparse's usage line
    assert error.startswith("python -m ingest: error: argument --meter:")
    assert "is not a meter id (14 digits, or letters" in error
    assert not (tmp_path / "s").exists()


def test_a_file_name_with_a_newline_is_one_line(tmp_path):
    odd = tmp_path / "bad\nname.csv"
    odd.write_bytes((FILES / "bad_timestamp.csv").read_bytes())
    out = run(str(odd), store=tmp_path / "s")
    assert out.returncode == 1
    assert out.stderr.count("\n") == 1
    assert out.stderr.startswith("error: bad name.csv: ")


def test_a_large_csv_is_read_once_and_hashed_from_those_bytes(tmp_path, monkeypatch):
    """A file its reader does not stream (an R63 CSV) is read whole once, not twice."""

    path = tmp_path / "big.csv"
    path.write_bytes((DATA / "other_formats" / "r63_spring_step_change.csv").read_bytes())
    loads = []
    real_load = read_module.load
    monkeypatch.setattr(read_module, "load", lambda *a, **k: loads.append(a) or real_load(*a, **k))

    def no_second_read(path):
        raise AssertionError("hashed by reading the file again")

    monkeypatch.setattr(digest, "of_file", no_second_read)
    export = cli_module._read(path, frozenset(), {"unit": None})
    assert not isinstance(export, str)
    assert [a[0] for a in loads if isinstance(a[0], Path)] == [path]  # the bytes: once
    assert export.digest == digest.of_bytes(path.read_bytes())
    assert export.curve.height > 0


def test_a_file_seen_before_is_hashed_not_parsed(tmp_path, monkeypatch):

    path = tmp_path / "x.csv"
    path.write_bytes((FILES / "curve_lf_no_bom.csv").read_bytes())

    def no_parse(*args, **kwargs):
        raise AssertionError("parsed")

    monkeypatch.setattr(cli_module, "read_export", no_parse)
    seen = frozenset({digest.named(digest.of_bytes(path.read_bytes()))})
    assert cli_module._read(path, seen, {"unit": None}) == "seen"


def test_a_tic_capture_is_hashed_in_chunks_and_streamed(tmp_path, monkeypatch):

    frame = tic_frame([tic_group("ADCO", "000123456789"), tic_group("BASE", "001234567")])
    path = tmp_path / "capture.txt"
    path.write_bytes(frame * 20)

    def never_whole(*args, **kwargs):
        raise AssertionError("held whole")

    monkeypatch.setattr(read_module, "load", never_whole)
    options = {"unit": None, "time_zone": None, "meter": None}
    options["start"] = dt.datetime(2024, 1, 8, 12, tzinfo=dt.UTC)
    export = cli_module._read(path, frozenset(), options)
    assert not isinstance(export, str), export
    assert export.digest == digest.of_bytes(path.read_bytes())


def test_a_portal_csv_is_streamed_never_held_whole(tmp_path, monkeypatch):
    path = tmp_path / "portal.csv"
    path.write_bytes((FILES / "curve_dst_autumn_50.csv").read_bytes())
    monkeypatch.setattr(read_module, "load", lambda *a, **k: pytest.fail("held whole"))
    monkeypatch.setattr(digest, "of_file", lambda path: pytest.fail("hashed first"))
    options = {"unit": None, "time_zone": None, "meter": None, "start": None}
    export = cli_module._read(path, frozenset({"other"}), options, frozenset({1}))
    assert not isinstance(export, str), export
    sha = digest.of_bytes(path.read_bytes())  # taken while it was streamed
    assert (export.digest, export.size) == (sha, path.stat().st_size)
    assert export.curve.height == 50


def test_a_tic_capture_of_a_size_never_imported_is_read_once(tmp_path, monkeypatch):
    frame = tic_frame([tic_group("ADCO", "000123456789"), tic_group("BASE", "001234567")])
    path = tmp_path / "capture.txt"
    path.write_bytes(frame * 20)
    monkeypatch.setattr(digest, "of_file", lambda path: pytest.fail("hashed first"))
    options = {"unit": None, "time_zone": None, "meter": None}
    options["start"] = dt.datetime(2024, 1, 8, 12, tzinfo=dt.UTC)
    export = cli_module._read(path, frozenset({"other"}), options, frozenset({1}))
    assert not isinstance(export, str), export
    sha = digest.of_bytes(path.read_bytes())  # taken while it was streamed
    assert (export.digest, export.size) == (sha, path.stat().st_size)


def test_a_file_of_a_size_never_imported_is_hashed_while_parsed(tmp_path, monkeypatch):
    path = tmp_path / "x.csv"
    path.write_bytes((FILES / "curve_lf_no_bom.csv").read_bytes())
    sha = digest.of_bytes(path.read_bytes())
    monkeypatch.setattr(cli_module, "OVERLAP_BYTES", 0)  # so this small file counts
    export = cli_module._read(path, frozenset({"other"}), {"unit": None}, frozenset({1}))
    assert not isinstance(export, str)
    assert (export.digest, export.size) == (sha, path.stat().st_size)
    # One earlier import of its size: it may be that file, so it is hashed first.
    monkeypatch.setattr(cli_module, "read_export", lambda *a, **k: pytest.fail("parsed"))
    size = frozenset({path.stat().st_size})
    assert cli_module._read(path, frozenset({digest.named(sha)}), {"unit": None}, size) == "seen"


def test_the_import_log_records_each_file_size_and_a_reimport_is_still_seen(tmp_path):
    path = tmp_path / "x.csv"
    path.write_bytes((FILES / "curve_lf_no_bom.csv").read_bytes())
    assert cli_module.main(["--store", str(tmp_path / "s"), str(path)]) == 0
    (entry,) = Store(tmp_path / "s").imports()
    assert entry["bytes"] == path.stat().st_size
    again = run(str(path), store=tmp_path / "s")
    assert "already imported" in again.stdout


def test_a_file_logged_by_its_sha256_before_blake3_is_still_seen(tmp_path, monkeypatch):
    """A store's log written before 2026-12-07 names its files by SHA-256 only."""
    path = tmp_path / "x.csv"
    path.write_bytes((FILES / "curve_lf_no_bom.csv").read_bytes())
    store = tmp_path / "s"
    assert cli_module.main(["--store", str(store), str(path)]) == 0
    (log,) = (store / "imports").glob("*.json")
    entry = json.loads(log.read_text("utf-8"))
    assert entry.pop("blake3") == digest.of_bytes(path.read_bytes())
    entry["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
    log.write_text(json.dumps(entry), "utf-8")
    assert "already imported" in run(str(path), store=store).stdout
    other = tmp_path / "y.csv"  # of another size: no SHA-256 taken, imported
    other.write_bytes((FILES / "curve_dst_autumn_50.csv").read_bytes())
    monkeypatch.setattr(hashlib, "sha256", lambda *a: pytest.fail("SHA-256 taken"))
    seen = frozenset({digest.logged(entry)})
    sizes = frozenset({path.stat().st_size})
    options = {"unit": None, "time_zone": None, "meter": None, "start": None}
    assert not isinstance(cli_module._read(other, seen, options, sizes), str)
