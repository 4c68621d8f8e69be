import datetime as dt

import polars as pl
import pytest

from ingest.schema import SCHEMAS, SchemaError, empty, validate

UTC = dt.UTC


def curve(**overrides):
    data = {
        "meter": ["m"],
        "start": [dt.datetime(2024, 1, 1, tzinfo=UTC)],
        "end": [dt.datetime(2024, 1, 1, 0, 30, tzinfo=UTC)],
        "wh": [1.0],
        "direction": ["consumption"],
    }
    data.update(overrides)
    return pl.DataFrame(data, schema=SCHEMAS["curve"])


def test_schemas_name_the_architecture_columns():
    assert list(SCHEMAS["curve"]) == ["meter", "start", "end", "wh", "direction"]
    assert list(SCHEMAS["daily"]) == ["meter", "day", "wh", "direction"]
    assert list(SCHEMAS["peaks"]) == ["meter", "day", "va", "at"]
    assert list(SCHEMAS["registers"]) == ["meter", "at", "register", "wh"]
    assert SCHEMAS["curve"]["start"] == pl.Datetime("us", "UTC")
    assert SCHEMAS["curve"]["direction"] == pl.Enum(["consumption", "production"])


def test_validate_accepts_a_good_frame_and_empty_tables():
    validate(curve(), "curve")
    for table in SCHEMAS:
        validate(empty(table), table)  # type: ignore[arg-type]


def test_validate_rejects_wrong_dtype():
    with pytest.raises(SchemaError, match="expected columns"):
        validate(curve().with_columns(pl.col("wh").cast(pl.Int64)), "curve")


def test_validate_rejects_nulls():
    with pytest.raises(SchemaError, match="null"):
        validate(curve(wh=[None]), "curve")


def test_validate_rejects_duplicate_keys():
    with pytest.raises(SchemaError, match="duplicate"):
        validate(pl.concat([curve(), curve()]), "curve")


def test_validate_rejects_interval_ending_before_start():
    with pytest.raises(SchemaError, match="end after"):
        validate(curve(end=[dt.datetime(2023, 12, 31, tzinfo=UTC)]), "curve")


def test_validate_accepts_unique_rows_out_of_order_and_several_meters():
    late = curve(
        start=[dt.datetime(2024, 1, 1, 1, tzinfo=UTC)],
        end=[dt.datetime(2024, 1, 1, 1, 30, tzinfo=UTC)],
    )
    validate(pl.concat([late, curve()]), "curve")  # unsorted but no key twice
    validate(pl.concat([curve(meter=["b"]), curve(meter=["a"]), late]), "curve")
    with pytest.raises(SchemaError, match="duplicate"):
        validate(pl.concat([curve(meter=["b"]), curve(), late, curve(meter=["b"])]), "curve")


def test_validate_rejects_negative_apparent_power():
    peaks = pl.DataFrame(
        {
            "meter": ["m"],
            "day": [dt.date(2024, 1, 1)],
            "va": [-1.0],
            "at": [dt.datetime(2024, 1, 1, 18, tzinfo=UTC)],
        },
        schema=SCHEMAS["peaks"],
    )
    with pytest.raises(SchemaError, match="negative apparent power"):
        validate(peaks, "peaks")
    validate(peaks.with_columns(va=pl.lit(9000.0)), "peaks")


def test_times_are_in_the_years_a_table_may_hold_to_the_microsecond():
    from ingest.schema import TIME_YEARS, in_time, out_of_time

    first, last = TIME_YEARS
    utc = dt.UTC
    at = [
        dt.datetime(first - 1, 12, 31, 23, 59, 59, 999999, tzinfo=utc),
        dt.datetime(first, 1, 1, tzinfo=utc),
        dt.datetime(2024, 3, 31, 1, 30, tzinfo=utc),
        dt.datetime(last, 12, 31, 23, 59, 59, 999999, tzinfo=utc),
    ]
    frame = pl.DataFrame({"at": at}, schema={"at": pl.Datetime("us", "UTC")})
    assert frame.select(in_time("registers"))["at"].to_list() == [False, True, True, True]
    days = pl.DataFrame(
        {"day": [dt.date(first - 1, 12, 31), dt.date(first, 1, 1), dt.date(last, 12, 31)]}
    )
    assert days.select(in_time("daily"))["day"].to_list() == [False, True, True]
    # From the extremes, as an import checks it: out as soon as one row is.
    assert frame.select(out_of_time("registers")).item() is True
    assert frame.slice(1).select(out_of_time("registers")).item() is False
    assert days.select(out_of_time("daily")).item() is True
    assert days.slice(1).select(out_of_time("daily")).item() is False
