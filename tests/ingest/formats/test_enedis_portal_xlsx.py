"""The Enedis portal's XLSX workbooks: built by hand, cell by cell, as the portal writes
them (all text); then the real ones."""

import datetime as dt

import pytest

from ingest import ExportError, read_export
from sample_loadcurves import writers
from tests.conftest import DATA, real_export_dir
from tests.ingest.local_time import local_rows

FILES = DATA / "other_formats"
UTC = dt.UTC


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
    assert local_rows(export.curve) == [
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
