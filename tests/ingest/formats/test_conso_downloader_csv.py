"""Conso Downloader's CSV."""

from ingest import read_export
from tests.conftest import DATA
from tests.ingest.local_time import local_rows

FILES = DATA / "other_formats"


def test_conso_downloader_quoted_commas_and_null():
    export = read_export(FILES / "historique_conso_12345678901234_conso_downloader.csv")
    assert export.format == "conso-downloader-csv"
    assert export.meter == "12345678901234"
    assert local_rows(export.curve) == [
        ("12 00:00+0100", "12 00:30+0100", 348.0),
        ("12 00:30+0100", "12 01:00+0100", 602.0),
        ("12 01:30+0100", "12 02:00+0100", 250.0),
    ]
    assert "line 4: no value" in [str(n) for n in export.notes]
