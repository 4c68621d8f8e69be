"""Periods a household moves through: a year, a season, a month, a week or a day.

A period is a run of whole local days (Europe/Paris), first and last included. Seasons are
meteorological, as :data:`analysis.calendar.SEASONS` names them (winter = December to
February, across the new year); weeks run Monday to Sunday. Slicing keeps the intervals
whose local ``day`` falls in the period, so a week holding the spring DST Sunday has 46
half-hours on that day and the autumn one 50.

The same period a year before is the same dates one calendar year earlier (29 February
becomes 28 February), except for a week, which is the week 52 weeks before: its days then
fall on the same weekdays, as :func:`analysis.habits.totals` matches them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal
from zoneinfo import ZoneInfo

import polars as pl

from analysis import calendar, tariffs
from ingest.schema import TIME_ZONE

Kind = Literal["year", "season", "month", "week", "day"]
KINDS: tuple[Kind, ...] = ("year", "season", "month", "week", "day")

MIN_COVERAGE_TO_COMPARE = 0.9
"""A period is compared with another only when each has data for this share of its minutes:
a month with a week missing would look 25 % lower than it was. [0–1]"""

MIN_COVERAGE_FOR_RATE = 0.9
"""A period's cost is scaled to a year only when it has data for this share of its
minutes: three night hours of one day, all off-peak, would otherwise set the year's rate.
[0–1]"""

DAYS_PER_YEAR = 365
"""The year a period's rate is scaled to, as the tariffs prorate subscriptions. [days]"""

_PARIS = ZoneInfo(TIME_ZONE)


def _season_start(day: dt.date) -> dt.date:
    """First day of the meteorological season holding ``day``."""
    first_month = {"winter": 12, "spring": 3, "summer": 6, "autumn": 9}[calendar.SEASONS[day.month]]
    year = day.year - 1 if first_month == 12 and day.month < 12 else day.year
    return dt.date(year, first_month, 1)


def _add_months(day: dt.date, months: int) -> dt.date:
    """The first of the month ``months`` after ``day``'s month (``day`` is a first)."""
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _year_earlier(day: dt.date) -> dt.date:
    """The same date a calendar year earlier; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


@dataclass(frozen=True)
class Period:
    """A run of whole local days, ``first`` to ``last`` included."""

    kind: Kind
    first: dt.date
    last: dt.date

    @staticmethod
    def containing(kind: Kind, day: dt.date) -> Period:
        """The period of ``kind`` that holds ``day``."""
        if kind == "day":
            return Period(kind, day, day)
        if kind == "week":
            monday = day - dt.timedelta(days=day.weekday())
            return Period(kind, monday, monday + dt.timedelta(days=6))
        if kind == "month":
            first = day.replace(day=1)
            return Period(kind, first, _add_months(first, 1) - dt.timedelta(days=1))
        if kind == "season":
            first = _season_start(day)
            return Period(kind, first, _add_months(first, 3) - dt.timedelta(days=1))
        return Period(kind, dt.date(day.year, 1, 1), dt.date(day.year, 12, 31))

    @property
    def days(self) -> int:
        """Number of local days in the period. [days]."""
        return (self.last - self.first).days + 1

    def previous(self) -> Period:
        """The period of the same kind just before."""
        return Period.containing(self.kind, self.first - dt.timedelta(days=1))

    def next(self) -> Period:
        """The period of the same kind just after."""
        return Period.containing(self.kind, self.last + dt.timedelta(days=1))

    def year_before(self) -> Period:
        """The same period a year earlier (a week: 52 weeks earlier, same weekdays)."""
        if self.kind == "week":
            return Period.containing("week", self.first - dt.timedelta(weeks=52))
        if self.kind == "day":
            return Period("day", _year_earlier(self.first), _year_earlier(self.first))
        return Period.containing(self.kind, _year_earlier(self.first))

    def contains(self, day: dt.date) -> bool:
        """Whether ``day`` is one of the period's days."""
        return self.first <= day <= self.last

    def overlaps(self, first: dt.date, last: dt.date) -> bool:
        """Whether the period shares a day with ``first``–``last`` (both included)."""
        return self.first <= last and first <= self.last

    def utc_bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """The instants the period starts and ends (local midnights, in UTC)."""
        return _midnight_utc(self.first), _midnight_utc(self.last + dt.timedelta(days=1))

    def minutes(self) -> float:
        """Length of the period in minutes: a DST day has 23 or 25 hours. [min]."""
        start, end = self.utc_bounds()
        return (end - start).total_seconds() / 60


def _midnight_utc(day: dt.date) -> dt.datetime:
    """Local midnight starting ``day``, in UTC."""
    local = dt.datetime(day.year, day.month, day.day, tzinfo=_PARIS)
    return local.astimezone(dt.UTC)


def local_time_utc(day: dt.date, minute: int) -> dt.datetime:
    """The UTC instant of local wall-clock ``minute`` after midnight on ``day``.

    A minute that does not exist (the spring hour skipped) is taken after the change; a
    minute seen twice (autumn) is its first occurrence.
    """
    wall = dt.datetime(day.year, day.month, day.day, tzinfo=_PARIS) + dt.timedelta(minutes=minute)
    # fold=0 (the default) reads a skipped time with the offset before the change, which
    # lands after it, and a repeated time as its first occurrence.
    return wall.astimezone(dt.UTC)


def slice_days(frame: pl.DataFrame, period: Period, *, column: str = "day") -> pl.DataFrame:
    """The rows of a frame with a local ``day`` column (prepared curve, daily) in the period."""
    return frame.filter(pl.col(column).is_between(period.first, period.last, closed="both"))


@dataclass(frozen=True)
class Energy:
    """What the curve holds for one period."""

    period: Period
    kwh: float
    """Energy over the intervals present. [kWh]"""
    coverage: float
    """Share of the period's minutes with data. [0–1]"""

    @property
    def comparable(self) -> bool:
        """Whether there is enough data to set the period beside another."""
        return self.coverage >= MIN_COVERAGE_TO_COMPARE


def energy(prepared: pl.DataFrame, period: Period) -> Energy:
    """Energy and coverage of a prepared curve over a period."""
    rows = slice_days(prepared, period)
    minutes = float(rows["minutes"].sum()) if rows.height else 0.0
    kwh = float(rows["kwh"].sum()) if rows.height else 0.0
    return Energy(period, kwh, min(minutes / period.minutes(), 1.0))


Missing = Literal["no_data", "partial"]


@dataclass(frozen=True)
class Change:
    """The chosen period beside another one (the previous, or the same a year before)."""

    other: Energy
    delta_kwh: float | None
    """Chosen minus other; None when either lacks data. [kWh]"""
    ratio: float | None
    """Chosen / other − 1; None when either lacks data or the other is zero. [−]"""
    missing: Missing | None
    """Why there is no comparison: no data at all, or too little (see
    :data:`MIN_COVERAGE_TO_COMPARE`)."""


def change(chosen: Energy, other: Energy) -> Change:
    """How the chosen period compares with another, or why it cannot."""
    if other.coverage == 0:
        return Change(other, None, None, "no_data")
    if not (chosen.comparable and other.comparable):
        return Change(other, None, None, "partial")
    delta = chosen.kwh - other.kwh
    return Change(other, delta, delta / other.kwh if other.kwh else None, None)


@dataclass(frozen=True)
class Summary:
    """A period's energy and cost, beside the previous period and the year before."""

    energy: Energy
    previous: Change
    year_before: Change
    cost: tariffs.Cost | None
    """The period's cost under the household's option; None when it cannot be priced
    (no data, Tempo colours unknown, the option not offered at that power)."""
    eur_per_year: float | None
    """The cost over a year: the period's own when it is a fully covered calendar year,
    else at the period's rate (see :func:`yearly`); None when the period has too little
    data for a rate (:data:`MIN_COVERAGE_FOR_RATE`) or no price. [EUR/year]"""

    @property
    def per_year_is_rate(self) -> bool:
        """Whether ``eur_per_year`` is another period's rate scaled up, not a year's cost.

        A calendar year with a few hours missing (at least :data:`MIN_COVERAGE_TO_COMPARE`)
        is still that year: its missing hours are counted at the year's own rate.
        """
        e = self.energy
        return not (e.period.kind == "year" and e.coverage >= MIN_COVERAGE_TO_COMPARE)


def yearly(cost: tariffs.Cost, covered_minutes: float, days_with_data: int) -> float:
    """A period's cost scaled to :data:`DAYS_PER_YEAR` days at the period's rate. [EUR/year].

    Energy is scaled by the minutes with data, the subscription (prorated per day by
    :func:`analysis.tariffs.cost`) by the days with data: a winter month gives a dearer
    rate than the year will be, which is why the page says it is a rate.
    """
    energy_rate = cost.energy_eur * DAYS_PER_YEAR * 1440 / max(covered_minutes, 1.0)
    subscription_rate = cost.subscription_eur * DAYS_PER_YEAR / max(days_with_data, 1)
    return energy_rate + subscription_rate


def summarise(
    prepared: pl.DataFrame,
    period: Period,
    *,
    option: tariffs.Option,
    kva: int,
    off_peak: tariffs.OffPeak,
    tempo: pl.DataFrame | None = None,
    prices: tariffs.Prices = "latest",
) -> Summary:
    """The chosen period's kWh and euros, and its comparisons."""
    chosen = energy(prepared, period)
    rows = slice_days(prepared, period)
    cost: tariffs.Cost | None = None
    per_year: float | None = None
    if rows.height:
        try:
            cost = tariffs.cost(rows, option, kva, off_peak=off_peak, tempo=tempo, prices=prices)
        except ValueError:
            cost = None
    if cost is not None and chosen.coverage >= MIN_COVERAGE_FOR_RATE:
        if period.kind == "year" and chosen.coverage >= 1.0:
            per_year = cost.total_eur
        else:
            per_year = yearly(cost, float(rows["minutes"].sum()), rows["day"].n_unique())
    return Summary(
        energy=chosen,
        previous=change(chosen, energy(prepared, period.previous())),
        year_before=change(chosen, energy(prepared, period.year_before())),
        cost=cost,
        eur_per_year=per_year,
    )


Span = tuple[dt.datetime, dt.datetime]


def off_peak_spans(off_peak: tariffs.OffPeak, period: Period) -> list[Span]:
    """The off-peak stretches of the period's days, as UTC instants, clipped to the period.

    Read minute by minute from :meth:`analysis.tariffs.OffPeak.expr`, the rule the costs
    use (the schedule and season of each calendar day), so the shading is what is priced;
    stretches that run on across midnight are one (22:00–06:00 is one night).
    """
    days = pl.DataFrame({"day": pl.date_range(period.first, period.last, eager=True)})
    minutes = pl.DataFrame({"minute": pl.int_range(0, 1440, eager=True).cast(pl.Int32)})
    grid = (
        days.join(minutes, how="cross")
        .sort("day", "minute")
        .with_columns(off=off_peak.expr(pl.col("minute"), pl.col("day")))
        .with_columns(run=pl.col("off").rle_id())
        .filter("off")
        .group_by("run")
        .agg(
            first_day=pl.col("day").first(),
            first_minute=pl.col("minute").first(),
            last_day=pl.col("day").last(),
            last_minute=pl.col("minute").last(),
        )
        .sort("run")
    )
    start, end = period.utc_bounds()
    spans = [
        (max(local_time_utc(d0, m0), start), min(local_time_utc(d1, m1 + 1), end))
        for d0, m0, d1, m1 in grid.select(
            "first_day", "first_minute", "last_day", "last_minute"
        ).iter_rows()
    ]  # one row per off-peak stretch: a handful, not rows of data
    return [(a, b) for a, b in spans if a < b]


def typical_for(typical: pl.DataFrame, period: Period) -> pl.DataFrame:
    """The typical day laid under each day of the period, by the day's type and season.

    ``typical`` is :func:`analysis.habits.typical_days`; a day's type is weekday, Saturday,
    or Sunday and public holiday.

    Columns: ``start`` [UTC] of each local half-hour, ``day``, ``day_type``, ``season``,
    ``median_w``, ``p10_w``, ``p90_w`` [W]. The half-hours the spring change skips have no
    row; the autumn hour seen twice has one (its first time). Days of a type and season the
    curve never had have no rows.
    """
    years = (period.first.year - 1, period.last.year + 1)
    days = pl.DataFrame({"day": pl.date_range(period.first, period.last, eager=True)})
    slots = pl.DataFrame({"slot": pl.int_range(0, 48, eager=True).cast(pl.Int32)})
    wall = pl.col("day").cast(pl.Datetime("us")) + pl.duration(minutes=pl.col("slot") * 30)
    grid = (
        days.join(slots, how="cross")
        .with_columns(
            day_type=calendar.day_type(pl.col("day"), years=years),
            season=calendar.season(pl.col("day")),
            start=wall.dt.replace_time_zone(
                TIME_ZONE, ambiguous="earliest", non_existent="null"
            ).dt.convert_time_zone("UTC"),
        )
        .drop_nulls("start")
    )
    return (
        grid.join(typical, on=["day_type", "season", "slot"], how="inner")
        .select("start", "day", "day_type", "season", "median_w", "p10_w", "p90_w")
        .sort("start")
    )
