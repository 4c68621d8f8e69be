"""Runs of TIC frames laid out alike, read as one 2-D view: the fast path of the scan.

A meter repeats one frame: the same groups in the same order with fixed-width values, so
consecutive frames mostly have the same length and the same bytes except in a few
columns (the low digits of the registers, the power, their checksums). A run of ``k``
such frames of ``L`` bytes is a ``(k, L)`` view of the buffer, no copy. One frame of the
run, read by the general scan (:func:`ingest.formats.tic.scan.scan`), is the template;
then, only over the columns that change somewhere in the run:

- a changed label, separator or framing column sends its frames to the general scan;
- a changed data byte must not be a framing byte, a changed digit must be a digit;
- each group's checksum is the template's sum plus the changes of its bytes (mod 256);
- a number is the template's value plus each changed digit's change times its place.

Every frame that fails a check is read by the general scan, and so are the frames
outside long runs, the capture's partial first and last frames and line logs: the
result is the general scan's, row for row; only the work differs (a few column passes
per run instead of some fifty passes over every group).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import polars as pl

from ingest.formats.tic import scan as general
from ingest.formats.tic.labels import (
    CR,
    ETX,
    HT,
    KEY,
    LABEL_KEYS,
    LF,
    NUMERIC,
    SP,
    STX,
    TEXT,
    label_key,
)
from ingest.formats.tic.scan import Counts, Readings
from ingest.formats.tic.times import horodates

if TYPE_CHECKING:
    import numpy.typing as npt

    Bytes = npt.NDArray[np.uint8]
    Ints = npt.NDArray[np.int64]
    Flags = npt.NDArray[np.bool_]

MIN_RUN = 16
"""Frames of one length in a row below which the general scan is as quick."""
FRAMING = np.zeros(256, dtype=bool)
FRAMING[[STX, ETX, LF, CR]] = True


@dataclass(frozen=True)
class Group:
    """One group of the template frame, as columns of the run's view."""

    start: int
    end: int
    """Column of the group's closing separator (its checksum is at ``end - 1``)."""
    key: int
    """The label's 8-byte key (:data:`ingest.formats.tic.labels.LABEL_KEYS`), 0 for a label
    Courbe skips."""
    label_end: int
    data: int
    """First column of the value (after the horodate, if any)."""
    width: int
    horodate: int
    """Column of the horodate's season byte, -1 without one."""
    standard: bool
    total: int
    """The template's checksum sum (mod 256, before ``& 0x3F``)."""


def scan(
    buf: Bytes,
    counts: Counts,
    readings: Readings,
    *,
    frame_offset: int,
    starts_with_frame: bool,
    final: bool,
) -> int:
    """:func:`ingest.formats.tic.scan.scan` with long runs of alike frames read as 2-D views."""
    etx = np.flatnonzero(buf == ETX)
    if etx.size < MIN_RUN + 2:
        return general.scan(
            buf,
            counts,
            readings,
            frame_offset=frame_offset,
            starts_with_frame=starts_with_frame,
            final=final,
        )
    # Frame j ≥ 1 is buf[etx[j-1]+1 : etx[j]+1]; frame 0 and the tail go to the general scan.
    length = np.diff(etx)
    change = np.flatnonzero(np.diff(length)) + 1
    run_first = np.concatenate(([0], change)) + 1
    run_size = np.diff(np.concatenate((run_first, [etx.size])))
    fast = run_size >= MIN_RUN
    done_before = 0  # frames (from frame 0) already handed to a scan
    byte_before = 0
    for first, size in zip(run_first[fast].tolist(), run_size[fast].tolist(), strict=True):
        a = int(etx[first - 1]) + 1
        if a > byte_before:
            _general(
                buf[byte_before:a],
                counts,
                readings,
                frame_offset=frame_offset + done_before,
                starts_with_frame=starts_with_frame or byte_before > 0,
                final=False,
            )
        width = int(length[first - 1])
        view = buf[a : a + size * width].reshape(size, width)
        _run(view, counts, readings, frame_offset=frame_offset + first, buf=buf, at=a)
        done_before, byte_before = first + size, a + size * width
    _general(
        buf[byte_before:],
        counts,
        readings,
        frame_offset=frame_offset + done_before,
        starts_with_frame=starts_with_frame or byte_before > 0,
        final=final,
    )
    return int(etx.size)


def _general(
    buf: Bytes,
    counts: Counts,
    readings: Readings,
    *,
    frame_offset: int,
    starts_with_frame: bool,
    final: bool,
) -> None:
    """The general scan over the bytes between runs (framed, even without an ETX)."""
    if buf.size:
        general.scan(
            buf,
            counts,
            readings,
            frame_offset=frame_offset,
            starts_with_frame=starts_with_frame,
            final=final,
            framed=True,
        )


def _run(
    view: Bytes,
    counts: Counts,
    readings: Readings,
    *,
    frame_offset: int,
    buf: Bytes,
    at: int,
) -> None:
    """Read one run of ``k`` frames of ``L`` bytes; frames that fail go to the general scan."""
    size, width = view.shape
    template = _template(view)
    if template is None:
        _frames(view, np.arange(size), counts, readings, frame_offset=frame_offset)
        return
    row, groups = template
    base = view[row]
    changed = np.flatnonzero(view.max(axis=0) != view.min(axis=0))
    block = np.take(view, changed, axis=1)
    """The changed columns only, ``(k, c)``: every check below reads this."""
    static = np.ones(width, dtype=bool)
    owner = np.full(width, -1, dtype=np.int64)
    for i, g in enumerate(groups):
        owner[g.start : g.end] = i
        static[g.label_end + 1 : g.end - 2] = False
        static[g.end - 1] = False
    fixed = static[changed]
    bad = (block[:, fixed] != base[changed[fixed]]).any(axis=1)
    bad |= FRAMING[block[:, ~fixed]].any(axis=1)
    values: list[tuple[Group, npt.NDArray[np.float64], Ints, npt.NDArray[np.uint8]]] = []
    for i, g in enumerate(groups):
        mine = np.flatnonzero(owner[changed] == i)
        if not mine.size:
            if g.key:
                values.append((g, *_values(g, base[None, :], np.zeros(1, np.int64), base, 0)))
            continue
        summed = mine[changed[mine] < g.end - 1]
        offset = (g.total - int(base[changed[summed]].sum())) % 256
        check = (block[:, summed].sum(axis=1, dtype=np.uint8) + np.uint8(offset)) & 0x3F
        given = view[:, g.end - 1] if changed[mine[-1]] == g.end - 1 else base[g.end - 1]
        bad |= (given - np.uint8(0x20)) != check
        if g.key:
            value, stamp, season, wrong = _decode(g, block, changed, mine, base, buf, at)
            bad |= wrong
            values.append((g, value, stamp, season))
    ok = np.flatnonzero(~bad)
    rejected = np.flatnonzero(bad)
    if rejected.size:
        _frames(view, rejected, counts, readings, frame_offset=frame_offset)
    if not ok.size:
        return
    frame = ok + frame_offset
    for g, value, stamp, season in values:
        readings.frame.append(frame)
        readings.label.append(np.full(ok.size, KEY[LABEL_KEYS[g.key]]))
        readings.value.append(value[ok] if value.size == size else np.repeat(value, ok.size))
        readings.stamp.append(stamp[ok] if stamp.size == size else np.repeat(stamp, ok.size))
        readings.season.append(season[ok] if season.size == size else np.repeat(season, ok.size))
        readings.received.append(np.full(ok.size, -1, dtype=np.int64))
    for g in groups:
        name = LABEL_KEYS.get(g.key, "")
        if name in TEXT and g is _first(groups, g.key):
            _texts(g, view, base, changed, name, ok, frame, readings)
    groups_per_frame = len(groups)
    counts.groups += ok.size * groups_per_frame
    counts.valid += ok.size * groups_per_frame
    standard = sum(g.standard for g in groups)
    counts.modes["standard"] += ok.size * standard
    counts.modes["historic"] += ok.size * (groups_per_frame - standard)
    counts.frames += ok.size


def _first(groups: list[Group], key: int) -> Group:
    return next(g for g in groups if g.key == key)


def _template(view: Bytes) -> tuple[int, list[Group]] | None:
    """A frame of the run whose every group is valid, and its layout; None if none is."""
    for row in range(min(4, view.shape[0])):
        frame = np.ascontiguousarray(view[row])
        counts = Counts()
        readings = Readings()
        general.scan(frame, counts, readings, frame_offset=0, starts_with_frame=True, final=False)
        clean = counts.valid == counts.groups > 0 and counts.frames == 1
        if clean and not any((r >= 0).any() for r in readings.received):
            return row, _layout(frame)
    return None


def _layout(frame: Bytes) -> list[Group]:
    """The groups of one valid frame, read the way the general scan reads them."""
    groups = []
    bounds = np.flatnonzero(FRAMING[frame]).tolist()
    for s, e in zip([-1, *bounds][:-1], bounds, strict=True):
        start = s + 1
        if e <= start:
            continue
        raw = frame[start:e].tobytes()
        stops = [i for i, b in enumerate(raw[:-1]) if b in (SP, HT)]
        label_len = stops[0] if stops and stops[0] < 8 else 9
        key = label_key(raw[:label_len].decode("ascii", "replace")) if label_len < 9 else 0
        if key not in LABEL_KEYS:
            key = 0
        standard = raw[-2] == HT
        data = start + label_len + 1
        horodate = -1
        if standard and key and e - 2 > data + 13 and frame[data + 13] == HT:
            horodate, data = data, data + 14
        total = int(frame[start : e - 1].sum()) - (0 if standard else SP)
        groups.append(
            Group(
                start=start,
                end=e,
                key=key,
                label_end=start + (stops[0] if stops else len(raw) - 2),
                data=data,
                width=e - 2 - data,
                horodate=horodate,
                standard=standard,
                total=total % 256,
            )
        )
    return groups


def _values(
    g: Group, rows: Bytes, index: Ints, buf: Bytes, at: int
) -> tuple[npt.NDArray[np.float64], Ints, npt.NDArray[np.uint8]]:
    """Value, horodate and season of group ``g`` read in full from each row of ``rows``."""
    n = rows.shape[0]
    value = np.full(n, np.nan)
    name = LABEL_KEYS[g.key]
    if name in NUMERIC and 0 < g.width <= 10:
        cells = rows[:, g.data : g.data + g.width].astype(np.int64) - 48
        digits = ((cells >= 0) & (cells <= 9)).all(axis=1)
        places = 10 ** np.arange(g.width - 1, -1, -1, dtype=np.int64)
        value = np.where(digits, (cells * places).sum(axis=1), np.nan)
    stamp = np.full(n, -1, dtype=np.int64)
    season = np.zeros(n, dtype=np.uint8)
    if g.horodate >= 0:
        stamp, season = horodates(buf, at + index * rows.shape[1] + g.horodate)
    return value, stamp, season


def _decode(
    g: Group, block: Bytes, changed: Ints, mine: Ints, base: Bytes, buf: Bytes, at: int
) -> tuple[npt.NDArray[np.float64], Ints, npt.NDArray[np.uint8], Flags]:
    """Per-frame value, horodate and season of a group whose bytes change; frames to reject.

    ``mine``: the group's columns of ``block`` (the run's changed columns). A number moves
    by its changed digits times their places; a frame where a changed digit is not a
    digit, or where a changed byte would read as a horodate's HT, is rejected (the
    general scan reads it).
    """
    size = block.shape[0]
    wrong = np.zeros(size, dtype=bool)
    name = LABEL_KEYS[g.key]
    value0, stamp0, season0 = _values(g, base[None, :], np.zeros(1, np.int64), base, 0)
    value = np.repeat(value0, size)
    columns = changed[mine]
    if name in NUMERIC and 0 < g.width <= 10:
        place = (columns >= g.data) & (columns < g.data + g.width)
        if place.any() and np.isnan(value0[0]):
            wrong[:] = True  # the template's value is not a number: the general scan reads it
        elif place.any():
            digits = block[:, mine[place]].astype(np.int64) - 48
            wrong |= ((digits < 0) | (digits > 9)).any(axis=1)
            tens = 10 ** (g.data + g.width - 1 - columns[place])
            moved = (digits - (base[columns[place]].astype(np.int64) - 48)) @ tens
            value = value0[0] + moved.astype(np.float64)
    tab = np.flatnonzero(columns == g.data + 13)
    if g.standard and g.horodate < 0 and tab.size and g.end - 2 > g.data + 13:
        wrong |= block[:, mine[tab[0]]] == HT
    stamp, season = np.repeat(stamp0, size), np.repeat(season0, size)
    if g.horodate >= 0 and ((columns >= g.horodate) & (columns < g.horodate + 13)).any():
        width = len(base)
        stamp, season = horodates(buf, at + np.arange(size) * width + g.horodate)
    return value, stamp, season, wrong


def _texts(
    g: Group,
    view: Bytes,
    base: Bytes,
    changed: Ints,
    name: str,
    ok: Ints,
    frame: Ints,
    readings: Readings,
) -> None:
    """The first text of label ``name`` in frames ``ok`` of the run (numbered ``frame``)."""
    width = min(max(g.width, 1), 32)
    cols = slice(g.data, g.data + width)
    if g.width <= 0:
        cells = np.zeros((1, 1), dtype=np.uint8)
    elif ((changed >= g.data) & (changed < g.data + width)).any():
        cells = np.ascontiguousarray(view[ok, cols])
    else:
        cells = np.ascontiguousarray(base[None, cols])
    readings.add_texts(name, frame, cells)


def _frames(
    view: Bytes, rows: Ints, counts: Counts, readings: Readings, *, frame_offset: int
) -> None:
    """The general scan over some frames of a run, their frame numbers kept."""
    part = Readings()
    general.scan(
        np.ascontiguousarray(view[rows]).ravel(),
        counts,
        part,
        frame_offset=0,
        starts_with_frame=True,
        final=False,
    )
    number = rows.astype(np.int64) + frame_offset
    readings.frame.extend(number[f] for f in part.frame)
    readings.label.extend(part.label)
    readings.value.extend(part.value)
    readings.stamp.extend(part.stamp)
    readings.season.extend(part.season)
    readings.received.extend(part.received)
    readings.seen |= part.seen
    readings.periods.extend(
        t.with_columns(frame=pl.Series(number[t["frame"].to_numpy()])) for t in part.periods
    )
