"""Anomalies, each with its kind, period, size and a sentence a household understands.

Methods of analytics.md §3.6 and §3.9; every threshold is named in :data:`THRESHOLDS`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import numpy.typing as npt
import polars as pl

from analysis import french
from analysis.curve import number
from analysis.reference import degree_days
from analysis.tariffs import minute_of_day
from ingest.curves import gaps
from ingest.timestamps import local_day

if TYPE_CHECKING:
    from analysis.usages import WaterHeater

Kind = Literal[
    "unusual_day",
    "baseload_step",
    "absence_consumption",
    "water_heater_peak",
    "night_spike",
    "zero_day",
    "gap",
]

KIND_TITLES: dict[str, dict[str, str]] = {
    "unusual_day": {"fr": "Journée inhabituelle", "en": "Unusual day"},
    "baseload_step": {"fr": "Consommation permanente en hausse", "en": "Always-on load went up"},
    "absence_consumption": {"fr": "Consommation pendant une absence", "en": "Use while away"},
    "water_heater_peak": {
        "fr": "Chauffe-eau en heures pleines",
        "en": "Water heater in peak hours",
    },
    "night_spike": {"fr": "Appel de puissance nocturne", "en": "Night-time spike"},
    "zero_day": {"fr": "Journée à zéro", "en": "Day reported as zero"},
    "gap": {"fr": "Données manquantes", "en": "Missing data"},
}
"""Each kind's title for people, in French and English."""

THRESHOLDS: dict[str, float] = {
    # Robust z-score (Iglewicz & Hoaglin's modified z): flag a day's energy when M > 4.5,
    # against the days of the same kind (weekday / weekend) within ±WINDOW_DAYS, and only
    # when the excess is worth a household's attention (≥ 5 kWh, about 1 €). Iglewicz &
    # Hoaglin's 3.5 flagged busy holiday weekends as often as real anomalies on the
    # labelled sample households (bench/evaluation.py): precision 0.74 at 3.5, 0.86 at 4.5.
    "z": 4.5,
    "window_days": 21,
    "mad_floor_kwh": 0.5,
    "mad_floor_share": 0.1,
    "unusual_min_excess_kwh": 5.0,
    "min_reference_days": 5,
    # A lasting step of the nightly always-on load: ≥ 40 W above the previous 4 weeks'
    # level, on ≥ 7 of the next nights (analytics.md §3.6 says ≥ ~30 W for ≥ 7 days).
    "step_w": 40.0,
    "step_min_days": 7,
    "step_reference_days": 28,
    # An absence: ≥ 2 days in a row with no activity above the night floor + 500 W between
    # 07:00 and 22:00; consumption during it is anomalous above 1.5 × the always-on energy
    # + 2 kWh/day.
    "activity_w": 500.0,
    "absence_min_days": 2,
    "absence_excess_factor": 1.5,
    "absence_excess_kwh": 2.0,
    "absence_share_of_normal": 0.5,
    # A night spike: a half-hour between 01:00 and 05:00 ≥ 1.5 kW above the night floor,
    # at a time when such loads happen on fewer than 10 % of nights.
    "night_spike_w": 2000.0,
    "night_spike_rare": 0.10,
    # A water heater running in peak hours: ≥ 4 days in a row without its off-peak block but
    # with a ≥ 1 kW block elsewhere in the day.
    "heater_min_days": 4,
    "gap_min_hours": 1.0,
}


@dataclass(frozen=True)
class Anomaly:
    """Something in the curve worth a look."""

    kind: Kind
    start: dt.date
    end: dt.date
    """Exclusive: the first day after."""
    size: float
    unit: str
    explanation: str

    def as_dict(self) -> dict[str, Any]:
        """Plain types, for JSON."""
        d = asdict(self)
        d["start"], d["end"] = self.start.isoformat(), self.end.isoformat()
        return d


def _runs(days: list[dt.date], *, max_hole: int = 0) -> list[tuple[dt.date, dt.date]]:
    """Group sorted days into [first, last] runs, allowing holes of ``max_hole`` days."""
    out: list[tuple[dt.date, dt.date]] = []
    for d in days:  # runs of flagged days: a handful, not rows of data
        if out and (d - out[-1][1]).days <= max_hole + 1:
            out[-1] = (out[-1][0], d)
        else:
            out.append((d, d))
    return out


def _fmt(x: float) -> str:
    return french.number(x, 1)


def zero_days(daily: pl.DataFrame) -> list[Anomaly]:
    """Complete days whose energy is zero: a meter or transmission fault, not a saving."""
    z = daily.filter((pl.col("kwh") == 0) & (pl.col("coverage") >= 0.99))["day"].to_list()
    return [
        Anomaly(
            "zero_day",
            a,
            b + dt.timedelta(days=1),
            0.0,
            "kWh",
            "Le compteur a transmis zéro toute la journée : une panne de mesure ou de "
            "transmission, pas une économie.",
        )
        for a, b in _runs(z)
    ]


def missing(curve: pl.DataFrame) -> list[Anomaly]:
    """Spans with no data (gaps are reported, never filled)."""
    holes = gaps(curve.filter(pl.col("direction") == "consumption")).filter(
        pl.col("hours") >= THRESHOLDS["gap_min_hours"]
    )
    days = holes.select(
        a=local_day(pl.col("start")),
        b=local_day(pl.col("end") - pl.duration(microseconds=1)),
        hours="hours",
    )
    return [
        Anomaly(
            "gap",
            a,
            b + dt.timedelta(days=1),
            float(hours),
            "h",
            f"Aucune donnée pendant {_fmt(hours)} h : ces heures manquent dans les totaux.",
        )
        for a, b, hours in days.iter_rows()
    ]


def unusual_days(
    daily: pl.DataFrame,
    *,
    skip: set[dt.date],
    away: set[dt.date] | None = None,
    heating_kwh_per_hdd: float = 0.0,
    temperatures: pl.DataFrame | None = None,
) -> list[Anomaly]:
    """Days far above the same kind of day (weekday or weekend) around them.

    Each day is compared with the occupied days of its kind within ±``window_days``
    (twice as far when fewer than ``min_reference_days`` are that close); a home empty
    most of the time (a second home) has too few, and a day there is compared with the
    empty days around it. With electric heating, the comparison is a line of energy
    against degree-days fitted on those days, so a cold snap is not an anomaly. ``skip``
    days are left out; ``away`` days are references only, never flagged.
    """
    d = daily.filter(
        (pl.col("coverage") >= 0.95) & (pl.col("kwh") > 0) & ~pl.col("day").is_in(list(skip))
    ).with_columns(
        weekend=pl.col("day_type") != "weekday",
        away=pl.col("day").is_in(list(away or set())),
    )
    heated = heating_kwh_per_hdd > 0
    if heated:
        t = degree_days(temperatures).select("day", "hdd")
        # Days without a known temperature cannot be judged once heating is in play.
        d = d.join(t, on="day", how="inner")
    else:
        d = d.with_columns(hdd=pl.lit(0.0))
    if d.height == 0:
        return []
    expected, excess, score = _robust_expectation(
        d["day"].to_numpy().astype("datetime64[D]").astype(np.int64),
        d["kwh"].to_numpy(),
        d["hdd"].to_numpy(),
        d["weekend"].to_numpy(),
        d["away"].to_numpy(),
        heated=heated,
    )
    out = []
    for day, kwh, exp, extra, m in zip(  # the flagged days: a handful
        d["day"].to_list(),
        d["kwh"].to_list(),
        expected,
        excess,
        score,
        strict=True,
    ):
        if m > THRESHOLDS["z"] and extra >= THRESHOLDS["unusual_min_excess_kwh"]:
            out.append(
                Anomaly(
                    "unusual_day",
                    day,
                    day + dt.timedelta(days=1),
                    float(extra),
                    "kWh",
                    f"Ce jour-là : {_fmt(kwh)} kWh, contre {_fmt(exp)} kWh un "
                    "jour comparable. Un appareil inhabituel, des invités, une fuite "
                    "d'eau chaude ?",
                )
            )
    return out


def _robust_expectation(
    ordinal: npt.NDArray[np.int64],
    kwh: npt.NDArray[np.float64],
    hdd: npt.NDArray[np.float64],
    weekend: npt.NDArray[np.bool_],
    empty: npt.NDArray[np.bool_],
    *,
    heated: bool,
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Each day's expected energy from its reference days, its excess, its robust z-score.

    Returns ``expected`` and ``excess`` [kWh] and the modified z-score ``0.6745 · excess /
    MAD`` per day (NaN where a day has too few references or is itself an empty day).
    Vectorised over a (days × window) matrix on the dense calendar: three years take
    milliseconds.
    """
    w = int(THRESHOLDS["window_days"])
    least = int(THRESHOLDS["min_reference_days"])
    first = int(ordinal.min())
    size = int(ordinal.max()) - first + 1
    pos = ordinal - first

    def dense(values: npt.NDArray[Any], fill: float) -> npt.NDArray[Any]:
        out = np.full(size + 4 * w, fill, dtype=np.asarray(values).dtype)
        out[pos + 2 * w] = values
        return out

    present = dense(np.ones(pos.size, dtype=bool), fill=False)
    y_all, x_all = dense(kwh, np.nan), dense(hdd, np.nan)
    weekend_all, empty_all = dense(weekend, fill=False), dense(empty, fill=False)
    offsets = np.concatenate([np.arange(-2 * w, 0), np.arange(1, 2 * w + 1)])
    window = pos[:, None] + 2 * w + offsets[None, :]  # days × neighbours
    same = present[window] & (weekend_all[window] == weekend[:, None])
    close = np.abs(offsets)[None, :] <= w
    occupied = same & ~empty_all[window]
    choices = [occupied & close, occupied, same & close]  # in order of preference
    counts = np.stack([c.sum(axis=1) for c in choices])
    pick = np.argmax(counts >= least, axis=0)
    near = np.stack(choices)[pick, np.arange(pos.size)]
    usable = (counts[pick, np.arange(pos.size)] >= least) & ~empty
    # Rows that will not be judged get zeros, so no row is all NaN.
    y = np.where(usable[:, None], np.where(near, y_all[window], np.nan), 0.0)
    x = np.where(usable[:, None], np.where(near, x_all[window], np.nan), 0.0)
    slope = np.zeros(pos.size)
    if heated:
        with np.errstate(invalid="ignore", divide="ignore"):
            dx = x - np.nanmean(x, axis=1, keepdims=True)
            dy = y - np.nanmean(y, axis=1, keepdims=True)
            fitted = np.nansum(dx * dy, axis=1) / np.nansum(dx * dx, axis=1)
        # A line needs cold days among the references: a summer fit on two cool days
        # would explain anything.
        fits = (np.nansum(x > 1, axis=1) >= least) & (np.nanstd(x, axis=1) > 1)
        slope = np.where(fits, np.clip(np.nan_to_num(fitted), 0.0, None), 0.0)
    with np.errstate(invalid="ignore"):
        residual = y - slope[:, None] * x
        level = np.nanmedian(residual, axis=1)
        spread = np.nanmedian(np.abs(residual - level[:, None]), axis=1)
    expected = level + slope * hdd
    mad = np.maximum.reduce(
        [
            np.nan_to_num(spread),
            np.full(pos.size, THRESHOLDS["mad_floor_kwh"]),
            THRESHOLDS["mad_floor_share"] * expected,
        ]
    )
    excess = np.where(usable, kwh - expected, np.nan)
    return expected, excess, 0.6745 * excess / mad


def baseload_steps(
    nightly: pl.DataFrame, *, temperatures: pl.DataFrame | None = None
) -> list[Anomaly]:
    """Lasting rises of the nightly always-on load (``day``, ``w``) over its recent level.

    The nightly floor first loses what the night's cold explains (a line fitted on the
    day's heating degree-days), so the start of the heating season is not a step.
    """
    ref_days = int(THRESHOLDS["step_reference_days"])
    t = degree_days(temperatures).select("day", "hdd")
    s = nightly.join(t, on="day", how="left").with_columns(pl.col("hdd").fill_null(0.0))
    x, y = s["hdd"].to_numpy(), s["w"].to_numpy()
    if s.height > 30 and x.std() > 0 and float(np.polyfit(x, y, 1)[0]) > 5:
        # Heating shows in the night floor (W per degree-day): only warm nights can tell a
        # lasting step from the cold, so the heating season is left out.
        s = s.filter(pl.col("hdd") <= 0)
    s = s.sort("day").with_columns(
        ref=pl.col("w")
        .rolling_quantile(0.5, window_size=ref_days, min_samples=ref_days // 2)
        .shift(1),
    )
    flagged = s.filter(pl.col("w") - pl.col("ref") >= THRESHOLDS["step_w"])
    out: list[Anomaly] = []
    covered: dt.date | None = None
    for a, _ in _runs(flagged["day"].to_list(), max_hole=2):
        if covered is not None and a <= covered:
            continue
        # Hold the level from before the rise, so a long step is not absorbed by the
        # rolling reference: the step lasts while the night stays that much higher.
        ref0 = s.filter(pl.col("day") == a)["ref"][0]
        after = s.filter(pl.col("day") >= a).with_columns(
            high=pl.col("w") - ref0 >= THRESHOLDS["step_w"]
        )
        high_days = after.filter(pl.col("high"))["day"].to_list()
        first_run = _runs(high_days, max_hole=2)[0]
        b = first_run[1]
        hits = after.filter(pl.col("high") & (pl.col("day") <= b))
        covered = b
        if hits.height < THRESHOLDS["step_min_days"]:
            continue
        size = float((hits["w"] - ref0).median() or 0.0)
        out.append(
            Anomaly(
                "baseload_step",
                a,
                b + dt.timedelta(days=1),
                size,
                "W",
                f"Votre consommation permanente a augmenté d'environ {size:.0f} W "
                f"pendant {(b - a).days + 1} jours : un congélateur ou un "
                "réfrigérateur qui givre ou vieillit, un appareil resté allumé ?",
            )
        )
    return out


def absences(prepared: pl.DataFrame, nightly: pl.DataFrame) -> list[tuple[dt.date, dt.date]]:
    """Runs of ≥ 2 days with no sign of activity: ``[(first, last)]``."""
    floor = nightly.select("day", floor="w")
    active = (
        prepared.filter((pl.col("hour") >= 7) & (pl.col("hour") < 22))
        .join(floor, on="day", how="left")
        .group_by("day")
        .agg(active=(pl.col("w") > pl.col("floor") + THRESHOLDS["activity_w"]).sum())
        .sort("day")
    )
    quiet = active.filter(pl.col("active") <= 1)["day"].to_list()
    return [(a, b) for a, b in _runs(quiet) if (b - a).days + 1 >= THRESHOLDS["absence_min_days"]]


def absence_consumption(
    daily: pl.DataFrame, runs: list[tuple[dt.date, dt.date]], baseload_w: float
) -> list[Anomaly]:
    """Days of an absence on which the home used far more than its always-on load.

    Over 1.5 × always-on + 2 kWh a day, and over half of what occupied days around it
    use; one anomaly per stretch of ``absence_min_days`` or more such days, so heating
    left on for part of a holiday shows as well as for all of it.
    """
    out = []
    expected = baseload_w * 24 / 1000
    limit = THRESHOLDS["absence_excess_factor"] * expected + THRESHOLDS["absence_excess_kwh"]
    away = {a + dt.timedelta(days=i) for a, b in runs for i in range((b - a).days + 1)}
    occupied = daily.filter(~pl.col("day").is_in(list(away)))
    for a, b in runs:
        span = daily.filter((pl.col("day") >= a) & (pl.col("day") <= b))
        around = occupied.filter(
            (pl.col("day") >= a - dt.timedelta(days=30))
            & (pl.col("day") <= b + dt.timedelta(days=30))
        )["kwh"].median()
        normal = float(around) if isinstance(around, int | float) else 2 * limit
        high = span.filter(
            (pl.col("kwh") > limit)
            & (pl.col("kwh") > THRESHOLDS["absence_share_of_normal"] * normal)
        )
        for first, last in _runs(high["day"].to_list()):
            days = (last - first).days + 1
            if days < THRESHOLDS["absence_min_days"]:
                continue
            part = high.filter(pl.col("day").is_between(first, last))
            per_day = number(part["kwh"].mean())
            out.append(
                Anomaly(
                    "absence_consumption",
                    first,
                    last + dt.timedelta(days=1),
                    float((part["kwh"] - expected).sum()),
                    "kWh",
                    f"Pendant votre absence, {days} jours à {_fmt(per_day)} kWh par jour, "
                    f"bien plus que les {_fmt(expected)} kWh de ce qui tourne en "
                    "permanence : chauffage resté en marche, chauffe-eau ? Pensez au "
                    "hors-gel (8 °C) pour les absences.",
                )
            )
    return out


def night_spikes(
    prepared: pl.DataFrame, *, off_peak: pl.Expr, nights_with_heating: set[dt.date]
) -> list[Anomaly]:
    """Rare large half-hours in the middle of the night.

    Outside off-peak hours (where a water heater or a car may run) and heating nights;
    none at all if they are a habit.
    """
    night = (
        prepared.filter((pl.col("hour") >= 1) & (pl.col("hour") < 5) & ~off_peak)
        .filter(~pl.col("day").is_in(list(nights_with_heating)))
        .with_columns(floor=pl.col("w").median().over("day"))
        .with_columns(spike=pl.col("w") - pl.col("floor") >= THRESHOLDS["night_spike_w"])
    )
    nights = max(night["day"].n_unique(), 1)
    rare = night.filter(pl.col("spike"))
    if rare["day"].n_unique() > THRESHOLDS["night_spike_rare"] * nights:
        return []
    out = []
    for day, kw in (
        rare.group_by("day")
        .agg(kw=(pl.col("w") - pl.col("floor")).max() / 1000)
        .sort("day")
        .iter_rows()
    ):
        out.append(
            Anomaly(
                "night_spike",
                day,
                day + dt.timedelta(days=1),
                float(kw),
                "kW",
                f"Un appel de {_fmt(kw)} kW au milieu de la nuit, inhabituel chez "
                "vous : un appareil qui se déclenche seul ?",
            )
        )
    return out


def water_heater_peak(prepared: pl.DataFrame, heater: WaterHeater) -> list[Anomaly]:
    """Runs of days when the off-peak water-heater block moved into peak hours."""
    if not heater.found:
        return []
    since = (minute_of_day() - heater.start_minute) % 1440
    rise = pl.col("w") - pl.col("w").shift(1)
    steps = prepared.with_columns(rise=rise, since=since)
    big = steps.filter(pl.col("rise") >= 0.7 * heater.power_w)
    at_start = big.filter(pl.col("since") <= 60)["day"].unique()
    elsewhere = (
        big.filter((pl.col("since") > 90) & (pl.col("since") < 1440 - 60))
        .filter(~pl.col("day").is_in(at_start.implode()))
        .sort("rise", descending=True)
        .group_by("day")
        .agg(minute=pl.col("since").first())
        .sort("day")
    )
    out = []
    for a, b in _runs(elsewhere["day"].to_list(), max_hole=1):
        if (b - a).days + 1 < THRESHOLDS["heater_min_days"]:
            continue
        minutes = elsewhere.filter((pl.col("day") >= a) & (pl.col("day") <= b))["minute"]
        # A heater on a wrong contact or timer starts at the same time every day.
        spread = (minutes - number(minutes.median())).abs()
        if number((spread <= 60).mean()) < 0.7:
            continue
        out.append(
            Anomaly(
                "water_heater_peak",
                a,
                b + dt.timedelta(days=1),
                heater.power_w / 1000,
                "kW",
                "Votre chauffe-eau s'est mis en route en heures pleines au lieu des "
                "heures creuses : vérifiez le contacteur jour/nuit ou son "
                "programmateur.",
            )
        )
    return out
