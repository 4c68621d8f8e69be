"""The contract tips: offers a household can take, an option beyond its error, the power."""

import polars as pl
import pytest

from analysis import tariffs
from analysis.power import PowerAdvice
from analysis.report import Settings, analyse
from analysis.scenarios import ERROR_EUR_PER_FILLED_MONTH
from analysis.tips import COMPLETED_YEAR, takeable
from ingest import read_export
from tests.analysis.tips_cases import cost, figures_in_text, tips_with, year_of
from tests.conftest import real_export_dir
from words import Said, euros

# --- offers a household can take ------------------------------------------------------------


def test_ejp_is_never_advised_to_a_household_not_on_it():
    year = year_of({"base": 1000.0, "hphc": 990.0, "tempo": 970.0, "ejp": 800.0})
    for option in ("base", "hphc", "tempo"):
        current = cost(option, year.eur[option])
        out = tips_with(current=current, costs=[current], year=year)
        assert not [t for t in out if t.id == "option_ejp"], option
        assert not takeable("ejp", 9, option)
    # Base's household is told of Tempo, the cheapest it can take.
    current = cost("base", 1000.0)
    (tip,) = [t for t in tips_with(current=current, costs=[current], year=year) if "option" in t.id]
    assert tip.id == "option_tempo"
    assert tip.eur_per_year == pytest.approx(30.0)


def test_an_ejp_household_keeps_ejp_and_is_told_of_a_cheaper_open_option():
    assert takeable("ejp", 9, "ejp")
    year = year_of({"base": 1000.0, "hphc": 990.0, "tempo": 970.0, "ejp": 1100.0})
    current = cost("ejp", 1100.0)
    (tip,) = [t for t in tips_with(current=current, costs=[current], year=year) if "option" in t.id]
    assert tip.id == "option_tempo"


def test_base_at_18_kva_is_not_offered_to_a_household_on_another_option():
    year = year_of({"base": 900.0, "hphc": 1000.0, "tempo": 1050.0})
    current = cost("hphc", 1000.0, kva=18)
    assert not [
        t for t in tips_with(current=current, costs=[current], year=year) if "option" in t.id
    ]
    assert takeable("base", 18, "base")
    assert takeable("base", 12, "hphc")


def test_no_option_saving_without_a_year():
    # Measured over the curve, Tempo is far cheaper; without a year (too few days, or no
    # winter) there is no yearly figure, hence no option tip.
    current = cost("base", 1000.0)
    costs = [current, cost("tempo", 700.0)]
    assert not [t for t in tips_with(current=current, costs=costs, year=None) if "option" in t.id]


def test_a_completed_year_advises_only_beyond_its_error():
    current = cost("base", 1000.0)
    small = year_of({"base": 1000.0, "tempo": 940.0}, filled=90)  # error 25 × 90 / 30.4 ≈ 74 €
    assert small.error_eur == pytest.approx(ERROR_EUR_PER_FILLED_MONTH * 90 / (365 / 12))
    assert not [
        t for t in tips_with(current=current, costs=[current], year=small) if "option" in t.id
    ]
    big = year_of({"base": 1000.0, "tempo": 900.0}, filled=90)
    (tip,) = [t for t in tips_with(current=current, costs=[current], year=big) if "option" in t.id]
    assert tip.method == COMPLETED_YEAR
    assert "90 jours sans mesure estimés : m" in tip.text.say()
    assert f"à {euros(big.error_eur)} près" in tip.text.say()


def test_the_kva_tip_follows_the_power_verdict():
    current = cost("base", 1000.0)
    lower = PowerAdvice(9, 3000.0, "meter", 6000.0, "lower", 6, Said("power.text.no_data"))
    (tip,) = [t for t in tips_with(power=lower, current=current) if t.id == "kva"]
    sub = tariffs.prices_at("base", 9)["subscription"]
    sub -= tariffs.prices_at("base", 6)["subscription"]
    assert tip.eur_per_year == pytest.approx(sub)
    assert lower.about(6).say() in tip.text.say()
    unsure = PowerAdvice(9, 4000.0, "curve", 5000.0, "inconclusive", 9, Said("power.text.no_data"))
    assert not [t for t in tips_with(power=unsure, current=current) if t.id == "kva"]


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
        figures_in_text(tip)
