"""Tariff costs: formulas on tiny curves, and real exports priced by hand to the cent."""

import csv
import datetime as dt
import json
import subprocess
import sys
from collections import defaultdict
from zoneinfo import ZoneInfo

import polars as pl
import pytest

from analysis import tariffs
from analysis.curve import prepare
from analysis.tempo import read_tempo_file
from ingest import read_export
from tests.conftest import ROOT, real_export_dir

PARIS = ZoneInfo("Europe/Paris")
TODAY = dt.date(2026, 12, 2)
"""The day these tests are written: the 2026-08-01 grid is in force."""
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


# --- off-peak hours -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("22h-6h", "22:00-06:00"),
        ("22h30 - 6h30", "22:30-06:30"),
        ("0h-7h + 13h-15h", "00:00-07:00,13:00-15:00"),
        ("22:00-06:00", "22:00-06:00"),
        ("01:00-07:00,12:30-14:30", "01:00-07:00,12:30-14:30"),
        ("2h–7h et 14h–15h", "02:00-07:00,14:00-15:00"),
        ("HC (22H00-6H00)", "22:00-06:00"),
        ("Heures creuses : de 22h30 à 6h30", "22:30-06:30"),
        ("hiver 22h-6h ; été 2h-6h + 14h-16h", "hiver 22:00-06:00 ; été 02:00-06:00,14:00-16:00"),
        ("Hiver : 22h-6h ; Été : 22h-6h", "22:00-06:00"),
        (
            "22h-6h ; depuis 2026-12-01 : hiver 22h-6h ; été 2h-6h + 14h-16h",
            "22:00-06:00 ; depuis 2026-12-01 : hiver 22:00-06:00 ; été 02:00-06:00,14:00-16:00",
        ),
        (
            "22h-6h ; hiver 23h-6h ; été 3h-6h + 14h-16h depuis 01/12/2026",
            "22:00-06:00 ; depuis 2026-12-01 : hiver 23:00-06:00 ; été 03:00-06:00,14:00-16:00",
        ),
        (
            "22:00-06:00; 2025-11-01: 23:00-05:00,12:00-14:00",
            "22:00-06:00 ; depuis 2025-11-01 : 23:00-05:00,12:00-14:00",
        ),
    ],
)
def test_off_peak_reads_hours_as_bills_write_them(written: str, read: str):
    op = tariffs.OffPeak.parse(written)
    assert op.text() == read
    assert tariffs.OffPeak.parse(op.text()) == op


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("22-6", "expected off-peak hours like 22h-6h"),
        ("de nuit", "expected off-peak hours like 22h-6h"),
        ("", "got nothing"),
        ("25h-6h", "expected a time of day"),
        ("22h75-6h", "expected a time of day"),
        ("22h-22h", "expected a range that lasts"),
        ("22h-6h + 5h-7h", "expected off-peak ranges that do not overlap"),
        ("hiver 22h-6h", "expected both winter"),
        ("22h-6h ; 23h-7h", "expected a date"),
        ("22h-6h ; depuis 2026-02-30 : 23h-7h", "expected a date like 2026-12-01"),
        ("22h-6h ; depuis 2026-12-01 : 23h-7h ; depuis 2026-12-01 : 1h-9h", "one schedule per"),
        ("hiver ; été 2h-6h", "after 'hiver'"),
    ],
)
def test_off_peak_refuses_anything_else_in_one_line(written: str, expected: str):
    with pytest.raises(ValueError, match=expected) as refused:
        tariffs.OffPeak.parse(written)
    assert "\n" not in str(refused.value)


def test_off_peak_season_and_date_by_calendar_day():
    op = tariffs.OffPeak.parse("22h-6h ; depuis 2026-12-01 : hiver 22h-6h ; été 2h-6h + 14h-16h")
    cases = pl.DataFrame(
        {
            "day": [
                dt.date(2026, 6, 15),  # before the change: 22h-6h all year
                dt.date(2027, 3, 31),  # winter
                dt.date(2027, 4, 1),  # summer
                dt.date(2027, 10, 31),  # summer
                dt.date(2027, 11, 1),  # winter
                dt.date(2027, 6, 15),  # summer, 23:00
            ],
            "minute": [14 * 60, 14 * 60, 14 * 60, 14 * 60, 14 * 60, 23 * 60],
        }
    )
    got = cases.select(hc=op.expr(pl.col("minute"), pl.col("day")))["hc"].to_list()
    assert got == [False, False, True, True, False, False]
    assert op.seasonal()
    assert op.first_start() == 22 * 60


def test_off_peak_hours_change_on_their_date(curve_factory):
    # 12:00–12:30 is peak before the reform and off-peak after it.
    before = prepare(curve_factory("2025-10-31T12:00:00", [1000.0]))
    after = prepare(curve_factory("2025-11-03T12:00:00", [1000.0]))
    op = tariffs.OffPeak.parse("22:00-06:00; 2025-11-01: 23:00-05:00,12:00-14:00")
    assert tariffs.cost(before, "hphc", 6, off_peak=op).breakdown_kwh == {"energy_hp": 0.5}
    assert tariffs.cost(after, "hphc", 6, off_peak=op).breakdown_kwh == {"energy_hc": 0.5}


def test_a_summer_winter_schedule_changes_the_hphc_cost_as_by_hand(curve_factory):
    """1 kWh in each half-hour below, priced at the 2026-08-01 grid (6 kVA)."""
    stamps = [
        "2026-03-31T14:00",  # winter: HP
        "2026-04-01T14:00",  # summer: HC
        "2026-06-15T03:00",  # summer: HC
        "2026-06-15T14:00",  # summer: HC
        "2026-06-15T23:00",  # summer: HP
        "2026-10-31T14:00",  # summer: HC
        "2026-11-01T14:00",  # winter: HP
        "2026-12-15T03:00",  # winter: HC
        "2026-12-15T14:00",  # winter: HP
        "2026-12-15T23:00",  # winter: HC
    ]
    curve = pl.concat([curve_factory(s, [2000.0]) for s in stamps])
    prepared = prepare(curve)
    seasonal = tariffs.OffPeak.parse("hiver 22h-6h ; été 2h-6h + 14h-16h")
    plain = tariffs.OffPeak.parse("22h-6h")
    hp, hc = 0.2142, 0.1589
    c = tariffs.cost(prepared, "hphc", 6, off_peak=seasonal, today=TODAY)
    assert c.breakdown_kwh == {"energy_hc": 6.0, "energy_hp": 4.0}
    assert c.energy_eur == pytest.approx(6 * hc + 4 * hp, abs=1e-9)
    before = tariffs.cost(prepared, "hphc", 6, off_peak=plain, today=TODAY)
    assert before.breakdown_kwh == {"energy_hc": 4.0, "energy_hp": 6.0}
    assert c.energy_eur - before.energy_eur == pytest.approx(-2 * (hp - hc), abs=1e-9)
    days = (dt.date(2026, 12, 15) - dt.date(2026, 3, 31)).days + 1
    assert c.subscription_eur == pytest.approx(190.32 * days / 365)


# --- grids and dates ----------------------------------------------------------------------


FIRST_GRID = dt.date(2021, 2, 1)
LATER_FIRST_GRIDS = {
    **{("base", kva): dt.date(2023, 2, 1) for kva in (18, 24, 30, 36)},
    ("tempo", 6): dt.date(2023, 2, 1),
    **{("ejp", kva): dt.date(2023, 8, 1) for kva in (9, 12, 15, 18, 36)},
}
"""Where no grid is shipped from 2021-02-01, and since when (SOURCES.md: "Not shipped")."""
COMPONENTS = {
    "base": {"energy"},
    "hphc": {"energy_hp", "energy_hc"},
    "tempo": {f"energy_{c}_{p}" for c in ("bleu", "blanc", "rouge") for p in ("hp", "hc")},
    "ejp": {"energy_normal", "energy_pointe_mobile"},
}


def test_grid_periods_follow_each_other_from_2021_and_name_their_source():
    g = tariffs.grid().sort("option", "kva", "valid_from")
    nxt = g.with_columns(
        next_from=pl.col("valid_from").shift(-1).over("option", "kva"),
    )
    inner = nxt.filter(pl.col("next_from").is_not_null())
    assert (inner["valid_to"] + dt.timedelta(days=1) == inner["next_from"]).all()
    spans = g.group_by("option", "kva").agg(
        first=pl.col("valid_from").min(),
        open_ended=pl.col("valid_to").is_null().any(),
        last_to=pl.col("valid_to").max(),
    )
    for option, kva, first, open_ended, last_to in spans.iter_rows():
        assert first == LATER_FIRST_GRIDS.get((option, kva), FIRST_GRID), (option, kva)
        if option == "ejp":  # no EJP grid known since 2026-08-01
            assert (open_ended, last_to) == (False, dt.date(2026, 7, 31)), kva
        else:
            assert open_ended, (option, kva)
    assert spans.height == 9 + 8 + 7 + 5  # Base, HP/HC, Tempo, EJP powers
    open_rows = nxt.filter(pl.col("valid_to").is_null())
    assert (open_rows["valid_from"] == dt.date(2026, 8, 1)).all()
    for option, needed in COMPONENTS.items():
        rows = g.filter(pl.col("option") == option)
        for column in [*needed, "subscription"]:
            assert rows[column].null_count() == 0, (option, column)
    sources = (tariffs.DATA / "SOURCES.md").read_text()
    for code in set(" ".join(g["source"].to_list()).split()):
        assert f"`{code}`" in sources, code


def test_dated_hphc_and_tempo_prices_of_2022_are_the_bouclier_grid():
    """CRE's Option_HPHC.csv and Option_Tempo.csv, 2022-02-01 → 2022-07-31, 9 kVA."""
    day = dt.date(2022, 6, 15)
    assert tariffs.prices_at("hphc", 9, when=day) == {
        "subscription": 182.29,
        "energy_hp": 0.1841,
        "energy_hc": 0.1470,
    }
    assert tariffs.prices_at("tempo", 9, when=day) == {
        "subscription": 179.52,
        "energy_bleu_hc": 0.0902,
        "energy_bleu_hp": 0.1312,
        "energy_blanc_hc": 0.1151,
        "energy_blanc_hp": 0.1692,
        "energy_rouge_hc": 0.1262,
        "energy_rouge_hp": 0.5525,
    }
    assert tariffs.prices_at("base", 9, when=day) == {"subscription": 170.09, "energy": 0.1740}
    # the 2022-08-01 grid moved the subscriptions only; 2021-08-01 was before the bouclier
    assert tariffs.prices_at("hphc", 9, when=dt.date(2022, 9, 1))["subscription"] == 182.90
    assert tariffs.prices_at("hphc", 9, when=dt.date(2022, 9, 1))["energy_hp"] == 0.1841
    assert tariffs.prices_at("hphc", 9, when=dt.date(2021, 9, 1))["energy_hp"] == 0.1821


def _march_2022_watts() -> list[float]:
    """Average powers [W] of each half-hour 2022-03-01 00:00 → 2022-03-04 24:00, local time.

    1 kWh on 1 March 12:00 (white day, HP), 1 kWh on 1 March 23:00 (HC), 2 kWh on 2 March
    03:00 (HC, still the Tempo day of 1 March), 1 kWh on 4 March 10:00 (blue day, HP).
    """
    watts = [0.0] * (48 * 4)
    for day, hour, w in ((0, 12, 2000.0), (0, 23, 2000.0), (1, 3, 4000.0), (3, 10, 2000.0)):
        watts[day * 48 + hour * 2] = w
    return watts


MARCH_2022_BY_HAND = {
    "base": 5 * 0.1740 + 170.09 * 4 / 365,
    "hphc": 2 * 0.1841 + 3 * 0.1470 + 182.29 * 4 / 365,
    "tempo": 0.1692 + 3 * 0.1151 + 0.1312 + 179.52 * 4 / 365,
}
"""The four days above at the 2022-02-01 grid, 9 kVA, 22h-6h off-peak. [EUR]."""


def test_a_2022_curve_at_dated_prices_is_priced_at_2022_prices(curve_factory):
    prepared = prepare(curve_factory("2022-03-01T00:00:00", _march_2022_watts()))
    for option, by_hand in MARCH_2022_BY_HAND.items():
        c = tariffs.cost(prepared, option, 9, prices="dated", today=TODAY)
        assert c.total_eur == pytest.approx(by_hand, abs=1e-9), option
        assert c.estimated_days == 0
        assert not any("aucune grille" in n.say() for n in c.notes), option
    tempo = tariffs.cost(prepared, "tempo", 9, prices="dated", today=TODAY)
    assert {k: v for k, v in tempo.breakdown_kwh.items() if v} == {
        "energy_blanc_hc": 3.0,
        "energy_blanc_hp": 1.0,
        "energy_bleu_hp": 1.0,
    }
    assert tempo.notes[-1].say() == "Prix datés : grilles du 01/02/2022 (CRE-TEMPO)."
    assert tempo.notes[-1].say("en") == "Dated prices: grids of 1 Feb 2022 (CRE-TEMPO)."


def test_the_cli_prices_a_2022_export_at_2022_prices(tmp_path):
    """``python -m analysis FILE --prices dated --json`` on a tiny portal export of March 2022."""
    watts = _march_2022_watts()
    first = dt.datetime(2022, 3, 1, tzinfo=PARIS)
    lines = [
        "Identifiant PRM;Type de donnees;Date de debut;Date de fin;Grandeur physique;"
        "Grandeur metier;Etape metier;Unite;Pas en minutes",
        "1429xxxxxxxxxx;Courbe de charge;01/03/2022;05/03/2022;Energie active;Consommation;"
        "Comptage Brut;W;",
        "Horodate;Valeur",
    ]
    for i, w in enumerate(watts):
        end = (first + dt.timedelta(minutes=30 * (i + 1))).isoformat()
        lines.append(f"{end};{int(w)}")
    f = tmp_path / "conso_2022.csv"
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = subprocess.run(
        [sys.executable, "-m", "analysis", str(f), "--kva", "9", "--prices", "dated", "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    got = {t["option"]: t for t in doc["tariffs"]}
    for option, by_hand in MARCH_2022_BY_HAND.items():
        assert got[option]["total_eur"] == round(by_hand, 2), option
        assert any("grilles du 01/02/2022" in n for n in got[option]["notes"]), option
    assert got["tempo"]["estimated_days"] == 0


def test_latest_means_the_grid_in_force_today(curve_factory):
    kwh = prepare(curve_factory("2025-09-01T12:00:00", [2000.0]))  # 1 kWh
    assert tariffs.cost(kwh, "base", 6, today=TODAY).energy_eur == pytest.approx(0.2001)
    july = dt.date(2026, 7, 15)
    assert tariffs.cost(kwh, "base", 6, today=july).energy_eur == pytest.approx(0.1940)
    assert tariffs.kvas("tempo", today=TODAY) == [6, 9, 12, 15, 18, 30, 36]
    assert tariffs.prices_at("hphc", 9, when=TODAY)["energy_hc"] == 0.1589
    note = tariffs.cost(kwh, "tempo", 9, today=TODAY).notes[-1].say()
    assert note == "Tempo : prix de la grille en vigueur depuis le 01/08/2026 (EDF26-08)."


@pytest.mark.parametrize(
    ("stamp", "price", "subscription"),
    [
        ("2021-03-01T12:00:00", 0.1582, 127.79),
        ("2021-09-01T12:00:00", 0.1558, 137.66),
        ("2022-03-01T12:00:00", 0.1740, 136.14),  # the "bouclier tarifaire"
        ("2022-09-01T12:00:00", 0.1740, 136.85),
        ("2023-03-01T12:00:00", 0.2062, 11.93 * 12),
        ("2024-03-01T12:00:00", 0.2516, 12.60 * 12),
        ("2024-12-01T12:00:00", 0.2516, 12.68 * 12),
        ("2025-03-01T12:00:00", 0.2016, 164.64),
        ("2025-09-01T12:00:00", 0.1952, 185.64),
        ("2026-09-01T12:00:00", 0.2001, 190.32),
    ],
)
def test_dated_prices_follow_the_grid_in_force(curve_factory, stamp, price, subscription):
    kwh = prepare(curve_factory(stamp, [2000.0]))
    c = tariffs.cost(kwh, "base", 6, prices="dated", today=TODAY)
    assert c.energy_eur == pytest.approx(price)
    assert c.subscription_eur == pytest.approx(subscription / 365)
    assert not any("aucune grille" in n.say() for n in c.notes)


def test_days_before_the_first_grid_are_named(curve_factory):
    # No Base grid at 18 kVA is shipped before 2023-02-01: the days before are priced at it,
    # and said.
    kwh = prepare(curve_factory("2022-03-01T12:00:00", [2000.0] * 48))
    c = tariffs.cost(kwh, "base", 18, prices="dated", today=TODAY)
    assert c.energy_eur == pytest.approx(48 * 0.2062)
    assert c.notes[0].say() == (
        "Base : aucune grille connue avant le 01/02/2023 ; 2 jours "
        "(01/03/2022 → 02/03/2022) payés aux prix de cette grille."
    )


def test_a_gap_after_the_last_grid_is_named(curve_factory):
    # No EJP grid is known since 2026-08-01: its February 2026 prices, said, both ways.
    kwh = prepare(curve_factory("2026-08-10T12:00:00", [2000.0]))
    dated = tariffs.cost(kwh, "ejp", 9, prices="dated", today=TODAY)
    assert dated.energy_eur == pytest.approx(0.1781)
    assert any(
        n.say().startswith("EJP : aucune grille connue après le 31/07/2026 ; 1 jours")
        for n in dated.notes
    )
    latest = tariffs.cost(kwh, "ejp", 9, today=TODAY)
    assert latest.notes[-1].say() == (
        "EJP : aucune grille connue en vigueur le 02/12/2026 ; prix de la grille du 01/02/2026 "
        "(JC-EJP)."
    )
    assert latest.notes[-1].say("en") == (
        "EJP: no grid known in force on 2 Dec 2026; prices of the grid of 1 Feb 2026 (JC-EJP)."
    )


def test_subscription_bills_every_calendar_day(curve_factory):
    """A year with a 3-day gap bills 365/365 of the yearly subscription (issue 15)."""
    year = prepare(curve_factory("2025-01-01T00:00:00", [500.0] * 48 * 365))
    gap = year.filter(~pl.col("day").is_between(dt.date(2025, 6, 10), dt.date(2025, 6, 12)))
    assert gap["day"].n_unique() == 362
    latest = tariffs.cost(gap, "base", 6, today=TODAY)
    assert latest.subscription_eur == pytest.approx(190.32)
    dated = tariffs.cost(gap, "base", 6, prices="dated", today=TODAY)
    by_hand = (31 * 12.68 * 12 + 181 * 164.64 + 153 * 185.64) / 365
    assert dated.subscription_eur == pytest.approx(by_hand)


@pytest.mark.parametrize("prices", ["latest", "dated"])
def test_an_empty_curve_costs_nothing(curve_factory, prices):
    empty = prepare(curve_factory("2025-03-01T00:00:00", [1.0])).clear()
    c = tariffs.cost(empty, "base", 6, prices=prices, today=TODAY)
    assert (c.energy_eur, c.subscription_eur, c.kwh) == (0.0, 0.0, 0.0)


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
