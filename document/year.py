"""The year page 1 sums up, the year before, and similar homes: page 1's three boxes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

import polars as pl

from analysis import reference_home, tariffs
from analysis.assumptions import date_text as _date
from analysis.assumptions import html_said as _w
from analysis.assumptions import option_text as _option
from analysis.calendar import YEAR_DAYS
from document.text import fig as _fig
from document.text import kwh as _kwh
from words import Lang, euros, number, percent

if TYPE_CHECKING:
    from analysis.report import Report

WINTER_OPTIONS = ("tempo", "ejp")
"""Options whose dear days are all in winter: judged only on a period that holds one."""
SAME_DAY_COVERAGE = 0.95
"""A day is compared with the same day a year before when both have this share of data."""
MIN_COMPARED_DAYS = 28
"""Fewer days known in both years than this: no comparison with the year before."""
WHOLE_YEAR_DAYS = 358
"""Compared days from this many up are "the year before" itself, not a part of it."""


@dataclass(frozen=True)
class Year:
    """The period page 1 sums up: a calendar year, the last 365 days, or all of a shorter one."""

    first: dt.date
    last: dt.date
    kind: str
    """``calendar``, ``last`` (the last 365 days of a longer period) or ``short``."""
    kwh: float
    eur: float | None
    """At the household's option and kVA (None when it is not offered at that kVA). [EUR]"""


def year_of(report: Report) -> Year:
    """The year page 1 speaks of, its kWh and its cost under the household's option."""
    first, last = report.period
    daily = report.frames.daily
    current = report.current_cost()
    if report.days < YEAR_DAYS:
        return Year(first, last, "short", report.energy_kwh, current.total_eur if current else None)
    if report.days > YEAR_DAYS + 1:
        first = last - dt.timedelta(days=YEAR_DAYS - 1)
    kind = (
        "calendar" if (first.month, first.day, last.month, last.day) == (1, 1, 12, 31) else "last"
    )
    if first == report.period[0]:
        return Year(first, last, kind, report.energy_kwh, current.total_eur if current else None)
    kwh = float(daily.filter(pl.col("day") >= first)["kwh"].sum())
    eur = None
    if current is not None:
        s = report.settings
        window = report.frames.prepared.filter(pl.col("day") >= first)
        eur = tariffs.cost(
            window,
            s.option,
            s.kva,
            off_peak=s.off_peak_hours,
            tempo=report.frames.tempo,
            prices=s.prices,
        ).total_eur
    return Year(first, last, kind, kwh, eur)


@dataclass(frozen=True)
class YearBefore:
    """The year's days beside the same days a year earlier, where both are known."""

    days: int
    kwh: float
    kwh_before: float

    @property
    def share(self) -> float:
        """Change against the year before. [share, −1…]."""
        return self.kwh / self.kwh_before - 1 if self.kwh_before else 0.0


def year_before(report: Report, year: Year) -> YearBefore | None:
    """The same calendar days one year earlier, each day only where both are well covered."""
    daily = report.frames.daily.filter(pl.col("coverage") >= SAME_DAY_COVERAGE)
    now = daily.filter(pl.col("day").is_between(year.first, year.last))
    before = daily.select(day=pl.col("day").dt.offset_by("1y"), kwh_before=pl.col("kwh")).unique(
        "day"
    )
    both = now.join(before, on="day", how="inner")
    if both.height < MIN_COMPARED_DAYS:
        return None
    return YearBefore(both.height, float(both["kwh"].sum()), float(both["kwh_before"].sum()))


def year_box(report: Report, year: Year, f: dict[str, str], lang: Lang) -> str:
    """Page 1's first box: the year's kWh and what it cost."""
    span = _w("year_span", lang, a=_date(year.first, lang), b=_date(year.last, lang))
    title = {
        "calendar": _w("year_calendar", lang, year=year.first.year),
        "last": _w("year_last", lang),
        "short": _w("year_short", lang, n=number(report.days, lang=lang)),
    }[year.kind]
    s = report.settings
    cost = ""
    if "year_eur" in f:
        cost = (
            f"{_fig('year_eur', f['year_eur'], cls='mid')}"
            f'<span class="small muted">'
            f"{_w('paid', lang, option=_option(s.option, lang), kva=s.kva)}</span>"
        )
    short = ""
    if year.kind == "short":
        per_year = _kwh(report.energy_kwh / report.years, lang)
        eur = euros((year.eur or 0) / report.years, lang=lang) if year.eur is not None else "—"
        short = f'<p class="small">{_w("short_year", lang, kwh=per_year, eur=eur)}</p>'
    return (
        f'<div class="box"><div class="label">{title}</div><div class="small muted">{span}</div>'
        f"{_fig('year_kwh', f['year_kwh'], cls='big')}"
        f'<span class="small muted">{_w("consumed", lang)}</span>{cost}{short}</div>'
    )


def before_box(before: YearBefore | None, lang: Lang) -> str:
    """Page 1's second box: the change against the same days a year before."""
    if before is None:
        body = f'<p class="small">{_w("vs_year_none", lang)}</p>'
    else:
        diff = before.kwh - before.kwh_before
        sign = "+" if diff > 0 else "−" if diff < 0 else "±"
        diff_text = f"{sign}{_kwh(abs(diff), lang)}"
        pct = f"{sign}{percent(abs(before.share), lang=lang)}"
        key = "vs_year_whole" if before.days >= WHOLE_YEAR_DAYS else "vs_year_part"
        body = (
            f"{_fig('vs_year_kwh', diff_text, cls='mid')}"
            + '<p class="small">'
            + _w(
                key, lang, diff=diff_text, pct=pct, n=before.days, kwh=_kwh(before.kwh_before, lang)
            )
            + "</p>"
        )
    return f'<div class="box"><div class="label">{_w("vs_year", lang)}</div>{body}</div>'


def has_winter(report: Report) -> bool:
    """Whether the period holds every winter month (November to March) with data."""
    months = set(report.frames.daily["day"].dt.month().unique().to_list())
    return set(reference_home.WINTER_MONTHS) <= months


def homes_box(report: Report, lang: Lang) -> str:
    """Page 1's third box: winter, evening and night use beside similar homes'."""
    c = report.reference
    winter = has_winter(report)
    rows = "".join(
        f'<tr><td>{_w(key, lang)}</td><td class="n" data-figure="homes_{key}">'
        f"{number(mine * c.kwh_per_year, lang=lang)}</td>"
        f'<td class="n">{number(ref * c.kwh_per_year, lang=lang)}</td></tr>'
        for key, mine, ref in (
            ("winter", c.winter_share, c.reference_winter_share),
            ("evening", c.evening_share, c.reference_evening_share),
            ("night", c.night_share, c.reference_night_share),
        )
        if winter or key != "winter"
    )
    head = (
        f'<tr><th>{_w("kwh_a_year", lang)}</th><th class="n">{_w("you", lang)}</th>'
        f'<th class="n">{_w("reference", lang)}</th></tr>'
    )
    heat = report.heating
    caveat = (
        _w("homes_heated", lang, kwh=_kwh(heat.kwh_per_year, lang))
        if heat.found
        else _w("homes_unheated", lang)
    )
    if not winter:
        caveat = _w("homes_no_winter", lang) + " " + caveat
    return (
        f'<div class="box"><div class="label">{_w("vs_homes", lang)}</div>'
        f'<p class="small">{_w("homes_text", lang, kwh=_kwh(c.kwh_per_year, lang))}</p>'
        f'<table class="small">{head}{rows}</table>'
        f'<p class="small" data-figure="homes_caveat">{caveat}</p></div>'
    )
