"""The anomalies planted in a simulated household-year, and their ground-truth labels.

Each archetype gets its own mix (:func:`anomaly_plan`); :func:`plant` draws each one's
days and size and says what it adds to the components. A label gives the local days
``[start, end)``, the size with its unit, and a sentence.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from sample_loadcurves.slot_power import spread
from sample_loadcurves.year_calendar import SLOTS_PER_HOUR, Calendar, Floats, Ints, slot_of_day_at

if TYPE_CHECKING:
    import numpy.typing as npt

    from sample_loadcurves.archetypes import Archetype

AnomalyKind = Literal[
    "baseload_step",
    "heating_during_absence",
    "water_heater_in_hp",
    "spike_day",
    "gap",
    "zero_day",
]


@dataclass(frozen=True)
class Planted:
    """What the planted anomalies do to one household-year."""

    labels: list[dict[str, Any]]
    extra_always_on: Floats
    """Per slot: the always-on load a baseload step adds. [W]"""
    spike: Floats
    """Per slot: what a spike day adds to the appliances. [W]"""
    heating: Floats
    """Per slot: the heating, with what was left on while nobody was home. [W]"""
    water_heater_start: Ints | None
    """Per day: the slot the water heater starts at (moved into peak hours on some days)."""
    zero_days: list[int]
    """Indices of the days the meter reports zero all day."""
    gap_days: list[int]
    """Indices of the days the export lacks."""


def plant(
    kinds: list[AnomalyKind],
    a: Archetype,
    cal: Calendar,
    rng: np.random.Generator,
    *,
    absent: npt.NDArray[np.bool_],
    hdd: Floats,
    heat_scale: float,
    heating: Floats,
    water_heater_start: Ints | None,
) -> Planted:
    """Draw each anomaly of ``kinds`` in turn from ``rng``; what they add, and their labels.

    ``hdd`` is the household's heating degree-days per day [°C·day], ``heating`` its
    heating per slot before the anomalies [W], ``water_heater_start`` the slot its water
    heater starts at each day (None without one).
    """
    n, nd = cal.hour.size, len(cal.days)
    d, hour = cal.day, cal.hour
    labels: list[dict[str, Any]] = []
    extra_always_on = np.zeros(n)
    spike = np.zeros(n)
    zero_days: list[int] = []
    gap_days: list[int] = []
    for kind in kinds:
        if kind == "baseload_step":
            s = int(rng.integers(30, 300))
            length = int(rng.integers(20, 40))
            watts = float(rng.uniform(70, 130))
            extra_always_on[(d >= s) & (d < s + length)] = watts
            labels.append(
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
            add = spread(w, d, np.pad(normal * 0.88, (s, nd - e)), nd) * 6.0
            heating = np.minimum(heating + add, a.heating_max_kw * 1000)
            labels.append(
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
        elif kind == "water_heater_in_hp" and water_heater_start is not None:
            s = int(rng.integers(60, 280))
            length = int(rng.integers(14, 24))
            moved = slot_of_day_at(cal, "17:30")
            water_heater_start = np.where(
                (np.arange(nd) >= s) & (np.arange(nd) < s + length), moved, water_heater_start
            )
            labels.append(
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
            labels.append(
                _label(cal, kind, s, s + 1, kwh, "kWh", "a day far above the household's usual")
            )
        elif kind == "gap":
            s = int(rng.integers(10, nd - 10))
            length = int(rng.integers(1, 4))
            gap_days.extend(range(s, s + length))
            labels.append(
                _label(cal, kind, s, s + length, float(length), "days", "no data transmitted")
            )
        elif kind == "zero_day":
            s = int(rng.integers(10, nd - 10))
            while s in gap_days:
                s += 1
            zero_days.append(s)
            labels.append(
                _label(cal, kind, s, s + 1, 0.0, "kWh", "the meter reported zero all day")
            )
    return Planted(labels, extra_always_on, spike, heating, water_heater_start, zero_days, gap_days)


def _runs(mask: npt.NDArray[np.bool_]) -> list[tuple[int, int]]:
    """``[start, end)`` of each run of True days."""
    edges = np.diff(np.concatenate(([0], mask.astype(np.int8), [0])))
    return list(
        zip(np.flatnonzero(edges == 1).tolist(), np.flatnonzero(edges == -1).tolist(), strict=True)
    )


def anomaly_plan(a: Archetype, rng: np.random.Generator) -> list[AnomalyKind]:
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
