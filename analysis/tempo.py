"""Tempo day colours: shipped, a household's file, learned from the meter, or estimated.

RTE colours each Tempo day (06:00 → 06:00 local time) blue, white or red. The rules of a
Tempo year (1 September → 31 August; docs/sources.md, Tariffs): :data:`RED_DAYS`
red days between 1 November and 31 March, never on a Saturday, Sunday or public holiday;
:data:`WHITE_DAYS` white days, never on a Sunday; the rest blue.

Every calendar here is a frame ``day`` [date, the Tempo day], ``colour`` (one of
:data:`COLOURS`), ``source`` (where the colour comes from; :data:`ESTIMATED` when Courbe
guessed it).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

import words
from analysis.calendar import public_holidays
from analysis.reference import DATA, degree_days, normals, parse_day
from ingest.schema import TIME_ZONE

if TYPE_CHECKING:
    from words import Lang

COLOURS = ("BLEU", "BLANC", "ROUGE")
RED_DAYS = 22
"""Red days in a Tempo year (RTE rule; 2019-2020 had 18, published as such)."""
WHITE_DAYS = 43
"""White days in a Tempo year (RTE rule; 2019-2020 had 47)."""
RED_MONTHS = (11, 12, 1, 2, 3)
"""The months red days may fall in: 1 November → 31 March."""
SEASON_START_MONTH = 9
"""A Tempo year starts on 1 September."""
DAY_START_HOUR = 6
"""A Tempo day starts at 06:00 local time. [h]"""
ESTIMATED = "estimated"
"""The ``source`` of a colour estimated by :func:`estimate` (no colour was published to
Courbe for that day)."""
LEARNED = "TIC"
"""The ``source`` of a colour read from the meter's own tariff periods."""

NAMES: dict[str, str] = {
    "BLEU": "BLEU",
    "BLUE": "BLEU",
    "TEMPO_BLEU": "BLEU",
    "1": "BLEU",
    "BLANC": "BLANC",
    "WHITE": "BLANC",
    "TEMPO_BLANC": "BLANC",
    "2": "BLANC",
    "ROUGE": "ROUGE",
    "RED": "ROUGE",
    "TEMPO_ROUGE": "ROUGE",
    "3": "ROUGE",
}
"""Every way the files write a colour (upper case): French, English, EDF's ``TEMPO_…``, and
api-couleur-tempo's ``codeJour`` 1–3."""
UNKNOWN = ("0", "INCONNU", "NON_DEFINI", "UNKNOWN", "")
"""What the files write for a day whose colour is not known yet (api-couleur-tempo's
``codeJour`` 0, "Inconnu"; EDF's "NON_DEFINI"): such a day is left out, never an error."""


def estimated_label(days: int, lang: Lang = "fr") -> str:
    """How a cost priced partly on estimated colours is labelled wherever it is shown.

    ``"couleurs estimées pour 100 jours"``, or "" when no day was estimated.
    """
    return words.say("tempo.estimated", lang, n=days) if days else ""


_SCHEMA = pl.Schema({"day": pl.Date, "colour": pl.String, "source": pl.String})


@functools.cache
def tempo_colours() -> pl.DataFrame:
    """Shipped Tempo colours: ``day`` [date], ``colour`` (BLEU, BLANC, ROUGE), ``source``."""
    return pl.read_csv(DATA / "tempo_days.csv", try_parse_dates=True).select(
        day="date", colour="couleur", source="source"
    )


# --- a household's file ---------------------------------------------------------------------


def read_tempo_file(path: str | Path | bytes) -> pl.DataFrame:
    """A user's Tempo colour file, in any of the shapes people have.

    - RTE's éCO2mix download (``eCO2mix_RTE_tempo_2025-2026.xls``): tab-separated text
      in Latin-1 under ``Date`` and ``Type de jour TEMPO``, closed by a notice line;
    - a CSV (``,``, ``;`` or tab) with a date column then a colour column, with or without
      a header (calBAR's ``dd/mm/yyyy;BLEU``);
    - api-couleur-tempo JSON: ``[{"dateJour": "2026-01-05", "codeJour": 3, …}]``, one
      object or a list (``codeJour`` 0 = not known yet, left out);
    - a JSON list of ``{"date": …, "couleur"|"colour"|"color": …}``, or EDF's
      ``{"dates": [{"date": "2020-1-6", "couleur": "TEMPO_ROUGE"}]}``, or an object
      ``{"2026-01-05": "ROUGE", …}``.

    Dates ``YYYY-MM-DD`` (or unpadded ``2020-1-6``) or ``DD/MM/YYYY``; colours as in
    :data:`NAMES`, any case. Returns ``day``, ``colour``, ``source`` ("user file").

    Raises
    ------
    ValueError
        One line naming the line (or JSON item) and what was expected.
    """
    data = path if isinstance(path, bytes) else Path(path).read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")  # RTE's download
    if text.lstrip()[:1] in ("[", "{"):
        return _tempo_json(text)
    return _tempo_table(text)


def _tempo_table(text: str) -> pl.DataFrame:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    first = lines[0]
    sep = max(("\t", ";", ","), key=first.count)
    if first.count(sep) == 0:
        msg = "line 1: expected a date column and a colour column"
        raise ValueError(msg)
    cells = first.split(sep)
    headed = parse_day(pl.lit(cells[0].strip())).is_null()
    has_header = bool(pl.select(headed).item())
    frame = pl.read_csv(
        "\n".join(lines).encode(),
        separator=sep,
        infer_schema=False,
        has_header=has_header,
        truncate_ragged_lines=True,
    )
    if frame.width < 2:  # a date and a colour
        msg = "expected a date column and a colour column"
        raise ValueError(msg)
    d, c = frame.columns[0], frame.columns[1]
    raw = frame.select(
        row=pl.int_range(pl.len()) + (2 if has_header else 1),
        date=pl.col(d).str.strip_chars(),
        colour=pl.col(c).fill_null("").str.strip_chars().str.to_uppercase(),
    )
    # A line with text but no colour is a note, not a day (RTE closes its file with one:
    # "L'ensemble des informations disponibles sur éCO2mix sont fournies à titre informatif").
    raw = raw.filter(~(parse_day(pl.col("date")).is_null() & (pl.col("colour") == "")))
    return _normalise(raw, where="line")


def _tempo_json(text: str) -> pl.DataFrame:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as error:
        msg = f"line {error.lineno}: not valid JSON ({error.msg})"
        raise ValueError(msg) from error
    if isinstance(doc, dict) and isinstance(doc.get("dates"), list):
        doc = doc["dates"]  # EDF's shape
    if isinstance(doc, dict) and ("dateJour" in doc or "date" in doc):
        doc = [doc]  # one day: api-couleur-tempo's /today
    if isinstance(doc, dict):
        items = [{"date": k, "colour": v} for k, v in doc.items()]
    elif isinstance(doc, list) and all(isinstance(x, dict) for x in doc):
        keys = ("dateJour", "date", "day", "jour")
        values = ("codeJour", "couleur", "colour", "color", "libCouleur", "type")

        def pick(item: dict[str, object], names: tuple[str, ...]) -> object:
            return next((item[n] for n in names if n in item), None)

        items = [{"date": pick(x, keys), "colour": pick(x, values)} for x in doc]
    else:
        msg = "expected a JSON list of days with a date and a colour"
        raise ValueError(msg)
    raw = pl.DataFrame(
        {
            "date": [None if i["date"] is None else str(i["date"]) for i in items],
            # An item without a colour is an error; only the words of UNKNOWN mean "not yet".
            "colour": ["?" if i["colour"] is None else str(i["colour"]) for i in items],
        },
        schema={"date": pl.String, "colour": pl.String},
    ).select(
        row=pl.int_range(pl.len()) + 1,
        date=pl.col("date").str.strip_chars().str.slice(0, 10),
        colour=pl.col("colour").str.strip_chars().str.to_uppercase(),
    )
    return _normalise(raw, where="item")


def _normalise(raw: pl.DataFrame, *, where: str) -> pl.DataFrame:
    """``row``, ``date``, ``colour`` texts → the calendar; unknown days dropped."""
    known = raw.filter(~pl.col("colour").is_in(UNKNOWN))
    out = known.select(
        "row",
        day=parse_day(pl.col("date")),
        colour=pl.col("colour").replace_strict(NAMES, default=None, return_dtype=pl.String),
        source=pl.lit("user file"),
    )
    bad = out.filter(pl.col("day").is_null() | pl.col("colour").is_null())
    if bad.height:
        msg = f"{where} {bad['row'][0]}: expected a date and BLEU, BLANC or ROUGE"
        raise ValueError(msg)
    return out.drop("row").unique("day", keep="last").sort("day")


# --- colours the meter reported -------------------------------------------------------------

_TIC_COLOURS = {"B": "BLEU", "W": "BLANC", "R": "ROUGE"}
"""The last letter of a historic ``PTEC`` on Tempo: ``HPJB``, ``HCJW``, ``HPJR``."""


def colours_from_periods(periods: pl.DataFrame) -> pl.DataFrame:
    """The Tempo colours a meter applied, from its reported tariff periods.

    ``periods`` holds ``start`` [UTC] and ``period`` per half-hour: a TIC capture's historic
    ``PTEC`` (``HPJB``, ``HCJW``, ``HPJR``…) or standard ``LTARF`` (``HP  BLEU``,
    ``HC ROUGE``, ``HEURE CREUSE BLANC``…). Each half-hour belongs to the Tempo day it
    starts in (06:00 → 06:00); a day takes the colour most of its half-hours name. Periods
    naming no colour (Base, HP/HC) give no day. Returns the calendar, ``source`` "TIC".
    """
    label = pl.col("period").str.to_uppercase().str.replace_all(r"\s+", " ").str.strip_chars()
    historic = label.str.extract(r"^H[PC]J([BWR])$").replace_strict(
        _TIC_COLOURS, default=None, return_dtype=pl.String
    )
    standard = label.str.extract(r"\b(BLEU|BLANC|ROUGE)\b")
    local = pl.col("start").dt.convert_time_zone(TIME_ZONE)
    tday = (local - pl.duration(hours=DAY_START_HOUR)).dt.date()
    if periods.height == 0:
        return pl.DataFrame(schema=_SCHEMA)
    return (
        periods.select(day=tday, colour=pl.coalesce(historic, standard))
        .drop_nulls("colour")
        .group_by("day")
        .agg(pl.col("colour").mode().sort().first())
        .with_columns(source=pl.lit(LEARNED))
        .sort("day")
    )


# --- the calendar used for prices -----------------------------------------------------------


def colours(user: pl.DataFrame | None = None) -> pl.DataFrame:
    """Shipped colours, overridden and extended by the user's own ones when given."""
    shipped = tempo_colours()
    if user is None or user.height == 0:
        return shipped
    own = user.select(shipped.columns).unique("day", keep="last")  # one colour a day
    return pl.concat([shipped.join(own, on="day", how="anti"), own]).sort("day")


def season(day: pl.Expr) -> pl.Expr:
    """The Tempo year a day belongs to, named by the year it starts in (2026 = 2026-2027)."""
    return day.dt.year() - (day.dt.month() < SEASON_START_MONTH).cast(pl.Int32)


def _season_bounds(first: dt.date, last: dt.date) -> tuple[dt.date, dt.date]:
    """1 September on or before ``first``, 31 August on or after ``last``."""
    y0 = first.year - (first.month < SEASON_START_MONTH)
    y1 = last.year - (last.month < SEASON_START_MONTH) + 1
    return dt.date(y0, SEASON_START_MONTH, 1), dt.date(y1, SEASON_START_MONTH, 1) - dt.timedelta(1)


def estimate(
    first: dt.date,
    last: dt.date,
    known: pl.DataFrame,
    *,
    temperatures: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Estimated colours for the days from ``first`` to ``last`` that ``known`` lacks.

    Each Tempo year touched keeps RTE's counts: the red days left (:data:`RED_DAYS` minus the
    known red days of that year) go to the coldest unknown weekdays of 1 November → 31 March
    that are not public holidays; the white days left (:data:`WHITE_DAYS` minus the known
    white ones) to the coldest unknown days left that are not Sundays; the rest are blue.
    "Coldest" is the day's mean temperature (the household's, else the shipped French one),
    else, for days without one, the mean of that calendar day over the shipped years
    (2016 → 2025). Returns the calendar of the estimated days, ``source`` :data:`ESTIMATED`.
    """
    start, end = _season_bounds(first, last)
    days = pl.DataFrame({"day": pl.date_range(start, end, "1d", eager=True)})
    holidays = list(public_holidays(start.year, end.year))
    temps = degree_days(temperatures).select("day", "tmean_c")
    frame = (
        days.join(known.select("day", "colour"), on="day", how="left")
        .join(temps, on="day", how="left")
        .with_columns(
            season=season(pl.col("day")),
            month=pl.col("day").dt.month(),
            dom=pl.col("day").dt.day(),
            weekday=pl.col("day").dt.weekday(),
        )
        .join(normals(), on=["month", "dom"], how="left")
        .sort("day")
        .with_columns(
            cold=pl.coalesce("tmean_c", "normal_c"),
            red_left=RED_DAYS - (pl.col("colour") == "ROUGE").sum().over("season"),
            white_left=WHITE_DAYS - (pl.col("colour") == "BLANC").sum().over("season"),
            unknown=pl.col("colour").is_null(),
        )
    )
    may_be_red = (
        pl.col("unknown")
        & pl.col("month").is_in(RED_MONTHS)
        & (pl.col("weekday") <= 5)  # Monday–Friday
        & ~pl.col("day").is_in(holidays)
    )
    frame = frame.with_columns(
        red=may_be_red
        & (
            pl.when(may_be_red).then(pl.col("cold")).rank("ordinal").over("season")
            <= pl.col("red_left")
        ).fill_null(value=False)
    )
    may_be_white = pl.col("unknown") & ~pl.col("red") & (pl.col("weekday") != 7)  # not Sunday
    frame = frame.with_columns(
        white=may_be_white
        & (
            pl.when(may_be_white).then(pl.col("cold")).rank("ordinal").over("season")
            <= pl.col("white_left")
        ).fill_null(value=False)
    )
    return (
        frame.filter(pl.col("unknown") & pl.col("day").is_between(first, last))
        .select(
            "day",
            colour=pl.when("red")
            .then(pl.lit("ROUGE"))
            .when("white")
            .then(pl.lit("BLANC"))
            .otherwise(pl.lit("BLEU")),
            source=pl.lit(ESTIMATED),
        )
        .sort("day")
    )


def calendar(
    user: pl.DataFrame | None = None,
    *,
    first: dt.date,
    last: dt.date,
    temperatures: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Every Tempo day from ``first`` to ``last``, known or estimated.

    Known colours (shipped, then the user's), the rest estimated by :func:`estimate`
    (``source`` :data:`ESTIMATED`).
    """
    days = (last - first).days + 1
    if user is not None:
        own = user.filter(pl.col("day").is_between(first, last))
        if own.height == days and own["day"].n_unique() == days:
            # The user's calendar has every day (a report's, once estimated): it is the
            # answer, without merging the shipped colours in again for each pricing.
            return own.select(_SCHEMA.names()).sort("day")
    known = colours(user)
    inside = known.filter(pl.col("day").is_between(first, last)).select(_SCHEMA.names())
    if inside.height == days:
        return inside  # every day known (the usual case): nothing to estimate
    missing = estimate(first, last, known, temperatures=temperatures)
    return pl.concat([inside, missing]).sort("day")


def coverage(
    first: dt.date, last: dt.date, user: pl.DataFrame | None = None
) -> dict[str, int | str | None]:
    """How many Tempo days from ``first`` to ``last`` have a known colour.

    ``known_days`` (shipped, or the user's), ``estimated_days`` (the others, priced on
    :func:`estimate`) [days], and ``last_known``, the last day with a known colour (ISO, or
    None).
    """
    known = colours(user).filter(pl.col("source") != ESTIMATED)["day"]
    inside = int(known.is_between(first, last).sum())
    return {
        "known_days": inside,
        "estimated_days": (last - first).days + 1 - inside,
        "last_known": None if known.is_empty() else str(known.max()),
    }
