"""Captures of the Linky customer serial output (TIC), historic and standard modes.

formats.md §7. The capture is scanned as bytes with NumPy, chunk by chunk (cut after a
frame's ETX, the rest carried over), so memory does not grow with the capture:

1. Groups are the runs of bytes between the separators STX, ETX, LF and CR (a group is
   ``LF … CR``; a stray STX inside a corrupted group splits it, and each piece counts as
   a corrupted group). A frame ends at an ETX; the groups before a capture's first ETX
   (unless it starts with STX) and after its last ETX belong to partial frames.
2. A receive-time prefix (``2024-01-08T12:00:01+01:00 `` as ``ts`` writes it) is taken
   off each group and kept as the group's time.
3. Checksums, by the rule of each mode, from a running byte sum modulo 256 (enough for
   the 6 bits kept): historic ``label SP data`` (the SP before the checksum excluded),
   standard up to and including the last HT. Trailing spaces are data: never stripped.
4. Only the labels Courbe uses are decoded, with fixed-width digit arithmetic: index
   registers, apparent power, daily maximum, tariff period, date and meter address.

:mod:`ingest.tic_runs` reads long runs of alike frames faster (as 2-D views checked
against a template frame) and hands every other frame to :func:`scan`; the result is the
same. The frames then give, per minute, the first reading of each register and the highest
apparent power; from those come the canonical ``registers`` (≤ one per minute), the
30-min ``curve`` (register differences, so it sums to the registers exactly), daily
``peaks`` and the tariff period the meter applied in each interval.
"""

from __future__ import annotations

import datetime as dt
import re
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

import numpy as np
import polars as pl

from ingest.schema import TIME_ZONE
from ingest.timestamps import MINUTE_US, local_to_utc
from words import Said, said

if TYPE_CHECKING:
    from collections.abc import Iterable

    import numpy.typing as npt

    Bytes = npt.NDArray[np.uint8]
    Ints = npt.NDArray[np.int64]

STX, ETX, LF, CR, HT, SP = 0x02, 0x03, 0x0A, 0x0D, 0x09, 0x20
CHUNK = 16 << 20
"""Bytes scanned at a time. [B]"""

HISTORIC_REGISTERS = (
    "BASE",
    "HCHC",
    "HCHP",
    "EJPHN",
    "EJPHPM",
    "BBRHCJB",
    "BBRHPJB",
    "BBRHCJW",
    "BBRHPJW",
    "BBRHCJR",
    "BBRHPJR",
)
STANDARD_REGISTERS = (
    "EAST",
    *(f"EASF{i:02d}" for i in range(1, 11)),
    *(f"EASD{i:02d}" for i in range(1, 5)),
    "EAIT",
)
POWER = ("PAPP", "SINSTS", "SINSTI")
MAXIMUM = ("SMAXSN",)
TEXT = ("PTEC", "LTARF", "NTARF", "ADCO", "ADSC", "PRM", "OPTARIF", "NGTF")
PERIODS = ("PTEC", "LTARF")
DATE = "DATE"
NUMERIC = (*HISTORIC_REGISTERS, *STANDARD_REGISTERS, *POWER, *MAXIMUM)
WANTED = (*NUMERIC, *TEXT, DATE)
PREFIX = re.compile(rb"^(\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d)(\.\d{1,9})?(Z|[+-]\d\d:?\d\d) ")


@dataclass
class Counts:
    """What the scan saw, for the notes."""

    groups: int = 0
    valid: int = 0
    corrupt: int = 0
    partial: int = 0
    """Valid groups of the capture's partial first and last frames (not used)."""
    frames: int = 0
    modes: dict[str, int] = field(default_factory=lambda: {"historic": 0, "standard": 0})


@dataclass
class Readings:
    """Decoded groups of one chunk, one row per (frame, label)."""

    frame: list[Ints] = field(default_factory=list)
    label: list[Ints] = field(default_factory=list)
    value: list[npt.NDArray[np.float64]] = field(default_factory=list)
    stamp: list[Ints] = field(default_factory=list)
    """Horodate of the group (standard mode), as local wall-clock microseconds; -1 if none."""
    season: list[npt.NDArray[np.uint8]] = field(default_factory=list)
    received: list[Ints] = field(default_factory=list)
    """Receive time from a line prefix, UTC microseconds; -1 if none."""
    periods: list[pl.DataFrame] = field(default_factory=list)
    """The tariff period (first PTEC or LTARF) of each frame: ``frame``, ``text``."""
    seen: set[tuple[str, str]] = field(default_factory=set)
    """Every (label, text) of the other text labels: meter number, address, option."""

    def add_texts(self, name: str, frame: Ints, cells: Bytes) -> None:
        """The text of label ``name`` in each ``frame``.

        ``cells``: one row of bytes per frame (NUL-padded), or a single row for all.
        """
        strings = cells.view(f"S{cells.shape[1]}").ravel()
        unique, inverse = np.unique(strings, return_inverse=True)
        if strings.size == 1:
            inverse = np.zeros(frame.size, dtype=np.int64)
        decoded = [u.decode("ascii", "replace") for u in unique]
        self.seen |= {(name, text) for text in decoded}
        if name in PERIODS:
            text = pl.Series("text", decoded, dtype=pl.String).gather(inverse.ravel())
            self.periods.append(pl.DataFrame({"frame": frame, "text": text}))


def _digits(buf: Bytes, start: Ints, width: int) -> tuple[Ints, npt.NDArray[np.bool_]]:
    """The ``width``-digit number at each ``start`` and whether all were digits."""
    cells = buf[start[:, None] + np.arange(width)[None, :]].astype(np.int64) - 48
    ok = ((cells >= 0) & (cells <= 9)).all(axis=1)
    value = (cells * (10 ** np.arange(width - 1, -1, -1, dtype=np.int64))[None, :]).sum(axis=1)
    return value, ok


def _windows(buf: Bytes) -> npt.NDArray[np.uint64]:
    """Every 8-byte window of ``buf`` as a little-endian integer (an unaligned view)."""
    padded = np.concatenate((buf, np.zeros(8, dtype=np.uint8)))
    return np.ndarray((buf.size,), dtype="<u8", buffer=padded.data, offset=0, strides=(1,))


def label_key(label: str) -> int:
    """A label's first 8 bytes as a little-endian integer (NUL-padded)."""
    raw = label.encode().ljust(8, b"\0")
    return int.from_bytes(raw, "little")


LABEL_KEYS = {label_key(x): x for x in WANTED}
MASKS = np.array(
    [(1 << (8 * k)) - 1 if k < 8 else (1 << 64) - 1 for k in range(9)], dtype=np.uint64
)


def scan(
    buf: Bytes,
    counts: Counts,
    readings: Readings,
    *,
    frame_offset: int,
    starts_with_frame: bool,
    final: bool,
    framed: bool | None = None,
) -> int:
    """Scan one chunk that ends right after an ETX (or is the capture's last).

    Returns the number of frames completed in the chunk. Groups after the last ETX of the
    final chunk, and before the first ETX unless ``starts_with_frame``, are partial.
    ``framed``: whether the capture has STX/ETX frames (by default, whether this chunk
    holds an ETX); each group of a log without frames stands alone.
    """
    n = buf.size
    # One pass finds every byte ≤ SP: the group separators and the field separators.
    low = np.flatnonzero(buf <= SP)
    low_byte = buf[low]
    sep_pos = low[(low_byte == LF) | (low_byte == CR) | (low_byte == ETX) | (low_byte == STX)]
    bounds = np.concatenate(([-1], sep_pos, [n]))
    g_start, g_end = bounds[:-1] + 1, bounds[1:]
    keep = g_end > g_start
    g_start, g_end = g_start[keep], g_end[keep]
    etx = sep_pos[buf[sep_pos] == ETX]
    unframed = etx.size == 0 if framed is None else not framed
    complete = np.ones(g_start.size, dtype=bool)
    if not unframed and final:
        complete &= g_start < (etx[-1] if etx.size else -1)
    if not unframed and not starts_with_frame:
        complete &= g_start > (etx[0] if etx.size else n)
    # Receive-time prefixes (timestamped line logs), laid out like the first one.
    received = np.full(g_start.size, -1, dtype=np.int64)
    if g_start.size and 0x30 <= buf[g_start[0]] <= 0x39:
        head = bytes(buf[g_start[0] : min(g_end[0], g_start[0] + 48)]) + b" "
        match = PREFIX.match(head)
        if match:
            received, shift = _prefixes(buf, g_start, g_end, match)
            g_start = g_start + np.where(received >= 0, shift, 0)
    length = g_end - g_start
    ok = length >= 4
    last = np.where(ok, g_end - 1, 0)
    before = np.where(ok, g_end - 2, 0)
    sep_byte = buf[before]
    check = buf[last].astype(np.int16) - 0x20
    # Byte sums of [start, last) from a running sum modulo 256 (the checksum keeps 6 bits);
    # standard sums run up to the last HT, historic ones leave that separator (an SP) out.
    running = np.cumsum(buf, dtype=np.uint8)
    head_sum = np.where(g_start > 0, running[np.maximum(g_start - 1, 0)], 0)
    total = (running[np.maximum(last - 1, 0)] - head_sum).astype(np.uint8)
    standard = ok & (sep_byte == HT) & ((total & 0x3F).astype(np.int16) == check)
    historic = ok & (sep_byte == SP) & (((total - SP) & 0x3F).astype(np.int16) == check)
    valid = standard | historic
    counts.groups += int(g_start.size)
    counts.valid += int(valid.sum())
    counts.corrupt += int((~valid).sum())
    counts.partial += int((valid & ~complete).sum())
    counts.modes["standard"] += int(standard.sum())
    counts.modes["historic"] += int(historic.sum())
    use = valid & complete
    s, e, std, rec = g_start[use], g_end[use], standard[use], received[use]
    # The label: the first 8 bytes (one unaligned load), cut at the first SP or HT.
    head = _windows(buf)[s]
    head_bytes = head.view(np.uint8).reshape(-1, 8)
    stop = (head_bytes == SP) | (head_bytes == HT)
    label_len = np.where(stop.any(axis=1), stop.argmax(axis=1), 9)
    key = head & MASKS[np.clip(label_len, 0, 8)]
    known = np.sort(np.fromiter(LABEL_KEYS, dtype=np.uint64))
    where = np.minimum(np.searchsorted(known, key), known.size - 1)
    wanted = (label_len > 0) & (label_len <= 8) & (known[where] == key)
    s, e, std, key, label_len, rec = (a[wanted] for a in (s, e, std, key, label_len, rec))
    fr = np.arange(s.size, dtype=np.int64) if unframed else np.searchsorted(etx, s)
    data_start = s + label_len + 1
    # Standard groups with a horodate: label HT SAAMMJJhhmmss HT data HT checksum.
    tabs = std & (buf[np.minimum(data_start + 13, n - 1)] == HT) & (e - 2 > data_start + 13)
    stamp = np.full(s.size, -1, dtype=np.int64)
    season = np.zeros(s.size, dtype=np.uint8)
    if tabs.any():
        stamp[tabs], season[tabs] = horodates(buf, data_start[tabs])
        data_start = np.where(tabs, data_start + 14, data_start)
    data_len = e - 2 - data_start
    values = np.full(s.size, np.nan)
    names = np.array([LABEL_KEYS[int(k)] for k in np.unique(key)], dtype=object)
    for name in names:
        rows = np.flatnonzero(key == label_key(name))
        if name in NUMERIC:
            widths = np.unique(data_len[rows])
            for w in widths[(widths > 0) & (widths <= 10)]:
                sub = rows[data_len[rows] == w]
                number, digits = _digits(buf, data_start[sub], int(w))
                values[sub[digits]] = number[digits]
        elif name in TEXT:
            first = rows[np.unique(fr[rows], return_index=True)[1]]
            width = int(min(max(int(data_len[first].max()), 1), 32))
            cells = buf[np.minimum(data_start[first, None] + np.arange(width)[None, :], n - 1)]
            cells = np.where(np.arange(width)[None, :] < data_len[first, None], cells, 0)
            readings.add_texts(name, fr[first] + frame_offset, np.ascontiguousarray(cells))
    readings.frame.append(fr + frame_offset)
    readings.label.append(key.astype(np.int64))
    readings.value.append(values)
    readings.stamp.append(stamp)
    readings.season.append(season)
    readings.received.append(rec)
    done = int(s.size) if unframed else int(etx.size)
    counts.frames += done
    return done


def _prefixes(buf: Bytes, start: Ints, end: Ints, first: re.Match[bytes]) -> tuple[Ints, int]:
    """Receive times (UTC µs) of groups with a prefix laid out as ``first``; -1 elsewhere."""
    width = first.end()
    fraction = len(first.group(2) or b"")
    zone = first.group(3)
    has = (end - start) > width + 3
    last = buf.size - 1

    def cell(j: int) -> Bytes:
        """The byte ``j`` places into each prefix (one gather per column, no matrix)."""
        column: Bytes = buf[np.minimum(start + j, last)]
        return column

    shape_ok = has & (cell(4) == ord("-")) & (cell(width - 1) == SP)

    def num(a: int, b: int) -> Ints:
        n = np.zeros(start.size, dtype=np.int64)
        for j in range(a, b):
            n = n * 10 + (cell(j).astype(np.int64) - 48)
        return n

    year, month, day = num(0, 4), num(5, 7), num(8, 10)
    hour, minute, second = num(11, 13), num(14, 16), num(17, 19)
    days = _days_from_civil(year, month, day)
    micros = ((days * 24 + hour) * 60 + minute) * 60 + second
    micros = micros * 1_000_000
    if fraction > 1:
        digits = fraction - 1
        frac = num(20, 20 + digits)
        micros += frac * 10 ** max(0, 6 - digits) // 10 ** max(0, digits - 6)
    if zone != b"Z":
        at = 19 + fraction
        sign = np.where(cell(at) == ord("-"), -1, 1)
        zh = num(at + 1, at + 3)
        zm = num(at + 4, at + 6) if len(zone) == 6 else num(at + 3, at + 5)
        micros -= sign * (zh * 60 + zm) * MINUTE_US
    return np.where(shape_ok, micros, -1), width


def _days_from_civil(y: Ints, m: Ints, d: Ints) -> Ints:
    """Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm)."""
    y = y - (m <= 2)
    era = np.where(y >= 0, y, y - 399) // 400
    yoe = y - era * 400
    doy = (153 * (m + np.where(m > 2, -3, 9)) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    days: Ints = era * 146097 + doe - 719468
    return days


def horodates(buf: Bytes, start: Ints) -> tuple[Ints, npt.NDArray[np.uint8]]:
    """``SAAMMJJhhmmss`` at ``start``: local wall-clock µs since 1970, and the season byte."""
    season = buf[start]
    cells = buf[start[:, None] + 1 + np.arange(12)[None, :]].astype(np.int64) - 48
    two = cells[:, 0::2] * 10 + cells[:, 1::2]
    days = _days_from_civil(2000 + two[:, 0], two[:, 1], two[:, 2])
    seconds = ((days * 24 + two[:, 3]) * 60 + two[:, 4]) * 60 + two[:, 5]
    return seconds * 1_000_000, season


def _signed(label: str) -> int:
    """A label's key as the readings store it (int64)."""
    return int(np.uint64(label_key(label)).astype(np.int64))


KEY = {name: _signed(name) for name in WANTED}
LABEL = {key: name for name, key in KEY.items()}
REGISTER_KEYS = [KEY[x] for x in (*HISTORIC_REGISTERS, *STANDARD_REGISTERS)]
POWER_KEYS = [KEY["PAPP"], KEY["SINSTS"]]
UTC_US = pl.Datetime("us", "UTC")


def frames_from(readings: Readings) -> pl.DataFrame:
    """The decoded groups as one long frame: ``frame``, ``key``, ``value``, times."""

    def joined(parts: list[npt.NDArray[np.generic]], dtype: type[np.generic]) -> np.ndarray:
        return np.concatenate(parts) if parts else np.array([], dtype=dtype)

    return pl.DataFrame(
        {
            "frame": joined(readings.frame, np.int64),  # type: ignore[arg-type]
            "key": joined(readings.label, np.int64),  # type: ignore[arg-type]
            "value": joined(readings.value, np.float64),  # type: ignore[arg-type]
            "stamp": joined(readings.stamp, np.int64),  # type: ignore[arg-type]
            "season": joined(readings.season, np.uint8),  # type: ignore[arg-type]
            "received": joined(readings.received, np.int64),  # type: ignore[arg-type]
        }
    ).with_columns(pl.col("value").fill_nan(None))


def local_stamp(micros: pl.Expr, season: pl.Expr) -> pl.Expr:
    """Horodates to UTC: ``E`` summer (UTC+2), ``H`` winter (UTC+1); blank: local Paris."""
    naive = micros.cast(pl.Datetime("us"))
    summer = season.is_in([ord("E"), ord("e")])
    winter = season.is_in([ord("H"), ord("h")])
    exact = (
        pl.when(summer)
        .then(naive - pl.duration(hours=2))
        .when(winter)
        .then(naive - pl.duration(hours=1))
        .otherwise(None)
        .dt.replace_time_zone("UTC")
    )
    # No season flag: Paris wall-clock time, the repeated autumn hour in capture order.
    return pl.coalesce(exact, local_to_utc(naive))


def frame_times(
    long: pl.DataFrame, *, start: dt.datetime | None, seconds_per_frame: float
) -> tuple[pl.DataFrame | None, Said]:
    """Each frame's time: its line prefix, else its DATE horodate, else estimated.

    Returns ``frame``, ``at`` [UTC µs since 1970] and how the times were known; no frame
    when the times are estimated (see :func:`estimated`).
    """
    received = (
        long.filter(pl.col("received") >= 0).group_by("frame").agg(at=pl.col("received").min())
    )
    if received.height:
        return received, said("ingest.note.tic_timing.received")
    dated = long.filter((pl.col("key") == KEY[DATE]) & (pl.col("stamp") >= 0))
    if dated.height:
        out = dated.group_by("frame").agg(pl.col("stamp").first(), pl.col("season").first())
        at = local_stamp(pl.col("stamp"), pl.col("season")).dt.epoch("us")
        return out.select("frame", at=at), said("ingest.note.tic_timing.date_field")
    if start is None:
        msg = "historic-mode capture without receive times: give its start time"
        raise ValueError(msg)
    first = start.astimezone(dt.UTC)
    how = said(
        "ingest.note.tic_timing.estimated",
        first=f"{first:%Y-%m-%d %H:%M:%S}",
        seconds=seconds_per_frame,
    )
    return None, how


def _timed(
    long: pl.DataFrame,
    times: pl.DataFrame | None,
    *,
    start: dt.datetime | None,
    seconds_per_frame: float,
) -> pl.DataFrame:
    """``long`` with ``at`` and ``minute`` [UTC µs] per row; rows of untimed frames dropped."""
    frame = long["frame"].to_numpy()
    if times is None:
        assert start is not None
        first = int(start.astimezone(dt.UTC).timestamp() * 1e6)
        at = first + frame * int(seconds_per_frame * 1e6)
        known = np.ones(frame.size, dtype=bool)
    else:
        low = int(frame.min()) if frame.size else 0
        size = int(frame.max()) - low + 1 if frame.size else 0
        dense = np.zeros(size, dtype=np.int64)
        has = np.zeros(size, dtype=bool)
        where = times["frame"].to_numpy() - low
        inside = (where >= 0) & (where < size)
        dense[where[inside]] = times["at"].to_numpy()[inside]
        has[where[inside]] = True
        at, known = dense[frame - low], has[frame - low]
    timed = long.with_columns(at=at, minute=at - at % MINUTE_US)
    return timed if known.all() else timed.filter(known)


@dataclass
class Minutes:
    """Per-minute summaries gathered chunk by chunk (small whatever the capture's size)."""

    registers: list[pl.DataFrame] = field(default_factory=list)
    """First reading per register (``key``, :data:`LABEL`) and minute: ``minute``, ``at``."""
    power: list[pl.DataFrame] = field(default_factory=list)
    maximum: list[pl.DataFrame] = field(default_factory=list)
    periods: list[pl.DataFrame] = field(default_factory=list)
    meters: set[str] = field(default_factory=set)
    addresses: set[str] = field(default_factory=set)
    options: set[str] = field(default_factory=set)
    timing: Said | None = None
    """How the frames' times were known (the first chunk's answer)."""


def summarise(
    readings: Readings, minutes: Minutes, *, start: dt.datetime | None, seconds_per_frame: float
) -> None:
    """Turn one chunk's readings into per-minute rows, then forget the readings.

    Ties are settled by time (the earliest reading), so the result does not depend on
    the order the scan produced the readings in.
    """
    long = frames_from(readings)
    if long.height == 0:
        return
    times, how = frame_times(long, start=start, seconds_per_frame=seconds_per_frame)
    minutes.timing = minutes.timing or how
    timed = _timed(long, times, start=start, seconds_per_frame=seconds_per_frame)
    as_time = (pl.col("minute", "at").cast(UTC_US),)
    regs = timed.filter(pl.col("key").is_in(REGISTER_KEYS) & pl.col("value").is_not_null())
    first = regs.group_by("key", "minute").agg(
        pl.col("at").min(), pl.col("value").get(pl.col("at").arg_min())
    )
    minutes.registers.append(first.select("key", *as_time, "value"))
    power = timed.filter(pl.col("key").is_in(POWER_KEYS) & pl.col("value").is_not_null())
    highest = power.group_by("minute").agg(
        pl.col("value").max(),
        pl.col("at").filter(pl.col("value") == pl.col("value").max()).min(),
    )
    minutes.power.append(highest.select("value", *as_time))
    smax = timed.filter(
        (pl.col("key") == KEY["SMAXSN"]) & pl.col("value").is_not_null() & (pl.col("stamp") >= 0)
    )
    if smax.height:  # (Polars cannot resolve an ambiguous hour over no rows)
        # The meter repeats its daily maximum in every frame: keep each day's highest.
        once = smax.select("value", "stamp", "season").unique(maintain_order=True)
        at = local_stamp(pl.col("stamp"), pl.col("season"))
        daily = (
            once.select("value", at=at)
            .group_by(day=pl.col("at").dt.convert_time_zone(TIME_ZONE).dt.date())
            .agg(
                pl.col("value").max(),
                pl.col("at").filter(pl.col("value") == pl.col("value").max()).min(),
            )
        )
        minutes.maximum.append(daily.select("value", "at"))
    if readings.periods:
        period = pl.concat(readings.periods)
        counted = (
            _timed(period, times, start=start, seconds_per_frame=seconds_per_frame)
            .group_by("minute", "text")
            .agg(n=pl.len(), first=pl.col("at").min())
            .with_columns(period=pl.col("text").str.strip_chars())
            .group_by("minute", "period")
            .agg(pl.col("n").sum(), pl.col("first").min())
            .sort("minute", "n", "first", descending=[False, True, False])
        )
        per_minute = counted.group_by("minute", maintain_order=True).agg(pl.col("period").first())
        minutes.periods.append(per_minute.with_columns(pl.col("minute").cast(UTC_US)))

    def values(*names: str) -> set[str]:
        return {text.strip() for name, text in readings.seen if name in names}

    minutes.meters |= values("PRM", "ADCO")
    minutes.addresses |= values("ADSC")
    minutes.options |= values("OPTARIF", "NGTF")


class Scanner(Protocol):
    """How one chunk is scanned: :func:`scan`, or :func:`ingest.tic_runs.scan`."""

    def __call__(
        self,
        buf: Bytes,
        counts: Counts,
        readings: Readings,
        *,
        frame_offset: int,
        starts_with_frame: bool,
        final: bool,
    ) -> int:
        """Scan ``buf`` into ``counts`` and ``readings``; the number of frames completed."""
        ...


def scan_chunks(
    chunks: Iterable[bytes], *, start: dt.datetime | None, scanner: Scanner = scan
) -> tuple[Minutes, Counts]:
    """Scan a capture given as successive chunks of bytes, in flat memory.

    Each chunk's readings are summarised on a second thread while the next chunk is
    scanned (NumPy and Polars both release the GIL); one chunk at most waits.
    """
    counts, minutes = Counts(), Minutes()
    carry = b""
    first = True
    offset = 0
    seconds_per_frame = 0.0
    with ThreadPoolExecutor(max_workers=1) as summariser:
        pending: Future[None] | None = None
        for chunk, final in _with_end(chunks):
            data = carry + chunk if carry else chunk
            if not data:
                continue
            cut = len(data) if final else data.rfind(bytes([ETX])) + 1
            if cut <= 0 and len(data) >= CHUNK:
                # A chunk without any frame end: a log of groups (lines), cut before a LF.
                cut = data.rfind(bytes([LF]))
            if cut <= 0:
                carry = data  # no frame end yet: read on
                continue
            carry = data[cut:]
            readings = Readings()
            buf = np.frombuffer(memoryview(data)[:cut], dtype=np.uint8)
            done = scanner(
                buf,
                counts,
                readings,
                frame_offset=offset,
                starts_with_frame=not first or buf[:1].tobytes() == bytes([STX]),
                final=final,
            )
            if not seconds_per_frame and done:
                # 1200 baud, 10 bits a character; a log that lost its CRs (one per group
                # on the line) is that many bytes short of what the meter sent.
                wire = cut if CR in buf else cut + data.count(b"\n", 0, cut)
                seconds_per_frame = wire / done / 120
            if pending is not None:
                pending.result()
            pending = summariser.submit(
                summarise,
                readings,
                minutes,
                start=start,
                seconds_per_frame=seconds_per_frame or 1.2,
            )
            offset += done
            first = False
        if pending is not None:
            pending.result()
    return minutes, counts


def _with_end(chunks: Iterable[bytes]) -> Iterable[tuple[bytes, bool]]:
    """Each chunk with whether it is the last one."""
    previous: bytes | None = None
    for chunk in chunks:
        if previous is not None:
            yield previous, False
        previous = chunk
    yield (previous or b""), True
