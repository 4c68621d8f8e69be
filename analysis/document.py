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

from analysis import baseload, charts, reference_home, tariffs
from analysis.anomalies import KIND_TITLES
from analysis.french import Lang, euros, number, percent
from analysis.tips import takeable

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
YEAR_DAYS = 365
"""A period this long or longer is summed up over its last 365 days."""
SAME_DAY_COVERAGE = 0.95
"""A day is compared with the same day a year before when both have this share of data."""
MIN_COMPARED_DAYS = 28
"""Fewer days known in both years than this: no comparison with the year before."""
WHOLE_YEAR_DAYS = 358
"""Compared days from this many up are "the year before" itself, not a part of it."""
DAILY_CHART_DAYS = 92
"""A period shorter than this is drawn day by day: a few months make too few bars."""
CHROMIUMS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")

WORDS: dict[str, dict[Lang, str]] = {
    "title": {"fr": "Bilan électricité de votre logement", "en": "Your home electricity report"},
    "for_client": {"fr": "Pour {client}", "en": "For {client}"},
    "by_adviser": {"fr": "par {adviser}", "en": "by {adviser}"},
    "on_date": {"fr": "le {date}", "en": "on {date}"},
    "prepared": {"fr": "Bilan préparé", "en": "Report prepared"},
    "private": {
        "fr": "Vos données sont restées sur cet ordinateur.",
        "en": "Your data stayed on this computer.",
    },
    "meter": {"fr": "Compteur", "en": "Meter"},
    "period": {"fr": "Période", "en": "Period"},
    "days": {"fr": "jours", "en": "days"},
    "quality": {
        "fr": "{share} des demi-heures connues",
        "en": "{share} of half-hours known",
    },
    "client": {"fr": "Nom du client", "en": "Client's name"},
    "adviser": {"fr": "Nom du conseiller", "en": "Adviser's name"},
    "date": {"fr": "Date du bilan", "en": "Report date"},
    # Page 1: the year
    "year_calendar": {"fr": "Votre année {year}", "en": "Your year {year}"},
    "year_last": {"fr": "Vos 12 derniers mois", "en": "Your last 12 months"},
    "year_short": {"fr": "Vos {n} jours de données", "en": "Your {n} days of data"},
    "year_span": {"fr": "du {a} au {b}", "en": "{a} to {b}"},
    "consumed": {"fr": "consommés", "en": "used"},
    "paid": {
        "fr": "option {option}, {kva} kVA, prix actuels",
        "en": "{option}, {kva} kVA, today's prices",
    },
    "short_year": {
        "fr": "Ce n'est pas une année entière : à ce rythme, une année ferait environ {kwh} "
        "et {eur}, une estimation qui ignore les saisons absentes.",
        "en": "This is not a whole year: at this rate a year would be about {kwh} and {eur}, "
        "an estimate that leaves out the missing seasons.",
    },
    "vs_year": {"fr": "Face à l'année d'avant", "en": "Against the year before"},
    "vs_year_whole": {
        "fr": "{diff} ({pct}) : {kwh} l'année d'avant.",
        "en": "{diff} ({pct}): {kwh} the year before.",
    },
    "vs_year_part": {
        "fr": "{diff} ({pct}) sur les {n} jours connus les deux années ({kwh} un an plus tôt).",
        "en": "{diff} ({pct}) over the {n} days known in both years ({kwh} a year earlier).",
    },
    "vs_year_none": {
        "fr": "Pas de données de l'année d'avant : importez un fichier plus ancien pour comparer.",
        "en": "No data from the year before: import an older file to compare.",
    },
    "vs_homes": {"fr": "Face à des foyers comparables", "en": "Against similar homes"},
    "homes_text": {
        "fr": "Le foyer de référence : la moyenne des foyers français sans chauffage "
        "électrique (profil Enedis 2023), ramenée à votre consommation annuelle ({kwh}). "
        "Même total, autre répartition :",
        "en": "The reference home: the average French home without electric heating "
        "(Enedis 2023 profile), scaled to your yearly use ({kwh}). Same total, another "
        "spread:",
    },
    "homes_heated": {
        "fr": "Votre logement se chauffe à l'électricité (environ {kwh} par an) : son hiver "
        "pèse forcément plus que celui du foyer de référence ; comparez surtout la soirée et "
        "la nuit.",
        "en": "Your home is heated with electricity (about {kwh} a year): its winter weighs "
        "more than the reference home's by nature; compare the evening and the night above "
        "all.",
    },
    "homes_unheated": {
        "fr": "Aucun chauffage électrique ne se voit dans votre courbe : la comparaison vaut "
        "telle quelle.",
        "en": "No electric heating shows in your curve: the comparison holds as it is.",
    },
    "homes_no_winter": {
        "fr": "Votre période ne couvre pas tout l'hiver : la comparaison se limite à la soirée "
        "et à la nuit.",
        "en": "Your period does not cover the whole winter: the comparison keeps to the evening "
        "and the night.",
    },
    "you": {"fr": "Vous", "en": "You"},
    "reference": {"fr": "Référence", "en": "Reference"},
    "winter": {"fr": "Hiver (nov.–mars)", "en": "Winter (Nov–Mar)"},
    "evening": {"fr": "Soirée (18–22 h)", "en": "Evening (6–10 pm)"},
    "night": {"fr": "Nuit (0–6 h)", "en": "Night (0–6 am)"},
    "kwh_a_year": {"fr": "kWh par an", "en": "kWh a year"},
    "actions": {"fr": "Trois gestes pour vous", "en": "Three things for you to do"},
    "actions_few": {"fr": "Ce que vous pouvez faire", "en": "What you can do"},
    "actions_none": {
        "fr": "Rien à gagner de plus d'après votre courbe : continuez ainsi.",
        "en": "Nothing more to gain from your curve: carry on.",
    },
    "a_year": {"fr": "par an", "en": "a year"},
    "contract": {"fr": "Votre contrat", "en": "Your contract"},
    "option_keep": {
        "fr": "Option : {option} reste la moins chère pour votre courbe ({eur} par an).",
        "en": "Option: {option} stays the cheapest for your curve ({eur} a year).",
    },
    "option_change": {
        "fr": "Option : {best} aurait coûté {gain} de moins par an que {option} "
        "({eur} contre {now} par an).",
        "en": "Option: {best} would have cost {gain} less a year than {option} "
        "({eur} against {now} a year).",
    },
    "option_unknown": {
        "fr": "Option : {option} n'est pas proposée à {kva} kVA ; la moins chère est {best} "
        "({eur} par an).",
        "en": "Option: {option} is not offered at {kva} kVA; the cheapest is {best} "
        "({eur} a year).",
    },
    "option_no_winter": {
        "fr": "Sur {n} jours sans hiver entier seulement : à confirmer sur une année, car les "
        "jours chers de cette option tombent en hiver.",
        "en": "Over {n} days without a whole winter only: to be confirmed over a year, as this "
        "option's dear days fall in winter.",
    },
    "kva_keep": {
        "fr": "Puissance : {kva} kVA vous conviennent (pic {peak}).",
        "en": "Power: {kva} kVA suits you (peak {peak}).",
    },
    "kva_lower": {
        "fr": "Puissance : {suggested} kVA suffiraient (pic {peak}) au lieu de {kva} kVA.",
        "en": "Power: {suggested} kVA would do (peak {peak}) instead of {kva} kVA.",
    },
    "kva_maybe": {
        "fr": "Puissance : {suggested} kVA suffiraient peut-être (pic {peak}) ; à confirmer "
        "sur un hiver entier.",
        "en": "Power: {suggested} kVA might do (peak {peak}); to be confirmed over a whole winter.",
    },
    "kva_low": {
        "fr": "Puissance : votre pic ({peak}) atteint vos {kva} kVA, le compteur peut couper : "
        "étalez les gros appareils ou passez à {suggested} kVA.",
        "en": "Power: your peak ({peak}) reaches your {kva} kVA and the meter may cut off: "
        "spread big appliances or move to {suggested} kVA.",
    },
    "kva_unsure": {
        "fr": "Puissance : {kva} kVA ; pas assez de données pour conclure (il faut les pics "
        "d'une année, hiver compris).",
        "en": "Power: {kva} kVA; not enough data to conclude (it takes a year of peaks, "
        "winter included).",
    },
    "peak_30": {"fr": "{kw} en moyenne sur 30 min", "en": "{kw} averaged over 30 min"},
    "year_chart": {"fr": "Votre consommation, mois par mois", "en": "Your use, month by month"},
    "day_chart": {"fr": "Votre consommation, jour par jour", "en": "Your use, day by day"},
    "next_page": {
        "fr": "Le détail — tarifs, journée type, consommation permanente, ce qui sort de "
        "l'ordinaire — est au verso.",
        "en": "The detail — tariffs, typical day, always-on load, what stands out — is overleaf.",
    },
    # Page 2: the detail
    "detail": {"fr": "Le détail", "en": "The detail"},
    "tariffs": {"fr": "Votre courbe sous chaque option", "en": "Your curve under each option"},
    "option": {"fr": "Option", "en": "Option"},
    "energy_eur": {"fr": "Énergie", "en": "Energy"},
    "subscription": {"fr": "Abonnement", "en": "Subscription"},
    "total": {"fr": "Total", "en": "Total"},
    "per_year_col": {"fr": "Par an", "en": "A year"},
    "yours": {"fr": "(la vôtre)", "en": "(yours)"},
    "estimated": {
        "fr": "{n} jours de couleur estimée",
        "en": "{n} days of estimated colour",
    },
    "table_note": {
        "fr": "Sur les {n} jours de la période, aux prix TTC d'aujourd'hui.",
        "en": "Over the period's {n} days, at today's prices including tax.",
    },
    "table_note_dated": {
        "fr": "Sur les {n} jours de la période, aux prix TTC en vigueur chaque jour.",
        "en": "Over the period's {n} days, at the prices including tax in force each day.",
    },
    "break_even": {
        "fr": "Les heures creuses sont rentables au-delà de {x} de consommation en heures "
        "creuses ; vous en êtes à {y}.",
        "en": "Off-peak pricing pays off above {x} of use in off-peak hours; you are at {y}.",
    },
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
    "anomalies": {"fr": "Ce qui sort de l'ordinaire", "en": "What stands out"},
    "no_anomaly": {"fr": "Rien d'anormal dans vos données.", "en": "Nothing unusual."},
    "found_count": {
        "fr": "{n} faits relevés ({kinds}). Les plus importants de chaque sorte :",
        "en": "{n} findings ({kinds}). The biggest of each kind:",
    },
    "found_all": {"fr": "{n} faits relevés :", "en": "{n} findings:"},
    "found_one": {"fr": "Un fait relevé :", "en": "One finding:"},
    "data_gaps": {
        "fr": "Données : {what} ; ces heures manquent dans les totaux.",
        "en": "Data: {what}; those hours are missing from the totals.",
    },
    "data_gap_part": {
        "fr": "{gaps} sans mesure ({hours} au total)",
        "en": "{gaps} without readings ({hours} in all)",
    },
    "data_zero_part": {"fr": "{zeros} transmis à zéro", "en": "{zeros} reported as zero"},
    "gaps": {"fr": "{n} périodes", "en": "{n} spells"},
    "gap_one": {"fr": "1 période", "en": "1 spell"},
    "zeros": {"fr": "{n} jours", "en": "{n} days"},
    "zero_one": {"fr": "1 jour", "en": "1 day"},
    "hours": {"fr": "{n} h", "en": "{n} h"},
    "glossary": {"fr": "Les mots", "en": "Words"},
    "assumptions": {"fr": "Sur quoi reposent ces chiffres", "en": "What the figures rest on"},
    "prices_latest": {
        "fr": "Prix : Tarif Bleu réglementé TTC, grilles en vigueur depuis le {since} ({option}).",
        "en": "Prices: regulated Tarif Bleu incl. tax, grids in force since {since} ({option}).",
    },
    "prices_stale": {
        "fr": "Prix : aucune grille {option} connue aujourd'hui ; celle du {since} est utilisée.",
        "en": "Prices: no {option} grid known for today; the one of {since} is used.",
    },
    "prices_dated": {
        "fr": "Prix : Tarif Bleu réglementé TTC en vigueur chaque jour de la période.",
        "en": "Prices: regulated Tarif Bleu incl. tax in force on each day of the period.",
    },
    "ejp_days": {
        "fr": "Les jours de pointe EJP ne sont pas publiés : les jours rouges Tempo (les 22 "
        "jours d'hiver les plus tendus) les remplacent.",
        "en": "EJP peak days are not published: Tempo red days (the 22 tensest winter days) "
        "stand in for them.",
    },
    "hc_assumed": {
        "fr": "Heures creuses supposées {hours} : vous ne les avez pas indiquées (voir la "
        "facture).",
        "en": "Off-peak hours assumed {hours}: you did not give them (see the bill).",
    },
    "hc_given": {"fr": "Heures creuses : {hours}.", "en": "Off-peak hours: {hours}."},
    "baseload_rule": {
        "fr": "Consommation permanente : la plus basse moyenne sur {h} heures d'affilée de la "
        "nuit (réfrigérateur compris), nuits tièdes, hors hausses passagères.",
        "en": "Always-on load: the night's lowest {h}-hour mean (the fridge included), on mild "
        "nights, leaving out passing rises.",
    },
    "peak_curve": {
        "fr": "Pic : la plus forte moyenne sur 30 minutes, un peu sous le vrai pic instantané.",
        "en": "Peak: the highest 30-minute average, a little under the true instant peak.",
    },
    "peak_meter": {
        "fr": "Pic : la puissance maximale relevée chaque jour par le compteur.",
        "en": "Peak: the maximum power the meter recorded each day.",
    },
    "tempo_known": {
        "fr": "Couleurs Tempo publiées pour les {n} jours.",
        "en": "Tempo colours published for all {n} days.",
    },
    "tempo_estimated": {
        "fr": "Couleurs Tempo publiées pour {known} jours (jusqu'au {last}), estimées pour "
        "les {n} autres (règles RTE, jours les plus froids d'abord).",
        "en": "Tempo colours published for {known} days (up to {last}), estimated for the "
        "other {n} (RTE's rules, coldest days first).",
    },
    "temps_known": {
        "fr": "Températures connues pour les {n} jours.",
        "en": "Temperatures known for all {n} days.",
    },
    "temps_missing": {
        "fr": "Températures connues pour {known} des {n} jours (jusqu'au {last}) : le "
        "chauffage est estimé sans les {missing} autres.",
        "en": "Temperatures known for {known} of the {n} days (up to {last}): heating is "
        "estimated without the other {missing}.",
    },
    "estimates": {
        "fr": "Usages (chauffage, chauffe-eau, voiture) estimés d'après la courbe seule.",
        "en": "Uses (heating, water heater, car) estimated from the curve alone.",
    },
}
OPTIONS: dict[str, dict[Lang, str]] = {
    "base": {"fr": "Base", "en": "Base"},
    "hphc": {"fr": "Heures creuses", "en": "Peak/Off-peak"},
    "tempo": {"fr": "Tempo", "en": "Tempo"},
    "ejp": {"fr": "EJP", "en": "EJP"},
}
ACTION_WORDS: dict[str, dict[Lang, str]] = {
    "standby": {
        "fr": "Couper les veilles la nuit (box, décodeur, multiprise à interrupteur) : "
        "environ {w} de moins en permanence, {kwh} par an.",
        "en": "Switch standby off at night (box, TV decoder, a switched power strip): "
        "about {w} less all the time, {kwh} a year.",
    },
    "heating": {
        "fr": "Baisser le chauffage d'un degré (19 °C dans les pièces de vie, 17 °C la nuit) : "
        "environ 7 % du chauffage, {kwh} par an.",
        "en": "Turn the heating down one degree (19 °C in living rooms, 17 °C at night): "
        "about 7% of heating, {kwh} a year.",
    },
    "appliance": {
        "fr": "Trouver l'appareil qui tourne en plus depuis le {since} (environ {w}) : "
        "congélateur à dégivrer, joints usés, appareil de plus de 10 ans.",
        "en": "Find the appliance running extra since {since} (about {w}): a freezer to "
        "defrost, worn seals, an appliance over 10 years old.",
    },
    "water_heater": {
        "fr": "Remettre le chauffe-eau sur le contact heures creuses : mêmes kWh, payés "
        "moins cher.",
        "en": "Put the water heater back on the off-peak switch: the same kWh, paid less.",
    },
    "absence": {
        "fr": "Avant de partir plus de deux jours : chauffage en hors-gel (8 °C) et "
        "chauffe-eau coupé ; une absence a coûté {kwh} de trop.",
        "en": "Before leaving for more than two days: heating on frost guard (8 °C), water "
        "heater off; one absence used {kwh} too much.",
    },
    "option": {
        "fr": "Passer à l'option {option} : la même consommation, une facture plus basse.",
        "en": "Move to the {option} option: the same use, a lower bill.",
    },
    "kva": {
        "fr": "Passer de {kva} à {suggested} kVA : un abonnement moins cher, votre plus fort "
        "appel y tient.",
        "en": "Move from {kva} to {suggested} kVA: a cheaper subscription, and your highest "
        "draw fits.",
    },
    "shift": {
        "fr": "Lancer lave-linge, lave-vaisselle et recharges en heures creuses : {kwh} par an "
        "déplacés, avec l'option {option}.",
        "en": "Run the washing machine, dishwasher and charging in off-peak hours: {kwh} a "
        "year moved, with the {option} option.",
    },
}
ANOMALY_WORDS: dict[str, dict[Lang, str]] = {
    "unusual_day": {
        "fr": "{day} : {size} de plus qu'un jour comparable.",
        "en": "{day}: {size} more than a comparable day.",
    },
    "baseload_step": {
        "fr": "du {day} au {last} : {size} de plus en permanence.",
        "en": "{day} to {last}: {size} more all the time.",
    },
    "absence_consumption": {
        "fr": "absence du {day} au {last} : {size} consommés de trop.",
        "en": "away {day} to {last}: {size} used too much.",
    },
    "water_heater_peak": {
        "fr": "du {day} au {last} : mis en route en heures pleines.",
        "en": "{day} to {last}: switched on in peak hours.",
    },
    "night_spike": {
        "fr": "{day} : un appel de {size} la nuit.",
        "en": "{day}: a {size} draw at night.",
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


def _w(key: str, lang: Lang, **values: object) -> str:
    """A sentence of :data:`WORDS`, HTML-escaped, its values filled in (themselves escaped)."""
    return WORDS[key][lang].format(**{k: html.escape(str(v)) for k, v in values.items()})


def _raw(table: dict[str, dict[Lang, str]], key: str, lang: Lang, **values: object) -> str:
    """A sentence of a word table with values already HTML (figures with their tags)."""
    return html.escape(table[key][lang]).format(**values)


def _today() -> dt.date:
    return dt.datetime.now().astimezone().date()


def _date(d: dt.date, lang: Lang = "fr") -> str:
    """``01/08/2026``; in English ``1 Aug 2026``."""
    return (
        f"{d:%d/%m/%Y}" if lang == "fr" else f"{d.day} {charts.MONTHS['en'][d.month - 1]} {d.year}"
    )


def _years(report: Report) -> float:
    """What to divide the period's euros by for euros a year: 1 for a period of a year.

    A leap year's 366 days are one year, not 1.002: its cost a year is its cost.
    """
    return 1.0 if report.days in (YEAR_DAYS, YEAR_DAYS + 1) else max(report.years, 1e-9)


def _kwh(x: float, lang: Lang) -> str:
    return f"{number(x, lang=lang)} kWh"


def _option(option: str, lang: Lang) -> str:
    return OPTIONS.get(option, {}).get(lang, option)


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
    daily = report.frames["daily"]
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
        window = report.frames["prepared"].filter(pl.col("day") >= first)
        eur = tariffs.cost(
            window,
            s.option,
            s.kva,
            off_peak=tariffs.OffPeak.parse(s.off_peak),
            tempo=report.frames.get("tempo"),
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
    daily = report.frames["daily"].filter(pl.col("coverage") >= SAME_DAY_COVERAGE)
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
    months = set(report.frames["daily"]["day"].dt.month().unique().to_list())
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
    if action_kind not in ACTION_WORDS:
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
    w = a.kwh_per_year * 1000 / (24 * 365.25)
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
    return _raw(ACTION_WORDS, a.kind, lang, **{k: html.escape(str(v)) for k, v in values.items()})


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
    elif best.option == current.option or current.total_eur - best.total_eur < 1:
        option_line = _w("option_keep", lang, option=option, eur=f["current_eur_per_year"])
    else:
        option_line = _w(
            "option_change",
            lang,
            best=_option(best.option, lang),
            option=option,
            gain=euros((current.total_eur - best.total_eur) / years, lang=lang),
            eur=euros(best.total_eur / years, lang=lang),
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
    kva_line = WORDS[key][lang].format(kva=p.kva, suggested=p.suggested_kva, peak=peak)
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
        chart, title = charts.daily(report.frames["daily"], lang), _w("day_chart", lang)
    else:
        chart, title = charts.monthly(report.frames["monthly"], lang), _w("year_chart", lang)
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
{charts.typical_days(report.frames["typical_days"], lang)}</div>
<div><h2>{_w("baseload_title", lang)}</h2>
<div class="small">{_baseload_sentence(f, lang)}</div>
{charts.baseload(report.frames["baseload"], report.baseload_w, lang)}</div>
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
    title = html.escape(KIND_TITLES.get(a.kind, {}).get(lang, a.kind))
    words = ANOMALY_WORDS.get(a.kind)
    text = (
        html.escape(words[lang].format(day=_date(a.start, lang), last=_date(last, lang), size=size))
        if words
        else f"{_date(a.start, lang)} → {_date(last, lang)}"
    )
    return f"<li><b>{title}</b> · {text}</li>"


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
                f"{n} × {KIND_TITLES.get(k, {}).get(lang, k).lower()}"
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


def _price_lines(report: Report, lang: Lang) -> list[str]:
    """Which price grid the costs used, by its date (never its source code).

    Options priced at grids of the same date share one sentence.
    """
    if report.settings.prices == "dated":
        return [_w("prices_dated", lang)]
    today = tariffs.paris_today()
    g = tariffs.grid()
    grids: dict[tuple[str, dt.date], list[str]] = {}
    for c in sorted(report.costs, key=lambda c: c.total_eur):
        rows = g.filter((pl.col("option") == c.option) & (pl.col("kva") == c.kva))
        begun = rows.filter(pl.col("valid_from") <= today)
        row = (begun if begun.height else rows).sort("valid_from").tail(1)
        if row.height:
            since, until = row["valid_from"][0], row["valid_to"][0]
            in_force = since <= today and (until is None or today <= until)
            key = "prices_latest" if in_force else "prices_stale"
            grids.setdefault((key, since), []).append(_option(c.option, lang))
    return [
        _w(key, lang, option=", ".join(names), since=_date(since, lang))
        for (key, since), names in sorted(grids.items(), key=lambda kv: kv[0][0])
    ]


def assumptions(report: Report, lang: Lang) -> list[str]:
    """What the figures rest on, as HTML sentences: prices, hours, methods, reference data."""
    s = report.settings
    out = _price_lines(report, lang)
    if any(c.option == "ejp" for c in report.costs):
        out.append(_w("ejp_days", lang))
    hours = _w(
        "hc_assumed" if s.off_peak == tariffs.DEFAULT_HC else "hc_given", lang, hours=s.off_peak
    )
    out.append(hours)
    out.append(_w("baseload_rule", lang, h=baseload.WINDOW_H))
    out.append(_w("peak_curve" if report.power.peak_source == "curve" else "peak_meter", lang))
    ref = report.reference_data
    tempo, temps = ref.get("tempo"), ref.get("temperatures")
    if tempo:
        if tempo.get("estimated_days"):
            out.append(
                _w(
                    "tempo_estimated",
                    lang,
                    known=tempo["known_days"],
                    n=tempo["estimated_days"],
                    last=_iso_date(tempo.get("last_known"), lang),
                )
            )
        elif any(c.option == "tempo" for c in report.costs):
            out.append(_w("tempo_known", lang, n=tempo.get("known_days", 0)))
    if temps:
        if temps.get("missing_days"):
            out.append(
                _w(
                    "temps_missing",
                    lang,
                    known=temps["covered_days"],
                    n=report.days,
                    missing=temps["missing_days"],
                    last=_iso_date(temps.get("last_known"), lang),
                )
            )
        else:
            out.append(_w("temps_known", lang, n=report.days))
    out.append(_w("estimates", lang))
    return out


def _iso_date(text: object, lang: Lang) -> str:
    return _date(dt.date.fromisoformat(text), lang) if isinstance(text, str) else "—"


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
