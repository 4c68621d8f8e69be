"""What-if scenarios: the curve changed as the household would change it, then priced again.

Each scenario re-prices a modified copy of the prepared curve with :func:`tariffs.cost`, so
its figure follows the same dated grids, off-peak hours and Tempo colours as the tariff
comparison. Figures are per year of the curve. [EUR/year, kWh/year]
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

import polars as pl

import words
from analysis import power, reference_home, tariffs
from analysis.calendar import MEAN_YEAR_DAYS, YEAR_DAYS
from analysis.curve import period_years
from analysis.reference import degree_days
from ingest.schema import TIME_ZONE
from words import Said

if TYPE_CHECKING:
    from collections.abc import Sequence

    from analysis.anomalies import Anomaly
    from analysis.usages import WaterHeater
    from words import Lang


@dataclass(frozen=True)
class Scenario:
    """One change and what it is worth."""

    id: str
    """``shift_to_off_peak``, ``water_heater`` or ``lower_kva``."""
    option: tariffs.Option
    kva: int
    before_eur_per_year: float
    after_eur_per_year: float
    kwh_moved_per_year: float
    text: Said
    """The scenario and its result, said in the reader's language (``scenario.*``)."""
    days_over: int = 0
    """Days whose peak would exceed the scenario's subscribed power (``lower_kva``)."""
    advised: bool = True
    """Whether Courbe advises the change (``lower_kva``: :meth:`PowerAdvice.allows`)."""

    @property
    def eur_per_year(self) -> float:
        """What the change saves (negative: what it costs). [EUR/year]."""
        return self.before_eur_per_year - self.after_eur_per_year

    def as_dict(self, lang: Lang = "fr") -> dict[str, Any]:
        """Plain types, for JSON (the text said in ``lang``)."""
        return {
            **asdict(self),
            "text": self.text.say(lang),
            "eur_per_year": round(self.eur_per_year, 2),
        }


def _yearly_cost(
    prepared: pl.DataFrame,
    option: tariffs.Option,
    kva: int,
    years: float,
    known: Sequence[tariffs.Cost],
    kwargs: dict[str, Any],
) -> float:
    """The curve's cost per year, reusing one already computed for the same contract."""
    same = next((c for c in known if (c.option, c.kva) == (option, kva)), None)
    return (same or tariffs.cost(prepared, option, kva, **kwargs)).total_eur / years


def shifting_option(option: tariffs.Option) -> tariffs.Option:
    """The option under which moving energy to off-peak hours pays.

    The household's own when it has off-peak hours, else Heures creuses.
    """
    return option if option in ("hphc", "tempo") else "hphc"


def shift_to_off_peak(
    prepared: pl.DataFrame,
    kwh_per_year: float,
    *,
    option: tariffs.Option,
    kva: int,
    off_peak: tariffs.OffPeak,
    tempo: pl.DataFrame | None = None,
    prices: tariffs.Prices = "latest",
    scenario_id: str = "shift_to_off_peak",
    known: Sequence[tariffs.Cost] = (),
) -> Scenario:
    """Move ``kwh_per_year`` from peak to off-peak hours, spread in proportion to use.

    Every peak-hour interval loses the same share of its energy and every off-peak one
    gains the same share, so the total is unchanged. Priced under :func:`shifting_option`.
    The amount is capped at the peak-hour energy. [kWh/year] ``known`` costs of the
    unchanged curve (from :func:`tariffs.compare`) are reused.
    """
    chosen = shifting_option(option)
    years = period_years(prepared)
    hc = off_peak.expr(tariffs.minute_of_day(), pl.col("day"))
    flagged = prepared.with_columns(hc=hc)
    hp_kwh = float(flagged.filter(~pl.col("hc"))["kwh"].sum())
    hc_kwh = float(flagged.filter(pl.col("hc"))["kwh"].sum())
    moved = min(max(kwh_per_year, 0.0) * years, hp_kwh)
    shifted = flagged.with_columns(
        kwh=pl.when(pl.col("hc"))
        .then(pl.col("kwh") * (1 + moved / hc_kwh) if hc_kwh else pl.col("kwh"))
        .otherwise(pl.col("kwh") * (1 - moved / hp_kwh) if hp_kwh else pl.col("kwh"))
    )
    kwargs: dict[str, Any] = {"off_peak": off_peak, "tempo": tempo, "prices": prices}
    before = _yearly_cost(prepared, chosen, kva, years, known, kwargs)
    after = tariffs.cost(shifted, chosen, kva, **kwargs).total_eur / years if moved else before
    text = words.said(
        "scenario.shift",
        kwh=moved / years,
        hours=off_peak,
        eur=before - after,
        name=Said(f"option.{chosen}"),
    )
    return Scenario(scenario_id, chosen, kva, before, after, moved / years, text)


def shift_water_heater(
    prepared: pl.DataFrame,
    heater: WaterHeater,
    anomalies: list[Anomaly],
    *,
    option: tariffs.Option,
    kva: int,
    off_peak: tariffs.OffPeak,
    tempo: pl.DataFrame | None = None,
    prices: tariffs.Prices = "latest",
    known: Sequence[tariffs.Cost] = (),
) -> Scenario | None:
    """Put the water heater back on off-peak hours on the days it ran in peak hours.

    The energy moved is the heater's measured nightly block times the days it was seen
    starting in peak hours. None when no off-peak water heater shows in the curve (its
    size cannot be measured then).
    """
    if not heater.found:
        return None
    days = sum((a.end - a.start).days for a in anomalies if a.kind == "water_heater_peak")
    kwh_per_year = heater.kwh_per_day * days / period_years(prepared)
    s = shift_to_off_peak(
        prepared,
        kwh_per_year,
        option=option,
        kva=kva,
        off_peak=off_peak,
        tempo=tempo,
        prices=prices,
        scenario_id="water_heater",
        known=known,
    )
    if days == 0:
        text = words.said("scenario.water_heater_none")
    else:
        span = round(period_years(prepared) * MEAN_YEAR_DAYS)
        rate = (
            words.said("scenario.part.per_year")
            if span >= YEAR_DAYS
            else words.said("scenario.part.per_year_at", n=span)
        )
        text = words.said(
            "scenario.water_heater",
            days=words.said(f"scenario.part.{'days' if days > 1 else 'one_day'}", n=days),
            span=span,
            kwh=s.kwh_moved_per_year,
            rate=rate,
            eur=s.eur_per_year,
            name=Said(f"option.{s.option}"),  # on Base, priced under Heures creuses
        )
    return Scenario(
        s.id, s.option, kva, s.before_eur_per_year, s.after_eur_per_year, s.kwh_moved_per_year, text
    )


def lower_kva(
    prepared: pl.DataFrame,
    daily_peaks: pl.DataFrame,
    to_kva: int,
    *,
    advice: power.PowerAdvice,
    option: tariffs.Option,
    kva: int,
    off_peak: tariffs.OffPeak,
    tempo: pl.DataFrame | None = None,
    prices: tariffs.Prices = "latest",
    known: Sequence[tariffs.Cost] = (),
) -> Scenario:
    """Subscribe ``to_kva`` instead of ``kva``: the subscription saved, and the verdict.

    What the text says of the risk is ``advice``'s (from :func:`power.advise`, the one
    place that judges the power). ``days_over`` counts the days whose peak
    (``daily_peaks``: ``day``, ``w`` [W]) went over ``to_kva``.

    Raises
    ------
    ValueError
        If the option is not offered at one of the two powers.
    """
    years = period_years(prepared)
    kwargs: dict[str, Any] = {"off_peak": off_peak, "tempo": tempo, "prices": prices}
    before = _yearly_cost(prepared, option, kva, years, known, kwargs)
    after = _yearly_cost(prepared, option, to_kva, years, known, kwargs)
    over = int(daily_peaks.filter(pl.col("w") > to_kva * 1000).height)
    text = words.said(
        "scenario.lower_kva", kva=kva, to=to_kva, eur=before - after, about=advice.about(to_kva)
    )
    return Scenario(
        "lower_kva",
        option,
        to_kva,
        before,
        after,
        0.0,
        text,
        days_over=over,
        advised=advice.allows(to_kva),
    )


# --- a year from a partial curve ------------------------------------------------------------

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
