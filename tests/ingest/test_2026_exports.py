"""The 2026 exports (issue 16 §5), each on a tiny hand-made file with its quirk named.

Rows and totals are checked against counts made here with the csv/json modules (or by
hand), never with the readers' own code. Provenance of each shape: tests/data/enedis_2026/
SOURCES.md.
"""

from __future__ import annotations

import csv
import datetime as dt

import polars as pl
from polars.testing import assert_frame_equal

from ingest import read_export
from ingest.schema import SCHEMAS
from tests.conftest import DATA

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
