"""The portal's older "Date de la mesure" export (formats.md §1c), its own reader."""

import datetime as dt

import pytest

from ingest import ExportError, read_export
from ingest.formats import detect, enedis_portal_csv
from ingest.formats.enedis_portal_csv import legacy
from ingest.source import Raw
from tests.conftest import DATA

LEGACY = DATA / "enedis_portal_csv" / "legacy_date_de_la_mesure_cp1252.csv"


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)


def test_older_date_de_la_mesure_export_in_windows_1252():
    export = read_export(LEGACY)
    assert export.format == "enedis-portal-csv"  # the portal CSV's name, as stored before
    assert export.meter == "12345678901234"
    assert export.curve.select("end", "wh").rows() == [
        (utc(2017, 10, 28, 23, 30), 200.0),
        (utc(2017, 10, 29, 0, 0), 300.0),
        (utc(2017, 10, 29, 0, 30), 400.0),
        (utc(2017, 10, 29, 1, 0), 500.0),  # the second 02:00 is winter time
        (utc(2017, 10, 29, 1, 30), 600.0),
    ]
    assert [n.line for n in export.skipped()] == [7]
    assert any("file order" in n.message for n in export.notes)


def test_older_header_without_a_needed_column_is_named():
    legacy = LEGACY.read_bytes()
    with pytest.raises(ExportError, match=r"old.csv: line 1: expected a column named 'Unité'"):
        read_export(legacy.replace(b"Unit\xe9", b"Unity", 1), name="old.csv")


def test_the_older_export_has_its_own_reader_under_the_portal_format_name():
    head = LEGACY.read_bytes()[:4096]
    reader = detect(Raw("old.csv", head))
    assert reader is not None
    assert reader.read is legacy.read
    assert reader.format == enedis_portal_csv.FORMAT
    assert not enedis_portal_csv.sniff(head)


def test_a_refused_file_names_the_portal_format_once():
    with pytest.raises(ExportError) as info:
        read_export(b"what;ever\n1;2\n", name="x.csv")
    assert str(info.value).count("Enedis portal CSV (load curve") == 1
    assert "the older Enedis portal CSV" not in str(info.value)
