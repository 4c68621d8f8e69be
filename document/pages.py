"""The two pages, the figures they print, and the whole HTML document."""

from __future__ import annotations

import datetime as dt
import html
from typing import TYPE_CHECKING

import words
from analysis import charts
from analysis.assumptions import assumptions
from analysis.assumptions import date_text as _date
from analysis.assumptions import html_said as _w
from document.action import ACTIONS, actions, actions_list
from document.anomalies import anomaly_list
from document.contract import break_even, contract, tariff_table
from document.style import CSS
from document.text import coverage as _coverage
from document.text import fig as _fig
from document.text import kwh as _kwh
from document.text import years as _years
from document.year import before_box, homes_box, year_before, year_box, year_of
from ingest.privacy import mask_meter
from words import Lang, euros, number, percent

if TYPE_CHECKING:
    from analysis.report import Report
    from document.year import Year

DAILY_CHART_DAYS = 92
"""A period shorter than this is drawn day by day: a few months make too few bars."""
TERMS = ("kwh", "kva", "baseload", "off_peak", "tempo")
"""The glossary's words, in order (``report.terms.<name>`` in the catalogue)."""


def _today() -> dt.date:
    return dt.datetime.now().astimezone().date()


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
        "coverage": _coverage(report.coverage, lang),
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
{year_box(report, year, f, lang)}
{before_box(year_before(report, year), lang)}
{homes_box(report, lang)}
</div>
<h2>{actions_title}</h2>
{actions_list(report, f, lang)}
<h2>{_w("contract", lang)}</h2>
{contract(report, f, lang)}
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
{tariff_table(report, f, lang)}
<p class="small">{break_even(f, lang)}</p>
<div class="two">
<div><h2>{_w("typical", lang)}</h2>
<div class="small muted">{_w("typical_text", lang)}</div>
{charts.typical_days(report.frames.typical_days, lang)}</div>
<div><h2>{_w("baseload_title", lang)}</h2>
<div class="small">{_baseload_sentence(f, lang)}</div>
{charts.baseload(report.frames.baseload, report.baseload_w, lang)}</div>
</div>
<h2>{_w("anomalies", lang)}</h2>
{anomaly_list(report, lang)}
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


def _glossary(lang: Lang) -> str:
    return "".join(
        f"<dt>{html.escape(words.say(f'report.terms.{name}.term', lang))}</dt>"
        f"<dd>{html.escape(words.say(f'report.terms.{name}.text', lang))}</dd>"
        for name in TERMS
    )
