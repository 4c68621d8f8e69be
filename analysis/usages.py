"""What the curve says about the household's equipment. Estimates, labelled as such.

- water heater on off-peak hours: a big step up near the start of off-peak hours on most
  nights (docs/sources.md, Usages: ΔP ≥ 1 kW, 2–10 kWh, recurring on ≥ 70 % of nights);
- heating: daily energy against heating degree-days (docs/sources.md, Usages), or a summer
  baseline when no temperature is known;
- EV charging: 1.8–7.4 kW plateaus of ≥ 2 half-hours, not every day (§3.8);
- PV: a production curve, or imports collapsing at midday on sunny days (§3.10).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from analysis import fit
from analysis.calendar import MEAN_YEAR_DAYS
from analysis.curve import number
from analysis.reference import HEATING_BASE_C, degree_days
from analysis.tariffs import OffPeak, minute_of_day

WATER_HEATER_STEP_W = 1000.0
"""A water heater switching on raises the half-hour by at least this much. [W]"""
WATER_HEATER_NIGHTS = 0.6
"""Share of nights with the block for the heater to count as running on off-peak hours."""
WATER_HEATER_WINDOW_MIN = 60
"""How far after the off-peak start the block may begin. [min]"""
EV_MIN_W, EV_MAX_W = 2500.0, 11000.0
"""Charging power range above the household's usual level (a 2.3 kW socket charger is
below it and is missed). [W]"""
EV_FLATNESS_W = 800.0
"""A charging plateau varies less than this over its half-hours. [W]"""


@dataclass(frozen=True)
class WaterHeater:
    """A storage water heater switched on at off-peak start, as the curve shows it."""

    found: bool
    share_of_nights: float
    """Share of nights with a ≥ 1 kW step within an hour of off-peak start. [0–1]"""
    power_w: float
    """Typical height of the step. [W]"""
    kwh_per_day: float
    """Energy of the block, typical night. [kWh]"""
    start_minute: int
    """Minute of the day the household's off-peak period starts. [min]"""


def _steps(prepared: pl.DataFrame) -> pl.DataFrame:
    """Each half-hour with its rise over the previous one. [W]."""
    return prepared.select(
        "day",
        "w",
        minute_of_day(prepared).alias("minute"),
        rise=pl.col("w") - pl.col("w").shift(1),
    )


def water_heater(prepared: pl.DataFrame, off_peak: OffPeak) -> WaterHeater:
    """Look for a water heater switched on at the start of off-peak hours."""
    start = off_peak.first_start()
    steps = _steps(prepared)
    since = (pl.col("minute") - start) % 1440
    near = steps.filter((since >= 0) & (since < WATER_HEATER_WINDOW_MIN + 1))
    nights = max(steps["day"].n_unique(), 1)
    hits = near.filter(pl.col("rise") >= WATER_HEATER_STEP_W)
    share = hits["day"].n_unique() / nights
    if hits.height == 0:
        return WaterHeater(False, share, 0.0, 0.0, start)
    power = number(hits["rise"].median())
    # Energy of the block: the excess over the night floor for 6 h from off-peak start.
    window = steps.filter(since < 6 * 60).with_columns(
        night=pl.when(pl.col("minute") >= start)
        .then(pl.col("day"))
        .otherwise(pl.col("day").dt.offset_by("-1d"))
    )
    per_night = window.group_by("night").agg(
        kwh=((pl.col("w") - pl.col("w").min()).clip(0) / 2000).sum()
    )
    kwh = number(per_night["kwh"].median())
    return WaterHeater(share >= WATER_HEATER_NIGHTS, share, power, kwh, start)


@dataclass(frozen=True)
class Heating:
    """Electric heating as the curve shows it."""

    found: bool
    method: str
    kwh_per_year: float
    """Heating energy over a year of the curve. [kWh]"""
    gradient_kwh_per_hdd: float
    """Extra daily energy per degree below the base temperature. [kWh/(°C·day)]"""
    share: float
    """Share of the consumption that is heating. [0–1]"""


def heating(
    daily: pl.DataFrame,
    *,
    solar_panels: bool = False,
    temperatures: pl.DataFrame | None = None,
) -> Heating:
    """Heating from daily energy (``day``, ``kwh``).

    A degree-day regression when the shipped French temperatures cover the period, else
    the winter excess over the summer baseline.
    """
    days = daily.join(degree_days(temperatures).select("day", "hdd"), on="day", how="inner")
    total = float(daily["kwh"].sum()) or 1.0
    years = max(daily.height / MEAN_YEAR_DAYS, 1e-9)
    if days.height >= 120:
        hdd = days["hdd"].to_numpy()
        e = days["kwh"].to_numpy()
        keep = e > 0
        x, y = hdd[keep], e[keep]
        slope = max(fit.slope(x, y), 0.0)
        heat = slope * float(hdd.sum())
        share = heat / total
        # Solar panels cut summer imports, which mimics heating: ask for a clearer signal.
        found = slope > (1.5 if solar_panels else 0.3) and share > 0.1
        where = "French daily" if temperatures is None else "the household's own"
        return Heating(
            found,
            f"degree-days (base {HEATING_BASE_C} °C, {where} temperatures)",
            heat / years,
            slope,
            share,
        )
    month = daily["day"].dt.month()
    summer = daily.filter(month.is_in([6, 7, 8]))["kwh"].median()
    if summer is None:
        return Heating(False, "not enough data", 0.0, 0.0, 0.0)
    base = float(summer)  # type: ignore[arg-type]
    winter = daily.filter(month.is_in([11, 12, 1, 2, 3]))
    heat = float((winter["kwh"] - base).clip(0).sum())
    return Heating(
        heat / total > 0.1,
        "winter excess over the summer baseline",
        heat / years,
        0.0,
        heat / total,
    )


@dataclass(frozen=True)
class Charging:
    """Electric-vehicle charging sessions, as plateaus in the curve."""

    found: bool
    sessions: int
    kwh_per_year: float
    typical_kw: float


def ev_charging(
    prepared: pl.DataFrame, *, floor_w: float, heater: WaterHeater | None = None
) -> Charging:
    """Look for charging sessions.

    ≥ 3 consecutive flat half-hours 2.5–11 kW above the floor, in the evening or at night,
    on some days but not all. A water heater found at off-peak start is taken off first
    (its block would look like a charge).
    """
    x = pl.col("w") - floor_w
    if heater is not None and heater.found:
        since = (minute_of_day(prepared) - heater.start_minute) % 1440
        x = x - pl.when(since < 4 * 60).then(heater.power_w).otherwise(0.0)
    excess = prepared.select("day", "hour", x=x)
    plateau = (pl.col("x") >= EV_MIN_W) & (pl.col("x") <= EV_MAX_W)
    on = excess.with_columns(on=plateau, run=plateau.rle_id()).filter(pl.col("on"))
    # Runs of fewer than 3 half-hours dropped before the group-by: most plateaus are one
    # or two (heating cycling), and grouping 435 k runs of 100 years took 70 ms.
    run = on["run"].to_numpy()
    long_enough = np.bincount(run)[run] >= 3
    runs = (
        on.filter(pl.Series(long_enough))
        .group_by("run")
        .agg(
            n=pl.len(),
            kwh=(pl.col("x") / 2000).sum(),
            kw=pl.col("x").median() / 1000,
            day=pl.col("day").first(),
            hour=pl.col("hour").first(),
            spread=(pl.col("x").max() - pl.col("x").min()),
        )
        .filter((pl.col("n") >= 3) & (pl.col("spread") < EV_FLATNESS_W) & (pl.col("kwh") >= 5))
        .filter((pl.col("hour") >= 18) | (pl.col("hour") < 6))
    )
    days = max(prepared["day"].n_unique(), 1)
    sessions = runs.height
    per_week = sessions / days * 7
    found = 0.5 <= per_week <= 6.5 and sessions >= 8
    years = days / MEAN_YEAR_DAYS
    return Charging(
        found,
        sessions,
        float(runs["kwh"].sum()) / years if found else 0.0,
        number(runs["kw"].median()) if sessions else 0.0,
    )


@dataclass(frozen=True)
class Solar:
    """Signs of solar panels."""

    found: bool
    how: str
    production_kwh_per_year: float


def solar(curve: pl.DataFrame, prepared: pl.DataFrame) -> Solar:
    """A production curve, or imports that collapse around noon on many summer days."""
    production = curve.filter(pl.col("direction") == "production")
    days = max(prepared["day"].n_unique(), 1)
    if production.height:
        kwh = float(production["wh"].sum()) / 1000 / (days / MEAN_YEAR_DAYS)
        return Solar(True, "production curve", kwh)
    summer = prepared.filter(pl.col("day").dt.month().is_in([5, 6, 7, 8]))
    noon = (
        summer.filter((pl.col("hour") >= 12) & (pl.col("hour") < 15))
        .group_by("day")
        .agg(noon=pl.col("w").mean())
    )
    night = summer.filter(pl.col("hour") < 5).group_by("day").agg(night=pl.col("w").min())
    both = noon.join(night, on="day")
    if both.height < 20:
        return Solar(False, "not enough summer data", 0.0)
    collapsed = (both["noon"] < 0.5 * both["night"]).mean()
    found = bool(collapsed is not None and collapsed > 0.3)  # type: ignore[operator]
    return Solar(found, "imports below the night floor at midday", 0.0)
