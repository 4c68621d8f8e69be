"""What-if scenarios on tiny hand-made curves, checked against hand computations."""

import datetime as dt

import polars as pl
import pytest

from analysis import power, scenarios, tariffs
from analysis.anomalies import Anomaly
from analysis.curve import period_years, prepare
from analysis.usages import WaterHeater
from words import Said

HC = tariffs.OffPeak.parse("22:00-06:00")


def _two_days(curve_factory):
    # 1 kW all day for two days (96 half-hours): 16 kWh/day in HP, 8 kWh/day in HC.
    return prepare(curve_factory("2024-06-03T00:00", [1000.0] * 96))


def test_shifting_energy_keeps_the_total_and_saves_the_price_gap(curve_factory):
    p = _two_days(curve_factory)
    per_year = 365.25  # = 2 kWh over the two days
    s = scenarios.shift_to_off_peak(p, per_year, option="base", kva=6, off_peak=HC)
    prices = tariffs.prices_at("hphc", 6)
    gap = prices["energy_hp"] - prices["energy_hc"]
    assert s.option == "hphc"  # base has no off-peak hours: priced under HP/HC
    assert s.kwh_moved_per_year == pytest.approx(per_year)
    assert s.eur_per_year == pytest.approx(per_year * gap, rel=1e-9)


def test_shifting_is_capped_at_the_peak_hour_energy(curve_factory):
    p = _two_days(curve_factory)
    s = scenarios.shift_to_off_peak(p, 1e9, option="hphc", kva=6, off_peak=HC)
    assert s.kwh_moved_per_year == pytest.approx(32 * 365.25 / 2)


def test_water_heater_scenario_moves_its_measured_block(curve_factory):
    p = _two_days(curve_factory)
    heater = WaterHeater(True, 0.9, 2000.0, 3.0, 22 * 60)
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
    s = scenarios.shift_water_heater(p, heater, late, option="hphc", kva=6, off_peak=HC)
    assert s is not None
    assert s.kwh_moved_per_year == pytest.approx(3.0 * 1 * 365.25 / 2)
    # Two days are not a year: the yearly figure says it is these days' rate.
    assert "Pendant 1 jour sur les 2 de votre courbe" in s.text.say()
    assert "par an au rythme de ces 2 jours" in s.text.say()
    none = WaterHeater(False, 0.0, 0.0, 0.0, 22 * 60)
    assert scenarios.shift_water_heater(p, none, late, option="hphc", kva=6, off_peak=HC) is None
    # On Base no hour is cheaper: the saving is Heures creuses', and the text says so.
    base = scenarios.shift_water_heater(p, heater, late, option="base", kva=6, off_peak=HC)
    assert base is not None
    assert base.option == "hphc"
    assert "avec l'option Heures creuses." in base.text.say()
    assert "with the Peak/Off-peak option." in base.text.say("en")


def test_lower_kva_saves_the_subscription_and_counts_days_over(curve_factory):
    p = _two_days(curve_factory)
    peaks = pl.DataFrame(
        {
            "day": [dt.date(2024, 6, 3), dt.date(2024, 6, 4)],
            "w": [5500.0, 900.0],
            "source": ["curve", "curve"],
        }
    )
    advice = power.advise(peaks, 6)
    s = scenarios.lower_kva(p, peaks, 3, advice=advice, option="base", kva=6, off_peak=HC)
    sub = (
        tariffs.prices_at("base", 6)["subscription"] - tariffs.prices_at("base", 3)["subscription"]
    )
    assert s.days_over == 1
    assert s.eur_per_year == pytest.approx(sub, rel=1e-3)
    # 5.5 kW in a 30-min average is above 3 kVA: the verdict is "keep", and the what-if says so.
    assert advice.verdict == "keep"
    assert not s.advised
    assert s.text.say().endswith(advice.about(3).say())
    assert "Déconseillé" in s.text.say()


def test_lower_kva_never_says_more_than_an_inconclusive_verdict(curve_factory):
    # The issue: "6 kVA tient" beside a power verdict "inconclusive" on the same curve.
    p = _two_days(curve_factory)
    peaks = pl.DataFrame(
        {
            "day": [dt.date(2024, 6, 3), dt.date(2024, 6, 4)],
            "w": [5300.0, 900.0],
            "source": ["curve", "curve"],
        }
    )
    advice = power.advise(peaks, 9)
    assert advice.verdict == "inconclusive"
    s = scenarios.lower_kva(p, peaks, 6, advice=advice, option="base", kva=9, off_peak=HC)
    assert s.days_over == 0
    assert not s.advised
    assert "tient" not in s.text.say()
    assert "Pas conseillé en l'état" in s.text.say()


@pytest.mark.parametrize("option", ["base", "hphc", "tempo"])
def test_a_shift_priced_from_its_parts_is_the_shifted_real_curve_priced(option):
    # A cost is linear in each interval's energy: the two parts' costs, scaled, are what
    # pricing the shifted curve itself gives (under Tempo, its own colours and hours).
    from ingest import read_export
    from tests.conftest import real_export_dir

    path = real_export_dir("enedis_portal_csv") / "guiedf_conso_heure_2023-08-09_2024-07-25.csv"
    p = prepare(read_export(path).curve)
    chosen = scenarios.shifting_option(option)
    hc = HC.expr(tariffs.minute_of_day(p), pl.col("day"))
    flagged = p.with_columns(hc=hc)
    hp_kwh = float(flagged.filter(~pl.col("hc"))["kwh"].sum())
    hc_kwh = float(flagged.filter(pl.col("hc"))["kwh"].sum())
    years = period_years(p)
    for per_year in (50.0, 400.0, 1e9):
        s = scenarios.shift_to_off_peak(p, per_year, option=option, kva=9, off_peak=HC)
        moved = min(per_year * years, hp_kwh)
        shifted = flagged.with_columns(
            kwh=pl.when(pl.col("hc"))
            .then(pl.col("kwh") * (1 + moved / hc_kwh))
            .otherwise(pl.col("kwh") * (1 - moved / hp_kwh))
        )
        after = tariffs.cost(shifted, chosen, 9, off_peak=HC).total_eur / years
        assert s.kwh_moved_per_year == pytest.approx(moved / years, rel=1e-12)
        assert s.after_eur_per_year == pytest.approx(after, rel=1e-12)
        assert s.after_eur_per_year < s.before_eur_per_year
