"""The absence tip: what the household used while away."""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

from analysis.tips.tip import AVERAGE_YEAR, Tip, over, per_year
from words import said

if TYPE_CHECKING:
    from collections.abc import Callable

    from analysis.anomalies import Anomaly


def absence_tip(
    *,
    anomalies: list[Anomaly],
    price_eur_per_kwh: float,
    prepared: pl.DataFrame | None,
    days: int,
    change: Callable[[pl.Expr], tuple[float, float]],
) -> Tip | None:
    """One tip for all the absences, each priced on its own days' hours."""
    away = [a for a in anomalies if a.kind == "absence_consumption"]
    if away:
        kwh = sum(a.size for a in away)
        n_days = sum((a.end - a.start).days for a in away)
        eur = kwh * price_eur_per_kwh
        if prepared is not None:  # each absence's excess taken off its own days' hours
            excess = pl.lit(0.0)
            for a in away:
                on = pl.col("day").is_between(a.start, a.end, closed="left")
                there = float(prepared.filter(on)["kwh"].sum())
                if there > 0:
                    excess = excess + pl.when(on).then(pl.col("kwh") * a.size / there).otherwise(0)
            kwh, eur = change(excess)
        away_kwh_year, away_eur_year = per_year(kwh, days), per_year(eur, days)
        times = (
            said("tip.part.absences", n=len(away))
            if len(away) > 1
            else said("tip.part.one_absence")
        )
        away_text = {"times": times, "n": n_days, "over": over(days), "kwh": kwh, "eur": eur}
        return Tip(
            "absence",
            away_kwh_year,
            away_eur_year,
            said("tip.text.absence", **away_text)
            if away_kwh_year is None or away_eur_year is None
            else said(
                "tip.text.absence_year",
                **away_text,
                kwh_year=away_kwh_year,
                eur_year=away_eur_year,
            ),
            said("tip.source.absence"),
            kwh,
            eur,
            days,
            AVERAGE_YEAR if away_kwh_year is not None else "",
        )
    return None
