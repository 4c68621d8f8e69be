"""The CSV of the browser export script households use on the 2026 Enedis portal.

FunFR/EDF_Simulateur_Prix ``scripts/enedis-export/snippet.js`` (@29b0aad7), pasted in the
console of the customer portal, fetches the load curve week by week from the portal's
private API and writes ``conso-courbe-30min_<PRM>_<from>-<to>.csv`` (``buildCsv``)::

    Courbe de charge Linky (pas 30 min) - PRM 12345678901234
    Horodate fin de pas;Puissance moyenne (W)
    2026-07-13T23:00:00;420

- The stamps are naive local times (``normalizeHorodate`` drops the offset the API gives)
  marking the END of each interval; the values are whole watts of average power
  (``Math.round``), sorted by the text of the stamp. LF, no BOM.
- Points are kept in a map keyed by that naive stamp, the first one received kept
  (``mergePoints``), so on the autumn clock change the two passes of 02:00–03:00 collapse
  into one: those rows are read as the first pass (summer time), and the second pass is
  a gap, said in a note, never filled.
- The title names the step (30 min); the step of each row is still inferred from the
  stamps (shared :func:`ingest.timestamps.steps_of`), the title's where it cannot be.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import numpy as np
import polars as pl

from ingest.errors import ExportError
from ingest.export import Export, Note
from ingest.formats.common import curve_from_instants, local_instants, wh_of
from ingest.source import BOM, decode
from ingest.timestamps import repeated_hour_once, steps_of
from words import said

if TYPE_CHECKING:
    from ingest.source import Raw

FORMAT = "enedis-script-csv"
TITLE = re.compile(r"^Courbe de charge Linky \(pas (\d+) min\) - PRM (\d{14})\s*$")
HEADER = "Horodate fin de pas;Puissance moyenne (W)"
STAMP = "%Y-%m-%dT%H:%M:%S"
FIRST = 3
"""The line of the first row (after the title and the header)."""


def _lines(head: bytes) -> list[str]:
    return head.removeprefix(BOM).decode("utf-8", errors="replace").splitlines()


def sniff(head: bytes) -> bool:
    """The script's title line, then its header line."""
    lines = _lines(head[:1024])
    return (
        len(lines) >= 2
        and TITLE.match(lines[0]) is not None
        and lines[1].strip().startswith(HEADER)
    )


def read(raw: Raw) -> Export:
    """Read the script's CSV into the canonical curve (consumption: the script asks CONS)."""
    head = _lines(raw.data[:1024])
    title = TITLE.match(head[0]) if head else None
    if title is None or len(head) < 2 or not head[1].strip().startswith(HEADER):
        msg = f"expected the title 'Courbe de charge Linky (pas 30 min) - PRM …' then '{HEADER}'"
        raise ExportError(raw.name, msg, line=1)
    stated, meter = int(title.group(1)), title.group(2)
    text = decode(raw)
    lines = (
        pl.DataFrame({"text": text.split("\n")[FIRST - 1 :]})
        .with_columns(
            line=pl.int_range(pl.len()) + FIRST, text=pl.col("text").str.strip_chars_end("\r")
        )
        .filter(pl.col("text").str.strip_chars() != "")
    )
    fields = pl.col("text").str.split(";")
    rows = lines.with_columns(
        n=fields.list.len(),
        stamp=fields.list.get(0, null_on_oob=True).str.strip_chars(),
        value=fields.list.get(1, null_on_oob=True).str.strip_chars(),
    ).with_columns(
        naive=pl.col("stamp").str.to_datetime(STAMP, strict=False, cache=False),
        w=pl.col("value").cast(pl.Float64, strict=False),
    )
    checks = [
        (pl.col("n") != 2, "expected 2 fields 'Horodate fin de pas;Puissance moyenne (W)'"),
        (pl.col("naive").is_null(), "expected a local time like 2026-07-13T23:00:00"),
        (pl.col("w").is_null() & (pl.col("value") != ""), "expected a number of watts"),
        (pl.col("w") < 0, "expected a power of 0 W or more"),
    ]
    for bad, expected in checks:
        first = rows.filter(bad).head(1)
        if first.height:
            got = str(first["text"][0])[:60]
            raise ExportError(raw.name, f"{expected}, got {got!r}", line=int(first["line"][0]))
    if rows.height == 0:
        raise ExportError(raw.name, "expected rows after the header", line=FIRST)
    notes = [Note("inferred", said("ingest.note.script"))]
    timed, skipped = local_instants(rows.select("line", "naive", "w"))
    minutes = _minutes(timed["instant"], stated, notes)
    notes += _collapsed(rows, minutes)
    frame = timed.select("line", "instant", minutes=minutes, wh=wh_of(pl.col("w"), "W", minutes))
    curve, more = curve_from_instants(frame, meter=meter, stamp="end")
    more = skipped + more
    return Export(
        name=raw.name,
        format=FORMAT,
        meter=meter,
        curve=curve,
        notes=tuple(notes + more),
        metadata={"unit": "W", "stated step": f"{stated} min"},
    )


def _minutes(instant: pl.Series, stated: int, notes: list[Note]) -> pl.Series:
    """Each row's step from its neighbours' stamps, the title's where it cannot be [min]."""
    at = instant.dt.epoch("us")
    known = at.is_not_null().to_numpy()
    step = steps_of(at.fill_null(0).to_numpy(), stamp="end", known=known, fallback=stated)
    other = int(np.count_nonzero(step != stated))
    if other:
        notes.append(
            Note(
                "info",
                said(
                    "ingest.note.script_steps",
                    n=other,
                    steps=", ".join(sorted({f"{s} min" for s in step[step != stated]})),
                    stated=stated,
                ),
            )
        )
    return pl.Series("minutes", step)


def _collapsed(rows: pl.DataFrame, minutes: pl.Series) -> list[Note]:
    """A note for each autumn day whose repeated hour the script kept once."""
    once = rows.filter(repeated_hour_once(rows["naive"]).to_numpy())
    if once.height == 0:
        return []
    step = int(minutes.mode()[0])
    notes = []
    for day, count, line in (
        once.group_by(pl.col("naive").dt.date().alias("day"))
        .agg(pl.len().alias("n"), pl.col("line").min())
        .sort("day")
        .iter_rows()
    ):
        notes.append(
            Note(
                "info",
                said("ingest.note.script_autumn", day=str(day), n=count, step=step),
                line=line,
            )
        )
    return notes
