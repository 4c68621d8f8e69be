"""Temperatures: the user file shapes, and the days a period lacks."""

import datetime as dt
from pathlib import Path

import pytest

from analysis.reference import (
    days_without_temperature,
    read_temperature_file,
    temperature_coverage,
)

DATA = Path(__file__).parents[1] / "data" / "temperature"
D = dt.date


def means(frame):
    return {day: round(t, 6) for day, t in frame.select("day", "tmean_c").iter_rows()}


def test_odre_regional_file_has_a_bom_an_id_first_and_one_row_per_region():
    # dd/mm/yy dates, rows not sorted; the day's value is the mean of its regions' TMoy.
    got = read_temperature_file(DATA / "odre_temperature-quotidienne-regionale.csv")
    assert means(got) == {D(2025, 11, 28): (7 + 11 + 3) / 3, D(2025, 11, 29): (5 + 10 + 0) / 3}


def test_meteo_france_station_file_prefers_tntxm_and_skips_rain_gauges():
    # Montsouris gives TNTXM; Luxembourg only TN and TX; the rain gauge no temperature.
    got = read_temperature_file(DATA / "Q_75_latest-2025-2026_RR-T-Vent.csv")
    assert means(got) == {
        D(2026, 11, 30): (4.0 + (2.0 + 8.0) / 2) / 2,
        D(2026, 12, 1): (1.0 + (-1.0 + 5.0) / 2) / 2,
    }  # 2026-12-02 (rain only) is a missing day, not a zero


def test_plain_csv_with_decimal_commas_and_an_empty_day():
    got = read_temperature_file(DATA / "plain_date_tmoy.csv")
    assert means(got) == {D(2024, 1, 1): -1.0, D(2024, 1, 2): 3.5}


def test_a_word_where_a_temperature_should_be_names_its_line():
    with pytest.raises(ValueError, match="line 3: expected a date and a temperature"):
        read_temperature_file(b"date,t\n2024-01-01,1\n2024-01-02,cold\n")


def test_days_without_temperature_after_the_shipped_ones():
    missing = days_without_temperature(D(2025, 11, 27), D(2025, 12, 2))
    assert missing.to_list() == [D(2025, 11, d) for d in (30,)] + [D(2025, 12, d) for d in (1, 2)]
    own = read_temperature_file(b"date,tmoy\n2025-12-01,4.5\n")
    assert days_without_temperature(D(2025, 11, 27), D(2025, 12, 2), own).to_list() == [
        D(2025, 11, 30),
        D(2025, 12, 2),
    ]
    assert temperature_coverage(D(2025, 11, 27), D(2025, 12, 2), own) == {
        "covered_days": 4,
        "missing_days": 2,
        "last_known": "2025-12-01",
    }
