"""Tempo colours: the user file shapes, colours learned from TIC, the estimated calendar."""

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from analysis import tariffs, tempo
from analysis.calendar import public_holidays
from analysis.curve import prepare
from analysis.report import analyse
from tests.conftest import ROOT

DATA = Path(__file__).parents[1] / "data" / "tempo"
D = dt.date


def days(frame: pl.DataFrame) -> dict[dt.date, str]:
    return dict(frame.select("day", "colour").iter_rows())


# --- user files, one shape each -------------------------------------------------------------


def test_rte_download_is_latin1_tab_text_closed_by_a_notice_line():
    raw = (DATA / "eCO2mix_RTE_tempo_2025-2026.xls").read_bytes()
    assert "é".encode("latin-1") in raw  # really Latin-1, not UTF-8
    got = tempo.read_tempo_file(DATA / "eCO2mix_RTE_tempo_2025-2026.xls")
    assert days(got) == {D(2026, 1, 4): "BLEU", D(2026, 1, 5): "ROUGE", D(2026, 1, 6): "BLANC"}
    assert got["source"].unique().to_list() == ["user file"]


def test_calbar_csv_has_no_header_and_crlf_lines():
    got = tempo.read_tempo_file(DATA / "calBAR_no_header.csv")
    assert days(got) == {D(2014, 9, 1): "BLEU", D(2014, 9, 2): "BLANC", D(2014, 9, 3): "ROUGE"}


def test_api_couleur_tempo_code_0_is_a_day_not_known_yet():
    got = tempo.read_tempo_file(DATA / "api-couleur-tempo_joursTempo.json")
    assert days(got) == {D(2026, 1, 5): "ROUGE", D(2026, 1, 6): "BLANC", D(2026, 1, 7): "BLEU"}


def test_api_couleur_tempo_today_is_one_object():
    got = tempo.read_tempo_file(DATA / "api-couleur-tempo_today.json")
    assert days(got) == {D(2026, 1, 5): "ROUGE"}


def test_edf_json_has_unpadded_dates_and_tempo_prefixed_colours():
    got = tempo.read_tempo_file(DATA / "edf_tempo_dates.json")
    assert days(got) == {D(2020, 1, 5): "BLEU", D(2020, 1, 6): "ROUGE", D(2020, 1, 8): "BLANC"}


def test_json_list_of_date_couleur_in_any_case():
    got = tempo.read_tempo_file(DATA / "date_couleur_list.json")
    assert days(got) == {D(2026, 1, 5): "ROUGE", D(2026, 1, 6): "BLANC"}


def test_json_object_date_to_english_colour():
    got = tempo.read_tempo_file(DATA / "date_colour_object.json")
    assert days(got) == {D(2026, 1, 5): "ROUGE", D(2026, 1, 6): "BLANC", D(2026, 1, 7): "BLEU"}


def test_a_bad_colour_names_its_line_or_item():
    with pytest.raises(ValueError, match="line 3: expected a date and BLEU"):
        tempo.read_tempo_file(b"date,couleur\n2026-01-05,BLEU\n2026-01-06,violet\n")
    with pytest.raises(ValueError, match="item 2: expected a date and BLEU"):
        tempo.read_tempo_file(b'[{"dateJour": "2026-01-05", "codeJour": 1}, {"dateJour": "x"}]')


# --- colours learned from a TIC capture -----------------------------------------------------


def periods(rows: list[tuple[str, str]]) -> pl.DataFrame:
    """``periods`` from local start times and labels."""
    return pl.DataFrame(
        {"start": [dt.datetime.fromisoformat(s) for s, _ in rows], "period": [p for _, p in rows]}
    ).with_columns(pl.col("start").dt.replace_time_zone("Europe/Paris").dt.convert_time_zone("UTC"))


def test_historic_ptec_gives_the_colour_of_the_tempo_day_six_to_six():
    got = tempo.colours_from_periods(
        periods(
            [
                ("2026-01-05T05:30", "HCJB"),  # before 06:00: still the blue day of Jan 4
                ("2026-01-05T06:00", "HPJR"),
                ("2026-01-05T22:00", "HCJR"),
                ("2026-01-06T05:30", "HCJR"),  # the red night belongs to Jan 5
                ("2026-01-06T06:00", "HPJW"),
            ]
        )
    )
    assert days(got) == {D(2026, 1, 4): "BLEU", D(2026, 1, 5): "ROUGE", D(2026, 1, 6): "BLANC"}
    assert got["source"].unique().to_list() == [tempo.LEARNED]


def test_standard_ltarf_labels_are_padded_texts_and_base_names_no_colour():
    got = tempo.colours_from_periods(
        periods(
            [
                ("2026-02-02T07:00", "    HP  BLEU    "),
                ("2026-02-03T07:00", "HC ROUGE"),
                ("2026-02-03T08:00", "HP ROUGE"),
                ("2026-02-04T07:00", " HEURE  PLEINE  "),  # HP/HC contract: no colour
                ("2026-02-05T07:00", "HP.."),
            ]
        )
    )
    assert days(got) == {D(2026, 2, 2): "BLEU", D(2026, 2, 3): "ROUGE"}


# --- the estimated calendar -----------------------------------------------------------------


def test_estimate_keeps_rte_counts_and_rules_in_an_unknown_year():
    got = tempo.estimate(D(2030, 9, 1), D(2031, 8, 31), tempo.colours())
    counts = dict(got.group_by("colour").len().iter_rows())
    assert counts == {"ROUGE": 22, "BLANC": 43, "BLEU": 365 - 65}
    red = got.filter(pl.col("colour") == "ROUGE")["day"]
    assert red.dt.month().is_in([11, 12, 1, 2, 3]).all()
    assert (red.dt.weekday() <= 5).all()
    assert not set(red.to_list()) & public_holidays(2030, 2031)
    white = got.filter(pl.col("colour") == "BLANC")["day"]
    assert (white.dt.weekday() != 7).all()
    assert got["source"].unique().to_list() == [tempo.ESTIMATED]


def test_estimate_counts_the_colours_already_known_that_year():
    known = pl.DataFrame(
        {
            "day": [D(2030, 12, d) for d in range(2, 7)] + [D(2030, 12, 9)],
            "colour": ["ROUGE"] * 5 + ["BLANC"],
            "source": ["user file"] * 6,
        }
    )
    got = tempo.estimate(D(2030, 9, 1), D(2031, 8, 31), known)
    counts = dict(got.group_by("colour").len().iter_rows())
    assert counts["ROUGE"] == 22 - 5
    assert counts["BLANC"] == 43 - 1
    assert got.height == 365 - 6  # the known days are not estimated


def test_estimate_puts_red_on_the_coldest_days_when_temperatures_are_given():
    # A warm winter except one Wednesday in November: it is the coldest, so red.
    winter = pl.date_range(D(2030, 9, 1), D(2031, 8, 31), "1d", eager=True)
    temps = pl.DataFrame({"day": winter, "tmean_c": 12.0}).with_columns(
        tmean_c=pl.when(pl.col("day") == D(2030, 11, 20)).then(-8.0).otherwise("tmean_c")
    )
    got = tempo.estimate(D(2030, 11, 18), D(2030, 11, 24), tempo.colours(), temperatures=temps)
    assert days(got)[D(2030, 11, 20)] == "ROUGE"
    assert days(got)[D(2030, 11, 23)] != "ROUGE"  # a Saturday is never red


def test_the_shipped_season_2025_2026_ends_blue_its_quotas_being_used():
    got = tempo.estimate(D(2026, 8, 24), D(2026, 8, 31), tempo.colours())
    assert days(got) == {D(2026, 8, d): "BLEU" for d in range(24, 32)}


def test_a_curve_to_yesterday_gets_a_tempo_cost_with_its_estimated_days(curve_factory):
    # 2025-12-01 → 2026-12-01 (the day before "today"), 1 kW all along.
    n = (D(2026, 12, 2) - D(2025, 12, 1)).days * 48
    prepared = prepare(curve_factory("2025-12-01T00:00:00", [1000.0] * n))
    last_shipped = tempo.tempo_colours()["day"].max()
    assert last_shipped == D(2026, 8, 23)
    expected = (D(2026, 12, 1) - last_shipped).days  # 2026-08-24 … 2026-12-01
    c = tariffs.cost(prepared, "tempo", 9)
    assert c.estimated_days == expected == 100
    assert any(f"couleurs estimées pour {expected} jours" in n.say() for n in c.notes)
    assert "tempo" in [x.option for x in tariffs.compare(prepared, 9)]


def test_the_report_says_what_the_tempo_colours_and_temperatures_cover(curve_factory):
    n = (D(2026, 12, 2) - D(2025, 12, 1)).days * 48
    curve = curve_factory("2025-12-01T00:00:00", [1000.0] * n)
    report = analyse(curve)
    doc = report.to_json()
    assert doc["reference_data"]["tempo"] == {
        "known_days": 267,  # 2025-11-30 (the night of Dec 1) … 2026-08-23
        "estimated_days": 100,
        "last_known": "2026-08-23",
    }
    assert doc["reference_data"]["temperatures"] == {
        "covered_days": 0,  # the shipped temperatures stop at 2025-11-29
        "missing_days": 366,
        "last_known": "2025-11-29",
    }
    tempo_cost = next(t for t in doc["tariffs"] if t["option"] == "tempo")
    assert tempo_cost["estimated_days"] == 100
    said = " ".join(doc["assumptions"])
    assert "estimées pour les 100 autres" in said
    assert "Températures connues pour 0 des 366 jours (jusqu'au 29/11/2025)" in said
    english = " ".join(report.to_json("en")["assumptions"])
    assert "estimated for the other 100" in english
    assert "Temperatures known for 0 of the 366 days (up to 29 Nov 2025)" in english


def test_a_calendar_with_every_day_is_used_as_given_and_one_with_a_gap_is_completed():
    full = tempo.calendar(first=D(2026, 8, 20), last=D(2026, 8, 30))  # 7 days estimated
    # Every day is there: the same calendar back (as a report passes it to each pricing).
    red = full.with_columns(colour=pl.lit("ROUGE"))
    assert tempo.calendar(red, first=D(2026, 8, 21), last=D(2026, 8, 29)).equals(
        red.filter(pl.col("day").is_between(D(2026, 8, 21), D(2026, 8, 29)))
    )
    # A day missing, or one given twice: merged with the shipped colours, estimated as before.
    gap = red.filter(pl.col("day") != D(2026, 8, 25))
    merged = tempo.calendar(gap, first=D(2026, 8, 20), last=D(2026, 8, 30))
    assert merged.height == 11
    assert merged.filter(pl.col("day") == D(2026, 8, 25))["source"].item() == tempo.ESTIMATED
    twice = pl.concat([red, red.head(1).with_columns(colour=pl.lit("BLEU"))])
    kept = tempo.calendar(twice, first=D(2026, 8, 20), last=D(2026, 8, 30))
    assert kept.height == 11
    assert kept.filter(pl.col("day") == D(2026, 8, 20))["colour"].item() == "BLEU"  # the last


def test_coverage_counts_known_and_estimated_days():
    assert tempo.coverage(D(2026, 8, 20), D(2026, 8, 30)) == {
        "known_days": 4,
        "estimated_days": 7,
        "last_known": "2026-08-23",
    }


def test_cli_tempo_file_gives_the_colours_of_days_after_the_shipped_ones(tmp_path):
    head = (
        "Identifiant PRM;Type de donnees;Date de debut;Date de fin;Grandeur physique;"
        "Grandeur metier;Etape metier;Unite;Pas en minutes\n"
        "12345678901234;Courbe de charge;02/11/2026;05/11/2026;Energie active;Consommation;"
        "Comptage Brut;W;\nHorodate;Valeur\n"
    )
    start = dt.datetime(2026, 11, 2, 6, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    ends = [start + dt.timedelta(minutes=30 * (i + 1)) for i in range(3 * 48)]
    curve = tmp_path / "Enedis_Conso_Heure_20261102-20261104_12345678901234.csv"
    curve.write_text(head + "".join(f"{e.isoformat()};1000\n" for e in ends))
    own = tmp_path / "eCO2mix_RTE_tempo_2026-2027.xls"
    own.write_bytes(
        b"Date\tType de jour TEMPO\n2026-11-02\tBLEU\n2026-11-03\tBLANC\n2026-11-04\tROUGE\n"
    )

    def tempo_cost(*extra: str) -> dict:
        out = subprocess.run(
            [sys.executable, "-m", "analysis", str(curve), "--kva", "9", "--json", *extra],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=False,
        )
        assert out.returncode == 0, out.stderr
        doc = json.loads(out.stdout)
        return next(t for t in doc["tariffs"] if t["option"] == "tempo") | doc["reference_data"]

    assert tempo_cost()["estimated_days"] == 3
    given = tempo_cost("--tempo", str(own))
    assert given["estimated_days"] == 0
    assert given["tempo"]["known_days"] == 3
    assert given["breakdown_kwh"]["energy_rouge_hp"] == pytest.approx(16.0)  # Nov 4, 6h–22h


def test_the_report_counts_the_tempo_days_the_cost_prices_when_the_curve_ends_at_night(
    curve_factory,
):
    # 2025-12-01 00:00 UTC → 2026-12-01 00:00 UTC: the curve's last local day (01/12) holds
    # only 00:00–01:00, which belongs to Tempo day 30/11: 99 estimated days, not 100.
    n = (D(2026, 12, 1) - D(2025, 12, 1)).days * 48
    doc = analyse(curve_factory("2025-12-01T00:00:00", [1000.0] * n)).to_json()
    tempo_cost = next(t for t in doc["tariffs"] if t["option"] == "tempo")
    assert tempo_cost["estimated_days"] == 99
    assert doc["reference_data"]["tempo"]["estimated_days"] == 99
