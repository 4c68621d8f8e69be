"""The canonical tables: the one place that names their columns, dtypes and units.

Every reader produces these five tables and nothing else; the store keeps them; analysis
reads them. Instants are UTC; days are local days in Europe/Paris.

``curve``
    meter [str], start [UTC], end [UTC], wh [Wh], direction [consumption|production].
    Energy over each interval of a load curve. ``start`` labels the interval; ``end - start``
    is its step (one of :data:`STEP_MINUTES`) and may change inside one file.
``daily``
    meter [str], day [date, Europe/Paris], wh [Wh], direction. Energy per local day.
``peaks``
    meter [str], day [date, Europe/Paris], va [VA], at [UTC]. Daily maximum apparent power
    and the instant it was reached.
``registers``
    meter [str], at [UTC], register [str], wh [Wh]. Cumulative index readings, named as the
    meter's TIC names them (``EAST``, ``EASF01``…``EASF10``, ``EASD01``…``EASD04``, ``EAIT``,
    or the historic ``BASE``, ``HCHC``, ``HCHP``…).
``periods``
    meter [str], start [UTC], period [str]. The tariff period the meter applied in each
    half-hour, as its TIC said it (``HC..``, ``HPJB``, ``HEURE CREUSE``…): the household's
    real off-peak hours. Only TIC captures have it.

A missing value is a missing row, never a zero.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import numpy.typing as npt
import polars as pl

if TYPE_CHECKING:
    from collections.abc import Iterator

TIME_ZONE = "Europe/Paris"
UNKNOWN_METER = "unknown"
"""The meter of a file that does not name it (a generic CSV, an unnamed gateway page)."""
"""Local time of every day, hour and calendar."""

METER_ID = r"^[^\W_][\w -]{0,63}$"
"""What a meter id may be: a PRM's 14 digits, or a name a person gave (``home A``): letters,
digits, spaces, ``-`` and ``_``, starting with a letter or digit, at most 64 characters.
Nothing a path (``../x``), a shell or a spreadsheet (``=cmd|…``) would read as more."""

Table = Literal["curve", "daily", "peaks", "registers", "periods"]
TABLES: tuple[Table, ...] = ("curve", "daily", "peaks", "registers", "periods")

DIRECTIONS = ("consumption", "production")
Direction = Literal["consumption", "production"]
DIRECTION: pl.DataType = pl.Enum(DIRECTIONS)

STEP_MINUTES = (5, 10, 15, 30, 60)
"""The steps a Linky load curve can have. [min]"""

ISO_STEPS = {"PT5M": 5, "PT10M": 10, "PT15M": 15, "PT30M": 30, "PT60M": 60, "PT1H": 60}
"""The steps as files write them (ISO 8601 durations: R63, Data Connect). [min]"""

Quantity = Literal["power", "energy"]
UNITS: dict[str, tuple[Quantity, float]] = {
    "W": ("power", 1.0),
    "kW": ("power", 1000.0),
    "Wh": ("energy", 1.0),
    "kWh": ("energy", 1000.0),
}
"""The units of a curve's values: what each measures (average power over the step, or
energy per step), and × to W or Wh."""

INSTANT: pl.DataType = pl.Datetime("us", "UTC")
STRING: pl.DataType = pl.String()
FLOAT: pl.DataType = pl.Float64()
DATE: pl.DataType = pl.Date()

SCHEMAS: dict[Table, pl.Schema] = {
    "curve": pl.Schema(
        {
            "meter": STRING,
            "start": INSTANT,
            "end": INSTANT,
            "wh": FLOAT,
            "direction": DIRECTION,
        }
    ),
    "daily": pl.Schema({"meter": STRING, "day": DATE, "wh": FLOAT, "direction": DIRECTION}),
    "peaks": pl.Schema({"meter": STRING, "day": DATE, "va": FLOAT, "at": INSTANT}),
    "registers": pl.Schema({"meter": STRING, "at": INSTANT, "register": STRING, "wh": FLOAT}),
    "periods": pl.Schema({"meter": STRING, "start": INSTANT, "period": STRING}),
}

KEYS: dict[Table, tuple[str, ...]] = {
    "curve": ("meter", "direction", "start"),
    "daily": ("meter", "direction", "day"),
    "peaks": ("meter", "day"),
    "registers": ("meter", "register", "at"),
    "periods": ("meter", "start"),
}
"""Columns that identify one row; the store never holds two rows with the same key."""

SORT: dict[Table, tuple[str, ...]] = KEYS
"""Canonical row order (Polars' streaming engine keeps no order: sort before returning)."""


class SchemaError(ValueError):
    """A frame does not follow the canonical schema."""


def empty(table: Table) -> pl.DataFrame:
    """Return an empty frame of a canonical table (a new one, cheaply: every export has four)."""
    return _empty(table).clear()


@functools.cache
def _empty(table: Table) -> pl.DataFrame:
    return pl.DataFrame(schema=SCHEMAS[table])


def validate(frame: pl.DataFrame, table: Table) -> pl.DataFrame:
    """Check that ``frame`` is a well-formed canonical ``table`` and return it.

    Checks the exact columns and dtypes, no nulls, no duplicate keys, and for ``curve``
    that every interval has a positive step, and for ``peaks`` that ``va`` is not negative.

    Raises
    ------
    SchemaError
        Naming the first rule broken.
    """
    expected = SCHEMAS[table]
    if frame.columns != list(expected) or frame.dtypes != list(expected.values()):
        msg = f"{table}: expected columns {dict(expected)}, got {dict(frame.schema)}"
        raise SchemaError(msg)
    if frame.height == 0:
        return frame
    nulls = [
        name for name, count in zip(frame.columns, frame.null_count().row(0), strict=False) if count
    ]
    if nulls:
        msg = f"{table}: null values in {nulls} (a missing value is a missing row)"
        raise SchemaError(msg)
    # One pass for the common case: the keys strictly increasing, the values in range.
    *leading, last = KEYS[table]
    rules = {
        **{f"__constant_{k}": pl.col(k).min() == pl.col(k).max() for k in leading},
        "__backwards": (pl.col("end") <= pl.col("start")).any()
        if table == "curve"
        else pl.lit(value=False),
        "__negative": (pl.col("va") < 0).any() if table == "peaks" else pl.lit(value=False),
    }
    rules |= _value_rules(table)
    found = frame.select(**rules).row(0, named=True)
    in_order = all(found[f"__constant_{k}"] for k in leading) and increasing(frame[last])
    if not (in_order or strictly_sorted(frame, KEYS[table])) and (
        frame.select(pl.struct(KEYS[table]).is_duplicated().any()).item()
    ):
        msg = f"{table}: duplicate rows for key {KEYS[table]}"
        raise SchemaError(msg)
    if found["__backwards"]:
        msg = "curve: every interval must end after it starts"
        raise SchemaError(msg)
    if found["__negative"]:
        msg = "peaks: negative apparent power"
        raise SchemaError(msg)
    if not found["__meters"]:
        bad = frame.filter(~pl.col("meter").str.contains(METER_ID))["meter"][0]
        msg = f"{table}: meter {bad[:40]!r} is not a meter id (expected {METER_RULE})"
        raise SchemaError(msg)
    for column in VALUES[table]:
        if found[f"__bad_{column}"]:
            unit = "VA" if column == "va" else "Wh"
            msg = f"{table}: {column} not a finite number between 0 and {MAX_WH:g} [{unit}]"
            raise SchemaError(msg)
    return frame


METER_RULE = "14 digits, or letters, digits, spaces, '-' and '_', at most 64"
""":data:`METER_ID` in words, for messages."""

MAX_WH = 1e9
"""The most energy one interval, day or register reading may hold. [Wh]

A household's whole life is below it (a year is about 1e7 Wh; a 9-digit TIC register
stops at 999,999,999 Wh); a larger value is a misread number (a multiplier of 10^300)."""

REGISTER_WRAP = 990_000_000
"""A register reading at least this high may be followed by a lower one: the meter's
9-digit index wraps after 999,999,999 Wh. [Wh] (Any other reading lower than an earlier one
of the same register is damage: a cumulative index only grows.)"""

VALUES: dict[Table, tuple[str, ...]] = {
    "curve": ("wh",),
    "daily": ("wh",),
    "peaks": ("va",),
    "registers": ("wh",),
    "periods": (),
}
"""The value columns that must be finite, not negative and at most :data:`MAX_WH`."""


TIME_YEARS = (2, 9998)
"""The first and last year an instant or day of a table may fall in.

Python's datetime holds years 1 to 9999, and the store, the import log and the report turn
a table's first and last times into Python values; a year's margin keeps a UTC instant's
Paris day inside too. A time beyond is a misread number (a Unix time of 10^20 s), never a
meter's reading."""

TIMES: dict[Table, tuple[str, ...]] = {
    "curve": ("start", "end"),
    "daily": ("day",),
    "peaks": ("day", "at"),
    "registers": ("at",),
    "periods": ("start",),
}
"""The time columns of each table (instants, or days)."""


def in_time(table: Table) -> pl.Expr:
    """Whether each row's times fall in the years :data:`TIME_YEARS` (UTC for instants).

    Compared with the first and last instants of those years, not through each value's
    year: extracting 1.75 million years took 30 ms of a 54 MB import.
    """
    return pl.all_horizontal(pl.col(c).is_between(lo, hi) for c, lo, hi in _time_bounds(table))


@functools.cache
def _time_bounds(table: Table) -> tuple[tuple[str, pl.Expr, pl.Expr], ...]:
    """Each time column of ``table`` with the first and last value :data:`TIME_YEARS` allow.

    Built once: the literals of time-zoned instants took 0.7 ms, more than checking the
    2.6 MB generic CSV of ``bench/readers`` against them.
    """
    first, last = TIME_YEARS
    bounds = []
    for c in TIMES[table]:
        if SCHEMAS[table][c] == pl.Date:
            lo, hi = pl.lit(dt.date(first, 1, 1)), pl.lit(dt.date(last, 12, 31))
        else:
            lo = pl.lit(dt.datetime(first, 1, 1, tzinfo=dt.UTC)).dt.cast_time_unit("us")
            hi = pl.lit(dt.datetime(last, 12, 31, 23, 59, 59, 999999, tzinfo=dt.UTC))
            hi = hi.dt.cast_time_unit("us")
        bounds.append((c, lo, hi))
    return tuple(bounds)


def valid_meter(meter: str) -> bool:
    """Whether ``meter`` is a meter id the store accepts (see :data:`METER_ID`)."""
    return re.match(METER_ID, meter) is not None


def in_range(column: str) -> pl.Expr:
    """Whether each value of ``column`` is finite, not negative and at most :data:`MAX_WH`."""
    value = pl.col(column)
    return value.is_finite() & (value >= 0) & (value <= MAX_WH)


def out_of_range(column: str) -> pl.Expr:
    """Whether any value of ``column`` is not :func:`in_range` (null for no value).

    From the column's extremes and its NaNs: no mask of the column's length to combine
    (three took 78 ms on 16 million values, a check's whole cost).
    """
    value = pl.col(column)
    return value.is_nan().any() | (value.min() < 0) | (value.max() > MAX_WH)


def out_of_time(table: Table) -> pl.Expr:
    """Whether any row's times fall outside :data:`TIME_YEARS` (null for no row).

    From each time column's first and last values: the rows are not compared one by one.
    """
    return pl.any_horizontal(
        (pl.col(c).min() < lo) | (pl.col(c).max() > hi) for c, lo, hi in _time_bounds(table)
    )


def _value_rules(table: Table) -> dict[str, pl.Expr]:
    return {
        "__meters": pl.col("meter").str.contains(METER_ID).all(),
        **{f"__bad_{c}": out_of_range(c) for c in VALUES[table]},
    }


def strictly_sorted(frame: pl.DataFrame, keys: tuple[str, ...]) -> bool:
    """Whether rows are in strictly increasing key order (so sorted and without duplicates).

    A cheap check (one pass, no hashing) that lets the common case skip sorting and the
    duplicate search.
    """
    if frame.height < 2:
        return True
    *leading, last = keys
    constant = frame.select(
        *[(pl.col(k).min() == pl.col(k).max()).alias(k) for k in leading],
    ).row(0)
    if all(constant):  # one meter, one direction: only the last key must increase
        return increasing(frame[last])
    later = pl.lit(value=False)
    for key in reversed(keys):
        now, before = pl.col(key), pl.col(key).shift(1)
        later = (now > before) | ((now == before) & later)
    return bool(frame.select(later.slice(1).all()).item())


def increasing(values: pl.Series, *, piece: int = 1 << 20) -> bool:
    """Whether each value is larger than the one before it (numbers, dates or instants).

    Neighbours compared, not subtracted, in :func:`runs` of ``piece`` values: 35 ms at 16
    million instants in 19 chunks, against 60 ms when slices across chunks were copied.
    """
    if values.null_count():
        return False
    return all(bool((run[1:] > run[:-1]).all()) for run in runs(values, piece=piece))


def runs(values: pl.Series, *, piece: int = 1 << 20) -> Iterator[npt.NDArray[Any]]:
    """The physical values of ``values`` (no nulls) as NumPy runs that overlap by one.

    Each pair of neighbours is side by side in exactly one run; a run is a view of one
    chunk of the series (none copied) of at most ``piece + 1`` values, or the two values
    on either side of a boundary between chunks. So no array of the series' length is
    made: at 500 MB the distances of 16 million instants in one array took 75 ms.
    """
    last: npt.NDArray[Any] | None = None
    for chunk in values.to_physical().get_chunks():
        a = chunk.to_numpy()
        if a.size == 0:
            continue
        if last is not None:
            yield np.concatenate([last, a[:1]])
        for offset in range(0, a.size - 1, piece):
            yield a[offset : offset + piece + 1]
        last = a[-1:]


def conform(frame: pl.DataFrame, table: Table) -> pl.DataFrame:
    """Select and cast the canonical columns of ``table`` in order, sorted by key."""
    out = frame.select([pl.col(name).cast(dtype) for name, dtype in SCHEMAS[table].items()])
    return out if strictly_sorted(out, SORT[table]) else out.sort(SORT[table], maintain_order=True)
