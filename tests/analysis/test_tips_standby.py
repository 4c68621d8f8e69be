"""The standby tip: watts times the hours off, at those hours' own price."""

import pytest

from analysis import tariffs
from tests.analysis.tips_cases import tips_with, two_days


@pytest.mark.parametrize(
    ("option", "hc", "hc_hours"),
    [("base", "22:00-06:00", 0), ("hphc", "23:00-07:00", 8), ("hphc", "22:00-06:00", 7)],
)
def test_the_standby_figure_is_watts_times_the_hours_off_times_their_price(
    curve_factory, option, hc, hc_hours
):
    p = two_days(curve_factory)
    off_peak = tariffs.OffPeak.parse(hc)
    current = tariffs.cost(p, option, 9, off_peak=off_peak)
    out = tips_with(
        baseload_w=400.0,
        current=current,
        costs=[current],
        prepared=p,
        off_peak=off_peak,
        years=2 / 365.25,
    )
    (tip,) = [t for t in out if t.id == "standby"]
    w = 80.0  # a quarter of 400 W, capped at 80 W
    prices = tariffs.prices_at(option, 9)
    if option == "base":
        price = prices["energy"]
    else:  # the 8 hours off (23:00–07:00) paid at their own HC or HP price
        price = (hc_hours * prices["energy_hc"] + (8 - hc_hours) * prices["energy_hp"]) / 8
    assert tip.hours == "23:00–07:00"
    assert tip.kwh == pytest.approx(w * 8 * 2 / 1000)  # two nights measured
    assert tip.eur == pytest.approx(tip.kwh * price)
    assert tip.kwh_per_year == pytest.approx(w * 8 * 365 / 1000)
    assert tip.eur_per_year == pytest.approx(w * 8 * 365 / 1000 * price)
    assert "de 23 h à 7 h" in tip.text.say()
    assert "80 W × 8 h × 365 nuits" in tip.text.say()
