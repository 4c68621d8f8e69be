"""Saving tips, each tied to a measured quantity.

Every tip carries what it changes on the measured curve (``kwh``, ``eur`` over ``days``
measured days, at the household's own prices of the hours it changes) and, only where a
stated method gives one, a yearly figure (``kwh_per_year``, ``eur_per_year``, ``method``).
Figures of analytics.md §4 and their sources.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

import polars as pl

from analysis import tariffs
from analysis.calendar import HOURS_PER_YEAR, MEAN_YEAR_DAYS, YEAR_DAYS
from analysis.reference import degree_days
from words import Said, said

if TYPE_CHECKING:
    from analysis.anomalies import Anomaly
    from analysis.power import PowerAdvice
    from analysis.scenarios import Year
    from analysis.usages import Heating, WaterHeater
    from words import Lang

STANDBY_SHARE = 0.25
"""Share of the always-on load a household can usually switch off (power strips, box at
night): ADEME counts 15–50 devices on standby, often > 50 W together."""
STANDBY_OFF_W = (10.0, 80.0)
"""What switching standby off can remove, at least and at most: 10 W is a box's standby,
80 W ADEME's "> 50 W" of 15–50 devices with some margin. [W]"""
STANDBY_MIN_W = 60.0
"""Below this always-on load, switching standby off is not worth a tip. [W]"""
STANDBY_OFF_HOURS = (23, 7)
"""The night hours the standby tip switches off, local: box and decoder are not needed
while the household sleeps. [h]"""
NIGHTS_PER_YEAR = 365
"""The nights a year the standby tip counts (its text says "365 nuits")."""
HEATING_PER_DEGREE = 0.07
"""−1 °C of set-point ≈ −7 % of heating energy (ADEME, cited in analytics.md §4)."""
ONGOING_DAYS = 3
"""A rise of the always-on load that ends this close to the curve's end is still going on."""
MIN_OPTION_GAIN_EUR = 5.0
"""An option cheaper by less than this a year (beyond the method's error) is no tip."""
BASE_CLOSED_FROM_KVA = 18
"""Base is closed to new residential contracts at 18–36 kVA since 1 February 2026
(analytics.md §1.1, [ARRETE-2026]): offered only to a household already on it."""

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


def takeable(option: tariffs.Option, kva: int, current: tariffs.Option | None) -> bool:
    """Whether a household on ``current`` can subscribe ``option`` at ``kva``.

    EJP has been closed to new contracts since 1998 and Base at 18 kVA and more since
    February 2026 (analytics.md §1.1): only a household already on them keeps them.
    """
    if option == current:
        return True
    if option == "ejp":
        return False
    return not (option == "base" and kva >= BASE_CLOSED_FROM_KVA)


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
    removed = prepared.select(pl.min_horizontal(kwh_removed, "kwh")).to_series()
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


def _moved_off_peak(
    late: list[Anomaly], kwh_per_day: float, option: tariffs.Option, off_peak: tariffs.OffPeak
) -> pl.Expr:
    """The water heater's block moved back to off-peak hours on the days it ran late [kWh].

    On each such day ``kwh_per_day`` leaves the peak-hour intervals (in proportion to
    their energy) and is spread evenly over the off-peak ones of the option (HP/HC: the
    household's hours; Tempo: 22 h–6 h).
    """
    days = [a.start + dt.timedelta(days=i) for a in late for i in range((a.end - a.start).days)]
    on = pl.col("day").is_in(days)
    if option == "tempo":
        peak = (pl.col("hour") >= 6) & (pl.col("hour") < 22)
    else:
        peak = ~off_peak.expr(tariffs.minute_of_day(), pl.col("day"))
    peak_kwh = pl.when(peak).then(pl.col("kwh")).otherwise(0.0).sum().over("day")
    off_minutes = pl.when(peak).then(0).otherwise(pl.col("minutes")).sum().over("day")
    out_of_peak = kwh_per_day * pl.col("kwh") / peak_kwh
    into_off_peak = -kwh_per_day * pl.col("minutes") / off_minutes
    return (
        pl.when(on & peak & (peak_kwh > 0))
        .then(pl.min_horizontal(out_of_peak, pl.col("kwh")))
        .when(on & ~peak & (off_minutes > 0))
        .then(into_off_peak)
        .otherwise(0.0)
    )


def _hours(span: tuple[int, int]) -> pl.Expr:
    """Whether a prepared interval starts within local hours ``span`` (may cross midnight)."""
    a, b = span
    hour = pl.col("hour")
    return (hour >= a) & (hour < b) if a < b else (hour >= a) | (hour < b)


def _per_year(measured: float, days: int) -> float | None:
    """A figure per year when the curve covers a year or more, else None."""
    return measured * MEAN_YEAR_DAYS / days if days >= YEAR_DAYS else None


def _over(days: int, *, start: bool = False) -> Said:
    """``"sur les 270 jours de votre courbe"`` (``start``: at the start of a sentence)."""
    return said("tip.over_start" if start else "tip.over", days=days)


def normal_year_hdd(temperatures: pl.DataFrame | None = None) -> float:
    """Degree-days of a normal year: the mean over the full years known. [°C·day]."""
    dd = degree_days(temperatures).with_columns(year=pl.col("day").dt.year())
    full = dd.group_by("year").agg(pl.col("hdd").sum(), n=pl.len()).filter(pl.col("n") >= 365)
    value = full["hdd"].mean()
    return float(value) if isinstance(value, int | float) else 0.0


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
    out: list[Tip] = []
    if baseload_w > STANDBY_MIN_W:
        w = min(max(STANDBY_SHARE * baseload_w, STANDBY_OFF_W[0]), STANDBY_OFF_W[1])
        off_from, off_to = STANDBY_OFF_HOURS
        hours_off = (off_to - off_from) % 24
        span = f"{off_from:02d}:00–{off_to:02d}:00"
        kwh, eur = change(
            pl.when(_hours(STANDBY_OFF_HOURS)).then(w * pl.col("minutes") / 60 / 1000).otherwise(0)
        )
        unit = eur / kwh if kwh else price_eur_per_kwh
        standby_year = w * hours_off * NIGHTS_PER_YEAR / 1000
        out.append(
            Tip(
                "standby",
                standby_year,
                standby_year * unit,
                said(
                    "tip.text.standby",
                    always_on=baseload_w,
                    off_from=off_from,
                    off_to=off_to,
                    w=w,
                    hours=hours_off,
                    kwh=standby_year,
                    eur=standby_year * unit,
                    nights=NIGHTS_PER_YEAR,
                    unit=unit,
                ),
                said("tip.source.standby"),
                kwh,
                eur,
                days,
                RATE,
                span,
            )
        )
    if heating.found and heating.kwh_per_year > 0:
        measured = HEATING_PER_DEGREE * heating.kwh_per_year * years
        unit = price_eur_per_kwh
        if heating.gradient_kwh_per_hdd > 0:
            saving_year: float | None = (
                HEATING_PER_DEGREE * heating.gradient_kwh_per_hdd * normal_year_hdd(temperatures)
            )
            method = NORMAL_YEAR
            if prepared is not None:  # 7 % of each day's heating, at the hours it ran
                hdd = degree_days(temperatures).select("day", "hdd")
                kwh, eur = priced(
                    prepared.join(hdd, on="day", how="left"),
                    HEATING_PER_DEGREE
                    * heating.gradient_kwh_per_hdd
                    * pl.col("hdd").fill_null(0.0)
                    * pl.col("minutes")
                    / 1440,
                )
                measured, unit = kwh, (eur / kwh if kwh else unit)
        else:
            saving_year, method = _per_year(measured, days), AVERAGE_YEAR
        if saving_year is not None:
            heat_year = saving_year / HEATING_PER_DEGREE
            text = said(
                "tip.text.heating_normal" if method == NORMAL_YEAR else "tip.text.heating",
                heat=heat_year,
                kwh=saving_year,
                eur=saving_year * unit,
            )
            out.append(
                Tip(
                    "heating_setpoint",
                    saving_year,
                    saving_year * unit,
                    text,
                    said("tip.source.heating_setpoint"),
                    measured,
                    measured * unit,
                    days,
                    method,
                )
            )
    steps = [
        a
        for a in anomalies
        if a.kind == "baseload_step"
        and not (last_day is not None and a.end < last_day - dt.timedelta(days=ONGOING_DAYS))
    ]
    for a in steps:
        step_year = a.size * HOURS_PER_YEAR / 1000
        since = pl.col("day").is_between(a.start, a.end, closed="left")
        kwh, eur = change(pl.when(since).then(a.size * pl.col("minutes") / 60 / 1000).otherwise(0))
        unit = eur / kwh if kwh else price_eur_per_kwh
        if a.cause == "cooling":
            # Cooling comes with the heat: what it added over its days, never "if it
            # stayed" a year, and no freezer to defrost.
            out.append(
                Tip(
                    f"cooling_{a.start.isoformat()}",
                    None,
                    None,
                    said(
                        "tip.text.cooling",
                        first=a.start,
                        last=a.last,
                        w=a.size,
                        kwh=kwh,
                        eur=eur,
                        days=a.days,
                    ),
                    said("tip.source.measured"),
                    kwh,
                    eur,
                    a.days,
                )
            )
            continue
        out.append(
            Tip(
                f"appliance_{a.start.isoformat()}",
                step_year,
                step_year * unit,
                said(
                    "tip.text.appliance",
                    since=a.start,
                    w=a.size,
                    kwh=step_year,
                    eur=step_year * unit,
                ),
                said("tip.source.appliance"),
                kwh,
                eur,
                days,
                RATE,
            )
        )
    late = [a for a in anomalies if a.kind == "water_heater_peak"]
    gap = _off_peak_gap(current)
    if late and current is not None and gap is not None and heater.kwh_per_day > 0:
        n = sum((a.end - a.start).days for a in late)
        if prepared is None:  # no curve to re-price: the block at the option's gap
            kwh, eur = heater.kwh_per_day * n, heater.kwh_per_day * n * gap
        else:
            kwh, eur = change(
                _moved_off_peak(
                    late,
                    heater.kwh_per_day,
                    current.option,
                    off_peak or tariffs.OffPeak.parse(tariffs.DEFAULT_HC),
                )
            )
        per_year = _per_year(eur, days)
        heater_text = {
            "n": n,
            "over": _over(days),
            "kwh": kwh,
            "gap": eur / kwh if kwh else gap,
            "eur": eur,
        }
        out.append(
            Tip(
                "water_heater_off_peak",
                0.0 if per_year is not None else None,
                per_year,
                said("tip.text.water_heater", **heater_text)
                if per_year is None
                else said("tip.text.water_heater_year", **heater_text, year=per_year),
                said("tip.source.tariff", option=Said(f"option.{current.option}")),
                kwh,
                eur,
                days,
                AVERAGE_YEAR if per_year is not None else "",
            )
        )
    away = [a for a in anomalies if a.kind == "absence_consumption"]
    if away:
        kwh = sum(a.size for a in away)
        n_days = sum((a.end - a.start).days for a in away)
        eur = kwh * price_eur_per_kwh
        if prepared is not None:  # each absence's excess taken off its own days' hours
            excess = pl.lit(0.0)
            for a in away:
                on = pl.col("day").is_between(a.start, a.end, closed="left")
                there = float(prepared.filter(on)["kwh"].sum())
                if there > 0:
                    excess = excess + pl.when(on).then(pl.col("kwh") * a.size / there).otherwise(0)
            kwh, eur = change(excess)
        away_kwh_year, away_eur_year = _per_year(kwh, days), _per_year(eur, days)
        times = (
            said("tip.part.absences", n=len(away))
            if len(away) > 1
            else said("tip.part.one_absence")
        )
        away_text = {"times": times, "n": n_days, "over": _over(days), "kwh": kwh, "eur": eur}
        out.append(
            Tip(
                "absence",
                away_kwh_year,
                away_eur_year,
                said("tip.text.absence", **away_text)
                if away_kwh_year is None or away_eur_year is None
                else said(
                    "tip.text.absence_year",
                    **away_text,
                    kwh_year=away_kwh_year,
                    eur_year=away_eur_year,
                ),
                said("tip.source.absence"),
                kwh,
                eur,
                days,
                AVERAGE_YEAR if away_kwh_year is not None else "",
            )
        )
    option_tip = _option_tip(costs, current, year, days)
    if option_tip is not None:
        out.append(option_tip)
    if current is not None and power.allows(power.suggested_kva):
        try:
            now = tariffs.prices_at(current.option, power.kva)["subscription"]
            lower = tariffs.prices_at(current.option, power.suggested_kva)["subscription"]
        except (ValueError, KeyError):
            now = lower = 0.0
        if now > lower:
            out.append(
                Tip(
                    "kva",
                    0.0,
                    now - lower,
                    said(
                        "tip.text.kva",
                        kva=power.kva,
                        lower=power.suggested_kva,
                        eur=now - lower,
                        about=power.about(power.suggested_kva),
                    ),
                    said("tip.source.kva"),
                    0.0,
                    (now - lower) * days / 365,
                    days,
                    RATE,
                )
            )
    return sorted(out, key=lambda t: t.headline_eur, reverse=True)


def _off_peak_gap(current: tariffs.Cost | None) -> float | None:
    """What a kWh moved from peak to off-peak hours saves under the household's option.

    None when its option has no off-peak price (Base). Tempo: on blue days, which are
    most days. [EUR/kWh]
    """
    if current is None:
        return None
    try:
        p = tariffs.prices_at(current.option, current.kva)
    except ValueError:
        return None
    if current.option == "hphc":
        return p["energy_hp"] - p["energy_hc"]
    if current.option == "tempo":
        return p["energy_bleu_hp"] - p["energy_bleu_hc"]
    return None


def _option_tip(
    costs: list[tariffs.Cost], current: tariffs.Cost | None, year: Year | None, days: int
) -> Tip | None:
    """The cheapest option the household can take, if it saves beyond the method's error.

    Judged on :class:`~analysis.scenarios.Year`: measured over the latest 365 days, or
    completed from fewer with its tested error. Without it (too few days, or no winter
    measured) no option is advised: a partial year favours Tempo in summer and HP/HC
    wherever the heating falls outside the measured months. A curve longer than a year
    must also show the saving over all its days: Tempo's depends on each winter's red
    days (on the real guiEDF home, 63 € cheaper over 2023–24 but dearer over 2022–24).
    """
    if current is None or year is None or current.option not in year.eur:
        return None
    options = [
        o for o in year.eur if takeable(o, current.kva, current.option) and o != current.option
    ]
    if not options:
        return None
    best = min(options, key=lambda o: year.eur[o])
    gain = year.eur[current.option] - year.eur[best]
    if gain <= MIN_OPTION_GAIN_EUR + year.error_eur:
        return None
    now = next((c for c in costs if c.option == current.option), current)
    then = next((c for c in costs if c.option == best), None)
    measured = now.total_eur - then.total_eur if then is not None else 0.0
    if days > YEAR_DAYS and measured <= 0:
        return None  # cheaper over the latest year only: another winter said otherwise
    names = {
        "name": Said(f"option.{best}"),
        "mine": Said(f"option.{current.option}"),
        "kva": current.kva,
        "first": year.first,
        "last": year.last,
        "eur": gain,
    }
    if year.filled_days == 0 and days > YEAR_DAYS:
        text = said("tip.text.option_year_longer", **names, over=_over(days), measured=measured)
    elif year.filled_days == 0:
        text = said("tip.text.option_year", **names)
    else:
        filled = (
            said("tip.part.filled_one")
            if year.filled_days == 1
            else said("tip.part.filled_many", n=year.filled_days)
        )
        text = said(
            "tip.text.option_completed",
            **names,
            over_start=_over(days, start=True),
            measured=measured,
            filled=filled,
            method=year.method,
            error=year.error_eur,
        )
    if "tempo" in (best, current.option):
        text = said("tip.text.with_tempo_note", text=text)
    return Tip(
        f"option_{best}",
        0.0,
        gain,
        text,
        said("tip.source.tariff", option=Said(f"option.{best}")),
        0.0,
        measured,
        days,
        AVERAGE_YEAR if year.filled_days == 0 else COMPLETED_YEAR,
    )
