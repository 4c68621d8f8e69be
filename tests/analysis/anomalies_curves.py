"""What the anomaly tests share: the real exports they read and a hand-made home."""

import datetime as dt

import polars as pl

from analysis.curve import prepare
from analysis.reference import degree_days

EDF = "edfcomparateur_consoexemple_2022-07_2023-07.csv"
GUIEDF = "guiedf_conso_heure_2023-08-09_2024-07-25.csv"
GUIEDF_2022 = "guiedf_conso_heure_2022-10-24_2024-07-25_mixed_step.csv"


def home(curve_factory, first: str, days: int, *, heating_w_per_hdd: float = 0.0, **extra):
    """A home with a 200 W floor, a morning and an evening of activity every day, and
    electric heating spread evenly over the day on the real French temperatures.

    ``extra`` maps a day index to a list of 48 powers [W] that replace that day.
    """
    t = degree_days().filter(pl.col("day") >= dt.date.fromisoformat(first)).head(days)
    watts: list[float] = []
    for i, hdd in enumerate(t["hdd"].to_list()):
        heat = heating_w_per_hdd * hdd
        day = [200.0 + heat] * 48
        for s in (14, 15, 38, 39, 40, 41):  # 07:00-08:00 and 19:00-21:00
            day[s] += 1500.0 + 50.0 * (i % 3)
        watts += extra.get(str(i), day)
    return prepare(curve_factory(f"{first}T00:00:00", watts))
