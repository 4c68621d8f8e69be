"""What a curve costs under each regulated option: Base, HP/HC, Tempo, EJP.

Formulas of analytics.md §1.4. Each day is priced by the grid in force that day
(``prices="dated"``) or by the grid in force today (``prices="latest"``, what the household
would pay now); the subscription is billed for every calendar day of the period (yearly price
× days / 365). HP/HC uses the household's own off-peak hours, which may differ between summer
and winter and change on given dates (the 2025–2027 reform). A Tempo day runs 6h → 6h, HC
being 22h–6h; EJP peak hours run 7h → 1h on its 22 days a year.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from typing import Literal
from zoneinfo import ZoneInfo

import numpy as np
import polars as pl

import words
from analysis import tempo as tempo_days
from analysis.reference import DATA
from ingest.schema import TIME_ZONE

Option = Literal["base", "hphc", "tempo", "ejp"]
OPTIONS: tuple[Option, ...] = ("base", "hphc", "tempo", "ejp")


def option_name(option: str, lang: words.Lang = "fr") -> str:
    """An option's name in ``lang`` (``option.<name>`` in the catalogue).

    "Heures creuses" in French, "Peak/Off-peak" in English.
    """
    return words.say(f"option.{option}", lang)


SEASON_WORDS: dict[str, tuple[str, str, str]] = {
    "fr": ("hiver", "été", "depuis"),
    "en": ("winter", "summer", "since"),
}
"""The words of a written schedule, per language: winter, summer, since (all parsed)."""
Prices = Literal["latest", "dated"]
DEFAULT_HC = "22:00-06:00"
"""Off-peak hours assumed when the household has not said (the most common schedule)."""


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


# --- off-peak hours -----------------------------------------------------------------------

SUMMER_MONTHS = (4, 10)
"""Months of the summer off-peak season, first and last: 1 April → 31 October. The 2025–2027
reform (TURPE 7, phase 2 from December 2026) gives some households different off-peak hours
in summer (afternoon hours) and in winter (field-2026.md, analytics.md §1.1)."""
SINCE_EVER = dt.date(1900, 1, 1)
"""The start of a schedule given without a date."""

Ranges = tuple[tuple[int, int], ...]
"""Off-peak ranges in minutes after local midnight, ``(start, end)``; a range may cross
midnight (22:00–06:00 is ``(1320, 360)``); ``end`` is 1440 for 24h."""

OFF_PEAK_EXAMPLES = "22h-6h, 22h30-6h30, 0h-7h + 13h-15h or 22:00-06:00"
OFF_PEAK_SYNTAX = (
    'off-peak hours as a bill writes them: "22h-6h", "22h30 - 6h30", "0h-7h + 13h-15h", '
    '"22:00-06:00" (several ranges joined by + or ,); summer and winter apart: '
    '"hiver 22h-6h ; été 2h-6h + 14h-16h" (summer = 1 April → 31 October); a change on a '
    'date: "22h-6h ; depuis 2026-12-01 : hiver 22h-6h ; été 2h-6h + 14h-16h"'
)
"""The syntax of :meth:`OffPeak.parse`, for the CLI's help and the dashboard's field."""

_TIME = r"(\d{1,2})\s*(?:[hH]\s*(\d{2})?|:\s*(\d{2}))"
_RANGE = re.compile(rf"^(?:de\s+)?{_TIME}\s*(?:-|–|—|à)\s*{_TIME}$", re.IGNORECASE)
_LABEL = re.compile(r"^(?:HC|heures\s+creuses)\s*:?\s*", re.IGNORECASE)
"""The label a bill may put before the hours: ``HC (22H00-6H00)``, ``Heures creuses : …``."""
_JOIN = re.compile(r"\s*(?:\+|,|\bet\b)\s*")
_DATE = r"(\d{4}-\d{2}-\d{2}|\d{2}/\d{2}/\d{4})"
_SINCE_WORD = r"(?:depuis|dès|des|from|since)\s+(?:le\s+)?"
_DATE_FIRST = re.compile(rf"^(?:{_SINCE_WORD})?{_DATE}\s*:?\s*(.*)$", re.IGNORECASE)
_DATE_LAST = re.compile(rf"^(.*?)\s*{_SINCE_WORD}{_DATE}$", re.IGNORECASE)
_SEASON = re.compile(r"^(hiver|winter|été|ete|summer)\b\s*:?\s*(.*)$", re.IGNORECASE)
_SEASONS = {"hiver": "winter", "winter": "winter", "été": "summer", "ete": "summer"}


def _minutes(hour: str, minute: str | None, piece: str) -> int:
    """Minutes after midnight of a time written ``22h``, ``22h30`` or ``22:30``. [min]."""
    h, m = int(hour), int(minute or 0)
    if h > 24 or m >= 60 or (h == 24 and m):
        msg = f"expected a time of day (0h to 24h), got {piece!r}"
        raise ValueError(msg)
    return h * 60 + m


def _covered(ranges: Ranges) -> list[int]:
    """Every minute of the day a set of ranges covers (with repeats where they overlap)."""
    out: list[int] = []
    for s, e in ranges:
        out.extend(range(s, e) if s < e else [*range(s, 1440), *range(e % 1440)])
    return out


def _ranges(text: str, *, context: str) -> Ranges:
    """Read ``"0h-7h + 13h-15h"`` into ranges of minutes.

    Raises
    ------
    ValueError
        Naming the piece that is not a range of hours.
    """
    text = _LABEL.sub("", text.strip())
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1]
    if not text.strip():
        msg = f"expected off-peak hours like {OFF_PEAK_EXAMPLES} after {context!r}"
        raise ValueError(msg)
    out = []
    for raw in _JOIN.split(text.strip()):
        piece = raw.strip()
        hit = _RANGE.match(piece)
        if not hit:
            msg = f"expected off-peak hours like {OFF_PEAK_EXAMPLES}, got {piece!r}"
            raise ValueError(msg)
        h1, m1, c1, h2, m2, c2 = hit.groups()
        start = _minutes(h1, m1 or c1, piece) % 1440
        end = _minutes(h2, m2 or c2, piece)
        if start == end % 1440 and not (start == 0 and end == 1440):
            msg = f"expected a range that lasts, got {piece!r}"
            raise ValueError(msg)
        out.append((start, end))
    covered = _covered(tuple(out))
    if len(covered) != len(set(covered)):
        msg = f"expected off-peak ranges that do not overlap, got {text.strip()!r}"
        raise ValueError(msg)
    return tuple(out)


def _date(text: str) -> dt.date:
    """A date written ``2026-12-01`` or ``01/12/2026``."""
    try:
        if "/" in text:
            d, m, y = (int(x) for x in text.split("/"))
            return dt.date(y, m, d)
        return dt.date.fromisoformat(text)
    except ValueError:
        msg = f"expected a date like 2026-12-01, got {text!r}"
        raise ValueError(msg) from None


@dataclass(frozen=True)
class Schedule:
    """Off-peak hours from a date on: the winter ranges and the summer ones.

    Both are equal when the household's hours do not change with the season.
    """

    since: dt.date
    winter: Ranges
    summer: Ranges

    @property
    def seasonal(self) -> bool:
        """Whether summer and winter hours differ."""
        return self.winter != self.summer


@dataclass
class _Part:
    """One ``;``-separated piece of a schedule text, read."""

    since: dt.date | None
    season: str | None
    ranges: Ranges


def _part(text: str) -> _Part:
    """Read one piece: ``[depuis DATE :] [hiver|été] RANGES [depuis DATE]``."""
    piece, since = text.strip(), None
    first = _DATE_FIRST.match(piece)
    last = _DATE_LAST.match(piece)
    if first and (first.group(2) or not last):
        since, piece = _date(first.group(1)), first.group(2)
    elif last:
        since, piece = _date(last.group(2)), last.group(1)
    season = None
    hit = _SEASON.match(piece.strip())
    if hit:
        season, piece = _SEASONS.get(hit.group(1).lower(), hit.group(1).lower()), hit.group(2)
    context = hit.group(1) if hit else (f"depuis {since.isoformat()}" if since else text.strip())
    return _Part(since, season, _ranges(piece, context=context))


def _group(parts: list[_Part], since: dt.date) -> list[Schedule]:
    """Pair each winter piece with its summer piece; a date on either dates the pair."""
    groups: list[list[_Part]] = []
    for part in parts:
        cur = groups[-1] if groups else None
        joins = (
            cur is not None
            and part.season is not None
            and all(p.season is not None and p.season != part.season for p in cur)
            and (part.since is None or all(p.since in (None, part.since) for p in cur))
        )
        if cur is not None and joins:
            cur.append(part)
        else:
            groups.append([part])
    out = []
    for i, group in enumerate(groups):
        start = next((p.since for p in group if p.since is not None), None)
        if start is None and i:
            msg = "expected a date (depuis 2026-12-01) on every schedule after the first"
            raise ValueError(msg)
        by_season = {p.season: p.ranges for p in group}
        if None in by_season:
            winter = summer = by_season[None]
        elif "winter" not in by_season or "summer" not in by_season:
            msg = "expected both winter (hiver …) and summer (été …) hours, got only one season"
            raise ValueError(msg)
        else:
            winter, summer = by_season["winter"], by_season["summer"]
        out.append(Schedule(start or since, winter, summer))
    starts = [s.since for s in out]
    if len(set(starts)) != len(starts):
        msg = "expected one schedule per date, got two schedules from the same day"
        raise ValueError(msg)
    return sorted(out, key=lambda s: s.since)


def _inside(ranges: Ranges, minute: pl.Expr) -> pl.Expr:
    """Whether a local minute of the day falls in any of the ranges."""
    out = pl.lit(value=False)
    for s, e in ranges:
        out = out | (((minute >= s) & (minute < e)) if s < e else ((minute >= s) | (minute < e)))
    return out


def is_summer(day: pl.Expr) -> pl.Expr:
    """Whether a local day is in the summer off-peak season (1 April → 31 October)."""
    return day.dt.month().is_between(*SUMMER_MONTHS)


def _fmt_ranges(ranges: Ranges) -> str:
    def fmt(m: int) -> str:
        return f"{m // 60:02d}:{m % 60:02d}"

    return ",".join(f"{fmt(s)}-{fmt(e)}" for s, e in ranges)


@dataclass(frozen=True)
class OffPeak:
    """The household's off-peak hours: schedules from given dates, with winter and summer hours.

    ``schedules`` are sorted by their first day; the first one applies to every earlier day
    too.
    """

    schedules: tuple[Schedule, ...]

    @staticmethod
    def parse(text: str, *, since: dt.date = SINCE_EVER) -> OffPeak:
        """Read off-peak hours as a bill or the contract writes them (:data:`OFF_PEAK_SYNTAX`).

        - ranges: ``"22h-6h"``, ``"22h30 - 6h30"``, ``"22:00-06:00"``, several joined by
          ``+``, ``,`` or ``et``: ``"0h-7h + 13h-15h"``;
        - seasons: ``"hiver 22h-6h ; été 2h-6h + 14h-16h"`` (summer = 1 April → 31 October;
          ``winter``/``summer`` are read too);
        - dated changes, ``;``-separated, each from a date written ``depuis 2026-12-01`` (before
          or after its hours, ``dès``/``from``/``since`` too, dates also ``01/12/2026``) or
          ``2026-12-01:`` before them: ``"22h-6h ; depuis 2026-12-01 : hiver 22h-6h ; été
          2h-6h + 14h-16h"``. The first schedule may have no date: it applies from ``since``.
          A winter piece and the summer piece that follows it make one schedule.

        Raises
        ------
        ValueError
            One line naming the piece that was refused and what was expected.
        """
        parts = [_part(p) for p in text.split(";") if p.strip()]
        if not parts:
            msg = f"expected off-peak hours like {OFF_PEAK_EXAMPLES}, got nothing"
            raise ValueError(msg)
        return OffPeak(tuple(_group(parts, since)))

    def hours_per_day(self) -> float:
        """Off-peak hours per day of the latest schedule, in winter. [h]."""
        return len(_covered(self.schedules[-1].winter)) / 60

    def first_start(self) -> int:
        """Minute of the day the night off-peak period starts (latest schedule, winter). [min]."""
        return max(self.schedules[-1].winter, key=lambda r: (r[1] - r[0]) % 1440)[0]

    def seasonal(self) -> bool:
        """Whether some schedule gives different summer and winter hours."""
        return any(s.seasonal for s in self.schedules)

    def text(self, lang: words.Lang = "fr") -> str:
        """The schedule in the canonical form :meth:`parse` reads back.

        In either language: ``hiver``/``été``/``depuis`` or ``winter``/``summer``/``since``.
        """
        winter, summer, since = SEASON_WORDS[lang]
        parts = []
        for s in self.schedules:
            hours = (
                f"{winter} {_fmt_ranges(s.winter)} ; {summer} {_fmt_ranges(s.summer)}"
                if s.seasonal
                else _fmt_ranges(s.winter)
            )
            parts.append(hours if s.since == SINCE_EVER else f"{since} {s.since} : {hours}")
        return " ; ".join(parts)

    def say(self, lang: words.Lang = "fr") -> str:
        """:meth:`text` in ``lang``: what a catalogue sentence shows of a schedule."""
        return self.text(lang)

    def expr(self, minute: pl.Expr, day: pl.Expr) -> pl.Expr:
        """Whether a local minute of the day, on a local day, is off-peak.

        The season and the schedule in force are those of the calendar day (a night that
        crosses 31 October → 1 November switches at midnight).
        """
        out = pl.lit(value=False)
        bounds = [s.since for s in self.schedules[1:]] + [dt.date(9999, 12, 31)]
        for s, until in zip(self.schedules, bounds, strict=True):
            winter = _inside(s.winter, minute)
            inside = (
                pl.when(is_summer(day)).then(_inside(s.summer, minute)).otherwise(winter)
                if s.seasonal
                else winter
            )
            out = pl.when((day >= s.since) & (day < until)).then(inside).otherwise(out)
        return out


def off_peak_from_periods(periods: pl.DataFrame) -> str | None:
    """The off-peak hours a meter applied, learned from its reported tariff periods.

    ``periods`` holds ``start`` [UTC] and ``period`` per half-hour (a TIC capture's
    ``PTEC``/``LTARF``). A half-hour of the day is off-peak when its period names
    off-peak (``HC``, ``CREUSE``) on most of the days seen. Returns a schedule such as
    ``"22:00-06:00"`` (local time), or None when no off-peak period was reported.
    """
    if periods.height == 0:
        return None
    label = pl.col("period").str.to_uppercase()
    slots = (
        periods.with_columns(
            local=pl.col("start").dt.convert_time_zone(TIME_ZONE),
            hc=label.str.contains("HC") | label.str.contains("CREUSE"),
        )
        .with_columns(slot=pl.col("local").dt.hour() * 2 + pl.col("local").dt.minute() // 30)
        .group_by("slot")
        .agg(pl.col("hc").mean())
    )
    off = sorted(int(x) for x in slots.filter(pl.col("hc") > 0.5)["slot"].to_list())
    if not off:
        return None
    ranges: list[list[int]] = []
    for slot in off:
        if ranges and slot == ranges[-1][1]:
            ranges[-1][1] = slot + 1
        else:
            ranges.append([slot, slot + 1])
    if len(ranges) > 1 and ranges[0][0] == 0 and ranges[-1][1] == 48:
        ranges[-1][1] = ranges[0][1]  # a range across midnight
        ranges.pop(0)

    def fmt(half: int) -> str:
        return f"{half % 48 // 2:02d}:{half % 2 * 30:02d}"

    return ",".join(f"{fmt(a)}-{fmt(b)}" for a, b in ranges)


def minute_of_day(prepared_hour: str = "hour") -> pl.Expr:
    """Local minute of the day from the prepared ``hour`` column. [min]."""
    return (pl.col(prepared_hour) * 60).round(0).cast(pl.Int32)


# --- costs ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cost:
    """The cost of a curve under one option and subscribed power. [EUR, TTC]."""

    option: Option
    kva: int
    energy_eur: float
    subscription_eur: float
    kwh: float
    breakdown_kwh: dict[str, float] = field(default_factory=dict)
    """Energy per price component, e.g. ``{"energy_hp": 3200.0, "energy_hc": 1800.0}``."""
    notes: tuple[words.Said, ...] = ()
    """What the figures rest on: grids used, days no grid covers, colours estimated."""
    estimated_days: int = 0
    """Tempo (and EJP) days priced on an estimated colour: none was known for them."""

    @property
    def total_eur(self) -> float:
        """Energy plus subscription. [EUR]."""
        return self.energy_eur + self.subscription_eur


def _component(option: Option, off_peak: OffPeak) -> pl.Expr:
    """The price component each prepared interval falls under."""
    minute = minute_of_day()
    day = pl.col("day")
    if option == "base":
        return pl.lit("energy")
    if option == "hphc":
        return (
            pl.when(off_peak.expr(minute, day))
            .then(pl.lit("energy_hc"))
            .otherwise(pl.lit("energy_hp"))
        )
    if option == "tempo":
        hc = (minute >= 22 * 60) | (minute < 6 * 60)
        return pl.format(
            "energy_{}_{}",
            pl.col("colour").str.to_lowercase(),
            pl.when(hc).then(pl.lit("hc")).otherwise(pl.lit("hp")),
        )
    # EJP: 18 peak hours 7h → 1h on peak days (the day runs like Tempo's, from 6h).
    peak = pl.col("colour") == "ROUGE"
    in_hours = (minute >= 7 * 60) | (minute < 60)
    return (
        pl.when(peak & in_hours)
        .then(pl.lit("energy_pointe_mobile"))
        .otherwise(pl.lit("energy_normal"))
    )


def tempo_day() -> pl.Expr:
    """The Tempo (and EJP) day an interval belongs to: days run 6h → 6h."""
    return (
        pl.when(pl.col("hour") < 6)
        .then(pl.col("day") - dt.timedelta(days=1))
        .otherwise(pl.col("day"))
    )


def _calendar_days(prepared: pl.DataFrame) -> pl.DataFrame:
    """Every local day from the curve's first day to its last, with data or not (``day``)."""
    if prepared.height == 0:
        return pl.DataFrame({"day": []}, schema={"day": pl.Date})
    first: dt.date = prepared["day"].min()  # type: ignore[assignment]
    last: dt.date = prepared["day"].max()  # type: ignore[assignment]
    return pl.DataFrame({"day": pl.date_range(first, last, "1d", eager=True)})


@dataclass(frozen=True)
class _Listed:
    """Sentences said one after the other, comma-separated."""

    items: tuple[words.Said, ...]

    def say(self, lang: words.Lang = "fr") -> str:
        return ", ".join(i.say(lang) for i in self.items)


def _grid_per_day(
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
def _option_grid(option: Option, kva: int) -> pl.DataFrame:
    """One option's grid rows at one kVA, by ``valid_from`` (the grid is read once)."""
    return grid().filter((pl.col("option") == option) & (pl.col("kva") == kva)).sort("valid_from")


@functools.lru_cache(maxsize=64)
def _priced_days(
    option: Option, kva: int, first: dt.date, last: dt.date, prices: Prices, today: dt.date
) -> tuple[pl.DataFrame, tuple[words.Said, ...]]:
    """:func:`_grid_per_day` for every day from ``first`` to ``last``, kept for the next call.

    A report prices the same days under the same contract a dozen times (options,
    scenarios, tips); the grid and the days decide the prices, not the curve.
    """
    days = pl.DataFrame({"day": pl.date_range(first, last, "1d", eager=True)})
    per_day, notes = _grid_per_day(
        days, _option_grid(option, kva), option, prices=prices, today=today
    )
    return per_day, tuple(notes)


def cost(
    prepared: pl.DataFrame,
    option: Option,
    kva: int,
    *,
    off_peak: OffPeak | None = None,
    tempo: pl.DataFrame | None = None,
    prices: Prices = "latest",
    today: dt.date | None = None,
) -> Cost:
    """Cost of a prepared curve under ``option`` at ``kva``.

    ``prices="latest"`` prices every day at the grid in force ``today`` (default: the
    computer's date); ``"dated"`` prices each day at the grid in force that day. The
    subscription is billed for every calendar day from the first day to the last, data or
    not (yearly price × days / 365). Days no grid covers are priced at the nearest grid and
    the notes say which and how many.

    Raises
    ------
    ValueError
        If the option is not offered at that power. Tempo days without a known colour are
        priced on an estimated calendar (:func:`analysis.tempo.estimate`), counted in
        ``estimated_days`` and said in ``notes``.
    """
    if _option_grid(option, kva).height == 0:
        msg = f"the {option} option is not offered at {kva} kVA"
        raise ValueError(msg)
    off_peak = off_peak or OffPeak.parse(DEFAULT_HC)
    notes: list[words.Said] = []
    rows = prepared.select("day", "hour", "kwh")
    estimated = 0
    if option in ("tempo", "ejp"):
        rows = rows.with_columns(tday=tempo_day())
        first, last = rows["tday"].min(), rows["tday"].max()
        assert isinstance(first, dt.date)
        assert isinstance(last, dt.date)
        cal = tempo_days.calendar(tempo, first=first, last=last)
        rows = rows.join(cal.rename({"day": "tday"}), on="tday", how="left")
        guessed = rows.filter(pl.col("source") == tempo_days.ESTIMATED)["tday"].unique().sort()
        estimated = guessed.len()
        if estimated:
            notes.append(
                words.said("cost.note.tempo_estimated", n=estimated, a=guessed[0], b=guessed[-1])
            )
        rows = rows.drop("source")
        if option == "ejp":
            notes.append(words.said("report.ejp_days"))
    on = today or paris_today()
    day_a, day_b = prepared["day"].min(), prepared["day"].max()
    if isinstance(day_a, dt.date) and isinstance(day_b, dt.date):
        per_day, grid_notes = _priced_days(option, kva, day_a, day_b, prices, on)
    else:  # no interval: no day to price
        per_day, listed = _grid_per_day(
            _calendar_days(prepared), _option_grid(option, kva), option, prices=prices, today=on
        )
        grid_notes = tuple(listed)
    notes.extend(grid_notes)
    subscription = float(per_day["subscription"].sum()) / 365
    components = sorted(c for c in per_day.columns if c.startswith("energy"))
    # Each interval's price by position: its day's row, its component's column (a join
    # of every interval with its day's prices took half of the pricing).
    which = rows.select(
        day=pl.col("day").cast(pl.Int32),
        component=_component(option, off_peak).cast(pl.Enum(components), strict=False),
    )
    days = per_day["day"].cast(pl.Int32).to_numpy()
    row_days = which["day"].to_numpy()
    # One row per calendar day, in order: a day's row is its distance from the first.
    row = np.clip(row_days - (days[0] if days.size else 0), 0, max(days.size - 1, 0))
    component = which["component"]
    if component.null_count() or (row_days.size and (days[row] != row_days).any()):
        msg = f"no price for some intervals under {option}"
        raise ValueError(msg)
    index = component.to_physical().to_numpy().astype(np.int64)
    table = per_day.select(components).to_numpy().astype(np.float64)
    price = table[row, index]
    if np.isnan(price).any():
        msg = f"no price for some intervals under {option}"
        raise ValueError(msg)
    kwh = rows["kwh"].to_numpy().astype(np.float64)
    per_component = np.bincount(index, weights=kwh, minlength=len(components))
    seen = np.bincount(index, minlength=len(components)) > 0
    return Cost(
        option=option,
        kva=kva,
        energy_eur=float(np.sum(kwh * price)),
        subscription_eur=subscription,
        kwh=float(rows["kwh"].sum()),
        breakdown_kwh={
            c: float(k) for c, k, s in zip(components, per_component, seen, strict=True) if s
        },
        notes=tuple(notes),
        estimated_days=estimated,
    )


def compare(
    prepared: pl.DataFrame,
    kva: int,
    *,
    off_peak: OffPeak | None = None,
    tempo: pl.DataFrame | None = None,
    prices: Prices = "latest",
    today: dt.date | None = None,
) -> list[Cost]:
    """The cost under every option offered at ``kva`` today (cheapest first)."""
    out = []
    for option in OPTIONS:
        if kva not in kvas(option, today=today):
            continue
        try:
            out.append(
                cost(
                    prepared,
                    option,
                    kva,
                    off_peak=off_peak,
                    tempo=tempo,
                    prices=prices,
                    today=today,
                )
            )
        except ValueError:
            continue
    return sorted(out, key=lambda c: c.total_eur)


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


def break_even_hc_share(kva: int, annual_kwh: float) -> float:
    """The off-peak share of consumption above which HP/HC beats Base. [0–1].

    s* = (p_HP − p_Base + ΔS / E) / (p_HP − p_HC), with ΔS the yearly subscription
    difference and E the yearly consumption (analytics.md §1.4).
    """
    base = prices_at("base", kva)
    hphc = prices_at("hphc", kva)
    extra = (hphc["subscription"] - base["subscription"]) / max(annual_kwh, 1.0)
    return (hphc["energy_hp"] - base["energy"] + extra) / (hphc["energy_hp"] - hphc["energy_hc"])
