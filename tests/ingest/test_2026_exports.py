"""The 2026 exports (issue 16 §5), each on a tiny hand-made file with its quirk named.

Rows and totals are checked against counts made here with the csv/json modules (or by
hand), never with the readers' own code. Provenance of each shape: tests/data/enedis_2026/
SOURCES.md.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import zipfile
from xml.etree import ElementTree

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from ingest import read_export
from ingest.schema import SCHEMAS
from sample_loadcurves.tic_captures import tic_historic_bulk
from tests.conftest import DATA, real_export_dir

FILES = DATA / "enedis_2026"
UTC = dt.UTC
METER = "12345678901234"


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


def curve(rows: list[tuple[dt.datetime, float]], direction: str = "consumption") -> pl.DataFrame:
    """30-min intervals from their UTC starts and energies [Wh]."""
    return pl.DataFrame(
        {
            "meter": [METER] * len(rows),
            "start": [r[0] for r in rows],
            "end": [r[0] + dt.timedelta(minutes=30) for r in rows],
            "wh": [r[1] for r in rows],
            "direction": [direction] * len(rows),
        },
        schema=SCHEMAS["curve"],
    )


# --- the browser export script of the 2026 portal -------------------------------------------

SCRIPT = FILES / "conso-courbe-30min_12345678901234_20261025-20261025.csv"


def test_export_script_csv_is_read_by_its_title_and_header_not_its_name():
    export = read_export(SCRIPT.read_bytes(), name="renamed.csv")
    assert export.format == "enedis-script-csv"
    assert export.meter == METER  # from the title line


def test_export_script_naive_end_stamps_and_the_autumn_hour_it_collapses():
    """The script keys points by naive local time: the repeated hour 02:00-03:00 is once."""
    with SCRIPT.open(newline="") as f:
        rows = list(csv.reader(f, delimiter=";"))[2:]
    watts = [int(w) for _, w in rows]
    export = read_export(SCRIPT)
    assert export.curve.height == len(rows) == 8
    assert export.curve["wh"].sum() == sum(watts) * 30 / 60 == 1590
    # By hand: end stamps in summer time up to the lone 02:30 (its first pass), then winter.
    expected = curve(
        [
            (utc(2026, 10, 24, 21, 30), 175.0),  # ends 00:00 CEST
            (utc(2026, 10, 24, 22, 0), 200.0),
            (utc(2026, 10, 24, 22, 30), 210.0),
            (utc(2026, 10, 24, 23, 0), 190.0),
            (utc(2026, 10, 24, 23, 30), 250.0),  # ends 02:00 CEST, the first pass
            (utc(2026, 10, 25, 0, 0), 260.0),  # ends 02:30 CEST
            # 00:30Z-01:30Z, the second pass of 02:00-03:00 (CET), is missing.
            (utc(2026, 10, 25, 1, 30), 150.0),  # ends 03:00 CET
            (utc(2026, 10, 25, 2, 0), 155.0),
        ]
    )
    assert_frame_equal(export.curve, expected)
    said = [str(n) for n in export.notes]
    assert any("appears once" in n and "is missing, not filled" in n for n in said), said


# --- Data Connect: the 2026 measures shape beside v5 --------------------------------------

MEASURES = FILES / "dataconnect_2026_measures_list.json"


def _quantities(path: str) -> list[dict]:
    """Every ``grandeur`` of the responses in a file, read with the json module."""
    doc = json.loads((FILES / path).read_text())
    return [
        g for response in (doc if isinstance(doc, list) else [doc]) for g in response["grandeur"]
    ]


def test_2026_measures_curve_daily_peaks_and_production_stated_by_grandeur_metier():
    by_kind = {
        (g["grandeurMetier"], g["grandeurPhysique"]): g["points"]
        for g in _quantities(MEASURES.name)
    }
    export = read_export(MEASURES)
    assert export.format == "dataconnect-json"
    assert export.meter == METER  # idPrm
    watts = [int(p["v"]) for p in by_kind["CONS", "PA"]]
    assert export.curve.height == len(watts) == 4
    assert export.curve["wh"].sum() == sum(watts) / 2
    assert export.curve["start"][0] == utc(2026, 9, 28, 22, 0)  # 'd' 00:30 is the end (CEST)
    for metier, direction in (("CONS", "consumption"), ("PROD", "production")):
        days = export.daily.filter(pl.col("direction") == direction)
        points = by_kind[metier, "EA"]
        assert days.height == len(points) == 2
        assert days["wh"].sum() == sum(int(p["v"]) for p in points)
    peaks = by_kind["CONS", "PMA"]
    assert export.peaks["va"].to_list() == [float(p["v"]) for p in peaks] == [4680, 6510]
    assert export.peaks["at"][0] == utc(2026, 9, 29, 11, 3, 35)
    # grandeurMetier states the direction: nothing to infer.
    assert not any("direction not stated" in str(n) for n in export.notes)
    flagged = [p for p in by_kind["CONS", "PA"] if p["iv"] != "0" or p["ec"] != "0"]
    assert any(
        f"{len(flagged)} points carry an Enedis plausibility flag" in str(n) for n in export.notes
    )


def test_2026_measures_and_v5_of_the_same_points_give_the_same_curve():
    """MyElectricalData measured it on 2026-10-04: same values and stamps in both APIs."""
    points = _quantities(MEASURES.name)[0]["points"]
    v5 = {
        "meter_reading": {
            "usage_point_id": METER,
            "start": "2026-09-29",
            "end": "2026-09-30",
            "reading_type": {"unit": "W", "measurement_kind": "power", "aggregate": "average"},
            "interval_reading": [
                {"value": p["v"], "date": p["d"], "interval_length": p["p"]} for p in points
            ],
        }
    }
    old = read_export(json.dumps(v5).encode())
    assert_frame_equal(old.curve, read_export(MEASURES).curve)


def test_a_gateway_that_moved_the_stamps_to_interval_starts_is_read_as_starts():
    """MyElectricalData's gateway shifts each point back by its step; a point at the
    period's first midnight cannot be an end stamp."""
    points = _quantities("dataconnect_2026_gateway_start_stamps.json")[0]["points"]
    export = read_export(FILES / "dataconnect_2026_gateway_start_stamps.json")
    assert export.curve.height == len(points) == 4
    assert export.curve["wh"].sum() == sum(int(p["v"]) for p in points) / 2
    expected = curve(
        [
            (utc(2026, 9, 28, 22, 0), 0.0),
            (utc(2026, 9, 28, 22, 30), 64.0),
            (utc(2026, 9, 28, 23, 0), 3.0),
            (utc(2026, 9, 28, 23, 30), 101.0),
        ],
        direction="production",
    )
    assert_frame_equal(export.curve, expected)
    assert any("read as starts" in str(n) for n in export.notes)


# --- the producer's daily index export ---------------------------------------------------

PROD_JOUR = FILES / "Enedis_Prod_Jour_index_eai_t.csv"


def test_producer_daily_index_eai_t_is_read_as_production_not_as_no_data():
    """Enedis_Prod_Jour: an Index block whose total is the injected register EAI T."""
    with PROD_JOUR.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f, delimiter=";"))
    header, readings = rows[2], rows[3:]
    eai = [int(r[header.index("EAI T")]) for r in readings]
    export = read_export(PROD_JOUR)
    assert export.registers["register"].unique().to_list() == ["EAIT"]
    assert export.registers.height == len(readings) == 4
    daily = export.daily
    assert daily["direction"].unique().to_list() == ["production"]
    assert daily.height == len(eai) - 1 == 3
    assert daily["wh"].sum() == eai[-1] - eai[0] == 40_900
    assert daily["wh"].to_list() == [18_263, 2_424, 20_213]  # by hand: 4536483 - 4518220 …
    assert daily["day"].to_list() == [dt.date(2026, 6, d) for d in (1, 2, 3)]
    assert any("(EAI T)" in str(n) for n in export.notes)


def test_an_index_without_a_total_register_says_why_it_gives_no_daily_energy():
    data = PROD_JOUR.read_bytes().replace(b";EAI T\n", b";EAI F1\n")
    export = read_export(data, name="no_total.csv")
    assert export.daily.height == 0
    assert any("no total register (EAS T or EAI T)" in str(n) for n in export.notes)


# --- portal load-curve rows whose header lines were cut off ------------------------------

CUT = FILES / "Enedis_Conso_Heure_20230115-20230116_12345678901234_header_cut.csv"


def test_rows_without_header_lines_are_a_curve_whose_first_row_is_data():
    with CUT.open(newline="") as f:
        rows = [r for r in csv.reader(f, delimiter=";") if r]
    valued = [int(w) for _, w in rows if w]
    export = read_export(CUT)
    assert export.format == "enedis-portal-csv"
    assert export.meter == METER  # the portal's file name carries it
    assert export.curve.height == len(valued) == 4  # the first row kept, the empty one not
    assert export.curve["wh"].sum() == sum(valued) / 2 == 2100
    assert export.curve["start"][0] == utc(2023, 1, 14, 22, 0)  # 23:30+01:00 is an end
    assert [n.line for n in export.skipped()] == [4]


def test_header_cut_rows_take_the_unit_and_meter_given():
    export = read_export(CUT.read_bytes(), unit="kW", meter="98765432109876")
    assert export.meter == "98765432109876"
    assert export.curve["wh"][0] == 500_000.0  # 1000 kW for 30 min


# --- TIC line logs whose lines lost their CR ---------------------------------------------

NO_CR = FILES / "tic_standard_line_log_lost_cr.txt"


def _standard_checksum(group: bytes) -> int:
    """Standard mode: (sum of the bytes up to and including the last HT) & 0x3F + 0x20."""
    return (sum(group[:-1]) & 0x3F) + 0x20


def test_tic_line_log_without_cr_is_read_and_its_checksums_hold():
    lines = NO_CR.read_bytes().split(b"\n")[:-1]
    assert b"\r" not in NO_CR.read_bytes()
    groups = [line.split(b" ", 1)[1] for line in lines]  # after the receive time
    assert all(_standard_checksum(g) == g[-1] for g in groups)  # checked here, by hand
    east = [int(g.split(b"\t")[1]) for g in groups if g.startswith(b"EAST\t")]
    export = read_export(NO_CR)  # a path: detected from its first bytes, then streamed
    assert export.format == "tic-capture"
    assert export.meter == METER
    assert f"{len(groups)} valid groups" in str(export.notes[0])
    registers = export.registers.filter(pl.col("register") == "EAST").sort("at")
    assert registers["wh"].to_list() == east == [40_000_000, 40_000_250, 40_000_500, 40_000_750]
    assert registers["at"][0] == utc(2026, 11, 30, 22, 59)  # 23:59+01:00 receive time


def test_tic_line_log_without_cr_reads_as_the_same_log_with_cr():
    lost = NO_CR.read_bytes()
    whole = read_export(lost.replace(b"\n", b"\r\n"), name="with_cr.txt")
    export = read_export(lost, name="lost_cr.txt")
    for table in ("registers", "curve", "peaks"):
        assert_frame_equal(export.table(table), whole.table(table))


def test_historic_capture_without_cr_keeps_the_line_speed_of_the_meter():
    """Frame times come from the line speed: the lost CRs (one a group) still took time."""
    capture = tic_historic_bulk(600, hchc_wh=1_000_000, seed=3)
    start = utc(2024, 1, 8, 12)
    whole = read_export(capture, start=start)
    export = read_export(capture.replace(b"\r", b""), start=start)
    assert str(export.notes[1]) == str(whole.notes[1])  # "one frame every … s"
    assert_frame_equal(export.registers, whole.registers)


# --- the daily portal XLSX labelled "(en kWh)" -------------------------------------------

DAILY_KWH = FILES / "portal_daily_en_kwh.xlsx"
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def _sheet_texts(path, part: str) -> list[list[str]]:
    """The inline-string cells of one sheet, row by row (zipfile and ElementTree only)."""
    with zipfile.ZipFile(path) as z:
        root = ElementTree.fromstring(z.read(part))
    return [[t.text or "" for t in row.iter(f"{MAIN}t")] for row in root.iter(f"{MAIN}row")]


def test_daily_xlsx_labelled_kwh_is_read_as_kwh_and_the_note_says_so():
    rows = _sheet_texts(DAILY_KWH, "xl/worksheets/sheet2.xml")
    header = rows.index(["Date", "Valeur (en kWh)"])
    values = [v for _, v in rows[header + 1 :]]
    kwh = [float(v.replace(",", ".")) for v in values if v != "NA"]
    export = read_export(DAILY_KWH)
    assert export.daily.height == len(kwh) == 3  # the NA day is a missing row
    assert export.daily["wh"].sum() == round(sum(kwh) * 1000) == 80_157
    said = [str(n) for n in export.notes]
    assert "daily values are energy in kWh, as labelled" in said[0]
    assert not any("labelled 'kW'" in n for n in said)  # the old note would be wrong here


def test_rows_that_kept_only_their_column_line_are_still_end_stamped():
    """'Horodate;Valeur' then rows: the portal's convention, not a generic start-stamped CSV."""
    data = b"Horodate;Valeur\r\n" + CUT.read_bytes().replace(b"\n", b"\r\n")
    export = read_export(data, name=CUT.name)
    assert export.format == "enedis-portal-csv"
    assert export.curve["start"][0] == utc(2023, 1, 14, 22, 0)
    assert export.curve["wh"].sum() == 2100
    assert [n.line for n in export.skipped()] == [5]


@pytest.mark.real
def test_the_real_daily_xlsx_labelled_kw_is_noted_as_kwh_despite_its_label():
    path = (
        real_export_dir("enedis_portal_xlsx") / "solarcalculet_conso_quotidienne_2024-07-15_21.xlsx"
    )
    export = read_export(path)
    assert export.daily.height == 7
    assert "kWh although labelled 'kW'" in str(export.notes[0])


def test_export_script_spring_day_is_continuous_from_0130_to_0300():
    """Spring: the stamps go 01:30 then 03:00 (02:00 CET is 03:00 CEST): 30 minutes apart."""
    rows = ["2026-03-29T01:00:00;600", "2026-03-29T01:30:00;400", "2026-03-29T03:00:00;800"]
    title = "Courbe de charge Linky (pas 30 min) - PRM 12345678901234"
    header = "Horodate fin de pas;Puissance moyenne (W)"
    data = "\n".join([title, header, *rows, ""]).encode()
    export = read_export(data, name="spring.csv")
    expected = curve(
        [
            (utc(2026, 3, 28, 23, 30), 300.0),
            (utc(2026, 3, 29, 0, 0), 200.0),
            (utc(2026, 3, 29, 0, 30), 400.0),
        ]
    )
    assert_frame_equal(export.curve, expected)
    assert not any("appears once" in str(n) for n in export.notes)
