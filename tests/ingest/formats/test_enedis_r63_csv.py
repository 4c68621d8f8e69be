"""Enedis's R63 CSV (the SGE load-curve file): each quirk on a tiny file, then the real ones."""

import datetime as dt

import pytest

from ingest import ExportError, read_export
from tests.conftest import DATA, real_export_dir
from tests.ingest.local_time import local_rows, per_day

FILES = DATA / "other_formats"
UTC = dt.UTC


def test_r63_autumn_repeated_hour_follows_file_order():
    export = read_export(FILES / "r63_autumn_repeated_hour.csv")
    assert export.format == "enedis-r63-csv"
    assert local_rows(export.curve) == [
        ("27 01:00+0200", "27 01:30+0200", 300.0),
        ("27 01:30+0200", "27 02:00+0200", 320.0),
        ("27 02:00+0200", "27 02:30+0200", 572.0),
        ("27 02:30+0200", "27 02:00+0100", 567.0),  # the second "02:00" is winter time
        ("27 02:00+0100", "27 02:30+0100", 315.0),
        ("27 02:30+0100", "27 03:00+0100", 350.0),
        ("27 03:00+0100", "27 03:30+0100", 250.0),
    ]
    assert any("plausibility flag" in n.message for n in export.notes)


def test_r63_without_header_reads_the_same():
    a = read_export(FILES / "r63_autumn_repeated_hour.csv").curve
    b = read_export(FILES / "r63_no_header.csv").curve
    assert a.equals(b)


def test_r63_spring_day_and_a_step_that_changes():
    export = read_export(FILES / "r63_spring_step_change.csv")
    assert local_rows(export.curve) == [
        ("31 01:00+0100", "31 01:30+0100", 200.0),
        ("31 01:30+0100", "31 03:00+0200", 210.0),  # 30 real minutes across the change
        ("31 03:00+0200", "31 03:30+0200", 215.0),
        ("31 03:30+0200", "31 04:30+0200", 1000.0),  # PT60M
        ("31 04:30+0200", "31 05:00+0200", 400.0),
    ]


def test_r63_bad_step_names_the_line():
    with pytest.raises(ExportError, match=r"bad_r63_step.csv: line 3: expected a step like PT30M"):
        read_export(FILES / "bad_r63_step.csv")


@pytest.mark.real
def test_real_r63_files():
    folder = real_export_dir("enedis_r63_csv")
    full = read_export(folder / "solarcalculet_r63_cdc_lines0001-11500.csv")
    assert full.curve.height == 11499
    days = per_day(full.curve)
    assert days[dt.date(2023, 3, 26)] == 46
    assert days[dt.date(2023, 10, 29)] == 50
    assert sum(1 for n in full.notes if "plausibility" in n.message) == 1
    part = read_export(folder / "solarcalculet_r63_cdc_lines23600-24000_no_header.csv")
    assert part.curve.height == 401
    steps = (part.curve["end"] - part.curve["start"]).dt.total_minutes()
    assert set(steps) == {30, 60}
    assert part.curve.filter(steps == 60)["start"].min() == dt.datetime(2024, 7, 18, 21, tzinfo=UTC)
