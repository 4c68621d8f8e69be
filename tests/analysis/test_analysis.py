"""Habits, always-on load, power, anomalies and the report on tiny hand-made curves."""

import datetime as dt
import json
import subprocess
import sys

import polars as pl
import pytest

from analysis import anomalies, baseload, habits, power, reference_home
from analysis.anomalies.parts import _part
from analysis.curve import prepare
from analysis.reference import degree_days, read_temperature_file
from analysis.report import Settings, analyse
from ingest import Store, read_export
from sample_loadcurves.households import SHIPPED
from tests.conftest import ROOT, real_export_dir
from words import Said


def test_baseload_is_the_night_floor_with_cycling_appliances(curve_factory):
    # A fridge cycling 60/120 W over a 100 W floor, a water heater block, for 20 nights.
    night = [160.0, 220.0, 160.0, 220.0, 3000.0, 3000.0, 160.0, 220.0, 160.0, 220.0, 160.0, 220.0]
    day = [500.0] * 36
    curve = curve_factory("2024-07-01T00:00:00", (night + day) * 20)
    nightly = baseload.daily(prepare(curve))
    assert nightly["w"].unique().to_list() == [190.0]
    assert baseload.level(nightly) == 190.0
    assert baseload.kwh_per_year(100.0) == pytest.approx(876.6)


def test_totals_carry_the_year_before(curve_factory):
    a = curve_factory("2023-05-01T00:00:00", [1000.0] * 48)
    b = curve_factory("2024-05-01T00:00:00", [500.0] * 48)
    t = habits.totals(prepare(pl.concat([a, b])), "1mo")
    may24 = t.filter(pl.col("period") == dt.date(2024, 5, 1)).row(0, named=True)
    assert may24["kwh"] == pytest.approx(12.0)
    assert may24["kwh_year_before"] == pytest.approx(24.0)
    assert may24["coverage"] == pytest.approx(1 / 31)


@pytest.mark.real
def test_monthly_totals_of_a_real_curve_are_the_same_to_the_bit_on_every_run():
    # A month summed its days in the order a group_by happened to give them: the last bit
    # of its kWh changed from run to run (18 of 48 monthly frames of the real and sample
    # curves differed between two runs).
    name = "guiedf_conso_heure_2023-08-09_2024-07-25.csv"
    p = prepare(read_export(real_export_dir("enedis_portal_csv") / name).curve)
    first = habits.totals(p, "1mo")
    for _ in range(12):
        assert habits.totals(p, "1mo").equals(first)


def test_part_of_day_shares_sum_to_one(curve_factory):
    p = prepare(curve_factory("2024-05-01T00:00:00", [100.0] * 12 + [300.0] * 36))
    shares = habits.part_of_day_shares(p)
    assert sum(shares.values()) == pytest.approx(1.0)
    assert shares["night"] == pytest.approx(600 / (600 + 5400))


def test_typical_day_has_48_slots_with_a_band(curve_factory):
    p = prepare(curve_factory("2024-05-06T00:00:00", [float(i % 48) * 10 for i in range(48 * 5)]))
    t = habits.typical_days(p).filter(pl.col("day_type") == "weekday")
    assert t.height == 48
    assert t.filter(pl.col("slot") == 10)["median_w"].item() == 100.0


def test_load_duration_starts_at_the_maximum(curve_factory):
    p = prepare(curve_factory("2024-05-06T00:00:00", [100.0, 5000.0, 300.0] * 100))
    ld = habits.load_duration(p)
    assert ld["w"][0] == 5000.0
    assert ld["hours"][-1] == pytest.approx(150.0)


def _load_duration_by_full_sort(p: pl.DataFrame, points: int = 400) -> pl.DataFrame:
    """Every interval sorted with its minutes, then thinned: the definition."""
    o = p.select("w", "minutes").sort("w", descending=True).with_row_index("i")
    step, n = max(1, p.height // points), p.height
    o = o.with_columns(hours=pl.col("minutes").cum_sum() / 60)
    o = o.filter((pl.col("i") % step == 0) | (pl.col("i") == n - 1))
    return o.select(pl.col("hours").cast(pl.Float64), pl.col("w").cast(pl.Float64))


def test_load_duration_is_the_full_sort_thinned_with_one_step_and_with_two(curve_factory):
    watts = [float(100 + (i * 41) % 3000) for i in range(2000)]
    one = prepare(curve_factory("2024-05-06T00:00:00", watts))
    hourly = curve_factory("2024-05-06T00:00:00", watts[:500], minutes=60)
    halves = curve_factory("2024-05-26T20:00:00", watts[500:])
    for p in (one, prepare(pl.concat([hourly, halves]))):
        assert habits.load_duration(p).equals(_load_duration_by_full_sort(p))
        assert habits.load_duration(p, points=7).equals(_load_duration_by_full_sort(p, 7))


def test_power_advice_from_meter_peaks_and_from_the_curve():
    days = pl.date_range(dt.date(2023, 1, 1), dt.date(2023, 12, 31), eager=True)
    meter = pl.DataFrame({"day": days, "w": [3000.0] * len(days), "source": ["meter"] * len(days)})
    assert power.advise(meter, 9).verdict == "lower"
    assert power.advise(meter, 9).suggested_kva == 6
    curve = meter.with_columns(source=pl.lit("curve"), w=pl.lit(2000.0))
    assert power.advise(curve, 12).verdict == "possibly_oversized"
    assert power.advise(curve.with_columns(w=pl.lit(9500.0)), 9).verdict == "too_low"


def test_zero_days_and_unusual_days():
    days = pl.date_range(dt.date(2024, 3, 1), dt.date(2024, 4, 30), eager=True)
    kwh = [10.0 + (i % 3) for i in range(len(days))]
    kwh[20] = 0.0
    kwh[40] = 40.0
    frame = pl.DataFrame(
        {
            "day": days,
            "kwh": kwh,
            "coverage": [1.0] * len(days),
            "day_type": ["weekday"] * len(days),
            "season": ["spring"] * len(days),
        }
    )
    zeros = anomalies.zero_days(frame)
    assert [(z.kind, z.start) for z in zeros] == [("zero_day", days[20])]
    unusual = anomalies.unusual_days(frame, skip={days[20]})
    assert [(u.kind, u.start, round(u.size)) for u in unusual] == [("unusual_day", days[40], 29)]


def _days(first: dt.date, kwh: list[float]) -> pl.DataFrame:
    days = pl.date_range(first, first + dt.timedelta(days=len(kwh) - 1), eager=True)
    return pl.DataFrame(
        {
            "day": days,
            "kwh": kwh,
            "coverage": [1.0] * len(kwh),
            "day_type": ["weekday"] * len(kwh),
            "season": ["winter"] * len(kwh),
        }
    )


def test_a_cold_snap_is_not_unusual_but_a_spike_on_it_is():
    # Electric heating at 2 kWh per degree-day on the real 2024 French temperatures.
    hdd = degree_days().filter(pl.col("day").dt.year() == 2024).head(90)
    kwh = (8.0 + 2.0 * hdd["hdd"]).to_list()
    kwh[50] += 15.0
    frame = _days(dt.date(2024, 1, 1), kwh)
    # The temperature correction is always on: no need to say the home is heated.
    found = anomalies.unusual_days(frame, skip=set())
    assert [u.start for u in found] == [dt.date(2024, 2, 20)]
    assert found[0].size == pytest.approx(15.0, abs=0.5)


def test_a_busy_day_in_an_empty_second_home_is_compared_with_empty_days():
    kwh = [2.0 + 0.1 * (i % 3) for i in range(60)]
    kwh[30] = 20.0
    frame = _days(dt.date(2024, 5, 1), kwh)
    away = {d for i, d in enumerate(frame["day"]) if i != 30}
    found = anomalies.unusual_days(frame, skip=set(), away=away)
    assert [u.start for u in found] == [dt.date(2024, 5, 31)]


def test_heating_left_on_for_part_of_an_absence():
    # Away 1–10 June at the always-on load (100 W = 2.4 kWh/day), heating on 4–6 June.
    kwh = [12.0] * 5 + [2.4] * 3 + [9.0] * 3 + [2.4] * 4 + [12.0] * 5
    frame = _days(dt.date(2024, 5, 27), kwh)
    runs = [(dt.date(2024, 6, 1), dt.date(2024, 6, 10))]
    found = anomalies.absence_consumption(frame, runs, baseload_w=100.0)
    assert [(a.start, a.end) for a in found] == [(dt.date(2024, 6, 4), dt.date(2024, 6, 7))]
    assert found[0].size == pytest.approx(3 * (9.0 - 2.4))


def test_warm_nights_leave_out_shoulder_season_heating():
    t = degree_days().filter(pl.col("day").dt.year() == 2024)
    # 100 W always on, plus night heating of 60 W per degree below 19 °C (a home a little
    # colder than the French mean: its nights still heat on days the mean calls warm).
    nightly = t.select("day", w=100.0 + 60.0 * (19.0 - pl.col("tmean_c")).clip(0))
    at_base = nightly.filter(pl.col("day").is_in(t.filter(pl.col("hdd") == 0)["day"].implode()))
    assert at_base["w"].median() > 105  # the heating base alone would count heated nights
    assert baseload.level(nightly) == pytest.approx(100.0, abs=1)


def test_lasting_baseload_step():
    days = pl.date_range(dt.date(2024, 6, 1), dt.date(2024, 8, 31), eager=True)
    w = [100.0 + (5 if i % 2 else 0) for i in range(len(days))]
    w[40:60] = [x + 90 for x in w[40:60]]
    steps = anomalies.baseload_steps(pl.DataFrame({"day": days, "w": w}))
    assert [(s.kind, s.start, s.end) for s in steps] == [
        ("baseload_step", days[40], days[59] + dt.timedelta(days=1))
    ]
    assert steps[0].size == pytest.approx(90, abs=5)


def test_report_on_a_sample_household_has_the_json_keys():
    files = sorted((SHIPPED / "maison_electrique").glob("Enedis_*.csv"))
    from ingest import read_export

    report = analyse(
        read_export(files[0]).curve,
        settings=Settings(kva=12, option="hphc", off_peak="22:30-06:30"),
    )
    doc = report.to_json()
    for key in (
        "meter",
        "period",
        "energy_kwh",
        "baseload_w",
        "peak_w",
        "hc_share",
        "tariffs",
        "anomalies",
        "tips",
    ):
        assert key in doc
    assert {"option", "kva", "energy_eur", "subscription_eur", "total_eur"} <= set(
        doc["tariffs"][0]
    )
    assert {"kind", "start", "end", "size", "explanation"} <= set(doc["anomalies"][0])
    assert {"id", "kwh_per_year", "eur_per_year", "text"} <= set(doc["tips"][0])
    assert report.water_heater.found
    assert report.heating.found
    assert [t["eur_per_year"] for t in doc["tips"]] == sorted(
        (t["eur_per_year"] for t in doc["tips"]), reverse=True
    )
    json.dumps(doc)


def test_cli_json_and_errors(tmp_path):
    f = sorted((SHIPPED / "appartement_gaz").glob("Enedis_*.csv"))[0]
    out = subprocess.run(
        [sys.executable, "-m", "analysis", str(f), "--kva", "6", "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["meter"] == "99000000000001"
    bad = subprocess.run(
        [sys.executable, "-m", "analysis", str(f), "--hc", "nuit"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert bad.returncode == 1
    assert bad.stderr.startswith("error: expected off-peak hours")
    assert "Traceback" not in bad.stderr
    empty = subprocess.run(
        [sys.executable, "-m", "analysis", "--store", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert empty.returncode == 1
    assert empty.stderr.startswith("error: ")


def test_temperature_file_mean_or_min_max_decimal_comma():
    mean = read_temperature_file(b"date;Tmoy\n02/01/2024;3,5\n01/01/2024;-1,0\n")
    assert mean.rows() == [(dt.date(2024, 1, 1), -1.0), (dt.date(2024, 1, 2), 3.5)]
    minmax = read_temperature_file(b"day,tmin,tmax\n2024-01-01,-2,4\n")
    assert minmax["tmean_c"].to_list() == [1.0]
    with pytest.raises(ValueError, match="line 3: expected a date and a temperature"):
        read_temperature_file(b"date,t\n2024-01-01,1\n2024-01-02,cold\n")


def test_own_temperatures_replace_the_shipped_ones():
    own = pl.DataFrame({"day": [dt.date(2024, 1, 1)], "tmean_c": [20.0]})
    hdd = degree_days(own)
    assert hdd.filter(pl.col("day") == dt.date(2024, 1, 1))["hdd"].to_list() == [0.0]
    assert hdd.height == degree_days().height  # one day replaced, none added


def test_cli_uses_the_store_settings(tmp_path):
    store = Store(tmp_path / "s")
    store.add(read_export(sorted((SHIPPED / "appartement_gaz").glob("Enedis_*.csv"))[0]))
    store.save_settings({"kva": 6, "option": "hphc", "off_peak": "01:00-07:00"})
    out = subprocess.run(
        [sys.executable, "-m", "analysis", "--store", str(tmp_path / "s"), "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    settings = json.loads(out.stdout)["settings"]
    assert (settings["kva"], settings["option"], settings["off_peak"]) == (6, "hphc", "01:00-07:00")


def test_reference_home_is_scaled_to_the_household(curve_factory):
    # A flat 1 kW for the whole of 2024: the same energy as the reference, another shape.
    curve = curve_factory("2024-01-01T00:00", [1000.0] * (366 * 48))
    c = reference_home.compare(prepare(curve))
    assert c.kwh_per_year == pytest.approx(24 * 365.25)
    assert c.night_share == pytest.approx(6 / 24, abs=0.002)
    assert c.reference_night_share < c.night_share  # homes sleep at night
    assert c.reference_evening_share > 4 / 24  # and cook in the evening
    # The scaled reference has the household's energy over its year.
    days = pl.Series([31.0, 28.25, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
    assert float((c.monthly["reference_kwh_per_day"] * days).sum()) == pytest.approx(
        c.kwh_per_year, rel=1e-3
    )
    assert c.hourly["w"].to_list() == pytest.approx([1000.0] * 24)
    assert reference_home.res1()["share"].sum() == pytest.approx(1.0)


def test_a_rise_of_the_always_on_load_is_a_tip_only_while_it_lasts():
    from analysis.anomalies import Anomaly
    from analysis.power import PowerAdvice
    from analysis.tips import tips
    from analysis.usages import Heating, WaterHeater

    def step(end: dt.date) -> Anomaly:
        return Anomaly(
            "baseload_step",
            dt.date(2024, 9, 4),
            end,
            100.0,
            "W",
            Said("anomaly.text.baseload_step"),
        )

    common = {
        "baseload_w": 50.0,
        "price_eur_per_kwh": 0.2,
        "heating": Heating(False, "", 0.0, 0.0, 0.0),
        "heater": WaterHeater(False, 0.0, 0.0, 0.0, 0),
        "costs": [],
        "current": None,
        "power": PowerAdvice(9, 5000.0, "curve", 4000.0, "ok", 9, Said("power.text.no_data")),
        "years": 1.0,
        "last_day": dt.date(2024, 12, 31),
    }
    ended = tips(anomalies=[step(dt.date(2024, 9, 11))], **common)
    ongoing = tips(anomalies=[step(dt.date(2025, 1, 1))], **common)
    assert not [t for t in ended if t.id.startswith("appliance_")]
    (tip,) = [t for t in ongoing if t.id.startswith("appliance_")]
    assert tip.kwh_per_year == pytest.approx(100 * 8766 / 1000)


def test_parts_of_the_day_are_those_of_a_group_by_day_and_part_across_dst(curve_factory):
    curve = curve_factory("2024-10-26T00:00:00", [300.0 + i for i in range(48 + 50 + 48)])
    p = prepare(curve)
    want = (
        p.with_columns(part=_part())
        .group_by("day", "part")
        .agg(
            kwh=pl.col("kwh").sum(),
            coverage=pl.col("minutes").sum() / 360,
            day_type=pl.col("day_type").first(),
        )
        .sort("day", "part")
    )
    got = anomalies.day_parts(p)
    assert got.height == 12
    assert got.select("day", "part", "day_type").equals(want.select("day", "part", "day_type"))
    assert got["kwh"].to_list() == pytest.approx(want["kwh"].to_list(), rel=1e-12)
    assert got["coverage"].to_list() == pytest.approx(want["coverage"].to_list(), rel=1e-12)
    # The autumn night holds its repeated hour: 7 hours of the 6.
    assert got["coverage"][4] == pytest.approx(7 / 6)
