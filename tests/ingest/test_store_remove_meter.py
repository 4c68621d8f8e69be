"""Removing one meter from the store (issue 17 item 6): every table, its log entries and its
name, in one commit."""

import datetime as dt
import fcntl
import json
import os
import threading

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from ingest import Export, Store
from ingest.schema import SCHEMAS
from ingest.store import LOCK, StoreError, atomic

UTC = dt.UTC


def home(meter: str, *, name: str, wh: float = 1.0) -> Export:
    """A file about one meter with rows in every table: two half-hours, a day, a peak…"""
    base = dt.datetime(2024, 1, 1, tzinfo=UTC)
    half = dt.timedelta(minutes=30)
    day = dt.date(2024, 1, 1)
    return Export(
        name=name,
        digest=name,
        format="test",
        meter=meter,
        curve=pl.DataFrame(
            {
                "meter": [meter] * 2,
                "start": [base, base + half],
                "end": [base + half, base + 2 * half],
                "wh": [wh, wh + 1],
                "direction": ["consumption"] * 2,
            },
            schema=SCHEMAS["curve"],
        ),
        daily=pl.DataFrame(
            {"meter": [meter], "day": [day], "wh": [wh], "direction": ["consumption"]},
            schema=SCHEMAS["daily"],
        ),
        peaks=pl.DataFrame(
            {"meter": [meter], "day": [day], "va": [3000.0], "at": [base]}, schema=SCHEMAS["peaks"]
        ),
        registers=pl.DataFrame(
            {"meter": [meter], "at": [base], "register": ["EAST"], "wh": [wh]},
            schema=SCHEMAS["registers"],
        ),
        periods=pl.DataFrame(
            {"meter": [meter], "start": [base], "period": ["HC"]}, schema=SCHEMAS["periods"]
        ),
    )


A, B = "11110000000011", "22220000000022"
"""Two meters whose masks differ."""


def two_homes(path) -> Store:
    store = Store(path)
    store.add(home(A, name="a.csv"))
    store.add(home(B, name="b.csv", wh=5.0))
    store.add(home(A, name="a2.csv", wh=2.0))  # a second file of A, replacing its rows
    store.save_settings({"kva": 9, "lang": "en", "meter_names": {A: "Maison", B: "Studio"}})
    return store


def tables(store: Store, meter: str) -> dict[str, pl.DataFrame]:
    scans = {
        "curve": store.curve,
        "daily": store.daily,
        "peaks": store.peaks,
        "registers": store.registers,
        "periods": store.periods,
    }
    return {t: f().filter(pl.col("meter") == meter).collect() for t, f in scans.items()}


def test_remove_meter_drops_every_table_and_leaves_the_other_meter_as_it_was(tmp_path):
    store = two_homes(tmp_path)
    kept = tables(store, B)
    removed = store.remove_meter(A)
    assert removed == {"curve": 2, "daily": 1, "peaks": 1, "registers": 1, "periods": 1}
    again = Store(tmp_path)  # the store opens after, from its files alone
    assert again.meters() == [B]
    assert all(frame.height == 0 for frame in tables(again, A).values())
    for table, frame in tables(again, B).items():
        assert_frame_equal(frame, kept[table])
    assert [e["file"] for e in again.imports()] == ["b.csv"]
    assert not again.has_file("a.csv")
    assert not again.has_file("a2.csv")
    assert again.settings() == {"kva": 9, "lang": "en", "meter_names": {B: "Studio"}}
    # Nothing of A is left on disk: its data files and log entries are gone.
    names = {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()}
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    data = {f for t in manifest["files"].values() for f in t.values()}
    assert {n for n in names if n.endswith(".parquet")} == data
    assert {n for n in names if n.startswith("imports/")} == {"imports/2.json"}
    assert A not in (tmp_path / "settings.json").read_text()


def test_a_removed_meter_can_be_imported_again_as_new(tmp_path):
    store = two_homes(tmp_path)
    store.remove_meter(A)
    result = store.add(home(A, name="a.csv"))
    assert (result.added, result.replaced, result.skipped) == (6, 0, 0)
    assert store.meters() == [A, B]
    assert store.curve().filter(pl.col("meter") == A).collect()["wh"].to_list() == [1.0, 2.0]
    assert [e["file"] for e in store.imports()] == ["b.csv", "a.csv"]
    # The next import carried the forgotten entries: the old ones do not come back.
    store.add(home(B, name="b2.csv", wh=6.0))
    assert [e["file"] for e in store.imports()] == ["b.csv", "a.csv", "b2.csv"]


def test_removing_a_meter_the_store_does_not_hold_changes_nothing(tmp_path):
    store = two_homes(tmp_path)
    manifest = (tmp_path / "manifest.json").read_text()
    assert store.remove_meter("33330000000033") == {}
    assert (tmp_path / "manifest.json").read_text() == manifest
    assert Store(tmp_path / "none").remove_meter(A) == {}
    assert not (tmp_path / "none").exists()


def test_a_failed_removal_leaves_the_meter_its_log_and_its_name(tmp_path, monkeypatch):
    store = two_homes(tmp_path)
    before = {m: tables(store, m) for m in (A, B)}
    manifest = (tmp_path / "manifest.json").read_text()
    settings = store.settings()
    real = atomic.write_bytes

    def full(path, data):
        if path.name == "manifest.json":
            raise OSError(28, "No space left on device")
        real(path, data)

    monkeypatch.setattr(atomic, "write_bytes", full)
    with pytest.raises(StoreError, match=r"^1111 •••• •••• 11: cannot be removed .*No space"):
        store.remove_meter(A)
    monkeypatch.undo()
    again = Store(tmp_path)
    assert (tmp_path / "manifest.json").read_text() == manifest
    assert again.meters() == [A, B]
    for m in (A, B):
        for table, frame in tables(again, m).items():
            assert_frame_equal(frame, before[m][table])
    assert len(again.imports()) == 3
    assert again.settings() == settings


def test_a_file_about_two_meters_stays_in_the_log_until_both_are_removed(tmp_path):
    store = Store(tmp_path)
    both = home(A, name="both.csv")
    other = home(B, name="both.csv", wh=5.0)
    both = Export(
        name="both.csv",
        digest="both.csv",
        format="test",
        meter=A,
        curve=pl.concat([both.curve, other.curve]),
    )
    store.add(both)
    store.remove_meter(A)
    assert [e["file"] for e in store.imports()] == ["both.csv"]
    assert store.meters() == [B]
    store.remove_meter(B)
    assert store.imports() == []
    assert store.meters() == []


def test_an_older_log_entry_without_pseudonyms_is_forgotten_by_its_masked_meter(tmp_path):
    store = Store(tmp_path)
    twin = "11112222333311"  # masks as A does
    for meter, name in ((A, "a.csv"), (B, "b.csv"), (twin, "twin.csv")):
        store.add(home(meter, name=name))
    for p in (tmp_path / "imports").glob("*.json"):  # as the log was written before
        entry = json.loads(p.read_text())
        del entry["meters"]
        p.write_text(json.dumps(entry))
    store.remove_meter(B)
    assert [e["file"] for e in store.imports()] == ["a.csv", "twin.csv"]
    store.remove_meter(A)  # its twin's entry masks the same: both stay, rather than guess
    assert [e["file"] for e in store.imports()] == ["a.csv", "twin.csv"]
    assert store.meters() == [twin]


def test_a_removal_waits_for_the_writer_before_it(tmp_path):
    two_homes(tmp_path)
    waited = threading.Event()
    removing = Store(tmp_path, on_wait=waited.set)
    fd = os.open(tmp_path / LOCK, os.O_RDWR)
    fcntl.flock(fd, fcntl.LOCK_EX)
    done: list[dict[str, int]] = []
    worker = threading.Thread(target=lambda: done.append(removing.remove_meter(A)))
    worker.start()
    try:
        assert waited.wait(10)
        assert not done  # it does not write while the other writer holds the lock
    finally:
        os.close(fd)
    worker.join(10)
    assert done == [{"curve": 2, "daily": 1, "peaks": 1, "registers": 1, "periods": 1}]
    assert Store(tmp_path).meters() == [B]
