"""What a curve costs under each regulated option: Base, HP/HC, Tempo, EJP.

Formulas of analytics.md §1.4. Each interval is priced by the grid in force (``prices=
"dated"``) or by the latest verified grid (``prices="latest"``, what the household would
pay today); subscriptions are prorated by days (yearly price × days / 365). HP/HC uses the
household's own off-peak hours, which may change over time (the 2025–2027 reform). A Tempo
day runs 6h → 6h, HC being 22h–6h; EJP peak hours run 7h → 1h on its 22 days a year.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from typing import Literal

import polars as pl

from analysis import tempo as tempo_days
from analysis.reference import DATA
from ingest.schema import TIME_ZONE

Option = Literal["base", "hphc", "tempo", "ejp"]
OPTIONS: tuple[Option, ...] = ("base", "hphc", "tempo", "ejp")
OPTION_NAMES: dict[str, str] = {
    "base": "Base",
    "hphc": "Heures creuses",
    "tempo": "Tempo",
    "ejp": "EJP",
}
"""Each option as the regulated tariff calls it."""
Prices = Literal["latest", "dated"]
DEFAULT_HC = "22:00-06:00"
"""Off-peak hours assumed when the household has not said (the most common schedule)."""


@functools.cache
def grid(*, include_unverified: bool = False) -> pl.DataFrame:
    """The tariff table: one row per validity period, option and kVA.

    One column per price component (``subscription`` [EUR/year], ``energy``,
    ``energy_hp``… [EUR/kWh]) and ``source``.
    """
    raw = pl.read_csv(DATA / "tariffs.csv", try_parse_dates=True)
    if not include_unverified:
        raw = raw.filter(~pl.col("source").str.contains("unverified"))
    wide = raw.pivot(
        on="component",
        index=["valid_from", "valid_to", "option", "kva"],
        values="value",
        aggregate_function="first",
    )
    sources = raw.group_by("valid_from", "option", "kva").agg(
        source=pl.col("source").unique().sort().str.join(" ")
    )
    return wide.join(sources, on=["valid_from", "option", "kva"]).sort(
        "option", "kva", "valid_from"
    )


def kvas(option: Option) -> list[int]:
    """The subscribed powers an option is offered at in the latest grid. [kVA]."""
    g = grid()
    latest = g.filter(pl.col("option") == option)["valid_from"].max()
    return sorted(
        g.filter((pl.col("option") == option) & (pl.col("valid_from") == latest))["kva"].to_list()
    )


# --- off-peak hours -----------------------------------------------------------------------

_RANGE = re.compile(r"^\s*(\d{1,2})[:hH](\d{2})\s*-\s*(\d{1,2})[:hH](\d{2})\s*$")


@dataclass(frozen=True)
class OffPeak:
    """The household's off-peak hours, possibly changing on given dates.

    ``periods`` maps the first day a schedule applies to its ranges of minutes after local
    midnight, ``[(start, end), …]`` (a range may cross midnight: 22:00–06:00).
    """

    periods: tuple[tuple[dt.date, tuple[tuple[int, int], ...]], ...]

    @staticmethod
    def parse(text: str, *, since: dt.date = dt.date(1900, 1, 1)) -> OffPeak:
        """Read ``"22:00-06:00"`` or ``"01:00-07:00,12:30-14:30"``.

        Several dated schedules: ``"22:00-06:00; 2025-11-01: 23:00-05:00,12:00-15:00"``.

        Raises
        ------
        ValueError
            Naming the piece that is not a range of hours.
        """
        periods = []
        for part in text.split(";"):
            piece = part.strip()
            if not piece:
                continue
            start = since
            m = re.match(r"^(\d{4}-\d{2}-\d{2})\s*:\s*(.*)$", piece)
            if m:
                start = dt.date.fromisoformat(m.group(1))
                piece = m.group(2)
            ranges = []
            for r in piece.split(","):
                hit = _RANGE.match(r)
                if not hit:
                    msg = f"expected off-peak hours like 22:00-06:00, got {r.strip()!r}"
                    raise ValueError(msg)
                h1, m1, h2, m2 = (int(x) for x in hit.groups())
                if h1 > 24 or h2 > 24 or m1 >= 60 or m2 >= 60:
                    msg = f"not a time of day: {r.strip()!r}"
                    raise ValueError(msg)
                ranges.append((h1 * 60 + m1, h2 * 60 + m2))
            periods.append((start, tuple(ranges)))
        if not periods:
            msg = "no off-peak hours given"
            raise ValueError(msg)
        return OffPeak(tuple(sorted(periods)))

    def hours_per_day(self) -> float:
        """Off-peak hours per day of the latest schedule. [h]."""
        total = sum((e - s) % 1440 for s, e in self.periods[-1][1])
        return total / 60

    def first_start(self) -> int:
        """Minute of the day the (latest) night off-peak period starts. [min]."""
        return max(self.periods[-1][1], key=lambda r: (r[1] - r[0]) % 1440)[0]

    def text(self) -> str:
        """The schedule as the household would write it."""

        def fmt(m: int) -> str:
            return f"{m // 60:02d}:{m % 60:02d}"

        parts = []
        for since, ranges in self.periods:
            rs = ",".join(f"{fmt(s)}-{fmt(e)}" for s, e in ranges)
            parts.append(rs if since.year == 1900 else f"{since.isoformat()}: {rs}")
        return "; ".join(parts)

    def expr(self, minute: pl.Expr, day: pl.Expr) -> pl.Expr:
        """Whether a local minute of the day, on a day, is off-peak."""
        out = pl.lit(value=False)
        bounds = [p[0] for p in self.periods[1:]] + [dt.date(9999, 12, 31)]
        for (since, ranges), until in zip(self.periods, bounds, strict=True):
            inside = pl.lit(value=False)
            for s, e in ranges:
                inside = inside | (
                    ((minute >= s) & (minute < e)) if s < e else ((minute >= s) | (minute < e))
                )
            out = pl.when((day >= since) & (day < until)).then(inside).otherwise(out)
        return out


def off_peak_from_periods(periods: pl.DataFrame) -> str | None:
    """The off-peak hours a meter applied, learned from its reported tariff periods.

    ``periods`` holds ``start`` [UTC] and ``period`` per half-hour (a TIC capture's
    ``PTEC``/``LTARF``). A half-hour of the day is off-peak when its period names
    off-peak (``HC``, ``CREUSE``) on most of the days seen. Returns a schedule such as
    ``"22:00-06:00"`` (local time), or None when no off-peak period was reported.
    """
    if periods.height == 0:
        return None
    label = pl.col("period").str.to_uppercase()
    slots = (
        periods.with_columns(
            local=pl.col("start").dt.convert_time_zone(TIME_ZONE),
            hc=label.str.contains("HC") | label.str.contains("CREUSE"),
        )
        .with_columns(slot=pl.col("local").dt.hour() * 2 + pl.col("local").dt.minute() // 30)
        .group_by("slot")
        .agg(pl.col("hc").mean())
    )
    off = sorted(int(x) for x in slots.filter(pl.col("hc") > 0.5)["slot"].to_list())
    if not off:
        return None
    ranges: list[list[int]] = []
    for slot in off:
        if ranges and slot == ranges[-1][1]:
            ranges[-1][1] = slot + 1
        else:
            ranges.append([slot, slot + 1])
    if len(ranges) > 1 and ranges[0][0] == 0 and ranges[-1][1] == 48:
        ranges[-1][1] = ranges[0][1]  # a range across midnight
        ranges.pop(0)

    def fmt(half: int) -> str:
        return f"{half % 48 // 2:02d}:{half % 2 * 30:02d}"

    return ",".join(f"{fmt(a)}-{fmt(b)}" for a, b in ranges)


def minute_of_day(prepared_hour: str = "hour") -> pl.Expr:
    """Local minute of the day from the prepared ``hour`` column. [min]."""
    return (pl.col(prepared_hour) * 60).round(0).cast(pl.Int32)


# --- costs ----------------------------------------------------------------------------------


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
    notes: tuple[str, ...] = ()
    estimated_days: int = 0
    """Tempo (and EJP) days priced on an estimated colour: none was known for them."""

    @property
    def total_eur(self) -> float:
        """Energy plus subscription. [EUR]."""
        return self.energy_eur + self.subscription_eur


def _component(option: Option, off_peak: OffPeak) -> pl.Expr:
    """The price component each prepared interval falls under."""
    minute = minute_of_day()
    day = pl.col("day")
    if option == "base":
        return pl.lit("energy")
    if option == "hphc":
        return (
            pl.when(off_peak.expr(minute, day))
            .then(pl.lit("energy_hc"))
            .otherwise(pl.lit("energy_hp"))
        )
    if option == "tempo":
        hc = (minute >= 22 * 60) | (minute < 6 * 60)
        return pl.format(
            "energy_{}_{}",
            pl.col("colour").str.to_lowercase(),
            pl.when(hc).then(pl.lit("hc")).otherwise(pl.lit("hp")),
        )
    # EJP: 18 peak hours 7h → 1h on peak days (the day runs like Tempo's, from 6h).
    peak = pl.col("colour") == "ROUGE"
    in_hours = (minute >= 7 * 60) | (minute < 60)
    return (
        pl.when(peak & in_hours)
        .then(pl.lit("energy_pointe_mobile"))
        .otherwise(pl.lit("energy_normal"))
    )


def _tempo_day() -> pl.Expr:
    """The Tempo (and EJP) day an interval belongs to: days run 6h → 6h."""
    return (
        pl.when(pl.col("hour") < 6)
        .then(pl.col("day") - dt.timedelta(days=1))
        .otherwise(pl.col("day"))
    )


def cost(
    prepared: pl.DataFrame,
    option: Option,
    kva: int,
    *,
    off_peak: OffPeak | None = None,
    tempo: pl.DataFrame | None = None,
    prices: Prices = "latest",
    include_unverified: bool = False,
) -> Cost:
    """Cost of a prepared curve under ``option`` at ``kva``.

    Raises
    ------
    ValueError
        If the option is not offered at that power. Tempo days without a known colour are
        priced on an estimated calendar (:func:`analysis.tempo.estimate`), counted in
        ``estimated_days`` and said in ``notes``.
    """
    g = grid(include_unverified=include_unverified).filter(
        (pl.col("option") == option) & (pl.col("kva") == kva)
    )
    if g.height == 0:
        msg = f"the {option} option is not offered at {kva} kVA"
        raise ValueError(msg)
    off_peak = off_peak or OffPeak.parse(DEFAULT_HC)
    notes: list[str] = []
    rows = prepared.select("day", "hour", "kwh")
    estimated = 0
    if option in ("tempo", "ejp"):
        rows = rows.with_columns(tday=_tempo_day())
        first, last = rows["tday"].min(), rows["tday"].max()
        assert isinstance(first, dt.date)
        assert isinstance(last, dt.date)
        cal = tempo_days.calendar(tempo, first=first, last=last)
        rows = rows.join(cal.rename({"day": "tday"}), on="tday", how="left")
        guessed = rows.filter(pl.col("source") == tempo_days.ESTIMATED)["tday"].unique().sort()
        estimated = guessed.len()
        if estimated:
            when = guessed.dt.strftime("%d/%m/%Y")
            notes.append(
                f"Tempo : couleurs estimées pour {estimated} jours ({when[0]} → {when[-1]}), "
                "faute de couleur publiée connue (règles RTE, jours les plus froids d'abord)"
            )
        rows = rows.drop("source")
        if option == "ejp":
            notes.append(
                "Les jours de pointe EJP ne sont pas publiés dans les données de Courbe : "
                "les jours rouges Tempo les remplacent (ce sont, dans les deux cas, les 22 "
                "jours d'hiver les plus tendus)"
            )
    rows = rows.with_columns(component=_component(option, off_peak))
    if prices == "latest":
        latest = g.sort("valid_from").tail(1)
        priced = rows.join(latest.drop("valid_from", "valid_to"), how="cross")
        days = prepared["day"].n_unique()
        subscription = float(latest["subscription"][0]) * days / 365
        notes.append(
            f"prix de la grille en vigueur depuis le {latest['valid_from'][0]:%d/%m/%Y} "
            f"({latest['source'][0]})"
        )
    else:
        g = g.sort("valid_from")
        first = g["valid_from"][0]
        if prepared["day"].min() < first:
            notes.append(
                f"aucune grille connue avant le {first:%d/%m/%Y} : les jours antérieurs sont "
                "payés à ses prix"
            )
        priced = (
            rows.sort("day")
            .join_asof(
                g.drop("valid_to"), left_on="day", right_on="valid_from", strategy="backward"
            )
            .with_columns(
                pl.col(c).fill_null(pl.lit(g[c][0]))
                for c in g.columns
                if c.startswith("energy") and g[c][0] is not None
            )
        )
        per_day = (
            prepared.select(pl.col("day").unique())
            .sort("day")
            .join_asof(
                g.select("valid_from", "subscription"),
                left_on="day",
                right_on="valid_from",
                strategy="backward",
            )
            .with_columns(pl.col("subscription").fill_null(g["subscription"][0]))
        )
        subscription = float(per_day["subscription"].sum()) / 365
    components = [c for c in priced.columns if c.startswith("energy")]
    price = pl.coalesce([pl.when(pl.col("component") == c).then(pl.col(c)) for c in components])
    priced = priced.with_columns(price=price)
    if priced["price"].null_count():
        msg = f"no price for some intervals under {option}"
        raise ValueError(msg)
    breakdown = dict(
        priced.group_by("component").agg(pl.col("kwh").sum()).sort("component").iter_rows()
    )
    return Cost(
        option=option,
        kva=kva,
        energy_eur=float((priced["kwh"] * priced["price"]).sum()),
        subscription_eur=subscription,
        kwh=float(priced["kwh"].sum()),
        breakdown_kwh={str(k): float(v) for k, v in breakdown.items()},
        notes=tuple(notes),
        estimated_days=estimated,
    )


def compare(
    prepared: pl.DataFrame,
    kva: int,
    *,
    off_peak: OffPeak | None = None,
    tempo: pl.DataFrame | None = None,
    prices: Prices = "latest",
) -> list[Cost]:
    """The cost under every option offered at ``kva`` (cheapest first)."""
    out = []
    for option in OPTIONS:
        if kva not in kvas(option):
            continue
        try:
            out.append(cost(prepared, option, kva, off_peak=off_peak, tempo=tempo, prices=prices))
        except ValueError:
            continue
    return sorted(out, key=lambda c: c.total_eur)


def prices_at(option: Option, kva: int, *, when: dt.date | None = None) -> dict[str, float]:
    """The price components of an option at a power, on a date (default: latest). [EUR]."""
    g = grid().filter((pl.col("option") == option) & (pl.col("kva") == kva)).sort("valid_from")
    if when is not None:
        g = g.filter(pl.col("valid_from") <= when)
    if g.height == 0:
        msg = f"no {option} prices at {kva} kVA"
        raise ValueError(msg)
    row = g.tail(1).row(0, named=True)
    return {k: float(v) for k, v in row.items() if isinstance(v, float) and v == v}


def break_even_hc_share(kva: int, annual_kwh: float) -> float:
    """The off-peak share of consumption above which HP/HC beats Base. [0–1].

    s* = (p_HP − p_Base + ΔS / E) / (p_HP − p_HC), with ΔS the yearly subscription
    difference and E the yearly consumption (analytics.md §1.4).
    """
    base = prices_at("base", kva)
    hphc = prices_at("hphc", kva)
    extra = (hphc["subscription"] - base["subscription"]) / max(annual_kwh, 1.0)
    return (hphc["energy_hp"] - base["energy"] + extra) / (hphc["energy_hp"] - hphc["energy_hc"])
