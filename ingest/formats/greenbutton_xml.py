"""Green Button (NAESB ESPI) Atom XML (docs/sources.md, Green Button XML).

``IntervalBlock/IntervalReading`` elements carry ``timePeriod/start`` (UTC epoch seconds,
the interval start), ``timePeriod/duration`` [s] and ``value`` in the ``ReadingType``'s
``uom`` (72 = Wh, 38 = W) scaled by 10^``powerOfTenMultiplier``; ``flowDirection`` 19 is
energy sent to the grid. Instants are UTC already: nothing to guess about the clock.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

import polars as pl

from ingest.errors import ExportError
from ingest.export import Export, Note
from ingest.formats.common import direction_word, duplicates
from ingest.schema import conform
from ingest.source import BOM
from words import said

if TYPE_CHECKING:
    from ingest.schema import Direction
    from ingest.source import Raw

FORMAT = "greenbutton-xml"
ESPI = "{http://naesb.org/espi}"
UNITS = {"72": ("Wh", 1.0), "38": ("W", 1.0)}


def sniff(head: bytes) -> bool:
    """XML that names the ESPI namespace (after a UTF-8 BOM, if any)."""
    return head.removeprefix(BOM).lstrip().startswith(b"<") and b"naesb.org/espi" in head


def _text(node: ET.Element | None, tag: str, default: str = "") -> str:
    found = node.find(ESPI + tag) if node is not None else None
    return (found.text or default).strip() if found is not None else default


def read(raw: Raw) -> Export:
    """Read every interval reading into the canonical curve."""
    try:
        root = ET.fromstring(raw.data)  # the household's own file
    except ET.ParseError as error:
        line = error.position[0]
        raise ExportError(raw.name, f"expected well-formed XML ({error})", line=line) from None
    except LookupError as error:  # an encoding Python does not know, in the XML declaration
        raise ExportError(raw.name, f"expected a known text encoding ({error})", line=1) from None
    kind = next(root.iter(ESPI + "ReadingType"), None)
    if kind is None:
        raise ExportError(raw.name, "expected an ESPI ReadingType (unit of the readings)")
    uom = _text(kind, "uom")
    if uom not in UNITS:
        raise ExportError(
            raw.name, f"expected readings in Wh (uom 72) or W (uom 38), got uom {uom}"
        )
    unit, _ = UNITS[uom]
    scale = 10.0 ** int(_text(kind, "powerOfTenMultiplier", "0") or 0)
    direction: Direction = "production" if _text(kind, "flowDirection") == "19" else "consumption"
    starts, durations, values = [], [], []
    for reading in root.iter(ESPI + "IntervalReading"):
        period = reading.find(ESPI + "timePeriod")
        starts.append(_text(period, "start"))
        durations.append(_text(period, "duration"))
        values.append(_text(reading, "value"))
    if not starts:
        raise ExportError(raw.name, "expected IntervalReading elements")
    frame = pl.DataFrame({"start": starts, "duration": durations, "value": values}).with_columns(
        pl.all().cast(pl.Int64, strict=False)
    )
    bad = frame.with_row_index().filter(pl.any_horizontal(pl.all().is_null()))
    if bad.height:
        msg = f"IntervalReading {bad['index'][0] + 1}: expected integer start, duration and value"
        raise ExportError(raw.name, msg)
    link = re.search(rb"UsagePoint/(\w+)", raw.data)
    meter = f"greenbutton-{link.group(1).decode()}" if link else "greenbutton"
    energy = pl.col("value") * scale
    wh = energy if unit == "Wh" else energy * pl.col("duration") / 3600
    curve = frame.select(
        meter=pl.lit(meter),
        start=pl.from_epoch("start", time_unit="s").dt.replace_time_zone("UTC"),
        end=pl.from_epoch(pl.col("start") + pl.col("duration"), time_unit="s").dt.replace_time_zone(
            "UTC"
        ),
        wh=wh,
        direction=pl.lit(direction),
    )
    curve, repeated = duplicates(conform(curve, "curve"))
    notes = [
        Note(
            "inferred",
            said(
                "ingest.note.greenbutton_values",
                unit=unit,
                scale=f"{scale:g}",
                direction=direction_word(direction),
            ),
        ),
        Note("inferred", said("ingest.note.greenbutton_meter", meter=meter)),
        *repeated,
    ]
    return Export(
        name=raw.name,
        format=FORMAT,
        meter=meter,
        curve=curve,
        notes=tuple(notes),
        metadata={"uom": uom},
    )
