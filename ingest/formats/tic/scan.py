"""The general scan: one chunk of a capture's bytes into counted, decoded groups.

The capture is scanned as bytes with NumPy, chunk by chunk (:mod:`ingest.formats.tic.chunks`):

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
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import polars as pl

from ingest.formats.tic.labels import (
    CR,
    ETX,
    HT,
    LABEL_KEYS,
    LF,
    MASKS,
    NUMERIC,
    PERIODS,
    SP,
    STX,
    TEXT,
    label_key,
)
from ingest.formats.tic.times import PREFIX, horodates, receive_times

if TYPE_CHECKING:
    import numpy.typing as npt

    Bytes = npt.NDArray[np.uint8]
    Ints = npt.NDArray[np.int64]
    Flags = npt.NDArray[np.bool_]


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


@dataclass(frozen=True)
class Groups:
    """The groups of one chunk and whether their checksums hold (steps 1 to 3)."""

    start: Ints
    """First byte of each group, after its receive-time prefix if it has one."""
    end: Ints
    """Each group's closing separator."""
    standard: Flags
    """The group's checksum holds by the standard mode's rule."""
    historic: Flags
    """The group's checksum holds by the historic mode's rule."""
    complete: Flags
    """The group is in a whole frame."""
    received: Ints
    """Receive time from a line prefix, UTC microseconds; -1 if none."""
    etx: Ints
    """Where the frames end."""
    unframed: bool
    """A log without STX/ETX frames: each group stands alone."""

    @property
    def valid(self) -> Flags:
        """The group's checksum holds, by either mode's rule."""
        return self.standard | self.historic


def checked(
    buf: Bytes, *, starts_with_frame: bool, final: bool, framed: bool | None = None
) -> Groups:
    """The groups of one chunk and their checksums, as :func:`scan` takes them."""
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
            received, shift = receive_times(buf, g_start, g_end, match)
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
    return Groups(g_start, g_end, standard, historic, complete, received, etx, unframed)


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
    g = checked(buf, starts_with_frame=starts_with_frame, final=final, framed=framed)
    valid = g.valid
    counts.groups += int(g.start.size)
    counts.valid += int(valid.sum())
    counts.corrupt += int((~valid).sum())
    counts.partial += int((valid & ~g.complete).sum())
    counts.modes["standard"] += int(g.standard.sum())
    counts.modes["historic"] += int(g.historic.sum())
    use = valid & g.complete
    s, e, std, rec = g.start[use], g.end[use], g.standard[use], g.received[use]
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
    fr = np.arange(s.size, dtype=np.int64) if g.unframed else np.searchsorted(g.etx, s)
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
    done = int(s.size) if g.unframed else int(g.etx.size)
    counts.frames += done
    return done
