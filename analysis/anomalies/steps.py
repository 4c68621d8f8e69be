"""Lasting rises of the nightly always-on load: an appliance added, or cooling."""

from __future__ import annotations

import bisect
import datetime as dt

import numpy as np
import polars as pl

import words
from analysis.anomalies.anomaly import Anomaly
from analysis.anomalies.nights import Nights
from analysis.anomalies.temperatures import with_temperatures
from analysis.anomalies.thresholds import THRESHOLDS
from analysis.baseload import WARM_MARGIN_C
from analysis.curve import number
from analysis.reference import HEATING_BASE_C


def baseload_steps(
    nightly: pl.DataFrame, *, temperatures: pl.DataFrame | None = None
) -> list[Anomaly]:
    """Lasting rises of the nightly always-on load (``day``, ``w`` [W]) over its recent level.

    The night floor first loses what the night's cold explains: a running median of the
    floor over nights of similar heating degree-days, non-decreasing with the cold, minus
    its level on nights without heating. What remains (the residual) is compared with the
    median of the previous four weeks; a rise counts when the median of the next seven
    nights stays above it by ``step_w`` and by ``step_noise`` times the residual's recent
    spread, so a heated winter's noisier nights need a clearer rise, but are judged too.
    A rise whose nights are mostly hot and warmer than the weeks before is named cooling.

    The floor is also judged uncorrected, for rises in weeks no colder than the ones
    before and not named cooling: the temperature line is learnt over the year and can
    read a shoulder season as heating (a step in May on the real guiEDF curve was taken
    for the heating of its 12-16 °C nights, which the heated autumn holds).
    """
    if nightly.height == 0:
        return []
    s = with_temperatures(nightly, temperatures).drop("cdd")
    s = _without_heating(s).sort("day")
    found = _rises(s)
    # The same floor uncorrected: where the temperature line is wrong (a shoulder season
    # heated one year and not the next, or a step itself read as heating), a rise of the
    # floor in weeks no colder than the ones before it is no heating either.
    raw = s.with_columns(r=pl.col("w"), weather=pl.col("heat"), heat=pl.lit(0.0))
    # The rises of one pass are sorted and apart: a rise overlaps one of ``found`` when
    # the first of them ending after its start begins before its end.
    ends = [f.end for f in found]
    extras = []
    for extra in _rises(raw, uncorrected=True):
        k = bisect.bisect_right(ends, extra.start)
        if k == len(found) or found[k].start >= extra.end:
            extras.append(extra)
    return sorted(found + extras, key=lambda a: a.start)


SHORTEST = min(
    THRESHOLDS.step_min_days, THRESHOLDS.step_min_days_cooling, THRESHOLDS.step_min_days_heated
)
"""The fewest nights any rise lasts (cooling, heated or not). [nights]"""


def _rises(s: pl.DataFrame, *, uncorrected: bool = False) -> list[Anomaly]:
    """The lasting rises of ``s``'s residual ``r`` [W] (see :func:`baseload_steps`).

    ``uncorrected``: ``r`` is the floor itself, and a rise counts only in weeks no colder
    than the ones before it.
    """
    th = THRESHOLDS
    ref_days = int(th.step_reference_days)
    centre = pl.col("r").rolling_median(ref_days, min_samples=ref_days // 2)
    # The reference is the previous four weeks, but never below the household's usual
    # residual: after a cold spell that capped the heating (or a holiday), weeks at the
    # usual level are no rise. The uncorrected floor has no usual level (it follows the
    # seasons): there, weeks no colder than the ones before are asked instead.
    # Usual: on nights that are not hot, a home's cooling season (the real R63 home's floor
    # doubles from June to September) is no household level for the spring.
    not_hot = s.filter(pl.col("tmean_c").is_null() | (pl.col("tmean_c") < th.cooling_base_c))
    usual = (
        float("-inf") if uncorrected else number((not_hot if not_hot.height else s)["r"].median())
    )
    s = s.with_columns(
        ref=pl.max_horizontal(centre.shift(1), pl.lit(usual)),
        mad=(pl.col("r") - centre).abs().rolling_median(ref_days, min_samples=ref_days // 2),
    ).with_columns(
        mad=pl.col("mad").shift(1),
        ahead=pl.col("r").rolling_median(7, min_samples=5).shift(-6),
        around=pl.col("r").rolling_median(7, min_samples=4, center=True),
    )
    noise = pl.when(pl.col("heat") >= th.step_w).then(th.step_noise_heated).otherwise(th.step_noise)
    s = s.with_columns(thr=pl.max_horizontal(pl.lit(th.step_w), noise * pl.col("mad")))
    # A night is judged only with a reference behind it (two weeks at least): at the
    # curve's start the first cold nights are no rise over the year's usual level.
    flagged = (
        pl.col("mad").is_not_null()
        & (pl.col("ahead") - pl.col("ref") >= pl.col("thr"))
        & (pl.col("r") - pl.col("ref") >= pl.col("thr"))
    )
    nights = Nights(s)
    flags = s.select(flagged=flagged.fill_null(False))["flagged"].to_numpy()
    runs = nights.run_starts(flags, max_hole=2)
    judged = nights.judge(runs, shortest=SHORTEST)
    # Whatever the rises before it, a candidate too small, or that the cold explains, is none.
    kept = (judged.size >= th.step_w) & ~nights.follows_cold(judged)
    if uncorrected:
        # Weather is the corrected floor's to judge (a fridge draws 20-60 W more in a heat
        # wave: guiEDF, June 2023).
        kept &= ~nights.cold_explains(judged)
    out: list[Anomaly] = []
    covered: dt.date | None = None
    for c in np.flatnonzero(kept).tolist():  # the rises of a hundred years: a thousand
        i, j = int(judged.start[c]), int(judged.stop[c])
        a, b = nights.day(i), nights.day(j - 1)
        if covered is not None and a <= covered:
            continue
        nights_up = (b - a).days + 1
        last = out[-1] if out else None
        # Warmer than the weeks before, or soon after a cooling rise: those weeks were
        # already hot, and the home already cooling.
        after_cooling = (
            last is not None
            and last.cause == "cooling"
            and (a - last.end).days < th.step_reference_days
        )
        cooling = bool(judged.hot[c] >= th.cooling_share) and (
            bool(judged.warmer[c] >= th.cooling_warmer_c) or after_cooling
        )
        least = (
            th.step_min_days_cooling
            if cooling
            else th.step_min_days_heated
            if judged.heated[c]
            else th.step_min_days
        )
        if nights_up < least or (uncorrected and cooling):
            continue
        size = float(judged.size[c])
        # Only a rise kept covers its nights: a later rise inside one taken for the
        # weather (a heating season read uncorrected) is judged on its own.
        covered = b
        if cooling and after_cooling and last is not None:
            # One hot season, one cooling rise: sized over its whole span, the nights
            # between its heat waves included, so W x days is what it used.
            span = (b - last.start).days + 1
            size = (last.size * last.days + size * nights_up) / span
            out[-1] = _step(last.start, b, size, cooling=True)
            continue
        if last is not None and (a - last.end).days < th.step_merge_days:
            # A few nights back down inside one rise: one rise, sized over both parts.
            size = (last.size * last.days + size * nights_up) / (last.days + nights_up)
            out[-1] = _step(last.start, b, size, cooling=cooling or last.cause == "cooling")
            continue
        out.append(_step(a, b, size, cooling=cooling))
    return out


def _without_heating(s: pl.DataFrame) -> pl.DataFrame:
    """Add ``heat``, the part of the floor ``w`` [W] the cold explains, and ``r``, the rest.

    The heated part is a running median of the floor over nights of similar mean
    temperature, taken below the warm-night limit of :mod:`analysis.baseload` and made
    non-decreasing as it gets colder (heating only adds), less the floor of the warm
    days (18–20 °C, else all days from 18 °C) on which nothing heats or cools.
    """
    n = int(THRESHOLDS.step_temperature_nights)
    warm_from = HEATING_BASE_C + WARM_MARGIN_C
    warm = s.filter(pl.col("tmean_c") >= warm_from)
    mild = warm.filter(pl.col("tmean_c") < THRESHOLDS.cooling_base_c)
    cold = s.filter(pl.col("tmean_c") < warm_from).sort("tmean_c", "day", descending=[True, False])
    if cold.height < n:
        return s.with_columns(r=pl.col("w"), heat=pl.lit(0.0))
    cold = cold.with_columns(
        heat=pl.col("w").rolling_median(n, center=True, min_samples=1).cum_max()
    )
    chosen = mild if mild.height >= n else warm
    base = number(chosen["w"].median(), default=number(cold["heat"][0]))
    heat = cold.select("day", heat=(pl.col("heat") - base).clip(0))
    return (
        s.join(heat, on="day", how="left")
        .with_columns(pl.col("heat").fill_null(0.0))
        .with_columns(r=pl.col("w") - pl.col("heat"))
    )


def _step(a: dt.date, b: dt.date, size: float, *, cooling: bool) -> Anomaly:
    days = (b - a).days + 1
    key = "anomaly.text.cooling" if cooling else "anomaly.text.baseload_step"
    return Anomaly(
        "baseload_step",
        a,
        b + dt.timedelta(days=1),
        size,
        "W",
        words.said(key, w=size, days=days),
        cause="cooling" if cooling else "",
    )
