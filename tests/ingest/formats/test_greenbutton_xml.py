"""Green Button (ESPI) XML."""

import datetime as dt

import pytest

from ingest import read_export
from tests.conftest import DATA

FILES = DATA / "other_formats"
UTC = dt.UTC


def test_greenbutton_scaled_production_in_utc():
    export = read_export(FILES / "greenbutton_production_scaled.xml")
    assert export.format == "greenbutton-xml"
    assert export.meter == "greenbutton-7"
    assert export.curve.select("start", "wh", "direction").rows() == [
        (dt.datetime(2024, 1, 1, tzinfo=UTC), pytest.approx(123.4), "production"),
        (dt.datetime(2024, 1, 1, 0, 15, tzinfo=UTC), pytest.approx(2.0), "production"),
    ]
