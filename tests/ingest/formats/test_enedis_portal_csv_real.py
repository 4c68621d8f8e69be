"""Conformance on the real portal exports in ../shared/real_exports/enedis_portal_csv/.

The daily energy is checked against an independent computation with the standard
library only (csv + datetime.fromisoformat), sharing no code with the reader.
"""

import csv
import datetime as dt
from collections import defaultdict
from pathlib import Path
from zoneinfo import ZoneInfo

import polars as pl
import pytest

from ingest import read_export
from ingest.curves import daily_from_curve, gaps
from tests.conftest import real_export_dir

pytestmark = pytest.mark.real
PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture(scope="module")
def folder() -> Path:
    return real_export_dir("enedis_portal_csv")


def independent_daily_kwh(path: Path) -> dict[dt.date, float]:
    """Per local day: Σ W × (this end − previous end) for consecutive rows ≤ 60 min apart.

    The step of a row is taken as the distance to the previous stamp (no gap in these
    files is a single missing half-hour), the first row of each run is 30 or 60 min like
    its successor.
    """
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f, delimiter=";"))[3:]
    stamps = [dt.datetime.fromisoformat(r[0]) for r in rows]
    out: dict[dt.date, float] = defaultdict(float)
    for i, (stamp, row) in enumerate(zip(stamps, rows, strict=True)):
        before = stamps[i - 1] if i else None
        after = stamps[i + 1] if i + 1 < len(stamps) else None
        step = (stamp - before) if before else None
        if step is None or step > dt.timedelta(hours=1):
            step = after - stamp  # first row of a run
        if not row[1]:
            continue
        start = (stamp - step).astimezone(PARIS)
        out[start.date()] += float(row[1]) * step.total_seconds() / 3600 / 1000
    return dict(out)


@pytest.mark.parametrize(
    ("name", "rows", "first_start", "last_end"),
    [
        ("guiedf_conso_heure_2023-08-09_2024-07-25.csv", 16848,
         "2023-08-09T00:00:00+02:00", "2024-07-25T00:00:00+02:00"),
        ("guiedf_conso_heure_2022-10-24_2024-07-25_mixed_step.csv", 27665,
         "2022-10-24T00:00:00+02:00", "2024-07-25T00:00:00+02:00"),
        ("edfcomparateur_consoexemple_2022-07_2023-07.csv", 17520,
         "2022-07-29T00:00:00+02:00", "2023-07-29T00:00:00+02:00"),
    ],
)  # fmt: skip
def test_load_curves_rows_and_period(folder, name, rows, first_start, last_end):
    export = read_export(folder / name)
    assert export.format == "enedis-portal-csv"
    assert export.curve.height == rows
    assert export.curve["start"].min() == dt.datetime.fromisoformat(first_start)
    assert export.curve["end"].max() == dt.datetime.fromisoformat(last_end)


@pytest.mark.parametrize(
    ("name", "dst_days"),
    [
        ("guiedf_conso_heure_2023-08-09_2024-07-25.csv",
         {dt.date(2023, 10, 29): 50, dt.date(2024, 3, 31): 46}),
        ("guiedf_conso_heure_2022-10-24_2024-07-25_mixed_step.csv",
         {dt.date(2022, 10, 30): 50, dt.date(2023, 3, 26): 46,
          dt.date(2023, 10, 29): 50, dt.date(2024, 3, 31): 46}),
    ],
)  # fmt: skip
def test_dst_days_have_46_and_50_half_hours(folder, name, dst_days):
    curve = read_export(folder / name).curve
    per_day = dict(
        curve.group_by(day=pl.col("start").dt.convert_time_zone("Europe/Paris").dt.date())
        .len()
        .iter_rows()
    )
    for day, count in dst_days.items():
        assert per_day[day] == count


def test_mixed_step_file(folder):
    export = read_export(folder / "guiedf_conso_heure_2022-10-24_2024-07-25_mixed_step.csv")
    changes = [n for n in export.notes if "step changes" in n.message]
    assert [(n.line, n.message[-25:]) for n in changes] == [
        (934, "2022-11-12T09:00:00+01:00"),
        (3940, "2023-03-18T14:30:00+01:00"),
    ]
    steps = (export.curve["end"] - export.curve["start"]).dt.total_minutes()
    assert steps.value_counts().sort("end").rows() == [(30, 24660), (60, 3005)]
    # The empty value 2023-03-18T00:00:00+01:00 is a skipped row, not a zero.
    assert [(n.line, n.message) for n in export.skipped()] == [(3925, "no value (empty field)")]
    empty_end = dt.datetime(2023, 3, 17, 23, tzinfo=dt.UTC)
    assert export.curve.filter(pl.col("end") == empty_end).height == 0
    # The file's one real zero (2023-04-11T17:00:00+02:00;0) stays a zero.
    assert export.curve.filter(pl.col("wh") == 0)["end"].to_list() == [
        dt.datetime(2023, 4, 11, 15, tzinfo=dt.UTC)
    ]
    holes = gaps(export.curve)
    assert holes.select("start", "hours").rows() == [
        (dt.datetime(2023, 1, 10, 22, 0, tzinfo=dt.UTC), 24.0),  # 2023-01-11 missing
        (dt.datetime(2023, 3, 17, 22, 0, tzinfo=dt.UTC), 1.0),  # the empty value
    ]


def test_daily_index_and_calendar(folder):
    export = read_export(folder / "guiedf_conso_jour_index_2024-01-09_2024-07-25.csv")
    east = export.registers.filter(pl.col("register") == "EAST").sort("at")
    assert east.height == 198
    assert east["wh"][0] == 18623827.0
    assert east["wh"][-1] == 22093047.0
    assert east["at"][0] == dt.datetime(2024, 1, 9, 23, tzinfo=dt.UTC)
    assert export.daily.height == 197
    assert export.daily["wh"].sum() == 22093047.0 - 18623827.0
    assert export.metadata["register EASF01"] == "Bleu Heures Creuses"
    assert export.metadata["register EASF06"] == "Rouge Heures Pleines"
    assert export.metadata["supplier calendar"] == "FC000050 6 cadrans"
    assert set(export.registers["register"].unique()) == {
        "EASF01", "EASF02", "EASF03", "EASF04", "EASF05", "EASF06", "EASD01", "EAST",
    }  # fmt: skip


@pytest.mark.parametrize(
    "name",
    [
        "guiedf_conso_heure_2023-08-09_2024-07-25.csv",
        "guiedf_conso_heure_2022-10-24_2024-07-25_mixed_step.csv",
        "edfcomparateur_consoexemple_2022-07_2023-07.csv",
    ],
)
def test_daily_kwh_equals_an_independent_computation(folder, name):
    ours = {
        day: wh / 1000
        for _, _, day, wh in daily_from_curve(read_export(folder / name).curve)
        .select("meter", "direction", "day", "wh")
        .iter_rows()
    }
    theirs = independent_daily_kwh(folder / name)
    assert ours.keys() == theirs.keys()
    for day, kwh in theirs.items():
        assert ours[day] == pytest.approx(kwh, abs=1e-9), day
