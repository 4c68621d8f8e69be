"""Simulating one household-year, component by component, at 10-minute resolution.

Everything is vectorised over the slots of the year (numpy arrays indexed by slot, with
per-day draws broadcast through the slot's day index); events (appliance cycles, water
heater and EV charging blocks) are placed with ``np.add.at`` on computed slot indices.

The result is aggregated to the requested step (30 min by default, 10 on request), the
import and export of a PV home are netted at 10 minutes (as the meter nets them), and the
consumption is rounded to whole watts as the portal exports it; the rounding residual
(< 1 Wh) is booked to the always-on component so that the components add up to the curve.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import polars as pl

from ingest.schema import SCHEMAS
from sample_loadcurves.planted_anomalies import anomaly_plan, plant
from sample_loadcurves.slot_power import fill_blocks, spread, square_wave
from sample_loadcurves.year_calendar import (
    SLOT_MIN,
    SLOTS_PER_HOUR,
    Floats,
    Ints,
    calendar,
    slot_of_day_at,
)

if TYPE_CHECKING:
    from sample_loadcurves.archetypes import Archetype

HEATING_BASE_C = 15.5
"""Outdoor mean temperature below which a home needs heat. [°C]"""

COMPONENTS = (
    "always_on",
    "lighting",
    "cooking",
    "plug_loads",
    "appliances",
    "heating",
    "water_heater",
    "ev",
    "pv_self_consumed",
)
"""Columns of the ground truth, each the energy of one use over the interval. [Wh]
``pv_self_consumed`` is negative: PV energy used on site, which the meter never sees."""


@dataclass(frozen=True)
class Household:
    """One simulated household: an archetype, a meter id, a year and a seed."""

    archetype: Archetype
    meter: str
    year: int
    seed: int
    anomalies: bool = True


@dataclass(frozen=True)
class Simulation:
    """A simulated household-year and its ground truth."""

    household: Household
    truth: pl.DataFrame
    """Per interval: ``start``, ``end`` [UTC], one column per component [Wh], ``reported_wh``
    (what the meter reports; null where the export has a gap), ``production_wh``."""
    daily: pl.DataFrame
    """Per local day: ``day``, ``always_on_w`` (true always-on load [W]), ``absent``."""
    anomalies: list[dict[str, Any]] = field(default_factory=list)

    def curve(self) -> pl.DataFrame:
        """The canonical ``curve`` an export of this household holds (gaps are missing rows)."""
        meter = self.household.meter
        rows = self.truth.filter(pl.col("reported_wh").is_not_null())
        columns = {"consumption": "reported_wh"}
        if self.household.archetype.pv_kwp:
            columns["production"] = "production_wh"
        parts = [
            rows.select(
                meter=pl.lit(meter),
                start="start",
                end="end",
                wh=column,
                direction=pl.lit(direction),
            )
            for direction, column in columns.items()
        ]
        curve = pl.concat(parts).with_columns(
            pl.col("direction").cast(SCHEMAS["curve"]["direction"])
        )
        return curve.select(list(SCHEMAS["curve"])).sort("meter", "direction", "start")


def simulate(household: Household, *, minutes: int = 30) -> Simulation:
    """Simulate one household-year at ``minutes`` (10 or 30) and its ground truth."""
    if minutes not in (10, 30):
        msg = f"minutes must be 10 or 30, got {minutes}"
        raise ValueError(msg)
    a = household.archetype
    cal = calendar(household.year)
    rng = np.random.default_rng(household.seed)
    n, nd = cal.hour.size, len(cal.days)
    d, hour = cal.day, cal.hour
    weekend = (cal.weekday >= 5) | cal.public_holiday
    temp_offset = rng.normal(0, 1.0)
    # Heat demand starts below about 15.5 °C (internal and solar gains cover the rest).
    hdd = np.maximum(0.0, HEATING_BASE_C - (cal.tmean + temp_offset))
    # Households of one archetype differ: insulation, habits, appliances.
    base_scale, heat_scale, use_scale = (
        rng.uniform(0.8, 1.25),
        rng.uniform(0.8, 1.2),
        rng.uniform(0.85, 1.15),
    )

    # Absences (nobody home): summer weeks, a winter week; a second home is mostly empty.
    absent = np.zeros(nd, dtype=np.bool_)
    if a.second_home:
        absent[:] = True
        occupied = (cal.weekday >= 5) & (rng.random(nd) < 0.35)
        summer = (cal.doy >= 196) & (cal.doy < 196 + 21)
        absent &= ~(occupied | summer | cal.public_holiday)
    else:
        summer_start = int(rng.integers(185, 215))
        absent[summer_start : summer_start + int(rng.integers(10, 18))] = True
        winter_start = int(rng.integers(40, 60))
        absent[winter_start : winter_start + 7] = True
    home = ~absent[d]

    # Daily rhythm, drawn per day.
    wake = np.where(weekend, 8.0, 6.6) + rng.normal(0, 0.35, nd)
    sleep = np.where(weekend, 23.6, 22.9) + rng.normal(0, 0.35, nd)
    leave = 8.1 + rng.normal(0, 0.25, nd)
    back = 17.9 + rng.normal(0, 0.5, nd)
    workday = ~weekend & ~cal.school_holiday | (~weekend & (a.occupants <= 2))
    away = a.works_away & workday[d] & (hour >= leave[d]) & (hour < back[d])
    awake = home & (hour >= wake[d]) & (hour < sleep[d]) & ~away

    # Always-on: box, VMC, standby, and cycling fridge and freezer compressors.
    summerness = 0.5 - 0.5 * np.cos(2 * np.pi * (cal.doy - 15) / 365)  # 0 mid-Jan, 1 mid-Jul
    base = a.base_w * base_scale * (1 + 0.05 * rng.standard_normal(nd))
    fridge = (
        a.fridge_w
        * square_wave(n, rng.integers(5, 7, nd), 2, rng.integers(0, 6, nd), d)
        * (1 + 0.2 * summerness[d])
    )
    freezer = a.freezer_w * square_wave(n, rng.integers(6, 8, nd), 3, rng.integers(0, 8, nd), d)
    always_on = base[d] + fridge + freezer

    # Lighting when awake and dark (sunset ~17:00 in winter, ~21:45 in summer).
    sunset = 17.1 + 4.6 * summerness
    sunrise = 8.6 - 2.7 * summerness
    dark = (hour >= sunset[d]) | (hour < sunrise[d])
    lighting = np.where(awake & dark, 60.0 + 45.0 * a.occupants, 0.0) * rng.uniform(0.7, 1.3, n)
    lighting *= use_scale

    # Cooking: breakfast, lunch when home at noon, dinner.
    dinner_at = 19.2 + rng.normal(0, 0.35, nd)
    dinner_len = rng.uniform(0.5, 1.0, nd)
    dinner_kw = rng.uniform(1.2, 2.4, nd) * (0.6 + 0.15 * a.occupants)
    lunch_home = weekend | cal.school_holiday | (~np.full(nd, a.works_away))
    cooking = np.zeros(n)
    cooking += np.where(
        home & (hour >= dinner_at[d]) & (hour < dinner_at[d] + dinner_len[d]),
        1000 * dinner_kw[d],
        0.0,
    )
    cooking += np.where(home & lunch_home[d] & (hour >= 12.2) & (hour < 12.7), 1400.0, 0.0)
    cooking += np.where(home & (hour >= wake[d]) & (hour < wake[d] + 1 / 6), 1800.0, 0.0)

    # Plug loads (TV, computers, chargers) while someone is awake at home.
    plug_loads = np.where(awake, 40.0 + 35.0 * a.occupants, 0.0) * rng.uniform(0.6, 1.4, n)
    plug_loads *= use_scale

    # Appliance cycles (washing machine, dishwasher, dryer): ~1.2 kWh each.
    per_day = rng.poisson(0.22 * a.occupants, nd) * (~absent)
    ev_day = np.repeat(np.arange(nd), per_day)
    when = np.clip(rng.normal(np.where(weekend[ev_day], 11.0, 20.0), 2.0), 7.0, 22.0)
    first_slot = np.searchsorted(cal.day, ev_day)
    start = first_slot + np.round(when * SLOTS_PER_HOUR).astype(np.int64)
    appliances = fill_blocks(n, start, rng.uniform(0.6, 1.8, ev_day.size) * 1000, 2000.0)

    # Heating driven by degree-days, more when people are home and awake.
    heating = np.zeros(n)
    if a.heating != "none":
        heat_wh = a.heating_w_per_hdd * heat_scale * hdd
        if a.heating == "heat_pump":
            cop = np.clip(2.4 + 0.09 * (cal.tmean - temp_offset), 2.0, 4.2)
            heat_wh = heat_wh / cop
        weight = np.where(awake, 1.4, np.where(away, 0.7, 0.9)) * rng.uniform(0.6, 1.4, n)
        heat_wh = np.where(absent, heat_wh * 0.12, heat_wh)  # frost protection when away
        heating = spread(weight, d, heat_wh, nd) * 6.0  # Wh per slot → W
        heating = np.minimum(heating, a.heating_max_kw * 1000)

    # Storage water heater, switched on at off-peak start (or its own timer).
    water_heater = np.zeros(n)
    wh_start: Ints | None = None
    wh_start_clock = a.water_heater_start or a.hc[0][0]
    if a.water_heater_kw:
        need = (1.7 * a.occupants * (1.15 - 0.3 * summerness) + 0.8) * 1000
        need = np.where(absent, 800.0, need) * rng.uniform(0.8, 1.2, nd)
        wh_start = slot_of_day_at(cal, wh_start_clock)
    # EV charging blocks at off-peak start.
    ev = np.zeros(n)
    if a.ev_kw:
        charge = (rng.random(nd) < a.ev_sessions_per_week / 7) & ~absent
        days_ev = np.flatnonzero(charge)
        ev = fill_blocks(
            n,
            slot_of_day_at(cal, a.hc[0][0])[days_ev],
            rng.uniform(8, 24, days_ev.size) * 1000,
            a.ev_kw * 1000,
        )

    kinds = anomaly_plan(a, rng) if household.anomalies else []
    planted = plant(
        kinds,
        a,
        cal,
        rng,
        absent=absent,
        hdd=hdd,
        heat_scale=heat_scale,
        heating=heating,
        water_heater_start=wh_start,
    )
    heating, wh_start = planted.heating, planted.water_heater_start
    zero_days, gap_days = planted.zero_days, planted.gap_days
    if wh_start is not None:  # a water heater: need and wh_start were drawn above
        water_heater = fill_blocks(n, wh_start, need, a.water_heater_kw * 1000)
    always_on = always_on + planted.extra_always_on
    appliances = appliances + planted.spike

    # PV: a clear-sky shape times a daily cloud factor, netted at 10 minutes.
    pv = np.zeros(n)
    if a.pv_kwp:
        decl = np.radians(23.44) * np.sin(2 * np.pi * (284 + cal.doy) / 365)
        lat = np.radians(45.5)
        solar_time = cal.utc_hour + 2.35 / 15 + SLOT_MIN / 120
        omega = np.radians(15 * (solar_time - 12))
        sin_el = np.sin(lat) * np.sin(decl[d]) + np.cos(lat) * np.cos(decl[d]) * np.cos(omega)
        clouds = rng.beta(2 + 3 * summerness, 2.0, nd)
        pv = a.pv_kwp * 1000 * np.clip(sin_el, 0, None) ** 1.15 * (0.25 + 0.75 * clouds[d]) * 0.82

    load = {
        "always_on": always_on,
        "lighting": lighting,
        "cooking": cooking,
        "plug_loads": plug_loads,
        "appliances": appliances,
        "heating": heating,
        "water_heater": water_heater,
        "ev": ev,
    }
    total = np.sum(list(load.values()), axis=0)
    self_consumed = np.minimum(total, pv)
    exported = pv - self_consumed
    step_slots = minutes // SLOT_MIN

    def agg(x: Floats) -> Floats:
        wh: Floats = x.reshape(-1, step_slots).sum(axis=1) * SLOT_MIN / 60  # W per slot → Wh
        return wh

    truth = {k: np.round(agg(v), 2) for k, v in load.items()}  # centi-Wh: enough, and small
    truth["pv_self_consumed"] = -np.round(agg(self_consumed), 2)
    imported = sum(truth.values())
    # The export gives whole watts of average power; book the residual to always-on.
    hours = minutes / 60
    reported = np.round(imported / hours) * hours
    truth["always_on"] = truth["always_on"] + (reported - imported)
    production = np.round(agg(exported) / hours) * hours
    starts = cal.start_us[::step_slots]
    frame = pl.DataFrame(
        {
            "start": starts,
            "end": starts + minutes * 60_000_000,
            **truth,
            "reported_wh": reported,
            "production_wh": production,
        }
    ).with_columns(pl.col("start", "end").cast(pl.Datetime("us", "UTC")))
    slot_day = d[::step_slots]
    if zero_days:
        frame = frame.with_columns(
            reported_wh=pl.when(pl.Series(np.isin(slot_day, zero_days)))
            .then(0.0)
            .otherwise(pl.col("reported_wh"))
        )
    if gap_days:
        frame = frame.with_columns(
            reported_wh=pl.when(pl.Series(np.isin(slot_day, gap_days)))
            .then(None)
            .otherwise(pl.col("reported_wh"))
        )
    always_on_w = np.bincount(d, weights=always_on, minlength=nd) / np.bincount(d, minlength=nd)
    daily = pl.DataFrame({"day": cal.days, "always_on_w": always_on_w, "absent": absent})
    return Simulation(household, frame, daily, planted.labels)
