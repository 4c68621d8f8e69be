"""EDF's customer-portal export "mes-puissances-atteintes-30min".

See docs/sources.md, EDF supplier CSV.

Windows-1252, ``;``. After a title and a header, day blocks run newest first: a line
``dd/mm/yyyy;;`` then that day's half-hours with times descending, each ``HH:MM:SS`` the
naive local END of the interval, ``00:00:00`` standing for 24:00 (the day's last one),
the average power in W and the nature of the value (``Réelle``…). Rows are put back in
time order before the clock change is read (first the summer hour, then the winter one).
Times off the half-hour and repeated rows are dropped with a note.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import numpy as np
import polars as pl
import pyarrow as pa

from ingest.errors import ExportError
from ingest.export import Export, Note
from ingest.formats.common import curve_from_local, decimal, fast_csv
from ingest.source import BOM, decode
from ingest.timestamps import DAY_US, MINUTE_US
from words import said

if TYPE_CHECKING:
    from ingest.source import Raw

FORMAT = "edf-supplier-csv"
TITLE = re.compile(r"R.{1,2}capitulatif de mes puissances atteintes", re.IGNORECASE)
HEADER = re.compile(
    r"^Date et heure de rel.{1,2}ve par le distributeur;Puissance atteinte", re.I | re.M
)


def sniff(head: bytes) -> bool:
    """The title or the column line of the EDF export."""
    text = head.decode("cp1252", errors="replace")
    return bool(TITLE.search(text) or HEADER.search(text))


def _parsed_slow(raw: Raw) -> pl.DataFrame:
    """Line by line from the text, naming the first line that breaks the layout."""
    text = decode(raw)
    lines = pl.Series("text", text.splitlines()).to_frame().with_row_index("line", offset=1)
    # Split on ';' (no regular expression per line): a day line is 'dd/mm/yyyy;;', a value
    # line 'HH:MM:SS;watts;nature'.
    fields = pl.col("text").str.split_exact(";", 2).struct.rename_fields(["a", "b", "c"])
    frame = lines.with_columns(fields.alias("f")).unnest("f")
    first = pl.col("a").str.strip_chars()
    is_day = (first.str.len_bytes() == 10) & (first.str.slice(2, 1) == "/")
    is_time = (first.str.len_bytes() == 8) & (first.str.slice(2, 1) == ":")
    frame = frame.with_columns(
        day=pl.when(is_day).then(first.str.to_date("%d/%m/%Y", strict=False)).forward_fill(),
        time=pl.when(is_time).then(first),
        value=pl.when(is_time).then(pl.col("b")),
        nature=pl.when(is_time).then(pl.col("c")),
    )
    header = frame.filter(pl.col("text").str.contains(HEADER.pattern[1:]))
    if header.height == 0:
        raise ExportError(
            raw.name, "expected the line 'Date et heure de relève par le distributeur;…'"
        )
    values = frame.filter(pl.col("time").is_not_null())
    orphan = values.filter(pl.col("day").is_null())
    if orphan.height:
        raise ExportError(
            raw.name, "expected a day line 'dd/mm/yyyy;;' before the times", line=orphan["line"][0]
        )
    other = frame.filter(
        pl.col("time").is_null()
        & pl.col("day").is_not_null()
        & pl.col("text").str.strip_chars().ne("")
        & ~pl.col("text").str.contains(r"^\d\d/\d\d/\d{4};")
        & (pl.col("line") > header["line"][0])
    )
    if other.height:
        got = other["text"][0][:40]
        raise ExportError(
            raw.name, f"expected 'HH:MM:SS;watts;nature', got '{got}'", line=other["line"][0]
        )
    time = pl.col("time").str.to_time("%H:%M:%S", strict=False)
    parsed = values.with_columns(
        t=time,
        watts=decimal(pl.col("value")),
    )
    bad = parsed.filter(
        pl.col("t").is_null()
        | (pl.col("watts").is_null() & pl.col("value").str.strip_chars().ne(""))
    )
    if bad.height:
        raise ExportError(
            raw.name, f"expected a time and watts, got '{bad['text'][0][:40]}'", line=bad["line"][0]
        )
    return parsed.select("line", "day", "t", "watts", "nature")


def _parsed_fast(raw: Raw) -> pl.DataFrame | None:
    """The rows after the header, typed by pyarrow; None if any row breaks the layout.

    The file's own bytes are read (UTF-8 or Windows-1252 alike: the nature column is
    kept as bytes).
    """
    data = raw.data.removeprefix(BOM)
    at = data.find(b"Date et heure de rel")
    if at < 0:
        return None
    header_line = data.count(b"\n", 0, at) + 1
    body = data[data.find(b"\n", at) + 1 :]
    rest = body.lstrip(b"\r\n")
    first_line = header_line + 1 + body[: len(body) - len(rest)].count(b"\n")
    frame = fast_csv(
        rest,
        {"a": pa.string(), "b": pa.float64(), "c": pa.binary()},
        delimiter=";",
        empty_text_is_null=True,
    )
    if frame is None:
        return None
    a = pl.col("a")
    is_day = a.is_not_null() & pl.col("b").is_null() & pl.col("c").is_null()
    out = frame.with_row_index("line", offset=first_line).with_columns(
        t=a.str.to_time("%H:%M:%S", strict=False),
        is_day=is_day,
        day_no=is_day.cum_sum(),
    )
    # The day lines are one in 49: their dates are parsed alone, then given to their rows.
    days = out.filter("is_day").select(
        day=a.str.strip_chars().str.to_date("%d/%m/%Y", strict=False)
    )
    broken = out.select(
        (~pl.col("is_day") & a.is_not_null() & pl.col("t").is_null()).any()
        | (pl.col("t").is_not_null() & (pl.col("day_no") == 0)).any()
    ).item()
    if broken or days["day"].null_count():
        return None
    out = out.filter(pl.col("t").is_not_null())
    day = days["day"].to_numpy()[out["day_no"].to_numpy() - 1]
    # The nature stays bytes: only its few distinct values are decoded, by read().
    return out.select("line", day=pl.Series(day), t="t", watts="b", nature="c")


def read(raw: Raw) -> Export:
    """Read the day blocks into a 30-min curve (the meter is not in the file)."""
    fast = _parsed_fast(raw)
    parsed = fast if fast is not None else _parsed_slow(raw)
    notes: list[Note] = []
    # Times as µs after midnight, days as µs since 1970: the stamps in integer arithmetic.
    since_midnight = parsed["t"].to_physical().to_numpy() // 1000
    off_grid = since_midnight % (30 * MINUTE_US) != 0
    if off_grid.any():
        lines = parsed["line"].filter(pl.Series(off_grid)).to_list()
        off = said("ingest.note.off_grid")
        notes += [Note("skipped", off, line) for line in lines]
        parsed = parsed.filter(pl.Series(~off_grid))
        since_midnight = since_midnight[~off_grid]
    days = parsed["day"].to_physical().to_numpy().astype(np.int64)
    # 00:00:00 closes the day it is listed under (24:00).
    end = days * DAY_US + np.where(since_midnight == 0, DAY_US, since_midnight)
    # Newest first in the file: back to time order, so the repeated autumn hour reads
    # summer time first.
    rows = pl.DataFrame(
        {
            "line": parsed["line"].to_numpy()[::-1],
            "naive": pl.Series(end[::-1]).cast(pl.Datetime("us")),
            "minutes": np.full(end.size, 30),
            "wh": pl.Series(parsed["watts"].to_numpy()[::-1] * 0.5, nan_to_null=True),
        }
    )
    # The contract number EDF puts in the file name is the only identifier there is.
    named = re.search(r"mes-puissances-atteintes-30min-(\d+)", raw.name)
    meter = f"edf-{named.group(1)}" if named else "edf"
    curve, more = curve_from_local(rows, meter=meter, stamp="end")
    distinct = parsed["nature"].drop_nulls().unique().to_list()
    natures = ", ".join(sorted(n if isinstance(n, str) else decode(raw, n) for n in distinct))
    notes = [
        Note("inferred", said("ingest.note.edf_power")),
        *notes,
        *more,
    ]
    return Export(
        name=raw.name,
        format=FORMAT,
        meter=meter,
        curve=curve,
        notes=tuple(notes),
        metadata={"nature": natures},
    )
