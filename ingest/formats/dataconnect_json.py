"""Enedis Data Connect JSON as gateways hand it out: Metering Data v5 and the 2026 measures.

Metering Data v5 (docs/sources.md, Data Connect JSON): ``{"usage_point_id", "reading_type",
"interval_reading": [{"value", "date", "interval_length"}]}``, wrapped in
``{"meter_reading": …}`` by Enedis and MyElectricalData, bare from conso.boris.sh.

The measures API that replaced it in September 2026 (``mesure_synchrone_auto/v2``; shape
from MyElectricalData/myelectricaldata_new ``apps/api/tests/fixtures/enedis_2026/``, a
production capture of 2026-10-04, @a3d47bb8): ``{"idPrm", "etapeMetier", "periode":
{"dateDebut", "dateFin"}, "grandeur": [{"grandeurMetier": "CONS"|"PROD",
"grandeurPhysique": "PA"|"EA"|"PMA", "unite", "points": [{"v", "d", "p", "n", "iv",
"ec"}]}]}``: the same values and stamps as v5 under shorter names, and the direction
stated (``grandeurMetier``).

The file may hold one response, a list of them, or any JSON that contains them (recorded
weekly pages, ``{"status", "body"}`` captures): every response found is read.

- load curve: value W (a string), date the naive local END, its step;
- daily consumption or production: value Wh, date the day;
- daily maximum power: value VA, date the naive local moment it happened.

A gateway may move load-curve stamps to interval starts (MyElectricalData's does, for both
shapes: ``shift_points_to_interval_start``): a point stamped at the first midnight of the
period the response covers (``start`` / ``periode.dateDebut``), which no end stamp can
be, says so, and the stamps are then read as starts, noted.

A v5 response does not say whether it is consumption or production: a key around it
that names ``production`` says so (recorded request URLs do); otherwise consumption,
noted. A gateway error body is reported with its message.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import polars as pl

from ingest.errors import ExportError
from ingest.export import Export, Note
from ingest.formats.common import curve_from_local, duplicates, numbers, unnamed_meter, wh_of
from ingest.schema import ISO_STEPS, conform, empty
from ingest.source import BOM
from ingest.timestamps import local_to_utc
from words import said

if TYPE_CHECKING:
    from ingest.schema import Direction, Table
    from ingest.source import Raw

FORMAT = "dataconnect-json"


V5_KEYS = ("value", "date", "interval_length")
"""A v5 reading's value, date and step."""
MEASURES_KEYS = ("v", "d", "p")
"""The same in a 2026 measures point."""
MEASURES_KINDS = {"PA": "average", "EA": "sum", "PMA": "maximum"}
"""``grandeurPhysique`` of the 2026 measures → the v5 ``aggregate`` it stands for."""
MEASURES_DIRECTIONS: dict[str, Direction] = {"CONS": "consumption", "PROD": "production"}
FLAGS = ("iv", "ec")
"""A 2026 point's ``Indice de vraisemblance`` and ``Etat complémentaire``, as in the R63."""


def sniff(head: bytes) -> bool:
    """JSON whose start mentions Data Connect's keys or a gateway's error body."""
    text = head.removeprefix(BOM).lstrip()
    if not text.startswith((b"{", b"[")):
        return False
    return any(
        k in head
        for k in (
            b'"interval_reading"',
            b'"meter_reading"',
            b'"usage_point_id"',
            b"Enedis API",
            b'"idPrm"',
            b'"grandeurMetier"',
        )
    )


@dataclass(frozen=True)
class Response:
    """One Data Connect response (or one ``grandeur`` of a 2026 one) found in the file."""

    path: str
    readings: object
    """The list of readings (v5 ``interval_reading``, 2026 ``points``)."""
    meter: str
    unit: str
    aggregate: str
    direction: Direction
    stated: bool
    """Whether the response itself says the direction (2026: ``grandeurMetier``)."""
    first_day: str
    """The first day of the period it covers (``YYYY-MM-DD``), or ""."""
    keys: tuple[str, str, str] = V5_KEYS


def _v5(node: dict[str, Any], path: str, direction: Direction) -> Response:
    kind = node["reading_type"]
    if not isinstance(kind, dict):
        msg = f'{path}.reading_type: expected an object like {{"unit": "W", …}}'
        raise ValueError(msg)
    return Response(
        path,
        node.get("interval_reading") or [],
        str(node.get("usage_point_id") or ""),
        str(kind.get("unit", "")).upper(),
        str(kind.get("aggregate", "")).lower(),
        direction,
        stated=False,
        first_day=str(node.get("start") or "")[:10],
    )


def _measures(node: dict[str, Any], path: str) -> list[Response]:
    """Each ``grandeur`` of a 2026 measures response."""
    period = node.get("periode")
    first_day = str(period.get("dateDebut") or "")[:10] if isinstance(period, dict) else ""
    out = []
    for i, quantity in enumerate(node["grandeur"]):
        where = f"{path}.grandeur[{i}]"
        if not isinstance(quantity, dict):
            msg = f'{where}: expected an object like {{"unite": "W", "points": […]}}'
            raise ValueError(msg)
        metier = str(quantity.get("grandeurMetier", "")).upper()
        if metier not in MEASURES_DIRECTIONS:
            msg = f"{where}.grandeurMetier: expected CONS or PROD, got '{metier}'"
            raise ValueError(msg)
        physique = str(quantity.get("grandeurPhysique", "")).upper()
        out.append(
            Response(
                where,
                quantity.get("points") or [],
                str(node.get("idPrm") or ""),
                str(quantity.get("unite", "")).upper(),
                MEASURES_KINDS.get(physique, physique.lower()),
                MEASURES_DIRECTIONS[metier],
                stated=True,
                first_day=first_day,
                keys=MEASURES_KEYS,
            )
        )
    return out


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
        out.append(_v5(node, path or "$", direction))
        return
    if isinstance(node.get("grandeur"), list) and ("idPrm" in node or "periode" in node):
        out.extend(_measures(node, path or "$"))
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
    except ValueError:  # an integer longer than Python converts (json parses it with int())
        digits = sys.get_int_max_str_digits()
        msg = f"expected JSON whose numbers have at most {digits} digits: not an export"
        raise ExportError(raw.name, msg) from None
    responses: list[Response] = []
    errors: list[str] = []
    try:
        _walk(doc, "", "consumption", responses, errors)
    except ValueError as error:
        raise ExportError(raw.name, str(error)) from None
    if not responses:
        if errors:
            raise ExportError(raw.name, f"the gateway answered with an error: {errors[0]}")
        raise ExportError(
            raw.name, "JSON, but no Data Connect 'interval_reading' nor 2026 'grandeur' in it"
        )
    meters = {r.meter for r in responses}
    meters.discard("")
    if len(meters) > 1:
        raise ExportError(raw.name, f"expected one meter, found {len(meters)}")
    notes = [Note("info", said("ingest.note.gateway_error", error=e)) for e in errors]
    if meters:
        meter = meters.pop()
    else:
        meter, unnamed = unnamed_meter(raw)
        notes.append(unnamed)
    curves: list[pl.DataFrame] = []
    daily: list[pl.DataFrame] = []
    peaks: list[pl.DataFrame] = []
    stated = any(r.stated or r.direction == "production" for r in responses)
    for r in responses:
        kind, frame, more = _response(r, meter, raw)
        notes += more
        {"curve": curves, "daily": daily, "peaks": peaks}[kind].append(frame)
    if not stated:
        notes.append(Note("inferred", said("ingest.note.gateway_direction")))
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
    unit, aggregate = r.unit, r.aggregate
    where = f"{r.path}.{'interval_reading' if r.keys == V5_KEYS else 'points'}"
    text = pl.String
    value, date, length = r.keys
    flags = FLAGS if r.keys == MEASURES_KEYS else ()
    try:
        frame = pl.from_dicts(
            r.readings,  # type: ignore[arg-type]
            schema={value: text, date: text, length: text} | dict.fromkeys(flags, text),
            strict=False,
        )
    except (TypeError, ValueError, pl.exceptions.PolarsError):
        msg = f'{where}: expected a list of readings like {{"{value}": …, "{date}": …}}'
        raise ExportError(raw.name, msg) from None
    frame = frame.rename({value: "value", date: "date", length: "length"})
    frame = frame.with_row_index("line", offset=1)
    frame = frame.with_columns(number=numbers(frame["value"]))
    bad = frame.filter(pl.col("number").is_null())
    if bad.height:
        msg = f"{where}[{bad['line'][0] - 1}]: expected a number as value, got '{bad['value'][0]}'"
        raise ExportError(raw.name, msg)
    flagged = _flagged(frame, flags, where)
    if unit == "W" and aggregate == "average":
        stamp = pl.coalesce(
            pl.col("date").str.to_datetime(fmt, strict=False, cache=False)
            for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S")
        )
        rows = frame.select(
            "line",
            naive=stamp,
            minutes=pl.col("length").replace_strict(ISO_STEPS, default=None),
            value="number",
        )
        bad = rows.filter(pl.col("naive").is_null() | pl.col("minutes").is_null())
        if bad.height:
            msg = (
                f"{where}[{bad['line'][0] - 1}]: expected a date 'YYYY-MM-DD HH:MM:SS' and "
                f"a step ({length}) like PT30M"
            )
            raise ExportError(raw.name, msg)
        rows = rows.with_columns(wh=wh_of(pl.col("value"), "W", pl.col("minutes")))
        stamp_is, notes = _convention(rows, r)
        curve, more = curve_from_local(rows, meter=meter, stamp=stamp_is, direction=r.direction)
        return "curve", curve, flagged + notes + more
    if unit == "WH":
        day = pl.col("date").str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False)
        rows = frame.select(
            meter=pl.lit(meter), day=day, wh="number", direction=pl.lit(r.direction)
        )
        if rows["day"].null_count():
            raise ExportError(raw.name, f"{where}: expected dates 'YYYY-MM-DD'")
        return "daily", rows, flagged
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
        return "peaks", rows.select("meter", "day", "va", "at"), flagged
    msg = f"{r.path}: expected the unit W (average power), Wh or VA, got '{unit}'"
    raise ExportError(raw.name, msg)


def _flagged(frame: pl.DataFrame, flags: tuple[str, ...], where: str) -> list[Note]:
    """A note counting the points whose plausibility flags are not 0 (kept as given)."""
    if not flags:
        return []
    raised = frame.filter(pl.any_horizontal(pl.col(f).fill_null("0") != "0" for f in flags))
    if raised.height == 0:
        return []
    first = ", ".join(str(i - 1) for i in raised["line"].head(5).to_list())
    flagged = said("ingest.note.gateway_flagged", where=where, n=raised.height, first=first)
    return [Note("info", flagged)]


def _convention(rows: pl.DataFrame, r: Response) -> tuple[Literal["start", "end"], list[Note]]:
    """Whether the load-curve stamps mark interval ends (Enedis) or starts (a gateway's).

    An end stamp never falls on the first midnight of the period asked for
    (``[start; end[``): the interval it would end lies before it. A point stamped there
    was moved to its interval's start by the gateway.
    """
    try:
        midnight = dt.datetime.strptime(r.first_day, "%Y-%m-%d")  # noqa: DTZ007 (naive)
    except ValueError:
        return "end", []
    if not rows.filter(pl.col("naive") == midnight).height:
        return "end", []
    starts = said("ingest.note.gateway_starts", where=r.path, day=r.first_day)
    return "start", [Note("inferred", starts)]
