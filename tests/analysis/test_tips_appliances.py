"""The tips of a rise of the always-on load: a cooling rise priced over its own days."""

import datetime as dt

import pytest

from analysis import tariffs
from analysis.anomalies import Anomaly
from tests.analysis.tips_cases import figures_in_text, tips_with, two_days
from words import Said


def test_a_cooling_rise_is_priced_over_its_days_with_no_freezer_advice(curve_factory):
    p = two_days(curve_factory)
    current = tariffs.cost(p, "base", 9)
    cool = Anomaly(
        "baseload_step",
        dt.date(2024, 6, 3),
        dt.date(2024, 6, 5),
        200.0,
        "W",
        Said("anomaly.text.cooling", {"w": 200.0, "days": 2}),
        cause="cooling",
    )
    out = tips_with(anomalies=[cool], current=current, prepared=p, years=2 / 365.25)
    (tip,) = [t for t in out if t.id.startswith(("cooling", "appliance"))]
    assert tip.id == "cooling_2024-06-03"
    # What the rise used over its own two days, never a year of it.
    assert (tip.kwh_per_year, tip.eur_per_year) == (None, None)
    assert tip.kwh == pytest.approx(0.2 * 48)
    assert tip.eur == pytest.approx(0.2 * 48 * tariffs.prices_at("base", 9)["energy"])
    assert "congélateur" not in tip.text.say()
    assert "climatisation" in tip.text.say()
    figures_in_text(tip)
