"""The tips of a lasting rise of the always-on load: an appliance, or cooling."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import polars as pl

from analysis.calendar import HOURS_PER_YEAR
from analysis.tips.tip import RATE, Tip
from words import said

if TYPE_CHECKING:
    from collections.abc import Callable

    from analysis.anomalies import Anomaly

ONGOING_DAYS = 3
"""A rise of the always-on load that ends this close to the curve's end is still going on."""


def appliance_tips(
    *,
    anomalies: list[Anomaly],
    last_day: dt.date | None,
    price_eur_per_kwh: float,
    days: int,
    change: Callable[[pl.Expr], tuple[float, float]],
) -> list[Tip]:
    """One tip a rise of the always-on load still going on (:data:`ONGOING_DAYS`)."""
    out: list[Tip] = []
    steps = [
        a
        for a in anomalies
        if a.kind == "baseload_step"
        and not (last_day is not None and a.end < last_day - dt.timedelta(days=ONGOING_DAYS))
    ]
    for a in steps:
        step_year = a.size * HOURS_PER_YEAR / 1000
        since = pl.col("day").is_between(a.start, a.end, closed="left")
        kwh, eur = change(pl.when(since).then(a.size * pl.col("minutes") / 60 / 1000).otherwise(0))
        unit = eur / kwh if kwh else price_eur_per_kwh
        if a.cause == "cooling":
            # Cooling comes with the heat: what it added over its days, never "if it
            # stayed" a year, and no freezer to defrost.
            out.append(
                Tip(
                    f"cooling_{a.start.isoformat()}",
                    None,
                    None,
                    said(
                        "tip.text.cooling",
                        first=a.start,
                        last=a.last,
                        w=a.size,
                        kwh=kwh,
                        eur=eur,
                        days=a.days,
                    ),
                    said("tip.source.measured"),
                    kwh,
                    eur,
                    a.days,
                )
            )
            continue
        out.append(
            Tip(
                f"appliance_{a.start.isoformat()}",
                step_year,
                step_year * unit,
                said(
                    "tip.text.appliance",
                    since=a.start,
                    w=a.size,
                    kwh=step_year,
                    eur=step_year * unit,
                ),
                said("tip.source.appliance"),
                kwh,
                eur,
                days,
                RATE,
            )
        )
    return out
