"""Enedis portal XLSX (2024 onwards): the load-curve and the daily workbooks.

See docs/sources.md, Portal XLSX.

Read with fastexcel (Rust calamine). Every cell is text: dates ``dd/mm/yyyy HH:MM:SS`` in
naive local time, values with a decimal comma, ``NA`` for data Enedis does not have.

- "Consommation Horaire": one row per interval with its local start and end, average
  power in kW (energy = kW × step).
- "Export Consommation Quotidienne" (and "… Production …"): one row per day of energy in
  kWh. The column is labelled "Valeur (en kWh)" in some workbooks and "Valeur (en kW)" in
  others (the real 2024 one) although its values are the same daily energy in kWh, as the
  workbook's own homepage says ("calculée en kWh à partir des index relevés"); the note
  says which label the file had.
"""

from __future__ import annotations

import logging
import os
import re
import sys
import tempfile
import threading
from typing import TYPE_CHECKING, TypeVar

import fastexcel
import polars as pl

from ingest.errors import ExportError
from ingest.export import Export, Note
from ingest.formats.common import curve_from_local, decimal, thousand, wh_of
from ingest.schema import conform
from ingest.timestamps import known_steps
from words import said

if TYPE_CHECKING:
    from collections.abc import Callable

    from ingest.schema import Direction
    from ingest.source import Raw

FORMAT = "enedis-portal-xlsx"
CURVE_SHEET = "Consommation Horaire"
DAILY_SHEETS: dict[str, Direction] = {
    "Export Consommation Quotidienne": "consumption",
    "Export Production Quotidienne": "production",
}
STAMP = "%d/%m/%Y %H:%M:%S"
SAID_LIMIT = 4096
"""The most of what calamine wrote to stderr that is read back for the message. [bytes]"""

LOGGERS = ("calamine", "fastexcel")
"""The loggers the Rust side logs to (pyo3-log: module path ``calamine::xlsx`` is
``calamine.xlsx``)."""

T = TypeVar("T")
_FD2 = threading.Lock()
"""One calamine call at a time holds fd 2 and the loggers (the dashboard reads in threads)."""


def sniff(head: bytes) -> bool:
    """An XLSX (a zip) whose parts name an Enedis sheet would say so; any zip is looked at."""
    return head.startswith(b"PK\x03\x04")


class _Said(logging.Handler):
    """The warnings calamine logs in one thread (pyo3-log logs in the calling thread)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.thread = threading.get_ident()
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread == self.thread:
            self.messages.append(record.getMessage())


def _quiet(raw: Raw, call: Callable[[], T]) -> T:
    """``call()`` (a calamine call) with what calamine says kept off stderr.

    calamine complains and goes on, returning what it could read: a sheet whose XML is no
    worksheet logs "'worksheet' not a valid worksheet" (a Python log record through
    pyo3-log, which Python's last-resort handler prints as a second line beside the
    one-line error), and Rust writes panics straight to file descriptor 2. During the call
    the ``calamine`` and ``fastexcel`` loggers hand their records to this call alone and fd 2
    goes to a temporary file; what either got is the error: the file is refused in one line
    saying it. The loggers and fd 2 are the process's, so a lock keeps the dashboard's
    threads from swapping them at once; the log records of other threads are left out, but
    what another thread writes to fd 2 during the call lands in the same file (a line of
    Streamlit's log would refuse the workbook, never change what is stored).
    """
    said = _Said()
    with _FD2, tempfile.TemporaryFile() as sink:
        sys.stderr.flush()
        saved = os.dup(2)
        loggers = [logging.getLogger(name) for name in LOGGERS]
        propagate = [logger.propagate for logger in loggers]
        try:
            for logger in loggers:
                logger.addHandler(said)
                logger.propagate = False
            os.dup2(sink.fileno(), 2)
            result = call()
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)
            for logger, before in zip(loggers, propagate, strict=True):
                logger.removeHandler(said)
                logger.propagate = before
        sink.seek(0)
        written = sink.read(SAID_LIMIT).decode("utf-8", errors="replace").strip()
    complaint = "; ".join([*dict.fromkeys(said.messages), *([written] if written else [])])
    if complaint:
        raise ExportError(raw.name, f"not a readable spreadsheet (calamine: {complaint})")
    return result


def _sheets(raw: Raw) -> fastexcel.ExcelReader:
    try:
        return _quiet(raw, lambda: fastexcel.read_excel(raw.data))
    except ExportError:
        raise
    except Exception as error:  # calamine raises its own types for every broken zip/XML
        raise ExportError(raw.name, f"not a readable spreadsheet ({error})") from None


def _cells(book: fastexcel.ExcelReader, sheet: str, raw: Raw) -> pl.DataFrame:
    def load() -> pl.DataFrame:
        cells: pl.DataFrame = book.load_sheet(sheet, header_row=None, dtypes="string").to_polars()
        return cells

    frame = _quiet(raw, load)
    return frame.rename({c: f"c{i}" for i, c in enumerate(frame.columns)})


def _meter(cells: pl.DataFrame, raw: Raw) -> str:
    """The PRM: the cell right of "Point Référence Mesure (PRM)"."""
    for row in cells.iter_rows():
        for i, value in enumerate(row[:-1]):
            if value and "PRM" in value:
                following = next((v for v in row[i + 1 :] if v), "")
                if following.strip().isdigit():
                    return following.strip()
    raise ExportError(raw.name, "no 'Point Référence Mesure (PRM)' cell with a meter number")


def _header(cells: pl.DataFrame, first: str, raw: Raw, sheet: str) -> tuple[int, int]:
    """Row index and column of the header cell ``first`` ("Début", "Date")."""
    for r, row in enumerate(cells.iter_rows()):
        for c, value in enumerate(row):
            if value is not None and value.strip() == first:
                return r, c
    raise ExportError(raw.name, f"sheet '{sheet}': no '{first}' header above the data")


def read(raw: Raw) -> Export:
    """Read a portal workbook: its load curve or its daily energy."""
    book = _sheets(raw)
    names = book.sheet_names
    if CURVE_SHEET in names:
        return _curve(raw, _cells(book, CURVE_SHEET, raw))
    daily = [n for n in names if n in DAILY_SHEETS]
    if daily:
        return _daily(raw, book, daily)
    sheets = ", ".join(f"'{n}'" for n in names)
    msg = f"a spreadsheet, but not an Enedis export (sheets {sheets}; expected '{CURVE_SHEET}')"
    raise ExportError(raw.name, msg)


def _curve(raw: Raw, cells: pl.DataFrame) -> Export:
    meter = _meter(cells, raw)
    top, col = _header(cells, "Début", raw, CURVE_SHEET)
    unit = (cells.row(top)[col + 2] or "").lower()
    if "kw" not in unit:
        msg = f"sheet '{CURVE_SHEET}': expected a 'Valeur (en kW)' column, got '{unit}'"
        raise ExportError(raw.name, msg)
    data = cells.slice(top + 1).select(
        start_text=pl.col(f"c{col}").str.strip_chars(),
        end_text=pl.col(f"c{col + 1}").str.strip_chars(),
        value=pl.col(f"c{col + 2}").str.strip_chars(),
    )
    data = data.filter(pl.col("start_text").is_not_null()).with_row_index("line", offset=1)
    parsed = data.with_columns(
        naive=pl.col("start_text").str.to_datetime(STAMP, strict=False, cache=False),
        naive_end=pl.col("end_text").str.to_datetime(STAMP, strict=False, cache=False),
        kw=decimal(pl.col("value")),
    )
    bad = parsed.filter(pl.col("naive").is_null() | pl.col("naive_end").is_null())
    if bad.height:
        text = bad["start_text"][0]
        msg = (
            f"sheet '{CURVE_SHEET}', data row {bad['line'][0]}: expected a date like "
            f"01/01/2024 00:30:00, got '{text}'"
        )
        raise ExportError(raw.name, msg)
    bad = parsed.filter(pl.col("kw").is_null() & (pl.col("value") != "NA"))
    if bad.height:
        msg = (
            f"sheet '{CURVE_SHEET}', data row {bad['line'][0]} ({bad['start_text'][0]}): "
            f"expected a value in kW like 2,906 or NA, got '{bad['value'][0]}'"
        )
        raise ExportError(raw.name, msg)
    # The step from the row's own start and end; where the clock changes inside it, the
    # wall-clock difference is not the step, and the file's usual step is.
    wall = parsed.select((pl.col("naive_end") - pl.col("naive")).dt.total_minutes()).to_series()
    step = pl.Series(known_steps(wall.cast(pl.Int64).to_numpy().copy()))
    rows = parsed.select("line", "naive", minutes=step, wh=wh_of(pl.col("kw"), "kW", step))
    curve, notes = curve_from_local(rows, meter=meter, stamp="start")
    notes.insert(0, Note("inferred", said("ingest.note.xlsx_power")))
    return Export(
        name=raw.name,
        format=FORMAT,
        meter=meter,
        curve=curve,
        notes=tuple(notes),
        metadata={"sheet": CURVE_SHEET, "unit": "kW"},
    )


def _daily_unit(label: str, raw: Raw, sheet: str) -> Note:
    """What the value column's label says, and the unit read: kWh either way."""
    unit = re.search(r"\(\s*en\s+(kWh|kW)\s*\)", label, re.IGNORECASE)
    if unit is None:
        msg = f"sheet '{sheet}': expected a 'Valeur (en kWh)' column, got '{label.strip()}'"
        raise ExportError(raw.name, msg)
    if unit.group(1).lower() == "kwh":
        return Note("inferred", said("ingest.note.xlsx_kwh", sheet=sheet))
    return Note("inferred", said("ingest.note.xlsx_kw", sheet=sheet))


def _daily(raw: Raw, book: fastexcel.ExcelReader, sheets: list[str]) -> Export:
    frames = []
    notes: list[Note] = []
    meter = ""
    for sheet in sheets:
        cells = _cells(book, sheet, raw)
        meter = meter or _meter(cells, raw)
        top, col = _header(cells, "Date", raw, sheet)
        notes.append(_daily_unit(cells.row(top)[col + 1] or "", raw, sheet))
        data = (
            cells.slice(top + 1)
            .select(
                day_text=pl.col(f"c{col}").str.strip_chars(),
                value=pl.col(f"c{col + 1}").str.strip_chars(),
            )
            .filter(pl.col("day_text").is_not_null())
            .with_row_index("line", offset=1)
            .with_columns(
                day=pl.col("day_text").str.to_date("%d/%m/%Y", strict=False),
                kwh=decimal(pl.col("value")),
            )
        )
        unreadable = pl.col("kwh").is_null() & (pl.col("value") != "NA")
        bad = data.filter(pl.col("day").is_null() | unreadable)
        if bad.height:
            msg = (
                f"sheet '{sheet}', data row {bad['line'][0]}: expected a date like 15/07/2024 "
                f"and a value like 25,247 or NA, got '{bad['day_text'][0]}', '{bad['value'][0]}'"
            )
            raise ExportError(raw.name, msg)
        notes += [
            Note("skipped", said("ingest.note.xlsx_na", sheet=sheet, day=f"{d:%d/%m/%Y}"), line)
            for line, d in data.filter(pl.col("kwh").is_null()).select("line", "day").iter_rows()
        ]
        frames.append(
            data.filter(pl.col("kwh").is_not_null()).select(
                meter=pl.lit(meter),
                day="day",
                wh=thousand(pl.col("kwh")),
                direction=pl.lit(DAILY_SHEETS[sheet]),
            )
        )
    return Export(
        name=raw.name,
        format=FORMAT,
        meter=meter,
        daily=conform(pl.concat(frames), "daily"),
        notes=tuple(notes),
        metadata={"sheet": ", ".join(sheets), "unit": "kWh"},
    )
