"""Saving tips, each tied to a measured quantity.

Each is worth kWh and euros a year at the household's own prices (analytics.md §4 gives
the figures and their sources).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from analysis.baseload import kwh_per_year
from analysis.french import euros, number
from analysis.tariffs import OPTION_NAMES, prices_at

if TYPE_CHECKING:
    from analysis.anomalies import Anomaly
    from analysis.power import PowerAdvice
    from analysis.tariffs import Cost
    from analysis.usages import Heating, WaterHeater

STANDBY_SHARE = 0.25
"""Share of the always-on load a household can usually switch off (power strips, box at
night): ADEME counts 15–50 devices on standby, often > 50 W together."""
HEATING_PER_DEGREE = 0.07
"""−1 °C of set-point ≈ −7 % of heating energy (ADEME, cited in analytics.md §4)."""


@dataclass(frozen=True)
class Tip:
    """One thing to do, what it is worth, and where the figure comes from."""

    id: str
    kwh_per_year: float
    eur_per_year: float
    text: str
    source: str

    def as_dict(self) -> dict[str, Any]:
        """Plain types, for JSON (rounded: kWh to the unit, euros to the cent)."""
        d = asdict(self)
        d["kwh_per_year"] = round(self.kwh_per_year)
        d["eur_per_year"] = round(self.eur_per_year, 2)
        return d


ONGOING_DAYS = 3
"""A rise of the always-on load that ends this close to the curve's end is still going on."""


def tips(
    *,
    baseload_w: float,
    price_eur_per_kwh: float,
    hp_hc_gap_eur: float,
    heating: Heating,
    heater: WaterHeater,
    anomalies: list[Anomaly],
    costs: list[Cost],
    current: Cost | None,
    power: PowerAdvice,
    years: float,
    last_day: dt.date | None = None,
) -> list[Tip]:
    """The tips that apply, ranked by euros a year.

    A rise of the always-on load is worth a tip only while it lasts: when it ended more
    than :data:`ONGOING_DAYS` before ``last_day`` (the curve's last day), it stays an
    anomaly but costs nothing more.
    """
    out: list[Tip] = []
    if baseload_w > 60:
        w = min(max(STANDBY_SHARE * baseload_w, 10.0), 80.0)
        kwh = kwh_per_year(w)
        out.append(
            Tip(
                "standby",
                kwh,
                kwh * price_eur_per_kwh,
                f"Votre consommation permanente est de {number(baseload_w)} W, jour et nuit. "
                "Éteindre box, décodeur et veilles la nuit avec une multiprise à interrupteur "
                f"retire environ {number(w)} W : {number(kwh)} kWh et "
                f"{euros(kwh * price_eur_per_kwh)} par an.",
                "ADEME (cité par LCI, La Tribune) : veilles > 50 W, > 80 €/an ; 10 W permanents ≈ "
                "88 kWh/an",
            )
        )
    if heating.found and heating.kwh_per_year > 0:
        kwh = HEATING_PER_DEGREE * heating.kwh_per_year
        out.append(
            Tip(
                "heating_setpoint",
                kwh,
                kwh * price_eur_per_kwh,
                f"Le chauffage représente environ {number(heating.kwh_per_year)} kWh par an. "
                "Baisser la consigne d'un degré (19 °C dans les pièces de vie, 17 °C la nuit) "
                f"économise environ 7 % : {number(kwh)} kWh et "
                f"{euros(kwh * price_eur_per_kwh)} par an.",
                "ADEME : −1 °C ≈ −7 % de chauffage (analytics.md §4)",
            )
        )
    for a in anomalies:
        ended = last_day is not None and a.end < last_day - dt.timedelta(days=ONGOING_DAYS)
        if a.kind == "baseload_step" and not ended:
            kwh = kwh_per_year(a.size)
            out.append(
                Tip(
                    f"appliance_{a.start.isoformat()}",
                    kwh,
                    kwh * price_eur_per_kwh,
                    f"Depuis le {a.start:%d/%m/%Y}, {number(a.size)} W de plus tournent en "
                    "permanence. "
                    f"S'ils restaient, cela coûterait {number(kwh)} kWh et "
                    f"{euros(kwh * price_eur_per_kwh)} par an : dégivrez le congélateur, vérifiez "
                    "les joints ; au-delà de 10 ans, un appareil récent consomme moitié moins.",
                    "Enertech 2009, Oekotopten (analytics.md §4)",
                )
            )
        elif a.kind == "water_heater_peak" and hp_hc_gap_eur > 0:
            days = (a.end - a.start).days
            kwh = heater.kwh_per_day * days / max(years, 1e-9)
            out.append(
                Tip(
                    f"heater_hc_{a.start.isoformat()}",
                    0.0,
                    kwh * hp_hc_gap_eur,
                    f"Pendant {days} jours votre chauffe-eau a chauffé en heures pleines. Le "
                    "remettre sur le contact heures creuses ne change pas les kWh mais les paie "
                    f"moins cher : {euros(kwh * hp_hc_gap_eur)} par an à ce rythme.",
                    "Tarif Bleu HP/HC (analytics.md §1.2)",
                )
            )
        elif a.kind == "absence_consumption":
            kwh = a.size / max(years, 1e-9)
            out.append(
                Tip(
                    f"absence_{a.start.isoformat()}",
                    kwh,
                    kwh * price_eur_per_kwh,
                    f"Pendant votre absence du {a.start:%d/%m}, la maison a consommé "
                    f"{number(a.size)} kWh de trop. Mettez le chauffage en hors-gel (8 °C) et "
                    "coupez le chauffe-eau quand vous partez plus de deux jours.",
                    "ADEME (hors-gel 8 °C au-delà de deux jours)",
                )
            )
    if current is not None and costs:
        best = min(costs, key=lambda c: c.total_eur)
        gain = (current.total_eur - best.total_eur) / max(years, 1e-9)
        if best.option != current.option and gain > 5:
            out.append(
                Tip(
                    f"option_{best.option}",
                    0.0,
                    gain,
                    f"Avec votre courbe, l'option {OPTION_NAMES[best.option]} aurait coûté "
                    f"{euros(gain)} de moins par an que {OPTION_NAMES[current.option]}, à "
                    f"{best.kva} kVA, aux prix actuels.",
                    "Tarif Bleu EDF TTC (analytics.md §1.2)",
                )
            )
    if power.verdict == "lower" and current is not None:
        try:
            now = prices_at(current.option, power.kva)["subscription"]
            lower = prices_at(current.option, power.suggested_kva)["subscription"]
        except (ValueError, KeyError):
            now = lower = 0.0
        if now > lower:
            out.append(
                Tip(
                    "kva",
                    0.0,
                    now - lower,
                    f"Passer de {power.kva} à {power.suggested_kva} kVA réduit l'abonnement de "
                    f"{euros(now - lower)} par an. {power.explanation}",
                    "Tarif Bleu EDF TTC; Enedis (changement à distance, 4,21 €)",
                )
            )
    return sorted(out, key=lambda t: t.eur_per_year, reverse=True)
