"""The standby tip: the always-on load switched off at night."""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

from analysis.tips.tip import RATE, Tip
from words import said

if TYPE_CHECKING:
    from collections.abc import Callable

STANDBY_SHARE = 0.25
"""Share of the always-on load a household can usually switch off (power strips, box at
night): ADEME counts 15–50 devices on standby, often > 50 W together."""
STANDBY_OFF_W = (10.0, 80.0)
"""What switching standby off can remove, at least and at most: 10 W is a box's standby,
80 W ADEME's "> 50 W" of 15–50 devices with some margin. [W]"""
STANDBY_MIN_W = 60.0
"""Below this always-on load, switching standby off is not worth a tip. [W]"""
STANDBY_OFF_HOURS = (23, 7)
"""The night hours the standby tip switches off, local: box and decoder are not needed
while the household sleeps. [h]"""
NIGHTS_PER_YEAR = 365
"""The nights a year the standby tip counts (its text says "365 nuits")."""


def _hours(span: tuple[int, int]) -> pl.Expr:
    """Whether a prepared interval starts within local hours ``span`` (may cross midnight)."""
    a, b = span
    hour = pl.col("hour")
    return (hour >= a) & (hour < b) if a < b else (hour >= a) | (hour < b)


def standby_tip(
    *,
    baseload_w: float,
    price_eur_per_kwh: float,
    days: int,
    change: Callable[[pl.Expr], tuple[float, float]],
) -> Tip | None:
    """Switching standby off at night, when the always-on load is worth it."""
    if baseload_w > STANDBY_MIN_W:
        w = min(max(STANDBY_SHARE * baseload_w, STANDBY_OFF_W[0]), STANDBY_OFF_W[1])
        off_from, off_to = STANDBY_OFF_HOURS
        hours_off = (off_to - off_from) % 24
        span = f"{off_from:02d}:00–{off_to:02d}:00"
        kwh, eur = change(
            pl.when(_hours(STANDBY_OFF_HOURS)).then(w * pl.col("minutes") / 60 / 1000).otherwise(0)
        )
        unit = eur / kwh if kwh else price_eur_per_kwh
        standby_year = w * hours_off * NIGHTS_PER_YEAR / 1000
        return Tip(
            "standby",
            standby_year,
            standby_year * unit,
            said(
                "tip.text.standby",
                always_on=baseload_w,
                off_from=off_from,
                off_to=off_to,
                w=w,
                hours=hours_off,
                kwh=standby_year,
                eur=standby_year * unit,
                nights=NIGHTS_PER_YEAR,
                unit=unit,
            ),
            said("tip.source.standby"),
            kwh,
            eur,
            days,
            RATE,
            span,
        )
    return None
