"""Absences (issue 15): far below the household's own days, not a cold spell; what they use."""

import datetime as dt

import pytest

from analysis import anomalies
from analysis.curve import daily, prepare
from ingest import read_export
from tests.analysis.anomalies_curves import EDF, home
from tests.conftest import real_export_dir


def test_a_cold_spell_day_is_not_an_absence(curve_factory):
    # Heated at 120 W per degree-day through the January 2024 cold spell (8-12 January).
    p = home(curve_factory, "2023-12-15", 60, heating_w_per_hdd=120.0)
    d = daily(p)
    assert anomalies.absences(d, anomalies.day_activity(p)) == []
    found = anomalies.unusual_days(d, skip=set())
    assert found == []
    # The same home away for 5 days, only its floor and the heating left on: found.
    flat = [200.0 + 900.0] * 48
    away = home(
        curve_factory,
        "2023-12-15",
        60,
        heating_w_per_hdd=120.0,
        **{str(i): flat for i in range(30, 35)},
    )
    runs = anomalies.absences(daily(away), anomalies.day_activity(away))
    assert runs == [(dt.date(2024, 1, 14), dt.date(2024, 1, 18))]


def test_an_absence_is_far_below_the_households_own_days_and_what_remains_is_priced(
    curve_factory,
):
    # Away 5 days with 800 W left on: quiet days, priced above the always-on load.
    flat = [200.0 + 800.0] * 48
    p = home(curve_factory, "2024-03-01", 40, **{str(i): flat for i in range(20, 25)})
    d = daily(p)
    runs = anomalies.absences(d, anomalies.day_activity(p))
    assert runs == [(dt.date(2024, 3, 21), dt.date(2024, 3, 25))]
    (a,) = anomalies.absence_consumption(d, runs, baseload_w=200.0)
    assert a.kind == "absence_consumption"
    assert a.size == pytest.approx(5 * 0.8 * 24)


@pytest.mark.real
def test_the_real_cold_spell_of_january_2023_is_neither_absence_nor_unusual():
    p = prepare(read_export(real_export_dir("enedis_portal_csv") / EDF).curve)
    d = daily(p)
    runs = anomalies.absences(d, anomalies.day_activity(p))
    spell = (dt.date(2023, 1, 17), dt.date(2023, 1, 26))
    assert not [r for r in runs if r[0] <= spell[1] and spell[0] <= r[1]]
    found = anomalies.unusual_days(d, skip=set())
    assert not [u for u in found if spell[0] <= u.start <= spell[1]]
