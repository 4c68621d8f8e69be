"""The household's off-peak hours: read as a bill writes them, applied minute by minute."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import polars as pl

if TYPE_CHECKING:
    import words


SEASON_WORDS: dict[str, tuple[str, str, str]] = {
    "fr": ("hiver", "été", "depuis"),
    "en": ("winter", "summer", "since"),
}
"""The words of a written schedule, per language: winter, summer, since (all parsed)."""
DEFAULT_HC = "22:00-06:00"
"""Off-peak hours assumed when the household has not said (the most common schedule)."""


SUMMER_MONTHS = (4, 10)
"""Months of the summer off-peak season, first and last: 1 April → 31 October. The 2025–2027
reform (TURPE 7, phase 2 from December 2026) gives some households different off-peak hours
in summer (afternoon hours) and in winter (docs/sources.md, Tariffs)."""
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


def minute_of_day(frame: pl.DataFrame | None = None) -> pl.Expr:
    """Local minute of the day of each interval's start [min].

    ``frame``'s ``minute`` column when it has one (a prepared curve:
    :func:`analysis.curve.prepare`), else from its ``hour`` (a frame of days and hours).
    """
    if frame is not None and "minute" in frame.columns:
        return pl.col("minute")
    return (pl.col("hour") * 60).round(0).cast(pl.Int32)
