"""The generic two-column CSV (a time or a day, and a value whose unit the header names)."""

import datetime as dt

import pytest

from ingest import ExportError, read_export
from tests.conftest import DATA
from tests.ingest.local_time import per_day

FILES = DATA / "other_formats"
UTC = dt.UTC


def test_generic_csv_offsets_unit_daily_and_spring():
    offsets = read_export(FILES / "generic_offsets_w.csv")
    assert offsets.curve["wh"].to_list() == [250.0, 300.0, 350.0]
    assert offsets.curve["start"][2] == dt.datetime(2024, 3, 31, 1, 0, tzinfo=UTC)
    with pytest.raises(ExportError, match=r"name the unit in its header or give it \(--unit, or"):
        read_export(FILES / "generic_no_unit.csv")
    given = read_export(FILES / "generic_no_unit.csv", unit="kW")
    assert given.curve["wh"].to_list() == [750.0, 1000.0]
    daily = read_export(FILES / "generic_daily_kwh.csv")
    assert daily.daily.select("day", "wh").rows() == [
        (dt.date(2024, 3, 30), 12500.0),
        (dt.date(2024, 3, 31), 13250.0),
    ]
    spring = read_export(FILES / "generic_naive_spring_kw.csv")
    skipped = [str(n) for n in spring.notes if n.kind == "skipped"]
    assert skipped == [
        "line 3: 31/03/2024 02:00 does not exist (the spring clock change)",
        "line 4: 31/03/2024 02:30 does not exist (the spring clock change)",
    ]
    assert per_day(spring.curve) == {dt.date(2024, 3, 31): 3}
    with pytest.raises(ExportError, match="unknown time zone 'Mars/Olympus'"):
        read_export(FILES / "generic_no_unit.csv", unit="kW", time_zone="Mars/Olympus")


def test_generic_csv_out_of_order_repeated_and_empty_rows():
    text = (
        "time;power (W)\n"
        "2024-01-01T00:30:00+01:00;300\n"
        "2024-01-01T00:00:00+01:00;200\n"
        "2024-01-01T00:30:00+01:00;999\n"
        "2024-01-01T01:00:00+01:00;\n"
        "2024-01-01T01:30:00+01:00;400\n"
    )
    export = read_export(text.encode(), name="mixed.csv")
    assert export.curve.select("start", "wh").rows() == [
        (dt.datetime(2023, 12, 31, 23, 0, tzinfo=UTC), 100.0),
        (dt.datetime(2023, 12, 31, 23, 30, tzinfo=UTC), 150.0),  # the first of the two kept
        (dt.datetime(2024, 1, 1, 0, 30, tzinfo=UTC), 200.0),
    ]
    notes = [str(n) for n in export.notes]
    assert "line 5: no value" in notes
    assert "1 repeated intervals were given again; the first kept" in notes


def test_generic_csv_daily_repeated_day_empty_value_and_spaced_header():
    text = "jour ;consommation (kWh) \n30/03/2024;12,5\n30/03/2024;99\n31/03/2024;\n01/04/2024;3\n"
    export = read_export(text.encode(), name="days.csv")
    assert export.daily.select("day", "wh").rows() == [
        (dt.date(2024, 3, 30), 12500.0),  # the first of the two kept
        (dt.date(2024, 4, 1), 3000.0),
    ]
    notes = [str(n) for n in export.notes]
    assert "line 4: no value" in notes
    assert "1 repeated days were given again; the first kept" in notes


def test_a_missing_row_in_a_start_stamped_generic_csv_is_left_missing():
    # 11:30 is missing: 11:00's half-hour is 500 Wh, not an hour of 1000 Wh covering the gap
    export = read_export(FILES / "generic_start_missing_row_w.csv")
    steps = (export.curve["end"] - export.curve["start"]).dt.total_minutes().to_list()
    assert steps == [30] * 6
    assert export.curve["wh"].to_list() == [500.0] * 6
