"""The ``Index`` block: cumulative register readings, daily energy, the tariff calendar.

Rows are ``Horodate;Type de releve;EAS F1…EAS F10;EAS D1…EAS D4;EAS T``: cumulative
register readings [Wh] taken around the local midnight that starts each day, optionally
followed by a ``Periode;…`` calendar block naming what each register counts.
"""

from __future__ import annotations

import re

import polars as pl

from ingest.export import Note
from ingest.formats.common import direction_word
from ingest.formats.enedis_portal_csv.blocks import (
    ENERGY_UNITS,
    ISO_OFFSET,
    Block,
    block_unit,
    raise_first,
    skip,
    table,
)
from ingest.schema import SCHEMAS, TIME_ZONE, Direction
from ingest.source import Raw, decode
from words import said

REGISTER_NAME = re.compile(r"^EA([SI])\s*([FD])\s*(\d+)$")
TOTALS: dict[str, Direction] = {"EAST": "consumption", "EAIT": "production"}
"""The total registers, withdrawn (soutirée) and injected, and the direction each counts."""


def _register(column: str) -> str:
    """Portal register name → TIC name: ``EAS F1`` → ``EASF01``, ``EAS T`` → ``EAST``.

    The producer's export names its injected total ``EAI T`` (→ ``EAIT``, as the TIC does).
    """
    m = REGISTER_NAME.match(column.strip())
    if m:
        return f"EA{m.group(1)}{m.group(2)}{int(m.group(3)):02d}"
    return column.replace(" ", "")


def read_index(
    raw: Raw, block: Block, meter: str, notes: list[Note]
) -> tuple[pl.DataFrame, pl.DataFrame, dict[str, str]]:
    """The block's register readings [Wh], the daily energy of its totals, its calendar.

    The calendar (the ``Periode;…`` block after the readings, if any) is metadata: which
    tariff period each register counts.
    """
    unit = block_unit(raw, block, ENERGY_UNITS, "Wh or kWh for index readings")
    body, calendar_body, calendar_line = block.body, b"", 0  # small: a copy is fine
    cal = re.search(rb"(?m)^Periode;", body)
    if cal:
        calendar_body = body[cal.start() :]
        calendar_line = block.body_line + body.count(b"\n", 0, cal.start())
        body = body[: cal.start()]
    lines = table(raw, body, block.body_line, block.columns)
    at = pl.col("Horodate").str.to_datetime(ISO_OFFSET, time_unit="us", strict=False, cache=False)
    lines = lines.with_columns(at=at)
    raise_first(
        raw, lines, pl.col("at").is_null(), "expected a timestamp like 2024-01-10T00:00:00+01:00"
    )
    again = ~pl.col("at").is_first_distinct()
    skip(lines, again, said("ingest.note.second_reading"), notes)
    lines = lines.filter(~again)
    registers = [c for c in block.columns if c.startswith(("EAS", "EAI"))]
    long = lines.unpivot(on=registers, index=["line", "at"], variable_name="column", value_name="v")
    long = long.filter(pl.col("v").str.strip_chars() != "").with_columns(
        wh=pl.col("v").str.strip_chars().cast(pl.Float64, strict=False) * ENERGY_UNITS[unit]
    )
    raise_first(raw, long, pl.col("wh").is_null(), "expected a register reading in Wh")
    names = {c: _register(c) for c in registers}
    regs = long.select(
        meter=pl.lit(meter),
        at="at",
        register=pl.col("column").replace_strict(names, return_dtype=pl.String),
        wh="wh",
    )
    kinds = (
        lines["Type de releve"].unique(maintain_order=True).to_list()
        if "Type de releve" in lines.columns
        else []
    )
    notes.append(
        Note(
            "info",
            said(
                "ingest.note.index_readings",
                n=lines.height,
                kinds=", ".join(map(str, kinds)),
                registers=len(names),
                unit=unit,
            ),
        )
    )
    daily = _daily_from_total(regs, block, raw, notes)
    calendar = _read_calendar(calendar_body, calendar_line, raw, notes) if cal else {}
    return regs, daily, calendar


def _daily_from_total(
    regs: pl.DataFrame, block: Block, raw: Raw, notes: list[Note]
) -> pl.DataFrame:
    """Daily energy [Wh] from each total register: its next reading minus this one.

    ``EAS T`` (withdrawn) gives consumption, ``EAI T`` (injected, the producer's
    ``Enedis_Prod_Jour`` export) production. Each reading is taken around the local
    midnight that starts its day (00:00+01:00 in winter, 01:00+02:00 in summer, 23:00 of
    the eve in some files): it belongs to the day whose midnight is nearest.
    """
    day = (pl.col("at").dt.convert_time_zone(TIME_ZONE) + pl.duration(hours=12)).dt.date()
    frames = []
    for register, direction in TOTALS.items():
        total = regs.filter(pl.col("register") == register).sort("at")
        if total.height < 2:
            continue
        total = total.with_columns(day=day).with_columns(
            wh=pl.col("wh").shift(-1) - pl.col("wh"), next_day=pl.col("day").shift(-1)
        )
        consecutive = (pl.col("next_day") - pl.col("day")) == pl.duration(days=1)
        reset = total.filter(consecutive & (pl.col("wh") < 0))
        notes.extend(
            Note("skipped", said("ingest.note.index_decreases", register=register, day=str(d)))
            for d in reset["day"]
        )
        name = f"{register[:3]} {register[3:]}"
        notes.append(
            Note(
                "inferred",
                said(
                    "ingest.note.daily_from_index",
                    direction=direction_word(direction),
                    name=name,
                ),
            )
        )
        frames.append(
            total.filter(consecutive & (pl.col("wh") >= 0)).select(
                "meter", "day", "wh", direction=pl.lit(direction)
            )
        )
    if not frames:
        held = sorted(set(regs["register"].unique().to_list()))
        notes.append(
            Note(
                "info",
                said("ingest.note.no_total", held=", ".join(held))
                if held
                else said("ingest.note.no_total_empty"),
                line=block.meta_line,
            )
        )
        return pl.DataFrame(schema=SCHEMAS["daily"])
    return pl.concat(frames)


def _read_calendar(body: bytes, first_line: int, raw: Raw, notes: list[Note]) -> dict[str, str]:
    """The ``Periode;…`` block: which tariff period each register counts, and since when."""
    header, _, rest = body.partition(b"\n")
    columns = decode(raw, header).rstrip("\r").split(";")
    out: dict[str, str] = {}
    for offset, row in enumerate(decode(raw, rest).splitlines()):
        if not row.strip():
            continue
        fields = row.split(";")
        period = fields[0]
        labels = {}
        for i, name in enumerate(columns):
            if name.startswith("Cadran") and i < len(fields) and fields[i]:
                label = fields[i - 1] if i >= 1 else ""
                if label:
                    labels[_register(fields[i])] = label
        calendar = " ".join(fields[1:3]).strip()
        text = ", ".join(f"{k} = {v}" for k, v in labels.items())
        notes.append(
            Note(
                "info",
                said("ingest.note.calendar", period=period.strip(), calendar=calendar, labels=text),
                line=first_line + 1 + offset,
            )
        )
        out.update({f"register {k}": v for k, v in labels.items()})
        if calendar:
            out["supplier calendar"] = calendar
    return out
