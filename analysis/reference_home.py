"""The reference home: Enedis' average French home without electric heating, at your size.

Enedis publishes the average curve of its residential customers without electric heating
(profile RES1, ≤ 36 kVA, open data ``conso-inf36``); Courbe ships its 2023 hourly shape
(see ``data/SOURCES.md``). Scaled to the household's own energy per year, it shows where
the household's use differs in shape — winter, evening, night — not in size.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field

import polars as pl

from analysis.calendar import HOURS_PER_YEAR, slot_hour
from analysis.curve import daily, period_years
from analysis.reference import DATA
from ingest.schema import TIME_ZONE
from words import Said, said

PROFILE = DATA / "enedis_conso-inf36_RES1_P0_2023_hourly_normalized.json"
WINTER_MONTHS = (11, 12, 1, 2, 3)
EVENING_HOURS = (18, 22)
NIGHT_HOURS = (0, 6)


@functools.cache
def res1() -> pl.DataFrame:
    """RES1 2023, hourly: ``start`` [UTC], ``month``, ``hour`` (local), ``share`` [of the year].

    The shares sum to 1.
    """
    doc = json.loads(PROFILE.read_text("utf-8"))
    shares = doc["hourly"]
    starts = pl.datetime_range(
        pl.datetime(2023, 1, 1, time_zone="UTC"),
        pl.datetime(2023, 12, 31, 23, time_zone="UTC"),
        "1h",
        eager=True,
    )
    local = starts.dt.convert_time_zone(TIME_ZONE)
    return pl.DataFrame(
        {"start": starts, "month": local.dt.month(), "hour": local.dt.hour(), "share": shares}
    )


@dataclass(frozen=True)
class Comparison:
    """The household beside the reference home of the same yearly energy."""

    kwh_per_year: float
    winter_share: float
    """Share of the year's energy used November to March, household. [0–1]"""
    reference_winter_share: float
    evening_share: float
    """Share used 18:00–22:00 local. [0–1]"""
    reference_evening_share: float
    night_share: float
    """Share used 00:00–06:00 local. [0–1]"""
    reference_night_share: float
    text: Said
    """What the comparison says, in the reader's language (``reference_home.text``)."""
    monthly: pl.DataFrame = field(repr=False)
    """``month`` (1–12), ``kwh_per_day`` and ``reference_kwh_per_day``. [kWh/day]"""
    hourly: pl.DataFrame = field(repr=False)
    """``hour`` (0–23, local), ``w`` and ``reference_w``: mean power. [W]"""


def compare(prepared: pl.DataFrame) -> Comparison:
    """Compare a prepared curve with RES1 scaled to its own energy per year.

    The household's side from two small tables: its days (energy, month) and its hours of
    the day (energy, summed power, intervals): a whole hour is the two half-hour slots of
    its local clock. Months, hours and shares are sums of these, not a pass over every
    interval each (120 -> 32 ms on 100 years of half-hours).
    """
    total = float(prepared["kwh"].sum())
    per_year = total / period_years(prepared)  # as the report's per year
    ref = res1()
    days = daily(prepared).with_columns(month=pl.col("day").dt.month())
    # (by the slot column as it is, then its 48 rows by hour: a third of the time)
    hours = (
        prepared.group_by("slot")
        .agg(pl.col("kwh", "w").sum(), n=pl.len())
        .group_by(slot_hour())
        .agg(pl.col("kwh", "w", "n").sum())
    )

    def share(frame: pl.DataFrame, value: str, keep: pl.Expr) -> float:
        whole = float(frame[value].sum()) or 1.0
        return float(frame.filter(keep)[value].sum()) / whole

    evening = pl.col("hour").is_between(*EVENING_HOURS, closed="left")
    night = pl.col("hour").is_between(*NIGHT_HOURS, closed="left")
    winter = pl.col("month").is_in(WINTER_MONTHS)
    monthly = (
        days.group_by("month")
        .agg(kwh_per_day=pl.col("kwh").sum() / pl.len())
        .join(
            ref.group_by("month").agg(
                reference_kwh_per_day=pl.col("share").sum() * per_year / pl.len() * 24
            ),
            on="month",
            how="right",
        )
        .select("month", "kwh_per_day", "reference_kwh_per_day")
        .sort("month")
    )
    hourly = (
        hours.select("hour", w=pl.col("w") / pl.col("n"))
        .join(
            ref.group_by(pl.col("hour").cast(pl.Int8)).agg(
                # The profile's 8,760 hours of 2023, as a share of an average year's.
                reference_w=pl.col("share").mean() * per_year * 1000 * 8760 / HOURS_PER_YEAR
            ),
            on="hour",
            how="right",
        )
        .select("hour", "w", "reference_w")
        .sort("hour")
    )
    c_winter = share(days, "kwh", winter)
    r_winter = share(ref, "share", winter)
    c_evening = share(hours, "kwh", evening)
    r_evening = share(ref, "share", evening)
    c_night = share(hours, "kwh", night)
    r_night = share(ref, "share", night)
    text = said(
        "reference_home.text",
        kwh=per_year,
        winter=r_winter,
        evening=r_evening,
        night=r_night,
        own_winter=c_winter,
        own_evening=c_evening,
        own_night=c_night,
    )
    return Comparison(
        per_year,
        c_winter,
        r_winter,
        c_evening,
        r_evening,
        c_night,
        r_night,
        text,
        monthly,
        hourly,
    )
