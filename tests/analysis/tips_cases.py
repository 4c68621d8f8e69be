"""What the tip tests share: a household with nothing to advise, and tips on it."""

import datetime as dt

from analysis import tariffs
from analysis.curve import prepare
from analysis.power import PowerAdvice
from analysis.scenarios import Year
from analysis.tips import Tip, tips
from analysis.usages import Heating, WaterHeater
from words import Said, euros, number

NO_HEATING = Heating(False, "", 0.0, 0.0, 0.0)
NO_HEATER = WaterHeater(False, 0.0, 0.0, 0.0, 0)
KEEP = PowerAdvice(9, 5000.0, "curve", 4000.0, "keep", 9, Said("power.text.no_data"))


def tips_with(**given):
    args = {
        "baseload_w": 50.0,
        "price_eur_per_kwh": 0.2,
        "heating": NO_HEATING,
        "heater": NO_HEATER,
        "anomalies": [],
        "costs": [],
        "current": None,
        "power": KEEP,
        "years": 1.0,
    }
    return tips(**(args | given))


def cost(option, total, kva=9):
    return tariffs.Cost(option, kva, total - 200.0, 200.0, 4000.0)


def year_of(eur, filled=0):
    return Year(dt.date(2024, 1, 1), dt.date(2024, 12, 30), 365 - filled, filled, eur, "m")


def two_days(curve_factory, w=400.0):
    return prepare(curve_factory("2024-06-03T00:00", [w] * 96))


def figures_in_text(tip: Tip) -> None:
    assert euros(tip.headline_eur) in tip.text.say(), tip.id
    energy = tip.kwh_per_year if tip.eur_per_year is not None else tip.kwh
    if energy:
        assert f"{number(energy)} kWh" in tip.text.say(), tip.id
