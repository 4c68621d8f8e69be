"""Each case of issue 15 pinned: anomalies that understand heating, cooling and habits."""

import datetime as dt

import numpy as np
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from analysis import anomalies, baseload
from analysis.anomalies import comparable_days
from analysis.anomalies.comparable_days import _row_median
from analysis.curve import daily, prepare
from analysis.reference import degree_days
from analysis.report import analyse
from ingest import read_export
from tests.conftest import real_export_dir
from words import Said

EDF = "edfcomparateur_consoexemple_2022-07_2023-07.csv"
GUIEDF = "guiedf_conso_heure_2023-08-09_2024-07-25.csv"
GUIEDF_2022 = "guiedf_conso_heure_2022-10-24_2024-07-25_mixed_step.csv"


def _home(curve_factory, first: str, days: int, *, heating_w_per_hdd: float = 0.0, **extra):
    """A home with a 200 W floor, a morning and an evening of activity every day, and
    electric heating spread evenly over the day on the real French temperatures.

    ``extra`` maps a day index to a list of 48 powers [W] that replace that day.
    """
    t = degree_days().filter(pl.col("day") >= dt.date.fromisoformat(first)).head(days)
    watts: list[float] = []
    for i, hdd in enumerate(t["hdd"].to_list()):
        heat = heating_w_per_hdd * hdd
        day = [200.0 + heat] * 48
        for s in (14, 15, 38, 39, 40, 41):  # 07:00-08:00 and 19:00-21:00
            day[s] += 1500.0 + 50.0 * (i % 3)
        watts += extra.get(str(i), day)
    return prepare(curve_factory(f"{first}T00:00:00", watts))


def test_a_cold_spell_day_is_not_an_absence(curve_factory):
    # Heated at 120 W per degree-day through the January 2024 cold spell (8-12 January).
    p = _home(curve_factory, "2023-12-15", 60, heating_w_per_hdd=120.0)
    d = daily(p)
    assert anomalies.absences(d, anomalies.day_activity(p)) == []
    found = anomalies.unusual_days(d, skip=set())
    assert found == []
    # The same home away for 5 days, only its floor and the heating left on: found.
    flat = [200.0 + 900.0] * 48
    away = _home(
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
    p = _home(curve_factory, "2024-03-01", 40, **{str(i): flat for i in range(20, 25)})
    d = daily(p)
    runs = anomalies.absences(d, anomalies.day_activity(p))
    assert runs == [(dt.date(2024, 3, 21), dt.date(2024, 3, 25))]
    (a,) = anomalies.absence_consumption(d, runs, baseload_w=200.0)
    assert a.kind == "absence_consumption"
    assert a.size == pytest.approx(5 * 0.8 * 24)


def test_a_one_day_anomaly_is_one_day():
    days = pl.date_range(dt.date(2024, 3, 1), dt.date(2024, 3, 10), eager=True)
    frame = pl.DataFrame(
        {"day": days, "kwh": [5.0] * 4 + [0.0] + [5.0] * 5, "coverage": [1.0] * 10}
    )
    (z,) = anomalies.zero_days(frame)
    assert (z.start, z.end, z.last, z.days) == (
        dt.date(2024, 3, 5),
        dt.date(2024, 3, 6),
        dt.date(2024, 3, 5),
        1,
    )
    assert z.period_text() == "05/03/2024"
    assert z.period_text("en") == "5 Mar 2024"
    assert z.as_dict()["last"] == "2024-03-05"
    three = anomalies.Anomaly(
        "gap", dt.date(2024, 3, 5), dt.date(2024, 3, 8), 48.0, "h", Said("anomaly.text.gap")
    )
    assert three.period_text() == "05/03/2024 → 07/03/2024"
    assert three.period_text("en") == "5 Mar 2024 → 7 Mar 2024"
    assert z.as_dict("en")["text"] == "The meter sent zero all day long: a metering or " + (
        "transmission fault, not a saving."
    )


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


def test_a_spike_evening_past_22h_is_judged_over_the_whole_day(curve_factory):
    # +15 kWh between 18:00 and 24:00 of one day of a heated winter.
    day = [200.0 + 2500.0] * 36 + [200.0 + 2500.0 + 2500.0] * 12
    p = _home(curve_factory, "2024-01-01", 60, heating_w_per_hdd=150.0, **{"30": day})
    found = anomalies.unusual_days(daily(p), skip=set(), parts=anomalies.day_parts(p))
    assert [(u.start, u.days) for u in found] == [(dt.date(2024, 1, 31), 1)]


def _charges_every_tenth_night() -> dict[str, list[float]]:
    """A 7 kW charge 22:00-04:00 every tenth night from day 5 (42 kWh each), as ``extra``."""
    charge = [200.0] * 44 + [7200.0] * 4
    after = [7200.0] * 8 + [200.0] * 40
    extra = {}
    for i in range(5, 90, 10):
        extra[str(i)], extra[str(i + 1)] = charge, after
    return extra


def test_a_night_charge_that_recurs_is_a_habit_not_an_unusual_day(curve_factory):
    # A 7 kW charge 22:00-04:00 every tenth night (42 kWh), and one daytime heater.
    extra = _charges_every_tenth_night()
    p = _home(curve_factory, "2024-04-01", 90, **extra)
    d = daily(p)
    habits = anomalies.habitual_blocks(p, floor_w=200.0)
    assert habits["kwh"].sum() == pytest.approx(9 * 42.0)  # 12 half-hours at 7 kW each
    assert anomalies.unusual_days(d, skip=set(), habits=habits) == []
    assert len(anomalies.unusual_days(d, skip=set())) >= 9  # without the habit: flagged


def test_a_day_missing_from_the_temperatures_takes_its_neighbours():
    frame = pl.DataFrame({"day": [dt.date(2023, 2, 27), dt.date(2023, 2, 28)]})
    t = anomalies.with_temperatures(frame)
    shipped = degree_days().filter(pl.col("day") == dt.date(2023, 2, 28))
    assert shipped.height == 0  # the shipped series lacks it
    assert t["hdd"][1] > 5  # a cold day, not 0 degree-days


def test_every_threshold_has_its_reason():
    import inspect

    source = inspect.getsource(anomalies.Thresholds)
    names = list(anomalies.THRESHOLDS.__dataclass_fields__)
    for name in names:
        after = source.split(f"    {name}:", 1)[1]
        assert after.split("\n", 1)[1].lstrip().startswith('"""'), name


@pytest.mark.real
def test_the_real_cold_spell_of_january_2023_is_neither_absence_nor_unusual():
    p = prepare(read_export(real_export_dir("enedis_portal_csv") / EDF).curve)
    d = daily(p)
    runs = anomalies.absences(d, anomalies.day_activity(p))
    spell = (dt.date(2023, 1, 17), dt.date(2023, 1, 26))
    assert not [r for r in runs if r[0] <= spell[1] and spell[0] <= r[1]]
    found = anomalies.unusual_days(d, skip=set())
    assert not [u for u in found if spell[0] <= u.start <= spell[1]]


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


def _days(first: dt.date, n: int, kwh: list[float]) -> pl.DataFrame:
    days = pl.date_range(first, first + dt.timedelta(days=n - 1), eager=True)
    return pl.DataFrame(
        {"day": days, "kwh": kwh, "coverage": [1.0] * n, "day_type": ["weekday"] * n}
    )


def test_a_habitual_block_explains_one_usual_session_not_any_energy():
    # 10 kWh a day, a 6 kWh evening block every fourth day (a habit, taken out), and one
    # evening of 20 kWh in a block: three times the usual block holds something else.
    first, n = dt.date(2024, 3, 1), 60
    kwh = [10.0 + (6.0 if i % 4 == 0 else 0.0) for i in range(n)]
    kwh[30] = 10.0 + 20.0  # day 30 is a block day too
    d = _days(first, n, kwh)
    habits = pl.DataFrame(
        {
            "day": [first + dt.timedelta(days=i) for i in range(0, n, 4)],
            "part": [3] * len(range(0, n, 4)),
            "kwh": [20.0 if i == 30 else 6.0 for i in range(0, n, 4)],
        },
        schema={"day": pl.Date, "part": pl.Int32, "kwh": pl.Float64},
    )
    found = anomalies.unusual_days(d, skip=set(), temperatures=None, habits=habits)
    assert [a.start for a in found] == [first + dt.timedelta(days=30)]
    # A usual session on that day instead is no anomaly.
    kwh[30] = 16.0
    habits = habits.with_columns(kwh=pl.lit(6.0))
    assert anomalies.unusual_days(_days(first, n, kwh), skip=set(), habits=habits) == []


def _parts(first: dt.date, parts: np.ndarray) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Days and their four parts from a (days × 4) matrix of part energies [kWh]."""
    n = parts.shape[0]
    days = [first + dt.timedelta(days=i) for i in range(n)]
    frame = pl.DataFrame(
        {
            "day": [d for d in days for _ in range(4)],
            "part": pl.Series([p for _ in days for p in range(4)], dtype=pl.Int32),
            "kwh": parts.ravel(),
            "coverage": [1.0] * (4 * n),
            "day_type": ["weekday"] * (4 * n),
        }
    )
    return _days(first, n, parts.sum(axis=1).tolist()), frame


def test_an_evening_like_no_other_is_found_in_a_home_whose_days_vary_a_lot():
    # A car charged 0-20 kWh on any night makes every day's total noisy (its robust
    # z-score stays under 2), while the evenings are steady: an evening 12 kWh above
    # them is extra for the day (the day is 12 kWh up too), and is found.
    rng = np.random.default_rng(7)
    first, n = dt.date(2024, 3, 1), 60
    parts = np.column_stack([rng.uniform(0, 20, n), *(3.3 + rng.normal(0, 0.1, (3, n)))])
    d, p = _parts(first, parts)
    whole = anomalies.comparable(d, temperatures=None)
    assert (whole["score"].drop_nulls().abs() < 2).all()  # the days say nothing
    extra = parts.copy()
    day = int(np.argmin(np.abs(parts.sum(axis=1) - np.median(parts.sum(axis=1)))[20:40])) + 20
    extra[day, 3] += 12.0
    d, p = _parts(first, extra)
    day_z = anomalies.comparable(d, temperatures=None).filter(
        pl.col("day") == first + dt.timedelta(days=day)
    )["score"][0]
    assert day_z < anomalies.THRESHOLDS.part_day_z
    found = anomalies.unusual_days(d, skip=set(), temperatures=None, parts=p)
    assert [a.start for a in found] == [first + dt.timedelta(days=day)]
    # An evening only 5 kWh up (its z-score between 4.5 and 9) in such a home is a busy
    # day, not flagged on its own.
    extra[day, 3] = parts[day, 3] + 5.0
    d, p = _parts(first, extra)
    assert anomalies.unusual_days(d, skip=set(), temperatures=None, parts=p) == []


def test_a_block_on_every_night_is_in_the_comparable_days_and_explains_no_evening():
    # An electric home heats 7 kWh every night (a habitual block on every day): an
    # evening 9 kWh up is not explained by that night's usual heating, which every
    # comparable day holds too.
    first, n = dt.date(2024, 1, 1), 60
    parts = np.tile([7.0 + 2.0, 4.0, 4.0, 5.0], (n, 1))
    parts[30, 3] += 9.0
    d, p = _parts(first, parts)
    habits = pl.DataFrame(
        {
            "day": [first + dt.timedelta(days=i) for i in range(n)],
            "part": pl.Series([0] * n, dtype=pl.Int32),
            "kwh": [7.0] * n,
        }
    )
    found = anomalies.unusual_days(d, skip=set(), temperatures=None, parts=p, habits=habits)
    assert [(a.start, round(a.size, 1)) for a in found] == [(first + dt.timedelta(days=30), 9.0)]


def test_an_uneven_evening_is_no_habitual_charge(curve_factory):
    # The recurring 7 kW charges of the test above, and one evening of 3-6 kW changing
    # every half-hour from 20:00 (guests, a heater switched on and off): no charge, so
    # the habit does not explain it away.
    extra = _charges_every_tenth_night()
    uneven = [3000.0, 5500.0, 3200.0, 6000.0, 3500.0, 5800.0, 3100.0, 5600.0]
    extra["48"] = [200.0] * 40 + [200.0 + w for w in uneven]
    p = _home(curve_factory, "2024-04-01", 90, **extra)
    habits = anomalies.habitual_blocks(p, floor_w=200.0)
    evening = dt.date(2024, 4, 1) + dt.timedelta(days=48)
    assert habits["kwh"].sum() == pytest.approx(9 * 42.0)  # the charges, not the evening
    found = anomalies.unusual_days(daily(p), skip=set(), habits=habits)
    assert [u.start for u in found] == [evening]


def test_one_day_above_the_days_around_it_is_unusual_a_week_of_them_is_the_households_week():
    first, n = dt.date(2024, 6, 3), 70
    one = [10.0] * n
    one[35] = 18.0
    assert [a.start for a in anomalies.unusual_days(_days(first, n, one), skip=set())] == [
        first + dt.timedelta(days=35)
    ]
    week = [18.0 if 32 <= i < 39 else 10.0 for i in range(n)]
    assert anomalies.unusual_days(_days(first, n, week), skip=set()) == []


@pytest.mark.real
def test_a_heated_day_like_the_days_around_it_is_not_unusual():
    # guiEDF, December 2022: 9 December (46.4 kWh, the days around it 30-49) and
    # 23 December (23.3 kWh, the days around it 20-25) sit above the heating line of
    # their comparable days, but not above the week they are in.
    folder = real_export_dir("enedis_portal_csv")
    curve = read_export(folder / GUIEDF_2022).curve
    december = [
        a
        for a in analyse(curve).anomalies
        if a.kind == "unusual_day" and a.start.year == 2022 and a.start.month == 12
    ]
    assert december == []


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


def test_row_medians_are_numpys_nanmedian_bit_for_bit():
    rng = np.random.default_rng(3)
    for width in (1, 2, 7, 84):
        m = rng.normal(size=(200, width))
        m[rng.random(m.shape) < 0.4] = np.nan
        m[0] = np.nan  # a row with no value at all
        with np.errstate(invalid="ignore"), pytest.warns(RuntimeWarning):
            expected = np.nanmedian(m, axis=1)
        np.testing.assert_array_equal(_row_median(m), expected)


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


@pytest.mark.real
def test_the_parts_of_the_day_compared_in_one_pass_are_each_part_compared_alone():
    folder = real_export_dir("enedis_portal_csv")
    parts = anomalies.day_parts(prepare(read_export(folder / GUIEDF).curve))
    together = anomalies.comparable(parts, by="part")
    for part in range(4):
        alone = anomalies.comparable(parts.filter(pl.col("part") == part))
        assert_frame_equal(
            together.filter(pl.col("part") == part), alone, check_exact=True, check_row_order=True
        )


def test_a_day_beyond_the_temperatures_takes_its_calendar_days_normal():
    # The shipped series ends in late November 2025: a summer of 2026 is compared at
    # summer's normal, not at the cold of the last known day.
    from analysis.reference import normals, temperatures

    last = temperatures()["day"].max()
    days = pl.DataFrame({"day": [last, dt.date(2026, 7, 14), dt.date(2026, 12, 1)]})
    got = anomalies.with_temperatures(days)
    july = normals().filter((pl.col("month") == 7) & (pl.col("dom") == 14))["normal_c"][0]
    assert got["tmean_c"][1] == pytest.approx(july)
    assert got["hdd"][1] < got["hdd"][0]  # a July day heats less than late November
    assert got["tmean_c"][0] == temperatures()["tmean_c"][-1]


@pytest.mark.real
def test_parts_past_one_pass_are_compared_part_by_part_with_the_same_figures(monkeypatch):
    folder = real_export_dir("enedis_portal_csv")
    parts = anomalies.day_parts(prepare(read_export(folder / GUIEDF).curve))
    together = anomalies.comparable(parts, by="part")
    monkeypatch.setattr(comparable_days, "ONE_PASS_ROWS", 10)
    assert_frame_equal(anomalies.comparable(parts, by="part"), together, check_exact=True)
