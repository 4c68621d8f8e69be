"""The tips that apply, ranked, and the one pricing of a change they are all figured by."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

import polars as pl

from analysis import tariffs
from analysis.calendar import MEAN_YEAR_DAYS
from analysis.tips.absence import absence_tip
from analysis.tips.appliances import appliance_tips
from analysis.tips.contract import kva_tip, option_tip
from analysis.tips.heating import heating_tip
from analysis.tips.standby import standby_tip
from analysis.tips.water_heater import water_heater_tip

if TYPE_CHECKING:
    import datetime as dt

    from analysis.anomalies import Anomaly
    from analysis.power import PowerAdvice
    from analysis.scenarios import Year
    from analysis.tips.tip import Tip
    from analysis.usages import Heating, WaterHeater


def _change(
    prepared: pl.DataFrame | None,
    kwh_removed: pl.Expr,
    *,
    current: tariffs.Cost | None,
    price_eur_per_kwh: float,
    off_peak: tariffs.OffPeak | None,
    tempo: pl.DataFrame | None,
    prices: tariffs.Prices,
) -> tuple[float, float]:
    """What taking ``kwh_removed`` off the curve would have saved: [kWh] and [EUR].

    ``kwh_removed`` is an expression over the prepared intervals (negative: energy added
    there, as when a load is moved); an interval never goes below zero. This is the one
    place a tip's figures come from: the curve with the change is priced again under the
    household's option (:func:`tariffs.cost`), so each kWh is paid at the price of its own
    hour. The kWh returned are those taken off; without a priced option they are paid at
    ``price_eur_per_kwh``.
    """
    if prepared is None or prepared.height == 0:
        return 0.0, 0.0
    # Lazily: a tip's expression repeats its parts (the peak hours, a day's sums), which
    # the query computes once (the water heater's in 6 ms instead of 9).
    removed = prepared.lazy().select(pl.min_horizontal(kwh_removed, "kwh")).collect().to_series()
    kwh = float(removed.clip(0.0).sum())
    if current is None or removed.abs().sum() == 0:
        return kwh, float(removed.sum()) * price_eur_per_kwh
    option, kva = current.option, current.kva
    try:
        if option in ("tempo", "ejp"):
            # The colours of days without one are estimated over the curve's whole span:
            # the whole curve is priced again.
            after = prepared.with_columns(kwh=pl.col("kwh") - removed)
            cost = tariffs.cost(after, option, kva, off_peak=off_peak, tempo=tempo, prices=prices)
            return kwh, current.energy_eur - cost.energy_eur
        # An interval's price does not depend on its energy: the saving is the changed
        # intervals' energy priced alone (a tenth of the rows, or fewer, for most tips).
        changed = prepared.with_columns(kwh=removed).filter(pl.col("kwh") != 0)
        saved = tariffs.cost(changed, option, kva, off_peak=off_peak, tempo=tempo, prices=prices)
    except ValueError:
        return kwh, float(removed.sum()) * price_eur_per_kwh
    return kwh, saved.energy_eur


def tips(
    *,
    baseload_w: float,
    price_eur_per_kwh: float,
    heating: Heating,
    heater: WaterHeater,
    anomalies: list[Anomaly],
    costs: list[tariffs.Cost],
    current: tariffs.Cost | None,
    power: PowerAdvice,
    years: float,
    last_day: dt.date | None = None,
    prepared: pl.DataFrame | None = None,
    year: Year | None = None,
    off_peak: tariffs.OffPeak | None = None,
    tempo: pl.DataFrame | None = None,
    prices: tariffs.Prices = "latest",
    temperatures: pl.DataFrame | None = None,
) -> list[Tip]:
    """The tips that apply, ranked by euros (per year where known, else as measured).

    ``prepared`` is the curve the tips are priced on (:func:`_change`); ``year`` its
    latest 365 days under each option (:func:`analysis.scenarios.year`), the only source
    of a yearly option saving. A rise of the always-on load
    is worth a tip only while it lasts: when it ended more than :data:`ONGOING_DAYS`
    before ``last_day`` (the curve's last day), it stays an anomaly but costs nothing more.
    """
    days = max(round(years * MEAN_YEAR_DAYS), 1)
    priced = functools.partial(
        _change,
        current=current,
        price_eur_per_kwh=price_eur_per_kwh,
        off_peak=off_peak,
        tempo=tempo,
        prices=prices,
    )
    change = functools.partial(priced, prepared)
    found = [
        standby_tip(
            baseload_w=baseload_w, price_eur_per_kwh=price_eur_per_kwh, days=days, change=change
        ),
        heating_tip(
            heating=heating,
            years=years,
            days=days,
            price_eur_per_kwh=price_eur_per_kwh,
            prepared=prepared,
            priced=priced,
            temperatures=temperatures,
        ),
        *appliance_tips(
            anomalies=anomalies,
            last_day=last_day,
            price_eur_per_kwh=price_eur_per_kwh,
            days=days,
            change=change,
        ),
        water_heater_tip(
            anomalies=anomalies,
            heater=heater,
            current=current,
            prepared=prepared,
            off_peak=off_peak,
            days=days,
            change=change,
        ),
        absence_tip(
            anomalies=anomalies,
            price_eur_per_kwh=price_eur_per_kwh,
            prepared=prepared,
            days=days,
            change=change,
        ),
        option_tip(costs, current, year, days),
        kva_tip(current=current, power=power, days=days),
    ]
    out = [t for t in found if t is not None]
    return sorted(out, key=lambda t: t.headline_eur, reverse=True)
