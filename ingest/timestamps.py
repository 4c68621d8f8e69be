"""Time handling shared by the readers: steps, end stamps, naive local times.

Enedis stamps the END of each interval; the store labels the START. Files do not always
say their step, and the step can change inside one file (30 → 60 → 30 min in a real
portal export), so each row's step is inferred from its neighbours.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import polars as pl

from ingest.schema import TIME_ZONE

MINUTE_US = 60_000_000
"""One minute. [µs]"""

STEPS_MINUTES = (5, 10, 15, 30, 60)
"""The steps a Linky load curve can have. [min]"""

_STEPS_US = np.array([m * MINUTE_US for m in STEPS_MINUTES], dtype=np.int64)

Int64Array = npt.NDArray[np.int64]


def _is_step(x: Int64Array) -> npt.NDArray[np.bool_]:
    return np.isin(x, _STEPS_US)


def infer_steps(end: Int64Array) -> Int64Array:
    """Infer each interval's step from the stamps of its neighbours.

    Parameters
    ----------
    end
        Interval end instants, strictly increasing. [µs since the epoch]

    Returns
    -------
    The step of each interval, or -1 where none can be inferred (a lone row between two
    gaps). [µs]

    Notes
    -----
    A row whose distance to the previous stamp is a known step and is shared by one of its
    neighbours (part of a run) takes that step. Otherwise (the first row after a gap or a
    missing row) it takes the distance to the next stamp when that is a known step no longer
    than the previous distance. A step change (30 → 60 min) is a run on each side, so it is
    kept; a single missing half-hour is one isolated 60-min distance, so it is not mistaken
    for a change of step. Two missing rows in a row can only be told from a real step change
    by the file's own metadata, which the portal leaves empty.
    """
    n = end.size
    step = np.full(n, -1, dtype=np.int64)
    if n < 2:
        return step
    d = np.diff(end)
    prev = np.empty(n, dtype=np.int64)
    prev[0] = -1
    prev[1:] = d
    nxt = np.empty(n, dtype=np.int64)
    nxt[-1] = -1
    nxt[:-1] = d
    settled = (prev == nxt) & _is_step(prev)
    step[settled] = prev[settled]
    rest = np.flatnonzero(~settled)
    p, q = prev[rest], nxt[rest]
    pp = np.where(rest >= 2, prev[np.maximum(rest - 1, 0)], -1)
    pv, qv = _is_step(p), _is_step(q)
    step[rest] = np.select(
        [pv & ((pp == p) | (q == p)), qv & ((p < 0) | (q <= p)), pv], [p, q, p], -1
    )
    return step


def step_summary(step: Int64Array) -> str:
    """Describe the steps found, e.g. ``30 min (27,000 rows), 60 min (3,000 rows)``."""
    values, counts = np.unique(step[step > 0], return_counts=True)
    parts = [
        f"{v // MINUTE_US} min ({c:,} rows)"
        for v, c in sorted(
            zip(values.tolist(), counts.tolist(), strict=False), key=lambda vc: -vc[1]
        )
    ]
    return ", ".join(parts) or "none"


def local_to_utc(naive: pl.Expr) -> pl.Expr:
    """Turn naive Europe/Paris wall-clock times into UTC instants, in file order.

    On the autumn day the hour 02:00–03:00 happens twice: its first occurrence in the
    file is summer time, the second winter time (as the R63 export shows). A wall-clock
    time that does not exist (spring forward) becomes null, for the reader to report.
    The frame must be in file order.
    """
    fold = pl.when(naive.is_first_distinct()).then(pl.lit("earliest")).otherwise(pl.lit("latest"))
    return (
        naive.dt.replace_time_zone(TIME_ZONE, ambiguous=fold, non_existent="null")
        .dt.convert_time_zone("UTC")
        .dt.cast_time_unit("us")
    )


def local_day(instant: pl.Expr) -> pl.Expr:
    """The Europe/Paris calendar day of a UTC instant."""
    return instant.dt.convert_time_zone(TIME_ZONE).dt.date()
