"""The kVA advice: one verdict, and every sentence about a lower power follows it."""

import datetime as dt

import polars as pl
import pytest

from analysis import power
from analysis.report import Settings, analyse
from ingest import read_export
from tests.conftest import real_export_dir

YEAR = pl.date_range(dt.date(2023, 1, 1), dt.date(2023, 12, 31), eager=True)


def _peaks(w: float, source: str, days: pl.Series = YEAR) -> pl.DataFrame:
    return pl.DataFrame({"day": days, "w": [w] * len(days), "source": [source] * len(days)})


def test_a_year_of_meter_peaks_well_under_the_lower_level_allows_it():
    advice = power.advise(_peaks(3000.0, "meter"), 9)
    assert (advice.verdict, advice.suggested_kva) == ("lower", 6)
    assert advice.allows(6)
    assert not advice.allows(3)  # only down to the suggested level
    assert advice.about(6).say().startswith("Conseillé")
    assert advice.about(3).say() == "Déconseillé : 6 kVA suffirait, pas moins."
    assert advice.about(3).say("en") == "Not advised: 6 kVA would do, not less."


def test_a_year_of_meter_peaks_close_to_the_lower_level_keeps_the_power():
    # 5.5 kVA is above 85 % of 6 kVA: twelve months of meter peaks say keep 9, not "inconclusive".
    advice = power.advise(_peaks(5500.0, "meter"), 9)
    assert advice.verdict == "keep"
    assert not advice.allows(6)


def test_a_few_months_of_meter_peaks_are_not_enough_to_lower():
    spring = pl.date_range(dt.date(2023, 4, 1), dt.date(2023, 6, 30), eager=True)
    advice = power.advise(_peaks(3000.0, "meter", spring), 9)
    assert advice.verdict == "inconclusive"
    assert not advice.allows(6)
    assert advice.about(6).say().startswith("Pas conseillé en l'état")


@pytest.mark.parametrize(
    ("w", "verdict"),
    [(2000.0, "possibly_oversized"), (4000.0, "inconclusive"), (6500.0, "keep")],
)
def test_a_30_min_curve_never_allows_a_lower_power(w, verdict):
    advice = power.advise(_peaks(w, "curve"), 9)
    assert advice.verdict == verdict
    assert not advice.allows(6)
    assert "Conseillé" not in advice.about(6).say()


@pytest.mark.real
def test_the_report_says_one_thing_about_the_lower_power_on_a_real_curve():
    folder = real_export_dir("enedis_portal_csv")
    curve = read_export(folder / "edfcomparateur_consoexemple_2022-07_2023-07.csv").curve
    r = analyse(curve, settings=Settings(kva=9, option="base"))
    assert r.power.verdict == "inconclusive"
    (lower,) = [s for s in r.scenarios if s.id == "lower_kva"]
    assert not lower.advised
    assert r.power.about(lower.kva).say() in lower.text.say()
    assert "tient" not in lower.text.say()
    assert not [t for t in r.tips if t.id == "kva"]
    doc = r.to_json()
    (json_lower,) = [s for s in doc["scenarios"] if s["id"] == "lower_kva"]
    assert json_lower["text"] == lower.text.say()
    assert doc["power"]["verdict"] == "inconclusive"
