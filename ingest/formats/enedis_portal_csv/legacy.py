"""The Enedis portal's older CSV export ``Date de la mesure;Heure de la mesure;Valeur;…``.

UTF-8 or Windows-1252; only its header is documented (docs/sources.md, Portal CSV).
Stored under the portal CSV's format name (:data:`FORMAT`): it is the same portal's
export.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from ingest.errors import ExportError
from ingest.export import Export, Note
from ingest.formats import enedis_portal_csv
from ingest.formats.enedis_portal_csv.blocks import (
    ENERGY_UNITS,
    POWER_UNITS,
    header_key,
    raise_first,
    skip,
    table,
)
from ingest.formats.enedis_portal_csv.curve import drop_disordered
from ingest.schema import SCHEMAS, Direction, conform
from ingest.source import BOM, Raw, decode
from ingest.timestamps import HOUR_US, MINUTE_US, infer_steps, local_to_utc, step_summary
from words import said

FORMAT = enedis_portal_csv.FORMAT
"""The portal CSV's name: the store and the import log already name this export so."""

LEGACY_START = "Date de la mesure;Heure de la mesure;Valeur"


def sniff(head: bytes) -> bool:
    """Whether the first bytes of a file look like this export."""
    # The header is ASCII up to here, in UTF-8 and Windows-1252 alike.
    return head.removeprefix(BOM).lstrip(b"\r\n").startswith(LEGACY_START.encode())


LEGACY_COLUMNS = 13
LEGACY_NEEDED = (
    "Date de la mesure",
    "Heure de la mesure",
    "Valeur",
    "PRM",
    "Grandeur métier",
    "Unité",
    "Pas en minutes",
)


def read(raw: Raw) -> Export:
    """The older ``Date de la mesure;Heure de la mesure;Valeur;…;Unité;Pas en minutes`` export.

    Only its header is documented (docs/sources.md, Portal CSV); its rows are read as: a local date
    (``dd/mm/yyyy`` or ``yyyy-mm-dd``), a naive local time ``HH:MM[:SS]`` marking the END
    of the interval as in every Enedis curve, the value, its status, and on each row the
    PRM, the unit (W, kW, Wh, kWh) and the step in minutes. Each of these readings is stated
    in the notes.
    """
    text = decode(raw)
    header, _, rest = text.lstrip("\r\n").partition("\n")
    columns = [header_key(c) for c in header.rstrip("\r").split(";")]
    if len(columns) < LEGACY_COLUMNS:
        raise ExportError(raw.name, f"expected {LEGACY_COLUMNS} columns in the header", line=1)
    first_line = text[: len(text) - len(rest)].count("\n") + 1
    missing = [name for name in LEGACY_NEEDED if header_key(name) not in columns]
    if missing:
        msg = f"expected a column named '{missing[0]}' in the header"
        raise ExportError(raw.name, msg, line=first_line - 1)
    lines = table(raw, rest.encode(), first_line, columns)
    date = pl.coalesce(
        pl.col("date de la mesure").str.to_date("%d/%m/%Y", strict=False),
        pl.col("date de la mesure").str.to_date("%Y-%m-%d", strict=False),
    )
    clock = pl.col("heure de la mesure").str.strip_chars()
    time = pl.coalesce(
        clock.str.to_time("%H:%M:%S", strict=False), clock.str.to_time("%H:%M", strict=False)
    )
    parsed = lines.with_columns(date=date, time=time)
    raise_first(raw, parsed, pl.col("date").is_null(), "expected a date like 24/10/2019")
    raise_first(raw, parsed, pl.col("time").is_null(), "expected a time like 00:30")
    value = pl.col("valeur").str.strip_chars().str.replace(",", ".", literal=True)
    parsed = parsed.with_columns(
        w=value.cast(pl.Float64, strict=False),
        unit=pl.col("unite").str.strip_chars(),
        pas=pl.col("pas en minutes").str.strip_chars().cast(pl.Int64, strict=False),
    )
    raise_first(raw, parsed, pl.col("w").is_null() & (value != ""), "expected a number")
    units = set(parsed["unit"].unique().to_list())
    unknown = units - set(POWER_UNITS) - set(ENERGY_UNITS)
    if unknown:
        raise ExportError(
            raw.name,
            f"expected the unit W, kW, Wh or kWh, got {unknown.pop()!r}",
            line=int(parsed.filter(pl.col("unit").is_in(list(units)))["line"][0]),
        )
    # Midnight ends the previous day's last interval, as in the other Enedis curves.
    naive = pl.col("date").dt.combine(pl.col("time"))
    parsed = parsed.with_columns(end=local_to_utc(naive).dt.epoch("us"))
    notes: list[Note] = [
        Note("inferred", said("ingest.note.older_export")),
        Note("inferred", said("ingest.note.naive_autumn")),
    ]
    skip(parsed, pl.col("end").is_null(), said("ingest.note.spring_forward"), notes)
    parsed = parsed.filter(pl.col("end").is_not_null())
    if not bool(np.all(np.diff(parsed["end"].to_numpy()) > 0)):
        parsed = drop_disordered(parsed, notes)
    step = infer_steps(parsed["end"].to_numpy())
    parsed = parsed.with_columns(
        step=pl.when(pl.col("pas") > 0).then(pl.col("pas") * MINUTE_US).otherwise(pl.Series(step))
    )
    summary = step_summary(parsed["step"].to_numpy())
    notes.append(Note("inferred", said("ingest.note.step", summary=summary)))
    skip(parsed, pl.col("w").is_null(), said("ingest.note.no_value_field"), notes)
    unknown_step = said("ingest.note.step_unknown")
    skip(parsed, pl.col("w").is_not_null() & (pl.col("step") <= 0), unknown_step, notes)
    good = parsed.filter(pl.col("w").is_not_null() & (pl.col("step") > 0))
    power, energy = POWER_UNITS, ENERGY_UNITS
    wh = (
        pl.when(pl.col("unit").is_in(list(power)))
        .then(
            pl.col("w")
            * pl.col("unit").replace_strict(power, default=None, return_dtype=pl.Float64)
            * pl.col("step")
            / HOUR_US
        )
        .otherwise(
            pl.col("w")
            * pl.col("unit").replace_strict(energy, default=None, return_dtype=pl.Float64)
        )
    )
    direction: Direction = (
        (
            "production"
            if "production" in header_key(str(lines["grandeur metier"][0]))
            else "consumption"
        )
        if lines.height
        else "consumption"
    )
    meter = str(lines["prm"][0]).strip() if lines.height else ""
    curve = good.select(
        meter=pl.lit(meter),
        start=(pl.col("end") - pl.col("step")).cast(SCHEMAS["curve"]["start"]),
        end=pl.col("end").cast(SCHEMAS["curve"]["end"]),
        wh=wh,
        direction=pl.lit(direction),
    )
    if not meter:
        raise ExportError(raw.name, "expected the meter number (PRM) in each row", line=first_line)
    return Export(
        name=raw.name,
        format=FORMAT,
        meter=meter,
        curve=conform(curve, "curve"),
        notes=tuple(notes),
    )
