"""The household's control over its data: masking, pseudonymised sharing, deleting."""

import datetime as dt
import json
import subprocess
import sys

import polars as pl

from ingest import Export, Store, read_export
from ingest.privacy import mask_meter, mask_text, neutralise_formulas, pseudonym
from ingest.schema import SCHEMAS, TABLES
from sample_loadcurves.households import SHIPPED
from tests.conftest import ROOT

SAMPLE = next((SHIPPED / "maison_electrique").glob("Enedis_Conso_*.csv"))
METER = "99000000000002"


def _store(path) -> Store:
    store = Store(path)
    store.add(read_export(SAMPLE))
    return store


def test_masking():
    assert mask_meter("14295234567888") == "1429 •••• •••• 88"
    assert mask_text(f"Enedis_{METER}.csv line 3") == "Enedis_9900••••••••02.csv line 3"
    assert mask_text("20240101-20250101") == "20240101-20250101"  # not a meter number
    assert mask_meter("unknown") == "unknown"  # a file that names no meter: nothing to hide


def test_pseudonymised_export_holds_no_meter_number(tmp_path):
    store = _store(tmp_path / "s")
    for fmt in ("csv", "parquet"):
        files = store.export_pseudonymised(tmp_path / fmt, fmt=fmt)
        assert {f.name for f in files} == {f"{t}.{fmt}" for t in TABLES}
        for f in files:
            assert METER.encode() not in f.read_bytes()
    shared = pl.read_parquet(tmp_path / "parquet" / "curve.parquet")
    original = store.curve().collect()
    assert shared["meter"].unique().to_list() == [pseudonym(METER, store.secret())]
    assert shared.height == original.height
    assert shared["wh"].sum() == original["wh"].sum()


def test_pseudonym_is_stable_within_a_store_and_differs_across_stores(tmp_path):
    a, b = _store(tmp_path / "a"), _store(tmp_path / "b")
    first = a.export_pseudonymised(tmp_path / "a1")[0]
    again = Store(tmp_path / "a").export_pseudonymised(tmp_path / "a2")[0]
    other = b.export_pseudonymised(tmp_path / "b1")[0]
    name = pl.read_parquet(first)["meter"][0]
    assert pl.read_parquet(again)["meter"][0] == name
    assert pl.read_parquet(other)["meter"][0] != name
    assert (tmp_path / "a" / "secret.key").stat().st_mode & 0o077 == 0  # owner only


def test_shifted_dates_keep_weekdays_and_energy(tmp_path):
    store = _store(tmp_path / "s")
    store.export_pseudonymised(tmp_path / "out", shift_days=35)
    shared = pl.read_parquet(tmp_path / "out" / "curve.parquet")
    original = store.curve().collect()
    assert shared["start"].min() - original["start"].min() == dt.timedelta(days=35)
    assert shared["start"].dt.weekday().to_list() == original["start"].dt.weekday().to_list()


def test_import_log_never_holds_the_meter_number(tmp_path):
    store = _store(tmp_path / "s")
    logs = list((tmp_path / "s" / "imports").glob("*.json"))
    assert logs
    for log in logs:
        assert METER not in log.read_text("utf-8")
    assert store.imports()[0]["meter"] == mask_meter(METER)


def test_delete_everything_leaves_nothing(tmp_path):
    store = _store(tmp_path / "s")
    store.save_settings({"kva": 9})
    store.save_reference("tempo", pl.DataFrame({"day": [dt.date(2024, 1, 8)], "colour": ["ROUGE"]}))
    store.secret()
    store.export_pseudonymised(tmp_path / "shared")  # written where the household chose
    store.delete_everything()
    assert not (tmp_path / "s").exists()
    assert Store(tmp_path / "s").meters() == []


def test_cli_export(tmp_path):
    _store(tmp_path / "s")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "ingest",
            "export",
            "--store",
            str(tmp_path / "s"),
            "--out",
            str(tmp_path / "out"),
            "--format",
            "csv",
            "--shift-dates",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "curve.csv" in done.stdout
    assert METER not in (tmp_path / "out" / "curve.csv").read_text()
    empty = subprocess.run(
        [
            sys.executable,
            "-m",
            "ingest",
            "export",
            "--store",
            str(tmp_path / "none"),
            "--out",
            str(tmp_path / "x"),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert empty.returncode == 1
    assert empty.stderr.startswith("error: ")
    assert "Traceback" not in empty.stderr


def test_researcher_csv_neutralises_formula_cells(tmp_path):
    """A TIC label like '=HYPERLINK(…)' must not run when the CSV is opened in a spreadsheet."""
    at = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    labels = ['=HYPERLINK("http://x")', "+1", "-1+2", "@SUM(A1)", "\tx", "\rx", "HC..", "a=b"]
    periods = pl.DataFrame(
        {
            "meter": ["m1"] * len(labels),
            "start": [at + dt.timedelta(minutes=30 * i) for i in range(len(labels))],
            "period": labels,
        },
        schema=SCHEMAS["periods"],
    )
    store = Store(tmp_path / "s")
    store.add(Export(name="t.txt", digest="t", format="test", meter="m1", periods=periods))
    (path,) = [
        p for p in store.export_pseudonymised(tmp_path / "out", fmt="csv") if "periods" in p.name
    ]
    shared = pl.read_csv(path)["period"].to_list()
    assert shared == ["'" + v for v in labels[:6]] + labels[6:]
    # The Parquet export keeps the values as they are: no spreadsheet runs Parquet.
    store.export_pseudonymised(tmp_path / "pq")
    assert pl.read_parquet(tmp_path / "pq" / "periods.parquet")["period"].to_list() == labels


def test_neutralise_formulas_leaves_numbers_and_dates():
    frame = pl.DataFrame({"a": ["=1", "ok"], "wh": [-1.0, 2.0], "day": [dt.date(2024, 1, 1)] * 2})
    out = neutralise_formulas(frame)
    assert out["a"].to_list() == ["'=1", "ok"]
    assert out["wh"].to_list() == [-1.0, 2.0]


def test_store_file_names_hold_no_meter_number(tmp_path):
    store = _store(tmp_path / "s")
    names = [str(p.relative_to(tmp_path / "s")) for p in (tmp_path / "s").rglob("*")]
    assert names
    assert not [n for n in names if METER in n]
    manifest = json.loads((tmp_path / "s" / "manifest.json").read_text())
    expected = f"curve/{pseudonym(METER, store.secret())}-1.parquet"
    assert manifest["files"]["curve"] == {METER: expected}


def test_a_store_named_by_meter_numbers_still_opens_and_is_renamed_on_its_next_import(tmp_path):
    """A store written before file names held pseudonyms: ``curve/<meter>-<gen>.parquet``."""
    _store(tmp_path / "s")
    manifest_path = tmp_path / "s" / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    for table, by_meter in manifest["files"].items():
        for meter, name in by_meter.items():
            old = f"{table}/{meter}-1.parquet"
            (tmp_path / "s" / name).rename(tmp_path / "s" / old)
            by_meter[meter] = old
    manifest_path.write_text(json.dumps(manifest))
    before = Store(tmp_path / "s").curve().collect()
    assert before.height > 0  # opens as it is
    # An import that leaves the curve alone: its file is renamed all the same.
    at = dt.datetime(2024, 6, 1, 12, tzinfo=dt.UTC)
    peak = pl.DataFrame(
        {"meter": [METER], "day": [at.date()], "va": [3000.0], "at": [at]},
        schema=SCHEMAS["peaks"],
    )
    Store(tmp_path / "s").add(Export(name="t", digest="t", format="t", meter=METER, peaks=peak))
    names = [str(p.relative_to(tmp_path / "s")) for p in (tmp_path / "s").rglob("*.parquet")]
    assert len(names) == 2  # the curve's and the peaks'
    assert not [n for n in names if METER in n]
    assert Store(tmp_path / "s").curve().collect().equals(before)
