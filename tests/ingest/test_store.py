import datetime as dt
import json
import subprocess
import sys
from dataclasses import replace

import duckdb
import polars as pl
import pyarrow.parquet as pq
import pytest
from polars.testing import assert_frame_equal

from ingest import Export, Store, read_export
from ingest import export as export_module
from ingest.errors import ExportError
from ingest.privacy import pseudonym
from ingest.schema import SCHEMAS
from ingest.store import StoreError, atomic
from tests.conftest import DATA, ROOT

FILES = DATA / "enedis_portal_csv"
UTC = dt.UTC


def export_of(rows: list[tuple[int, int, float]], *, name: str = "x.csv") -> Export:
    """A curve export from (start minute, step minutes, wh) rows on 2024-01-01 UTC."""
    base = dt.datetime(2024, 1, 1, tzinfo=UTC)
    curve = pl.DataFrame(
        {
            "meter": ["m1"] * len(rows),
            "start": [base + dt.timedelta(minutes=s) for s, _, _ in rows],
            "end": [base + dt.timedelta(minutes=s + n) for s, n, _ in rows],
            "wh": [w for _, _, w in rows],
            "direction": ["consumption"] * len(rows),
        },
        schema=SCHEMAS["curve"],
    )
    return Export(name=name, digest=name, format="test", meter="m1", curve=curve)


def test_add_then_read_back(tmp_path):
    store = Store(tmp_path / "s")
    export = read_export(FILES / "curve_lf_no_bom.csv")
    result = store.add(export)
    assert (result.added, result.replaced, result.skipped) == (3, 0, 0)
    assert_frame_equal(store.curve().collect(), export.curve)
    assert store.meters() == ["12345678901234"]
    assert store.daily().collect().height == 0


def test_reimport_never_duplicates(tmp_path):
    store = Store(tmp_path)
    store.add(read_export(FILES / "curve_lf_no_bom.csv"))
    again = store.add(read_export(FILES / "curve_crlf_bom_no_final_newline.csv"))
    assert (again.added, again.replaced, again.skipped) == (0, 0, 3)
    assert store.curve().collect().height == 3
    assert len(store.imports()) == 2


def test_overlapping_import_later_wins_and_log_says_so(tmp_path):
    store = Store(tmp_path)
    store.add(export_of([(0, 30, 1.0), (30, 30, 2.0), (60, 30, 3.0)], name="first.csv"))
    result = store.add(export_of([(60, 30, 9.0), (90, 30, 4.0)], name="second.csv"))
    assert (result.added, result.replaced, result.skipped) == (1, 1, 0)
    assert store.curve().collect()["wh"].to_list() == [1.0, 2.0, 9.0, 4.0]
    log = store.imports()[-1]
    assert log["file"] == "second.csv"
    assert log["changes"]["curve"] == {"added": 1, "replaced": 1, "skipped": 0}
    assert log["replaced_period"][0].startswith("2024-01-01 01:00")


def test_an_hourly_interval_replaces_the_two_half_hours_it_covers(tmp_path):
    store = Store(tmp_path)
    store.add(export_of([(0, 30, 1.0), (30, 30, 2.0), (60, 30, 3.0)]))
    store.add(export_of([(0, 60, 5.0)], name="hourly.csv"))
    curve = store.curve().collect()
    assert curve.select(pl.col("start").dt.minute(), "wh").rows() == [(0, 5.0), (0, 3.0)]
    assert curve["wh"].sum() == 8.0  # never counted twice


def test_import_log_records_file_digest_format_meter_period_rows_notes(tmp_path):
    store = Store(tmp_path)
    export = read_export(FILES / "curve_step_change_gaps.csv")
    store.add(export)
    (entry,) = store.imports()
    assert entry["file"] == "curve_step_change_gaps.csv"
    assert entry["blake3"] == export.file_digest
    assert entry["format"] == "enedis-portal-csv"
    assert entry["meter"] == "1234 •••• •••• 34"  # masked: the log never holds it
    assert entry["period"] == ["2022-11-12", "2022-11-12"]
    assert entry["rows"]["curve"] == 13
    assert "line 9: no value (empty field)" in entry["notes"]
    assert entry["time"].endswith("+00:00")
    assert store.has_file(export.file_digest)


def test_crash_mid_import_leaves_previous_state_readable(tmp_path, monkeypatch):
    store = Store(tmp_path)
    store.add(export_of([(0, 30, 1.0)]))
    before = store.curve().collect()
    manifest = (tmp_path / "manifest.json").read_text()

    def crash(path, data):
        raise OSError(28, "No space left on device")

    kept = sorted(p.name for p in (tmp_path / "curve").iterdir())
    monkeypatch.setattr(atomic, "write_bytes", crash)
    with pytest.raises(StoreError, match=r"^x\.csv: cannot be written .*No space.*nothing changed"):
        store.add(export_of([(30, 30, 2.0)]))
    monkeypatch.undo()
    assert (tmp_path / "manifest.json").read_text() == manifest
    assert_frame_equal(Store(tmp_path).curve().collect(), before)
    # The half-written Parquet file of the failed import is gone.
    assert sorted(p.name for p in (tmp_path / "curve").iterdir()) == kept


def test_orphans_of_a_killed_import_are_cleaned_on_next_write(tmp_path):
    store = Store(tmp_path)
    store.add(export_of([(0, 30, 1.0)]))
    (tmp_path / "curve" / "m1-7.parquet").write_bytes(b"half")
    (tmp_path / "imports" / "7.json").write_text("{}")
    store.add(export_of([(30, 30, 2.0)]))
    kept = f"{pseudonym('m1', store.secret())}-2.parquet"
    assert sorted(p.name for p in (tmp_path / "curve").iterdir()) == [kept]
    assert not (tmp_path / "imports" / "7.json").exists()


def test_store_is_plain_parquet(tmp_path):
    store = Store(tmp_path)
    store.add(read_export(FILES / "curve_lf_no_bom.csv"))
    frames = [pl.read_parquet(p) for p in (tmp_path / "curve").glob("*.parquet")]
    assert sum(f.height for f in frames) == 3
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["generation"] == 1


def test_delete_everything_removes_the_folder(tmp_path):
    store = Store(tmp_path / "s")
    store.add(read_export(FILES / "curve_lf_no_bom.csv"))
    store.delete_everything()
    assert not (tmp_path / "s").exists()
    assert store.curve().collect().height == 0


def test_default_path_follows_courbe_home(tmp_path, monkeypatch):
    monkeypatch.setenv("COURBE_HOME", str(tmp_path / "home"))
    assert Store().path == tmp_path / "home"


def test_settings_and_reference_files(tmp_path):
    store = Store(tmp_path / "s")
    assert store.settings() == {}
    assert store.reference("tempo") is None
    store.save_settings({"kva": 6})
    tempo = pl.DataFrame({"day": [dt.date(2024, 1, 8)], "colour": ["ROUGE"]})
    store.save_reference("tempo", tempo)
    assert Store(tmp_path / "s").settings() == {"kva": 6}
    assert_frame_equal(Store(tmp_path / "s").reference("tempo"), tempo)
    store.save_reference("tempo", None)
    assert store.reference("tempo") is None
    with pytest.raises(ValueError, match="unknown reference file"):
        store.save_reference("../x", tempo)


def test_no_permission_is_one_line_and_changes_nothing(tmp_path, monkeypatch):
    store = Store(tmp_path)
    store.add(export_of([(0, 30, 1.0)]))
    manifest = (tmp_path / "manifest.json").read_text()

    def refused(path):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(atomic, "fsync", refused)
    with pytest.raises(StoreError) as excinfo:
        store.add(export_of([(30, 30, 2.0)]))
    assert str(excinfo.value) == (
        f"x.csv: cannot be written to the store {tmp_path} (Permission denied); nothing changed"
    )
    monkeypatch.undo()
    assert (tmp_path / "manifest.json").read_text() == manifest
    assert Store(tmp_path).curve().collect()["wh"].to_list() == [1.0]


def test_a_store_file_reads_back_as_written_without_a_schema_and_in_duckdb(tmp_path):
    """Each meter's file: its meter written as a repeated value, instants delta-encoded."""
    export = read_export(FILES / "curve_step_change_gaps.csv")
    Store(tmp_path).add(export)
    (file,) = (tmp_path / "curve").glob("*.parquet")
    assert_frame_equal(pl.read_parquet(file), export.curve)  # Enum and UTC kept
    encodings = pq.read_metadata(file).row_group(0).column(1).encodings
    assert "DELTA_BINARY_PACKED" in encodings
    rows = duckdb.sql(f"select meter, count(*) from read_parquet('{file}') group by meter")
    assert rows.fetchall() == [(export.meter, export.curve.height)]


@pytest.mark.parametrize("rows", [0, 2, 3, 7])
def test_a_meter_written_as_one_chunk_repeated_reads_back_on_every_row(tmp_path, monkeypatch, rows):
    """Its one chunk (here of 3 rows) referenced again and cut: 0, part, one, several."""
    monkeypatch.setattr(atomic, "REPEATED_ROWS", 3)
    curve = export_of([(30 * i, 30, float(i)) for i in range(rows)]).curve
    atomic.write_parquet(tmp_path / "m1.parquet", curve, meter="m1")
    back = pl.read_parquet(tmp_path / "m1.parquet")
    assert_frame_equal(back, curve)
    assert back["meter"].to_list() == ["m1"] * rows


def test_a_meter_column_is_written_without_importing_pyarrow_compute(tmp_path):
    """A cast to the type the column already has imported pyarrow.compute: 66 ms of a fresh
    ``python -m ingest``, for nothing."""
    code = (
        "import sys, polars as pl, datetime as dt\n"
        "from pathlib import Path\n"
        "from ingest.store import atomic\n"
        "t = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)\n"
        "curve = pl.DataFrame({'meter': ['m1', 'm1'], 'start': [t, t]})\n"
        "atomic.write_parquet(Path(sys.argv[1]), curve, meter='m1')\n"
        "assert pl.read_parquet(sys.argv[1]).equals(curve)\n"
        "print('pyarrow.compute' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "m1.parquet")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "False"


def test_an_export_is_checked_once_and_a_replaced_one_again(tmp_path, monkeypatch):
    export = export_of([(0, 30, 1.0), (30, 30, 2.0)])
    assert export.validate() is export
    checked: list[str] = []
    real = export_module.validate
    monkeypatch.setattr(export_module, "validate", lambda f, t: checked.append(t) or real(f, t))
    assert Store(tmp_path / "once").add(export).added == 2
    # The CLI's copy with the file's digest and size (same tables) is not checked again.
    assert Store(tmp_path / "copy").add(export.of_file(digest="d", size=1)).added == 2
    assert checked == []  # the store did not check them again
    twice = export.curve.vstack(export.curve)  # duplicate keys
    with pytest.raises(ExportError, match="duplicate rows"):
        Store(tmp_path).add(replace(export, curve=twice))
    assert checked == ["curve"]  # a replaced one is checked: the spy above does see checks
    assert Store(tmp_path).add(export).added == 2


def test_add_many_is_the_same_imports_as_one_add_each_in_one_commit(tmp_path, monkeypatch):
    exports = [
        export_of([(0, 30, 1.0), (30, 30, 2.0)], name="a.csv"),
        replace(export_of([(0, 30, 5.0)], name="b.csv"), meter="m2"),
        export_of([(30, 30, 7.0), (60, 30, 3.0)], name="c.csv"),  # m1 again, within the batch
    ]
    exports[1] = replace(
        exports[1], curve=exports[1].curve.with_columns(meter=pl.lit("m2").cast(pl.String))
    )
    one_by_one = Store(tmp_path / "one")
    expected = [one_by_one.add(e) for e in exports]
    real = atomic.write_bytes
    manifests: list[str] = []

    def counted(path, data):
        if path.name == "manifest.json":
            manifests.append(data.decode())
        real(path, data)

    monkeypatch.setattr(atomic, "write_bytes", counted)
    batch = Store(tmp_path / "many")
    assert batch.add_many(iter(exports)) == expected
    assert len(manifests) == 1
    stored = batch.curve().collect().sort("meter", "start")
    assert_frame_equal(stored, one_by_one.curve().collect().sort("meter", "start"))
    assert stored["wh"].to_list() == [1.0, 7.0, 3.0, 5.0]
    drop = ("time", "meters")  # each store its own pseudonym key
    assert [{k: v for k, v in e.items() if k not in drop} for e in batch.imports()] == [
        {k: v for k, v in e.items() if k not in drop} for e in one_by_one.imports()
    ]
    manifest = json.loads(manifests[0])
    assert manifest["generation"] == 3
    # The file m1's first import wrote within the batch is gone: each meter one file.
    assert sorted(p.name for p in (tmp_path / "many" / "curve").iterdir()) == sorted(
        n.split("/")[1] for n in manifest["files"]["curve"].values()
    )
    assert batch.add_many([]) == []


def test_add_many_commits_all_or_nothing(tmp_path):
    store = Store(tmp_path)
    store.add(export_of([(0, 30, 1.0)], name="first.csv"))
    before = {p.relative_to(tmp_path): p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    good = export_of([(30, 30, 2.0)], name="good.csv")
    twice = export_of([(60, 30, 3.0)], name="bad.csv")
    bad = replace(twice, curve=twice.curve.vstack(twice.curve))  # duplicate keys
    with pytest.raises(ExportError, match=r"^bad\.csv: .*duplicate rows"):
        store.add_many([good, bad])
    after = {p.relative_to(tmp_path): p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    assert after == before  # good.csv's files and log entry, written before bad.csv, are gone
    assert [e["file"] for e in store.imports()] == ["first.csv"]
