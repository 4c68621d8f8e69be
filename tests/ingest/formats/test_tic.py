"""TIC captures: each quirk on a capture built here byte by byte, then the real ones."""

import datetime as dt

import polars as pl
import pytest

from ingest import ExportError, digest, read_export, stream
from ingest.formats.tic import chunks, runs
from sample_loadcurves.tic_captures import tic_frame, tic_group, tic_historic_bulk
from tests.conftest import real_export_dir

UTC = dt.UTC
START = dt.datetime(2024, 1, 8, 12, tzinfo=UTC)


def historic(hchc: int, hchp: int = 5_000_000, papp: int = 460, ptec: str = "HP..") -> bytes:
    return tic_frame(
        [
            tic_group("ADCO", "000123456789"),
            tic_group("OPTARIF", "HC.."),
            tic_group("HCHC", f"{hchc:09d}"),
            tic_group("HCHP", f"{hchp:09d}"),
            tic_group("PTEC", ptec),
            tic_group("PAPP", f"{papp:05d}"),
        ]
    )


def standard(date: str, east: int, sinsts: int = 800, ltarf: str = " HEURE  PLEINE  ") -> bytes:
    return tic_frame(
        [
            tic_group("ADSC", "031764953443", standard=True),
            tic_group("DATE", "", horodate=date, standard=True),
            tic_group("EAST", f"{east:09d}", standard=True),
            tic_group("LTARF", ltarf, standard=True),
            tic_group("SINSTS", f"{sinsts:05d}", standard=True),
            tic_group("PRM", "12345678901234", standard=True),
        ]
    )


def small_chunks(monkeypatch: pytest.MonkeyPatch, size: int) -> None:
    """Stream files ``size`` bytes at a time (read from disk and scanned)."""
    monkeypatch.setattr(stream, "CHUNK", size)
    monkeypatch.setattr(chunks, "CHUNK", size)


def test_a_checksum_that_is_a_space_is_kept():
    group = tic_group("PTEC", "HP..")
    assert group == b"\nPTEC HP..  \r"  # label SP data SP checksum ' '
    export = read_export(historic(1000) * 3, start=START)
    assert "18 valid groups" in str(export.notes[0])


def test_corrupted_group_mid_frame_is_counted_and_the_frame_still_used():
    frames = [historic(1000 + i) for i in range(4)]
    bad = frames[1].replace(b"\nHCHP 005000000", b"\nHCHP 0050\x0200000")
    export = read_export(b"".join([frames[0], bad, *frames[2:]]), start=START)
    notes = [str(n) for n in export.notes]
    assert any("2 corrupted groups" in n for n in notes)  # split in two by the stray STX
    assert export.registers.filter(pl.col("register") == "HCHC").height == 1  # one minute


def test_partial_first_and_last_frames_are_not_used():
    whole = b"".join(historic(1000 + i) for i in range(5))
    cut = whole[20:-15]  # starts inside the first frame, ends inside the last
    export = read_export(cut, start=START)
    notes = [str(n) for n in export.notes]
    assert "10 groups of partial first or last frames" in notes
    hchc = export.registers.filter(pl.col("register") == "HCHC")
    assert hchc["wh"].to_list() == [1001.0]  # the first complete frame, not the cut one


def test_thirty_minute_energy_equals_the_register_difference_exactly():
    capture = tic_historic_bulk(6000, hchc_wh=123_456_789, seed=5)
    export = read_export(capture, start=START)
    hchc = export.registers.filter(pl.col("register") == "HCHC").sort("at")
    slots = (
        hchc.with_columns(slot=pl.col("at").dt.truncate("30m"))
        .group_by("slot")
        .agg(pl.col("wh").first())
    )
    first = dict(slots.rows())
    curve = export.curve.filter(pl.col("direction") == "consumption")
    assert curve.height >= 3
    for start, wh in curve.select("start", "wh").iter_rows():
        assert wh == first[start + dt.timedelta(minutes=30)] - first[start]
    # and no register reading is more frequent than one a minute
    assert hchc.select(pl.col("at").dt.truncate("1m").is_duplicated().any()).item() is False


def test_register_wrap_is_carried_and_a_reset_left_out():
    seconds = 30 * 60 / 1.42
    n = int(seconds) + 5
    frames = [historic(999_999_990 if i < n else 5) for i in range(n * 2 + 10)]
    export = read_export(b"".join(frames), start=START)
    assert 15 in export.curve["wh"].to_list()  # 999 999 990 → 1 000 000 005
    frames = [historic(500_000 if i < n else 100) for i in range(n * 2 + 10)]
    reset = read_export(b"".join(frames), start=START)
    assert any("went back" in str(x) for x in reset.notes)
    assert all(w >= 0 for w in reset.curve["wh"].to_list())


def test_tempo_and_three_phase_labels():
    frame = tic_frame(
        [
            tic_group("ADCO", "000123456789"),
            tic_group("OPTARIF", "BBR("),
            tic_group("BBRHCJB", "000001000"),
            tic_group("BBRHPJB", "000002000"),
            tic_group("BBRHCJW", "000000000"),
            tic_group("BBRHPJW", "000000000"),
            tic_group("BBRHCJR", "000000000"),
            tic_group("BBRHPJR", "000000000"),
            tic_group("PTEC", "HPJB"),
            tic_group("DEMAIN", "----"),
            tic_group("IINST1", "001"),
            tic_group("IINST2", "002"),
            tic_group("IINST3", "003"),
            tic_group("PMAX", "06000"),
            tic_group("PAPP", "01000"),
        ]
    )
    export = read_export(frame * 4, start=START)
    assert set(export.registers["register"]) == {
        "BBRHCJB",
        "BBRHPJB",
        "BBRHCJW",
        "BBRHPJW",
        "BBRHCJR",
        "BBRHPJR",
    }
    assert "60 valid groups" in str(export.notes[0])
    assert export.periods is not None
    assert export.periods["period"].to_list() == ["HPJB"]
    assert export.metadata["tariff option"] == "BBR("


def test_standard_capture_across_the_autumn_clock_change():
    frames = [
        standard("E241027025959", 1_000_000),
        standard("H241027020000", 1_000_010),  # one second later: the clock went back
        standard("H241027020001", 1_000_020),
    ]
    export = read_export(b"".join(frames))
    assert export.meter == "12345678901234"
    times = export.registers.sort("at")["at"].to_list()
    assert times[0] == dt.datetime(2024, 10, 27, 0, 59, 59, tzinfo=UTC)
    assert times[-1] == dt.datetime(2024, 10, 27, 1, 0, tzinfo=UTC)  # first of its minute
    assert "the meter's DATE field" in str(export.notes[1])


def test_line_log_with_receive_times():
    lines = []
    for i, g in enumerate(
        [
            tic_group("ADCO", "000123456789"),
            tic_group("HCHC", "000001000"),
            tic_group("PAPP", "00500"),
        ]
    ):
        stamp = f"2024-01-08T13:00:0{i}+01:00 ".encode()
        lines.append(stamp + g[1:-1] + b"\r\n")
    export = read_export(b"".join(lines) * 2)
    assert export.registers["at"][0] == dt.datetime(2024, 1, 8, 12, 0, 1, tzinfo=UTC)
    assert "receive times" in str(export.notes[1])


def test_historic_capture_without_times_asks_for_a_start():
    with pytest.raises(ExportError, match="give its start time"):
        read_export(historic(1000) * 6, name="dump.txt")


def test_a_file_streams_in_chunks_with_the_same_result(tmp_path, monkeypatch):
    capture = tic_historic_bulk(4000, seed=2)
    path = tmp_path / "capture.raw"
    path.write_bytes(capture)
    whole = read_export(capture, start=START)
    small_chunks(monkeypatch, 10_000)  # hundreds of chunks, frames cut across them
    streamed = read_export(path, start=START)
    assert streamed.registers.equals(whole.registers)
    assert streamed.curve.equals(whole.curve)


@pytest.mark.real
def test_real_historic_capture():
    path = real_export_dir("tic_historic") / "teleinfomqtt_historic_dump.txt"
    export = read_export(path, start=START)
    notes = [str(n) for n in export.notes]
    assert notes[0] == "historic mode: 913 valid groups in 83 frames"
    assert not any("corrupted" in n for n in notes)
    assert export.meter == "000123456789"
    assert set(export.registers["register"]) == {"HCHC", "HCHP"}
    assert export.peaks["va"].to_list() == [500.0]


@pytest.mark.real
def test_real_standard_capture():
    path = real_export_dir("tic_standard") / "teleinfo2mqtt_standard_frames.log"
    export = read_export(path)
    notes = [str(n) for n in export.notes]
    assert notes[0] == "standard mode: 430 valid groups in 10 frames"
    assert "9 corrupted groups (checksum or framing)" in notes
    assert export.meter == "14405933300802"
    assert export.peaks.select("va", "at").rows() == [
        (9835.0, dt.datetime(2025, 3, 7, 5, 7, 8, tzinfo=UTC))  # SMAXSN H250307060708
    ]
    assert "EAIT" in set(export.registers["register"])


def test_cli_takes_a_start_time_for_a_historic_capture(tmp_path):
    import subprocess
    import sys

    from tests.conftest import ROOT

    capture = tmp_path / "dump.txt"
    capture.write_bytes(b"".join(historic(1000 + i) for i in range(5)))
    store = str(tmp_path / "store")
    cli = [sys.executable, "-m", "ingest", "--store", store, str(capture)]
    refused = subprocess.run(cli, capture_output=True, text=True, cwd=ROOT, check=False)
    assert refused.returncode == 1
    assert "give its start time" in refused.stderr
    assert "Traceback" not in refused.stderr
    cli.insert(-1, "--start=2024-01-08T12:00:00")
    done = subprocess.run(cli, capture_output=True, text=True, cwd=ROOT, check=False)
    assert done.returncode == 0, done.stderr
    assert "tic-capture" in done.stdout


def _minute_log(days: int, hc: tuple[int, int] = (22, 6)) -> bytes:
    """A receive-time log, one frame a minute, PTEC HC.. between ``hc`` hours (Paris)."""
    lines = []
    first = dt.datetime(2024, 1, 8, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    hchc = hchp = 1_000_000
    for m in range(days * 1440):
        at = first + dt.timedelta(minutes=m)
        a, b = hc
        off = (at.hour >= a or at.hour < b) if a > b else a <= at.hour < b
        hchc, hchp = hchc + (5 if off else 0), hchp + (0 if off else 5)
        groups = (
            tic_group("HCHC", f"{hchc:09d}"),
            tic_group("HCHP", f"{hchp:09d}"),
            tic_group("PTEC", "HC.." if off else "HP.."),
            tic_group("PAPP", "00600"),
        )
        lines.extend(at.isoformat().encode() + b" " + g[1:-1] + b"\r\n" for g in groups)
    return b"".join(lines)


def test_the_meters_own_off_peak_hours_are_learned(tmp_path):
    from analysis.tariffs import off_peak_from_periods

    export = read_export(_minute_log(2))
    assert export.periods is not None
    assert off_peak_from_periods(export.periods) == "22:00-06:00"
    assert off_peak_from_periods(read_export(_minute_log(1, hc=(1, 7))).periods) == "01:00-07:00"
    # 30-min energy from the registers: 5 Wh a minute, so 150 Wh a half-hour
    assert set(export.curve["wh"].to_list()) == {150.0}


def test_analysis_uses_the_learned_hours(tmp_path):
    import json
    import subprocess
    import sys

    from tests.conftest import ROOT

    capture = tmp_path / "capture.log"
    capture.write_bytes(_minute_log(2, hc=(1, 7)))
    done = subprocess.run(
        [sys.executable, "-m", "analysis", str(capture), "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "off-peak hours learned from the meter: 01:00-07:00" in done.stderr
    assert json.loads(done.stdout)["settings"]["off_peak"] == "01:00-07:00"


def test_the_meters_daily_maximum_is_kept_once_per_day():
    def frame(date: str, smaxsn: str, at: str) -> bytes:
        return tic_frame(
            [
                tic_group("ADSC", "031764953443", standard=True),
                tic_group("DATE", "", horodate=date, standard=True),
                tic_group("EAST", "000001000", standard=True),
                tic_group("SMAXSN", smaxsn, horodate=at, standard=True),
            ]
        )

    frames = [frame(f"H2401082359{s:02d}", "05000", "H240108180000") for s in range(0, 60, 2)]
    frames += [frame(f"H2401090000{s:02d}", "00400", "H240109000002") for s in range(2, 60, 2)]
    frames += [frame(f"H2401090001{s:02d}", "03000", "H240109000100") for s in range(0, 60, 2)]
    export = read_export(b"".join(frames))
    assert export.peaks.select("day", "va", "at").rows() == [
        (dt.date(2024, 1, 8), 5000.0, dt.datetime(2024, 1, 8, 17, tzinfo=UTC)),
        (dt.date(2024, 1, 9), 3000.0, dt.datetime(2024, 1, 8, 23, 1, tzinfo=UTC)),
    ]


def test_a_capture_streamed_from_its_path_carries_its_digest_and_size(tmp_path, monkeypatch):
    capture = b"".join(historic(1000 + i) for i in range(50))
    path = tmp_path / "dump.txt"
    path.write_bytes(capture)
    small_chunks(monkeypatch, 1000)
    export = read_export(path, start=START)  # as the dashboard reads an upload
    assert export.file_digest == digest.of_bytes(capture)
    assert export.file_size == len(capture)


def test_a_line_log_streams_in_chunks_with_the_same_result(tmp_path, monkeypatch):
    lines = []
    for second in range(3 * 3600):
        stamp = (START + dt.timedelta(seconds=second)).isoformat().encode() + b" "
        group = tic_group("HCHC", f"{1_000_000 + second:09d}") if second % 2 else None
        group = group or tic_group("PAPP", f"{second % 9000:05d}")
        lines.append(stamp + group[1:-1] + b"\r\n")
    log = b"".join(lines)
    path = tmp_path / "teleinfo.log"
    path.write_bytes(log)
    whole = read_export(log)
    small_chunks(monkeypatch, 20_000)  # a log has no frame end: cut between lines
    sizes = []
    fast = runs.scan

    def counting(buf, *args, **kwargs):  # type: ignore[no-untyped-def]
        sizes.append(buf.size)
        return fast(buf, *args, **kwargs)

    monkeypatch.setattr(runs, "scan", counting)
    streamed = read_export(path)
    assert len(sizes) >= len(log) // 20_000  # scanned piece by piece, never whole
    assert max(sizes) <= 20_000 + 100
    assert streamed.registers.equals(whole.registers)
    assert streamed.curve.equals(whole.curve)
    assert streamed.notes == whole.notes
    assert whole.registers.height == 3 * 60  # one HCHC reading a minute


def test_a_tied_peak_is_dated_by_its_first_time_and_a_tied_half_hour_by_its_first_period():
    from ingest.formats.tic.minutes import Minutes
    from ingest.formats.tic.tables import daily_peaks, tariff_periods

    at = [dt.datetime(2024, 1, 8, 10, m, tzinfo=UTC) for m in (0, 10, 20, 25)]
    for order in ([0, 1, 2, 3], [3, 2, 1, 0], [2, 0, 3, 1]):
        power = pl.DataFrame(
            {
                "at": [at[i] for i in order],
                "value": [[500.0, 700.0, 700.0, 300.0][i] for i in order],
            }
        )
        peaks = daily_peaks(Minutes(power=[power]), "m")
        assert peaks.select("va", "at").rows() == [(700.0, at[1])]
        periods = pl.DataFrame(
            {
                "minute": [at[i] for i in order],
                "period": [["HP", "HC", "HC", "HP"][i] for i in order],
            }
        )
        assert tariff_periods(Minutes(periods=[periods]))["period"].to_list() == ["HP"]
