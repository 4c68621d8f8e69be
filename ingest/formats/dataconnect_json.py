"""Enedis Data Connect JSON (Metering Data v5) as gateways hand it out (formats.md §4).

A response is ``{"usage_point_id", "reading_type", "interval_reading": [...]}``, wrapped in
``{"meter_reading": …}`` by Enedis and MyElectricalData, bare from conso.boris.sh. The file
may hold one response, a list of them, or any JSON that contains them (recorded weekly
pages, ``{"status", "body"}`` captures): every response found is read.

- load curve: ``value`` W (a string), ``date`` the naive local END, ``interval_length``;
- daily consumption or production: ``value`` Wh, ``date`` the day;
- daily maximum power: ``value`` VA, ``date`` the naive local moment it happened.

A response does not say whether it is consumption or production: a key around it that
names ``production`` says so (recorded request URLs do); otherwise consumption, noted.
A gateway error body is reported with its message.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import polars as pl

from ingest.errors import ExportError
from ingest.export import Export, Note
from ingest.formats.common import STEPS, curve_from_local, duplicates, numbers, unnamed_meter
from ingest.schema import conform, empty
from ingest.source import BOM
from ingest.timestamps import local_to_utc

if TYPE_CHECKING:
    from ingest.schema import Direction, Table
    from ingest.source import Raw

FORMAT = "dataconnect-json"


def sniff(head: bytes) -> bool:
    """JSON whose start mentions Data Connect's keys or a gateway's error body."""
    text = head.removeprefix(BOM).lstrip()
    if not text.startswith((b"{", b"[")):
        return False
    return any(
        k in head
        for k in (b'"interval_reading"', b'"meter_reading"', b'"usage_point_id"', b"Enedis API")
    )


@dataclass(frozen=True)
class Response:
    """One Data Connect response found in the file, and where."""

    path: str
    body: dict[str, Any]
    direction: Direction


def _walk(
    node: object, path: str, direction: Direction, out: list[Response], errors: list[str]
) -> None:
    """Collect responses (and gateway errors) anywhere in the JSON, in document order."""
    if isinstance(node, list):
        for i, item in enumerate(node):
            _walk(item, f"{path}[{i}]", direction, out, errors)
        return
    if not isinstance(node, dict):
        return
    if "interval_reading" in node and "reading_type" in node:
        out.append(Response(path or "$", node, direction))
        return
    if "error" in node and ("message" in node or "error_description" in str(node["error"])):
        detail = node["error"]
        text = detail.get("error_description", "") if isinstance(detail, dict) else str(detail)
        errors.append(f"{node.get('message', 'gateway error')}: {text}".rstrip(": "))
        return
    for key, value in node.items():
        here = "production" if "production" in str(key).lower() else direction
        _walk(value, f"{path}.{key}" if path else str(key), here, out, errors)


def read(raw: Raw) -> Export:
    """Read every Data Connect response in the file."""
    try:
        doc = json.loads(raw.data.removeprefix(BOM).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        line = getattr(error, "lineno", None)
        raise ExportError(raw.name, f"expected JSON ({error.args[0]})", line=line) from None
    responses: list[Response] = []
    errors: list[str] = []
    _walk(doc, "", "consumption", responses, errors)
    if not responses:
        if errors:
            raise ExportError(raw.name, f"the gateway answered with an error: {errors[0]}")
        raise ExportError(raw.name, "JSON, but no Data Connect 'interval_reading' in it")
    meters = {str(r.body.get("usage_point_id") or "") for r in responses}
    meters.discard("")
    if len(meters) > 1:
        raise ExportError(raw.name, f"expected one meter, found {len(meters)}")
    notes = [Note("info", f"gateway error response skipped: {e}") for e in errors]
    if meters:
        meter = meters.pop()
    else:
        meter, unnamed = unnamed_meter(raw)
        notes.append(unnamed)
    curves: list[pl.DataFrame] = []
    daily: list[pl.DataFrame] = []
    peaks: list[pl.DataFrame] = []
    stated = any(r.direction == "production" for r in responses)
    for r in responses:
        kind, frame, more = _response(r, meter, raw)
        notes += more
        {"curve": curves, "daily": daily, "peaks": peaks}[kind].append(frame)
    if not stated:
        notes.append(Note("inferred", "direction not stated in the responses: consumption"))
    curve, repeated = _first(curves, "curve")
    daily_frame, repeated_days = _first(daily, "daily")
    peaks_frame, repeated_peaks = _first(peaks, "peaks")
    return Export(
        name=raw.name,
        format=FORMAT,
        meter=meter,
        curve=curve,
        daily=daily_frame,
        peaks=peaks_frame,
        notes=tuple(notes + repeated + repeated_days + repeated_peaks),
        metadata={"responses": str(len(responses))},
    )


def _first(frames: list[pl.DataFrame], table: Table) -> tuple[pl.DataFrame, list[Note]]:
    """The responses' rows of one table; a day given by two responses is kept once, noted."""
    return duplicates(conform(pl.concat(frames), table), table) if frames else (empty(table), [])


def _response(r: Response, meter: str, raw: Raw) -> tuple[str, pl.DataFrame, list[Note]]:
    """One response as canonical rows: ``curve``, ``daily`` or ``peaks``."""
    kind = r.body["reading_type"]
    if not isinstance(kind, dict):
        msg = f'{r.path}.reading_type: expected an object like {{"unit": "W", …}}'
        raise ExportError(raw.name, msg)
    unit = str(kind.get("unit", "")).upper()
    readings = r.body.get("interval_reading") or []
    where = f"{r.path}.interval_reading"
    text = pl.String
    try:
        frame = pl.from_dicts(
            readings, schema={"value": text, "date": text, "interval_length": text}, strict=False
        )
    except (TypeError, ValueError, pl.exceptions.PolarsError):
        msg = f'{where}: expected a list of readings like {{"value": …, "date": …}}'
        raise ExportError(raw.name, msg) from None
    frame = frame.rename({"interval_length": "length"}).with_row_index("line", offset=1)
    frame = frame.with_columns(number=numbers(frame["value"]))
    bad = frame.filter(pl.col("number").is_null())
    if bad.height:
        msg = f"{where}[{bad['line'][0] - 1}]: expected a number as value, got '{bad['value'][0]}'"
        raise ExportError(raw.name, msg)
    aggregate = str(kind.get("aggregate", "")).lower()
    if unit == "W" and aggregate == "average":
        stamp = pl.col("date").str.to_datetime("%Y-%m-%d %H:%M:%S", strict=False, cache=False)
        rows = frame.select(
            "line",
            naive=stamp,
            minutes=pl.col("length").replace_strict(STEPS, default=None),
            value="number",
        )
        bad = rows.filter(pl.col("naive").is_null() | pl.col("minutes").is_null())
        if bad.height:
            msg = (
                f"{where}[{bad['line'][0] - 1}]: expected a date 'YYYY-MM-DD HH:MM:SS' and "
                "an interval_length like PT30M"
            )
            raise ExportError(raw.name, msg)
        rows = rows.with_columns(wh=pl.col("value") * pl.col("minutes") / 60)
        curve, notes = curve_from_local(rows, meter=meter, stamp="end", direction=r.direction)
        return "curve", curve, notes
    if unit == "WH":
        day = pl.col("date").str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False)
        rows = frame.select(
            meter=pl.lit(meter), day=day, wh="number", direction=pl.lit(r.direction)
        )
        if rows["day"].null_count():
            raise ExportError(raw.name, f"{where}: expected dates 'YYYY-MM-DD'")
        return "daily", rows, []
    if unit == "VA":
        moment = local_to_utc(
            pl.col("date").str.to_datetime("%Y-%m-%d %H:%M:%S", strict=False, cache=False)
        )
        rows = frame.select(at=moment, va="number").with_columns(
            meter=pl.lit(meter),
            day=pl.col("at").dt.convert_time_zone("Europe/Paris").dt.date(),
        )
        if rows["at"].null_count():
            raise ExportError(raw.name, f"{where}: expected moments 'YYYY-MM-DD HH:MM:SS'")
        negative = frame.filter(pl.col("number") < 0)
        if negative.height:
            msg = f"{where}[{negative['line'][0] - 1}]: expected a power of 0 or more"
            raise ExportError(raw.name, msg)
        return "peaks", rows.select("meter", "day", "va", "at"), []
    msg = f"{r.path}: expected reading_type unit W (average), Wh or VA, got '{unit}'"
    raise ExportError(raw.name, msg)
