"""Time handling shared by the readers: steps, end stamps, naive local times.

Enedis stamps the END of each interval; the store labels the START. Files do not always
say their step, and the step can change inside one file (30 → 60 → 30 min in a real
portal export), so each row's step is inferred from its neighbours.
"""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo
from typing import Literal

import numpy as np
import numpy.typing as npt
import polars as pl

from ingest.schema import STEP_MINUTES, TIME_ZONE, runs
from words import Said, said

MINUTE_US = 60_000_000
"""One minute. [µs]"""
HOUR_US = 60 * MINUTE_US
"""One hour. [µs]"""
DAY_US = 24 * HOUR_US
"""One day of 24 hours (not a local day, 23 or 25 hours on a clock change). [µs]"""

USUAL_MINUTES = 30
"""The step of a file that shows none (the portal's and most gateways'). [min]"""

_STEPS_US = tuple(m * MINUTE_US for m in STEP_MINUTES)

Int64Array = npt.NDArray[np.int64]


def _is_step(x: Int64Array) -> npt.NDArray[np.bool_]:
    """Whether each distance is a known step (five vectorised comparisons)."""
    out: npt.NDArray[np.bool_] = x == _STEPS_US[0]
    for step in _STEPS_US[1:]:
        out |= x == step
    return out


def infer_steps(end: Int64Array, *, diff: Int64Array | None = None) -> Int64Array:
    """Infer each interval's step from the stamps of its neighbours.

    Parameters
    ----------
    end
        Interval end instants, strictly increasing. [µs since the epoch]
    diff
        ``np.diff(end)`` if the caller has it already. [µs]

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
    if n < 2:
        return np.full(n, -1, dtype=np.int64)
    # Row i ≥ 1 is d[i - 1] after the previous stamp and d[i] before the next.
    d = np.diff(end) if diff is None else diff
    if d.min() == d.max() and _is_step(d[:1])[0]:  # one step, no gap: the common file
        return np.full(n, d[0], dtype=np.int64)
    step = np.empty(n, dtype=np.int64)
    step[1:] = d
    # Rows 1 … n-2 inside a run of one known step are settled; the rest follow the rule.
    settled = (d[:-1] == d[1:]) & _is_step(d[:-1])
    rest = np.concatenate(([0], np.flatnonzero(~settled) + 1, [n - 1]))

    def distance(i: Int64Array) -> Int64Array:
        """``d[i]``, -1 outside ``d``.

        Read for the few unsettled rows only: copies of ``d`` padded at both ends took
        three quarters of the inference on a 2.6 MB file.
        """
        out: Int64Array = np.where((i >= 0) & (i < n - 1), d[np.clip(i, 0, n - 2)], -1)
        return out

    p, q = distance(rest - 1), distance(rest)  # the previous and the next distance
    pp = distance(rest - 2)  # the distance before the previous one
    # The distance after the next one: a known step shorter than the next distance says
    # the next stamp comes after a missing row (a lone 60 min among 30s), not a longer step.
    qq = distance(rest + 1)
    missing_next = _is_step(qq) & (qq < q)
    pv, qv = _is_step(p), _is_step(q) & ~missing_next
    step[rest] = np.select(
        [pv & ((pp == p) | (q == p)), qv & ((p < 0) | (q <= p)), pv], [p, q, p], -1
    )
    return step


def steps_of(
    at: Int64Array,
    *,
    stamp: Literal["start", "end"],
    known: npt.NDArray[np.bool_] | None = None,
    fallback: int | None = None,
) -> Int64Array:
    """Each row's step from the stamps of its neighbours, for any file that gives one stamp.

    Parameters
    ----------
    at
        Each row's stamp, in file order. [µs since the epoch, UTC]
    stamp
        Whether the stamps mark the intervals' starts or their ends.
    known
        Which stamps exist (a spring time that cannot, or a missing one, has no neighbour
        distance); all when None.
    fallback
        The step of rows whose step cannot be inferred (a lone row between gaps); when
        None, the most common known step (:func:`known_steps`). [min]

    Returns
    -------
    The step of each row. [min]

    Notes
    -----
    Strictly increasing stamps go through :func:`infer_steps` (start stamps mirrored, so the
    next stamp plays the previous one's part). Stamps out of order keep the plain distance
    to the neighbour where it is a known step.
    """
    if known is None or known.all():  # (every stamp: no copy of the stamps, no mask)
        kept, ok = at, None
    else:
        kept, ok = at[known], known
    if kept.size > 1 and bool((kept[1:] > kept[:-1]).all()):
        inferred = infer_steps(kept) if stamp == "end" else infer_steps(-kept[::-1])[::-1]
        found = inferred // MINUTE_US  # (-1, none inferred, stays -1)
        if ok is None:
            minutes = found
        else:
            minutes = np.full(at.size, -1, dtype=np.int64)
            minutes[ok] = found
    else:
        minutes = np.full(at.size, -1, dtype=np.int64)
        if at.size > 1:
            distance = minutes[1:] if stamp == "end" else minutes[:-1]
            np.subtract(at[1:], at[:-1], out=distance)
            distance //= MINUTE_US
            if ok is not None:
                distance[~(ok[1:] & ok[:-1])] = -1
    if fallback is None:
        return known_steps(minutes)
    minutes[~np.isin(minutes, STEP_MINUTES)] = fallback
    return minutes


def known_steps(minutes: Int64Array) -> Int64Array:
    """Each row's step where it is a known Linky step, else the most common known one.

    ``minutes``: each row's apparent step (-1 when unknown), changed in place when it
    can be; :data:`USUAL_MINUTES` when none is known. [min]
    """
    steps = sorted(STEP_MINUTES)
    counts = np.bincount(np.clip(minutes, 0, steps[-1] + 1), minlength=steps[-1] + 2)
    usual = max(steps, key=lambda step: counts[step]) if counts[steps].any() else USUAL_MINUTES
    odd = np.flatnonzero(minutes != usual)  # gaps, changes of step: a few rows
    unknown = odd[~np.isin(minutes[odd], steps)]
    if unknown.size:
        minutes = minutes if minutes.flags.writeable else minutes.copy()
        minutes[unknown] = usual
    return minutes


def uniform_step(diff: Int64Array) -> int:
    """The step if every distance between stamps is the same known step, else 0. [µs]."""
    if diff.size and diff[0] in _STEPS_US and diff.min() == diff.max():
        return int(diff[0])
    return 0


def uniform_step_of(end: pl.Series, *, piece: int = 1 << 20) -> int:
    """:func:`uniform_step` of sorted ``end`` stamps [µs], judged in :func:`runs`.

    No array of the series' length is made: at 500 MB, the distances of 16 million stamps
    in one array took a tenth of the read (fresh memory is slow to map).
    """
    step = 0
    for run in runs(end, piece=piece):
        found = uniform_step(np.diff(run))
        if not found or (step and found != step):
            return 0
        step = found
    return step


def step_summary(step: Int64Array) -> Said:
    """Describe the steps found, e.g. ``30 min (27,000 rows), 60 min (3,000 rows)``."""
    if step.size and step.min() == step.max():
        counts = [(step.size, int(step[0]))]
    else:
        counts = [(int(np.count_nonzero(step == s)), s) for s in _STEPS_US]
    parts = [
        said("ingest.note.step_rows", minutes=s // MINUTE_US, n=c)
        for c, s in sorted(counts, reverse=True)
        if c
    ]
    if not parts:
        return said("ingest.note.step_none")
    summary = parts[-1]
    for part in reversed(parts[:-1]):
        summary = said("ingest.note.step_list", first=part, rest=summary)
    return summary


def step_changes(step: Int64Array) -> Int64Array:
    """Rows whose step differs from the last known step before them (unknown = -1 skipped)."""
    if step.size < 2 or step.min() == step.max():
        return np.empty(0, dtype=np.int64)
    if (step > 0).all():
        return np.flatnonzero(step[1:] != step[:-1]) + 1
    known = np.flatnonzero(step > 0)
    changed: Int64Array = known[1:][step[known[1:]] != step[known[:-1]]]
    return changed


def local_to_utc(naive: pl.Expr, zone: str = TIME_ZONE) -> pl.Expr:
    """Turn naive Europe/Paris wall-clock times into UTC instants, in file order.

    On the autumn day the hour 02:00–03:00 happens twice: its first occurrence in the
    file is summer time, the second winter time (as the R63 export shows). A wall-clock
    time that does not exist (spring forward) becomes null, for the reader to report.
    The frame must be in file order. Computed with the zone's offset changes (one
    ``searchsorted`` over the wall-clock times), not row by row.
    """
    return naive.map_batches(
        lambda s: utc_from_local(s, zone), return_dtype=pl.Datetime("us", "UTC")
    )


def utc_from_local(naive: pl.Series, zone: str = TIME_ZONE) -> pl.Series:
    """:func:`local_to_utc` over a Series (in file order)."""
    nulls = naive.null_count()
    if nulls == naive.len():
        return pl.Series(naive.name, [None] * naive.len(), dtype=pl.Datetime("us", "UTC"))
    local: Int64Array = naive.dt.cast_time_unit("us").to_physical().fill_null(0).to_numpy()
    seen = local[naive.is_not_null().to_numpy()] if nulls else local
    if seen.min() < TABLE_US[0] or seen.max() >= TABLE_US[1]:
        return _per_row(naive, zone)  # outside 1971–2099: Polars resolves each row
    changes, offsets = _offset_changes(zone)
    # Around each change, the wall-clock window that is skipped (spring) or repeated
    # (autumn): [change + smaller offset, change + larger offset). Only the windows
    # within the file's span matter (a few among 260).
    before, after = offsets[:-1], offsets[1:]
    lo, hi = changes + np.minimum(before, after), changes + np.maximum(before, after)
    k0 = int(np.searchsorted(hi, seen.min(), side="right"))
    k1 = max(int(np.searchsorted(lo, seen.max(), side="right")), k0)
    lo, hi, before, after = lo[k0:k1], hi[k0:k1], before[k0:k1], after[k0:k1]
    j = np.searchsorted(lo, local, side="right")  # the windows starting at or before
    utc = local - offsets[k0 + j]
    inside = np.flatnonzero(local < np.concatenate(([np.iinfo(np.int64).min], hi))[j])
    w = j[inside] - 1
    skipped = inside[after[w] > before[w]]
    repeated, w = inside[after[w] < before[w]], w[after[w] < before[w]]
    if repeated.size:
        # File order: a time's first occurrence is the earlier (summer) instant.
        first_seen = np.zeros(repeated.size, dtype=bool)
        first_seen[np.unique(local[repeated], return_index=True)[1]] = True
        utc[repeated] = local[repeated] - np.where(first_seen, before[w], after[w])
    out = pl.Series(naive.name, utc).cast(pl.Datetime("us")).dt.replace_time_zone("UTC")
    if not (nulls or skipped.size):
        return out
    invalid = naive.is_null().to_numpy()
    invalid[skipped] = True
    return out.set(pl.Series(invalid), None)


def repeated_hour_once(naive: pl.Series, zone: str = TIME_ZONE) -> pl.Series:
    """Whether each naive time lies in the hour the autumn clock change repeats and is given once.

    A file that keys its points by wall-clock time (as a browser export script does)
    keeps one of the two passes of 02:00–03:00: :func:`utc_from_local` reads a lone one as
    the first pass (summer time), and the reader says the other pass is missing.
    """
    either = naive.dt.replace_time_zone(zone, ambiguous="earliest", non_existent="null")
    known = naive.dt.replace_time_zone(zone, ambiguous="null", non_existent="null")
    repeated = either.is_not_null() & known.is_null()
    return (repeated & ~naive.is_duplicated()).alias(naive.name)


def _per_row(naive: pl.Series, zone: str) -> pl.Series:
    """The same rule with Polars' per-row resolution (slower; any year)."""
    fold = pl.when(naive.is_first_distinct()).then(pl.lit("earliest")).otherwise(pl.lit("latest"))
    frame = pl.DataFrame({"t": naive}).select(
        pl.col("t")
        .dt.replace_time_zone(zone, ambiguous=fold, non_existent="null")
        .dt.convert_time_zone("UTC")
        .dt.cast_time_unit("us")
    )
    return frame["t"].alias(naive.name)


TABLE_US = (31_536_000_000_000, 4_102_444_800_000_000)
"""The span :func:`_offset_changes` covers, a year inside its ends: 1971 to 2100. [µs]"""


@functools.lru_cache(maxsize=4)
def _offset_changes(zone: str) -> tuple[Int64Array, Int64Array]:
    """The zone's UTC offset changes from 1970 to 2101: their instants and the offsets.

    Returns ``changes`` [µs since 1970, UTC] and ``offsets`` [µs], one longer: the offset
    before the first change, then after each. Found day by day with Polars, then to the
    minute by bisection with :mod:`zoneinfo` (the time-zone database; no rule written
    here). Computed once per process.
    """
    tz = zoneinfo.ZoneInfo(zone)
    days = pl.datetime_range(
        dt.datetime(1970, 1, 1, tzinfo=dt.UTC),
        dt.datetime(2101, 1, 1, tzinfo=dt.UTC),
        "1d",
        time_unit="us",
        time_zone="UTC",
        eager=True,
    )
    local = days.dt.convert_time_zone(zone)
    total = local.dt.base_utc_offset() + local.dt.dst_offset()
    daily = total.dt.total_microseconds().to_numpy().astype(np.int64)
    moved = np.flatnonzero(np.diff(daily))
    epoch = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    changes = []
    for i in moved.tolist():
        lo, hi = i * 1440, (i + 1) * 1440  # minutes; lo has the old offset, hi not
        while hi - lo > 1:
            mid = (lo + hi) // 2
            at = epoch + dt.timedelta(minutes=mid)
            if at.astimezone(tz).utcoffset() == dt.timedelta(microseconds=int(daily[i])):
                lo = mid
            else:
                hi = mid
        changes.append(hi * MINUTE_US)
    offsets = np.concatenate((daily[:1], daily[moved + 1]))
    return np.array(changes, dtype=np.int64), offsets


def local_day(instant: pl.Expr) -> pl.Expr:
    """The Europe/Paris calendar day of a UTC instant."""
    return instant.dt.convert_time_zone(TIME_ZONE).dt.date()


def moment(text: str) -> dt.datetime:
    """A date and time typed by a person (``2024-01-08 12:00``); without an offset, Paris time.

    Raises
    ------
    ValueError
        Saying what was expected.
    """
    try:
        at = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        msg = f"expected a date and time like 2024-01-08T12:00:00+01:00, got {text!r}"
        raise ValueError(msg) from None
    return at if at.tzinfo is not None else at.replace(tzinfo=zoneinfo.ZoneInfo(TIME_ZONE))
