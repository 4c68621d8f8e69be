"""A capture's canonical tables, from its per-minute summaries.

- ``registers``: the first reading of each index register in each minute.
- ``curve``: 30 minutes of energy from register differences (the first reading of a
  half-hour to the first of the next); consumption from ``EAST`` (standard) or the sum of
  the historic index registers (``BASE``, ``HCHC``+``HCHP``, Tempo's six, EJP's two),
  production from ``EAIT``. A register that wraps past 999 999 999 Wh is carried over; one
  that goes back otherwise (a meter change) leaves that half-hour out, noted.
- ``peaks``: the meter's own daily maximum (``SMAXSN``, with its time) when sent, else the
  highest ``PAPP``/``SINSTS`` seen that day.
- ``periods``: the tariff period the meter applied in each
  half-hour (``PTEC``/``LTARF``), which tells the household's real off-peak hours.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import numpy as np
import polars as pl

from ingest.export import Note
from ingest.formats.tic.labels import HISTORIC_REGISTERS, LABEL
from ingest.schema import TIME_ZONE, conform, empty
from words import said

if TYPE_CHECKING:
    from ingest.formats.tic.minutes import Minutes


WRAP = 1_000_000_000
"""A 9-digit index register rolls over here. [Wh]"""
HALF_HOUR = dt.timedelta(minutes=30)


def register_rows(minutes: Minutes) -> pl.DataFrame:
    """First reading of each register in each minute (chunks may share a minute).

    Sorted by register name and time with one NumPy ``lexsort``: months of capture hold
    hundreds of thousands of minutes, and a Polars group-by's temporaries would be several
    times their size (memory must not grow with the capture).
    """
    if not minutes.registers:
        utc = pl.Datetime("us", "UTC")
        return pl.DataFrame(
            schema={"label": pl.String, "minute": utc, "at": utc, "value": pl.Float64}
        )
    rows = pl.concat(minutes.registers)
    key = rows["key"].to_numpy()
    at = rows["at"].to_physical().to_numpy()
    minute = rows["minute"].to_physical().to_numpy()
    # Registers by name: each key's rank among the label names in alphabetical order.
    names = sorted(LABEL.items(), key=lambda item: item[1])
    keys = np.array([k for k, _ in names], dtype=np.int64)
    by_key = np.argsort(keys)
    rank = by_key[np.searchsorted(keys[by_key], key)]
    order = np.lexsort((at, rank))
    rank, minute = rank[order], minute[order]
    first = np.ones(order.size, dtype=bool)
    first[1:] = (rank[1:] != rank[:-1]) | (minute[1:] != minute[:-1])
    kept = rows[order[first]]
    label = pl.col("key").replace_strict(LABEL, return_dtype=pl.String)
    return kept.select(label=label, minute="minute", at="at", value="value")


def half_hours(registers: pl.DataFrame) -> tuple[pl.DataFrame, list[Note]]:
    """Half-hours of energy from the register differences."""
    if registers.height == 0:
        return empty("curve"), []
    labels = set(registers["label"].unique().to_list())
    consumption = ["EAST"] if "EAST" in labels else [x for x in HISTORIC_REGISTERS if x in labels]
    production = ["EAIT"] if "EAIT" in labels else []
    slots = (
        registers.with_columns(slot=pl.col("at").dt.truncate("30m"))
        .group_by("label", "slot")
        .agg(pl.col("value").first())
        .sort("label", "slot")
        .with_columns(
            next_value=pl.col("value").shift(-1).over("label"),
            next_slot=pl.col("slot").shift(-1).over("label"),
        )
        .filter(pl.col("next_slot") == pl.col("slot") + HALF_HOUR)
        .with_columns(step=pl.col("next_value") - pl.col("value"))
        .with_columns(
            step=pl.when((pl.col("step") < 0) & (pl.col("value") > WRAP * 0.9))
            .then(pl.col("step") + WRAP)
            .otherwise(pl.col("step"))
        )
    )
    resets = slots.filter(pl.col("step") < 0)
    notes = [
        Note("skipped", said("ingest.note.tic_went_back", register=r, time=f"{s:%Y-%m-%d %H:%M}"))
        for r, s in resets.select("label", "slot").iter_rows()
    ]
    bad = set(resets["slot"].to_list())
    slots = slots.filter(~pl.col("slot").is_in(list(bad)))
    frames = []
    for direction, chosen in (("consumption", consumption), ("production", production)):
        if not chosen:
            continue
        part = (
            slots.filter(pl.col("label").is_in(chosen))
            .group_by("slot")
            .agg(wh=pl.col("step").sum(), n=pl.len())
        )
        part = part.filter(pl.col("n") == len(chosen))
        frames.append(
            part.select(
                meter=pl.lit(""),
                start="slot",
                end=pl.col("slot") + HALF_HOUR,
                wh="wh",
                direction=pl.lit(direction),
            )
        )
    if not frames:
        return empty("curve"), notes
    return conform(pl.concat(frames).sort("direction", "start"), "curve"), notes


def daily_peaks(minutes: Minutes, meter: str) -> pl.DataFrame:
    """The daily maximum apparent power [VA] and when it was first reached."""
    own = pl.concat(minutes.maximum) if minutes.maximum else pl.DataFrame()
    seen = pl.concat(minutes.power) if minutes.power else pl.DataFrame()
    source = own if own.height else seen
    if source.height == 0:
        return empty("peaks")
    daily = (
        source.with_columns(day=pl.col("at").dt.convert_time_zone(TIME_ZONE).dt.date())
        # A maximum reached several times is dated by its first time (Polars' sort is not
        # stable: sorting by value alone gave a tied peak another instant on each run).
        .sort(["value", "at"], descending=[True, False])
        .group_by("day")
        .agg(pl.col("value", "at").first())
    )
    return conform(daily.select(meter=pl.lit(meter), day="day", va="value", at="at"), "peaks")


def tariff_periods(minutes: Minutes) -> pl.DataFrame:
    """The tariff period the meter reported most in each half-hour (a tie: the first one)."""
    if not minutes.periods:
        return pl.DataFrame(schema={"start": pl.Datetime("us", "UTC"), "period": pl.String})
    return (
        pl.concat(minutes.periods)
        .with_columns(start=pl.col("minute").dt.truncate("30m"))
        .group_by("start", "period")
        .agg(n=pl.len(), first=pl.col("minute").min())
        .sort(["start", "n", "first"], descending=[False, True, False])
        .group_by("start", maintain_order=True)
        .agg(pl.col("period").first())
    )
