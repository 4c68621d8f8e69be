"""The adviser's report: one self-contained HTML file, two A4 pages, and its PDF.

Page 1 is the home energy summary a client reads in a minute: the year in kWh and euros,
against the year before and against similar homes, three actions of different kinds with
what each is worth a year, the right option and power. Page 2 holds the detail: the
tariff table, the typical day, the always-on load, what stands out, and what the figures
rest on.

The HTML holds everything (CSS and the charts as inline SVG; no script, no remote asset),
so it opens offline and prints the same anywhere. The PDF is that HTML printed by a
headless Chromium when one is installed. Every figure comes from :class:`Report`; those a
test checks carry ``data-figure`` attributes naming the figure. Every sentence is written
here from kinds and numbers, in French or English: none is borrowed from the analysis'
French text, and no internal note or price-grid code is shown.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

import words
from analysis import anomalies, charts, reference_home, tariffs
from analysis.assumptions import assumptions
from analysis.assumptions import date_text as _date
from analysis.assumptions import html_said as _w
from analysis.assumptions import option_text as _option
from analysis.calendar import HOURS_PER_YEAR, YEAR_DAYS
from analysis.tips import takeable
from words import Lang, euros, number, percent

if TYPE_CHECKING:
    from analysis.anomalies import Anomaly
    from analysis.report import Report
    from analysis.tips import Tip

from ingest.privacy import mask_meter

MAX_ANOMALIES = 5
"""Anomalies listed on page 2, the biggest first; the others are counted, not listed."""
PER_KIND = 2
"""At most this many anomalies of one kind are listed: the others are counted."""
WINTER_OPTIONS = ("tempo", "ejp")
"""Options whose dear days are all in winter: judged only on a period that holds one."""
ACTIONS = 3
"""Actions on page 1, each of a different kind."""
SAME_DAY_COVERAGE = 0.95
"""A day is compared with the same day a year before when both have this share of data."""
MIN_COMPARED_DAYS = 28
"""Fewer days known in both years than this: no comparison with the year before."""
WHOLE_YEAR_DAYS = 358
"""Compared days from this many up are "the year before" itself, not a part of it."""
DAILY_CHART_DAYS = 92
"""A period shorter than this is drawn day by day: a few months make too few bars."""
CHROMIUMS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
TERMS = ("kwh", "kva", "baseload", "off_peak", "tempo")
"""The glossary's words, in order (``report.terms.<name>`` in the catalogue)."""

CSS = """
@page { size: A4; margin: 11mm 12mm; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 8.8pt;
       color: #222; margin: 0; line-height: 1.35; }
.page { break-after: page; min-height: 272mm; display: flex;
        flex-direction: column; }
.page:last-child { break-after: auto; }
h1 { font-size: 18pt; margin: 0 0 1mm; color: #0072B2; }
h2 { font-size: 11pt; margin: 4mm 0 1.5mm; border-bottom: 1px solid #ddd; color: #0072B2; }
p { margin: 1mm 0; }
.muted { color: #666; }
.head { display: flex; justify-content: space-between; align-items: flex-end; gap: 4mm; }
.head .who { font-size: 10pt; }
.year { display: grid; grid-template-columns: 1fr 0.9fr 1.5fr; gap: 3mm; margin: 3mm 0 1mm; }
.box { border: 1px solid #ddd; border-radius: 2mm; padding: 2.5mm 3mm; }
.box .label { font-weight: bold; color: #0072B2; }
.big { display: block; font-size: 20pt; font-weight: bold; margin: 1mm 0 0; }
.mid { display: block; font-size: 14pt; font-weight: bold; margin: 1mm 0 0.5mm; }
.actions { list-style: none; padding: 0; margin: 0; }
.actions li { display: grid; grid-template-columns: 24mm 1fr; gap: 3mm; align-items: center;
              border-left: 2mm solid #E69F00; background: #fdf6e8; padding: 2mm 3mm;
              margin-bottom: 1.5mm; }
.actions .eur { font-size: 13pt; font-weight: bold; }
.actions .eur small { display: block; font-size: 7.4pt; font-weight: normal; color: #666; }
.two { display: grid; grid-template-columns: 1fr 1fr; gap: 5mm; }
.grow { flex: 1; }
svg { width: 100%; height: auto; display: block; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 0.8mm 1.5mm; border-bottom: 1px solid #eee; }
td.n, th.n { text-align: right; }
tr.yours td { font-weight: bold; }
ul { margin: 0; padding-left: 4mm; }
li { margin-bottom: 0.8mm; }
dl { display: grid; grid-template-columns: auto 1fr; gap: 0.5mm 3mm; margin: 0; }
dt { font-weight: bold; }
dd { margin: 0; }
.small { font-size: 7.6pt; }
.foot { margin-top: auto; padding-top: 2mm; border-top: 1px solid #ddd; }
"""


def _raw(key: str, lang: Lang, **values: object) -> str:
    """The catalogue's ``key``, HTML-escaped, with values already HTML (figures, tags)."""
    return html.escape(words.sentences()[key][lang]).format(**values)


def _today() -> dt.date:
    return dt.datetime.now().astimezone().date()


def _years(report: Report) -> float:
    """What to divide the period's euros by for euros a year: 1 for a period of a year.

    A leap year's 366 days are one year, not 1.002: its cost a year is its cost.
    """
    return 1.0 if report.days in (YEAR_DAYS, YEAR_DAYS + 1) else max(report.years, 1e-9)


def _kwh(x: float, lang: Lang) -> str:
    return f"{number(x, lang=lang)} kWh"


def _fig(name: str, text: str, tag: str = "b", cls: str = "") -> str:
    attr = f' class="{cls}"' if cls else ""
    return f'<{tag}{attr} data-figure="{name}">{html.escape(text)}</{tag}>'


# ---------------------------------------------------------------- the year and comparisons


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
            off_peak=tariffs.OffPeak.parse(s.off_peak),
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


def _year_box(report: Report, year: Year, f: dict[str, str], lang: Lang) -> str:
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


def _before_box(before: YearBefore | None, lang: Lang) -> str:
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


def _homes_box(report: Report, lang: Lang) -> str:
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


# ---------------------------------------------------------------- actions


@dataclass(frozen=True)
class Action:
    """One thing to do: its kind, what it is worth, and what its sentence needs."""

    kind: str
    eur_per_year: float
    kwh_per_year: float
    detail: str = ""
    """The option a change of option moves to, the day an extra load began."""


TIP_KINDS = {
    "standby": "standby",
    "heating": "heating",
    "heating_setpoint": "heating",
    "appliance": "appliance",
    "baseload_step": "appliance",
    "heater": "water_heater",
    "heater_hc": "water_heater",
    "water_heater": "water_heater",
    "absence": "absence",
    "option": "option",
    "kva": "kva",
}
"""A tip's kind (or the start of its id) → the kind of action it is."""


def _tip_action(tip: Tip) -> Action | None:
    """A tip as an action, when it has a yearly figure (page 1 speaks in € a year).

    The kind comes from the start of ``tip.id`` (``absence``, ``option_tempo``); the
    detail is what follows. A tip whose figure holds only over the measured days (no
    stated method for a year) is left to page 2's list.
    """
    if tip.eur_per_year is None or tip.kwh_per_year is None:
        return None
    ident = tip.id
    kind = next((k for k in sorted(TIP_KINDS, key=len, reverse=True) if ident.startswith(k)), "")
    detail = ident.split("_")[-1] if "_" in ident else ""
    if kind.startswith("option") or ident.startswith("option_"):
        detail = ident.removeprefix("option_")
    action_kind = TIP_KINDS.get(kind, kind)
    if f"report.action.{action_kind}" not in words.sentences():
        return None
    return Action(action_kind, tip.eur_per_year, tip.kwh_per_year, detail)


def actions(report: Report) -> list[Action]:
    """The three most valuable actions of three different kinds, worth at least 1 € a year.

    A move to Tempo or EJP is left out when the period holds no whole winter. From the
    tips, then the what-ifs (moving use to off-peak hours; a lower kVA only when the power
    verdict advises it; the water heater back on off-peak hours).
    """
    found = [a for a in map(_tip_action, report.tips) if a is not None]
    for s in report.scenarios:
        if s.id == "shift_to_off_peak":
            found.append(Action("shift", s.eur_per_year, s.kwh_moved_per_year, s.option))
        elif s.id == "lower_kva" and report.power.allows(s.kva):  # the one kVA verdict
            found.append(Action("kva", s.eur_per_year, 0.0, str(s.kva)))
        elif s.id == "water_heater":
            found.append(Action("water_heater", s.eur_per_year, 0.0))
    if not has_winter(report):  # summer alone says nothing of Tempo's or EJP's red days
        found = [a for a in found if not (a.kind == "option" and a.detail in WINTER_OPTIONS)]
    out: list[Action] = []
    for a in sorted(found, key=lambda a: -a.eur_per_year):
        if a.eur_per_year >= 1 and all(a.kind != o.kind for o in out):
            out.append(a)
    return out[:ACTIONS]


def _action_sentence(a: Action, report: Report, lang: Lang) -> str:
    w = a.kwh_per_year * 1000 / HOURS_PER_YEAR
    values = {
        "kwh": _kwh(a.kwh_per_year, lang),
        "w": f"{number(w, lang=lang)} W",
        "option": _option(a.detail, lang),
        "kva": report.power.kva,
        "suggested": a.detail if a.kind == "kva" and a.detail else report.power.suggested_kva,
        "since": a.detail,
    }
    if a.kind == "appliance":
        try:
            values["since"] = _date(dt.date.fromisoformat(a.detail), lang)
        except ValueError:
            values["since"] = "—"
    escaped = {k: html.escape(str(v)) for k, v in values.items()}
    return _raw(f"report.action.{a.kind}", lang, **escaped)


def _actions_list(report: Report, f: dict[str, str], lang: Lang) -> str:
    chosen = actions(report)
    if not chosen:
        return f"<p>{_w('actions_none', lang)}</p>"
    items = "".join(
        f'<li data-action="{a.kind}"><span class="eur">'
        f"{_fig(f'action_{i}_eur_per_year', f[f'action_{i}_eur_per_year'], tag='span')}"
        f"<small>{_w('a_year', lang)}</small></span>"
        f"<span>{_action_sentence(a, report, lang)}</span></li>"
        for i, a in enumerate(chosen)
    )
    return f'<ul class="actions">{items}</ul>'


# ---------------------------------------------------------------- contract


def _option_tip(report: Report) -> Tip | None:
    """The tip advising another option, if the analysis gives one."""
    return next((t for t in report.tips if t.id.startswith("option_")), None)


def _contract(report: Report, f: dict[str, str], lang: Lang) -> str:
    s, p = report.settings, report.power
    years = _years(report)
    current = report.current_cost()
    # Only options the household can subscribe (no EJP, closed since 1998, unless it is theirs).
    open_ = [c for c in report.costs if takeable(c.option, c.kva, s.option)]
    best = min(open_, key=lambda c: c.total_eur) if open_ else None
    option = _option(s.option, lang)
    if best is None:
        option_line = ""
    elif current is None:
        option_line = _w(
            "option_unknown",
            lang,
            option=option,
            kva=s.kva,
            best=_option(best.option, lang),
            eur=euros(best.total_eur / years, lang=lang),
        )
    elif (tip := _option_tip(report)) is None or tip.eur_per_year is None:
        # No option tip (a saving within the method's error, or no year to judge it on):
        # page 1 advises no change either.
        option_line = _w("option_keep", lang, option=option, eur=f["current_eur_per_year"])
    else:
        # The tip's own yearly figure, so page 1, the dashboard and --json say one thing.
        best = next(c for c in report.costs if c.option == tip.id.removeprefix("option_"))
        now = current.total_eur / years
        option_line = _w(
            "option_change",
            lang,
            best=_option(best.option, lang),
            option=option,
            gain=euros(tip.eur_per_year, lang=lang),
            eur=euros(now - tip.eur_per_year, lang=lang),
            now=f["current_eur_per_year"],
        )
    if best is not None and best.option in WINTER_OPTIONS and not has_winter(report):
        option_line += " " + _w("option_no_winter", lang, n=report.days)
    kw = f"{number(p.peak_w / 1000, 1, lang=lang)} kW"
    peak = _w("peak_30", lang, kw=kw) if p.peak_source == "curve" else html.escape(kw)
    key = {
        "keep": "kva_keep",
        "lower": "kva_lower",
        "possibly_oversized": "kva_maybe",
        "too_low": "kva_low",
    }.get(p.verdict, "kva_unsure")
    template = words.sentences()[f"report.{key}"][lang]
    kva_line = template.format(kva=p.kva, suggested=p.suggested_kva, peak=peak)
    return f'<p data-figure="option">{option_line}</p><p data-figure="kva">{kva_line}</p>'


# ---------------------------------------------------------------- figures


def figure_texts(report: Report, lang: Lang = "fr") -> dict[str, str]:
    """Each checked figure as the report prints it, keyed by its ``data-figure`` name."""
    current = report.current_cost()
    year = year_of(report)
    out = {
        "year_kwh": _kwh(year.kwh, lang),
        "energy_kwh": _kwh(report.energy_kwh, lang),
        "baseload_w": f"{number(report.baseload_w, lang=lang)} W",
        "baseload_kwh_per_year": _kwh(report.baseload_kwh_per_year, lang),
        "baseload_eur_per_year": euros(report.baseload_eur_per_year, lang=lang),
        "peak_w": f"{number(report.peak_w / 1000, 1, lang=lang)} kW",
        "hc_share": percent(report.hc_share, lang=lang),
        "break_even_hc_share": percent(report.break_even_hc_share, lang=lang),
        "coverage": percent(report.coverage, lang=lang),
    }
    if year.eur is not None:
        out["year_eur"] = euros(year.eur, lang=lang)
    if current is not None:
        out["current_eur_per_year"] = euros(current.total_eur / _years(report), lang=lang)
    for c in report.costs:
        out[f"total_eur_{c.option}"] = euros(c.total_eur, lang=lang)
    for i, a in enumerate(actions(report)):
        out[f"action_{i}_eur_per_year"] = euros(a.eur_per_year, lang=lang)
    return out


def render(
    report: Report,
    *,
    lang: Lang = "fr",
    today: dt.date | None = None,
    client: str | None = None,
    adviser: str | None = None,
) -> str:
    """The report as one self-contained HTML document (two A4 pages when printed).

    ``client`` and ``adviser``: names printed at the top of page 1 when given; ``today``:
    the report's date (default: the computer's).
    """
    f = figure_texts(report, lang)
    year = year_of(report)
    title = _w("title", lang)
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title} — {_date(report.period[0], lang)} → "
        f"{_date(report.period[1], lang)}</title>\n<style>{CSS}</style>\n</head>\n<body>"
        f"{_page1(report, year, f, lang, today or _today(), client, adviser)}"
        f"{_page2(report, f, lang)}</body>\n</html>\n"
    )


def _header(
    report: Report,
    f: dict[str, str],
    lang: Lang,
    today: dt.date,
    client: str | None,
    adviser: str | None,
) -> str:
    who = []
    if client and client.strip():
        who.append(f'<b data-figure="client">{_w("for_client", lang, client=client.strip())}</b>')
    by = _w("prepared", lang)
    if adviser and adviser.strip():
        by += (
            " "
            + '<span data-figure="adviser">'
            + f"{_w('by_adviser', lang, adviser=adviser.strip())}</span>"
        )
    by += " " + f'<span data-figure="date">{_w("on_date", lang, date=_date(today, lang))}</span>'
    who.append(f"<span>{by}. {_w('private', lang)}</span>")
    period = (
        f"{_w('meter', lang)} {html.escape(mask_meter(report.meter))} · {_w('period', lang)} "
        f"{_date(report.period[0], lang)} → {_date(report.period[1], lang)} "
        f"({number(report.days, lang=lang)} {_w('days', lang)}) · "
        + _w("quality", lang, share="§").replace(
            "§", f'<span data-figure="coverage">{f["coverage"]}</span>'
        )
    )
    return (
        f'<div class="head"><h1>{_w("title", lang)}</h1></div>'
        f'<div class="who">{"<br>".join(who)}</div>'
        f'<div class="small muted">{period}</div>'
    )


def _page1(
    report: Report,
    year: Year,
    f: dict[str, str],
    lang: Lang,
    today: dt.date,
    client: str | None,
    adviser: str | None,
) -> str:
    n = len(actions(report))
    actions_title = _w("actions", lang) if n == ACTIONS else _w("actions_few", lang)
    return f"""
<section class="page">
{_header(report, f, lang, today, client, adviser)}
<div class="year">
{_year_box(report, year, f, lang)}
{_before_box(year_before(report, year), lang)}
{_homes_box(report, lang)}
</div>
<h2>{actions_title}</h2>
{_actions_list(report, f, lang)}
<h2>{_w("contract", lang)}</h2>
{_contract(report, f, lang)}
{_use_chart(report, lang)}
<div class="foot small muted">{_w("next_page", lang)}</div>
</section>
"""


def _use_chart(report: Report, lang: Lang) -> str:
    """Month by month; day by day for a period shorter than :data:`DAILY_CHART_DAYS`."""
    if report.days < DAILY_CHART_DAYS:
        chart, title = charts.daily(report.frames.daily, lang), _w("day_chart", lang)
    else:
        chart, title = charts.monthly(report.frames.monthly, lang), _w("year_chart", lang)
    return f'<h2>{title}</h2><div class="grow">{chart}</div>'


def _page2(report: Report, f: dict[str, str], lang: Lang) -> str:
    return f"""
<section class="page">
<h2 style="margin-top:0">{_w("tariffs", lang)}</h2>
{_tariff_table(report, f, lang)}
<p class="small">{_break_even(f, lang)}</p>
<div class="two">
<div><h2>{_w("typical", lang)}</h2>
<div class="small muted">{_w("typical_text", lang)}</div>
{charts.typical_days(report.frames.typical_days, lang)}</div>
<div><h2>{_w("baseload_title", lang)}</h2>
<div class="small">{_baseload_sentence(f, lang)}</div>
{charts.baseload(report.frames.baseload, report.baseload_w, lang)}</div>
</div>
<h2>{_w("anomalies", lang)}</h2>
{_anomalies(report, lang)}
<div class="two">
<div><h2>{_w("assumptions", lang)}</h2>
<ul class="small">{"".join(f"<li>{a}</li>" for a in assumptions(report, lang))}</ul></div>
<div><h2>{_w("glossary", lang)}</h2><dl class="small">{_glossary(lang)}</dl></div>
</div>
</section>
"""


def _baseload_sentence(f: dict[str, str], lang: Lang) -> str:
    return (
        _w("baseload_text", lang, w="§w§", kwh="§kwh§", eur="§eur§")
        .replace("§w§", _fig("baseload_w", f["baseload_w"]))
        .replace("§kwh§", _fig("baseload_kwh_per_year", f["baseload_kwh_per_year"]))
        .replace("§eur§", _fig("baseload_eur_per_year", f["baseload_eur_per_year"]))
    )


def _break_even(f: dict[str, str], lang: Lang) -> str:
    return (
        _w("break_even", lang, x="§x§", y="§y§")
        .replace("§x§", _fig("break_even_hc_share", f["break_even_hc_share"]))
        .replace("§y§", _fig("hc_share", f["hc_share"]))
    )


def _tariff_table(report: Report, f: dict[str, str], lang: Lang) -> str:
    rows = []
    years = _years(report)
    for c in sorted(report.costs, key=lambda c: c.total_eur):
        mine = c.option == report.settings.option
        name = html.escape(_option(c.option, lang)) + (f" {_w('yours', lang)}" if mine else "")
        if c.estimated_days:
            name += f' <span class="muted">({_w("estimated", lang, n=c.estimated_days)})</span>'
        rows.append(
            f'<tr class="{"yours" if mine else ""}"><td>{name}</td>'
            f'<td class="n">{c.kva} kVA</td><td class="n">{euros(c.energy_eur, lang=lang)}</td>'
            f'<td class="n">{euros(c.subscription_eur, lang=lang)}</td>'
            f'<td class="n" data-figure="total_eur_{c.option}">'
            f"{f[f'total_eur_{c.option}']}</td>"
            f'<td class="n">{euros(c.total_eur / years, lang=lang)}</td></tr>'
        )
    head = f'<th>{_w("option", lang)}</th><th class="n">kVA</th>' + "".join(
        f'<th class="n">{_w(k, lang)}</th>'
        for k in ("energy_eur", "subscription", "total", "per_year_col")
    )
    note = "table_note_dated" if report.settings.prices == "dated" else "table_note"
    return (
        f"<table><tr>{head}</tr>{''.join(rows)}</table>"
        f'<p class="small muted">{_w(note, lang, n=number(report.days, lang=lang))}</p>'
    )


# ---------------------------------------------------------------- anomalies


DATA_KINDS = ("gap", "zero_day")
"""Kinds that say something about the data, not about the home: counted, not listed."""


def _weight_kwh(a: Anomaly) -> float:
    """How much an anomaly weighs, to list the biggest first. [kWh]."""
    days = max((a.end - a.start).days, 1)
    if a.unit == "W":
        return a.size * 24 * days / 1000
    if a.unit == "kW":
        return a.size * days
    return a.size if a.unit == "kWh" else 0.0


def _biggest(ranked: list[Anomaly]) -> list[Anomaly]:
    """The biggest :data:`MAX_ANOMALIES`, at most :data:`PER_KIND` of each kind."""
    out: list[Anomaly] = []
    for a in ranked:
        if len(out) < MAX_ANOMALIES and sum(o.kind == a.kind for o in out) < PER_KIND:
            out.append(a)
    return out


def _anomaly_line(a: Anomaly, lang: Lang) -> str:
    last = a.end - dt.timedelta(days=1) if a.end > a.start else a.start
    unit = a.unit if a.unit in ("W", "kW", "kWh") else ""
    size = f"{number(a.size, 1 if unit == 'kW' else 0, lang=lang)} {unit}".strip()
    name = html.escape(anomalies.title(a.kind, lang))
    key = f"report.anomaly.{a.kind}"
    text = (
        html.escape(
            words.say(key, lang, day=_date(a.start, lang), last=_date(last, lang), size=size)
        )
        if key in words.sentences()
        else f"{_date(a.start, lang)} → {_date(last, lang)}"
    )
    return f"<li><b>{name}</b> · {text}</li>"


def _anomalies(report: Report, lang: Lang) -> str:
    home = [a for a in report.anomalies if a.kind not in DATA_KINDS]
    data = [a for a in report.anomalies if a.kind in DATA_KINDS]
    parts = []
    if home:
        ranked = sorted(home, key=lambda a: -_weight_kwh(a))
        kinds: dict[str, int] = {}
        for a in home:
            kinds[a.kind] = kinds.get(a.kind, 0) + 1
        if len(home) > MAX_ANOMALIES:
            counted = ", ".join(
                f"{n} × {anomalies.title(k, lang).lower()}"
                for k, n in sorted(kinds.items(), key=lambda kv: -kv[1])
            )
            intro = _w("found_count", lang, n=len(home), kinds=counted)
        elif len(home) == 1:
            intro = _w("found_one", lang)
        else:
            intro = _w("found_all", lang, n=len(home))
        items = "".join(_anomaly_line(a, lang) for a in _biggest(ranked))
        parts.append(
            f'<p class="small" data-figure="anomaly_count">{intro}</p>'
            f'<ul class="small">{items}</ul>'
        )
    gaps = [a for a in data if a.kind == "gap"]
    zeros = [a for a in data if a.kind == "zero_day"]
    if data:
        pieces = []
        if gaps:
            n = _w("gap_one", lang) if len(gaps) == 1 else _w("gaps", lang, n=len(gaps))
            hours = _w("hours", lang, n=number(sum(a.size for a in gaps), lang=lang))
            pieces.append(_w("data_gap_part", lang, gaps=n, hours=hours))
        if zeros:
            n = _w("zero_one", lang) if len(zeros) == 1 else _w("zeros", lang, n=len(zeros))
            pieces.append(_w("data_zero_part", lang, zeros=n))
        parts.append(f'<p class="small muted">{_w("data_gaps", lang, what=", ".join(pieces))}</p>')
    return "".join(parts) or f"<p>{_w('no_anomaly', lang)}</p>"


# ---------------------------------------------------------------- what the figures rest on


def _glossary(lang: Lang) -> str:
    return "".join(
        f"<dt>{html.escape(words.say(f'report.terms.{name}.term', lang))}</dt>"
        f"<dd>{html.escape(words.say(f'report.terms.{name}.text', lang))}</dd>"
        for name in TERMS
    )


class PdfUnavailable(RuntimeError):
    """No Chromium to print with, or the print failed."""


def find_chromium() -> str | None:
    """The path of an installed Chromium or Chrome, or None."""
    return next((p for p in map(shutil.which, CHROMIUMS) if p), None)


def to_pdf(document: str, out: Path, *, chromium: str | None = None) -> Path:
    """Print an HTML document to ``out`` with headless Chromium (A4, no header or footer).

    Raises
    ------
    PdfUnavailable
        If no Chromium is installed, or it did not write the PDF.
    """
    browser = chromium or find_chromium()
    if browser is None:
        msg = "printing to PDF needs Chromium (apt install chromium); the HTML report prints too"
        raise PdfUnavailable(msg)
    with tempfile.TemporaryDirectory(prefix="courbe-pdf-") as folder:
        page = Path(folder) / "rapport.html"
        page.write_text(document, "utf-8")
        target = Path(folder) / "rapport.pdf"
        args = [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            f"--user-data-dir={Path(folder) / 'profile'}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={target}",
            page.as_uri(),
        ]
        env = {**os.environ, "HOME": folder}
        try:
            done = subprocess.run(args, capture_output=True, timeout=120, check=False, env=env)
        except (OSError, subprocess.TimeoutExpired) as error:
            msg = f"could not run {browser}: {error}"
            raise PdfUnavailable(msg) from error
        if not target.exists() or target.stat().st_size == 0:
            msg = f"Chromium did not print the report (exit {done.returncode})"
            raise PdfUnavailable(msg)
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(target, out)
    return out
