"""What the curve's latest 365 days cost under each option, measured or completed.

A year from a partial curve: the missing days completed from the Enedis RES1 profile and
the household's own hours, with the tested error of the completion. Re-exported by
:mod:`analysis.scenarios`, where it was first written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

import polars as pl

import words
from analysis import reference_home, tariffs
from analysis.calendar import YEAR_DAYS
from analysis.reference import degree_days
from ingest.schema import TIME_ZONE

if TYPE_CHECKING:
    from collections.abc import Sequence

    from words import Said

MIN_MEASURED_DAYS = 180
"""Below this many measured days in the window, no yearly figure is estimated: the
missing part would outweigh the measured one. [days]"""
MIN_HDD_SHARE = 0.35
"""Share of the window's degree-days the measured days must hold, so that the heating
fitted on them is seen on cold days (March–November holds 0.39–0.41, April–October
0.14). On the 26 real slices below it, a completed year had Base 136 EUR/year off
(median; up to 244) and Tempo − Base 25 off (up to 73), against 32 and 6 above it
(tests/analysis/test_year.py)."""
ERROR_EUR_PER_HEATING_KWH = 0.03
ERROR_EUR_PER_FILLED_MONTH = 27.0
"""The tested error of a completed year's option difference (HP/HC − Base, Tempo − Base):
:data:`ERROR_EUR_PER_HEATING_KWH` × the heating energy of the completed days [EUR/kWh]
plus :data:`ERROR_EUR_PER_FILLED_MONTH` × the months completed [EUR/year a month]. It
bounds every completion checked against its measured full year
(tests/analysis/test_year.py): 154 from three real household-years of two homes (every
run of 6 to 11 months kept, 29 more refused; errors up to 63 EUR/year, median 6) and
36 from the six
simulated households (the months from February–July to December kept; up to 126 EUR/year
for the all-electric home, whose Tempo bill turns on the red days of the missing winter).
25 became 27 when the simulated 2024 got 2024's own weather (it had 2019's): the second
home completed from February was then 33 EUR off against a bound of 32.
The bound was fitted on these same cases: it states what was seen, not a guarantee."""


@dataclass(frozen=True)
class Year:
    """What the curve's latest 365 days cost under each option, measured or completed."""

    first: dt.date
    last: dt.date
    measured_days: int
    """Days of the window with data. [days]"""
    filled_days: int
    """Days of the window completed by :data:`FILL_METHOD`. [days]"""
    eur: dict[tariffs.Option, float]
    """Cost of the 365 days per option (energy and subscription). [EUR]"""
    method: Said | None
    """How the missing days were completed (``year.fill_method``); None when all 365
    were measured."""
    heating_filled_kwh: float = 0.0
    """Heating energy put on the completed days. [kWh]"""

    @property
    def error_eur(self) -> float:
        """The tested error of a difference between two options' yearly costs. [EUR/year]."""
        months = self.filled_days / (YEAR_DAYS / 12)
        return (
            ERROR_EUR_PER_HEATING_KWH * self.heating_filled_kwh
            + ERROR_EUR_PER_FILLED_MONTH * months
        )


FILL_METHOD = "year.fill_method"
"""How a missing day is completed, said from the catalogue: its share of the year from the
Enedis RES1 profile, scaled to and at the hours of the measured use other than heating,
plus the heating of the day's degree-days."""


def _res1_by_day() -> pl.DataFrame:
    """RES1 shares by local ``month``, day of month ``dom`` and hour ``h``. [of the year]."""
    local = pl.col("start").dt.convert_time_zone(TIME_ZONE)
    return (
        reference_home.res1()
        .group_by(month=local.dt.month(), dom=local.dt.day(), h=local.dt.hour())
        .agg(pl.col("share").sum())
        .sort("month", "dom", "h")
    )


def _calendar_key(day: pl.Expr) -> list[pl.Expr]:
    """Month and day of month of a date, 29 February read as the 28th (RES1 is 2023)."""
    dom = day.dt.day()
    month = day.dt.month()
    leap = (month == 2) & (dom == 29)
    return [month.alias("month"), pl.when(leap).then(28).otherwise(dom).alias("dom")]


def year(
    prepared: pl.DataFrame,
    options: Sequence[tariffs.Option],
    kva: int,
    *,
    heating_kwh_per_hdd: float = 0.0,
    off_peak: tariffs.OffPeak,
    tempo: pl.DataFrame | None = None,
    prices: tariffs.Prices = "latest",
    temperatures: pl.DataFrame | None = None,
) -> Year | None:
    """The cost of the curve's latest 365 days under each option.

    Days of the window without data are completed by :func:`_completion`
    (:data:`FILL_METHOD`; degree-days are the normal of the calendar day where the
    temperature is not known). None below :data:`MIN_MEASURED_DAYS` measured days, or
    when the measured days hold less than :data:`MIN_HDD_SHARE` of the window's
    degree-days (the winter is missing). An option that cannot be priced (not offered,
    Tempo colours unknown) is left out.
    """
    last = prepared["day"].max()
    assert isinstance(last, dt.date)
    first = last - dt.timedelta(days=YEAR_DAYS - 1)
    window = prepared.filter(pl.col("day") >= first).select("day", "hour", "kwh", "minutes")
    days = pl.DataFrame({"day": pl.date_range(first, last, eager=True)})
    hdd = _degree_days(days, temperatures)
    measured = window.group_by("day").agg(pl.col("kwh").sum()).join(hdd, on="day", how="left")
    missing = days.join(measured, on="day", how="anti").join(hdd, on="day", how="left")
    if measured.height < MIN_MEASURED_DAYS:
        return None
    cold = float(hdd["hdd"].sum())
    if missing.height and cold > 0 and float(measured["hdd"].sum()) < MIN_HDD_SHARE * cold:
        return None
    full = window.select("day", "hour", "kwh")
    if missing.height:
        full = pl.concat([full, _completion(window, measured, missing, heating_kwh_per_hdd)])
    eur: dict[tariffs.Option, float] = {}
    for option in options:
        try:
            c = tariffs.cost(full, option, kva, off_peak=off_peak, tempo=tempo, prices=prices)
        except ValueError:
            continue
        eur[option] = c.total_eur
    return Year(
        first,
        last,
        measured.height,
        missing.height,
        eur,
        words.said(FILL_METHOD) if missing.height else None,
        heating_kwh_per_hdd * float(missing["hdd"].sum()),
    )


def _completion(
    window: pl.DataFrame, measured: pl.DataFrame, missing: pl.DataFrame, per_hdd: float
) -> pl.DataFrame:
    """Hourly energy of the ``missing`` days: ``day``, ``hour``, ``kwh``.

    Each missing day d, hour h: k × RES1's share of the year on d × the household's own
    share of its non-heating energy at h (its measured intervals less ``per_hdd`` × the
    day's degree-days, spread evenly), plus ``per_hdd`` × d's degree-days / 24. k makes
    RES1 over the measured days equal their non-heating energy. Keeping the household's
    own hours matters where much of its energy is at night (a car, a water heater): with
    RES1's hours instead, the Tempo − Base error on the simulated car household was up to
    200 EUR/year, 29 with its own (bench notes in tests/analysis/test_year.py).
    """
    ref_day = (
        _res1_by_day().group_by("month", "dom").agg(pl.col("share").sum()).rename({"share": "r"})
    )
    r_measured = float(
        measured.with_columns(_calendar_key(pl.col("day")))
        .join(ref_day, on=["month", "dom"], how="left")["r"]
        .sum()
    )
    non_heating = (
        window.join(measured.select("day", "hdd"), on="day", how="left")
        .select(
            h=pl.col("hour").floor().cast(pl.Int8),
            e=pl.col("kwh") - per_hdd * pl.col("hdd") * pl.col("minutes") / 1440,
        )
        .group_by("h")
        .agg(pl.col("e").sum().clip(0.0))
    )
    total = float(non_heating["e"].sum())
    k = total / max(r_measured, 1e-12)
    shape = non_heating.select("h", p=pl.col("e") / max(total, 1e-12))
    return (
        missing.with_columns(_calendar_key(pl.col("day")))
        .join(ref_day, on=["month", "dom"], how="left")
        .join(shape, how="cross")
        .select(
            "day",
            hour=pl.col("h").cast(pl.Float64),
            kwh=k * pl.col("r").fill_null(0.0) * pl.col("p") + per_hdd * pl.col("hdd") / 24,
        )
    )


def _degree_days(days: pl.DataFrame, temperatures: pl.DataFrame | None) -> pl.DataFrame:
    """``day``, ``hdd`` for each day: its own degree-days, else the normal of its date."""
    known = degree_days(temperatures).select("day", "hdd")
    normal = known.group_by(_calendar_key(pl.col("day"))).agg(normal=pl.col("hdd").mean())
    return (
        days.with_columns(_calendar_key(pl.col("day")))
        .join(known, on="day", how="left")
        .join(normal, on=["month", "dom"], how="left")
        .select("day", hdd=pl.coalesce("hdd", "normal", pl.lit(0.0)))
    )
