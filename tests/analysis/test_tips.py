"""Tips that hold: offers a household can take, figures from the hours they change."""

import datetime as dt
import re

import polars as pl
import pytest

from analysis import tariffs
from analysis.anomalies import Anomaly
from analysis.curve import prepare
from analysis.power import PowerAdvice
from analysis.reference import degree_days
from analysis.report import Settings, analyse
from analysis.scenarios import ERROR_EUR_PER_FILLED_MONTH, Year
from analysis.tips import COMPLETED_YEAR, NORMAL_YEAR, Tip, normal_year_hdd, takeable, tips
from analysis.usages import Heating, WaterHeater
from ingest import read_export
from tests.conftest import real_export_dir
from words import Said, euros, number

NO_HEATING = Heating(False, "", 0.0, 0.0, 0.0)
NO_HEATER = WaterHeater(False, 0.0, 0.0, 0.0, 0)
KEEP = PowerAdvice(9, 5000.0, "curve", 4000.0, "keep", 9, Said("power.text.no_data"))


def _tips(**given):
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


def _cost(option, total, kva=9):
    return tariffs.Cost(option, kva, total - 200.0, 200.0, 4000.0)


def _year(eur, filled=0):
    return Year(dt.date(2024, 1, 1), dt.date(2024, 12, 30), 365 - filled, filled, eur, "m")


def _two_days(curve_factory, w=400.0):
    return prepare(curve_factory("2024-06-03T00:00", [w] * 96))


# --- offers a household can take ------------------------------------------------------------


def test_ejp_is_never_advised_to_a_household_not_on_it():
    year = _year({"base": 1000.0, "hphc": 990.0, "tempo": 970.0, "ejp": 800.0})
    for option in ("base", "hphc", "tempo"):
        current = _cost(option, year.eur[option])
        out = _tips(current=current, costs=[current], year=year)
        assert not [t for t in out if t.id == "option_ejp"], option
        assert not takeable("ejp", 9, option)
    # Base's household is told of Tempo, the cheapest it can take.
    current = _cost("base", 1000.0)
    (tip,) = [t for t in _tips(current=current, costs=[current], year=year) if "option" in t.id]
    assert tip.id == "option_tempo"
    assert tip.eur_per_year == pytest.approx(30.0)


def test_an_ejp_household_keeps_ejp_and_is_told_of_a_cheaper_open_option():
    assert takeable("ejp", 9, "ejp")
    year = _year({"base": 1000.0, "hphc": 990.0, "tempo": 970.0, "ejp": 1100.0})
    current = _cost("ejp", 1100.0)
    (tip,) = [t for t in _tips(current=current, costs=[current], year=year) if "option" in t.id]
    assert tip.id == "option_tempo"


def test_base_at_18_kva_is_not_offered_to_a_household_on_another_option():
    year = _year({"base": 900.0, "hphc": 1000.0, "tempo": 1050.0})
    current = _cost("hphc", 1000.0, kva=18)
    assert not [t for t in _tips(current=current, costs=[current], year=year) if "option" in t.id]
    assert takeable("base", 18, "base")
    assert takeable("base", 12, "hphc")


def test_no_option_saving_without_a_year():
    # Measured over the curve, Tempo is far cheaper; without a year (too few days, or no
    # winter) there is no yearly figure, hence no option tip.
    current = _cost("base", 1000.0)
    costs = [current, _cost("tempo", 700.0)]
    assert not [t for t in _tips(current=current, costs=costs, year=None) if "option" in t.id]


def test_a_completed_year_advises_only_beyond_its_error():
    current = _cost("base", 1000.0)
    small = _year({"base": 1000.0, "tempo": 940.0}, filled=90)  # error 25 × 90 / 30.4 ≈ 74 €
    assert small.error_eur == pytest.approx(ERROR_EUR_PER_FILLED_MONTH * 90 / (365 / 12))
    assert not [t for t in _tips(current=current, costs=[current], year=small) if "option" in t.id]
    big = _year({"base": 1000.0, "tempo": 900.0}, filled=90)
    (tip,) = [t for t in _tips(current=current, costs=[current], year=big) if "option" in t.id]
    assert tip.method == COMPLETED_YEAR
    assert "90 jours sans mesure estimés : m" in tip.text.say()
    assert f"à {euros(big.error_eur)} près" in tip.text.say()


# --- figures from the hours a tip changes ---------------------------------------------------


@pytest.mark.parametrize(
    ("option", "hc", "hc_hours"),
    [("base", "22:00-06:00", 0), ("hphc", "23:00-07:00", 8), ("hphc", "22:00-06:00", 7)],
)
def test_the_standby_figure_is_watts_times_the_hours_off_times_their_price(
    curve_factory, option, hc, hc_hours
):
    p = _two_days(curve_factory)
    off_peak = tariffs.OffPeak.parse(hc)
    current = tariffs.cost(p, option, 9, off_peak=off_peak)
    out = _tips(
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
    base = _cost("base", 1000.0)
    assert not [t for t in _tips(heater=heater, anomalies=late, current=base) if "heater" in t.id]
    hphc = _cost("hphc", 1000.0)
    out = _tips(heater=heater, anomalies=late, current=hphc, years=200 / 365.25)
    (tip,) = [t for t in out if "heater" in t.id]
    p = tariffs.prices_at("hphc", 9)
    assert tip.eur == pytest.approx(3.0 * 5 * (p["energy_hp"] - p["energy_hc"]))
    assert "Pendant 5 jours sur les 200 jours de votre courbe" in tip.text.say()
    assert tip.eur_per_year is None  # 5 days late in a part of a year: no yearly figure


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
    out = _tips(anomalies=away, years=120 / 365.25)
    (tip,) = [t for t in out if "absence" in t.id]
    assert tip.kwh == pytest.approx(30.0)
    assert tip.eur == pytest.approx(30.0 * 0.2)
    assert (tip.kwh_per_year, tip.eur_per_year) == (None, None)  # 120 days: no yearly figure
    assert "3 absences (6 jours sur les 120 jours de votre courbe)" in tip.text.say()
    full = next(t for t in _tips(anomalies=away, years=2.0) if "absence" in t.id)
    assert full.kwh_per_year == pytest.approx(15.0, rel=1e-3)


def test_heating_is_normalised_to_a_normal_year():
    heating = Heating(True, "degree-days", 2000.0, 1.5, 0.3)
    (tip,) = [t for t in _tips(heating=heating, years=0.6) if t.id == "heating_setpoint"]
    assert tip.method == NORMAL_YEAR
    assert tip.kwh_per_year == pytest.approx(0.07 * 1.5 * normal_year_hdd())
    assert tip.kwh == pytest.approx(0.07 * 2000.0 * 0.6)
    assert 1200 < normal_year_hdd() < 1800  # French degree-days, base 15.5 °C, a year


def test_the_kva_tip_follows_the_power_verdict():
    current = _cost("base", 1000.0)
    lower = PowerAdvice(9, 3000.0, "meter", 6000.0, "lower", 6, Said("power.text.no_data"))
    (tip,) = [t for t in _tips(power=lower, current=current) if t.id == "kva"]
    sub = tariffs.prices_at("base", 9)["subscription"]
    sub -= tariffs.prices_at("base", 6)["subscription"]
    assert tip.eur_per_year == pytest.approx(sub)
    assert lower.about(6).say() in tip.text.say()
    unsure = PowerAdvice(9, 4000.0, "curve", 5000.0, "inconclusive", 9, Said("power.text.no_data"))
    assert not [t for t in _tips(power=unsure, current=current) if t.id == "kva"]


def _figures_in_text(tip: Tip) -> None:
    assert euros(tip.headline_eur) in tip.text.say(), tip.id
    energy = tip.kwh_per_year if tip.eur_per_year is not None else tip.kwh
    if energy:
        assert f"{number(energy)} kWh" in tip.text.say(), tip.id


def test_every_headline_is_in_its_text(curve_factory):
    p = _two_days(curve_factory)
    off_peak = tariffs.OffPeak.parse("22:00-06:00")
    current = tariffs.cost(p, "hphc", 9, off_peak=off_peak)
    found = [
        Anomaly(
            "baseload_step",
            dt.date(2024, 6, 3),
            dt.date(2024, 6, 5),
            60.0,
            "W",
            Said("anomaly.text.baseload_step"),
        ),
        Anomaly(
            "water_heater_peak",
            dt.date(2024, 6, 3),
            dt.date(2024, 6, 4),
            2.0,
            "kW",
            Said("anomaly.text.water_heater_peak"),
        ),
        Anomaly(
            "absence_consumption",
            dt.date(2024, 6, 3),
            dt.date(2024, 6, 5),
            9.0,
            "kWh",
            Said("anomaly.text.absence_consumption"),
        ),
    ]
    out = _tips(
        baseload_w=400.0,
        heating=Heating(True, "degree-days", 2000.0, 1.5, 0.3),
        heater=WaterHeater(True, 0.9, 2000.0, 3.0, 22 * 60),
        anomalies=found,
        current=current,
        costs=[current],
        power=PowerAdvice(9, 3000.0, "meter", 6000.0, "lower", 6, Said("power.text.no_data")),
        year=_year({"hphc": current.total_eur, "tempo": current.total_eur - 100}, filled=30),
        prepared=p,
        off_peak=off_peak,
        years=2 / 365.25,
        last_day=dt.date(2024, 6, 4),
    )
    ids = {re.sub(r"_\d{4}-\d{2}-\d{2}$", "", t.id) for t in out}
    assert ids == {
        "standby",
        "heating_setpoint",
        "appliance",
        "water_heater_off_peak",
        "absence",
        "option_tempo",
        "kva",
    }
    for tip in out:
        _figures_in_text(tip)
    assert [t.headline_eur for t in out] == sorted((t.headline_eur for t in out), reverse=True)


# --- a partial year on a real curve ---------------------------------------------------------


@pytest.mark.real
def test_a_march_to_november_curve_gives_no_option_saving_without_its_method():
    # The issue: "Tempo −493 €/an" from March–November; the full year of the same home
    # has Tempo 58 € dearer than Base.
    folder = real_export_dir("enedis_portal_csv")
    curve = read_export(folder / "edfcomparateur_consoexemple_2022-07_2023-07.csv").curve
    local = pl.col("start").dt.convert_time_zone("Europe/Paris")
    part = curve.filter(local.dt.month().is_between(3, 11))
    r = analyse(part, settings=Settings(kva=9, option="base"))
    by = {c.option: c.total_eur for c in r.costs}
    assert by["tempo"] < by["base"] - 100  # measured without winter, Tempo looks far cheaper
    options = [t for t in r.tips if t.id.startswith("option_")]
    assert all(t.method == COMPLETED_YEAR and "estimés" in t.text.say() for t in options)
    assert not [t for t in options if t.id in ("option_tempo", "option_ejp")]
    doc = r.to_json()
    assert [t["id"] for t in doc["tips"]] == [t.id for t in r.tips]
    for tip in r.tips:
        _figures_in_text(tip)


# --- one advice everywhere ------------------------------------------------------------------


def test_the_dashboard_the_report_and_the_json_show_the_same_tips(tmp_path):

    from streamlit.testing.v1 import AppTest

    import document
    from app import data
    from tests.conftest import ROOT

    report = analyse(
        data.demo_curve("maison_electrique"), settings=data.demo_settings("maison_electrique")
    )
    texts = [t.text.say() for t in report.tips]
    assert texts
    assert [t["text"] for t in report.to_json()["tips"]] == texts
    english = [t.text.say("en") for t in report.tips]
    assert [t["text"] for t in report.to_json("en")["tips"]] == english
    assert not [t for t in english if " les " in t or " jours " in t]
    # The report's page 1 states the tips as actions: each one drawn from a tip carries that
    # tip's own yearly figure.
    from_tips = {a.kind: a for a in map(document._tip_action, report.tips) if a is not None}
    chosen = [a for a in document.actions(report) if a.kind in from_tips]
    assert chosen
    assert all(a.eur_per_year == from_tips[a.kind].eur_per_year for a in chosen)
    assert "data-action" in document.render(report)
    app = AppTest.from_file(str(ROOT / "app" / "streamlit_app.py"), default_timeout=60)
    app.session_state["store_path"] = str(tmp_path / "store")
    app.run()
    app.switch_page("app_pages/economies.py").run()
    assert not app.exception
    shown = [m.value for m in app.markdown]
    assert [s for s in shown if s in texts] == texts
    lower = next(s for s in report.scenarios if s.id == "lower_kva")
    assert any(lower.text.say() in s for s in shown)
    assert report.power.about(lower.kva).say() in lower.text.say()


@pytest.mark.parametrize(
    ("option", "hp", "hc"),
    [("hphc", "energy_hp", "energy_hc"), ("tempo", "energy_bleu_hp", "energy_bleu_hc")],
)
def test_the_water_heater_tip_prices_the_hours_it_moves(curve_factory, option, hp, hc):
    # Two June days (blue Tempo days) with 300 W all day; the heater ran late on the first.
    p = _two_days(curve_factory, w=300.0)
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
    out = _tips(
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
    _figures_in_text(tip)


def test_the_absence_tip_prices_its_own_days_hours(curve_factory):
    p = _two_days(curve_factory)  # a flat 400 W: 8 of 24 hours off-peak
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
    out = _tips(anomalies=away, current=current, prepared=p, off_peak=off_peak, years=2 / 365.25)
    (tip,) = [t for t in out if t.id == "absence"]
    prices = tariffs.prices_at("hphc", 9)
    assert tip.kwh == pytest.approx(5.0)
    assert tip.eur == pytest.approx(5.0 * (16 * prices["energy_hp"] + 8 * prices["energy_hc"]) / 24)
    _figures_in_text(tip)


def test_the_heating_tip_prices_the_heating_hours(curve_factory):
    # A flat January week: its heating (gradient × degree-days) is spread over all hours.
    p = prepare(curve_factory("2024-01-08T00:00", [2000.0] * 48 * 7))
    current = tariffs.cost(p, "base", 9)
    heating = Heating(True, "degree-days", 3000.0, 2.0, 0.5)
    out = _tips(heating=heating, current=current, prepared=p, years=7 / 365.25)
    (tip,) = [t for t in out if t.id == "heating_setpoint"]
    hdd = float(
        degree_days()
        .filter(pl.col("day").is_between(dt.date(2024, 1, 8), dt.date(2024, 1, 14)))["hdd"]
        .sum()
    )
    assert tip.kwh == pytest.approx(0.07 * 2.0 * hdd)
    assert tip.eur == pytest.approx(tip.kwh * tariffs.prices_at("base", 9)["energy"])
    _figures_in_text(tip)


def test_a_cooling_rise_is_priced_over_its_days_with_no_freezer_advice(curve_factory):
    p = _two_days(curve_factory)
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
    out = _tips(anomalies=[cool], current=current, prepared=p, years=2 / 365.25)
    (tip,) = [t for t in out if t.id.startswith(("cooling", "appliance"))]
    assert tip.id == "cooling_2024-06-03"
    # What the rise used over its own two days, never a year of it.
    assert (tip.kwh_per_year, tip.eur_per_year) == (None, None)
    assert tip.kwh == pytest.approx(0.2 * 48)
    assert tip.eur == pytest.approx(0.2 * 48 * tariffs.prices_at("base", 9)["energy"])
    assert "congélateur" not in tip.text.say()
    assert "climatisation" in tip.text.say()
    _figures_in_text(tip)


@pytest.mark.real
@pytest.mark.parametrize("option", ["hphc", "base", "tempo"])
def test_a_tips_saving_is_the_curve_priced_again_with_the_change(option):
    # The saving is priced on the changed intervals alone (an interval's price does not
    # depend on its energy); it must equal the whole curve priced before and after.
    from analysis.tips import _change

    folder = real_export_dir("enedis_portal_csv")
    p = prepare(read_export(folder / "guiedf_conso_heure_2023-08-09_2024-07-25.csv").curve)
    hours = tariffs.OffPeak.parse("22:00-06:00")
    current = tariffs.cost(p, option, 9, off_peak=hours)
    evenings = pl.when(pl.col("hour") >= 18).then(0.1).otherwise(0.0)  # 0.1 kWh off each
    kwh, eur = _change(
        p,
        evenings,
        current=current,
        price_eur_per_kwh=0.0,
        off_peak=hours,
        tempo=None,
        prices="latest",
    )
    after = tariffs.cost(
        p.with_columns(kwh=pl.col("kwh") - pl.min_horizontal(evenings, "kwh")),
        option,
        9,
        off_peak=hours,
    )
    assert eur == pytest.approx(current.energy_eur - after.energy_eur, abs=1e-9)
    assert eur > 0
    assert kwh > 0
