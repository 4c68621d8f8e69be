"""Rises of the always-on load (issue 15): an appliance, not the heating; cooling named."""

import datetime as dt

import numpy as np
import polars as pl
import pytest

from analysis import anomalies, baseload
from analysis.curve import prepare
from analysis.reference import degree_days
from analysis.report import analyse
from ingest import read_export
from tests.analysis.anomalies_curves import EDF, GUIEDF, GUIEDF_2022
from tests.conftest import real_export_dir


def _nightly(first: dt.date, last: dt.date, w: pl.Expr) -> pl.DataFrame:
    t = degree_days().filter(pl.col("day").is_between(first, last))
    return t.select("day", w=w)


def test_a_night_rise_in_a_heat_wave_is_named_cooling():
    # 300 W more on the hot days of summer 2023 (French mean ≥ 23 °C): the heat waves of
    # 17-24 August and 4-10 September; a 4-day July spell is too short for a step.
    hot = pl.col("tmean_c") >= 23
    nightly = _nightly(
        dt.date(2023, 6, 1), dt.date(2023, 9, 30), 200.0 + pl.when(hot).then(300.0).otherwise(0.0)
    )
    steps = anomalies.baseload_steps(nightly)
    assert steps
    assert {s.cause for s in steps} == {"cooling"}
    assert all("climatisation" in s.explanation.say("fr") for s in steps)
    assert all("air conditioning" in s.explanation.say("en") for s in steps)
    # Two heat waves eleven days apart are one hot season: one cooling rise, sized over
    # its whole span (8 + 7 nights at +300 W over 25 days).
    assert [(s.start, s.days) for s in steps] == [(dt.date(2023, 8, 17), 25)]
    assert steps[0].size == pytest.approx(300.0 * 15 / 25, rel=0.05)
    # The same rise in a cool spring is an appliance, not cooling.
    spring = _nightly(dt.date(2024, 3, 1), dt.date(2024, 6, 15), pl.lit(200.0))
    spring = spring.with_columns(
        w=pl.when(pl.col("day").is_between(dt.date(2024, 4, 10), dt.date(2024, 5, 9)))
        .then(pl.col("w") + 300.0)
        .otherwise("w")
    )
    (step,) = anomalies.baseload_steps(spring)
    assert (step.cause, step.start) == ("", dt.date(2024, 4, 10))


def test_a_step_in_a_heated_winter_is_found():
    # A floor heated at 60 W per degree-day with ±40 W of noise, +120 W for 30 days.
    rng = np.random.default_rng(3)
    nightly = _nightly(dt.date(2023, 9, 1), dt.date(2024, 4, 30), 250.0 + 60.0 * pl.col("hdd"))
    nightly = nightly.with_columns(pl.col("w") + pl.Series(rng.uniform(-40, 40, nightly.height)))
    assert anomalies.baseload_steps(nightly) == []  # the heating season is no step
    stepped = nightly.with_columns(
        w=pl.when(pl.col("day").is_between(dt.date(2023, 12, 10), dt.date(2024, 1, 8)))
        .then(pl.col("w") + 120.0)
        .otherwise("w")
    )
    (step,) = anomalies.baseload_steps(stepped)
    assert abs((step.start - dt.date(2023, 12, 10)).days) <= 3
    assert step.size == pytest.approx(120.0, abs=30)


@pytest.mark.real
def test_a_step_injected_in_a_real_heated_winter_is_found():
    p = prepare(read_export(real_export_dir("enedis_portal_csv") / GUIEDF).curve)
    floors = baseload.daily(p, span="day")
    winter = pl.col("day").is_between(dt.date(2023, 11, 10), dt.date(2023, 12, 9))
    before = dt.date(2024, 1, 1)
    assert not [s for s in anomalies.baseload_steps(floors) if s.start < before]
    stepped = floors.with_columns(w=pl.when(winter).then(pl.col("w") + 130.0).otherwise("w"))
    found = [s for s in anomalies.baseload_steps(stepped) if s.start < before]
    assert len(found) == 1
    assert abs((found[0].start - dt.date(2023, 11, 10)).days) <= 3
    assert found[0].days >= 20
    assert found[0].cause == ""


@pytest.mark.real
def test_the_real_air_conditioned_summer_gets_no_freezer_advice():
    # solarcalculet's R63 home cools: its night floor rises in the heat waves of June-July
    # and August 2023. Every rise of that summer is named cooling, and the June heat waves
    # are one rise, not one per wave.
    folder = real_export_dir("enedis_r63_csv")
    report = analyse(read_export(folder / "solarcalculet_r63_cdc_lines0001-11500.csv").curve)
    steps = [a for a in report.anomalies if a.kind == "baseload_step"]
    summer = [s for s in steps if 6 <= s.start.month <= 9]
    assert summer
    assert {s.cause for s in summer} == {"cooling"}
    june = [s for s in summer if s.start.month == 6]
    assert len(june) == 1
    assert june[0].last >= dt.date(2023, 7, 10)
    assert not [t for t in report.tips if t.id.startswith("appliance")]


def test_a_step_in_a_solar_home_is_found_on_its_nights(curve_factory):
    # Panels cover the home from 10:00 to 16:00 (imports 0): the day's floor is the sun's.
    # A freezer adds 150 W day and night for 30 days from 6 July; at noon the sun covers
    # it. (Warm nights: on cool ones part of a step is still taken for heating.)
    watts: list[float] = []
    for i in range(120):  # 1 May - 28 August 2024
        extra = 150.0 if 66 <= i < 96 else 0.0
        day = [250.0 + extra] * 48
        for s in range(20, 32):
            day[s] = 0.0
        for s in (14, 15, 38, 39, 40):
            day[s] += 1500.0
        watts += day
    report = analyse(curve_factory("2024-05-01T00:00:00", watts))
    assert report.solar.found
    (step,) = [a for a in report.anomalies if a.kind == "baseload_step"]
    assert abs((step.start - dt.date(2024, 7, 6)).days) <= 2
    assert step.size == pytest.approx(150.0, abs=15)


def test_the_first_nights_of_a_curve_are_no_rise():
    # A heated home whose curve starts on 1 January: its first cold nights have no
    # weeks before them to rise from.
    rng = np.random.default_rng(5)
    nightly = _nightly(dt.date(2024, 1, 1), dt.date(2024, 6, 30), 250.0 + 60.0 * pl.col("hdd"))
    nightly = nightly.with_columns(pl.col("w") + pl.Series(rng.uniform(-40, 40, nightly.height)))
    assert [s for s in anomalies.baseload_steps(nightly) if s.start < dt.date(2024, 1, 15)] == []


def _real_floors_stepped(name: str, start: dt.date, *, days: int, w: float) -> pl.DataFrame:
    """The day floors of a real portal export, ``w`` [W] higher for ``days`` from ``start``."""
    p = prepare(read_export(real_export_dir("enedis_portal_csv") / name).curve)
    floors = baseload.daily(p, span="day")
    step = pl.col("day").is_between(start, start + dt.timedelta(days=days - 1))
    return floors.with_columns(w=pl.when(step).then(pl.col("w") + w).otherwise("w"))


@pytest.mark.real
def test_a_spring_step_the_temperature_line_takes_for_heating_is_found():
    # guiEDF, May 2024: nights of 12-16 °C, which the floor's temperature line (learnt on
    # the heated autumn) reads as heating. A freezer adds 145 W for 30 days from 9 May
    # on a floor steady at 240-250 W: the floor itself shows the step, in weeks no
    # colder than the ones before.
    start = dt.date(2024, 5, 9)
    stepped = _real_floors_stepped(GUIEDF, start, days=30, w=145.0)
    found = [s for s in anomalies.baseload_steps(stepped) if s.start.month in (4, 5, 6)]
    assert [s.cause for s in found] == [""]
    assert abs((found[0].start - start).days) <= 3
    assert found[0].size == pytest.approx(145.0, abs=30)


def _one_step_near(found: list[anomalies.Anomaly], start: dt.date, *, w: float) -> None:
    """One step found, starting within three days of ``start``, of ``w`` ± 40 W."""
    assert len(found) == 1
    assert abs((found[0].start - start).days) <= 3
    assert found[0].size == pytest.approx(w, abs=40)


@pytest.mark.real
def test_a_step_in_a_spring_a_little_colder_than_its_march_is_found():
    # edfcomparateur, April 2023: still heated, and on average 0.3 °C colder than the
    # March before it. A freezer adds 120 W for 33 days from 31 March. The floor itself
    # shows the rise; a fraction of a degree explains some 10 W of heating, not 120.
    start = dt.date(2023, 3, 31)
    stepped = _real_floors_stepped(EDF, start, days=33, w=120.0)
    found = [s for s in anomalies.baseload_steps(stepped) if s.start.month in (3, 4)]
    _one_step_near(found, start, w=120.0)


@pytest.mark.real
def test_a_winter_step_is_judged_against_the_nights_that_are_not_hot():
    # guiEDF 2022-24: its floor's residual after heating has a median of 267 W over the
    # whole file, 258 W on the nights that are not hot (its fridge draws more in summer).
    # A freezer adds 116 W for 30 days from 11 December 2023: measured against the usual
    # level of the nights that are not hot, it is found.
    start = dt.date(2023, 12, 11)
    stepped = _real_floors_stepped(GUIEDF_2022, start, days=30, w=116.0)
    found = [
        s for s in anomalies.baseload_steps(stepped) if s.start.year == 2023 and s.start.month == 12
    ]
    _one_step_near(found, start, w=116.0)


@pytest.mark.real
def test_a_step_in_a_heated_late_winter_lasts_until_the_floor_is_nearer_its_old_level():
    # edfcomparateur, late winter 2023: still heated, its nights vary by about 100 W. A
    # freezer adds 110 W for 34 days from 20 February. The rise is held until the floor
    # comes back nearer its old level than its new one: held only while it cleared the
    # bar it rose over, it lasted less than the two weeks a heated rise must (none found).
    start = dt.date(2023, 2, 20)
    stepped = _real_floors_stepped(EDF, start, days=34, w=110.0)
    found = anomalies.baseload_steps(stepped)
    assert len(found) == 1  # the January 2023 cold spell before it is no step
    assert abs((found[0].start - start).days) <= 3
    assert found[0].days >= 14
    assert found[0].size == pytest.approx(110.0, abs=40)
