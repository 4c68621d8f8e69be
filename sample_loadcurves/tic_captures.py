"""Writing TIC captures, the meter's own serial output (docs/sources.md, TIC), with right checksums.

One group or frame at a time for hand-made cases, or whole captures of many frames built
with NumPy for the benchmarks.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import numpy as np
import polars as pl

from ingest.schema import TIME_ZONE

if TYPE_CHECKING:
    import numpy.typing as npt


def tic_group(
    label: str, data: str, *, horodate: str | None = None, standard: bool = False
) -> bytes:
    """One TIC group ``LF … CR`` with its checksum, by its mode's rule (docs/sources.md, TIC)."""
    if standard:
        body = label + "\t" + (horodate + "\t" if horodate is not None else "") + data + "\t"
        check = (sum(body.encode()) & 0x3F) + 0x20
    else:
        body = label + " " + data
        check = (sum(body.encode()) & 0x3F) + 0x20
        body += " "
    return b"\n" + body.encode() + bytes([check]) + b"\r"


def tic_frame(groups: list[bytes]) -> bytes:
    """One TIC frame: STX, its groups, ETX."""
    return b"\x02" + b"".join(groups) + b"\x03"


def tic_historic_bulk(frames: int, *, hchc_wh: int = 10_000_000, seed: int = 0) -> bytes:
    """A historic-mode HP/HC capture of ``frames`` frames, built with NumPy (benchmarks).

    Fixed-width groups as a real meter sends them; HCHC grows by 0–2 Wh a frame, PAPP
    varies; every checksum is right.
    """
    rng = np.random.default_rng(seed)
    template = tic_frame(
        [
            tic_group("ADCO", "000123456789"),
            tic_group("OPTARIF", "HC.."),
            tic_group("ISOUSC", "45"),
            tic_group("HCHC", "000000000"),
            tic_group("HCHP", "000000000"),
            tic_group("PTEC", "HC.."),
            tic_group("IINST", "002"),
            tic_group("IMAX", "090"),
            tic_group("PAPP", "00000"),
            tic_group("HHPHC", "A"),
            tic_group("MOTDETAT", "000000"),
        ]
    )
    out = np.tile(np.frombuffer(template, dtype=np.uint8), (frames, 1))
    _put(out, template, b"HCHC ", _digits(hchc_wh + np.cumsum(rng.integers(0, 3, frames)), 9))
    _put(out, template, b"PAPP ", _digits(rng.integers(100, 9000, frames), 5))
    _checksums(out, template)
    return out.tobytes()


def tic_standard_bulk(
    frames: int, *, first: dt.datetime, east_wh: int = 1_000_000, seed: int = 0
) -> bytes:
    """A standard-mode capture of ``frames`` frames, one a second from ``first`` [UTC].

    The groups of a single-phase Linky in standard mode, with the horodates (``DATE``,
    ``SMAXSN``) in Paris time and their season flag, EAST growing by 0–2 Wh a second, the
    power varying; every checksum is right.
    """
    rng = np.random.default_rng(seed)
    stamp = "H000000000000"
    layout = [
        ("ADSC", "031764953443", None),
        ("VTIC", "02", None),
        ("DATE", "", stamp),
        ("NGTF", "      BASE      ", None),
        ("LTARF", "      BASE      ", None),
        ("EAST", "000000000", None),
        ("EASF01", "000000000", None),
        ("EASD01", "000000000", None),
        ("IRMS1", "003", None),
        ("URMS1", "232", None),
        ("PREF", "06", None),
        ("PCOUP", "06", None),
        ("SINSTS", "00000", None),
        ("SMAXSN", "00000", stamp),
        ("CCASN", "00000", stamp),
        ("UMOY1", "232", stamp),
        ("STGE", "003A0001", None),
        ("MSG1", "PAS DE          MESSAGE         ", None),
        ("PRM", "12345678901234", None),
        ("RELAIS", "000", None),
        ("NTARF", "01", None),
        ("NJOURF", "00", None),
        ("NJOURF+1", "00", None),
    ]
    template = tic_frame([tic_group(x, d, horodate=h, standard=True) for x, d, h in layout])
    out = np.tile(np.frombuffer(template, dtype=np.uint8), (frames, 1))
    end = first + dt.timedelta(seconds=frames - 1)
    paris = pl.select(
        pl.datetime_range(first, end, "1s", time_unit="us", time_zone="UTC")
        .dt.convert_time_zone(TIME_ZONE)
        .alias("t")
    )["t"]
    summer = paris.dt.dst_offset().dt.total_seconds().to_numpy() > 0
    fields = [paris.dt.year(), paris.dt.month(), paris.dt.day()]
    fields += [paris.dt.hour(), paris.dt.minute(), paris.dt.second()]
    local = np.column_stack(
        [
            np.where(summer, ord("E"), ord("H")).astype(np.uint8),
            *(_digits(f.to_numpy().astype(np.int64) % 100, 2) for f in fields),
        ]
    )
    for label in (b"DATE\t", b"CCASN\t", b"UMOY1\t"):
        _put(out, template, label, local)
    east = east_wh + np.cumsum(rng.integers(0, 3, frames))
    _put(out, template, b"EAST\t", _digits(east, 9))
    _put(out, template, b"EASF01\t", _digits(east, 9))
    power = rng.integers(100, 9000, frames)
    _put(out, template, b"SINSTS\t", _digits(power, 5))
    # SMAXSN: the highest power so far, stamped with the moment it was reached.
    highest = np.maximum.accumulate(power)
    reached = np.maximum.accumulate(np.where(power == highest, np.arange(frames), 0))
    _put(out, template, b"SMAXSN\t", local[reached])
    smaxsn = template.index(b"\nSMAXSN\t") + 1 + len(b"SMAXSN\t") + 14
    out[:, smaxsn : smaxsn + 5] = _digits(highest, 5)
    _checksums(out, template)
    return out.tobytes()


def _digits(values: npt.NDArray[np.int64], width: int) -> npt.NDArray[np.uint8]:
    """Each value as ``width`` ASCII digits, one row per value."""
    places = 10 ** np.arange(width - 1, -1, -1, dtype=np.int64)
    return ((values[:, None] // places[None, :]) % 10 + 48).astype(np.uint8)


def _put(
    out: npt.NDArray[np.uint8], template: bytes, head: bytes, cells: npt.NDArray[np.uint8]
) -> None:
    """Write ``cells`` right after the group that starts ``LF head`` in every frame."""
    at = template.index(b"\n" + head) + 1 + len(head)
    out[:, at : at + cells.shape[1]] = cells


def _checksums(out: npt.NDArray[np.uint8], template: bytes) -> None:
    """Recompute every group's checksum in every frame, by the rule of its mode."""
    row = np.frombuffer(template, dtype=np.uint8)
    starts = np.flatnonzero(row == 0x0A) + 1
    for s in starts.tolist():
        e = template.index(b"\r", s)  # the checksum is at e - 1, its separator at e - 2
        last = e - 1 if template[e - 2] == 0x09 else e - 2
        total = out[:, s:last].astype(np.int64).sum(axis=1)
        out[:, e - 1] = ((total & 0x3F) + 0x20).astype(np.uint8)
