"""The Enedis portal CSV reader on tiny hand-made files, one quirk each (formats.md §1)."""

import datetime as dt
import io

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from ingest import ExportError, read_export
from ingest.curves import daily_from_curve, gaps
from ingest.schema import SCHEMAS
from tests.conftest import DATA

FILES = DATA / "enedis_portal_csv"
UTC = dt.UTC


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


def expected_curve(rows: list[tuple[dt.datetime, dt.datetime, float]]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "meter": ["12345678901234"] * len(rows),
            "start": [r[0] for r in rows],
            "end": [r[1] for r in rows],
            "wh": [r[2] for r in rows],
            "direction": ["consumption"] * len(rows),
        },
        schema=SCHEMAS["curve"],
    )


THREE_ROWS = expected_curve(
    [
        (utc(2023, 1, 14, 23, 0), utc(2023, 1, 14, 23, 30), 500.0),
        (utc(2023, 1, 14, 23, 30), utc(2023, 1, 15, 0, 0), 1000.0),
        (utc(2023, 1, 15, 0, 0), utc(2023, 1, 15, 0, 30), 250.0),
    ]
)


def test_end_stamps_become_starts_and_watts_become_watt_hours():
    export = read_export(FILES / "curve_lf_no_bom.csv")
    assert export.format == "enedis-portal-csv"
    assert export.meter == "12345678901234"
    assert_frame_equal(export.curve, THREE_ROWS)
    kinds = {n.kind for n in export.notes}
    assert "inferred" in kinds
    assert any("interval ends" in n.message for n in export.notes)


def test_crlf_bom_and_no_final_newline_read_the_same():
    export = read_export(FILES / "curve_crlf_bom_no_final_newline.csv")
    assert_frame_equal(export.curve, THREE_ROWS)


def test_source_may_be_bytes_or_a_binary_file():
    data = (FILES / "curve_lf_no_bom.csv").read_bytes()
    assert_frame_equal(read_export(data).curve, THREE_ROWS)
    assert_frame_equal(read_export(io.BytesIO(data), name="upload.csv").curve, THREE_ROWS)
    assert read_export(data).name == "<bytes>"


def test_spring_dst_day_has_46_half_hours():
    export = read_export(FILES / "curve_dst_spring_46.csv")
    daily = daily_from_curve(export.curve)
    assert daily["day"].to_list() == [dt.date(2023, 3, 26)]
    assert export.curve.height == 46
    assert gaps(export.curve).height == 0
    # 01:30 → 03:00 local is one half-hour: 00:30Z → 01:00Z.
    starts = export.curve["start"].to_list()
    assert utc(2023, 3, 26, 0, 30) in starts
    assert (export.curve["end"] - export.curve["start"]).unique().to_list() == [
        dt.timedelta(minutes=30)
    ]


def test_autumn_dst_day_has_50_half_hours_and_no_duplicate():
    export = read_export(FILES / "curve_dst_autumn_50.csv")
    assert export.curve.height == 50
    assert export.curve["start"].n_unique() == 50
    assert daily_from_curve(export.curve)["day"].to_list() == [dt.date(2022, 10, 30)]
    # 02:00+02:00 and 02:00+01:00 are two different interval ends, an hour apart.
    ends = export.curve["end"].to_list()
    assert utc(2022, 10, 30, 0, 0) in ends
    assert utc(2022, 10, 30, 1, 0) in ends


def test_step_changes_inside_the_file_empty_value_and_missing_rows():
    export = read_export(FILES / "curve_step_change_gaps.csv")
    local = export.curve.select(
        pl.col("end").dt.convert_time_zone("Europe/Paris").dt.strftime("%H:%M"),
        minutes=(pl.col("end") - pl.col("start")).dt.total_minutes(),
        wh="wh",
    )
    assert local.rows() == [
        ("06:30", 30, 300.0),
        ("07:00", 30, 400.0),
        ("07:30", 30, 500.0),
        ("08:00", 30, 600.0),
        ("09:00", 60, 300.0),  # the step changes to 60 min
        ("11:00", 60, 500.0),  # 10:00 had an empty value: no row, not a zero
        ("12:00", 60, 400.0),
        ("12:30", 30, 100.0),  # back to 30 min
        ("13:00", 30, 200.0),
        ("14:00", 30, 300.0),  # one isolated 60-min distance: a missing half-hour
        ("14:30", 30, 400.0),
        ("20:00", 30, 50.0),  # after a 5.5 h hole
        ("20:30", 30, 50.0),
    ]
    skipped = export.skipped()
    assert [(n.line, n.message) for n in skipped] == [(9, "no value (empty field)")]
    assert [n.line for n in export.notes if "step changes" in n.message] == [8, 12]
    holes = gaps(export.curve)
    assert holes["hours"].to_list() == [1.0, 0.5, 5.0]


def test_2020_variant_blank_line_before_columns_and_10_minute_steps():
    export = read_export(FILES / "curve_10min_blank_line.csv")
    assert export.curve["wh"].to_list() == [45.0, 44.0, 45.0, 44.0, 100.0]
    minutes = (export.curve["end"] - export.curve["start"]).dt.total_minutes().unique()
    assert minutes.to_list() == [10]
    assert export.curve["start"][0] == utc(2020, 8, 20, 21, 10)


def test_index_block_registers_calendar_and_daily_energy():
    export = read_export(FILES / "index_calendar_and_peaks.csv")
    regs = export.registers
    assert sorted(regs["register"].unique().to_list()) == [
        "EASD01", "EASF01", "EASF02", "EASF03", "EASF04", "EASF05", "EASF06", "EAST",
    ]  # fmt: skip
    assert regs.height == 3 * 8  # empty registers are missing rows
    east = regs.filter(pl.col("register") == "EAST").sort("at")
    assert east["wh"].to_list() == [3000.0, 4200.0, 6600.0]
    assert east["at"][0] == utc(2024, 1, 9, 23, 0)
    assert export.daily.select("day", "wh").rows() == [
        (dt.date(2024, 1, 10), 1200.0),
        (dt.date(2024, 1, 11), 2400.0),
    ]
    assert export.metadata["register EASF01"] == "Heures Creuses"
    assert export.metadata["register EASF02"] == "Heures Pleines"
    assert any(n.line == 8 and "calendar" in n.message for n in export.notes)


def test_max_power_block_after_the_index_block():
    export = read_export(FILES / "index_calendar_and_peaks.csv")
    assert export.peaks.select("day", "va", "at").rows() == [
        (dt.date(2024, 1, 10), 3695.0, utc(2024, 1, 10, 18, 17, 24)),
        (dt.date(2024, 1, 12), 2345.0, utc(2024, 1, 12, 0, 34, 50)),
    ]
    assert [(n.line, n.message) for n in export.skipped()] == [(13, "no value (empty field)")]


def test_fast_and_slow_paths_agree(monkeypatch: pytest.MonkeyPatch):
    from ingest.formats.enedis_portal_csv import curve

    fast = read_export(FILES / "curve_step_change_gaps.csv")

    def refuse(*args, **kwargs):
        import pyarrow as pa

        raise pa.ArrowInvalid("forced")

    monkeypatch.setattr(curve.pacsv, "read_csv", refuse)
    slow = read_export(FILES / "curve_step_change_gaps.csv")
    assert_frame_equal(fast.curve, slow.curve)
    assert fast.notes == slow.notes


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "bad_value_not_a_number.csv",
            "bad_value_not_a_number.csv: line 5: expected a number, got",
        ),
        ("bad_timestamp.csv", "bad_timestamp.csv: line 5: expected a timestamp like"),
        ("bad_truncated_header.csv", "bad_truncated_header.csv: line 2: file ends inside a header"),
        ("bad_unknown_unit.csv", "bad_unknown_unit.csv: line 2: expected the unit W or kW"),
        ("bad_not_enedis.csv", "bad_not_enedis.csv: line 1: not a format Courbe reads"),
        ("bad_binary.bin", "bad_binary.bin: binary content"),
        ("bad_utf16.csv", "bad_utf16.csv: encoded as UTF-16"),
    ],
)
def test_bad_input_gets_one_line_naming_file_line_and_expectation(name: str, message: str):
    with pytest.raises(ExportError) as info:
        read_export(FILES / name)
    text = str(info.value)
    assert text.startswith(message), text
    assert "\n" not in text


def test_damaged_index_and_peaks_are_read_or_named():
    lines = (FILES / "index_calendar_and_peaks.csv").read_bytes().split(b"\n")
    twice = b"\n".join(lines[:4] + lines[3:])  # the first index line given again
    export = read_export(twice, name="twice.csv")
    assert export.registers.height == 3 * 8
    assert (5, "a second reading at the same time; the first is kept") in [
        (n.line, n.message) for n in export.skipped()
    ]
    negative = b"\n".join([*lines[:11], b"2024-01-10T19:17:24+01:00;-5", *lines[12:]])
    with pytest.raises(ExportError, match=r"negative.csv: line 12: expected a maximum power of 0"):
        read_export(negative, name="negative.csv")


def test_empty_file_is_an_error():
    with pytest.raises(ExportError, match="empty"):
        read_export(b"", name="empty.csv")
