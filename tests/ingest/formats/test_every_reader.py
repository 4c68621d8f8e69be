"""What holds for every reader at once: damaged files in one line, files that name no meter,
unknown files, every real export by its reader, and one household written in every format."""

import datetime as dt
import json
import re

import polars as pl
import pytest

from ingest import ExportError, read_export
from sample_loadcurves import writers
from sample_loadcurves.archetypes import BY_ID
from sample_loadcurves.simulate import Household, simulate
from tests.conftest import DATA, real_export_dir
from tests.ingest.local_time import per_day

FILES = DATA / "other_formats"
UTC = dt.UTC


R63_ROW = "12345678901234;2024-10-26 00:00:00;2024-10-28 00:00:00;PA;CONS;BRUT;W;"
R63_HEADER = (
    "Identifiant PRM;Date de début;Date de fin;Grandeur physique;Grandeur métier;Etape métier;"
    "Unité;Horodate;Valeur;Nature;Pas;Indice de vraisemblance;Etat complémentaire\n"
)
READINGS = [{"value": "600", "date": "2024-10-27 10:00:00"}]


def _dataconnect(reading_type: object, readings: object = READINGS) -> bytes:
    body = {"usage_point_id": "12345678901234", "reading_type": reading_type}
    return json.dumps({"meter_reading": {**body, "interval_reading": readings}}).encode()


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (  # a time left empty in a file whose times carry offsets (was a Polars traceback)
            "gaps.csv",
            b"time,power (W)\n2024-01-01T00:00:00+01:00,100\n,200\n",
            "line 3: expected every time written like the first one",
        ),
        (  # text after a closing quote: Polars names no line, the error does
            "quotes.csv",
            b'jour;consommation (kWh)\n30/03/2024;12,5\n31/03/2024;"13,25"x\n',
            "line 3: expected fields separated by ';', each quote closed",
        ),
        (
            "ragged.csv",
            b"time;power (W)\n2024-01-01 00:00;1\n2024-01-01 00:30;1;2\n",
            "line 3: expected 2 fields separated by ';', found 3",
        ),
        (
            "historique_conso_12345678901234.csv",
            b'debut;fin;kW\n2023-12-12T00:00;2023-12-12T00:30;"0,6"\n;2023-12-12T01:00;"1,2"\n',
            "line 3: expected dates like 2023-12-12T00:00",
        ),
        (
            "r63.csv",
            f"{R63_ROW[:-2]};2024-10-27 01:30:00;600;B;PT30M;0;0\n".encode(),
            "line 1: expected a unit W, kW, Wh or kWh, got an empty field",
        ),
        (
            "r63.csv",
            f"{R63_HEADER};{R63_ROW[15:]}2024-10-27 01:30:00;600;B;PT30M;0;0\n".encode(),
            "line 2: expected the meter number (PRM), got an empty field",
        ),
        ("r63.csv", R63_HEADER.encode(), "line 2: expected readings, one per line"),
        ("page.json", _dataconnect(None), "meter_reading.reading_type: expected an object"),
        (
            "page.json",
            _dataconnect({"unit": "VA"}, [{"value": "-5", "date": "2024-10-27 10:00:00"}]),
            "meter_reading.interval_reading[0]: expected a power of 0 or more",
        ),
        (
            "gb.xml",
            (FILES / "greenbutton_production_scaled.xml").read_bytes().replace(b"UTF-8", b"x-x"),
            "line 1: expected a known text encoding",
        ),
    ],
)
def test_damaged_files_are_refused_in_one_line_naming_where(
    name: str, text: bytes, expected: str
) -> None:
    with pytest.raises(ExportError, match=re.escape(f"{name}: {expected}")):
        read_export(text, name=name)


def test_a_file_that_names_no_meter_is_stored_under_the_one_given():
    generic = read_export(FILES / "generic_no_unit.csv", unit="kW")
    assert generic.meter == "unknown"
    assert any("give one: --meter" in str(n) for n in generic.notes)
    given = read_export(FILES / "generic_no_unit.csv", unit="kW", meter=" client B ")
    assert given.meter == "client B"
    assert set(given.curve["meter"]) == {"client B"}
    page = json.loads((FILES / "dataconnect_autumn_unwrapped.json").read_bytes())
    page["usage_point_id"] = None
    gateway = read_export(json.dumps(page).encode(), name="page.json", meter="maison")
    assert gateway.meter == "maison"  # (a null usage_point_id is no meter, not 'None')
    # A file that names its meter keeps it.
    r63 = read_export(FILES / "r63_autumn_repeated_hour.csv", meter="maison")
    assert r63.meter == "12345678901234"


def test_unknown_files_list_the_formats():
    with pytest.raises(ExportError) as error:
        read_export(b"hello\nworld\n", name="notes.txt")
    message = str(error.value)
    for fmt in ("R63", "XLSX", "Data Connect", "EDF", "Conso Downloader", "Green Button"):
        assert fmt in message


REAL = {
    "enedis_portal_csv": "enedis-portal-csv",
    "enedis_portal_xlsx": "enedis-portal-xlsx",
    "enedis_r63_csv": "enedis-r63-csv",
    "dataconnect_json": "dataconnect-json",
    "edf_supplier_csv": "edf-supplier-csv",
    "greenbutton_espi_xml": "greenbutton-xml",
}


@pytest.mark.real
@pytest.mark.parametrize("folder", sorted(REAL))
def test_every_real_export_is_read_by_its_reader(folder):
    paths = sorted(real_export_dir(folder).iterdir())
    assert paths, f"no real export in {folder}"  # else the loop below checks nothing
    for path in paths:
        export = read_export(path)
        assert export.format == REAL[folder], path.name
        assert export.rows > 0


@pytest.mark.real
def test_real_edf_and_greenbutton_files():
    edf = read_export(
        real_export_dir("edf_supplier_csv") / "edf_mes-puissances-atteintes-30min_EXCERPT_utf8.txt"
    )
    assert edf.curve.height == 50
    last = edf.curve.sort("start").row(-1, named=True)
    assert last["end"] == dt.datetime(2026, 1, 30, 23, tzinfo=UTC)  # 00:00:00 = 24:00 local
    assert last["wh"] == 2258 / 2
    gb = read_export(
        real_export_dir("greenbutton_espi_xml") / "gba_TestGBDataHourlyNineDaysBinnedDaily.xml"
    )
    assert gb.curve.height == 216  # nine days of hours
    assert set((gb.curve["end"] - gb.curve["start"]).dt.total_minutes()) == {60}


def test_the_same_household_as_portal_csv_r63_and_dataconnect_gives_the_same_rows():
    """A simulated year with both clock changes and its gaps, written three ways."""
    a = BY_ID["maison_electrique"]
    curve = simulate(Household(a, "12345678901234", 2024, 7)).curve()
    curve = curve.filter(pl.col("direction") == "consumption")
    period = {
        "meter": "12345678901234",
        "first_day": dt.date(2024, 1, 1),
        "end_day": dt.date(2025, 1, 1),
    }
    portal = read_export(writers.enedis_portal_csv(curve, **period), name="portal.csv")
    r63 = read_export(writers.enedis_r63_csv(curve, **period), name="r63.csv")
    json_ = read_export(writers.dataconnect_json(curve, **period), name="dc.json")
    assert (portal.format, r63.format, json_.format) == (
        "enedis-portal-csv",
        "enedis-r63-csv",
        "dataconnect-json",
    )
    assert portal.curve.height > 17_000
    assert r63.curve.equals(portal.curve)
    assert json_.curve.equals(portal.curve)
    days = per_day(r63.curve)
    assert days[dt.date(2024, 3, 31)] == 46
    assert days[dt.date(2024, 10, 27)] == 50


def test_every_writer_round_trips_through_its_reader():
    """The sample writers (used by the benchmarks) write what the readers read."""
    a = BY_ID["appartement_gaz"]
    curve = simulate(Household(a, "12345678901234", 2024, 3)).curve()
    curve = curve.filter(pl.col("direction") == "consumption")
    period = {
        "meter": "12345678901234",
        "first_day": dt.date(2024, 1, 1),
        "end_day": dt.date(2025, 1, 1),
    }
    reference = read_export(writers.enedis_portal_csv(curve, **period)).curve.select(
        "start", "end", "wh"
    )
    for name, data in {
        "x.xlsx": writers.enedis_portal_xlsx(curve, meter="12345678901234"),
        "historique_conso_12345678901234.csv": writers.conso_downloader_csv(curve),
        "edf.csv": writers.edf_supplier_csv(curve),
        "generic.csv": writers.generic_csv(curve),
    }.items():
        got = read_export(data, name=name).curve.select("start", "end", "wh")
        assert got.equals(reference), name
    gb = read_export(writers.greenbutton_xml(curve)).curve
    assert gb["wh"].to_list() == curve.sort("start")["wh"].round(0).to_list()
