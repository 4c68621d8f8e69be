"""EDF's own CSV of the powers reached (newest first, cp1252)."""

from ingest import read_export
from ingest.formats import edf_supplier_csv
from ingest.source import load
from tests.conftest import DATA
from tests.ingest.local_time import local_rows

FILES = DATA / "other_formats"


def test_edf_newest_first_midnight_is_24h_off_grid_and_repeats_dropped():
    export = read_export(FILES / "edf_cp1252_newest_first.csv")
    assert export.format == "edf-supplier-csv"
    assert local_rows(export.curve) == [
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
