"""The cost of a curve under one option and subscribed power."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
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
from analysis.tariffs.off_peak import DEFAULT_HC, OffPeak
from analysis.tariffs.usage import BEFORE_SIX, EJP_HOURS, TEMPO_OFF_PEAK, Usage

if TYPE_CHECKING:
    from collections.abc import Callable


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


def _day_codes(calendar: pl.DataFrame, components: list[str]) -> pl.DataFrame:
    """Per Tempo day (``day``), its price components as indices in ``components`` (−1: none).

    ``hc`` and ``hp`` (Tempo, by colour) and ``peak`` (an EJP peak day: a red one).
    """
    colour = pl.col("colour").str.to_lowercase()

    def index(part: str) -> pl.Expr:
        """The index of ``energy_<colour>_<part>`` (a colour's price), −1 where none is."""
        names = {c.lower(): f"energy_{c.lower()}_{part}" for c in tempo_days.COLOURS}
        codes = {c: components.index(n) for c, n in names.items() if n in components}
        return colour.replace_strict(codes, default=-1, return_dtype=pl.Int64).fill_null(-1)

    return calendar.select(
        "day",
        hc=index("hc"),
        hp=index("hp"),
        peak=(pl.col("colour") == "ROUGE").fill_null(value=False),
    )


def tempo_day() -> pl.Expr:
    """The Tempo (and EJP) day an interval belongs to: days run 6h → 6h."""
    return (
        pl.when(pl.col("hour") < 6)
        .then(pl.col("day") - dt.timedelta(days=1))
        .otherwise(pl.col("day"))
    )


def _day_rows(row_days: np.ndarray, days: np.ndarray) -> np.ndarray | None:
    """Each day's row in a per-day table of ``days`` (ordinals), None if one has none.

    The table of a period has every day once, in order (:func:`.grids.priced_days`): a
    day's row is its distance from the first, with nothing to look up.
    """
    if days.size == 0:
        return None if row_days.size else np.zeros(0, dtype=np.int64)
    row: np.ndarray = row_days.astype(np.int64) - days[0]
    every_day = days[-1] - days[0] == days.size - 1 and bool((np.diff(days) > 0).all())
    if every_day and (row.size == 0 or (row.min() >= 0 and row.max() < days.size)):
        return row
    at = np.clip(row, 0, days.size - 1)
    return None if (days[at] != row_days).any() else at


def _calendar_days(prepared: pl.DataFrame) -> pl.DataFrame:
    """Every local day from the curve's first day to its last, with data or not (``day``)."""
    if prepared.height == 0:
        return pl.DataFrame({"day": []}, schema={"day": pl.Date})
    first: dt.date = prepared["day"].min()  # type: ignore[assignment]
    last: dt.date = prepared["day"].max()  # type: ignore[assignment]
    return pl.DataFrame({"day": pl.date_range(first, last, "1d", eager=True)})


def cost(
    prepared: pl.DataFrame | Usage,
    option: Option,
    kva: int,
    *,
    off_peak: OffPeak | None = None,
    tempo: pl.DataFrame | None = None,
    prices: Prices = "latest",
    today: dt.date | None = None,
) -> Cost:
    """Cost of a prepared curve (or its :class:`.usage.Usage`) under ``option`` at ``kva``.

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
    usage = prepared if isinstance(prepared, Usage) else Usage(prepared)
    on = today or paris_today()
    if usage.n_days:
        epoch = dt.date(1970, 1, 1)
        day_a = epoch + dt.timedelta(days=usage.first)
        day_b = day_a + dt.timedelta(days=usage.n_days - 1)
        per_day, grid_notes = priced_days(option, kva, day_a, day_b, prices, on)
    else:  # no interval: no day to price
        per_day, listed = grid_per_day(
            _calendar_days(usage.prepared),
            option_grid(option, kva),
            option,
            prices=prices,
            today=on,
        )
        grid_notes = tuple(listed)
    components = sorted(c for c in per_day.columns if c.startswith("energy"))

    def code(component: str) -> int:
        return components.index(component) if component in components else -1

    notes: list[words.Said] = []
    estimated = 0
    # Each day's energy in a few parts of the day, and each part's price component.
    if option == "hphc":
        energy, seen = usage.off_peak(off_peak or OffPeak.parse(DEFAULT_HC))
        index = np.broadcast_to(np.array([code("energy_hp"), code("energy_hc")]), energy.shape)
    elif option == "base":
        energy, seen = usage.parts
        index = np.full(energy.shape, code("energy"))
    else:
        energy, seen = usage.parts
        index, estimated, said = _tempo_codes(usage, option, tempo, components, code)
        notes.extend(said)
    notes.extend(grid_notes)
    subscription = float(per_day["subscription"].sum()) / 365
    # Each cell's price by position: its day's row, its component's column (a join of
    # every interval with its day's prices took half of the pricing of a long curve).
    cell_days = np.broadcast_to(usage.first + np.arange(usage.n_days)[:, None], seen.shape)
    row = _day_rows(cell_days[seen], per_day["day"].cast(pl.Int32).to_numpy())
    index = index[seen]
    if row is None or (index < 0).any():
        msg = f"no price for some intervals under {option}"
        raise ValueError(msg)
    table = per_day.select(components).to_numpy().astype(np.float64)
    at = row * len(components) + index  # (its place in the flat table)
    by_component = np.bincount(at, weights=energy[seen], minlength=table.size)
    used = np.bincount(at, minlength=table.size) > 0
    price = table.ravel()[used]
    if np.isnan(price).any():
        msg = f"no price for some intervals under {option}"
        raise ValueError(msg)
    per_component = by_component.reshape(table.shape).sum(axis=0)
    seen_components = np.any(used.reshape(table.shape), axis=0).tolist()
    return Cost(
        option=option,
        kva=kva,
        energy_eur=float(np.sum(by_component[used] * price)),  # (no BLAS: see analysis.fit)
        subscription_eur=subscription,
        kwh=usage.kwh,
        breakdown_kwh={
            c: float(k)
            for c, k, s in zip(components, per_component, seen_components, strict=True)
            if s
        },
        notes=tuple(notes),
        estimated_days=estimated,
    )


def _tempo_codes(
    usage: Usage,
    option: Option,
    tempo: pl.DataFrame | None,
    components: list[str],
    code: Callable[[str], int],
) -> tuple[npt.NDArray[np.int64], int, list[words.Said]]:
    """The price component of each day and part under Tempo or EJP (−1: none).

    Also how many of the Tempo days used have an estimated colour, and the notes saying so.
    A part before 6h takes the colour of the Tempo day before.
    """
    energy, seen = usage.parts
    notes: list[words.Said] = []
    if not seen.any():
        return np.full(energy.shape, -1, dtype=np.int64), 0, notes
    tday = usage.first + np.arange(usage.n_days)[:, None] - BEFORE_SIX[None, :]
    used_days = tday[seen]
    epoch = dt.date(1970, 1, 1)
    first = epoch + dt.timedelta(days=int(used_days.min()))
    last = epoch + dt.timedelta(days=int(used_days.max()))
    cal = tempo_days.calendar(tempo, first=first, last=last)
    cal_days = cal["day"].cast(pl.Int64).to_numpy()
    # One row per Tempo day, in order (the calendar has every day from first to last).
    start = cal_days[0] if cal_days.size else 0
    row = np.clip(tday - start, 0, max(cal_days.size - 1, 0))
    if cal_days.size == 0 or (cal_days[row[seen]] != used_days).any():
        msg = f"no Tempo colour for some days under {option}"
        raise ValueError(msg)
    used = np.zeros(cal_days.size, dtype=bool)
    used[row[seen]] = True
    guessed = cal.filter(pl.Series(used) & (pl.col("source") == tempo_days.ESTIMATED))["day"]
    if guessed.len():
        notes.append(
            words.said("cost.note.tempo_estimated", n=guessed.len(), a=guessed[0], b=guessed[-1])
        )
    day_codes = _day_codes(cal, components)
    if option == "tempo":
        hc, hp = day_codes["hc"].to_numpy()[row], day_codes["hp"].to_numpy()[row]
        return np.where(TEMPO_OFF_PEAK, hc, hp), guessed.len(), notes
    # EJP: 18 peak hours 7h → 1h on peak days (the day runs like Tempo's, from 6h).
    notes.append(words.said("report.ejp_days"))
    peak = day_codes["peak"].to_numpy()[row] & EJP_HOURS
    index = np.where(peak, code("energy_pointe_mobile"), code("energy_normal"))
    return index, guessed.len(), notes
