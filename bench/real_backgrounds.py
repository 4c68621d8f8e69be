"""Known events injected into copies of the real curves of ../shared/real_exports.

Each copy of a real household's curve gets events of every kind at random dates (fixed
seeds), so a detector is judged on real habits, real heating and real noise, not only on
the simulator's. What each event does to the curve:

- ``baseload_step``: +70–150 W on every interval for 20–40 days (a freezer that frosts);
- ``zero_day``: one whole local day reported as 0 Wh;
- ``heating_during_absence``: 4–10 days on which nobody is home: each interval is that
  day's own night floor (what runs unattended, night heating included) plus 400–1200 W
  left on (a radiator, the water heater kept hot), ±5 % from one interval to the next;
- ``spike_day``: +12–25 kWh between 17:00 and 24:00 of one day, uneven from one interval
  to the next (guests, a heater, a sauna);
- ``gap``: 2–72 h of rows removed;
- ``water_heater_in_hp``: a 2–3 kW water heater is added at 22:00 every night (3–5 kWh),
  then moved to 17:30 for 14–24 days (a timer or a contactor gone wrong).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from analysis import baseload
from analysis.curve import daily as daily_energy
from analysis.curve import prepare
from ingest import read_export

if TYPE_CHECKING:
    from collections.abc import Callable

    import numpy as np

REAL_EXPORTS = Path(__file__).parent.parent.parent / "shared" / "real_exports"
"""The real exports, ../shared/real_exports from the repository root."""
FILES: dict[str, str] = {
    "guiedf 2023-24": "enedis_portal_csv/guiedf_conso_heure_2023-08-09_2024-07-25.csv",
    "guiedf 2022-24 (mixed step)": (
        "enedis_portal_csv/guiedf_conso_heure_2022-10-24_2024-07-25_mixed_step.csv"
    ),
    "edfcomparateur 2022-23": "enedis_portal_csv/edfcomparateur_consoexemple_2022-07_2023-07.csv",
    "solarcalculet R63 2023": "enedis_r63_csv/solarcalculet_r63_cdc_lines0001-11500.csv",
}
KINDS = (
    "baseload_step",
    "zero_day",
    "heating_during_absence",
    "spike_day",
    "gap",
)
HEATER_START_MIN, HEATER_MOVED_MIN = 22 * 60, 17 * 60 + 30
SPACING_DAYS = 6
"""Days kept free between two events, so each is judged against untouched days."""


@dataclass(frozen=True)
class Background:
    """One real curve, read once: the canonical curve and its complete days."""

    name: str
    curve: pl.DataFrame
    days: list[dt.date]
    """Complete days (full coverage), where events may go."""
    floor_w: dict[dt.date, float]
    """Each day's own night floor [W] (baseload.daily), for the absences."""


def available() -> bool:
    """Whether the real exports are there (they are absent outside the project's machine)."""
    return all((REAL_EXPORTS / f).is_file() for f in FILES.values())


def load(name: str) -> Background:
    """Read one of :data:`FILES` with the project's own reader."""
    curve = read_export(REAL_EXPORTS / FILES[name]).curve.filter(
        pl.col("direction") == "consumption"
    )
    p = prepare(curve)
    d = daily_energy(p).filter(pl.col("coverage") >= 0.999)
    floors = baseload.daily(p)
    return Background(
        name, curve, d["day"].to_list(), dict(zip(floors["day"], floors["w"], strict=True))
    )


def _local(curve: pl.DataFrame) -> pl.DataFrame:
    local = pl.col("start").dt.convert_time_zone("Europe/Paris")
    return curve.with_columns(
        ld=local.dt.date(),
        minute=local.dt.hour().cast(pl.Int32) * 60 + local.dt.minute().cast(pl.Int32),
        mins=(pl.col("end") - pl.col("start")).dt.total_minutes(),
    )


def _block(minute: pl.Expr, mins: pl.Expr, start_min: int, hours: pl.Expr) -> pl.Expr:
    """Share of each interval [0–1] inside a block starting at ``start_min`` (local)."""
    rel = (minute - start_min) % 1440
    inside = (pl.min_horizontal(rel + mins, hours * 60) - rel).clip(0)
    return inside / mins


def inject(
    bg: Background, rng: np.random.Generator, *, heater: bool
) -> tuple[pl.DataFrame, list[dict[str, Any]]]:
    """A copy of ``bg``'s curve with one event of each kind; the labels."""
    kinds = list(KINDS) + (["water_heater_in_hp"] if heater else [])
    rng.shuffle(kinds)
    # Dates in random order; the curve is changed in a fixed one, so a zero day or a gap
    # stays one whatever was added around it.
    order = [
        "baseload_step",
        "water_heater_in_hp",
        "heating_during_absence",
        "spike_day",
        "zero_day",
        "gap",
    ]
    lengths: dict[str, Callable[[], int]] = {
        "baseload_step": lambda: int(rng.integers(20, 41)),
        "zero_day": lambda: 1,
        "heating_during_absence": lambda: int(rng.integers(4, 11)),
        "spike_day": lambda: 1,
        "gap": lambda: 1,
        "water_heater_in_hp": lambda: int(rng.integers(14, 25)),
    }
    days = set(bg.days)
    first, last = min(bg.days), max(bg.days)
    taken: list[tuple[dt.date, dt.date]] = []
    c = _local(bg.curve)
    labels: list[dict[str, Any]] = []
    w = pl.col("wh") * 60 / pl.col("mins")
    plans: list[tuple[str, dt.date, dt.date, int]] = []
    for kind in kinds:
        n = lengths[kind]()
        for _ in range(200):  # draw dates until one fits: a few tries, not rows
            s = first + dt.timedelta(days=int(rng.integers(35, (last - first).days - n - 5)))
            e = s + dt.timedelta(days=n)
            span = [s + dt.timedelta(days=i) for i in range(n)]
            free = all(
                e + dt.timedelta(days=SPACING_DAYS) <= a or b + dt.timedelta(days=SPACING_DAYS) <= s
                for a, b in taken
            )
            if free and all(d in days for d in span):
                taken.append((s, e))
                plans.append((kind, s, e, n))
                break
    for kind, s, e, n in sorted(plans, key=lambda p: order.index(p[0])):
        inside = pl.col("ld").is_between(s, e, closed="left")
        size: float = 0.0
        if kind == "baseload_step":
            size = float(rng.uniform(70, 150))
            c = c.with_columns(
                wh=pl.when(inside).then(pl.col("wh") + size * pl.col("mins") / 60).otherwise("wh")
            )
        elif kind == "zero_day":
            c = c.with_columns(wh=pl.when(inside).then(0.0).otherwise("wh"))
        elif kind == "heating_during_absence":
            left_on = float(rng.uniform(400, 1200))
            floor = pl.col("ld").replace_strict(bg.floor_w, default=None, return_dtype=pl.Float64)
            noise = pl.Series(rng.uniform(0.95, 1.05, c.height))
            new_w = (floor.fill_null(w) + left_on) * noise
            c = c.with_columns(wh=pl.when(inside).then(new_w * pl.col("mins") / 60).otherwise("wh"))
            size = left_on * 24 * n / 1000
        elif kind == "spike_day":
            size = float(rng.uniform(12, 25))
            evening = inside & (pl.col("minute") >= 17 * 60)
            weight = (
                pl.when(evening)
                .then(pl.Series(rng.uniform(0.6, 1.4, c.height)) * pl.col("mins"))
                .otherwise(0.0)
            )
            c = c.with_columns(wh=pl.col("wh") + size * 1000 * weight / weight.sum())
        elif kind == "gap":
            hours = float(rng.uniform(2, 72))
            at = int(rng.integers(0, 24))
            t0 = (
                pl.Series([dt.datetime.combine(s, dt.time(at))])
                .dt.replace_time_zone("Europe/Paris", ambiguous="earliest", non_existent="null")
                .dt.convert_time_zone("UTC")[0]
            )
            if t0 is None:
                continue
            t1 = t0 + dt.timedelta(hours=hours)
            c = c.filter(~((pl.col("start") >= t0) & (pl.col("start") < t1)))
            e = pl.Series([t1 - dt.timedelta(microseconds=1)]).dt.convert_time_zone(
                "Europe/Paris"
            ).dt.date()[0] + dt.timedelta(days=1)
            size = hours
        elif kind == "water_heater_in_hp":
            power = float(rng.uniform(2000, 3000))
            hours_on = pl.lit(float(rng.uniform(3000, 5000)) / power)
            moved_night = (
                pl.when(pl.col("minute") >= HEATER_START_MIN)
                .then(pl.col("ld"))
                .otherwise(pl.col("ld") - dt.timedelta(days=1))
            )
            normal = _block(pl.col("minute"), pl.col("mins"), HEATER_START_MIN, hours_on)
            moved = _block(pl.col("minute"), pl.col("mins"), HEATER_MOVED_MIN, hours_on)
            share = pl.when(moved_night.is_between(s, e, closed="left")).then(0.0).otherwise(
                normal
            ) + pl.when(inside).then(moved).otherwise(0.0)
            c = c.with_columns(wh=pl.col("wh") + power * share * pl.col("mins") / 60)
            size = power / 1000
        labels.append({"kind": kind, "s": s, "e": e, "size": size})
    return c.drop("ld", "minute", "mins"), labels
