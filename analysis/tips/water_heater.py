"""The water heater tip: its block moved back to off-peak hours."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import polars as pl

from analysis import tariffs
from analysis.tips.tip import AVERAGE_YEAR, Tip, over
from analysis.tips.tip import per_year as _per_year  # the figure below is named per_year
from words import Said, said

if TYPE_CHECKING:
    from collections.abc import Callable

    from analysis.anomalies import Anomaly
    from analysis.usages import WaterHeater


def _moved_off_peak(
    late: list[Anomaly], kwh_per_day: float, option: tariffs.Option, off_peak: tariffs.OffPeak
) -> pl.Expr:
    """The water heater's block moved back to off-peak hours on the days it ran late [kWh].

    On each such day ``kwh_per_day`` leaves the peak-hour intervals (in proportion to
    their energy) and is spread evenly over the off-peak ones of the option (HP/HC: the
    household's hours; Tempo: 22 h–6 h).
    """
    days = [a.start + dt.timedelta(days=i) for a in late for i in range((a.end - a.start).days)]
    on = pl.col("day").is_in(days)
    if option == "tempo":
        peak = (pl.col("hour") >= 6) & (pl.col("hour") < 22)
    else:
        peak = ~off_peak.expr(tariffs.minute_of_day(), pl.col("day"))
    peak_kwh = pl.when(peak).then(pl.col("kwh")).otherwise(0.0).sum().over("day")
    off_minutes = pl.when(peak).then(0).otherwise(pl.col("minutes")).sum().over("day")
    out_of_peak = kwh_per_day * pl.col("kwh") / peak_kwh
    into_off_peak = -kwh_per_day * pl.col("minutes") / off_minutes
    return (
        pl.when(on & peak & (peak_kwh > 0))
        .then(pl.min_horizontal(out_of_peak, pl.col("kwh")))
        .when(on & ~peak & (off_minutes > 0))
        .then(into_off_peak)
        .otherwise(0.0)
    )


def _off_peak_gap(current: tariffs.Cost | None) -> float | None:
    """What a kWh moved from peak to off-peak hours saves under the household's option.

    None when its option has no off-peak price (Base). Tempo: on blue days, which are
    most days. [EUR/kWh]
    """
    if current is None:
        return None
    try:
        p = tariffs.prices_at(current.option, current.kva)
    except ValueError:
        return None
    if current.option == "hphc":
        return p["energy_hp"] - p["energy_hc"]
    if current.option == "tempo":
        return p["energy_bleu_hp"] - p["energy_bleu_hc"]
    return None


def water_heater_tip(
    *,
    anomalies: list[Anomaly],
    heater: WaterHeater,
    current: tariffs.Cost | None,
    prepared: pl.DataFrame | None,
    off_peak: tariffs.OffPeak | None,
    days: int,
    change: Callable[[pl.Expr], tuple[float, float]],
) -> Tip | None:
    """The days the water heater ran in peak hours, priced at its off-peak hours."""
    late = [a for a in anomalies if a.kind == "water_heater_peak"]
    gap = _off_peak_gap(current)
    if late and current is not None and gap is not None and heater.kwh_per_day > 0:
        n = sum((a.end - a.start).days for a in late)
        if prepared is None:  # no curve to re-price: the block at the option's gap
            kwh, eur = heater.kwh_per_day * n, heater.kwh_per_day * n * gap
        else:
            kwh, eur = change(
                _moved_off_peak(
                    late,
                    heater.kwh_per_day,
                    current.option,
                    off_peak or tariffs.OffPeak.parse(tariffs.DEFAULT_HC),
                )
            )
        per_year = _per_year(eur, days)
        heater_text = {
            "n": n,
            "over": over(days),
            "kwh": kwh,
            "gap": eur / kwh if kwh else gap,
            "eur": eur,
        }
        return Tip(
            "water_heater_off_peak",
            0.0 if per_year is not None else None,
            per_year,
            said("tip.text.water_heater", **heater_text)
            if per_year is None
            else said("tip.text.water_heater_year", **heater_text, year=per_year),
            said("tip.source.tariff", option=Said(f"option.{current.option}")),
            kwh,
            eur,
            days,
            AVERAGE_YEAR if per_year is not None else "",
        )
    return None
