"""Data Connect JSON (the gateway's pages): each quirk on a tiny file, then the real ones."""

import datetime as dt
import json
from pathlib import Path

import pytest

from ingest import ExportError, read_export
from tests.conftest import DATA, real_export_dir

FILES = DATA / "other_formats"
UTC = dt.UTC


def test_dataconnect_unwrapped_curve_over_the_autumn_change():
    export = read_export(FILES / "dataconnect_autumn_unwrapped.json")
    assert export.format == "dataconnect-json"
    r63 = read_export(FILES / "r63_autumn_repeated_hour.csv")
    assert export.curve.equals(r63.curve)  # same readings, same canonical rows


def test_dataconnect_list_of_wrapped_daily_and_max_power():
    export = read_export(FILES / "dataconnect_list_wrapped.json")
    assert export.daily.select("day", "wh").rows() == [
        (dt.date(2024, 10, 26), 11776.0),
        (dt.date(2024, 10, 27), 14401.0),
    ]
    assert export.peaks.select("day", "va", "at").rows() == [
        (dt.date(2024, 10, 26), 4638.0, dt.datetime(2024, 10, 26, 10, 6, 20, tzinfo=UTC)),
        (dt.date(2024, 10, 27), 5210.0, dt.datetime(2024, 10, 27, 18, 40, tzinfo=UTC)),
    ]


def test_dataconnect_readings_that_are_not_objects_are_named():
    body = {
        "usage_point_id": "12345678901234",
        "reading_type": {"unit": "W", "aggregate": "average"},
        "interval_reading": [1, 2],
    }
    with pytest.raises(ExportError, match=r"meter_reading.interval_reading: expected a list"):
        read_export(json.dumps({"meter_reading": body}).encode(), name="page.json")


def test_dataconnect_gateway_error_is_a_clear_message():
    with pytest.raises(ExportError, match=r"the gateway answered with an error: .*Start date"):
        read_export(FILES / "bad_dataconnect_error.json")


def test_json_list_of_pages_is_deduplicated(tmp_path: Path):
    page = json.loads((FILES / "dataconnect_autumn_unwrapped.json").read_text())
    both = tmp_path / "pages.json"
    both.write_text(json.dumps([page, page]))
    export = read_export(both)
    assert export.curve.height == 7
    assert any("repeated" in n.message for n in export.notes)


@pytest.mark.real
def test_real_dataconnect_files():
    folder = real_export_dir("dataconnect_json")
    boris = read_export(folder / "consoboris_linky_recorded_responses_EXTRACTED.json")
    directions = dict(boris.curve.group_by("direction").len().rows())
    assert directions == {"consumption": 48, "production": 48}
    assert boris.daily.height == 6
    assert boris.peaks.height == 3
    assert boris.curve["start"].min() == dt.datetime(2023, 3, 31, 22, tzinfo=UTC)  # 00:30 end
    med = read_export(folder / "myelectricaldatapy_detail_load_curve.json")
    assert med.curve.height == 144
    daily = read_export(folder / "myelectricaldatapy_daily_consumption.json")
    assert daily.daily.height == 365
