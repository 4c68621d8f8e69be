"""TIC captures (formats.md §7): the scan is :mod:`ingest.tic`; here, canonical tables.

- ``registers``: the first reading of each index register in each minute.
- ``curve``: 30 minutes of energy from register differences (the first reading of a
  half-hour to the first of the next); consumption from ``EAST`` (standard) or the sum of
  the historic index registers (``BASE``, ``HCHC``+``HCHP``, Tempo's six, EJP's two),
  production from ``EAIT``. A register that wraps past 999 999 999 Wh is carried over; one
  that goes back otherwise (a meter change) leaves that half-hour out, noted.
- ``peaks``: the meter's own daily maximum (``SMAXSN``, with its time) when sent, else the
  highest ``PAPP``/``SINSTS`` seen that day.
- ``periods``: the tariff period the meter applied in each
  half-hour (``PTEC``/``LTARF``), which tells the household's real off-peak hours.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import numpy as np
import polars as pl

from ingest import tic, tic_runs
from ingest.errors import GIVE_START, ExportError
from ingest.export import Export, Note
from ingest.schema import TIME_ZONE, conform, empty
from words import Said, said

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from ingest.source import Raw

FORMAT = "tic-capture"
WRAP = 1_000_000_000
"""A 9-digit index register rolls over here. [Wh]"""
HALF_HOUR = dt.timedelta(minutes=30)


BOM = b"\xef\xbb\xbf"
"""A UTF-8 byte-order mark, which an editor may put before a saved line log."""


def sniff(head: bytes) -> bool:
    """STX/ETX frames or LF…CR groups whose checksums hold (a few are enough).

    A line log whose lines lost their CR (saved by a tool that writes LF only) is one too:
    the groups are still told apart by the LF, and their checksums still hold. A UTF-8
    byte-order mark before it is left out.
    """
    head = head.removeprefix(BOM)
    if not (b"\x03" in head or b"\x02" in head or head.count(b"\n") > 3):
        return False
    counts = tic.Counts()
    end = max(head.rfind(b"\r"), head.rfind(b"\n"))  # the last group seen whole
    tic.scan(
        np.frombuffer(head[: end + 1], dtype=np.uint8),
        counts,
        tic.Readings(),
        frame_offset=0,
        starts_with_frame=True,
        final=True,
    )
    return counts.valid >= 5 and counts.valid >= 0.5 * counts.groups


def _without_bom(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """The chunks, the first one without a leading :data:`BOM`."""
    first = True
    for chunk in chunks:
        yield chunk.removeprefix(BOM) if first else chunk
        first = False


def read(raw: Raw) -> Export:
    """Read a capture held in memory (``read_path`` streams one from disk)."""
    chunks = (raw.data[i : i + tic.CHUNK] for i in range(0, len(raw.data), tic.CHUNK))
    return read_chunks(chunks, name=raw.name, start=raw.start)


def _corrupt(n: int) -> Said:
    """The note counting the groups whose checksum or framing failed."""
    if n == 1:
        return said("ingest.note.tic_corrupt_one")
    return said("ingest.note.tic_corrupt", n=n)


def _partial(n: int) -> Said:
    """The note counting the groups of the capture's cut first and last frames."""
    if n == 1:
        return said("ingest.note.tic_partial_one")
    return said("ingest.note.tic_partial", n=n)


def read_chunks(chunks: Iterable[bytes], *, name: str, start: dt.datetime | None = None) -> Export:
    """Scan a capture chunk by chunk and build its canonical tables (no leading BOM)."""
    try:
        minutes, counts = tic.scan_chunks(_without_bom(chunks), start=start, scanner=tic_runs.scan)
    except ValueError as error:
        raise ExportError(name, f"{error} ({GIVE_START})") from None
    if counts.valid == 0:
        raise ExportError(name, "no TIC group with a valid checksum")
    meter = sorted(minutes.meters or minutes.addresses or {"tic"})[0]
    registers = _registers(minutes)
    curve, notes = _curve(registers)
    mode = "standard" if counts.modes["standard"] > counts.modes["historic"] else "historic"
    word = said("ingest.word.standard") if mode == "standard" else said("ingest.word.historic")
    groups = said("ingest.note.tic_groups", mode=word, valid=counts.valid, frames=counts.frames)
    timing = minutes.timing
    notes = [
        Note("info", groups),
        *([Note("info", said("ingest.note.tic_times", timing=timing))] if timing else []),
        *([Note("skipped", _corrupt(counts.corrupt))] if counts.corrupt else []),
        *([Note("skipped", _partial(counts.partial))] if counts.partial else []),
        *notes,
    ]
    if not start and timing and timing.key == "ingest.note.tic_timing.estimated":
        notes.append(Note("inferred", said("ingest.note.tic_estimated")))
    return Export(
        name=name,
        format=FORMAT,
        meter=meter,
        curve=curve.with_columns(meter=pl.lit(meter)),
        peaks=_peaks(minutes, meter),
        registers=conform(
            registers.select(meter=pl.lit(meter), at="at", register="label", wh="value"),
            "registers",
        ),
        notes=tuple(notes),
        metadata={
            "mode": mode,
            "tariff option": ", ".join(sorted(minutes.options)),
            "address": ", ".join(sorted(minutes.addresses)),
        },
        periods=conform(_periods(minutes).with_columns(meter=pl.lit(meter)), "periods"),
    )


def _registers(minutes: tic.Minutes) -> pl.DataFrame:
    """First reading of each register in each minute (chunks may share a minute).

    Sorted by register name and time with one NumPy ``lexsort``: months of capture hold
    hundreds of thousands of minutes, and a Polars group-by's temporaries would be several
    times their size (memory must not grow with the capture).
    """
    if not minutes.registers:
        utc = pl.Datetime("us", "UTC")
        return pl.DataFrame(
            schema={"label": pl.String, "minute": utc, "at": utc, "value": pl.Float64}
        )
    rows = pl.concat(minutes.registers)
    key = rows["key"].to_numpy()
    at = rows["at"].to_physical().to_numpy()
    minute = rows["minute"].to_physical().to_numpy()
    # Registers by name: each key's rank among the label names in alphabetical order.
    names = sorted(tic.LABEL.items(), key=lambda item: item[1])
    keys = np.array([k for k, _ in names], dtype=np.int64)
    by_key = np.argsort(keys)
    rank = by_key[np.searchsorted(keys[by_key], key)]
    order = np.lexsort((at, rank))
    rank, minute = rank[order], minute[order]
    first = np.ones(order.size, dtype=bool)
    first[1:] = (rank[1:] != rank[:-1]) | (minute[1:] != minute[:-1])
    kept = rows[order[first]]
    label = pl.col("key").replace_strict(tic.LABEL, return_dtype=pl.String)
    return kept.select(label=label, minute="minute", at="at", value="value")


def _curve(registers: pl.DataFrame) -> tuple[pl.DataFrame, list[Note]]:
    """Half-hours of energy from the register differences."""
    if registers.height == 0:
        return empty("curve"), []
    labels = set(registers["label"].unique().to_list())
    consumption = (
        ["EAST"] if "EAST" in labels else [x for x in tic.HISTORIC_REGISTERS if x in labels]
    )
    production = ["EAIT"] if "EAIT" in labels else []
    slots = (
        registers.with_columns(slot=pl.col("at").dt.truncate("30m"))
        .group_by("label", "slot")
        .agg(pl.col("value").first())
        .sort("label", "slot")
        .with_columns(
            next_value=pl.col("value").shift(-1).over("label"),
            next_slot=pl.col("slot").shift(-1).over("label"),
        )
        .filter(pl.col("next_slot") == pl.col("slot") + HALF_HOUR)
        .with_columns(step=pl.col("next_value") - pl.col("value"))
        .with_columns(
            step=pl.when((pl.col("step") < 0) & (pl.col("value") > WRAP * 0.9))
            .then(pl.col("step") + WRAP)
            .otherwise(pl.col("step"))
        )
    )
    resets = slots.filter(pl.col("step") < 0)
    notes = [
        Note("skipped", said("ingest.note.tic_went_back", register=r, time=f"{s:%Y-%m-%d %H:%M}"))
        for r, s in resets.select("label", "slot").iter_rows()
    ]
    bad = set(resets["slot"].to_list())
    slots = slots.filter(~pl.col("slot").is_in(list(bad)))
    frames = []
    for direction, chosen in (("consumption", consumption), ("production", production)):
        if not chosen:
            continue
        part = (
            slots.filter(pl.col("label").is_in(chosen))
            .group_by("slot")
            .agg(wh=pl.col("step").sum(), n=pl.len())
        )
        part = part.filter(pl.col("n") == len(chosen))
        frames.append(
            part.select(
                meter=pl.lit(""),
                start="slot",
                end=pl.col("slot") + HALF_HOUR,
                wh="wh",
                direction=pl.lit(direction),
            )
        )
    if not frames:
        return empty("curve"), notes
    return conform(pl.concat(frames).sort("direction", "start"), "curve"), notes


def _peaks(minutes: tic.Minutes, meter: str) -> pl.DataFrame:
    """The daily maximum apparent power and when it happened. [VA]."""
    own = pl.concat(minutes.maximum) if minutes.maximum else pl.DataFrame()
    seen = pl.concat(minutes.power) if minutes.power else pl.DataFrame()
    source = own if own.height else seen
    if source.height == 0:
        return empty("peaks")
    daily = (
        source.with_columns(day=pl.col("at").dt.convert_time_zone(TIME_ZONE).dt.date())
        .sort("value", descending=True)
        .group_by("day")
        .agg(pl.col("value", "at").first())
    )
    return conform(daily.select(meter=pl.lit(meter), day="day", va="value", at="at"), "peaks")


def _periods(minutes: tic.Minutes) -> pl.DataFrame:
    """The tariff period the meter reported most in each half-hour."""
    if not minutes.periods:
        return pl.DataFrame(schema={"start": pl.Datetime("us", "UTC"), "period": pl.String})
    return (
        pl.concat(minutes.periods)
        .with_columns(start=pl.col("minute").dt.truncate("30m"))
        .group_by("start")
        .agg(pl.col("period").mode().first())
        .sort("start")
    )
