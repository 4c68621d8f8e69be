"""The fast path of the TIC scan (runs of alike frames) gives the general scan's result.

Each capture is scanned twice, by :func:`ingest.formats.tic.scan.scan` alone and by
:func:`ingest.formats.tic.runs.scan`, and every count and per-minute table must be the same —
on clean runs, on runs damaged byte by byte at random, on changing texts, horodates and
non-digit values, and on the real captures.
"""

import datetime as dt

import numpy as np
import polars as pl
import pytest

from ingest import read_export
from ingest.formats.tic import chunks, runs, scan
from ingest.formats.tic.minutes import Minutes
from ingest.formats.tic.scan import Counts
from sample_loadcurves.tic_captures import (
    tic_frame,
    tic_group,
    tic_historic_bulk,
    tic_standard_bulk,
)
from tests.conftest import real_export_dir

START = dt.datetime(2024, 1, 8, 12, tzinfo=dt.UTC)


def both(capture: bytes, *, chunk: int = 1 << 20, start: dt.datetime | None = START):
    """The capture read by each scanner, in chunks of ``chunk`` bytes."""

    def run(scanner: chunks.Scanner) -> tuple[Minutes, Counts]:
        pieces = (capture[i : i + chunk] for i in range(0, len(capture), chunk))
        return chunks.scan_chunks(pieces, start=start, scanner=scanner)

    return run(scan.scan), run(runs.scan)


def assert_same(capture: bytes, **options: object) -> Counts:
    (general, counted), (fast, fast_counted) = both(capture, **options)  # type: ignore[arg-type]
    assert fast_counted == counted
    for name in ("registers", "power", "maximum", "periods"):
        a, b = getattr(general, name), getattr(fast, name)
        if not a:
            assert not b, name
            continue
        x, y = pl.concat(a), pl.concat(b)
        # Chunks may share a minute: compare what the reader keeps, per minute.
        keys = [c for c in ("key", "label", "minute") if c in x.columns] or ["at"]
        x, y = _per_minute(x, keys), _per_minute(y, keys)
        assert x.equals(y), name
    for name in ("meters", "addresses", "options", "timing"):
        assert getattr(fast, name) == getattr(general, name), name
    return counted


def _per_minute(frame: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    columns = [c for c in frame.columns if c not in keys]
    return frame.sort([*keys, *columns]).group_by(keys, maintain_order=True).first()


def general_bytes(capture: bytes, monkeypatch: pytest.MonkeyPatch) -> int:
    """How many bytes the fast scanner handed to the general scan."""
    seen = []
    general = scan.scan

    def counting(buf, *args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(buf.size)
        return general(buf, *args, **kwargs)

    monkeypatch.setattr(scan, "scan", counting)
    pieces = (capture[i : i + (1 << 20)] for i in range(0, len(capture), 1 << 20))
    chunks.scan_chunks(pieces, start=START, scanner=runs.scan)
    return sum(seen)


def test_a_clean_capture_is_read_almost_entirely_by_the_fast_path(monkeypatch):
    capture = tic_historic_bulk(3000, seed=1)
    counts = assert_same(capture)
    assert counts.valid == counts.groups == 3000 * 11
    # The first frame, one template per run, nothing else.
    assert general_bytes(capture, monkeypatch) < 0.01 * len(capture)


@pytest.mark.parametrize("seed", range(24))
def test_random_damage_reads_the_same(seed):
    rng = np.random.default_rng(seed)
    data = bytearray(tic_historic_bulk(400, seed=seed))
    bytes_ = [0x02, 0x03, 0x0A, 0x0D, 0x09, 0x20, ord("0"), ord("7"), ord("A"), ord("H")]
    for _ in range(int(rng.integers(1, 12))):
        at = int(rng.integers(0, len(data)))
        kind = int(rng.integers(0, 3))
        if kind == 0:
            data[at] = int(rng.choice(bytes_))
        elif kind == 1:
            del data[at]
        else:
            data.insert(at, int(rng.choice(bytes_)))
    counts = assert_same(bytes(data), chunk=int(rng.integers(5_000, 70_000)))
    assert counts.corrupt > 0 or counts.partial > 0 or counts.valid == counts.groups


def historic(
    i: int, *, ptec: str = "HC..", papp: str | None = None, state: str = "000000"
) -> bytes:
    return tic_frame(
        [
            tic_group("ADCO", "000123456789"),
            tic_group("OPTARIF", "HC.."),
            tic_group("HCHC", f"{10_000_000 + i * 3:09d}"),
            tic_group("HCHP", f"{20_000_000 + i // 7:09d}"),
            tic_group("PTEC", ptec),
            tic_group("PAPP", papp or f"{(i * 37) % 9000:05d}"),
            tic_group("MOTDETAT", state),
        ]
    )


def test_changing_texts_and_a_number_that_is_not_one():
    frames = [historic(i, ptec="HC.." if i % 50 < 30 else "HP..") for i in range(200)]
    frames[77] = historic(77, papp="9A999")  # valid checksum, not a number
    frames[78] = historic(78, papp="9 999")
    frames[90] = historic(90, papp="9\n999")  # a line feed inside: two broken groups
    frames[91] = historic(91, state="00\n000")
    frames[120] = frames[120].replace(b"HCHC", b"HCHX")  # a label changed, checksum wrong
    assert_same(b"".join(frames))


def test_runs_of_different_lengths_and_leading_partial_frame():
    frames = [historic(i) for i in range(100)]
    tempo = [
        tic_frame(
            [
                tic_group("ADCO", "000123456789"),
                tic_group("BBRHCJB", f"{1_000_000 + i:09d}"),
                tic_group("BBRHPJB", f"{2_000_000 + i // 3:09d}"),
                tic_group("PTEC", "HPJB"),
                tic_group("PAPP", f"{(i * 91) % 9000:05d}"),
            ]
        )
        for i in range(100)
    ]
    capture = b"".join(frames[:50] + tempo + frames[50:])
    assert_same(capture[33:-20])


def standard(second: int) -> bytes:
    """A standard-mode frame ``second`` seconds after 2024-10-27 01:30 local (summer)."""
    local = dt.datetime(2024, 10, 26, 23, 30, tzinfo=dt.UTC) + dt.timedelta(seconds=second)
    paris = local.astimezone(dt.timezone(dt.timedelta(hours=2 if second < 5400 else 1)))
    season = "E" if second < 5400 else "H"
    date = season + paris.strftime("%y%m%d%H%M%S")
    ltarf = " HEURE  CREUSE  " if second % 3000 < 1500 else " HEURE  PLEINE  "
    return tic_frame(
        [
            tic_group("ADSC", "031764953443", standard=True),
            tic_group("DATE", "", horodate=date, standard=True),
            tic_group("EAST", f"{1_000_000 + second // 2:09d}", standard=True),
            tic_group("EAIT", f"{5_000 + second // 9:09d}", standard=True),
            tic_group("LTARF", ltarf, standard=True),
            tic_group("SINSTS", f"{(second * 13) % 9000:05d}", standard=True),
            tic_group("SMAXSN", f"{second % 97:05d}", horodate=date, standard=True),
            tic_group("PRM", "12345678901234", standard=True),
        ]
    )


def test_standard_capture_across_the_autumn_change():
    capture = b"".join(standard(s) for s in range(0, 3 * 3600, 2))
    counts = assert_same(capture, chunk=200_000, start=None)
    assert counts.modes["standard"] == counts.valid


def test_generated_standard_capture_across_the_autumn_change():
    first = dt.datetime(2024, 10, 26, 23, 0, 7, tzinfo=dt.UTC)  # 01:00:07 summer time
    capture = tic_standard_bulk(4 * 3600, first=first, east_wh=999_999_000)
    assert b"DATE\tE241027025959" in capture
    assert b"DATE\tH241027020000" in capture
    assert_same(capture, chunk=300_000, start=None)
    export = read_export(capture)
    east = export.registers.filter(pl.col("register") == "EAST").sort("at")
    assert east["at"][0] == first
    assert east["at"][-1] == dt.datetime(2024, 10, 27, 3, tzinfo=dt.UTC)  # 4 h - 1 s later
    assert east.height == 4 * 60 + 1  # one a minute, none lost or doubled across the change
    curve = export.curve.filter(pl.col("direction") == "consumption").sort("start")
    slots = (
        east.with_columns(slot=pl.col("at").dt.truncate("30m"))
        .group_by("slot")
        .agg(pl.col("wh").first())
    )
    steps = slots.sort("slot")["wh"].diff().drop_nulls() % 1_000_000_000  # EAST wraps
    assert curve["wh"].to_list() == steps.to_list()  # register differences, exactly


def test_a_line_log_with_receive_times_stays_on_the_general_path():
    lines = []
    for i in range(300):
        stamp = f"2024-01-08T13:{i // 60:02d}:{i % 60:02d}+01:00 ".encode()
        group = tic_group("PAPP", f"{i:05d}")
        lines.append(stamp + group[1:-1] + b"\r\n")
    assert_same(b"".join(lines), start=None)


@pytest.mark.real
@pytest.mark.parametrize(
    ("folder", "name"),
    [
        ("tic_historic", "teleinfomqtt_historic_dump.txt"),
        ("tic_standard", "teleinfo2mqtt_standard_frames.log"),
    ],
)
def test_real_captures(folder, name):
    assert_same((real_export_dir(folder) / name).read_bytes(), start=START)
