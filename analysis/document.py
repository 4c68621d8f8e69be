"""The adviser's report: one self-contained HTML file, two A4 pages, and its PDF.

The HTML holds everything (CSS and the charts as inline SVG; no script, no remote asset),
so it opens offline and prints the same anywhere. The PDF is that HTML printed by a
headless Chromium when one is installed. Every figure comes from :class:`Report`; those a
test checks carry ``data-figure`` attributes naming the report field.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from analysis import charts
from analysis.anomalies import KIND_TITLES
from analysis.french import Lang, euros, number, percent
from analysis.tariffs import OPTION_NAMES
from analysis.tempo import estimated_label
from ingest.privacy import mask_meter

if TYPE_CHECKING:
    from analysis.report import Report
    from analysis.tips import Tip

MAX_ANOMALIES = 5
MAX_TIPS = 5
CHROMIUMS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")

WORDS: dict[str, dict[Lang, str]] = {
    "title": {"fr": "Votre électricité, expliquée", "en": "Your electricity, explained"},
    "prepared": {
        "fr": "Bilan préparé avec Courbe le {date}. Vos données sont restées sur cet ordinateur.",
        "en": "Prepared with Courbe on {date}. Your data stayed on this computer.",
    },
    "meter": {"fr": "Compteur", "en": "Meter"},
    "period": {"fr": "Période", "en": "Period"},
    "days": {"fr": "jours", "en": "days"},
    "quality": {
        "fr": "{share} des demi-heures de la période sont connues.",
        "en": "{share} of the period's half-hours are known.",
    },
    "energy": {"fr": "Consommation", "en": "Consumption"},
    "per_year": {"fr": "par an", "en": "a year"},
    "over_days": {
        "fr": "sur les {n} jours de votre courbe",
        "en": "over the {n} days of your curve",
    },
    "cost": {"fr": "Coût, option {option}", "en": "Cost, {option} option"},
    "baseload": {"fr": "Consommation permanente", "en": "Always-on load"},
    "peak": {"fr": "Pic de puissance", "en": "Peak power"},
    "of_kva": {"fr": "pour {kva} kVA souscrits", "en": "for {kva} kVA subscribed"},
    "hc_share": {"fr": "Part en heures creuses", "en": "Off-peak share"},
    "year": {"fr": "Votre année, mois par mois", "en": "Your year, month by month"},
    "typical": {"fr": "Votre journée type", "en": "Your typical day"},
    "typical_text": {
        "fr": "Puissance médiane heure par heure, un jour de semaine d'hiver et d'été.",
        "en": "Median power hour by hour, a winter and a summer weekday.",
    },
    "baseload_title": {"fr": "Ce qui tourne en permanence", "en": "What is always on"},
    "baseload_text": {
        "fr": "{w} jour et nuit, soit {kwh} et {eur} par an : box, réfrigérateur, "
        "veilles, ventilation.",
        "en": "{w} day and night: {kwh} and {eur} a year — box, fridge, standby, ventilation.",
    },
    "tariffs": {
        "fr": "Votre contrat face aux autres options",
        "en": "Your contract and the others",
    },
    "option": {"fr": "Option", "en": "Option"},
    "energy_eur": {"fr": "Énergie", "en": "Energy"},
    "subscription": {"fr": "Abonnement", "en": "Subscription"},
    "total": {"fr": "Total", "en": "Total"},
    "yours": {"fr": "(la vôtre)", "en": "(yours)"},
    "break_even": {
        "fr": "Les heures creuses sont rentables au-delà de {x} de consommation en heures "
        "creuses ; vous en êtes à {y}.",
        "en": "Off-peak pricing pays off above {x} of use in off-peak hours; you are at {y}.",
    },
    "power": {"fr": "Votre puissance souscrite", "en": "Your subscribed power"},
    "anomalies": {"fr": "Ce qui sort de l'ordinaire", "en": "What stands out"},
    "no_anomaly": {"fr": "Rien d'anormal dans vos données.", "en": "Nothing unusual."},
    "more": {"fr": "… et {n} autres dans l'application.", "en": "… and {n} more in the app."},
    "tips": {"fr": "Nos conseils, par économie", "en": "Our tips, by saving"},
    "glossary": {"fr": "Les mots", "en": "Words"},
    "assumptions": {"fr": "Hypothèses et prix", "en": "Assumptions and prices"},
    "french_only": {
        "fr": "",
        "en": "Sentences about your data are written in French.",
    },
}
GLOSSARY: dict[Lang, list[tuple[str, str]]] = {
    "fr": [
        ("kWh", "l'énergie : 1 kWh, c'est 1 000 W pendant une heure."),
        ("kVA", "la puissance souscrite : au-delà, le compteur coupe."),
        ("Consommation permanente", "le « talon » : ce qui tourne même la nuit."),
        ("Heures creuses", "8 heures par jour à prix réduit, fixées par Enedis."),
        ("Tempo", "prix selon la couleur du jour (bleu, blanc, rouge) fixée par RTE."),
    ],
    "en": [
        ("kWh", "energy: 1 kWh is 1,000 W for one hour."),
        ("kVA", "subscribed power: above it, the meter cuts off."),
        ("Always-on load", "what runs even at night."),
        ("Off-peak hours", "8 hours a day at a lower price, set by Enedis."),
        ("Tempo", "prices by the day's colour (blue, white, red), set by RTE."),
    ],
}
CSS = """
@page { size: A4; margin: 11mm 12mm; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 8.6pt;
       color: #222; margin: 0; line-height: 1.35; }
.page { break-after: page; }
.page:last-child { break-after: auto; }
h1 { font-size: 17pt; margin: 0 0 1mm; color: #0072B2; }
h2 { font-size: 10.5pt; margin: 3.5mm 0 1.5mm; border-bottom: 1px solid #ddd; }
.muted { color: #666; }
.figures { display: grid; grid-template-columns: repeat(5, 1fr); gap: 2mm; margin: 3mm 0; }
.figure { border: 1px solid #ddd; border-radius: 2mm; padding: 2mm; }
.figure b { display: block; font-size: 12pt; margin-top: 0.5mm; }
.two { display: grid; grid-template-columns: 1fr 1fr; gap: 4mm; }
svg { width: 100%; height: auto; display: block; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 0.8mm 1.5mm; border-bottom: 1px solid #eee; }
td.n, th.n { text-align: right; }
tr.yours td { font-weight: bold; }
ul { margin: 0; padding-left: 4mm; }
li { margin-bottom: 1mm; }
dl { display: grid; grid-template-columns: auto 1fr; gap: 0.5mm 3mm; margin: 0; }
dt { font-weight: bold; }
dd { margin: 0; }
.small { font-size: 7.4pt; }
"""


def _w(key: str, lang: Lang, **values: object) -> str:
    return html.escape(WORDS[key][lang].format(**values))


def _today() -> dt.date:
    return dt.datetime.now().astimezone().date()


def _date(d: dt.date) -> str:
    return f"{d:%d/%m/%Y}"


def figure_texts(report: Report, lang: Lang = "fr") -> dict[str, str]:
    """Each checked figure as the report prints it, keyed by its ``data-figure`` name."""
    current = report.current_cost()
    out = {
        "energy_kwh": f"{number(report.energy_kwh, lang=lang)} kWh",
        "energy_kwh_per_year": f"{number(report.energy_kwh / report.years, lang=lang)} kWh",
        "baseload_w": f"{number(report.baseload_w, lang=lang)} W",
        "baseload_kwh_per_year": f"{number(report.baseload_kwh_per_year, lang=lang)} kWh",
        "baseload_eur_per_year": euros(report.baseload_eur_per_year, lang=lang),
        "peak_w": f"{number(report.peak_w / 1000, 1, lang=lang)} kW",
        "hc_share": percent(report.hc_share, lang=lang),
        "break_even_hc_share": percent(report.break_even_hc_share, lang=lang),
        "coverage": percent(report.coverage, lang=lang),
    }
    if current is not None:
        out["current_total_eur"] = euros(current.total_eur, lang=lang)
    for c in report.costs:
        out[f"total_eur_{c.option}"] = euros(c.total_eur, lang=lang)
    for i, tip in enumerate(_tips(report)):
        out[f"tip_{i}_eur_per_year"] = euros(tip.headline_eur, lang=lang)
    return out


def _tips(report: Report) -> list[Tip]:
    """The first tips, as :func:`analysis.tips.tips` ranked them (the dashboard's order)."""
    return report.tips[:MAX_TIPS]


def _per(tip: Tip, lang: Lang) -> str:
    """What a tip's headline figure covers: a year, or the days measured."""
    if tip.eur_per_year is not None:
        return _w("per_year", lang)
    return _w("over_days", lang, n=number(tip.days, lang=lang))


def _fig(name: str, text: str) -> str:
    return f'<b data-figure="{name}">{html.escape(text)}</b>'


def render(report: Report, *, lang: Lang = "fr", today: dt.date | None = None) -> str:
    """The report as one self-contained HTML document (two A4 pages when printed)."""
    f = figure_texts(report, lang)
    current = report.current_cost()
    option = OPTION_NAMES[report.settings.option]
    cost_box = (
        f'<div class="figure">{_w("cost", lang, option=option)}'
        f"{_fig('current_total_eur', f['current_total_eur'])}</div>"
        if current is not None
        else ""
    )
    page1 = f"""
<section class="page">
<h1>{_w("title", lang)}</h1>
<div class="muted">{_w("prepared", lang, date=_date(today or _today()))}</div>
<div>{_w("meter", lang)} {html.escape(mask_meter(report.meter))} ·
{_w("period", lang)} {_date(report.period[0])} → {_date(report.period[1])}
({number(report.days, lang=lang)} {_w("days", lang)}) ·
{_w("quality", lang, share="§coverage§")}</div>
<div class="figures">
<div class="figure">{_w("energy", lang)}{_fig("energy_kwh", f["energy_kwh"])}
<span class="small"><span data-figure="energy_kwh_per_year">{f["energy_kwh_per_year"]}</span>
{_w("per_year", lang)}</span></div>
{cost_box}
<div class="figure">{_w("baseload", lang)}{_fig("baseload_w", f["baseload_w"])}</div>
<div class="figure">{_w("peak", lang)}{_fig("peak_w", f["peak_w"])}
<span class="small">{_w("of_kva", lang, kva=report.settings.kva)}</span></div>
<div class="figure">{_w("hc_share", lang)}{_fig("hc_share", f["hc_share"])}</div>
</div>
<h2>{_w("year", lang)}</h2>
{charts.monthly(report.frames["monthly"], lang)}
<div class="two">
<div><h2>{_w("typical", lang)}</h2>
<div class="small muted">{_w("typical_text", lang)}</div>
{charts.typical_days(report.frames["typical_days"], lang)}</div>
<div><h2>{_w("baseload_title", lang)}</h2>
<div class="small">{_baseload_sentence(f, lang)}</div>
{charts.baseload(report.frames["baseload"], report.baseload_w, lang)}</div>
</div>
<div class="small muted">{html.escape(report.reference.text)}</div>
</section>
""".replace("§coverage§", f'<span data-figure="coverage">{f["coverage"]}</span>')
    page2 = f"""
<section class="page">
<h2>{_w("tariffs", lang)}</h2>
{_tariff_table(report, f, lang)}
<p>{_break_even(f, lang)}</p>
<h2>{_w("power", lang)}</h2>
<p>{html.escape(report.power.explanation)}</p>
<h2>{_w("anomalies", lang)}</h2>
{_anomalies(report, lang)}
<h2>{_w("tips", lang)}</h2>
{_tips_list(report, f, lang)}
<div class="two">
<div><h2>{_w("glossary", lang)}</h2><dl class="small">{_glossary(lang)}</dl></div>
<div><h2>{_w("assumptions", lang)}</h2>
<ul class="small">{"".join(f"<li>{html.escape(a)}</li>" for a in report.assumptions)}</ul>
<p class="small muted">{_w("french_only", lang)}</p></div>
</div>
</section>
"""
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{_w('title', lang)} — {_date(report.period[0])} → "
        f"{_date(report.period[1])}</title>\n<style>{CSS}</style>\n</head>\n<body>"
        f"{page1}{page2}</body>\n</html>\n"
    )


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
    for c in sorted(report.costs, key=lambda c: c.total_eur):
        mine = c.option == report.settings.option
        name = OPTION_NAMES[c.option] + (f" {_w('yours', lang)}" if mine else "")
        if c.estimated_days:
            name += f" ({estimated_label(c.estimated_days, lang)})"
        rows.append(
            f'<tr class="{"yours" if mine else ""}"><td>{html.escape(name)}</td>'
            f'<td class="n">{c.kva} kVA</td><td class="n">{euros(c.energy_eur, lang=lang)}</td>'
            f'<td class="n">{euros(c.subscription_eur, lang=lang)}</td>'
            f'<td class="n" data-figure="total_eur_{c.option}">'
            f"{f[f'total_eur_{c.option}']}</td></tr>"
        )
    head = f'<th>{_w("option", lang)}</th><th class="n">kVA</th>' + "".join(
        f'<th class="n">{_w(k, lang)}</th>' for k in ("energy_eur", "subscription", "total")
    )
    return f"<table><tr>{head}</tr>{''.join(rows)}</table>"


def _anomalies(report: Report, lang: Lang) -> str:
    if not report.anomalies:
        return f"<p>{_w('no_anomaly', lang)}</p>"
    ranked = sorted(report.anomalies, key=lambda a: (a.kind == "gap", -a.size))
    items = "".join(
        f"<li><b>{html.escape(KIND_TITLES[a.kind][lang])}</b> · {_date(a.start)} → "
        f"{_date(a.end)} : {html.escape(a.explanation)}</li>"
        for a in ranked[:MAX_ANOMALIES]
    )
    more = len(ranked) - MAX_ANOMALIES
    tail = f'<p class="small muted">{_w("more", lang, n=more)}</p>' if more > 0 else ""
    return f'<ul class="small">{items}</ul>{tail}'


def _tips_list(report: Report, f: dict[str, str], lang: Lang) -> str:
    items = "".join(
        f"<li>{_fig(f'tip_{i}_eur_per_year', f[f'tip_{i}_eur_per_year'])} "
        f"{_per(tip, lang)} — {html.escape(tip.text)} "
        f'<span class="muted">({html.escape(tip.source)})</span></li>'
        for i, tip in enumerate(_tips(report))
    )
    return f'<ul class="small">{items}</ul>'


def _glossary(lang: Lang) -> str:
    return "".join(f"<dt>{html.escape(k)}</dt><dd>{html.escape(v)}</dd>" for k, v in GLOSSARY[lang])


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
