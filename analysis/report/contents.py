"""What a report holds: its figures (:class:`Report`), the frames it draws, its JSON."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from analysis import baseload, habits
from analysis.assumptions import assumption_texts
from analysis.calendar import MEAN_YEAR_DAYS

if TYPE_CHECKING:
    import datetime as dt

    import polars as pl

    from analysis import anomalies as an
    from analysis import power, reference_home, scenarios, tariffs, usages
    from analysis.report.settings import Settings
    from analysis.tips import Tip
    from words import Lang


@dataclass(frozen=True)
class Frames:
    """The frames a report's pages and charts draw (each from :mod:`analysis`).

    Those only a chart draws are computed on first use (the command line's JSON needs none
    of them); :meth:`drawn` computes them all at once, for a report kept in a cache.
    """

    daily: pl.DataFrame
    """Per local day: ``day``, ``kwh`` [kWh], ``coverage`` [0–1], ``day_type`` …
    (:func:`analysis.curve.daily`)."""
    baseload: pl.DataFrame
    """Per night: ``day``, ``w``, the always-on floor. [W]"""
    peaks: pl.DataFrame
    """Per day: the highest power, measured or the meter's own. [W]"""
    prepared: pl.DataFrame
    """The curve analysed (:func:`analysis.curve.prepare`)."""
    tempo: pl.DataFrame | None
    """The Tempo calendar its costs used (known and estimated days); None when unused."""

    @cached_property
    def monthly(self) -> pl.DataFrame:
        """Per month: energy, the year before and coverage (:func:`analysis.habits.totals`)."""
        return habits.totals(self.prepared, "1mo")

    @cached_property
    def typical_days(self) -> pl.DataFrame:
        """Median and spread of power per half-hour by season and day type. [W]."""
        return habits.typical_days(self.prepared)

    @cached_property
    def weekday_hour(self) -> pl.DataFrame:
        """Mean power per weekday and hour. [W]."""
        return habits.weekday_hour(self.prepared)

    @cached_property
    def load_duration(self) -> pl.DataFrame:
        """Power sorted from highest against cumulative ``hours`` [h], ``w`` [W]."""
        return habits.load_duration(self.prepared)

    @cached_property
    def baseload_trend(self) -> pl.DataFrame:
        """The always-on load's rolling median: ``day``, ``w``. [W]."""
        return baseload.trend(self.baseload)

    def drawn(self) -> Frames:
        """These frames with every chart's frame computed (they then travel with a copy)."""
        for name in DRAWN:
            getattr(self, name)
        return self


DRAWN = ("monthly", "typical_days", "weekday_hour", "load_duration", "baseload_trend")
"""The frames :class:`Frames` computes on first use."""


@dataclass(frozen=True)
class Report:
    """Everything :func:`analyse` found, for one meter."""

    meter: str
    settings: Settings
    period: tuple[dt.date, dt.date]
    days: int
    energy_kwh: float
    baseload_w: float
    baseload_kwh_per_year: float
    baseload_eur_per_year: float
    peak_w: float
    hc_share: float
    break_even_hc_share: float
    costs: list[tariffs.Cost]
    power: power.PowerAdvice
    water_heater: usages.WaterHeater
    heating: usages.Heating
    ev: usages.Charging
    solar: usages.Solar
    anomalies: list[an.Anomaly]
    tips: list[Tip]
    reference: reference_home.Comparison
    """Beside the average French home without electric heating, at the same yearly energy."""
    scenarios: list[scenarios.Scenario]
    """What-if: the water heater back on off-peak hours, a tenth of peak-hour use moved,
    one kVA step lower."""
    shares: dict[str, float]
    coverage: float
    """Share of the period's minutes with data. [0–1]"""
    reference_data: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Which days of the period the reference data cover: ``tempo`` (``known_days``,
    ``estimated_days``, ``last_known``) and ``temperatures`` (``covered_days``,
    ``missing_days``, ``last_known``)."""
    frames: Frames = field(kw_only=True, repr=False)
    """What the pages and the printed report draw, and the curve analysed."""

    @property
    def years(self) -> float:
        """Length of the period. [years]."""
        return self.days / MEAN_YEAR_DAYS

    def current_cost(self) -> tariffs.Cost | None:
        """The cost under the household's own option, if it is offered at its kVA."""
        return next((c for c in self.costs if c.option == self.settings.option), None)

    def to_json(self, lang: Lang = "fr") -> dict[str, Any]:
        """The whole report as plain JSON types (the CLI's ``--json``).

        What people read is given as its catalogue key and values and said in ``lang``.

        Each ``tariffs`` entry says what its figures rest on: ``notes`` (which grids priced
        it, days no grid covers and the grid they were priced at, Tempo colours estimated) and
        ``estimated_days`` (Tempo or EJP days priced on an estimated colour).
        """
        return {
            "meter": self.meter,
            "period": [self.period[0].isoformat(), self.period[1].isoformat()],
            "days": self.days,
            "coverage": round(self.coverage, 4),
            "energy_kwh": round(self.energy_kwh, 3),
            "energy_kwh_per_year": round(self.energy_kwh / max(self.years, 1e-9), 1),
            "baseload_w": round(self.baseload_w, 1),
            "baseload_kwh_per_year": round(self.baseload_kwh_per_year, 1),
            "baseload_eur_per_year": round(self.baseload_eur_per_year, 2),
            "peak_w": round(self.peak_w, 1),
            "hc_share": round(self.hc_share, 4),
            "break_even_hc_share": round(self.break_even_hc_share, 4),
            "settings": asdict(self.settings),
            "tariffs": [
                {
                    "option": c.option,
                    "kva": c.kva,
                    "energy_eur": round(c.energy_eur, 2),
                    "subscription_eur": round(c.subscription_eur, 2),
                    "total_eur": round(c.total_eur, 2),
                    "kwh": round(c.kwh, 3),
                    "breakdown_kwh": {k: round(v, 3) for k, v in c.breakdown_kwh.items()},
                    "estimated_days": c.estimated_days,
                    "notes": [n.say(lang) for n in c.notes],
                }
                for c in self.costs
            ],
            "power": {
                **asdict(self.power),
                "explanation": self.power.explanation.as_dict(),
                "text": self.power.explanation.say(lang),
            },
            "usages": {
                "water_heater": asdict(self.water_heater),
                "heating": asdict(self.heating),
                "ev": asdict(self.ev),
                "solar": asdict(self.solar),
                "note": "estimates from the curve alone",
            },
            "shares": {k: round(v, 4) for k, v in self.shares.items()},
            "anomalies": [a.as_dict(lang) for a in self.anomalies],
            "tips": [t.as_dict(lang) for t in self.tips],
            "scenarios": [s.as_dict(lang) for s in self.scenarios],
            "reference_home": {
                "profile": "Enedis RES1 2023 (no electric heating), scaled to this energy",
                "kwh_per_year": round(self.reference.kwh_per_year, 1),
                **{
                    k: round(getattr(self.reference, k), 4)
                    for k in (
                        "winter_share",
                        "reference_winter_share",
                        "evening_share",
                        "reference_evening_share",
                        "night_share",
                        "reference_night_share",
                    )
                },
                "text": self.reference.text.say(lang),
            },
            # The dashboard's, the report's and the command line's, in ``lang``.
            "assumptions": assumption_texts(self, lang),
            "reference_data": self.reference_data,
        }
