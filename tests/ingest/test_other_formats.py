"""Every other export a household can get: each quirk on a tiny file, then the real ones."""

import datetime as dt
import json
import re
from pathlib import Path

import polars as pl
import pytest

from ingest import ExportError, read_export
from ingest.formats import edf_supplier_csv
from ingest.schema import TIME_ZONE
from ingest.source import load
from sample_loadcurves import writers
from sample_loadcurves.archetypes import BY_ID
from sample_loadcurves.simulate import Household, simulate
from tests.conftest import DATA, real_export_dir

FILES = DATA / "other_formats"
UTC = dt.UTC


def _local(curve: pl.DataFrame) -> list[tuple[str, str, float]]:
    """(local start, local end, Wh) rows, for reading test expectations as a person would."""
    paris = curve.select(
        pl.col("start").dt.convert_time_zone(TIME_ZONE).dt.strftime("%d %H:%M%z"),
        pl.col("end").dt.convert_time_zone(TIME_ZONE).dt.strftime("%d %H:%M%z"),
        "wh",
    )
    return [tuple(r) for r in paris.rows()]


def _per_day(curve: pl.DataFrame) -> dict[dt.date, int]:
    days = curve.group_by(pl.col("start").dt.convert_time_zone(TIME_ZONE).dt.date()).len()
    return dict(days.rows())


# --- XLSX: built by hand, cell by cell, as the portal writes them (all text) -------------

xlsx = writers.xlsx


HEAD = [
    ["Compte Client", None, "Export des données de la courbe de charge"],
    [
        "Point Référence Mesure (PRM) : ",
        "12345678901234",
        "Grandeur physique :",
        "Puissance Active",
    ],
    ["NA", "Données indisponibles", "Date de début :", "26/10/2024"],
    [None, "Plage horaire"],
    [None, "Début", "Fin", "Valeur (en kW)"],
]


def test_xlsx_curve_autumn_change_and_na():
    rows = [
        [None, "27/10/2024 01:30:00", "27/10/2024 02:00:00", "1,200"],
        [None, "27/10/2024 02:00:00", "27/10/2024 02:30:00", "1,000"],
        [None, "27/10/2024 02:30:00", "27/10/2024 03:00:00", "NA"],
        [None, "27/10/2024 02:00:00", "27/10/2024 02:30:00", "2,000"],
        [None, "27/10/2024 02:30:00", "27/10/2024 03:00:00", "0,500"],
    ]
    export = read_export(xlsx({"Page d'accueil": [["x"]], "Consommation Horaire": HEAD + rows}))
    assert export.format == "enedis-portal-xlsx"
    assert export.meter == "12345678901234"
    assert _local(export.curve) == [
        ("27 01:30+0200", "27 02:00+0200", 600.0),
        ("27 02:00+0200", "27 02:30+0200", 500.0),
        ("27 02:00+0100", "27 02:30+0100", 1000.0),  # the repeated hour, in file order
        ("27 02:30+0100", "27 03:00+0100", 250.0),
    ]
    assert any(n.kind == "skipped" and n.message == "no value" for n in export.notes)


def test_xlsx_daily_energy_despite_its_kw_label():
    head = [["Point Référence Mesure (PRM) : ", "12345678901234"], ["Date", "Valeur (en kW)"]]
    rows = [["15/07/2024", "25,247"], ["16/07/2024", "NA"], ["17/07/2024", "33,967"]]
    export = read_export(xlsx({"Export Consommation Quotidienne": head + rows}))
    assert export.daily.select("day", "wh").rows() == [
        (dt.date(2024, 7, 15), 25247.0),
        (dt.date(2024, 7, 17), 33967.0),
    ]
    assert "kWh although labelled 'kW'" in str(export.notes[0])


def test_xlsx_bad_value_and_not_an_enedis_workbook():
    rows = [[None, "01/01/2024 00:00:00", "01/01/2024 00:30:00", "beaucoup"]]
    with pytest.raises(
        ExportError, match=r"data row 1 \(01/01/2024 00:00:00\): expected a value in kW"
    ):
        read_export(xlsx({"Consommation Horaire": HEAD + rows}), name="c.xlsx")
    with pytest.raises(ExportError, match="a spreadsheet, but not an Enedis export"):
        read_export(xlsx({"Budget": [["a"]]}), name="b.xlsx")
    with pytest.raises(ExportError, match="not a readable spreadsheet"):
        read_export(b"PK\x03\x04 broken", name="x.xlsx")


# --- R63 -------------------------------------------------------------------------------


def test_r63_autumn_repeated_hour_follows_file_order():
    export = read_export(FILES / "r63_autumn_repeated_hour.csv")
    assert export.format == "enedis-r63-csv"
    assert _local(export.curve) == [
        ("27 01:00+0200", "27 01:30+0200", 300.0),
        ("27 01:30+0200", "27 02:00+0200", 320.0),
        ("27 02:00+0200", "27 02:30+0200", 572.0),
        ("27 02:30+0200", "27 02:00+0100", 567.0),  # the second "02:00" is winter time
        ("27 02:00+0100", "27 02:30+0100", 315.0),
        ("27 02:30+0100", "27 03:00+0100", 350.0),
        ("27 03:00+0100", "27 03:30+0100", 250.0),
    ]
    assert any("plausibility flag" in n.message for n in export.notes)


def test_r63_without_header_reads_the_same():
    a = read_export(FILES / "r63_autumn_repeated_hour.csv").curve
    b = read_export(FILES / "r63_no_header.csv").curve
    assert a.equals(b)


def test_r63_spring_day_and_a_step_that_changes():
    export = read_export(FILES / "r63_spring_step_change.csv")
    assert _local(export.curve) == [
        ("31 01:00+0100", "31 01:30+0100", 200.0),
        ("31 01:30+0100", "31 03:00+0200", 210.0),  # 30 real minutes across the change
        ("31 03:00+0200", "31 03:30+0200", 215.0),
        ("31 03:30+0200", "31 04:30+0200", 1000.0),  # PT60M
        ("31 04:30+0200", "31 05:00+0200", 400.0),
    ]


def test_r63_bad_step_names_the_line():
    with pytest.raises(ExportError, match=r"bad_r63_step.csv: line 3: expected a step like PT30M"):
        read_export(FILES / "bad_r63_step.csv")


# --- Data Connect JSON ------------------------------------------------------------------


def test_dataconnect_unwrapped_curve_over_the_autumn_change():
    export = read_export(FILES / "dataconnect_autumn_unwrapped.json")
    assert export.format == "dataconnect-json"
    r63 = read_export(FILES / "r63_autumn_repeated_hour.csv")
    assert export.curve.equals(r63.curve)  # same readings, same canonical rows


def test_dataconnect_list_of_wrapped_daily_and_max_power():
    export = read_export(FILES / "dataconnect_list_wrapped.json")
    assert export.daily.select("day", "wh").rows() == [
        (dt.date(2024, 10, 26), 11776.0),
        (dt.date(2024, 10, 27), 14401.0),
    ]
    assert export.peaks.select("day", "va", "at").rows() == [
        (dt.date(2024, 10, 26), 4638.0, dt.datetime(2024, 10, 26, 10, 6, 20, tzinfo=UTC)),
        (dt.date(2024, 10, 27), 5210.0, dt.datetime(2024, 10, 27, 18, 40, tzinfo=UTC)),
    ]


def test_dataconnect_readings_that_are_not_objects_are_named():
    body = {
        "usage_point_id": "12345678901234",
        "reading_type": {"unit": "W", "aggregate": "average"},
        "interval_reading": [1, 2],
    }
    with pytest.raises(ExportError, match=r"meter_reading.interval_reading: expected a list"):
        read_export(json.dumps({"meter_reading": body}).encode(), name="page.json")


def test_dataconnect_gateway_error_is_a_clear_message():
    with pytest.raises(ExportError, match=r"the gateway answered with an error: .*Start date"):
        read_export(FILES / "bad_dataconnect_error.json")


# --- EDF, Conso Downloader, Green Button, generic ---------------------------------------


def test_edf_newest_first_midnight_is_24h_off_grid_and_repeats_dropped():
    export = read_export(FILES / "edf_cp1252_newest_first.csv")
    assert export.format == "edf-supplier-csv"
    assert _local(export.curve) == [
        ("01 23:00+0100", "01 23:30+0100", 2000.0),
        ("01 23:30+0100", "02 00:00+0100", 1500.0),
        ("02 23:00+0100", "02 23:30+0100", 500.0),
        ("02 23:30+0100", "03 00:00+0100", 1000.0),
    ]
    notes = [str(n) for n in export.notes]
    assert "line 9: time off the half-hour grid" in notes
    assert any("repeated" in n for n in notes)


def test_edf_fast_and_slow_paths_agree():
    text = (
        "\r\nR\xe9capitulatif de mes puissances atteintes en W\r\n\r\n"
        "Date et heure de rel\xe8ve par le distributeur;Puissance atteinte (W);"
        "Nature de la donn\xe9e\r\n\r\n"
        "02/01/2026;;\r\n00:00:00;2000;R\xe9elle\r\n23:30:00;;Estim\xe9e\r\n"
        "23:15:00;999;R\xe9elle\r\n"
        "01/01/2026;;\r\n00:00:00;3000;R\xe9elle\r\n23:30:00;4000;R\xe9elle\r\n"
    )
    raw = load(text.encode("cp1252"), name="mes-puissances-atteintes-30min-42.csv")
    fast = edf_supplier_csv._parsed_fast(raw)
    assert fast is not None  # no blank line inside the blocks: the typed path reads it
    slow = edf_supplier_csv._parsed_slow(raw)
    assert fast.drop("nature").equals(slow.drop("nature"))
    assert [n.decode("cp1252") for n in fast["nature"]] == slow["nature"].to_list()  # kept as bytes
    export = read_export(raw.data, name=raw.name)
    notes = [str(n) for n in export.notes]
    assert "line 8: no value" in notes
    assert "line 9: time off the half-hour grid" in notes
    assert export.metadata["nature"] == "Estimée, Réelle"
    assert export.curve["wh"].to_list() == [2000.0, 1500.0, 1000.0]


def test_conso_downloader_quoted_commas_and_null():
    export = read_export(FILES / "historique_conso_12345678901234_conso_downloader.csv")
    assert export.format == "conso-downloader-csv"
    assert export.meter == "12345678901234"
    assert _local(export.curve) == [
        ("12 00:00+0100", "12 00:30+0100", 348.0),
        ("12 00:30+0100", "12 01:00+0100", 602.0),
        ("12 01:30+0100", "12 02:00+0100", 250.0),
    ]
    assert "line 4: no value" in [str(n) for n in export.notes]


def test_greenbutton_scaled_production_in_utc():
    export = read_export(FILES / "greenbutton_production_scaled.xml")
    assert export.format == "greenbutton-xml"
    assert export.meter == "greenbutton-7"
    assert export.curve.select("start", "wh", "direction").rows() == [
        (dt.datetime(2024, 1, 1, tzinfo=UTC), pytest.approx(123.4), "production"),
        (dt.datetime(2024, 1, 1, 0, 15, tzinfo=UTC), pytest.approx(2.0), "production"),
    ]


def test_generic_csv_offsets_unit_daily_and_spring():
    offsets = read_export(FILES / "generic_offsets_w.csv")
    assert offsets.curve["wh"].to_list() == [250.0, 300.0, 350.0]
    assert offsets.curve["start"][2] == dt.datetime(2024, 3, 31, 1, 0, tzinfo=UTC)
    with pytest.raises(ExportError, match=r"name the unit in its header or give it \(--unit, or"):
        read_export(FILES / "generic_no_unit.csv")
    given = read_export(FILES / "generic_no_unit.csv", unit="kW")
    assert given.curve["wh"].to_list() == [750.0, 1000.0]
    daily = read_export(FILES / "generic_daily_kwh.csv")
    assert daily.daily.select("day", "wh").rows() == [
        (dt.date(2024, 3, 30), 12500.0),
        (dt.date(2024, 3, 31), 13250.0),
    ]
    spring = read_export(FILES / "generic_naive_spring_kw.csv")
    skipped = [str(n) for n in spring.notes if n.kind == "skipped"]
    assert skipped == [
        "line 3: 31/03/2024 02:00 does not exist (the spring clock change)",
        "line 4: 31/03/2024 02:30 does not exist (the spring clock change)",
    ]
    assert _per_day(spring.curve) == {dt.date(2024, 3, 31): 3}
    with pytest.raises(ExportError, match="unknown time zone 'Mars/Olympus'"):
        read_export(FILES / "generic_no_unit.csv", unit="kW", time_zone="Mars/Olympus")


def test_generic_csv_out_of_order_repeated_and_empty_rows():
    text = (
        "time;power (W)\n"
        "2024-01-01T00:30:00+01:00;300\n"
        "2024-01-01T00:00:00+01:00;200\n"
        "2024-01-01T00:30:00+01:00;999\n"
        "2024-01-01T01:00:00+01:00;\n"
        "2024-01-01T01:30:00+01:00;400\n"
    )
    export = read_export(text.encode(), name="mixed.csv")
    assert export.curve.select("start", "wh").rows() == [
        (dt.datetime(2023, 12, 31, 23, 0, tzinfo=UTC), 100.0),
        (dt.datetime(2023, 12, 31, 23, 30, tzinfo=UTC), 150.0),  # the first of the two kept
        (dt.datetime(2024, 1, 1, 0, 30, tzinfo=UTC), 200.0),
    ]
    notes = [str(n) for n in export.notes]
    assert "line 5: no value" in notes
    assert "1 repeated intervals were given again; the first kept" in notes


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


def test_generic_csv_daily_repeated_day_empty_value_and_spaced_header():
    text = "jour ;consommation (kWh) \n30/03/2024;12,5\n30/03/2024;99\n31/03/2024;\n01/04/2024;3\n"
    export = read_export(text.encode(), name="days.csv")
    assert export.daily.select("day", "wh").rows() == [
        (dt.date(2024, 3, 30), 12500.0),  # the first of the two kept
        (dt.date(2024, 4, 1), 3000.0),
    ]
    notes = [str(n) for n in export.notes]
    assert "line 4: no value" in notes
    assert "1 repeated days were given again; the first kept" in notes


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


# --- the real files ----------------------------------------------------------------------

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
    for path in sorted(real_export_dir(folder).iterdir()):
        export = read_export(path)
        assert export.format == REAL[folder], path.name
        assert export.rows > 0


@pytest.mark.real
def test_real_xlsx_files():
    folder = real_export_dir("enedis_portal_xlsx")
    curve = read_export(folder / "solarcalculet_courbe_charge_2024-01-01_07.xlsx")
    assert curve.curve.height == 335  # the week's last half-hour is missing, as always
    assert curve.curve["start"].min() == dt.datetime(2023, 12, 31, 23, tzinfo=UTC)
    assert curve.curve["wh"][0] == pytest.approx(2906 / 2)
    assert set((curve.curve["end"] - curve.curve["start"]).dt.total_minutes()) == {30}
    daily = read_export(folder / "solarcalculet_conso_quotidienne_2024-07-15_21.xlsx")
    assert daily.daily.height == 7
    assert daily.daily["wh"][0] == 25247.0


@pytest.mark.real
def test_real_r63_files():
    folder = real_export_dir("enedis_r63_csv")
    full = read_export(folder / "solarcalculet_r63_cdc_lines0001-11500.csv")
    assert full.curve.height == 11499
    days = _per_day(full.curve)
    assert days[dt.date(2023, 3, 26)] == 46
    assert days[dt.date(2023, 10, 29)] == 50
    assert sum(1 for n in full.notes if "plausibility" in n.message) == 1
    part = read_export(folder / "solarcalculet_r63_cdc_lines23600-24000_no_header.csv")
    assert part.curve.height == 401
    steps = (part.curve["end"] - part.curve["start"]).dt.total_minutes()
    assert set(steps) == {30, 60}
    assert part.curve.filter(steps == 60)["start"].min() == dt.datetime(2024, 7, 18, 21, tzinfo=UTC)


@pytest.mark.real
def test_real_dataconnect_files():
    folder = real_export_dir("dataconnect_json")
    boris = read_export(folder / "consoboris_linky_recorded_responses_EXTRACTED.json")
    directions = dict(boris.curve.group_by("direction").len().rows())
    assert directions == {"consumption": 48, "production": 48}
    assert boris.daily.height == 6
    assert boris.peaks.height == 3
    assert boris.curve["start"].min() == dt.datetime(2023, 3, 31, 22, tzinfo=UTC)  # 00:30 end
    med = read_export(folder / "myelectricaldatapy_detail_load_curve.json")
    assert med.curve.height == 144
    daily = read_export(folder / "myelectricaldatapy_daily_consumption.json")
    assert daily.daily.height == 365


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


def test_json_list_of_pages_is_deduplicated(tmp_path: Path):
    page = json.loads((FILES / "dataconnect_autumn_unwrapped.json").read_text())
    both = tmp_path / "pages.json"
    both.write_text(json.dumps([page, page]))
    export = read_export(both)
    assert export.curve.height == 7
    assert any("repeated" in n.message for n in export.notes)


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
    days = _per_day(r63.curve)
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


def test_a_missing_row_in_a_start_stamped_generic_csv_is_left_missing():
    # 11:30 is missing: 11:00's half-hour is 500 Wh, not an hour of 1000 Wh covering the gap
    export = read_export(FILES / "generic_start_missing_row_w.csv")
    steps = (export.curve["end"] - export.curve["start"]).dt.total_minutes().to_list()
    assert steps == [30] * 6
    assert export.curve["wh"].to_list() == [500.0] * 6
