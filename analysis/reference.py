"""Dated reference data shipped under ``analysis/data/`` (see its SOURCES.md)."""

from __future__ import annotations

import functools
from pathlib import Path

import polars as pl

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


def read_temperature_file(data: str | Path | bytes) -> pl.DataFrame:
    """A household's own daily temperatures: ``day`` [date], ``tmean_c`` [°C].

    A CSV (``,`` or ``;``, decimal point or comma) whose first column is the date
    (``YYYY-MM-DD`` or ``DD/MM/YYYY``) and which has either a mean column (a header holding
    "moy", "mean" or "tm") or min and max columns (their mean is used); otherwise the
    second column is taken as the daily mean.

    Raises
    ------
    ValueError
        One line naming the line and what was expected.
    """
    raw = data if isinstance(data, bytes) else Path(data).read_bytes()
    first = raw.decode("utf-8-sig", errors="replace").split("\n", 1)[0]
    sep = ";" if first.count(";") > first.count(",") else ","
    frame = pl.read_csv(raw, separator=sep, infer_schema=False)
    if frame.width < 2:
        msg = "expected a date column and a temperature column"
        raise ValueError(msg)
    names = {c.lower(): c for c in frame.columns[1:]}

    def find(*keys: str) -> str | None:
        return next((c for low, c in names.items() if any(k in low for k in keys)), None)

    def number(column: str) -> pl.Expr:
        return pl.col(column).str.strip_chars().str.replace(",", ".").cast(pl.Float64, strict=False)

    mean, low, high = find("moy", "mean", "tm"), find("min"), find("max")
    if mean is not None and mean not in (low, high):
        value = number(mean)
    elif low is not None and high is not None:
        value = (number(low) + number(high)) / 2
    else:
        value = number(frame.columns[1])
    text = pl.col(frame.columns[0]).str.strip_chars()
    out = frame.select(
        day=pl.coalesce(
            text.str.to_date("%Y-%m-%d", strict=False),
            text.str.to_date("%d/%m/%Y", strict=False),
        ),
        tmean_c=value,
    )
    bad = out.with_row_index("row").filter(pl.any_horizontal(pl.all().is_null()))
    if bad.height:
        line = int(bad["row"][0]) + 2
        msg = f"line {line}: expected a date and a temperature in °C"
        raise ValueError(msg)
    return out.unique("day", keep="last").sort("day")
