"""The dated price grids: the options, their prices by period and kVA, the grid of each day."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import Literal
from zoneinfo import ZoneInfo

import polars as pl

import words
from analysis.reference import DATA
from ingest.schema import TIME_ZONE

Option = Literal["base", "hphc", "tempo", "ejp"]
OPTIONS: tuple[Option, ...] = ("base", "hphc", "tempo", "ejp")


def option_name(option: str, lang: words.Lang = "fr") -> str:
    """An option's name in ``lang`` (``option.<name>`` in the catalogue).

    "Heures creuses" in French, "Peak/Off-peak" in English.
    """
    return words.say(f"option.{option}", lang)


Prices = Literal["latest", "dated"]


@functools.cache
def grid() -> pl.DataFrame:
    """The tariff table: one row per validity period, option and kVA.

    ``valid_from`` and ``valid_to`` [date, inclusive; ``valid_to`` null while in force], one
    column per price component (``subscription`` [EUR/year], ``energy``, ``energy_hp``…
    [EUR/kWh]) and ``source`` (explained in ``analysis/data/SOURCES.md``).
    """
    raw = pl.read_csv(DATA / "tariffs.csv", try_parse_dates=True)
    wide = raw.pivot(
        on="component",
        index=["valid_from", "valid_to", "option", "kva"],
        values="value",
        aggregate_function="first",
    )
    sources = raw.group_by("valid_from", "option", "kva").agg(
        source=pl.col("source").unique().sort().str.join(" ")
    )
    return wide.join(sources, on=["valid_from", "option", "kva"]).sort(
        "option", "kva", "valid_from"
    )


def _current_from(g: pl.DataFrame, on: dt.date) -> dt.date:
    """The first day of the grid in force on a day.

    Else of the latest grid begun by then, else of the first one (``g``: one option's rows).
    """
    begun = g.filter(pl.col("valid_from") <= on)["valid_from"]
    out: dt.date = begun.max() if begun.len() else g["valid_from"].min()  # type: ignore[assignment]
    return out


def paris_today() -> dt.date:
    """Today in France: what ``prices="latest"`` means by default."""
    return dt.datetime.now(tz=ZoneInfo(TIME_ZONE)).date()


def kvas(option: Option, *, today: dt.date | None = None) -> list[int]:
    """The subscribed powers an option is offered at in the grid in force today. [kVA].

    Else in its latest grid (EJP has none known since 2026-08-01).
    """
    return list(_kvas(option, today or paris_today()))


@functools.lru_cache(maxsize=64)
def _kvas(option: Option, today: dt.date) -> tuple[int, ...]:
    g = grid().filter(pl.col("option") == option)
    latest = _current_from(g, today)
    return tuple(sorted(g.filter(pl.col("valid_from") == latest)["kva"].to_list()))


def prices_at(option: Option, kva: int, *, when: dt.date | None = None) -> dict[str, float]:
    """The price components of an option at a power on a date (default: today).

    From the grid in force that day, else the latest one begun by then. [EUR/year, EUR/kWh].
    """
    g = grid().filter((pl.col("option") == option) & (pl.col("kva") == kva)).sort("valid_from")
    g = g.filter(pl.col("valid_from") <= (when or paris_today()))
    if g.height == 0:
        msg = f"no {option} prices at {kva} kVA"
        raise ValueError(msg)
    row = g.tail(1).row(0, named=True)
    return {k: float(v) for k, v in row.items() if isinstance(v, float) and v == v}


@dataclass(frozen=True)
class _Listed:
    """Sentences said one after the other, comma-separated."""

    items: tuple[words.Said, ...]

    def say(self, lang: words.Lang = "fr") -> str:
        return ", ".join(i.say(lang) for i in self.items)


def grid_per_day(
    days: pl.DataFrame, g: pl.DataFrame, option: Option, *, prices: Prices, today: dt.date
) -> tuple[pl.DataFrame, list[words.Said]]:
    """The grid each day is priced at, and notes on the days no grid covers.

    ``g``: one option's rows at one kVA, sorted by ``valid_from``. Returns ``day``, the
    grid's ``grid_from``, ``subscription`` [EUR/year] and its energy prices [EUR/kWh].
    """
    name = words.Said(f"option.{option}")
    first = g["valid_from"][0]
    notes: list[words.Said] = []
    if prices == "latest":
        current = g.filter(pl.col("valid_from") == _current_from(g, today)).row(0, named=True)
        since, until, source = current["valid_from"], current["valid_to"], current["source"]
        in_force = since <= today and (until is None or today <= until)
        notes.append(
            words.said("cost.note.grid_latest", option=name, since=since, source=source)
            if in_force
            else words.said(
                "cost.note.grid_stale", option=name, today=today, since=since, source=source
            )
        )
        keys = days.with_columns(grid_from=pl.lit(since))
        return keys.join(g.rename({"valid_from": "grid_from"}), on="grid_from"), notes
    keys = days.join_asof(
        g.select(grid_from="valid_from"), left_on="day", right_on="grid_from", strategy="backward"
    ).with_columns(pl.col("grid_from").fill_null(first))
    per_day = keys.join(g.rename({"valid_from": "grid_from"}), on="grid_from", how="left")
    before = per_day.filter(pl.col("day") < first)["day"].sort()
    if before.len():
        notes.append(
            words.said(
                "cost.note.before_grids",
                option=name,
                first=first,
                n=before.len(),
                a=before[0],
                b=before[-1],
            )
        )
    gaps = (
        per_day.filter(pl.col("valid_to").is_not_null() & (pl.col("day") > pl.col("valid_to")))
        .group_by("grid_from", "valid_to", "source")
        .agg(n=pl.len(), until=pl.col("day").max())
        .sort("grid_from")
    )
    notes.extend(
        words.said(
            "cost.note.after_grids",
            option=name,
            end=row["valid_to"],
            n=row["n"],
            until=row["until"],
            since=row["grid_from"],
            source=row["source"],
        )
        for row in gaps.iter_rows(named=True)
    )
    used = per_day.select("grid_from", "source").unique().sort("grid_from")
    if used.height:
        notes.append(
            words.said(
                "cost.note.dated",
                grids=_Listed(
                    tuple(
                        words.said("cost.note.grid", since=r["grid_from"], source=r["source"])
                        for r in used.iter_rows(named=True)
                    )
                ),
            )
        )
    return per_day, notes


@functools.lru_cache(maxsize=64)
def option_grid(option: Option, kva: int) -> pl.DataFrame:
    """One option's grid rows at one kVA, by ``valid_from`` (the grid is read once)."""
    return grid().filter((pl.col("option") == option) & (pl.col("kva") == kva)).sort("valid_from")


@functools.lru_cache(maxsize=64)
def priced_days(
    option: Option, kva: int, first: dt.date, last: dt.date, prices: Prices, today: dt.date
) -> tuple[pl.DataFrame, tuple[words.Said, ...]]:
    """:func:`grid_per_day` for every day from ``first`` to ``last``, kept for the next call.

    A report prices the same days under the same contract a dozen times (options,
    scenarios, tips); the grid and the days decide the prices, not the curve.
    """
    days = pl.DataFrame({"day": pl.date_range(first, last, "1d", eager=True)})
    per_day, notes = grid_per_day(
        days, option_grid(option, kva), option, prices=prices, today=today
    )
    return per_day, tuple(notes)
