"""The flags on the untouched real curves that the curves themselves show to be real."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bench.evaluation.matching import overlap

if TYPE_CHECKING:
    from analysis.anomalies import Anomaly


@dataclass(frozen=True)
class Verified:
    """A flag on an untouched real curve that the curve itself shows to be real."""

    file: str
    kind: str
    first: dt.date
    last: dt.date
    evidence: str


VERIFIED: tuple[Verified, ...] = (
    *(
        Verified(
            f,
            "unusual_day",
            dt.date(2023, 10, 30),
            dt.date(2023, 10, 31),
            "25.4 and 25.1 kWh against 11.9 and 12.5 kWh on comparable days (2.1x), "
            "appliances on all day long, a 3.9 kW block 13:00-15:30 on the 31st",
        )
        for f in ("guiedf 2023-24", "guiedf 2022-24 (mixed step)")
    ),
    *(
        Verified(
            f,
            "unusual_day",
            dt.date(2024, 5, 12),
            dt.date(2024, 5, 12),
            "37.2 kWh against about 10: the night charge (3.8 kW, 00:00-06:00) and a "
            "second 2.3-3.9 kW block 07:00-09:00",
        )
        for f in ("guiedf 2023-24", "guiedf 2022-24 (mixed step)")
    ),
    Verified(
        "guiedf 2022-24 (mixed step)",
        "unusual_day",
        dt.date(2023, 6, 20),
        dt.date(2023, 6, 20),
        "17.7 kWh against 9.3-13.9 on the days around it: 10:30-16:30 at a median "
        "1.6 kW (up to 3.7) where the days before and after sit at 0.4-0.5 kW",
    ),
    Verified(
        "solarcalculet R63 2023",
        "unusual_day",
        dt.date(2023, 7, 28),
        dt.date(2023, 7, 30),
        "64.5, 48.2 and 52.3 kWh against 23.5-24.2 on comparable days (2-2.7x), 3-5 kW "
        "for hours on end",
    ),
    Verified(
        "solarcalculet R63 2023",
        "baseload_step",
        dt.date(2023, 5, 22),
        dt.date(2023, 7, 21),
        "the day floor goes from 550-700 W (March-May) to 1100-1200 W in June-July "
        "while the French mean is above 20 °C: the home cools (named cooling)",
    ),
    Verified(
        "solarcalculet R63 2023",
        "baseload_step",
        dt.date(2023, 8, 21),
        dt.date(2023, 9, 12),
        "the floor rises by 300-860 W in the heat waves of 18-24 August and 4-11 "
        "September 2023 (named cooling)",
    ),
)
"""Flags on the untouched real curves shown real from the curve; every other flag raised
on an untouched curve counts as a false positive."""


def shown_real(name: str, found: Anomaly) -> Verified | None:
    """The :data:`VERIFIED` flag of file ``name`` that ``found`` is, if it is one."""
    return next(
        (
            v
            for v in VERIFIED
            if v.file == name
            and v.kind == found.kind
            and overlap(found.start, found.end, v.first, v.last + dt.timedelta(days=1))
        ),
        None,
    )
