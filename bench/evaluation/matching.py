"""When a detection matches a label: a compatible kind, periods a day apart at most."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from analysis.anomalies import Anomaly

COMPATIBLE: dict[str, set[str]] = {
    "spike_day": {"unusual_day"},
    "baseload_step": {"baseload_step"},
    "heating_during_absence": {"absence_consumption", "unusual_day"},
    "water_heater_in_hp": {"water_heater_peak"},
    "gap": {"gap"},
    "zero_day": {"zero_day"},
}
TOLERANCE = dt.timedelta(days=1)


def overlap(a_start: dt.date, a_end: dt.date, b_start: dt.date, b_end: dt.date) -> bool:
    """Whether ``[a_start, a_end)`` and ``[b_start, b_end)`` meet, :data:`TOLERANCE` allowed."""
    return a_start < b_end + TOLERANCE and b_start < a_end + TOLERANCE


def matches(found: Anomaly, label: dict[str, Any]) -> bool:
    """A detection of a compatible kind whose period overlaps the label's."""
    return found.kind in COMPATIBLE[label["kind"]] and overlap(
        found.start, found.end, label["s"], label["e"]
    )
