"""The cost of a curve under one option and subscribed power."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import polars as pl

import words
from analysis import tempo as tempo_days
from analysis.tariffs.grids import (
    Option,
    Prices,
    grid_per_day,
    option_grid,
    paris_today,
    priced_days,
)
from analysis.tariffs.off_peak import DEFAULT_HC, OffPeak, minute_of_day


@dataclass(frozen=True)
class Cost:
    """The cost of a curve under one option and subscribed power. [EUR, TTC]."""

    option: Option
    kva: int
    energy_eur: float
    subscription_eur: float
    kwh: float
    breakdown_kwh: dict[str, float] = field(default_factory=dict)
    """Energy per price component, e.g. ``{"energy_hp": 3200.0, "energy_hc": 1800.0}``."""
    notes: tuple[words.Said, ...] = ()
    """What the figures rest on: grids used, days no grid covers, colours estimated."""
    estimated_days: int = 0
    """Tempo (and EJP) days priced on an estimated colour: none was known for them."""

    @property
    def total_eur(self) -> float:
        """Energy plus subscription. [EUR]."""
        return self.energy_eur + self.subscription_eur


def _component(option: Option, off_peak: OffPeak, components: list[str]) -> pl.Expr:
    """The price component each prepared interval falls under, an Enum of ``components``.

    Null where there is no such component. Tempo and EJP intervals carry their day's
    components (``hc``, ``hp``; ``peak``) from :func:`_day_components`: naming them per
    interval (a string per row) took a third of the pricing of a long curve.
    """
    minute = minute_of_day()
    kind = pl.Enum(components)

    def named(component: str) -> pl.Expr:
        return pl.lit(component if component in components else None, dtype=kind)

    if option == "base":
        return named("energy")
    if option == "hphc":
        return (
            pl.when(off_peak.expr(minute, pl.col("day")))
            .then(named("energy_hc"))
            .otherwise(named("energy_hp"))
        )
    if option == "tempo":
        hc = (minute >= 22 * 60) | (minute < 6 * 60)
        return pl.when(hc).then(pl.col("hc")).otherwise(pl.col("hp"))
    # EJP: 18 peak hours 7h → 1h on peak days (the day runs like Tempo's, from 6h).
    in_hours = (minute >= 7 * 60) | (minute < 60)
    return (
        pl.when(pl.col("peak") & in_hours)
        .then(named("energy_pointe_mobile"))
        .otherwise(named("energy_normal"))
    )


def _day_components(calendar: pl.DataFrame, kind: pl.Enum) -> pl.DataFrame:
    """Per Tempo day (``day``), its price components of the Enum ``kind``.

    ``hc`` and ``hp`` (Tempo, by colour) and ``peak`` (an EJP peak day: a red one).
    """
    colour = pl.col("colour").str.to_lowercase()
    return calendar.select(
        "day",
        hc=pl.format("energy_{}_hc", colour).cast(kind, strict=False),
        hp=pl.format("energy_{}_hp", colour).cast(kind, strict=False),
        peak=pl.col("colour") == "ROUGE",
    )


def tempo_day() -> pl.Expr:
    """The Tempo (and EJP) day an interval belongs to: days run 6h → 6h."""
    return (
        pl.when(pl.col("hour") < 6)
        .then(pl.col("day") - dt.timedelta(days=1))
        .otherwise(pl.col("day"))
    )


def _calendar_days(prepared: pl.DataFrame) -> pl.DataFrame:
    """Every local day from the curve's first day to its last, with data or not (``day``)."""
    if prepared.height == 0:
        return pl.DataFrame({"day": []}, schema={"day": pl.Date})
    first: dt.date = prepared["day"].min()  # type: ignore[assignment]
    last: dt.date = prepared["day"].max()  # type: ignore[assignment]
    return pl.DataFrame({"day": pl.date_range(first, last, "1d", eager=True)})


def cost(
    prepared: pl.DataFrame,
    option: Option,
    kva: int,
    *,
    off_peak: OffPeak | None = None,
    tempo: pl.DataFrame | None = None,
    prices: Prices = "latest",
    today: dt.date | None = None,
) -> Cost:
    """Cost of a prepared curve under ``option`` at ``kva``.

    ``prices="latest"`` prices every day at the grid in force ``today`` (default: the
    computer's date); ``"dated"`` prices each day at the grid in force that day. The
    subscription is billed for every calendar day from the first day to the last, data or
    not (yearly price × days / 365). Days no grid covers are priced at the nearest grid and
    the notes say which and how many.

    Raises
    ------
    ValueError
        If the option is not offered at that power. Tempo days without a known colour are
        priced on an estimated calendar (:func:`analysis.tempo.estimate`), counted in
        ``estimated_days`` and said in ``notes``.
    """
    if option_grid(option, kva).height == 0:
        msg = f"the {option} option is not offered at {kva} kVA"
        raise ValueError(msg)
    off_peak = off_peak or OffPeak.parse(DEFAULT_HC)
    on = today or paris_today()
    day_a, day_b = prepared["day"].min(), prepared["day"].max()
    if isinstance(day_a, dt.date) and isinstance(day_b, dt.date):
        per_day, grid_notes = priced_days(option, kva, day_a, day_b, prices, on)
    else:  # no interval: no day to price
        per_day, listed = grid_per_day(
            _calendar_days(prepared), option_grid(option, kva), option, prices=prices, today=on
        )
        grid_notes = tuple(listed)
    components = sorted(c for c in per_day.columns if c.startswith("energy"))
    kind = pl.Enum(components)
    notes: list[words.Said] = []
    rows = prepared.select("day", "hour", "kwh")
    estimated = 0
    if option in ("tempo", "ejp"):
        rows = rows.with_columns(tday=tempo_day())
        first, last = rows["tday"].min(), rows["tday"].max()
        assert isinstance(first, dt.date)
        assert isinstance(last, dt.date)
        cal = tempo_days.calendar(tempo, first=first, last=last)
        guessed = cal.filter(
            (pl.col("source") == tempo_days.ESTIMATED)
            & pl.col("day").is_in(rows["tday"].unique().implode())
        )["day"].sort()
        estimated = guessed.len()
        if estimated:
            notes.append(
                words.said("cost.note.tempo_estimated", n=estimated, a=guessed[0], b=guessed[-1])
            )
        rows = rows.join(
            _day_components(cal, kind).rename({"day": "tday"}),
            on="tday",
            how="left",
            maintain_order="left",
        )
        if option == "ejp":
            notes.append(words.said("report.ejp_days"))
    notes.extend(grid_notes)
    subscription = float(per_day["subscription"].sum()) / 365
    # Each interval's price by position: its day's row, its component's column (a join
    # of every interval with its day's prices took half of the pricing).
    which = rows.select(
        day=pl.col("day").cast(pl.Int32),
        component=_component(option, off_peak, components),
    )
    days = per_day["day"].cast(pl.Int32).to_numpy()
    row_days = which["day"].to_numpy()
    # One row per calendar day, in order: a day's row is its distance from the first.
    row = np.clip(row_days - (days[0] if days.size else 0), 0, max(days.size - 1, 0))
    component = which["component"]
    if component.null_count() or (row_days.size and (days[row] != row_days).any()):
        msg = f"no price for some intervals under {option}"
        raise ValueError(msg)
    index = component.to_physical().to_numpy().astype(np.int64)
    table = per_day.select(components).to_numpy().astype(np.float64)
    price = table[row, index]
    if np.isnan(price).any():
        msg = f"no price for some intervals under {option}"
        raise ValueError(msg)
    kwh = rows["kwh"].to_numpy().astype(np.float64)
    per_component = np.bincount(index, weights=kwh, minlength=len(components))
    seen = np.bincount(index, minlength=len(components)) > 0
    return Cost(
        option=option,
        kva=kva,
        energy_eur=float(np.sum(kwh * price)),
        subscription_eur=subscription,
        kwh=float(rows["kwh"].sum()),
        breakdown_kwh={
            c: float(k) for c, k, s in zip(components, per_component, seen, strict=True) if s
        },
        notes=tuple(notes),
        estimated_days=estimated,
    )
