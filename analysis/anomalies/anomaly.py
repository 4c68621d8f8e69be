"""An anomaly: its kind, the days it covers, its size and a sentence a household understands."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any, Literal

import words

if TYPE_CHECKING:
    from words import Lang, Said


Kind = Literal[
    "unusual_day",
    "baseload_step",
    "absence_consumption",
    "water_heater_peak",
    "night_spike",
    "zero_day",
    "gap",
]


def title(kind: str, lang: Lang = "fr") -> str:
    """A kind's title for people (``anomaly.title.<kind>`` in the catalogue)."""
    return words.say(f"anomaly.title.{kind}", lang)


Cause = Literal["", "cooling"]


@dataclass(frozen=True)
class Anomaly:
    """Something in the curve worth a look."""

    kind: Kind
    start: dt.date
    end: dt.date
    """Exclusive: the first day after (a one-day anomaly has ``end = start + 1 day``)."""
    size: float
    unit: str
    explanation: Said
    """What it is and what to do, said in the reader's language (``anomaly.text.*``)."""
    cause: Cause = ""
    """The likely cause when the curve shows it: ``"cooling"`` for a night floor that
    rose with the heat (air conditioning), else empty."""

    @property
    def last(self) -> dt.date:
        """The last day the anomaly covers (inclusive)."""
        return self.end - dt.timedelta(days=1)

    @property
    def days(self) -> int:
        """How many days it covers. [days]."""
        return (self.end - self.start).days

    def period_text(self, lang: Lang = "fr") -> str:
        """The days it covers as people read them, both included.

        ``12/03/2024`` for one day, else ``12/03/2024 → 14/03/2024`` (English:
        ``12 Mar 2024 → 14 Mar 2024``).
        """
        first = words.day(self.start, lang=lang)
        if self.days <= 1:
            return first
        return f"{first} → {words.day(self.last, lang=lang)}"

    def as_dict(self, lang: Lang = "fr") -> dict[str, Any]:
        """Plain types, for JSON (``end`` exclusive, ``last`` inclusive).

        The explanation as its catalogue key and values, and said in ``lang`` as ``text``.
        """
        d = asdict(self)
        d["start"], d["end"] = self.start.isoformat(), self.end.isoformat()
        d["last"] = self.last.isoformat()
        d["explanation"] = self.explanation.as_dict()
        d["text"] = self.explanation.say(lang)
        return d


def day_runs(days: list[dt.date], *, max_hole: int = 0) -> list[tuple[dt.date, dt.date]]:
    """Group sorted days into [first, last] runs, allowing holes of ``max_hole`` days."""
    out: list[tuple[dt.date, dt.date]] = []
    for d in days:  # runs of flagged days: a handful, not rows of data
        if out and (d - out[-1][1]).days <= max_hole + 1:
            out[-1] = (out[-1][0], d)
        else:
            out.append((d, d))
    return out
