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

import datetime as dt
import functools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import holidays
import numpy as np
import numpy.typing as npt
import polars as pl

from analysis.reference import normals, temperatures
from ingest.schema import SCHEMAS, TIME_ZONE

if TYPE_CHECKING:
    from sample_loadcurves.archetypes import Archetype

SLOT_MIN = 10
HEATING_BASE_C = 15.5
"""Outdoor mean temperature below which a home needs heat. [°C]"""
SLOTS_PER_HOUR = 60 // SLOT_MIN
Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]

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

AnomalyKind = Literal[
    "baseload_step",
    "heating_during_absence",
    "water_heater_in_hp",
    "spike_day",
    "gap",
    "zero_day",
]


# --- the calendar of a year ----------------------------------------------------------------


@dataclass(frozen=True)
class Calendar:
    """The 10-minute slots of one local year and what each day is."""

    year: int
    start_us: Ints
    """Slot starts, UTC. [µs since epoch]"""
    hour: Floats
    """Local wall-clock hour of the slot start, e.g. 22.5 for 22:30. [h]"""
    utc_hour: Floats
    day: Ints
    """Index of the slot's local day in ``days``."""
    days: list[dt.date]
    weekday: Ints
    """Per day: 0 = Monday … 6 = Sunday."""
    public_holiday: npt.NDArray[np.bool_]
    school_holiday: npt.NDArray[np.bool_]
    doy: Ints
    """Per day: day of the year, 1-based."""
    hdd: Floats
    """Per day: heating degree-days base 18 °C. [°C·day]"""
    tmean: Floats
    """Per day: mean outdoor temperature. [°C]"""


def _school_holidays(days: list[dt.date]) -> npt.NDArray[np.bool_]:
    """Approximate French school holidays (the windows every zone shares, give or take)."""
    out = np.zeros(len(days), dtype=np.bool_)
    for i, d in enumerate(days):  # 365 days, not rows of data
        md = (d.month, d.day)
        out[i] = (
            md >= (12, 21)
            or md <= (1, 3)
            or (2, 10) <= md <= (2, 25)
            or (4, 8) <= md <= (4, 22)
            or (7, 6) <= md <= (8, 31)
            or (10, 19) <= md <= (11, 3)
        )
    return out


def _weather(year: int, days: pl.Series) -> pl.DataFrame:
    """Per day of ``year``: ``tmean_c`` [°C] and ``hdd18`` [°C·day], in the order of ``days``.

    The year's own French temperatures, the ones the analysis reads, so a simulated home
    heats on the days the analysis knows were cold; a day the reference lacks (28 month
    ends) gets its calendar day's normal. A year the reference does not cover borrows a
    complete year's weather, in turn.
    """
    temps = temperatures()
    covered = temps["day"].dt.year().unique().sort().to_list()
    full = [y for y in covered if temps.filter(pl.col("day").dt.year() == y).height >= 365]
    source_year = year if year in covered else full[(year - full[0]) % len(full)]
    t = temps.filter(pl.col("day").dt.year() == source_year).select(
        month=pl.col("day").dt.month(), dom=pl.col("day").dt.day(), tmean_c="tmean_c"
    )
    frame = pl.DataFrame({"month": days.dt.month(), "dom": days.dt.day()})
    return (
        frame.join(t, on=["month", "dom"], how="left", maintain_order="left")
        .join(normals(), on=["month", "dom"], how="left", maintain_order="left")
        .select(tmean_c=pl.coalesce("tmean_c", "normal_c"))
        .with_columns(hdd18=(18.0 - pl.col("tmean_c")).clip(0))
    )


@functools.cache
def calendar(year: int) -> Calendar:
    """The slots of ``year`` (local days, so 46- and 50-half-hour DST days included)."""
    starts = pl.datetime_range(
        pl.datetime(year, 1, 1, time_zone=TIME_ZONE),
        pl.datetime(year + 1, 1, 1, time_zone=TIME_ZONE),
        f"{SLOT_MIN}m",
        closed="left",
        eager=True,
    )
    local = starts.to_frame("t").select(
        hour=pl.col("t").dt.hour() + pl.col("t").dt.minute() / 60,
        date=pl.col("t").dt.date(),
        utc=pl.col("t").dt.convert_time_zone("UTC"),
    )
    utc = local["utc"]
    date = local["date"]
    days = pl.date_range(dt.date(year, 1, 1), dt.date(year, 12, 31), eager=True)
    day_index = (date - dt.date(year, 1, 1)).dt.total_days().to_numpy().astype(np.int64)
    per_day = _weather(year, days)
    day_list = days.to_list()
    fr = holidays.country_holidays("FR", years=year)
    return Calendar(
        year=year,
        start_us=utc.dt.epoch("us").to_numpy(),
        hour=local["hour"].to_numpy().astype(np.float64),
        utc_hour=(utc.dt.hour() + utc.dt.minute() / 60).to_numpy().astype(np.float64),
        day=day_index,
        days=day_list,
        weekday=(days.dt.weekday() - 1).to_numpy().astype(np.int64),
        public_holiday=np.array([d in fr for d in day_list]),
        school_holiday=_school_holidays(day_list),
        doy=days.dt.ordinal_day().to_numpy().astype(np.int64),
        hdd=per_day["hdd18"].to_numpy().astype(np.float64),
        tmean=per_day["tmean_c"].to_numpy().astype(np.float64),
    )


# --- one household ---------------------------------------------------------------------------


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


def _square_wave(n: int, period: Ints, on: int, phase: Ints, day: Ints) -> Floats:
    """1 while a cycling compressor runs, else 0: ``on`` slots out of each day's ``period``."""
    slot = np.arange(n, dtype=np.int64)
    return (((slot + phase[day]) % period[day]) < on).astype(np.float64)


def _fill_blocks(n: int, start: Ints, energy_wh: Floats, power_w: float) -> Floats:
    """Power per slot of blocks running at ``power_w`` from ``start`` until ``energy_wh``.

    Each block fills whole slots at full power and one last slot partly. [W]
    """
    out = np.zeros(n, dtype=np.float64)
    per_slot = power_w * SLOT_MIN / 60
    full = np.floor(energy_wh / per_slot).astype(np.int64)
    rest = energy_wh - full * per_slot
    owner = np.repeat(np.arange(start.size), full)
    offset = np.arange(owner.size) - np.repeat(np.cumsum(full) - full, full)
    idx = start[owner] + offset
    keep = idx < n
    np.add.at(out, idx[keep], power_w)
    last = start + full
    ok = (last < n) & (rest > 0)
    np.add.at(out, last[ok], rest[ok] * 60 / SLOT_MIN)
    return out


def _slot_of_day_at(cal: Calendar, clock: str) -> Ints:
    """Per day: the first slot at or after the local time ``clock`` (``"22:30"``)."""
    h, m = (int(x) for x in clock.split(":"))
    target = h + m / 60
    hit = np.flatnonzero((cal.hour >= target - 1e-9) & (cal.hour < target + SLOT_MIN / 60 - 1e-9))
    first = np.full(len(cal.days), -1, dtype=np.int64)
    days = cal.day[hit]
    order = np.argsort(days, kind="stable")
    days, hit = days[order], hit[order]
    keep = np.concatenate(([True], days[1:] != days[:-1])) if days.size else days.astype(bool)
    first[days[keep]] = hit[keep]
    return np.where(first >= 0, first, np.searchsorted(cal.day, np.arange(len(cal.days))))


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
        * _square_wave(n, rng.integers(5, 7, nd), 2, rng.integers(0, 6, nd), d)
        * (1 + 0.2 * summerness[d])
    )
    freezer = a.freezer_w * _square_wave(n, rng.integers(6, 8, nd), 3, rng.integers(0, 8, nd), d)
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
    appliances = _fill_blocks(n, start, rng.uniform(0.6, 1.8, ev_day.size) * 1000, 2000.0)

    # Heating driven by degree-days, more when people are home and awake.
    heating = np.zeros(n)
    if a.heating != "none":
        heat_wh = a.heating_w_per_hdd * heat_scale * hdd
        if a.heating == "heat_pump":
            cop = np.clip(2.4 + 0.09 * (cal.tmean - temp_offset), 2.0, 4.2)
            heat_wh = heat_wh / cop
        weight = np.where(awake, 1.4, np.where(away, 0.7, 0.9)) * rng.uniform(0.6, 1.4, n)
        heat_wh = np.where(absent, heat_wh * 0.12, heat_wh)  # frost protection when away
        heating = _spread(weight, d, heat_wh, nd) * 6.0  # Wh per slot → W
        heating = np.minimum(heating, a.heating_max_kw * 1000)

    # Storage water heater, switched on at off-peak start (or its own timer).
    water_heater = np.zeros(n)
    wh_start_clock = a.water_heater_start or a.hc[0][0]
    if a.water_heater_kw:
        need = (1.7 * a.occupants * (1.15 - 0.3 * summerness) + 0.8) * 1000
        need = np.where(absent, 800.0, need) * rng.uniform(0.8, 1.2, nd)
        wh_start = _slot_of_day_at(cal, wh_start_clock)
    # EV charging blocks at off-peak start.
    ev = np.zeros(n)
    if a.ev_kw:
        charge = (rng.random(nd) < a.ev_sessions_per_week / 7) & ~absent
        days_ev = np.flatnonzero(charge)
        ev = _fill_blocks(
            n,
            _slot_of_day_at(cal, a.hc[0][0])[days_ev],
            rng.uniform(8, 24, days_ev.size) * 1000,
            a.ev_kw * 1000,
        )

    anomalies: list[dict[str, Any]] = []
    extra_always_on = np.zeros(n)
    spike = np.zeros(n)
    zero_days: list[int] = []
    gap_days: list[int] = []
    if household.anomalies:
        kinds = _anomaly_plan(a, rng)
        for kind in kinds:
            if kind == "baseload_step":
                s = int(rng.integers(30, 300))
                length = int(rng.integers(20, 40))
                watts = float(rng.uniform(70, 130))
                extra_always_on[(d >= s) & (d < s + length)] = watts
                anomalies.append(
                    _label(
                        cal,
                        kind,
                        s,
                        s + length,
                        watts,
                        "W",
                        "the freezer's compressor runs far more often",
                    )
                )
            elif kind == "heating_during_absence":
                runs = _runs(absent & (hdd > 6))
                if not runs:
                    continue
                s, e = max(runs, key=lambda r: r[1] - r[0])
                normal = a.heating_w_per_hdd * heat_scale * hdd[s:e]
                if a.heating == "heat_pump":
                    normal = normal / np.clip(2.4 + 0.09 * cal.tmean[s:e], 2.0, 4.2)
                w = np.where((d >= s) & (d < e), rng.uniform(0.8, 1.2, n), 0.0)
                add = _spread(w, d, np.pad(normal * 0.88, (s, nd - e)), nd) * 6.0
                heating = np.minimum(heating + add, a.heating_max_kw * 1000)
                anomalies.append(
                    _label(
                        cal,
                        kind,
                        s,
                        e,
                        float(normal.sum() * 0.88 / 1000),
                        "kWh",
                        "the heating stayed on while nobody was home",
                    )
                )
            elif kind == "water_heater_in_hp":
                s = int(rng.integers(60, 280))
                length = int(rng.integers(14, 24))
                moved = _slot_of_day_at(cal, "17:30")
                wh_start = np.where(
                    (np.arange(nd) >= s) & (np.arange(nd) < s + length), moved, wh_start
                )
                anomalies.append(
                    _label(
                        cal,
                        kind,
                        s,
                        s + length,
                        float(a.water_heater_kw),
                        "kW",
                        "the water heater ran in peak hours, not off-peak",
                    )
                )
            elif kind == "spike_day":
                s = int(rng.integers(10, nd - 10))
                kwh = float(rng.uniform(12, 25))
                mask = (d == s) & (hour >= 10) & (hour < 18)
                spike[mask] = kwh * 1000 / (mask.sum() / SLOTS_PER_HOUR)
                anomalies.append(
                    _label(cal, kind, s, s + 1, kwh, "kWh", "a day far above the household's usual")
                )
            elif kind == "gap":
                s = int(rng.integers(10, nd - 10))
                length = int(rng.integers(1, 4))
                gap_days.extend(range(s, s + length))
                anomalies.append(
                    _label(cal, kind, s, s + length, float(length), "days", "no data transmitted")
                )
            elif kind == "zero_day":
                s = int(rng.integers(10, nd - 10))
                while s in gap_days:
                    s += 1
                zero_days.append(s)
                anomalies.append(
                    _label(cal, kind, s, s + 1, 0.0, "kWh", "the meter reported zero all day")
                )
    if a.water_heater_kw:
        water_heater = _fill_blocks(n, wh_start, need, a.water_heater_kw * 1000)
    always_on = always_on + extra_always_on
    appliances = appliances + spike

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
    return Simulation(household, frame, daily, anomalies)


def _spread(weight: Floats, day: Ints, per_day_wh: Floats, nd: int) -> Floats:
    """Share each day's energy over its slots in proportion to ``weight``. [Wh per slot]."""
    sums = np.bincount(day, weights=weight, minlength=nd)
    share = np.divide(weight, sums[day], out=np.zeros_like(weight), where=sums[day] > 0)
    out: Floats = share * per_day_wh[day]
    return out


def _runs(mask: npt.NDArray[np.bool_]) -> list[tuple[int, int]]:
    """``[start, end)`` of each run of True days."""
    edges = np.diff(np.concatenate(([0], mask.astype(np.int8), [0])))
    return list(
        zip(np.flatnonzero(edges == 1).tolist(), np.flatnonzero(edges == -1).tolist(), strict=True)
    )


def _anomaly_plan(a: Archetype, rng: np.random.Generator) -> list[AnomalyKind]:
    """Which anomalies this household gets (each archetype a different mix)."""
    kinds: list[AnomalyKind] = ["spike_day", "gap", "zero_day"]
    if a.freezer_w or a.fridge_w:
        kinds.append("baseload_step")
    if a.heating != "none":
        kinds.append("heating_during_absence")
    if a.water_heater_kw and a.water_heater_start is None:
        kinds.append("water_heater_in_hp")
    keep = rng.random(len(kinds)) < 0.85
    keep[0] = True
    return [k for k, m in zip(kinds, keep, strict=True) if m]


def _label(
    cal: Calendar, kind: AnomalyKind, first: int, end: int, size: float, unit: str, what: str
) -> dict[str, Any]:
    """An anomaly label: kind, local days [first, end), size with its unit, and a sentence."""
    start_day = cal.days[first]
    end_day = cal.days[end] if end < len(cal.days) else dt.date(cal.year + 1, 1, 1)
    return {
        "kind": kind,
        "start": start_day.isoformat(),
        "end": end_day.isoformat(),
        "size": round(size, 3),
        "unit": unit,
        "description": what,
    }
