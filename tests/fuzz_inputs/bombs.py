"""Bombs: made from nothing (or from a tiny seed), most of them refused.

Zip/XLSX bombs, XML entity bombs and deep nesting, deep JSON, huge lines and files.
"""

from __future__ import annotations

import gzip
import io
import random
import zipfile
from typing import TYPE_CHECKING

from tests.conftest import DATA
from tests.fuzz_inputs.cases import MB, Case, Expect

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path


def _zip(members: dict[str, bytes | Callable[[zipfile.ZipFile, str], None]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            if isinstance(data, bytes):
                z.writestr(name, data)
            else:
                data(z, name)
    return out.getvalue()


def _repeated(piece: bytes, total: int) -> Callable[[zipfile.ZipFile, str], None]:
    """A zip member of ``total`` bytes of ``piece`` repeated, written a megabyte at a time."""

    def write(z: zipfile.ZipFile, name: str) -> None:
        block = piece * (MB // len(piece))
        with z.open(name, "w", force_zip64=True) as f:
            for _ in range(total // len(block)):
                f.write(block)

    return write


def _workbook() -> dict[str, bytes]:
    """The members of the hand-made portal workbook."""
    with zipfile.ZipFile(DATA / "enedis_2026" / "portal_daily_en_kwh.xlsx") as z:
        return {n: z.read(n) for n in z.namelist()}


def _sheet_name(book: dict[str, bytes]) -> str:
    """The workbook's data sheet (its largest: the other one is empty)."""
    sheets = [n for n in book if n.startswith("xl/worksheets/") and n.endswith(".xml")]
    return max(sheets, key=lambda n: len(book[n]))


def _xlsx_ratio_bomb() -> bytes:
    book: dict[str, bytes | Callable[[zipfile.ZipFile, str], None]] = dict(_workbook())
    book[_sheet_name(_workbook())] = _repeated(b" ", 300 * MB)
    return _zip(book)


def _xlsx_many_members() -> bytes:
    book: dict[str, bytes | Callable[[zipfile.ZipFile, str], None]] = dict(_workbook())
    book.update({f"xl/media/{i}.bin": b"x" for i in range(1500)})
    return _zip(book)


def _xlsx_sheet(xml: bytes) -> bytes:
    book: dict[str, bytes | Callable[[zipfile.ZipFile, str], None]] = dict(_workbook())
    book[_sheet_name(_workbook())] = xml
    return _zip(book)


def _xlsx_total_bomb() -> bytes:
    """Many members, each expanding less than the ratio limit, 200 MB together."""
    rng = random.Random(7)
    piece = bytes(rng.choice(b"0123456789;<>abc") for _ in range(4096))  # compresses ~2x
    book: dict[str, bytes | Callable[[zipfile.ZipFile, str], None]] = dict(_workbook())
    book.update({f"xl/media/{i}.xml": _repeated(piece, 2 * MB) for i in range(100)})
    return _zip(book)


def _xlsx_lying_sizes() -> bytes:
    """A member declaring 1 KB that unzips to 64 MB (sizes patched in both headers)."""
    data = _zip({**_workbook(), "xl/media/a.bin": _repeated(b"\x00", 64 * MB)})
    # The zip64 extra fields hold the sizes: patch every 8-byte little-endian copy of it.
    return data.replace((64 * MB).to_bytes(8, "little"), (1024).to_bytes(8, "little"))


DEEP = 200_000
GREENBUTTON = DATA / "other_formats" / "greenbutton_production_scaled.xml"


def _xml_with_dtd(dtd: bytes, body: bytes) -> bytes:
    text = GREENBUTTON.read_bytes()
    head, rest = text.split(b"\n", 1)
    return (
        head
        + b"\n<!DOCTYPE feed ["
        + dtd
        + b"]>\n"
        + rest.replace(b"<value>1234</value>", b"<value>" + body + b"</value>", 1)
    )


def _billion_laughs() -> bytes:
    dtd = b'<!ENTITY l0 "lol">' + b"".join(
        b'<!ENTITY l%d "%s">' % (i, b"&l%d;" % (i - 1) * 10) for i in range(1, 10)
    )
    return _xml_with_dtd(dtd, b"&l9;")


def _quadratic_blowup() -> bytes:
    return _xml_with_dtd(b'<!ENTITY a "' + b"x" * 50_000 + b'">', b"&a;" * 20_000)


def _xxe() -> bytes:
    return _xml_with_dtd(b'<!ENTITY x SYSTEM "file:///etc/passwd">', b"&x;")


def _deep_xml() -> bytes:
    text = GREENBUTTON.read_bytes()
    return text.replace(
        b"<value>1234</value>", b"<value>" + b"<a>" * DEEP + b"</a>" * DEEP + b"</value>", 1
    )


def _portal_rows(rows: int) -> bytes:
    """A valid portal load curve of ``rows`` half-hours from 2015-01-01, 1000 W each."""
    import datetime as dt

    head = (DATA / "enedis_portal_csv" / "curve_lf_no_bom.csv").read_bytes().split(b"\n")[:3]
    first = dt.datetime(2015, 1, 1, 0, 30, tzinfo=dt.UTC)
    step = dt.timedelta(minutes=30)
    lines = [f"{(first + i * step).isoformat()};1000".encode() for i in range(rows)]
    return b"\n".join([*head, *lines, b""])


def _with_line(path: Path, line: bytes, *, at: int = 3) -> bytes:
    lines = path.read_bytes().split(b"\n")
    return b"\n".join([*lines[:at], line, *lines[at:]])


PORTAL = DATA / "enedis_portal_csv" / "curve_lf_no_bom.csv"
TIC = DATA / "enedis_2026" / "tic_standard_line_log_lost_cr.txt"
DATACONNECT = DATA / "other_formats" / "dataconnect_list_wrapped.json"
LIMIT = 64 * 1024
"""ingest.limits.MAX_LINE_BYTES, restated: the suite pins the boundary on both sides."""


def bomb_cases() -> Iterator[Case]:
    """Zip/XLSX bombs, XML entity bombs and deep nesting, deep JSON, huge lines and files."""
    xlsx: dict[str, tuple[Callable[[], bytes], Expect]] = {
        "ratio-300MB": (_xlsx_ratio_bomb, "refused"),
        "1500-members": (_xlsx_many_members, "refused"),
        "100-members-200MB": (_xlsx_total_bomb, "refused"),
        "lying-sizes": (_xlsx_lying_sizes, "refused"),
        "deep-sheet-xml": (
            lambda: _xlsx_sheet(b"<worksheet>" + b"<a>" * DEEP + b"</a>" * DEEP + b"</worksheet>"),
            "refused",
        ),
        "sheet-entities": (
            lambda: _xlsx_sheet(
                b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "'
                + b"x" * 10_000
                + b'">]><worksheet>'
                + b"&a;" * 10_000
                + b"</worksheet>"
            ),
            "refused",
        ),
        "zip-in-zip": (
            lambda: _zip(
                {"inner.xlsx": (DATA / "enedis_2026" / "portal_daily_en_kwh.xlsx").read_bytes()}
            ),
            "refused",
        ),
    }
    for what, (make, expect) in xlsx.items():
        yield Case(
            f"bomb:xlsx-{what}", "bomb", "bomb.xlsx", make, expect, alone=what == "ratio-300MB"
        )
    xml: dict[str, tuple[Callable[[], bytes], Expect]] = {
        "billion-laughs": (_billion_laughs, "refused"),
        "quadratic-blowup": (_quadratic_blowup, "refused"),
        "external-entity": (_xxe, "refused"),
        "deep-200k": (_deep_xml, "well-formed"),
    }
    for what, (make, expect) in xml.items():
        yield Case(
            f"bomb:xml-{what}",
            "bomb",
            "greenbutton.xml",
            make,
            expect,
            alone=what == "quadratic-blowup",
        )
    dc = DATACONNECT.read_bytes()
    json_bombs: dict[str, tuple[Callable[[], bytes], Expect]] = {
        "deep-array": (lambda: b"[" * DEEP + b"]" * DEEP, "refused"),
        "deep-object": (lambda: b'{"meter_reading":' * DEEP + b"1" + b"}" * DEEP, "refused"),
        "deep-in-reading": (lambda: dc.replace(b'"11776"', b"[" * DEEP + b"]" * DEEP, 1), "subset"),
        "5000-digit-int": (lambda: dc.replace(b'"11776"', b"9" * 5000, 1), "subset"),
        "40MB-string": (
            lambda: dc.replace(b'"BRUT"', b'"' + b"B" * (40 * MB) + b'"', 1),
            "well-formed",
        ),
        "100k-readings": (
            lambda: dc.replace(
                b'"interval_reading": [',
                b'"interval_reading": [' + b'{"value": "1", "date": "2024-10-26"},' * 100_000,
                1,
            ),
            "well-formed",
        ),
    }
    for what, (make, expect) in json_bombs.items():
        yield Case(
            f"bomb:json-{what}",
            "bomb",
            "dataconnect.json",
            make,
            expect,
            alone=what == "deep-array",
        )
    text: dict[str, tuple[str, Callable[[], bytes], Expect]] = {
        "csv-5MB-line": (
            PORTAL.name,
            lambda: _with_line(PORTAL, b"2023-01-15T02:00:00+01:00;" + b"9" * (5 * MB)),
            "refused",
        ),
        "csv-line-at-limit": (PORTAL.name, lambda: _with_line(PORTAL, b"x" * LIMIT), "subset"),
        "csv-line-over-limit": (
            PORTAL.name,
            lambda: _with_line(PORTAL, b"x" * (LIMIT + 1)),
            "refused",
        ),
        "tic-2MB-line": (
            TIC.name,
            lambda: _with_line(
                TIC, b"2026-12-01T00:14:00+01:00 EAST\t" + b"0" * (2 * MB) + b"\tS", at=5
            ),
            "refused",
        ),
        "csv-200k-rows": (
            "Enedis_Conso_Heure_big.csv",
            lambda: _portal_rows(200_000),
            "well-formed",
        ),
        "csv-30MB-newlines-at-end": (
            PORTAL.name,
            lambda: PORTAL.read_bytes() + b"\n" * (30 * MB),
            "subset",
        ),
        "csv-30MB-newlines-inside": (
            PORTAL.name,
            lambda: _with_line(PORTAL, b"\n" * (30 * MB - 1), at=4),
            "subset",
        ),
        "csv-30MB-newlines-between-rows": (  # each 16 MB piece parsed: cut again (streamed)
            "Enedis_Conso_Heure_blank.csv",
            lambda: _portal_rows(12).replace(b"00;1000\n", b"00;1000\n" + b"\n" * (5 * MB // 2)),
            "well-formed",  # (its 12 rows: tests/ingest/test_fuzz.py)
        ),
        "csv-1M-separators": (
            PORTAL.name,
            lambda: PORTAL.read_bytes() + b";;;;;;;;\n" * 1_000_000,
            "subset",
        ),
        "gzip-as-csv": (
            PORTAL.name,
            lambda: gzip.compress(PORTAL.read_bytes(), mtime=0),
            "refused",
        ),
        "zip-as-csv": (PORTAL.name, lambda: _zip({PORTAL.name: PORTAL.read_bytes()}), "refused"),
        "10MB-nul": ("zeros.csv", lambda: bytes(10 * MB), "refused"),
        "1MB-random": ("random.csv", lambda: random.Random(1).randbytes(MB), "refused"),
    }
    for what, (name, make, expect) in text.items():
        yield Case(f"bomb:{what}", "bomb", name, make, expect, alone=what == "csv-5MB-line")
