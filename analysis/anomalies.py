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

import words
from analysis.baseload import WARM_MARGIN_C
from analysis.curve import number
from analysis.reference import HEATING_BASE_C, degree_days, normals
from analysis.tariffs import minute_of_day
from analysis.usages import EV_MAX_W, EV_MIN_W
from ingest.curves import gaps
from ingest.timestamps import local_day

if TYPE_CHECKING:
    from analysis.usages import WaterHeater
    from words import Lang, Said

Kind = Literal[
    "unusual_day",
    "baseload_step",
    "absence_consumption",
    "water_heater_peak",
    "night_spike",
    "zero_day",
    "gap",
]


def title(kind: str, lang: Lang = "fr") -> str:
    """A kind's title for people (``anomaly.title.<kind>`` in the catalogue)."""
    return words.say(f"anomaly.title.{kind}", lang)


@dataclass(frozen=True)
class Thresholds:
    """Every threshold of the detectors, each with its reason (one place, typed)."""

    z: float = 4.5
    """Robust z-score (Iglewicz & Hoaglin's modified z) above which a day's energy is
    unusual. Their 3.5 flagged busy holiday weekends as often as real anomalies on the
    simulated households (precision 0.74 at 3.5, 0.86 at 4.5). [-]"""
    window_days: int = 21
    """A day is compared with days of its kind (weekday / weekend) within ± this many
    days: the same season, so the same habits and daylight. [days]"""
    min_reference_days: int = 5
    """Fewer comparable days than this that close and the window doubles; fewer still and
    the day is not judged. [days]"""
    mad_floor_kwh: float = 0.5
    """The spread of comparable days is taken as at least this, so a very regular home
    is not flagged for a kettle. [kWh]"""
    mad_floor_share: float = 0.1
    """… and at least this share of the expected energy. [-]"""
    unusual_min_excess_kwh: float = 5.0
    """An unusual day must also be worth a look: about 1 € above its expected energy.
    [kWh]"""
    unusual_min_excess_share: float = 0.25
    """… and at least this share of it: a heated day's energy moves by a fifth with the
    wind and sun that the French mean temperature does not see (edfcomparateur,
    23/01/2023: 50.7 kWh against 44 expected on a cold day). [-]"""
    around_days: int = 3
    """An unusual day must also stand out, by the same margins, against the median of
    the days right around it (± this many): a day like the days around it is the
    week's weather or season, which the temperature line of its comparable days did
    not follow (guiEDF, 23/12/2022: 23.3 kWh "against 10.6 expected", the days around
    it 20-25 kWh in a mild week after a cold spell), or a stay of several days (the
    simulated second home's summer weeks). An event of one to three days still stands
    out; one of four days or more is judged by the absence and always-on detectors, not
    day by day. [days]"""
    part_hours: int = 6
    """Days are also judged in parts this long (00–06, 06–12, 12–18, 18–24 h). [h]"""
    part_day_z: float = 2.0
    """… and the whole day must stand out too, by this robust z-score (half the day's
    threshold: the part carries the evidence, the day confirms it is extra). [-]"""
    part_kept_share: float = 0.5
    """… or the day's own excess is at least this share of the part's: the part's extra
    energy was not moved from another part of the day, it is extra for the day, though
    the day's total varies too much to show it by its z-score (an EV charged on some
    nights makes every day's total noisy). [-]"""
    part_alone_z: float = 9.0
    """… and the part then stands out by twice the day's threshold on its own: in a home
    whose days vary this much, a part at 4.5-6 is a busy day (the real R63 home's
    Saturdays), one at 11-21 an evening like no other. [-]"""
    habit_max_hours: float = 10.0
    """… and a night block ends within the night: one running on through the day is no
    charge on a timer (solarcalculet, 28/07/2023: 64 kWh, 3–4 kW all day). [h]"""
    habit_every_night: float = 0.75
    """A block seen on at least this share of the days around a day (±``window_days``)
    is in its comparable days too (an electric home's night heating, a water heater on
    every night): only what it holds above their median explains an excess (the
    simulated electric home's 13 kWh evening was taken for its 7 kWh of night heating).
    A car charged every other night is not: the median day holds only part of it. [-]"""
    habit_max_rough: float = 0.15
    """… and a block draws a steady power: from one interval to the next it moves, at the
    median, by at most this share of its median power. A charger or a pump on a timer
    holds its power (the real guiEDF car charges: 1-6 %, heating cycling on top in
    winter and a water heater starting with them included, as a step moves one interval
    only), while an evening of guests or a heater switched on and off is uneven and is
    no habit (evenings injected into the real curves, 20-30 %, were taken for charges and
    explained away). [-]"""
    habit_min_sessions: int = 6
    """Flat night blocks seen at least this often are a habit (a car charged every other
    week on the real guiEDF curve: 14 in a year), taken out of the days judged. [-]"""
    fit_min_degree_days: float = 1.0
    """A heating (cooling) line is fitted on the comparable days only when at least
    ``min_reference_days`` of them have this many degree-days and their degree-days
    spread by as much: a summer fit on two cool days would explain anything. [°C·day]"""
    fit_gain: float = 0.1
    """A cooling line is kept only where it narrows the comparable days' spread (MAD) by
    at least this share: most homes do not cool, and a line through summer noise moved
    the expectation of every cool day (simulated electric home: 39 false unusual days).
    [-]"""
    cooling_base_c: float = 20.0
    """Daily mean outdoor temperature above which a home may cool (cooling degree-days
    use this base; at the French mean of 13 regions, above 20 °C is a hot day). [°C]"""
    step_w: float = 40.0
    """A lasting rise of the night floor worth a look: analytics.md §3.6 says ≥ ~30 W for
    ≥ 7 days; 40 W keeps the fridge's seasonal drift out. [W]"""
    step_noise: float = 1.2
    """In a heated home the floor moves with the day's heating: a rise must also exceed
    this many times the spread (MAD) of the previous four weeks' residuals. It is judged
    on the median of 7 nights, whose own spread is about 0.7 MAD, so this is about 1.7
    of its standard deviations, and the rise must then hold for a week or two. [-]"""
    step_noise_heated: float = 2.0
    """… this many on a day whose floor heating raises by ``step_w`` or more: the heated
    floor wanders for days with wind and sun that the French mean temperature does not
    see (the simulated heat-pump homes rose 150–250 W for two weeks after the January
    2024 cold spell, with no appliance added). [-]"""
    step_min_days: int = 10
    """A step lasts at least this long. analytics.md §3.6 says ≥ 7 days; a rise of one
    to nine days was as often the heating's spring tail or a wet spell as an appliance
    (real guiEDF, April 2024: 7–9 days, 56–73 W), while a freezer that frosts stays for
    weeks (the simulated and injected steps last 20–40 days). Measured over 5 seeds on
    the real backgrounds: precision 0.833 → 0.866, recall 0.887 → 0.878. [days]"""
    step_min_days_cooling: int = 5
    """… but a rise named cooling needs only this long: a heat wave lasts 3–10 days
    (Météo-France counts three days in a row). [days]"""
    step_min_days_heated: int = 14
    """… two weeks when heating adds at least ``step_w`` to the floor on its nights: a cold or windy
    spell lasts one to two weeks and the French mean temperature does not see the
    household's own weather (guiEDF, February 2024: a 10-day, 57 W rise in a cold
    spell). [days]"""
    step_colder_c: float = 1.0
    """A rise of the floor uncorrected is the weather's when its nights are this much
    colder than the four weeks before (their mean temperature): a degree is about 30 W
    on the heated real floors, but the heating line lags a cold snap (real guiEDF,
    January 2024 and February 2023), so a colder spell is the corrected floor's to judge. [°C]"""
    cold_share: float = 0.5
    """A rise whose size follows the cold by at least this share (see
    :func:`_follows_cold`) is heating, not an always-on step. [-]"""
    step_end_nights: int = 5
    """A rise ends at the first this many nights in a row back down: nearer the level
    before it than the level of its first week, or less than ``step_w`` above the level
    before, the week around each night judged; a few low nights in a noisy heated
    winter are no end. Ending at the midpoint, not at the bar the rise had to clear,
    keeps a 90 W step in a heated spring whose nights vary by 100 W (real edfcomparateur,
    injected): real recall 0.884 → 0.903 over 10 seeds. [nights]"""
    step_merge_days: int = 7
    """Two rises less than a week apart are one (a few nights back down in between). [days]"""
    step_reference_days: int = 28
    """The night floor before a rise is the median of the previous four weeks. [days]"""
    step_temperature_nights: int = 45
    """The floor's temperature dependence is a running median over this many nights of
    similar mean temperature, made non-decreasing with the cold (heating only adds):
    wide enough (a month and a half) that a month-long step is a minority among the
    nights of its temperatures and is not taken for heating. [-]"""
    cooling_share: float = 0.6
    """A rise is named cooling when at least this share of its days are hot
    (``cooling_base_c``) and they are clearly warmer than the weeks before, or it starts
    within ``step_reference_days`` of a cooling rise (its weeks before were the hot
    season already; then both are one cooling rise). [-]"""
    cooling_warmer_c: float = 2.0
    """… warmer by at least this much on average. [°C]"""
    activity_w: float = 500.0
    """A half-hour is activity (cooking, washing, lights and TV together) when it is this
    much above the day's own low level (its 10th percentile, so night heating or a night
    water heater is not activity). [W]"""
    quiet_active_minutes: float = 30.0
    """A day with at most this much activity between 07:00 and 23:00 is quiet. [min]"""
    quiet_spread_w: float = 200.0
    """… and its half-hours stay within this of each other (90th − 10th percentile): a
    fridge and a freezer cycling on a low floor (the simulated empty homes spread
    70–220 W, their occupied days 230–3000 W). [W]"""
    quiet_spread_share: float = 0.15
    """… or within this share of the day's mean power, for a home kept heated while
    empty, where what is left on runs evenly (the empty days of the real R63 home,
    August 2023: 7–10 %). [-]"""
    far_below_share: float = 0.6
    """A day far below the household's own comparable days (temperature-corrected):
    at most this share of its expected energy, as when everything is switched off. [-]"""
    absence_min_days: int = 2
    """An absence lasts at least two days (one quiet day is a quiet day). [days]"""
    absence_excess_factor: float = 1.25
    """During an absence, a day is anomalous above this many times the always-on energy
    plus ``absence_excess_kwh`` (heating left on, the water heater kept hot): the
    always-on load itself varies by about a fifth from night to night. [-]"""
    absence_excess_kwh: float = 2.0
    """[kWh/day]"""
    absence_share_of_normal: float = 0.5
    """… and above this share of what occupied days around it use. [-]"""
    night_spike_w: float = 2000.0
    """A night spike: a half-hour between 01:00 and 05:00 this far above the night's
    median, outside off-peak hours and heating nights. [W]"""
    night_spike_rare: float = 0.10
    """… on fewer than this share of nights (else it is a habit). [-]"""
    heater_min_days: int = 4
    """The water heater in peak hours: at least this many days in a row without its
    off-peak block but with a block elsewhere. [days]"""
    gap_min_hours: float = 1.0
    """Missing data shorter than this is not worth a line. [h]"""


THRESHOLDS = Thresholds()
"""The thresholds in use."""


Cause = Literal["", "cooling"]


@dataclass(frozen=True)
class Anomaly:
    """Something in the curve worth a look."""

    kind: Kind
    start: dt.date
    end: dt.date
    """Exclusive: the first day after (a one-day anomaly has ``end = start + 1 day``)."""
    size: float
    unit: str
    explanation: Said
    """What it is and what to do, said in the reader's language (``anomaly.text.*``)."""
    cause: Cause = ""
    """The likely cause when the curve shows it: ``"cooling"`` for a night floor that
    rose with the heat (air conditioning), else empty."""

    @property
    def last(self) -> dt.date:
        """The last day the anomaly covers (inclusive)."""
        return self.end - dt.timedelta(days=1)

    @property
    def days(self) -> int:
        """How many days it covers. [days]."""
        return (self.end - self.start).days

    def period_text(self, lang: Lang = "fr") -> str:
        """The days it covers as people read them, both included.

        ``12/03/2024`` for one day, else ``12/03/2024 → 14/03/2024`` (English:
        ``12 Mar 2024 → 14 Mar 2024``).
        """
        first = words.day(self.start, lang=lang)
        if self.days <= 1:
            return first
        return f"{first} → {words.day(self.last, lang=lang)}"

    def as_dict(self, lang: Lang = "fr") -> dict[str, Any]:
        """Plain types, for JSON (``end`` exclusive, ``last`` inclusive).

        The explanation as its catalogue key and values, and said in ``lang`` as ``text``.
        """
        d = asdict(self)
        d["start"], d["end"] = self.start.isoformat(), self.end.isoformat()
        d["last"] = self.last.isoformat()
        d["explanation"] = self.explanation.as_dict()
        d["text"] = self.explanation.say(lang)
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
            words.said("anomaly.text.zero_day"),
        )
        for a, b in _runs(z)
    ]


def missing(curve: pl.DataFrame) -> list[Anomaly]:
    """Spans with no data (gaps are reported, never filled)."""
    holes = gaps(curve.filter(pl.col("direction") == "consumption")).filter(
        pl.col("hours") >= THRESHOLDS.gap_min_hours
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
            words.said("anomaly.text.gap", hours=float(hours)),
        )
        for a, b, hours in days.iter_rows()
    ]


def day_temperatures(temperatures: pl.DataFrame | None = None) -> pl.DataFrame:
    """Per day: ``day``, ``tmean_c`` [°C], ``hdd`` and ``cdd`` [°C·day].

    Heating degree-days on the analysis' base (analysis/reference.py), cooling degree-days
    above :attr:`Thresholds.cooling_base_c`.
    """
    return degree_days(temperatures).select(
        "day",
        "tmean_c",
        "hdd",
        cdd=(pl.col("tmean_c") - THRESHOLDS.cooling_base_c).clip(0),
    )


def with_temperatures(
    frame: pl.DataFrame, temperatures: pl.DataFrame | None = None
) -> pl.DataFrame:
    """``frame`` (one row per ``day``) with ``tmean_c``, ``hdd`` and ``cdd``.

    A day missing from the temperatures (the shipped series lacks a few, e.g.
    2023-02-28) takes the line between its neighbours; a day beyond the series (a curve
    of recent months: the shipped one ends on 2025-11-29) takes its calendar day's normal
    (:func:`analysis.reference.normals`), not the last known day's, which gave a whole
    summer the cold of late November; with no temperature at all, no correction.
    """
    t = day_temperatures(temperatures)
    if t.height:
        beyond = (
            frame.select(pl.col("day").unique())
            .filter(~pl.col("day").is_between(t["day"].min(), t["day"].max()))
            .with_columns(month=pl.col("day").dt.month(), dom=pl.col("day").dt.day())
            .join(normals(), on=["month", "dom"], how="left")
            .select("day", tmean_c="normal_c")
        )
        if beyond.height:
            own = [] if temperatures is None else [temperatures.select("day", "tmean_c")]
            t = day_temperatures(pl.concat([*own, beyond]))
    out = frame.join(t, on="day", how="left").sort("day")
    cols = ["tmean_c", "hdd", "cdd"]
    out = out.with_columns(pl.col(cols).interpolate_by("day")).with_columns(
        pl.col(cols).forward_fill().backward_fill()
    )
    return out.with_columns(pl.col("hdd", "cdd").fill_null(0.0))


ONE_PASS_ROWS = 20_000
"""Day parts compared in one pass up to this many rows (13 years of four parts): a 3-year
report was 6 % faster so, but the 100-year file's window matrices (146,000 rows × 84 days)
took 300 MB more and 1-2 s longer than four passes of a quarter of the size."""


def comparable(
    daily: pl.DataFrame,
    *,
    skip: set[dt.date] | None = None,
    away: set[dt.date] | None = None,
    temperatures: pl.DataFrame | None = None,
    correction: Literal["temperature", "none"] = "temperature",
    by: str | None = None,
) -> pl.DataFrame:
    """Each day beside the household's own comparable days.

    A day is compared with the occupied days of its kind (weekday / weekend) within
    ±``window_days`` (twice as far when fewer than ``min_reference_days`` are that close);
    a home empty most of the time (a second home) has too few, and a day there is compared
    with the empty days around it. The comparison is a line of energy against heating
    degree-days, then against cooling degree-days, fitted on those days (each only when
    they spread enough), so a cold snap or a heat wave is not an anomaly. ``skip`` days
    (zero days, partial days) are neither judged nor references; ``away`` days are
    references only, never judged. ``correction="none"`` compares plain energies.

    Returns the judged days of ``daily`` with ``expected`` and ``excess`` [kWh] and
    ``score`` (robust z-score; NaN where a day could not be judged). With ``by`` (a column
    of ``daily``: the part of the day), each of its values is a series of its own, compared
    only within itself, in one pass up to :data:`ONE_PASS_ROWS` rows; sorted by ``by``,
    then day.
    """
    if by is not None and daily.height > ONE_PASS_ROWS and daily[by].n_unique() > 1:
        # One pass while the window matrices stay small, else series by series.
        each = [
            comparable(
                one, skip=skip, away=away, temperatures=temperatures, correction=correction, by=by
            )
            for _, one in daily.group_by(by, maintain_order=True)
        ]
        return pl.concat(each).sort(by, "day")
    d = daily.filter(
        (pl.col("coverage") >= 0.95) & (pl.col("kwh") > 0) & ~pl.col("day").is_in(list(skip or ()))
    ).with_columns(
        weekend=pl.col("day_type") != "weekday",
        away=pl.col("day").is_in(list(away or ())),
    )
    if by is None:
        d = with_temperatures(d, temperatures)
    else:
        degrees = with_temperatures(d.select("day").unique(), temperatures)
        d = d.join(degrees, on="day", how="left").sort(by, "day")
    if correction == "none":
        d = d.with_columns(hdd=pl.lit(0.0), cdd=pl.lit(0.0))
    if d.height == 0:
        return d.with_columns(expected=pl.lit(0.0), excess=pl.lit(0.0), score=pl.lit(0.0))
    ordinal = d["day"].to_numpy().astype("datetime64[D]").astype(np.int64)
    if by is not None:
        # Each series on a calendar of its own, further apart than any window reaches.
        stride = int(ordinal.max() - ordinal.min()) + 4 * THRESHOLDS.window_days + 2
        ordinal = ordinal + stride * d[by].rank("dense").cast(pl.Int64).to_numpy()
    expected, excess, score = _robust_expectation(
        ordinal,
        d["kwh"].to_numpy(),
        d["hdd"].to_numpy(),
        d["cdd"].to_numpy(),
        d["weekend"].to_numpy(),
        d["away"].to_numpy(),
    )
    return d.with_columns(
        expected=pl.Series(expected), excess=pl.Series(excess), score=pl.Series(score)
    ).with_columns(pl.col("expected", "excess", "score").fill_nan(None))


def unusual_days(
    daily: pl.DataFrame,
    *,
    skip: set[dt.date],
    away: set[dt.date] | None = None,
    temperatures: pl.DataFrame | None = None,
    parts: pl.DataFrame | None = None,
    habits: pl.DataFrame | None = None,
) -> list[Anomaly]:
    """Days far above the household's own comparable days (:func:`comparable`).

    Judged over the whole day and, when ``parts`` (:func:`day_parts`) are given, over
    each part of the day against the same part of comparable days: an evening of guests
    or a heater left on is clear in its six hours even when a heated winter day's total
    varies too much to show it. One anomaly per day, sized by the day's excess. A day
    is not unusual for what a habitual night block explains (``habits``,
    :func:`habitual_blocks`: a car charged every other week): its excess less the
    block's energy must still pass, the block counted up to the upper fence of the
    household's block energies (Tukey's Q3 + 1.5 IQR): one far larger holds something
    besides the habit (an evening of 12-25 kWh injected in the real R63 home was taken
    for its 3-7 kWh blocks).
    """
    whole = comparable(daily, skip=skip, away=away, temperatures=temperatures).select(
        "day", "kwh", "expected", "excess", "score"
    )
    th = THRESHOLDS
    enough = pl.col("excess") >= pl.max_horizontal(
        pl.lit(th.unusual_min_excess_kwh), th.unusual_min_excess_share * pl.col("expected")
    )
    flagged = whole.filter((pl.col("score") > th.z) & enough)
    if parts is not None:
        # A part stands out only if the day does too: use moved within the day (a late
        # dinner) is no extra.
        day = whole.filter(enough).select("day", day_score="score", day_excess="excess")
        # The four parts of the day, each against the same part of comparable days.
        judged = (
            comparable(parts, skip=skip, away=away, temperatures=temperatures, by="part")
            .filter(
                (pl.col("score") > THRESHOLDS.z)
                & (pl.col("excess") >= THRESHOLDS.unusual_min_excess_kwh)
            )
            .join(day, on="day", maintain_order="left")
            .filter(
                (pl.col("day_score") > th.part_day_z)
                | (
                    (pl.col("day_excess") >= th.part_kept_share * pl.col("excess"))
                    & (pl.col("score") > th.part_alone_z)
                )
            )
        )
        flagged = pl.concat([flagged, judged.select(flagged.columns)])
    flagged = flagged.sort("day", "excess", descending=[False, True]).unique(
        "day", keep="first", maintain_order=True
    )
    # The size is the day's own excess: what the household used above a comparable day.
    days = whole.select("day", day_kwh="kwh", day_expected="expected", day_excess="excess")
    flagged = (
        flagged.join(days, on="day", how="left")
        .with_columns(excess=pl.coalesce("day_excess", "excess"))
        .join(_around(whole), on="day", how="left")
        .filter(
            pl.col("around_kwh").is_null()
            | (
                pl.col("day_kwh") - pl.col("around_kwh")
                >= pl.max_horizontal(
                    pl.lit(th.unusual_min_excess_kwh),
                    th.unusual_min_excess_share * pl.col("around_kwh"),
                )
            )
        )
    )
    if habits is not None and habits.height:
        per_day = habits.group_by("day").agg(habit_kwh=pl.col("kwh").sum())
        q1, q3 = (number(per_day["habit_kwh"].quantile(q)) for q in (0.25, 0.75))
        fence = q3 + 1.5 * (q3 - q1)
        # A block the comparable days hold too (heating or a water heater every night) is
        # already in the expectation: only what it adds to theirs explains an excess.
        calendar = whole.select(day=pl.date_range(pl.col("day").min(), pl.col("day").max()))
        w = 2 * THRESHOLDS.window_days + 1
        per_day = (
            calendar.join(per_day, on="day", how="left")
            .with_columns(pl.col("habit_kwh").fill_null(0.0))
            .with_columns(
                typical=pl.when(
                    (pl.col("habit_kwh") > 0).rolling_mean(w, center=True, min_samples=1)
                    >= th.habit_every_night
                )
                .then(pl.col("habit_kwh").rolling_median(w, center=True, min_samples=1))
                .otherwise(0.0)
            )
            .with_columns(
                habit_kwh=(pl.col("habit_kwh").clip(upper_bound=fence) - pl.col("typical")).clip(
                    lower_bound=0.0
                )
            )
        )
        # What the block does not explain must still be worth a look.
        rest = pl.col("excess") - pl.col("habit_kwh").fill_null(0.0)
        flagged = flagged.join(per_day, on="day", how="left").filter(
            rest
            >= pl.max_horizontal(
                pl.lit(th.unusual_min_excess_kwh),
                th.unusual_min_excess_share * pl.col("day_expected").fill_null(pl.col("expected")),
            )
        )
    return [
        Anomaly(
            "unusual_day",
            day,
            day + dt.timedelta(days=1),
            float(extra),
            "kWh",
            words.said("anomaly.text.unusual_day", kwh=float(kwh), expected=float(exp))
            if kwh is not None and exp is not None
            else words.said(
                "anomaly.text.unusual_part", extra=float(extra), hours=THRESHOLDS.part_hours
            ),
        )
        for day, extra, kwh, exp in flagged.select(
            "day", "excess", "day_kwh", "day_expected"
        ).iter_rows()
    ]


def _around(whole: pl.DataFrame) -> pl.DataFrame:
    """Per day, ``around_kwh`` [kWh]: the median energy of the days around it.

    The days within ±``around_days``, itself left out; null with fewer than two of them.
    """
    n = THRESHOLDS.around_days
    if whole.is_empty():
        return pl.DataFrame(schema={"day": pl.Date, "around_kwh": pl.Float64})
    calendar = whole.select(day=pl.date_range(pl.col("day").min(), pl.col("day").max()))
    dense = calendar.join(whole.select("day", "kwh"), on="day", how="left").sort("day")
    around = pl.concat_list([pl.col("kwh").shift(k) for k in range(-n, n + 1) if k])
    return dense.select(
        "day",
        around_kwh=pl.when(around.list.drop_nulls().list.len() >= 2).then(around.list.median()),
    )


def _robust_expectation(
    ordinal: npt.NDArray[np.int64],
    kwh: npt.NDArray[np.float64],
    hdd: npt.NDArray[np.float64],
    cdd: npt.NDArray[np.float64],
    weekend: npt.NDArray[np.bool_],
    empty: npt.NDArray[np.bool_],
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Each day's expected energy from its reference days, its excess, its robust z-score.

    Returns ``expected`` and ``excess`` [kWh] and the modified z-score ``0.6745 · excess /
    MAD`` per day (NaN where a day has too few references or is itself an empty day).
    Vectorised over a (days × window) matrix on the dense calendar: three years take
    milliseconds.
    """
    w = int(THRESHOLDS.window_days)
    least = int(THRESHOLDS.min_reference_days)
    first = int(ordinal.min())
    size = int(ordinal.max()) - first + 1
    pos = ordinal - first

    def dense(values: npt.NDArray[Any], fill: float) -> npt.NDArray[Any]:
        out = np.full(size + 4 * w, fill, dtype=np.asarray(values).dtype)
        out[pos + 2 * w] = values
        return out

    present = dense(np.ones(pos.size, dtype=bool), fill=False)
    y_all = dense(kwh, np.nan)
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
    residual = y
    slopes = []
    for own, check in ((hdd, False), (cdd, True)):  # heating, then cooling on the rest
        x_all = dense(own, np.nan)
        x = np.where(usable[:, None], np.where(near, x_all[window], np.nan), 0.0)
        with np.errstate(invalid="ignore", divide="ignore"):
            dx = x - np.nanmean(x, axis=1, keepdims=True)
            dy = residual - np.nanmean(residual, axis=1, keepdims=True)
            fitted = np.nansum(dx * dy, axis=1) / np.nansum(dx * dx, axis=1)
            fits = (np.nansum(x > THRESHOLDS.fit_min_degree_days, axis=1) >= least) & (
                np.nanstd(x, axis=1) > THRESHOLDS.fit_min_degree_days
            )
        slope = np.where(fits, np.clip(np.nan_to_num(fitted), 0.0, None), 0.0)
        if check:
            # Keep a cooling line only if it explains the references (their robust
            # spread drops): most homes do not cool, and a summer line through noise
            # would move the expectation of every cool day. Judged on the rows that
            # have a line (the others keep none).
            rows = np.flatnonzero(slope)
            with np.errstate(invalid="ignore"):
                after = residual[rows] - slope[rows, None] * x[rows]
                before_mad = _row_mad(residual[rows])
                useful = _row_mad(after) <= (1 - THRESHOLDS.fit_gain) * before_mad
            slope[rows[~useful]] = 0.0
        residual = residual - slope[:, None] * x
        slopes.append(slope)
    with np.errstate(invalid="ignore"):
        level = _row_median(residual)
        spread = _row_median(np.abs(residual - level[:, None]))
    expected = level + slopes[0] * hdd + slopes[1] * cdd
    mad = np.maximum.reduce(
        [
            np.nan_to_num(spread),
            np.full(pos.size, THRESHOLDS.mad_floor_kwh),
            THRESHOLDS.mad_floor_share * expected,
        ]
    )
    expected = np.where(usable, expected, np.nan)
    excess = np.where(usable, kwh - expected, np.nan)
    return expected, excess, 0.6745 * excess / mad


def _row_median(m: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Median of each row, NaNs left out (NaN for a row of NaNs).

    The same figures as ``np.nanmedian(m, axis=1)``, which for short rows goes through
    masked arrays and took 4 of the 12 s of a 100-year report: one sort (NaNs last)
    and the middle values taken by index.
    """
    ordered = np.sort(m, axis=1)
    n = np.count_nonzero(~np.isnan(m), axis=1)
    lo = np.clip((n - 1) // 2, 0, None)[:, None]
    hi = np.clip(n // 2, 0, m.shape[1] - 1)[:, None]
    middle = (np.take_along_axis(ordered, lo, 1) + np.take_along_axis(ordered, hi, 1)) / 2
    out: npt.NDArray[np.float64] = np.where(n > 0, middle[:, 0], np.nan)
    return out


def _row_mad(m: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Median absolute deviation of each row, NaNs left out."""
    centre = _row_median(m)[:, None]
    return _row_median(np.abs(m - centre))


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
    for extra in _rises(raw, uncorrected=True):
        if not any(_overlap_days(extra, f) for f in found):
            found.append(extra)
    return sorted(found, key=lambda a: a.start)


def _overlap_days(a: Anomaly, b: Anomaly) -> bool:
    return a.start < b.end and b.start < a.end


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
    flagged = s.filter(
        pl.col("mad").is_not_null()
        & (pl.col("ahead") - pl.col("ref") >= pl.col("thr"))
        & (pl.col("r") - pl.col("ref") >= pl.col("thr"))
    )
    out: list[Anomaly] = []
    covered: dt.date | None = None
    nights = _Nights(s)
    for a, _ in _runs(flagged["day"].to_list(), max_hole=2):  # a handful of candidates
        if covered is not None and a <= covered:
            continue
        # Hold the level from before the rise, so a long step is not absorbed by the
        # rolling reference: the step lasts while the week around each night stays high.
        i = nights.at(a)
        ref0, ahead0 = float(nights.ref[i]), float(nights.ahead[i])
        # Ends before the first ``step_end_nights`` nights in a row back down, nearer the
        # level before the rise than the level of its first week; days without data (a
        # gap) do not end it.
        back = max(th.step_w, (ahead0 - ref0) / 2)
        j = nights.end(i, ref0, back, int(th.step_end_nights))
        if j == i:
            continue
        b = nights.days[j - 1]
        heated = _median(nights.heat[i:j]) >= th.step_w
        hot, warmer = nights.warmth(a, b)
        last = out[-1] if out else None
        # Warmer than the weeks before, or soon after a cooling rise: those weeks were
        # already hot, and the home already cooling.
        after_cooling = (
            last is not None
            and last.cause == "cooling"
            and (a - last.end).days < th.step_reference_days
        )
        cooling = hot >= th.cooling_share and (warmer >= th.cooling_warmer_c or after_cooling)
        least = (
            th.step_min_days_cooling
            if cooling
            else th.step_min_days_heated
            if heated
            else th.step_min_days
        )
        if (b - a).days + 1 < least:
            continue
        size = _median(nights.r[i:j] - ref0)
        if size < th.step_w or nights.follows_cold(a, b, size):
            continue
        if uncorrected and (cooling or nights.cold_explains(a, b, size)):
            # Weather is the corrected floor's to judge (a fridge draws 20-60 W more in
            # a heat wave: guiEDF, June 2023).
            continue
        # Only a rise kept covers its nights: a later rise inside one taken for the
        # weather (a heating season read uncorrected) is judged on its own.
        covered = b
        if cooling and after_cooling and last is not None:
            # One hot season, one cooling rise: sized over its whole span, the nights
            # between its heat waves included, so W x days is what it used.
            span = (b - last.start).days + 1
            size = (last.size * last.days + size * ((b - a).days + 1)) / span
            out[-1] = _step(last.start, b, size, cooling=True)
            continue
        if last is not None and (a - last.end).days < th.step_merge_days:
            # A few nights back down inside one rise: one rise, sized over both parts.
            days = (b - a).days + 1
            size = (last.size * last.days + size * days) / (last.days + days)
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


def _median(values: npt.NDArray[np.float64], default: float = 0.0) -> float:
    """Median of the values that are not NaN; ``default`` when none is (as Polars' null)."""
    kept = values[~np.isnan(values)]
    return float(np.median(kept)) if kept.size else default


def _mean(values: npt.NDArray[np.float64], default: float = 0.0) -> float:
    kept = values[~np.isnan(values)]
    return float(kept.mean()) if kept.size else default


class _Nights:
    """The nights of :func:`_rises` as arrays, sorted by day, for work on index ranges.

    A rise is judged on a few slices of the nights; filtering the frame for each of a
    hundred years' candidates took seconds.
    """

    def __init__(self, s: pl.DataFrame) -> None:
        def column(name: str) -> npt.NDArray[np.float64]:
            return s[name].cast(pl.Float64).fill_null(np.nan).to_numpy()

        self.days: list[dt.date] = s["day"].to_list()
        self.ordinal = s["day"].cast(pl.Int32).to_numpy()
        self.r, self.w, self.heat = column("r"), column("w"), column("heat")
        # The heating line's part of the floor, kept when ``r`` is the floor uncorrected.
        self.weather = column("weather") if "weather" in s.columns else self.heat
        self.hdd, self.tmean = column("hdd"), column("tmean_c")
        self.ref, self.ahead, self.around = column("ref"), column("ahead"), column("around")

    def at(self, day: dt.date) -> int:
        """The index of ``day`` (or of the first night after it)."""
        return int(np.searchsorted(self.ordinal, _ordinal(day)))

    def span(self, first: dt.date, last: dt.date, *, last_included: bool = True) -> slice:
        """The nights from ``first`` to ``last``."""
        side: Literal["left", "right"] = "right" if last_included else "left"
        lo = int(np.searchsorted(self.ordinal, _ordinal(first)))
        return slice(lo, int(np.searchsorted(self.ordinal, _ordinal(last), side=side)))

    def end(self, i: int, ref0: float, back: float, k: int) -> int:
        """The index after the last night of a rise from night ``i``.

        The rise stops before the first ``k`` nights in a row whose week (``around``) is
        less than ``back`` above ``ref0``; a night without a week (null) is not down,
        and the last ``k - 1`` nights count as down.
        """
        around = self.around[i:]
        known = ~np.isnan(around)
        low = (known & (around - ref0 < back)).astype(np.int64)
        n = low.size
        sums = np.cumsum(np.concatenate(([0], low)))
        seen = np.cumsum(np.concatenate(([0], known.astype(np.int64))))
        starts = np.arange(n)
        stops = np.minimum(starts + k, n)
        down = ((sums[stops] - sums[starts]) >= k) & (seen[stops] > seen[starts])
        down[max(n - (k - 1), 0) :] = True
        hit = np.flatnonzero(down)
        return i + (int(hit[0]) if hit.size else n)

    def follows_cold(self, a: dt.date, b: dt.date, size: float) -> bool:
        """Whether a rise grows with the cold: heating switched on or up, not an appliance.

        Heating switched on or turned up gives more heat per degree than in the weeks
        before. Over the rise's nights the floor is fitted against heating degree-days,
        and so over the four weeks before; True when the steeper slope, across one
        standard deviation of the rise's degree-days, explains at least ``cold_share`` of
        the rise. An appliance adds the same watts on a mild night as on a cold one and
        leaves the slope alone.
        """
        th = THRESHOLDS

        def slope(part: slice) -> float:
            x, y = self.hdd[part], self.w[part]
            if x.size < 3 or float(x.std()) <= th.fit_min_degree_days:
                return 0.0
            return float(np.polyfit(x, y, 1)[0])

        during = self.span(a, b)
        start = a - dt.timedelta(days=th.step_reference_days)
        before = self.span(start, a, last_included=False)
        steeper = slope(during) - slope(before)
        hdd = self.hdd[during]
        hdd = hdd[~np.isnan(hdd)]
        spread = float(hdd.std(ddof=1)) if hdd.size > 1 else 0.0
        return steeper * spread >= th.cold_share * size

    def cold_explains(self, a: dt.date, b: dt.date, size: float) -> bool:
        """Whether the cold explains a rise of ``size`` [W] from the nights ``a``–``b``.

        Explained: its nights are colder than the four weeks before them, by enough that
        the heating line of :func:`_without_heating` (``weather``) adds at least
        ``cold_share`` of the rise. A step in a spring a little colder than its March
        (real edfcomparateur curve, +121 W from 31 March) is no heating for it.
        """
        th = THRESHOLDS
        start = a - dt.timedelta(days=th.step_reference_days)
        before = self.weather[self.span(start, a, last_included=False)]
        during = self.weather[self.span(a, b)]
        if before.size == 0:
            return True
        t_before = self.tmean[self.span(start, a, last_included=False)]
        t_during = self.tmean[self.span(a, b)]
        colder_c = _mean(t_before) - _mean(t_during)
        return _mean(during) - _mean(before) >= th.cold_share * size or colder_c >= th.step_colder_c

    def warmth(self, a: dt.date, b: dt.date) -> tuple[float, float]:
        """How hot the nights ``a``–``b`` are.

        The share of hot days [0–1] and how much warmer they are than the four weeks
        before [°C]; (0, 0) without temperatures.
        """
        th = THRESHOLDS
        during = self.tmean[self.span(a, b)]
        during = during[~np.isnan(during)]
        before = self.tmean[self.span(a - dt.timedelta(days=th.step_reference_days), a)]
        before = before[~np.isnan(before)]
        if during.size == 0 or before.size == 0:
            return 0.0, 0.0
        hot = float((during >= th.cooling_base_c).mean())
        return hot, float(during.mean()) - float(before.mean())


def _ordinal(day: dt.date) -> int:
    """Days since 1970-01-01, as Polars stores a date."""
    return (day - dt.date(1970, 1, 1)).days


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


def day_activity(prepared: pl.DataFrame) -> pl.DataFrame:
    """Signs of someone at home, per day.

    Columns ``day``, ``active_minutes`` [min], ``spread_w`` and ``mean_w`` [W].

    ``active_minutes``: time between 07:00 and 23:00 at least ``activity_w`` above the
    day's own 10th percentile; ``spread_w``: the day's 90th minus 10th percentile of
    power. Both are relative to the day itself, so night heating or a night water heater
    does not look like activity, nor hide it.
    """
    low = pl.col("w").quantile(0.1)
    awake = (pl.col("hour") >= 7) & (pl.col("hour") < 23)
    return (
        prepared.with_columns(low=low.over("day"))
        .group_by("day")
        .agg(
            active_minutes=pl.col("minutes")
            .filter(awake & (pl.col("w") > pl.col("low") + THRESHOLDS.activity_w))
            .sum(),
            spread_w=pl.col("w").quantile(0.9) - low,
            mean_w=(pl.col("wh").sum() * 60 / pl.col("minutes").sum()),
        )
        .sort("day")
    )


def absences(
    daily: pl.DataFrame,
    activity: pl.DataFrame,
    *,
    skip: set[dt.date] | None = None,
    temperatures: pl.DataFrame | None = None,
) -> list[tuple[dt.date, dt.date]]:
    """Runs of ≥ ``absence_min_days`` days away: ``[(first, last)]``.

    A day is away when it is quiet (no activity and a flat curve, :func:`day_activity`:
    only what is left on runs, heating included) or far below the household's own
    comparable days, corrected for temperature (:func:`comparable`), so a cold spell,
    which raises both the day and what is expected of it, is not an absence.
    """
    th = THRESHOLDS
    plain = comparable(daily, skip=skip, correction="none").select("day", plain="expected")
    judged = (
        comparable(daily, skip=skip, temperatures=temperatures)
        .join(plain, on="day", how="left")
        .join(activity, on="day", how="left")
    )
    quiet = (pl.col("active_minutes") <= th.quiet_active_minutes) & (
        pl.col("spread_w")
        <= pl.max_horizontal(pl.lit(th.quiet_spread_w), th.quiet_spread_share * pl.col("mean_w"))
    )
    # Far below both the temperature-corrected and the plain comparison: when a home
    # starts heating in a cold month, the line fitted across the onset expects heat on
    # the mild days before it (guiEDF, November 2022).
    far = (pl.col("kwh") <= th.far_below_share * pl.col("expected")) & (
        pl.col("kwh") <= th.far_below_share * pl.col("plain")
    )
    away = judged.filter(quiet.fill_null(False) | far.fill_null(False))["day"].to_list()
    return [(a, b) for a, b in _runs(away) if (b - a).days + 1 >= th.absence_min_days]


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
    limit = THRESHOLDS.absence_excess_factor * expected + THRESHOLDS.absence_excess_kwh
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
            (pl.col("kwh") > limit) & (pl.col("kwh") > THRESHOLDS.absence_share_of_normal * normal)
        )
        for first, last in _runs(high["day"].to_list()):
            days = (last - first).days + 1
            if days < THRESHOLDS.absence_min_days:
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
                    words.said(
                        "anomaly.text.absence_consumption",
                        days=days,
                        per_day=per_day,
                        always_on=expected,
                    ),
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
        .with_columns(spike=pl.col("w") - pl.col("floor") >= THRESHOLDS.night_spike_w)
    )
    nights = max(night["day"].n_unique(), 1)
    rare = night.filter(pl.col("spike"))
    if rare["day"].n_unique() > THRESHOLDS.night_spike_rare * nights:
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
                words.said("anomaly.text.night_spike", kw=float(kw)),
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
        if (b - a).days + 1 < THRESHOLDS.heater_min_days:
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
                words.said("anomaly.text.water_heater_peak"),
            )
        )
    return out


def habitual_blocks(prepared: pl.DataFrame, *, floor_w: float) -> pl.DataFrame:
    """Energy of the recurring night blocks (a car charged at night, a pump on a timer).

    Per day and part of the day: ``day``, ``part``, ``kwh`` [kWh] above the always-on
    ``floor_w`` [W].

    A block is a run of ≥ 3 intervals 2.5–11 kW above the floor (the charging levels of
    :func:`analysis.usages.ev_charging`) holding ≥ 5 kWh, starting between 20:00 and
    06:00, lasting at most ``habit_max_hours`` and steady (``habit_max_rough``, judged on
    the median change from one interval to the next, so heating cycling on top of a
    charge or a water heater starting during it does not make a real charge uneven:
    guiEDF, winter 2024). The blocks are a habit when there are at least
    ``habit_min_sessions`` of them. Empty when they are not a habit: a single one is an
    unusual day.
    """
    x = pl.col("x")
    plateau = (x >= EV_MIN_W) & (x <= EV_MAX_W)
    rows = prepared.select(
        "day", "hour", "minutes", part=_part(), x=pl.col("w") - floor_w
    ).with_columns(on=plateau, run=plateau.rle_id())
    runs = (
        rows.filter(pl.col("on"))
        .group_by("run")
        .agg(
            n=pl.len(),
            hours=pl.col("minutes").sum() / 60,
            kwh=(pl.col("x") * pl.col("minutes") / 60000).sum(),
            hour=pl.col("hour").first(),
            rough=x.diff().abs().median() / x.median(),
        )
        .filter(
            (pl.col("n") >= 3)
            & (pl.col("hours") <= THRESHOLDS.habit_max_hours)
            & (pl.col("rough").fill_null(0.0) <= THRESHOLDS.habit_max_rough)
            & (pl.col("kwh") >= 5)
            & ((pl.col("hour") >= 20) | (pl.col("hour") < 6))
        )
    )
    if runs.height < THRESHOLDS.habit_min_sessions:
        return pl.DataFrame(schema={"day": pl.Date, "part": pl.Int32, "kwh": pl.Float64})
    return (
        rows.filter(pl.col("run").is_in(runs["run"].implode()))
        .group_by("day", "part")
        .agg(kwh=(pl.col("x") * pl.col("minutes") / 60000).sum())
        .sort("day", "part")
    )


def _part() -> pl.Expr:
    """Which part of the day an interval is in: 0 for 00–06 h … 3 for 18–24 h (local)."""
    return (pl.col("hour") // THRESHOLDS.part_hours).cast(pl.Int32)


def day_parts(prepared: pl.DataFrame) -> pl.DataFrame:
    """Energy per part of each day (``part_hours`` long).

    Columns ``day``, ``part``, ``kwh`` [kWh], ``coverage`` [0–1], ``day_type``.
    """
    return (
        prepared.with_columns(part=_part())
        .group_by("day", "part")
        .agg(
            kwh=pl.col("kwh").sum(),
            coverage=pl.col("minutes").sum() / (60 * THRESHOLDS.part_hours),
            day_type=pl.col("day_type").first(),
        )
        .sort("day", "part")
    )
