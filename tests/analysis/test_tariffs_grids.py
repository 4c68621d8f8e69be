"""The dated price grids: their periods and sources, and which grid prices each day."""

import datetime as dt
import json
import subprocess
import sys

import polars as pl
import pytest

from analysis import tariffs
from analysis.curve import prepare
from tests.analysis.tariffs_today import PARIS, TODAY
from tests.conftest import ROOT

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
