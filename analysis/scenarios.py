"""What-if scenarios: the curve changed as the household would change it, then priced again.

Each scenario re-prices a modified copy of the prepared curve with :func:`tariffs.cost`, so
its figure follows the same dated grids, off-peak hours and Tempo colours as the tariff
comparison. Figures are per year of the curve. [EUR/year, kWh/year]

The cost of the curve's latest year under each option (:class:`Year`, :func:`year`) is in
:mod:`analysis.latest_year`, re-exported here.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

import polars as pl

import words
from analysis import power, tariffs
from analysis.calendar import MEAN_YEAR_DAYS, YEAR_DAYS
from analysis.curve import period_years
from analysis.latest_year import (
    ERROR_EUR_PER_FILLED_MONTH,
    ERROR_EUR_PER_HEATING_KWH,
    FILL_METHOD,
    MIN_HDD_SHARE,
    MIN_MEASURED_DAYS,
    Year,
    year,
)
from words import Said

if TYPE_CHECKING:
    from collections.abc import Sequence

    from analysis.anomalies import Anomaly
    from analysis.usages import WaterHeater
    from words import Lang

__all__ = [
    "ERROR_EUR_PER_FILLED_MONTH",
    "ERROR_EUR_PER_HEATING_KWH",
    "FILL_METHOD",
    "MIN_HDD_SHARE",
    "MIN_MEASURED_DAYS",
    "Scenario",
    "Year",
    "lower_kva",
    "off_peak_part",
    "shift_to_off_peak",
    "shift_water_heater",
    "shifting_option",
    "year",
]


@dataclass(frozen=True)
class Scenario:
    """One change and what it is worth."""

    id: str
    """``shift_to_off_peak``, ``water_heater`` or ``lower_kva``."""
    option: tariffs.Option
    kva: int
    before_eur_per_year: float
    after_eur_per_year: float
    kwh_moved_per_year: float
    text: Said
    """The scenario and its result, said in the reader's language (``scenario.*``)."""
    days_over: int = 0
    """Days whose peak would exceed the scenario's subscribed power (``lower_kva``)."""
    advised: bool = True
    """Whether Courbe advises the change (``lower_kva``: :meth:`PowerAdvice.allows`)."""

    @property
    def eur_per_year(self) -> float:
        """What the change saves (negative: what it costs). [EUR/year]."""
        return self.before_eur_per_year - self.after_eur_per_year

    def as_dict(self, lang: Lang = "fr") -> dict[str, Any]:
        """Plain types, for JSON (the text said in ``lang``)."""
        return {
            **asdict(self),
            "text": self.text.say(lang),
            "eur_per_year": round(self.eur_per_year, 2),
        }


def _cost(
    prepared: pl.DataFrame,
    option: tariffs.Option,
    kva: int,
    known: Sequence[tariffs.Cost],
    kwargs: dict[str, Any],
) -> tariffs.Cost:
    """The curve's cost, reusing one already computed for the same contract."""
    same = next((c for c in known if (c.option, c.kva) == (option, kva)), None)
    return same or tariffs.cost(prepared, option, kva, **kwargs)


def off_peak_part(
    prepared: pl.DataFrame,
    *,
    option: tariffs.Option,
    kva: int,
    off_peak: tariffs.OffPeak,
    tempo: pl.DataFrame | None = None,
    prices: tariffs.Prices = "latest",
) -> tariffs.Cost:
    """The cost of the curve's off-peak energy alone, under :func:`shifting_option`.

    Peak-hour intervals count 0 kWh: its ``kwh`` is the off-peak energy [kWh] and its
    ``energy_eur`` what that energy costs [EUR]. A cost is linear in each interval's
    energy, so this and the whole curve's cost price any shift between the two parts
    (:func:`shift_to_off_peak`) without pricing the shifted curve again.

    Raises
    ------
    ValueError
        If the option is not offered at ``kva``.
    """
    hc = off_peak.expr(tariffs.minute_of_day(prepared), pl.col("day"))
    return tariffs.cost(
        prepared.with_columns(kwh=pl.when(hc).then(pl.col("kwh")).otherwise(0.0)),
        shifting_option(option),
        kva,
        off_peak=off_peak,
        tempo=tempo,
        prices=prices,
    )


def shifting_option(option: tariffs.Option) -> tariffs.Option:
    """The option under which moving energy to off-peak hours pays.

    The household's own when it has off-peak hours, else Heures creuses.
    """
    return option if option in ("hphc", "tempo") else "hphc"


def shift_to_off_peak(
    prepared: pl.DataFrame,
    kwh_per_year: float,
    *,
    option: tariffs.Option,
    kva: int,
    off_peak: tariffs.OffPeak,
    tempo: pl.DataFrame | None = None,
    prices: tariffs.Prices = "latest",
    scenario_id: str = "shift_to_off_peak",
    known: Sequence[tariffs.Cost] = (),
    off_peak_cost: tariffs.Cost | None = None,
) -> Scenario:
    """Move ``kwh_per_year`` from peak to off-peak hours, spread in proportion to use.

    Every peak-hour interval loses the same share of its energy and every off-peak one
    gains the same share, so the total is unchanged. Priced under :func:`shifting_option`.
    The amount is capped at the peak-hour energy. [kWh/year] ``known`` costs of the
    unchanged curve (from :func:`tariffs.compare`) and its ``off_peak_cost``
    (:func:`off_peak_part`, computed when not given) are reused.
    """
    chosen = shifting_option(option)
    years = period_years(prepared)
    kwargs: dict[str, Any] = {"off_peak": off_peak, "tempo": tempo, "prices": prices}
    part = off_peak_cost or off_peak_part(
        prepared, option=option, kva=kva, off_peak=off_peak, tempo=tempo, prices=prices
    )
    whole = _cost(prepared, chosen, kva, known, kwargs)
    hc_kwh = part.kwh
    hp_kwh = max(whole.kwh - hc_kwh, 0.0)
    moved = min(max(kwh_per_year, 0.0) * years, hp_kwh)
    before = whole.total_eur / years
    after = before
    if moved:
        # Every off-peak interval gains the same share of its energy, every peak-hour one
        # loses the same share: the cost of each part scales with it.
        hc_eur = part.energy_eur
        hp_eur = whole.energy_eur - hc_eur
        gain = 1 + moved / hc_kwh if hc_kwh else 1.0
        energy = hc_eur * gain + hp_eur * (1 - moved / hp_kwh)
        after = (whole.subscription_eur + energy) / years
    text = words.said(
        "scenario.shift",
        kwh=moved / years,
        hours=off_peak,
        eur=before - after,
        name=Said(f"option.{chosen}"),
    )
    return Scenario(scenario_id, chosen, kva, before, after, moved / years, text)


def shift_water_heater(
    prepared: pl.DataFrame,
    heater: WaterHeater,
    anomalies: list[Anomaly],
    *,
    option: tariffs.Option,
    kva: int,
    off_peak: tariffs.OffPeak,
    tempo: pl.DataFrame | None = None,
    prices: tariffs.Prices = "latest",
    known: Sequence[tariffs.Cost] = (),
    off_peak_cost: tariffs.Cost | None = None,
) -> Scenario | None:
    """Put the water heater back on off-peak hours on the days it ran in peak hours.

    The energy moved is the heater's measured nightly block times the days it was seen
    starting in peak hours. None when no off-peak water heater shows in the curve (its
    size cannot be measured then). ``known`` and ``off_peak_cost`` as
    :func:`shift_to_off_peak` takes them.
    """
    if not heater.found:
        return None
    days = sum((a.end - a.start).days for a in anomalies if a.kind == "water_heater_peak")
    kwh_per_year = heater.kwh_per_day * days / period_years(prepared)
    s = shift_to_off_peak(
        prepared,
        kwh_per_year,
        option=option,
        kva=kva,
        off_peak=off_peak,
        tempo=tempo,
        prices=prices,
        scenario_id="water_heater",
        known=known,
        off_peak_cost=off_peak_cost,
    )
    if days == 0:
        text = words.said("scenario.water_heater_none")
    else:
        span = round(period_years(prepared) * MEAN_YEAR_DAYS)
        rate = (
            words.said("scenario.part.per_year")
            if span >= YEAR_DAYS
            else words.said("scenario.part.per_year_at", n=span)
        )
        text = words.said(
            "scenario.water_heater",
            days=words.said(f"scenario.part.{'days' if days > 1 else 'one_day'}", n=days),
            span=span,
            kwh=s.kwh_moved_per_year,
            rate=rate,
            eur=s.eur_per_year,
            name=Said(f"option.{s.option}"),  # on Base, priced under Heures creuses
        )
    return Scenario(
        s.id, s.option, kva, s.before_eur_per_year, s.after_eur_per_year, s.kwh_moved_per_year, text
    )


def lower_kva(
    prepared: pl.DataFrame,
    daily_peaks: pl.DataFrame,
    to_kva: int,
    *,
    advice: power.PowerAdvice,
    option: tariffs.Option,
    kva: int,
    off_peak: tariffs.OffPeak,
    tempo: pl.DataFrame | None = None,
    prices: tariffs.Prices = "latest",
    known: Sequence[tariffs.Cost] = (),
) -> Scenario:
    """Subscribe ``to_kva`` instead of ``kva``: the subscription saved, and the verdict.

    What the text says of the risk is ``advice``'s (from :func:`power.advise`, the one
    place that judges the power). ``days_over`` counts the days whose peak
    (``daily_peaks``: ``day``, ``w`` [W]) went over ``to_kva``.

    Raises
    ------
    ValueError
        If the option is not offered at one of the two powers.
    """
    years = period_years(prepared)
    kwargs: dict[str, Any] = {"off_peak": off_peak, "tempo": tempo, "prices": prices}
    before = _cost(prepared, option, kva, known, kwargs).total_eur / years
    after = _cost(prepared, option, to_kva, known, kwargs).total_eur / years
    over = int(daily_peaks.filter(pl.col("w") > to_kva * 1000).height)
    text = words.said(
        "scenario.lower_kva", kva=kva, to=to_kva, eur=before - after, about=advice.about(to_kva)
    )
    return Scenario(
        "lower_kva",
        option,
        to_kva,
        before,
        after,
        0.0,
        text,
        days_over=over,
        advised=advice.allows(to_kva),
    )
