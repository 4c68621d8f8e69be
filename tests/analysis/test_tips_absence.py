"""The absence tip: one tip for all absences, priced at their own days' hours."""

import datetime as dt

import pytest

from analysis import tariffs
from analysis.anomalies import Anomaly
from tests.analysis.tips_cases import figures_in_text, tips_with, two_days
from words import Said


def test_many_absences_give_one_tip_with_their_total():
    away = [
        Anomaly(
            "absence_consumption",
            dt.date(2024, 1, d),
            dt.date(2024, 1, d + 2),
            10,
            "kWh",
            Said("anomaly.text.absence_consumption"),
        )
        for d in (3, 10, 17)
    ]
    out = tips_with(anomalies=away, years=120 / 365.25)
    (tip,) = [t for t in out if "absence" in t.id]
    assert tip.kwh == pytest.approx(30.0)
    assert tip.eur == pytest.approx(30.0 * 0.2)
    assert (tip.kwh_per_year, tip.eur_per_year) == (None, None)  # 120 days: no yearly figure
    assert "3 absences (6 jours sur les 120 jours de votre courbe)" in tip.text.say()
    full = next(t for t in tips_with(anomalies=away, years=2.0) if "absence" in t.id)
    assert full.kwh_per_year == pytest.approx(15.0, rel=1e-3)


def test_the_absence_tip_prices_its_own_days_hours(curve_factory):
    p = two_days(curve_factory)  # a flat 400 W: 8 of 24 hours off-peak
    off_peak = tariffs.OffPeak.parse("22:00-06:00")
    current = tariffs.cost(p, "hphc", 9, off_peak=off_peak)
    away = [
        Anomaly(
            "absence_consumption",
            dt.date(2024, 6, 3),
            dt.date(2024, 6, 4),
            5.0,
            "kWh",
            Said("anomaly.text.absence_consumption"),
        )
    ]
    out = tips_with(
        anomalies=away, current=current, prepared=p, off_peak=off_peak, years=2 / 365.25
    )
    (tip,) = [t for t in out if t.id == "absence"]
    prices = tariffs.prices_at("hphc", 9)
    assert tip.kwh == pytest.approx(5.0)
    assert tip.eur == pytest.approx(5.0 * (16 * prices["energy_hp"] + 8 * prices["energy_hc"]) / 24)
    figures_in_text(tip)
