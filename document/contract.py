"""The contract: the right option and power (page 1), the tariff table (page 2)."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

import words
from analysis.assumptions import html_said as _w
from analysis.assumptions import option_text as _option
from analysis.tips import takeable
from document.text import fig as _fig
from document.text import years as _years
from document.year import WINTER_OPTIONS, has_winter
from words import Lang, euros, number

if TYPE_CHECKING:
    from analysis.report import Report
    from analysis.tips import Tip


def _option_tip(report: Report) -> Tip | None:
    """The tip advising another option, if the analysis gives one."""
    return next((t for t in report.tips if t.id.startswith("option_")), None)


def contract(report: Report, f: dict[str, str], lang: Lang) -> str:
    """Page 1's two contract lines: the right option, the right subscribed power."""
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


def break_even(f: dict[str, str], lang: Lang) -> str:
    """The off-peak share above which the off-peak option pays, beside the household's."""
    return (
        _w("break_even", lang, x="§x§", y="§y§")
        .replace("§x§", _fig("break_even_hc_share", f["break_even_hc_share"]))
        .replace("§y§", _fig("hc_share", f["hc_share"]))
    )


def tariff_table(report: Report, f: dict[str, str], lang: Lang) -> str:
    """Page 2's table: each option's cost over the period and a year, cheapest first."""
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
