"""Tariff costs: formulas on tiny curves, and real exports priced by hand to the cent."""

import csv
import datetime as dt
from collections import defaultdict

import numpy as np
import polars as pl
import pytest

from analysis import tariffs
from analysis.curve import prepare
from analysis.tariffs import costs
from analysis.tempo import read_tempo_file
from ingest import read_export
from tests.analysis.tariffs_today import PARIS, TODAY
from tests.conftest import real_export_dir

AUG_2026_9KVA = {
    "base": {"energy": 0.1985, "subscription": 238.56},
    "hphc": {"energy_hp": 0.2142, "energy_hc": 0.1589, "subscription": 238.56},
    "tempo": {
        "subscription": 236.40,
        "BLEU": (0.1356, 0.1654),
        "BLANC": (0.1536, 0.1921),
        "ROUGE": (0.1615, 0.7295),
    },
}
"""The EDF grid in force since 2026-08-01 at 9 kVA, as field-2026.md gives it."""
AUG_2023_9KVA = {
    "base": {"energy": 0.2276, "subscription": 15.63 * 12},
    "hphc": {"energy_hp": 0.2460, "energy_hc": 0.1828, "subscription": 16.55 * 12},
    "tempo": {
        "subscription": 16.00 * 12,
        "BLEU": (0.1056, 0.1369),
        "BLANC": (0.1246, 0.1654),
        "ROUGE": (0.1328, 0.7324),
    },
}
"""2023-08-01 → 2024-01-31, 9 kVA (EDF's grid, monthly subscriptions × 12)."""
FEB_2024_9KVA = {
    "base": {"energy": 0.2516, "subscription": 15.79 * 12},
    "hphc": {"energy_hp": 0.2700, "energy_hc": 0.2068, "subscription": 16.70 * 12},
    "tempo": {
        "subscription": 16.16 * 12,
        "BLEU": (0.1296, 0.1609),
        "BLANC": (0.1486, 0.1894),
        "ROUGE": (0.1568, 0.7562),
    },
}
"""2024-02-01 → 2024-10-31, 9 kVA."""
GUIEDF = "guiedf_conso_heure_2023-08-09_2024-07-25.csv"


@pytest.mark.parametrize("prices", ["latest", "dated"])
def test_an_empty_curve_costs_nothing(curve_factory, prices):
    empty = prepare(curve_factory("2025-03-01T00:00:00", [1.0])).clear()
    c = tariffs.cost(empty, "base", 6, prices=prices, today=TODAY)
    assert (c.energy_eur, c.subscription_eur, c.kwh) == (0.0, 0.0, 0.0)


@pytest.mark.parametrize("option", ["base", "hphc", "tempo", "ejp"])
def test_an_empty_curve_costs_nothing_under_each_option(curve_factory, option):
    empty = prepare(curve_factory("2025-03-01T00:00:00", [1.0])).clear()
    c = tariffs.cost(empty, option, 9, today=TODAY)
    assert (c.energy_eur, c.subscription_eur, c.kwh, c.estimated_days) == (0.0, 0.0, 0.0, 0)


def test_a_tempo_calendar_lacking_a_day_of_the_curve_is_refused_not_priced_on_its_neighbour(
    curve_factory, monkeypatch
):
    # Two days, 2024-01-08 (red) and 2024-01-09 (red), the calendar lacking the second.
    curve = prepare(curve_factory("2024-01-08T10:00:00", [2000.0] * 48))
    complete = costs.tempo_days.calendar

    def lacking(user, *, first, last):
        return complete(user, first=first, last=last).filter(pl.col("day") != last)

    monkeypatch.setattr(costs.tempo_days, "calendar", lacking)
    with pytest.raises(ValueError, match="no Tempo colour for some days under tempo"):
        tariffs.cost(curve, "tempo", 9)


def test_option_not_offered_at_that_power(curve_factory):
    with pytest.raises(ValueError, match="not offered at 3 kVA"):
        tariffs.cost(prepare(curve_factory("2025-03-01T00:00:00", [1.0])), "hphc", 3)


def test_tempo_day_runs_six_to_six(curve_factory):
    # 2024-01-09 was red, 2024-01-08 red too, 2024-01-07 (Sunday) blue.
    night = prepare(curve_factory("2024-01-08T03:00:00", [2000.0]))  # belongs to Jan 7: blue
    day = prepare(curve_factory("2024-01-08T10:00:00", [2000.0]))  # red HP
    assert tariffs.cost(night, "tempo", 6).breakdown_kwh == {"energy_bleu_hc": 1.0}
    assert tariffs.cost(day, "tempo", 6).breakdown_kwh == {"energy_rouge_hp": 1.0}


def test_missing_tempo_colours_are_estimated_and_say_so(curve_factory):
    c = tariffs.cost(prepare(curve_factory("2030-03-01T12:00:00", [1.0])), "tempo", 6)
    assert c.estimated_days == 1
    assert any("couleurs estimées pour 1 jours (01/03/2030" in n.say() for n in c.notes)


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
    assert tariffs.prices_at("base", 9, when=dt.date(2026, 3, 1))["energy"] == 0.1927
    assert tariffs.break_even_hc_share(9, 5000) == pytest.approx(
        (0.2142 - 0.1985) / (0.2142 - 0.1589)
    )


# --- a real export, by hand ---------------------------------------------------------------


def _hand_intervals(path):
    """(local start, kWh) of each interval of a portal CSV, with csv and datetime only."""
    with path.open(encoding="utf-8-sig") as f:
        rows = list(csv.reader(f, delimiter=";"))[3:]
    out = []
    previous = None
    for stamp, value in rows:
        end = dt.datetime.fromisoformat(stamp)
        step = (end - previous) if previous else dt.timedelta(minutes=30)
        previous = end
        out.append(((end - step).astimezone(PARIS), int(value) * step.total_seconds() / 3.6e6))
    return out


def _hand_energy(intervals, grid_of):
    """Energy cost per option [EUR], each interval at ``grid_of(local date)``'s prices."""
    with (tariffs.DATA / "tempo_days.csv").open() as f:
        colours = {r["date"]: r["couleur"] for r in csv.DictReader(f)}
    energy = defaultdict(float)
    for start, kwh in intervals:
        grid = grid_of(start.date())
        hc = start.hour >= 22 or start.hour < 6
        tempo_day = (start - dt.timedelta(hours=6)).date()
        energy["base"] += kwh * grid["base"]["energy"]
        energy["hphc"] += kwh * grid["hphc"]["energy_hc" if hc else "energy_hp"]
        hc_price, hp_price = grid["tempo"][colours[tempo_day.isoformat()]]
        energy["tempo"] += kwh * (hc_price if hc else hp_price)
    return energy


@pytest.mark.real
def test_real_export_priced_by_hand_to_the_cent():
    """Base, HP/HC (22:00–06:00) and Tempo on the real guiEDF curve at today's grid, 9 kVA."""
    path = real_export_dir("enedis_portal_csv") / GUIEDF
    intervals = _hand_intervals(path)
    energy = _hand_energy(intervals, lambda _: AUG_2026_9KVA)
    days = (intervals[-1][0].date() - intervals[0][0].date()).days + 1
    prepared = prepare(read_export(path).curve)
    for option in ("base", "hphc", "tempo"):
        c = tariffs.cost(prepared, option, 9, today=TODAY)
        subscription = AUG_2026_9KVA[option]["subscription"] * days / 365
        assert round(c.energy_eur, 2) == round(energy[option], 2), option
        assert round(c.subscription_eur, 2) == round(subscription, 2), option
        assert round(c.total_eur, 2) == round(energy[option] + subscription, 2), option


@pytest.mark.real
def test_real_export_across_the_february_2024_change_by_hand_to_the_cent():
    """The guiEDF year (2023-08-09 → 2024-07-25) at dated prices: the 2023-08-01 grid before
    2024-02-01 and the 2024-02-01 grid from then on, kWh summed on each side by hand."""
    path = real_export_dir("enedis_portal_csv") / GUIEDF
    change = dt.date(2024, 2, 1)
    intervals = _hand_intervals(path)
    energy = _hand_energy(intervals, lambda d: AUG_2023_9KVA if d < change else FEB_2024_9KVA)
    first, last = intervals[0][0].date(), intervals[-1][0].date()
    before, after = (change - first).days, (last - change).days + 1
    kwh_before = sum(k for s, k in intervals if s.date() < change)
    kwh_after = sum(k for s, k in intervals if s.date() >= change)
    prepared = prepare(read_export(path).curve)
    base = tariffs.cost(prepared, "base", 9, prices="dated", today=TODAY)
    assert round(base.energy_eur, 2) == round(kwh_before * 0.2276 + kwh_after * 0.2516, 2)
    for option in ("base", "hphc", "tempo"):
        c = tariffs.cost(prepared, option, 9, prices="dated", today=TODAY)
        subscription = (
            AUG_2023_9KVA[option]["subscription"] * before
            + FEB_2024_9KVA[option]["subscription"] * after
        ) / 365
        assert round(c.energy_eur, 2) == round(energy[option], 2), option
        assert round(c.subscription_eur, 2) == round(subscription, 2), option
        assert c.notes[-1].say().startswith("Prix datés : grilles du 01/08/2023"), option


def test_an_intervals_row_in_the_per_day_prices_is_its_days_place_or_none():
    every = np.arange(100, 110, dtype=np.int32)  # one row per day, in order
    intervals = np.array([100, 100, 104, 109], dtype=np.int32)
    assert costs._day_rows(intervals, every).tolist() == [0, 0, 4, 9]
    assert costs._day_rows(np.array([99, 100], dtype=np.int32), every) is None  # before
    assert costs._day_rows(np.array([110], dtype=np.int32), every) is None  # after
    holed = np.array([100, 101, 103], dtype=np.int32)  # no row for day 102
    assert costs._day_rows(np.array([100, 101], dtype=np.int32), holed).tolist() == [0, 1]
    assert costs._day_rows(np.array([102], dtype=np.int32), holed) is None
    assert costs._day_rows(np.array([], dtype=np.int32), every).tolist() == []
    assert costs._day_rows(intervals, np.array([], dtype=np.int32)) is None


def test_each_minute_priced_in_its_part_of_the_day(curve_factory):
    """A one-minute curve over two red days: every minute in its component, by hand.

    Tempo's hours turn at 6h and 22h, EJP's at 1h and 7h, the Tempo day at 6h; the costs
    are priced from each day's energy in those parts (:mod:`analysis.tariffs.usage`).
    """
    start = dt.datetime.fromisoformat("2024-01-07T23:00:00")  # (local, January: no DST)
    minutes = 55 * 60 + 1
    prepared = prepare(curve_factory(start.isoformat(), [60.0] * minutes, minutes=1))
    with (tariffs.DATA / "tempo_days.csv").open() as f:
        colours = {r["date"]: r["couleur"].lower() for r in csv.DictReader(f)}
    hand = {"tempo": defaultdict(float), "ejp": defaultdict(float), "hphc": defaultdict(float)}
    for i in range(minutes):
        t = start + dt.timedelta(minutes=i)
        colour = colours[(t - dt.timedelta(hours=6)).date().isoformat()]
        hc = t.hour >= 22 or t.hour < 6
        hand["tempo"][f"energy_{colour}_{'hc' if hc else 'hp'}"] += 0.001
        peak = colour == "rouge" and (t.hour >= 7 or t.hour < 1)
        hand["ejp"]["energy_pointe_mobile" if peak else "energy_normal"] += 0.001
        off = 90 <= t.hour * 60 + t.minute < 450
        hand["hphc"]["energy_hc" if off else "energy_hp"] += 0.001
    assert set(hand["tempo"]) == {"energy_bleu_hc", "energy_rouge_hc", "energy_rouge_hp"}
    usage = tariffs.usage.Usage(prepared)
    hours = tariffs.OffPeak.parse("01:30-07:30")
    for option in ("tempo", "ejp", "hphc"):
        c = tariffs.cost(prepared, option, 9, off_peak=hours, today=TODAY)
        assert c.breakdown_kwh == pytest.approx(hand[option], abs=1e-9), option
        assert tariffs.cost(usage, option, 9, off_peak=hours, today=TODAY) == c
