"""The water heater tip: only with an off-peak price, priced at the hours it moves."""

import datetime as dt

import pytest

from analysis import tariffs
from analysis.anomalies import Anomaly
from analysis.usages import WaterHeater
from tests.analysis.tips_cases import cost, figures_in_text, tips_with, two_days
from words import Said


def test_the_water_heater_tip_needs_an_off_peak_price():
    heater = WaterHeater(True, 0.9, 2000.0, 3.0, 22 * 60)
    late = [
        Anomaly(
            "water_heater_peak",
            dt.date(2024, 3, 4),
            dt.date(2024, 3, 7),
            2.0,
            "kW",
            Said("anomaly.text.water_heater_peak"),
        ),
        Anomaly(
            "water_heater_peak",
            dt.date(2024, 5, 6),
            dt.date(2024, 5, 8),
            2.0,
            "kW",
            Said("anomaly.text.water_heater_peak"),
        ),
    ]
    base = cost("base", 1000.0)
    assert not [
        t for t in tips_with(heater=heater, anomalies=late, current=base) if "heater" in t.id
    ]
    hphc = cost("hphc", 1000.0)
    out = tips_with(heater=heater, anomalies=late, current=hphc, years=200 / 365.25)
    (tip,) = [t for t in out if "heater" in t.id]
    p = tariffs.prices_at("hphc", 9)
    assert tip.eur == pytest.approx(3.0 * 5 * (p["energy_hp"] - p["energy_hc"]))
    assert "Pendant 5 jours sur les 200 jours de votre courbe" in tip.text.say()
    assert tip.eur_per_year is None  # 5 days late in a part of a year: no yearly figure


@pytest.mark.parametrize(
    ("option", "hp", "hc"),
    [("hphc", "energy_hp", "energy_hc"), ("tempo", "energy_bleu_hp", "energy_bleu_hc")],
)
def test_the_water_heater_tip_prices_the_hours_it_moves(curve_factory, option, hp, hc):
    # Two June days (blue Tempo days) with 300 W all day; the heater ran late on the first.
    p = two_days(curve_factory, w=300.0)
    off_peak = tariffs.OffPeak.parse("22:00-06:00")
    current = tariffs.cost(p, option, 9, off_peak=off_peak)
    late = [
        Anomaly(
            "water_heater_peak",
            dt.date(2024, 6, 3),
            dt.date(2024, 6, 4),
            2,
            "kW",
            Said("anomaly.text.water_heater_peak"),
        )
    ]
    heater = WaterHeater(True, 0.9, 2000.0, 3.0, 22 * 60)
    out = tips_with(
        heater=heater,
        anomalies=late,
        current=current,
        prepared=p,
        off_peak=off_peak,
        years=2 / 365.25,
    )
    (tip,) = [t for t in out if "heater" in t.id]
    prices = tariffs.prices_at(option, 9)
    assert tip.kwh == pytest.approx(3.0)  # one day's block, taken off the peak hours
    assert tip.eur == pytest.approx(3.0 * (prices[hp] - prices[hc]))
    figures_in_text(tip)
