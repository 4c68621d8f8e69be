import datetime as dt

import polars as pl
import pytest

from ingest.schema import SCHEMAS


def make_curve(start_local: str, watts: list[float], *, minutes: int = 30, meter: str = "m"):
    """A canonical curve from a local start (Europe/Paris) and average powers [W]."""
    first = (
        pl.Series([dt.datetime.fromisoformat(start_local)])
        .dt.replace_time_zone("Europe/Paris")
        .dt.convert_time_zone("UTC")[0]
    )
    starts = [first + dt.timedelta(minutes=minutes * i) for i in range(len(watts))]
    return pl.DataFrame(
        {
            "meter": [meter] * len(watts),
            "start": starts,
            "end": [s + dt.timedelta(minutes=minutes) for s in starts],
            "wh": [w * minutes / 60 for w in watts],
            "direction": ["consumption"] * len(watts),
        },
        schema=SCHEMAS["curve"],
    )


@pytest.fixture
def curve_factory():
    return make_curve
