"""Dated reference data shipped under ``analysis/data/`` (see its SOURCES.md)."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

if TYPE_CHECKING:
    import datetime as dt

DATA = Path(__file__).parent / "data"

HEATING_BASE_C = 15.5
"""Outdoor daily mean below which a home needs heat (internal and solar gains cover the
rest); the analysis' degree-days use this base. [°C]"""


@functools.cache
def temperatures() -> pl.DataFrame:
    """French daily outdoor temperature, mean of 13 regions, 2016 → 2025.

    Columns: ``day`` [date], ``tmin_c``, ``tmax_c``, ``tmean_c`` [°C], ``hdd18`` [°C·day,
    heating degree-days base 18 °C], ``source``.
    """
    return pl.read_csv(DATA / "temperature_france_daily.csv", try_parse_dates=True).select(
        day=pl.col("date"),
        tmin_c="tmin_c",
        tmax_c="tmax_c",
        tmean_c="tmoy_c",
        hdd18="dju18_c",
        source="source",
    )


@functools.cache
def normals() -> pl.DataFrame:
    """Mean temperature of each calendar day over the shipped years (2016 → 2025).

    ``month``, ``dom`` (day of month), ``normal_c`` [°C]: what a day without a measured
    temperature is given where an estimate is needed (Tempo colours, simulated weather).
    """
    return (
        temperatures()
        .group_by(month=pl.col("day").dt.month(), dom=pl.col("day").dt.day())
        .agg(normal_c=pl.col("tmean_c").mean())
        .sort("month", "dom")
    )


def degree_days(user: pl.DataFrame | None = None) -> pl.DataFrame:
    """Heating degree-days base :data:`HEATING_BASE_C` per day: ``day``, ``tmean_c``, ``hdd``.

    [°C·day]; a day with ``hdd == 0`` needs no heating. ``user`` temperatures (``day``,
    ``tmean_c``, from :func:`read_temperature_file`) replace and extend the shipped ones.
    """
    shipped = _shipped_degree_days()
    if user is None or user.height == 0:
        return shipped
    own = user.select("day", "tmean_c", hdd=(HEATING_BASE_C - pl.col("tmean_c")).clip(0))
    return pl.concat([shipped.join(own, on="day", how="anti"), own]).sort("day")


@functools.cache
def _shipped_degree_days() -> pl.DataFrame:
    return temperatures().select("day", "tmean_c", hdd=(HEATING_BASE_C - pl.col("tmean_c")).clip(0))


def parse_day(text: pl.Expr) -> pl.Expr:
    """A date as files write it; null when it is none of these. [date].

    ``YYYY-MM-DD`` (also unpadded ``2020-1-6``, or with a time after it), ``DD/MM/YYYY``,
    ``DD/MM/YY`` (ODRE's copy) or ``YYYYMMDD`` (Météo-France's ``AAAAMMJJ``).
    """
    t = text.str.strip_chars()
    return pl.coalesce(
        pl.when(t.str.contains(r"^\d{4}-\d{1,2}-\d{1,2}")).then(
            t.str.extract(r"^(\d{4}-\d{1,2}-\d{1,2})").str.to_date("%Y-%m-%d", strict=False)
        ),
        pl.when(t.str.contains(r"^\d{1,2}/\d{1,2}/\d{4}$")).then(
            t.str.to_date("%d/%m/%Y", strict=False)
        ),
        pl.when(t.str.contains(r"^\d{1,2}/\d{1,2}/\d{2}$")).then(
            t.str.to_date("%d/%m/%y", strict=False)
        ),
        pl.when(t.str.contains(r"^\d{8}$")).then(t.str.to_date("%Y%m%d", strict=False)),
    )


_DATE_HEADERS = ("date", "aaaammjj", "jour", "day", "date_obs")
"""Headers naming the date column (the first column otherwise): ODRE's ``ID`` comes first."""
_MEAN_HEADERS = ("tntxm", "tm", "tmoy", "tmean", "tmean_c", "tmoy_c", "t")
"""Headers naming a daily mean, most wanted first: Météo-France's ``TNTXM`` (the mean of
minimum and maximum, the one degree-days use) before its ``TM`` (mean of hourly values)."""


def read_temperature_file(data: str | Path | bytes) -> pl.DataFrame:
    """A household's own daily temperatures: ``day`` [date], ``tmean_c`` [°C].

    One reader for the shapes people have, separator ``;``, ``,`` or tab, decimal point or
    comma, UTF-8 (BOM or not) or Latin-1:

    - ODRE "Température quotidienne régionale" (``ID;Date;Code INSEE région;Région;TMin
      (°C);TMax (°C);TMoy (°C)``): several regions a day, their mean is used (as for the
      shipped French temperatures);
    - Météo-France daily station files ``Q_<dept>_…_RR-T-Vent.csv`` (``NUM_POSTE;…;
      AAAAMMJJ;RR;…;TN;…;TX;…;TM;…;TNTXM;…``): the mean over the stations of ``TNTXM``,
      else ``TM``, else (``TN`` + ``TX``) / 2; stations without temperatures are skipped;
    - a plain CSV whose date column is named ``date`` (or comes first) with a mean column
      (a header holding "moy" or "mean") or min and max columns (their mean is used),
      otherwise its second column is the daily mean.

    An empty cell is a day without a value (left out); a day with no value at all is
    missing, never zero.

    Raises
    ------
    ValueError
        One line naming the line and what was expected.
    """
    raw = data if isinstance(data, bytes) else Path(data).read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    first = text.split("\n", 1)[0]
    sep = max((";", ",", "\t"), key=first.count)
    frame = pl.read_csv(text.encode(), separator=sep, infer_schema=False)
    if frame.width < 2:  # a date and a temperature
        msg = "expected a date column and a temperature column"
        raise ValueError(msg)
    names = {c.strip().lower(): c for c in frame.columns}
    date = next((names[h] for h in _DATE_HEADERS if h in names), frame.columns[0])
    others = {low: c for low, c in names.items() if c != date}

    def exact(*keys: str) -> str | None:
        return next((others[k] for k in keys if k in others), None)

    def find(*keys: str) -> str | None:
        return next((c for low, c in others.items() if any(k in low for k in keys)), None)

    def cell(column: str) -> pl.Expr:
        return pl.col(column).str.strip_chars().str.replace(",", ".")

    def number(column: str) -> pl.Expr:
        return cell(column).cast(pl.Float64, strict=False)

    means = [others[k] for k in _MEAN_HEADERS if k in others]
    if not means:
        means = [c for c in (find("moy", "mean"),) if c is not None]
    low, high = exact("tn") or find("min"), exact("tx") or find("max")
    pair: list[str] = [low, high] if low is not None and high is not None else []
    # Météo-France: TNTXM, else TM, else the mean of TN and TX, station by station.
    values = [number(c) for c in means]
    if low is not None and high is not None:
        values.append((number(low) + number(high)) / 2)
    used = means + [c for c in pair if c not in means]
    if not used:
        used = [next(iter(others.values()))]
        values = [number(used[0])]
    value = pl.coalesce(values)
    written = pl.any_horizontal(cell(c).fill_null("") != "" for c in used)
    unreadable = pl.any_horizontal(
        (cell(c).fill_null("") != "") & number(c).is_null() for c in used
    )
    out = frame.select(
        line=pl.int_range(pl.len()) + 2,
        day=parse_day(pl.col(date).fill_null("")),
        tmean_c=value,
        written=written,
        unreadable=unreadable,
    )
    bad = out.filter(pl.col("day").is_null() | pl.col("unreadable"))
    if bad.height:
        msg = f"line {bad['line'][0]}: expected a date and a temperature in °C"
        raise ValueError(msg)
    return (
        out.filter(pl.col("written") & pl.col("tmean_c").is_not_null())
        .group_by("day")
        .agg(pl.col("tmean_c").mean())
        .sort("day")
    )


def days_without_temperature(
    first: dt.date, last: dt.date, user: pl.DataFrame | None = None
) -> pl.Series:
    """The days from ``first`` to ``last`` with no known temperature. [date].

    Neither shipped nor in the household's ``user`` file: the heating and anomaly figures
    cannot use these days.
    """
    days = pl.DataFrame({"day": pl.date_range(first, last, "1d", eager=True)})
    return days.join(degree_days(user), on="day", how="anti").sort("day")["day"]


def temperature_coverage(
    first: dt.date, last: dt.date, user: pl.DataFrame | None = None
) -> dict[str, int | str | None]:
    """Which days of a period have a temperature.

    ``covered_days`` and ``missing_days`` of the period [days], and ``last_known``, the
    last day any temperature is known (ISO, or None).
    """
    missing = days_without_temperature(first, last, user).len()
    known = degree_days(user)["day"]
    return {
        "covered_days": (last - first).days + 1 - missing,
        "missing_days": missing,
        "last_known": None if known.is_empty() else str(known.max()),
    }
