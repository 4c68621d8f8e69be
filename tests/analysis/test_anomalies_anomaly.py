"""An anomaly's days, as people read them and in JSON; every threshold with its reason."""

import datetime as dt

import polars as pl

from analysis import anomalies
from words import Said


def test_a_one_day_anomaly_is_one_day():
    days = pl.date_range(dt.date(2024, 3, 1), dt.date(2024, 3, 10), eager=True)
    frame = pl.DataFrame(
        {"day": days, "kwh": [5.0] * 4 + [0.0] + [5.0] * 5, "coverage": [1.0] * 10}
    )
    (z,) = anomalies.zero_days(frame)
    assert (z.start, z.end, z.last, z.days) == (
        dt.date(2024, 3, 5),
        dt.date(2024, 3, 6),
        dt.date(2024, 3, 5),
        1,
    )
    assert z.period_text() == "05/03/2024"
    assert z.period_text("en") == "5 Mar 2024"
    assert z.as_dict()["last"] == "2024-03-05"
    three = anomalies.Anomaly(
        "gap", dt.date(2024, 3, 5), dt.date(2024, 3, 8), 48.0, "h", Said("anomaly.text.gap")
    )
    assert three.period_text() == "05/03/2024 → 07/03/2024"
    assert three.period_text("en") == "5 Mar 2024 → 7 Mar 2024"
    assert z.as_dict("en")["text"] == "The meter sent zero all day long: a metering or " + (
        "transmission fault, not a saving."
    )


def test_every_threshold_has_its_reason():
    import inspect

    source = inspect.getsource(anomalies.Thresholds)
    names = list(anomalies.THRESHOLDS.__dataclass_fields__)
    for name in names:
        after = source.split(f"    {name}:", 1)[1]
        assert after.split("\n", 1)[1].lstrip().startswith('"""'), name
