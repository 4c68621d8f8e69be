"""A tip: what it says, what it is worth, and how its yearly figure follows."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from analysis.calendar import MEAN_YEAR_DAYS, YEAR_DAYS
from words import Said, said

if TYPE_CHECKING:
    from words import Lang

RATE = "rate"
"""Yearly figure method: the same change every day of an average year (365.25 days)."""
AVERAGE_YEAR = "average_year"
"""Yearly figure method: the curve covers a year or more; its figure per year."""
NORMAL_YEAR = "temperature_normalised"
"""Yearly figure method: heating per degree-day times a normal year's degree-days."""
COMPLETED_YEAR = "completed_year"
"""Yearly figure method: the latest 365 days, missing days completed
(:func:`analysis.scenarios.year`)."""


@dataclass(frozen=True)
class Tip:
    """One thing to do, what it is worth, and where the figure comes from."""

    id: str
    kwh_per_year: float | None
    """Energy saved in a year, when a stated method gives it; else None. [kWh/year]"""
    eur_per_year: float | None
    """Euros saved in a year, when a stated method gives it; else None. [EUR/year]"""
    text: Said
    """What to do and what it is worth, said in the reader's language (``tip.text.*``)."""
    source: Said
    """Where the figure comes from, said in the reader's language (``tip.source.*``)."""
    kwh: float = 0.0
    """Energy the change would have saved over the measured days. [kWh]"""
    eur: float = 0.0
    """Euros it would have saved over the measured days, at their prices. [EUR]"""
    days: int = 0
    """Days measured. [days]"""
    method: str = ""
    """How the yearly figure follows (:data:`RATE`, :data:`AVERAGE_YEAR`,
    :data:`NORMAL_YEAR`, :data:`COMPLETED_YEAR`); empty when there is none."""
    hours: str = ""
    """The hours the change applies to, when not all (e.g. ``23:00–07:00``)."""

    @property
    def headline_eur(self) -> float:
        """The figure a tip is ranked and headlined by: per year, else as measured. [EUR]."""
        return self.eur_per_year if self.eur_per_year is not None else self.eur

    def as_dict(self, lang: Lang = "fr") -> dict[str, Any]:
        """Plain types, for JSON: kWh to the unit, euros to the cent, the source in ``lang``."""
        d = asdict(self)
        d["text"], d["source"] = self.text.say(lang), self.source.say(lang)
        d["kwh_per_year"] = None if self.kwh_per_year is None else round(self.kwh_per_year)
        d["eur_per_year"] = None if self.eur_per_year is None else round(self.eur_per_year, 2)
        d["kwh"], d["eur"] = round(self.kwh), round(self.eur, 2)
        return d


def per_year(measured: float, days: int) -> float | None:
    """A figure per year when the curve covers a year or more, else None."""
    return measured * MEAN_YEAR_DAYS / days if days >= YEAR_DAYS else None


def over(days: int, *, start: bool = False) -> Said:
    """``"sur les 270 jours de votre courbe"`` (``start``: at the start of a sentence)."""
    return said("tip.over_start" if start else "tip.over", days=days)
