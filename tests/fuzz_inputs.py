"""Hostile inputs for the fuzz suite (tests/ingest/test_fuzz.py), made the same on every run.

Each :class:`Case` is one file: a seed changed one way, or a bomb made from nothing. Seeds
are the hand-made exports of tests/data and the real ones in ../shared/real_exports (read
from there, never copied). Random choices use :class:`random.Random` seeded by the seed's
name, so a case id always means the same bytes.

What a case's ``expect`` asks, besides "exit 0, or exit 1 with one line naming the file":

- ``same``: exit 0 (or exit 1 if the seed itself is refused) and the store's tables equal
  the ones importing the seed gives. The mutation keeps the file valid (a BOM, CRLF, a
  re-encoding the format allows).
- ``same-or-refused``: exit 0 with the seed's tables, or exit 1.
- ``subset``: on exit 0 every stored row is one the seed's import stores (a file cut at a
  line end, a value no meter gives, the file twice).
- ``year``: as ``subset``, except rows dated in ``years`` (a date moved to 1900 or 2100).
- ``well-formed``: on exit 0 the store opens and every table is canonical.
- ``refused``: exit 1.
"""

from __future__ import annotations

import codecs
import gzip
import io
import random
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from tests.conftest import DATA, REAL_EXPORTS

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

Expect = Literal["same", "same-or-refused", "subset", "year", "well-formed", "refused"]

HAND_MADE = ("enedis_portal_csv", "other_formats", "enedis_2026")
"""The folders of tests/data that hold exports (temperature/ and tempo/ are analysis's)."""
BINARY = frozenset({".xlsx", ".bin"})
SEED_ARGS: dict[str, tuple[str, ...]] = {
    "generic_no_unit.csv": ("--unit", "W"),
    "teleinfomqtt_historic_dump.txt": ("--start", "2024-01-08T12:00:00+01:00"),
}
"""The options a seed needs to be imported at all (what a person gives on the command line)."""
MB = 1 << 20


@dataclass(frozen=True)
class Case:
    """One hostile input: its id, family, file name, how to make its bytes, what to expect."""

    id: str
    family: str
    name: str
    """The file's name (a seed's name: some readers take the meter or the kind from it)."""
    make: Callable[[], bytes]
    expect: Expect
    seed: str | None = None
    """The seed's id (its path under tests/data or real_exports), None for a bomb."""
    args: tuple[str, ...] = ()
    real: bool = False
    years: frozenset[int] = field(default_factory=frozenset)
    """For ``year``: the years the rows the case moved may be stored in (UTC and Paris)."""
    export_csv: bool = False
    """Also write the store as pseudonymised CSV (formula cells must come out inert)."""
    alone: bool = False
    """Also run in its own ``python -m ingest`` process (the true command line)."""


@dataclass(frozen=True)
class Seed:
    """A file the mutations start from."""

    id: str
    path: Path
    real: bool

    @property
    def args(self) -> tuple[str, ...]:
        """The command-line options this seed needs."""
        return SEED_ARGS.get(self.path.name, ())

    def data(self) -> bytes:
        """The seed's bytes."""
        return self.path.read_bytes()


def seeds() -> list[Seed]:
    """Every hand-made export, then every real one (when ../shared/real_exports is there)."""
    found = [
        Seed(f"data/{p.relative_to(DATA)}", p, real=False)
        for folder in HAND_MADE
        for p in sorted((DATA / folder).iterdir())
        if p.is_file() and p.name != "SOURCES.md"
    ]
    if REAL_EXPORTS.is_dir():
        found += [
            Seed(f"real/{p.relative_to(REAL_EXPORTS)}", p, real=True)
            for p in sorted(REAL_EXPORTS.rglob("*"))
            if p.is_file() and p.name != "SOURCES.md"
        ]
    return found


def _rng(text: str) -> random.Random:
    return random.Random(zlib.crc32(text.encode()))


def _utf8(data: bytes) -> str | None:
    try:
        return data.removeprefix(codecs.BOM_UTF8).decode("utf-8")
    except UnicodeDecodeError:
        return None


# --- mutations of one seed -------------------------------------------------------------

Mutation = tuple[str, "Callable[[bytes], bytes]", Expect]
"""A mutation's name, the function making its bytes from the seed's, what it expects.

The bytes are made when the suite writes the inputs, not when pytest collects the cases."""


def _encodings(data: bytes) -> Iterator[Mutation]:
    """Line ends, BOMs and encodings: the same text, other bytes."""
    if not data.startswith(codecs.BOM_UTF8):
        yield "bom-utf8", lambda d: codecs.BOM_UTF8 + d, "same"
    else:
        yield "bom-removed", lambda d: d.removeprefix(codecs.BOM_UTF8), "same"
    if b"\r\n" in data:
        yield "crlf-to-lf", lambda d: d.replace(b"\r\n", b"\n"), "same"
    else:
        yield "lf-to-crlf", lambda d: d.replace(b"\n", b"\r\n"), "same"
    yield "final-newline-dropped", lambda d: d.rstrip(b"\r\n"), "same"
    yield "final-newlines-added", lambda d: d + b"\n\n\n", "same"
    text = _utf8(data)
    if text is None:  # a Windows-1252 seed: the same text in UTF-8
        yield "cp1252-to-utf8", lambda d: d.decode("cp1252").encode("utf-8"), "same"
    elif not text.isascii() and _encodable(text, "cp1252"):
        yield "utf8-to-cp1252", lambda d: _text(d).encode("cp1252"), "same-or-refused"
    yield (
        "utf16le-bom",
        lambda d: codecs.BOM_UTF16_LE + _text(d).encode("utf-16-le"),
        "same-or-refused",
    )
    yield "utf16be", lambda d: _text(d).encode("utf-16-be"), "same-or-refused"


def _encodable(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def _text(data: bytes) -> str:
    """The seed's text (UTF-8, else Windows-1252), without its BOM."""
    text = _utf8(data)
    return data.decode("cp1252") if text is None else text


def _cut(at: int) -> Callable[[bytes], bytes]:
    return lambda d: d[:at]


def _put(at: int, byte: int, *, insert: bool = False) -> Callable[[bytes], bytes]:
    return lambda d: d[:at] + bytes([byte]) + d[at + (0 if insert else 1) :]


def _flip(at: int, bit: int) -> Callable[[bytes], bytes]:
    return lambda d: d[:at] + bytes([d[at] ^ (1 << bit)]) + d[at + 1 :]


def _truncations(data: bytes, rng: random.Random, *, cuts: int) -> Iterator[Mutation]:
    """The file cut short: at line ends (rows kept are the seed's), anywhere, to nothing."""
    ends = [m.end() for m in re.finditer(rb"\n", data)]
    for k in sorted({len(ends) // 2, len(ends) - 2}):
        if 0 < k < len(ends):
            yield f"cut-after-line-{k}", _cut(ends[k - 1]), "subset"
    for _ in range(cuts):
        at = rng.randrange(1, len(data))
        yield f"cut-at-byte-{at}", _cut(at), "well-formed"
    yield "empty", lambda d: b"", "refused"
    yield "one-byte", _cut(1), "refused"
    yield "whitespace-only", lambda d: b" \r\n\t\n" * 100, "refused"


HOSTILE = b'0;,."-:T+ x\r\n\x00\xff\x80<>{}[]'
"""Bytes a flip puts in: separators, digits, signs, line ends, NUL, invalid UTF-8, brackets."""


def _flips(data: bytes, rng: random.Random, *, flips: int) -> Iterator[Mutation]:
    """One byte replaced or a bit flipped (anywhere), a NUL put in, a byte deleted."""
    for _ in range(flips):
        at, byte = rng.randrange(len(data)), rng.choice(HOSTILE)
        yield f"byte-{at}-to-{byte}", _put(at, byte), "well-formed"
    at, bit = rng.randrange(len(data)), rng.randrange(8)
    yield f"bit-{bit}-of-byte-{at}", _flip(at, bit), "well-formed"
    at = rng.randrange(len(data))
    yield f"nul-at-{at}", _put(at, 0, insert=True), "well-formed"
    at = rng.randrange(len(data))
    yield f"byte-{at}-deleted", lambda d: d[:at] + d[at + 1 :], "well-formed"


FAMILY: dict[Expect, str] = {"same": "encoding", "same-or-refused": "encoding"}


def _family(what: str, expect: Expect) -> str:
    if expect in FAMILY:
        return FAMILY[expect]
    if what.startswith(("cut", "empty", "one-byte", "whitespace", "twice")):
        return "truncation"
    return "flip"


def seed_cases(seed: Seed) -> Iterator[Case]:
    """Every mutation of one seed, the seed itself first (the reference the others need)."""
    data = seed.data()
    rng = _rng(seed.id)
    muts: list[Mutation] = []
    if seed.path.suffix not in BINARY:
        muts += _encodings(data)
        muts.append(("twice", lambda d: d + b"\n" + d, "subset"))
    muts += _truncations(data, rng, cuts=2 if seed.real else 3)
    muts += _flips(data, rng, flips=2 if seed.real else 4)
    common = {"seed": seed.id, "args": seed.args, "real": seed.real, "name": seed.path.name}
    yield Case(f"{seed.id}:original", "original", make=seed.data, expect="well-formed", **common)
    done: set[str] = set()
    for what, fn, expect in muts:
        if what in done:  # two random picks of the same place
            continue
        done.add(what)
        yield Case(
            f"{seed.id}:{what}", _family(what, expect), make=_of(seed, fn), expect=expect, **common
        )


def _of(seed: Seed, fn: Callable[[bytes], bytes]) -> Callable[[], bytes]:
    return lambda: fn(seed.data())


def _const(data: bytes) -> Callable[[], bytes]:
    return lambda: data


# --- values and dates no meter gives: targeted at one field of the first data line --------

EXTREME_VALUES: dict[str, Expect] = {
    "1e308": "subset",
    "1e309": "subset",
    "-1000": "subset",
    "NaN": "subset",
    "inf": "subset",
    "-inf": "subset",
    "9" * 25: "subset",
    "9" * 5000: "subset",  # past Python's 4300-digit int limit
    "1e-320": "well-formed",
    "": "subset",
    "0x1F": "subset",
}


@dataclass(frozen=True)
class Target:
    """Where a seed holds its first value and first year: a regex whose group 1 is it."""

    seed: str
    value: bytes
    year: bytes


TARGETS = (
    Target(
        "data/enedis_portal_csv/curve_lf_no_bom.csv",
        rb"\n2023-01-15T00:30:00\+01:00;(\d+)",
        rb"\n(2023)-01-15T00:30",
    ),
    Target(
        "data/other_formats/r63_no_header.csv", rb"^(?:[^;]*;){8}(\d+);", rb"^(?:[^;]*;){7}(2024)-"
    ),
    Target("data/other_formats/generic_offsets_w.csv", rb"\n[^;]+;(\d+)", rb"\n(2024)-03-31T01:00"),
    Target(
        "data/other_formats/dataconnect_list_wrapped.json",
        rb'"value": "(\d+)"',
        rb'"date": "(2024)-',
    ),
    Target(
        "data/other_formats/greenbutton_production_scaled.xml",
        rb"<value>(\d+)</value>",
        rb"<timePeriod><duration>900</duration><start>(\d+)</start>",
    ),
    Target(
        "data/other_formats/historique_conso_12345678901234_conso_downloader.csv",
        rb'"(0,696)"',
        rb"\n(2023)-12-12T00:00;",
    ),
    Target(
        "data/enedis_portal_csv/index_calendar_and_peaks.csv",
        rb"quotidien;(1000);",
        rb"\n(2024)-01-10T00:00",
    ),
    Target(
        "data/enedis_2026/tic_standard_line_log_lost_cr.txt",
        rb"SINSTS\t(00800)\t",
        rb"^(2026)-11-30T23:59",
    ),
)
YEARS = ("1900", "1899", "2100", "1970", "2038", "9999", "0001")
EPOCHS = {
    "1900": b"-2208988800",
    "2100": b"4102444800",
    "1970": b"0",
    "9999": b"253402300800",
    "huge": b"99999999999999999999",
    "negative": b"-99999999999",
}
"""Green Button's times are Unix seconds."""


def extreme_cases(by_id: dict[str, Seed]) -> Iterator[Case]:
    """Huge, negative, NaN, infinite and malformed values; dates in 1900, 2100 and beyond."""
    for t in TARGETS:
        seed = by_id[t.seed]
        data = seed.data()
        for value, expect in EXTREME_VALUES.items():
            yield Case(
                f"{seed.id}:value={_label(value)}",
                "extreme",
                seed.path.name,
                _const(_sub(t.value, data, value.encode())),
                expect,
                seed.id,
                seed.args,
            )
        epoch = t.year.endswith(rb"(\d+)</start>")
        years = EPOCHS if epoch else {y: y.encode() for y in YEARS}
        for label, year in years.items():
            allowed = (
                frozenset({int(label) - 1, int(label), int(label) + 1})
                if label.isdigit()
                else frozenset()
            )
            expect: Expect = "year" if allowed else "subset"
            yield Case(
                f"{seed.id}:year={label}",
                "extreme",
                seed.path.name,
                _const(_sub(t.year, data, year)),
                expect,
                seed.id,
                seed.args,
                years=allowed,
            )


def _label(value: str) -> str:
    return value if len(value) <= 8 else f"{value[0]}x{len(value)}"


def _sub(pattern: bytes, data: bytes, new: bytes) -> bytes:
    """``data`` with group 1 of the first match of ``pattern`` replaced by ``new``."""
    m = re.search(pattern, data, flags=re.MULTILINE)
    if m is None:
        msg = f"pattern {pattern!r} not in the seed"
        raise LookupError(msg)
    return data[: m.start(1)] + new + data[m.end(1) :]


# --- CSV formula cells (OWASP "CSV injection") --------------------------------------------

FORMULAS = ("=1+2", "+5", "@SUM(A1)", '=HYPERLINK("http://x.invalid","clic")', "=cmd|' /C calc'!A0")
FORMULA_TARGETS = (
    # (seed, regex whose group 1 becomes the formula, what it is)
    ("data/other_formats/generic_offsets_w.csv", rb"\n[^;]+;(\d+)", "value"),
    ("data/enedis_portal_csv/curve_lf_no_bom.csv", rb"\n(12345678901234);", "meter"),
    ("data/enedis_portal_csv/curve_lf_no_bom.csv", rb";(W);", "unit"),
    (
        "data/enedis_portal_csv/index_calendar_and_peaks.csv",
        rb"Horodate;Type de releve;(EAS F1);",
        "register",
    ),
    (
        "data/enedis_portal_csv/index_calendar_and_peaks.csv",
        rb"\n2024-01-10T00:00:00\+01:00;([^;]+);",
        "reading kind",
    ),
    ("data/other_formats/r63_no_header.csv", rb"^(12345678901234);", "meter"),
    (
        "data/other_formats/dataconnect_list_wrapped.json",
        rb'"usage_point_id": "(12345678901234)"',
        "meter",
    ),
    ("data/other_formats/edf_cp1252_newest_first.csv", rb"\r\n00:00:00;2000;([^\r]+)\r", "nature"),
)


def formula_cases(by_id: dict[str, Seed]) -> Iterator[Case]:
    """A spreadsheet formula in each text field a reader may keep (meter, register, unit…)."""
    for seed_id, pattern, what in FORMULA_TARGETS:
        seed = by_id[seed_id]
        data = seed.data()
        for formula in FORMULAS:
            yield Case(
                f"{seed.id}:{what}={formula[:14]}",
                "formula",
                seed.path.name,
                _const(_sub(pattern, data, formula.encode())),
                "well-formed",
                seed.id,
                seed.args,
                export_csv=True,
            )
    yield Case(
        "generic:header=formula",
        "formula",
        "generic_w.csv",
        _const(b"horodatage;=cmd|' /C calc'!A0 (W)\n2024-03-31T01:00:00+01:00;500\n"),
        "well-formed",
        export_csv=True,
    )


# --- bombs: made from nothing (or from a tiny seed), most of them refused ------------------


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


def all_cases() -> list[Case]:
    """Every case, in a fixed order; ids are unique."""
    found = seeds()
    by_id = {s.id: s for s in found}
    cases = [c for s in found for c in seed_cases(s)]
    cases += [*extreme_cases(by_id), *formula_cases(by_id), *bomb_cases()]
    ids = [c.id for c in cases]
    assert len(ids) == len(set(ids)), "case ids must be unique"
    return cases
