"""Off-peak hours: read as bills write them, refused in one line, applied by season and date."""

import datetime as dt

import polars as pl
import pytest

from analysis import tariffs
from analysis.curve import prepare
from tests.analysis.tariffs_today import TODAY


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("22h-6h", "22:00-06:00"),
        ("22h30 - 6h30", "22:30-06:30"),
        ("0h-7h + 13h-15h", "00:00-07:00,13:00-15:00"),
        ("22:00-06:00", "22:00-06:00"),
        ("01:00-07:00,12:30-14:30", "01:00-07:00,12:30-14:30"),
        ("2h–7h et 14h–15h", "02:00-07:00,14:00-15:00"),
        ("HC (22H00-6H00)", "22:00-06:00"),
        ("Heures creuses : de 22h30 à 6h30", "22:30-06:30"),
        ("hiver 22h-6h ; été 2h-6h + 14h-16h", "hiver 22:00-06:00 ; été 02:00-06:00,14:00-16:00"),
        ("Hiver : 22h-6h ; Été : 22h-6h", "22:00-06:00"),
        (
            "22h-6h ; depuis 2026-12-01 : hiver 22h-6h ; été 2h-6h + 14h-16h",
            "22:00-06:00 ; depuis 2026-12-01 : hiver 22:00-06:00 ; été 02:00-06:00,14:00-16:00",
        ),
        (
            "22h-6h ; hiver 23h-6h ; été 3h-6h + 14h-16h depuis 01/12/2026",
            "22:00-06:00 ; depuis 2026-12-01 : hiver 23:00-06:00 ; été 03:00-06:00,14:00-16:00",
        ),
        (
            "22:00-06:00; 2025-11-01: 23:00-05:00,12:00-14:00",
            "22:00-06:00 ; depuis 2025-11-01 : 23:00-05:00,12:00-14:00",
        ),
    ],
)
def test_off_peak_reads_hours_as_bills_write_them(written: str, read: str):
    op = tariffs.OffPeak.parse(written)
    assert op.text() == read
    assert tariffs.OffPeak.parse(op.text()) == op


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("22-6", "expected off-peak hours like 22h-6h"),
        ("de nuit", "expected off-peak hours like 22h-6h"),
        ("", "got nothing"),
        ("25h-6h", "expected a time of day"),
        ("22h75-6h", "expected a time of day"),
        ("22h-22h", "expected a range that lasts"),
        ("22h-6h + 5h-7h", "expected off-peak ranges that do not overlap"),
        ("hiver 22h-6h", "expected both winter"),
        ("22h-6h ; 23h-7h", "expected a date"),
        ("22h-6h ; depuis 2026-02-30 : 23h-7h", "expected a date like 2026-12-01"),
        ("22h-6h ; depuis 2026-12-01 : 23h-7h ; depuis 2026-12-01 : 1h-9h", "one schedule per"),
        ("hiver ; été 2h-6h", "after 'hiver'"),
    ],
)
def test_off_peak_refuses_anything_else_in_one_line(written: str, expected: str):
    with pytest.raises(ValueError, match=expected) as refused:
        tariffs.OffPeak.parse(written)
    assert "\n" not in str(refused.value)


def test_off_peak_season_and_date_by_calendar_day():
    op = tariffs.OffPeak.parse("22h-6h ; depuis 2026-12-01 : hiver 22h-6h ; été 2h-6h + 14h-16h")
    cases = pl.DataFrame(
        {
            "day": [
                dt.date(2026, 6, 15),  # before the change: 22h-6h all year
                dt.date(2027, 3, 31),  # winter
                dt.date(2027, 4, 1),  # summer
                dt.date(2027, 10, 31),  # summer
                dt.date(2027, 11, 1),  # winter
                dt.date(2027, 6, 15),  # summer, 23:00
            ],
            "minute": [14 * 60, 14 * 60, 14 * 60, 14 * 60, 14 * 60, 23 * 60],
        }
    )
    got = cases.select(hc=op.expr(pl.col("minute"), pl.col("day")))["hc"].to_list()
    assert got == [False, False, True, True, False, False]
    assert op.seasonal()
    assert op.first_start() == 22 * 60


def test_off_peak_hours_change_on_their_date(curve_factory):
    # 12:00–12:30 is peak before the reform and off-peak after it.
    before = prepare(curve_factory("2025-10-31T12:00:00", [1000.0]))
    after = prepare(curve_factory("2025-11-03T12:00:00", [1000.0]))
    op = tariffs.OffPeak.parse("22:00-06:00; 2025-11-01: 23:00-05:00,12:00-14:00")
    assert tariffs.cost(before, "hphc", 6, off_peak=op).breakdown_kwh == {"energy_hp": 0.5}
    assert tariffs.cost(after, "hphc", 6, off_peak=op).breakdown_kwh == {"energy_hc": 0.5}


def test_a_summer_winter_schedule_changes_the_hphc_cost_as_by_hand(curve_factory):
    """1 kWh in each half-hour below, priced at the 2026-08-01 grid (6 kVA)."""
    stamps = [
        "2026-03-31T14:00",  # winter: HP
        "2026-04-01T14:00",  # summer: HC
        "2026-06-15T03:00",  # summer: HC
        "2026-06-15T14:00",  # summer: HC
        "2026-06-15T23:00",  # summer: HP
        "2026-10-31T14:00",  # summer: HC
        "2026-11-01T14:00",  # winter: HP
        "2026-12-15T03:00",  # winter: HC
        "2026-12-15T14:00",  # winter: HP
        "2026-12-15T23:00",  # winter: HC
    ]
    curve = pl.concat([curve_factory(s, [2000.0]) for s in stamps])
    prepared = prepare(curve)
    seasonal = tariffs.OffPeak.parse("hiver 22h-6h ; été 2h-6h + 14h-16h")
    plain = tariffs.OffPeak.parse("22h-6h")
    hp, hc = 0.2142, 0.1589
    c = tariffs.cost(prepared, "hphc", 6, off_peak=seasonal, today=TODAY)
    assert c.breakdown_kwh == {"energy_hc": 6.0, "energy_hp": 4.0}
    assert c.energy_eur == pytest.approx(6 * hc + 4 * hp, abs=1e-9)
    before = tariffs.cost(prepared, "hphc", 6, off_peak=plain, today=TODAY)
    assert before.breakdown_kwh == {"energy_hc": 4.0, "energy_hp": 6.0}
    assert c.energy_eur - before.energy_eur == pytest.approx(-2 * (hp - hc), abs=1e-9)
    days = (dt.date(2026, 12, 15) - dt.date(2026, 3, 31)).days + 1
    assert c.subscription_eur == pytest.approx(190.32 * days / 365)
