"""Tariff costs: formulas on tiny curves, and a real export priced by hand to the cent."""

import csv
import datetime as dt
from collections import defaultdict
from zoneinfo import ZoneInfo

import pytest

from analysis import tariffs
from analysis.curve import prepare
from analysis.tempo import read_tempo_file
from ingest import read_export
from tests.conftest import real_export_dir

PARIS = ZoneInfo("Europe/Paris")
FEB_2026_9KVA = {
    "base": {"energy": 0.1927, "subscription": 234.72},
    "hphc": {"energy_hp": 0.2065, "energy_hc": 0.1579, "subscription": 234.72},
    "tempo": {
        "subscription": 232.56,
        "BLEU": (0.1325, 0.1612),
        "BLANC": (0.1499, 0.1871),
        "ROUGE": (0.1575, 0.7060),
    },
}


def test_off_peak_parse_and_text():
    op = tariffs.OffPeak.parse("22:00-06:00; 2025-11-01: 23:00-05:00,12:00-14:00")
    assert op.text() == "22:00-06:00; 2025-11-01: 23:00-05:00,12:00-14:00"
    assert op.hours_per_day() == 8.0
    with pytest.raises(ValueError, match="expected off-peak hours"):
        tariffs.OffPeak.parse("22h-6h")


def test_off_peak_hours_change_on_their_date(curve_factory):
    # 12:00–12:30 is peak before the reform and off-peak after it.
    before = prepare(curve_factory("2025-10-31T12:00:00", [1000.0]))
    after = prepare(curve_factory("2025-11-03T12:00:00", [1000.0]))
    op = tariffs.OffPeak.parse("22:00-06:00; 2025-11-01: 23:00-05:00,12:00-14:00")
    assert tariffs.cost(before, "hphc", 6, off_peak=op).breakdown_kwh == {"energy_hp": 0.5}
    assert tariffs.cost(after, "hphc", 6, off_peak=op).breakdown_kwh == {"energy_hc": 0.5}


def test_tempo_day_runs_six_to_six(curve_factory):
    # 2024-01-09 was red, 2024-01-08 red too, 2024-01-07 (Sunday) blue.
    night = prepare(curve_factory("2024-01-08T03:00:00", [2000.0]))  # belongs to Jan 7: blue
    day = prepare(curve_factory("2024-01-08T10:00:00", [2000.0]))  # red HP
    assert tariffs.cost(night, "tempo", 6).breakdown_kwh == {"energy_bleu_hc": 1.0}
    assert tariffs.cost(day, "tempo", 6).breakdown_kwh == {"energy_rouge_hp": 1.0}


def test_dated_prices_follow_the_grid_in_force(curve_factory):
    march = prepare(curve_factory("2025-03-01T12:00:00", [2000.0]))  # 1 kWh
    september = prepare(curve_factory("2025-09-01T12:00:00", [2000.0]))
    assert tariffs.cost(march, "base", 6, prices="dated").energy_eur == pytest.approx(0.2016)
    assert tariffs.cost(september, "base", 6, prices="dated").energy_eur == pytest.approx(0.1952)
    assert tariffs.cost(september, "base", 6).energy_eur == pytest.approx(0.1940)  # latest


def test_subscription_prorated_by_days(curve_factory):
    two_days = prepare(curve_factory("2025-03-01T00:00:00", [100.0] * 96))
    c = tariffs.cost(two_days, "base", 6)
    assert c.subscription_eur == pytest.approx(187.80 * 2 / 365)


def test_option_not_offered_at_that_power(curve_factory):
    with pytest.raises(ValueError, match="not offered at 3 kVA"):
        tariffs.cost(prepare(curve_factory("2025-03-01T00:00:00", [1.0])), "hphc", 3)


def test_missing_tempo_colours_are_estimated_and_say_so(curve_factory):
    c = tariffs.cost(prepare(curve_factory("2030-03-01T12:00:00", [1.0])), "tempo", 6)
    assert c.estimated_days == 1
    assert any("couleurs estimées pour 1 jours (01/03/2030" in n for n in c.notes)


def test_user_tempo_file_extends_the_shipped_colours(curve_factory, tmp_path):
    f = tmp_path / "tempo.csv"
    f.write_text("date;couleur\n01/03/2030;rouge\n")
    user = read_tempo_file(f)
    c = tariffs.cost(
        prepare(curve_factory("2030-03-01T12:00:00", [2000.0])), "tempo", 6, tempo=user
    )
    assert c.breakdown_kwh == {"energy_rouge_hp": 1.0}
    f.write_text("date,colour\n2030-03-01,violet\n")
    with pytest.raises(ValueError, match="line 2: expected a date and BLEU"):
        read_tempo_file(f)


def test_break_even_share():
    # Feb 2026, 9 kVA: (0.2065 − 0.1927) / (0.2065 − 0.1579), equal subscriptions.
    assert tariffs.break_even_hc_share(9, 5000) == pytest.approx(0.0138 / 0.0486)


@pytest.mark.real
def test_real_export_priced_by_hand_to_the_cent():
    """Base, HP/HC (22:00–06:00) and Tempo on the real guiEDF curve, computed with csv and
    datetime only, at the Feb 2026 grid, 9 kVA."""
    path = real_export_dir("enedis_portal_csv") / "guiedf_conso_heure_2023-08-09_2024-07-25.csv"
    with (tariffs.DATA / "tempo_days.csv").open() as f:
        colours = {r["date"]: r["couleur"] for r in csv.DictReader(f)}
    with path.open(encoding="utf-8-sig") as f:
        rows = list(csv.reader(f, delimiter=";"))[3:]
    energy = defaultdict(float)
    days = set()
    previous = None
    for stamp, value in rows:
        end = dt.datetime.fromisoformat(stamp)
        step = (end - previous) if previous else dt.timedelta(minutes=30)
        previous = end
        start = (end - step).astimezone(PARIS)
        days.add(start.date())
        kwh = int(value) * step.total_seconds() / 3600 / 1000
        hc = start.hour >= 22 or start.hour < 6
        tempo_day = (start - dt.timedelta(hours=6)).date()
        energy["base"] += kwh * FEB_2026_9KVA["base"]["energy"]
        energy["hphc"] += kwh * FEB_2026_9KVA["hphc"]["energy_hc" if hc else "energy_hp"]
        hc_price, hp_price = FEB_2026_9KVA["tempo"][colours[tempo_day.isoformat()]]
        energy["tempo"] += kwh * (hc_price if hc else hp_price)
    prepared = prepare(read_export(path).curve)
    for option in ("base", "hphc", "tempo"):
        c = tariffs.cost(prepared, option, 9)
        subscription = FEB_2026_9KVA[option]["subscription"] * len(days) / 365
        assert round(c.energy_eur, 2) == round(energy[option], 2), option
        assert round(c.subscription_eur, 2) == round(subscription, 2), option
        assert round(c.total_eur, 2) == round(energy[option] + subscription, 2), option
