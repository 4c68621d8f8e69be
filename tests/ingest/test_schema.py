import datetime as dt

import polars as pl
import pytest

from ingest.schema import SCHEMAS, SchemaError, empty, increasing, validate

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


def _pieces(*parts: list[int]) -> pl.Series:
    """One series of the ``parts``, each a chunk of its own (as a reader's pieces concat)."""
    series = pl.concat([pl.Series("v", p, dtype=pl.Int64) for p in parts], rechunk=False)
    assert series.n_chunks() == len([p for p in parts if p]) or not any(parts)
    return series


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        (([1, 2, 3], [4, 5]), True),
        (([1, 2, 3], [3, 5]), False),  # equal across a chunk boundary
        (([1, 2, 3], [2, 5]), False),  # lower across a chunk boundary
        (([1, 2, 2], [4, 5]), False),  # equal inside a chunk
        (([1, 2, 3], [], [4]), True),  # an empty chunk between two
        (([1, 2, 3], [], [3]), False),  # the boundary judged across the empty chunk
        (([7],), True),
        (([],), True),
    ],
)
def test_increasing_is_judged_inside_chunks_and_across_their_boundaries(parts, expected):
    assert increasing(_pieces(*parts)) is expected
    assert increasing(_pieces(*parts).rechunk()) is expected


@pytest.mark.parametrize("at", [1, 2, 3, 4, 5, 8])
def test_increasing_finds_a_fall_at_any_place_of_its_pieces(at):
    values = list(range(10))
    values[at] = values[at - 1]  # a repeat at ``at``: on, inside or after a piece's edge
    series = pl.Series(values)
    assert increasing(series, piece=3) is False
    assert increasing(pl.Series(list(range(10))), piece=3) is True


def test_increasing_is_false_with_a_null_and_judges_instants_and_dates():
    assert increasing(pl.Series([1, None, 3])) is False
    late, early = (
        dt.datetime(2026, 3, 29, 1, 30, tzinfo=dt.UTC),
        dt.datetime(2026, 3, 29, 1, tzinfo=dt.UTC),
    )
    instants = pl.Series([late, early])
    assert increasing(instants) is False
    assert increasing(instants.reverse()) is True
    assert increasing(pl.Series([dt.date(2026, 1, 1), dt.date(2026, 1, 2)])) is True
