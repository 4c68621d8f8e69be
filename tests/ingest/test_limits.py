"""The reader boundary (ingest/read.py, ingest/limits.py): hostile files refused in one line.

Zip bombs before calamine opens them, long lines, sizes, foreign-library errors and Rust
panics, values no meter gives, meter ids, files with no data rows.
"""

import datetime as dt
import io
import random
import resource
import struct
import zipfile

import polars as pl
import pytest

from ingest import Export, Store, read_export
from ingest import limits as limits_module
from ingest import read as read_module
from ingest.errors import ExportError, one_line
from ingest.formats import READERS, tic
from ingest.schema import SCHEMAS, SchemaError, validate
from sample_loadcurves.tic_captures import tic_frame, tic_group
from tests.conftest import DATA

FILES = DATA / "enedis_portal_csv"
CURVE = (FILES / "curve_lf_no_bom.csv").read_bytes()
HEADER = b"".join(CURVE.splitlines(keepends=True)[:3])


def one_line_error(excinfo: pytest.ExceptionInfo[ExportError], name: str) -> str:
    message = str(excinfo.value)
    assert "\n" not in message
    assert "\r" not in message
    assert message.startswith(f"{name}: ")
    return message


def workbook(members: dict[str, bytes | int]) -> bytes:
    """A zip of these members; an int is that many zero bytes, written a megabyte at a time."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            if isinstance(data, bytes):
                z.writestr(name, data)
                continue
            with z.open(name, "w", force_zip64=True) as f:
                for _ in range(data >> 20):
                    f.write(bytes(1 << 20))
    return out.getvalue()


def test_a_zip_bomb_is_refused_from_its_declared_sizes_before_any_allocation():
    bomb = workbook({"[Content_Types].xml": b"<Types/>", "xl/worksheets/sheet1.xml": 256 << 20})
    assert len(bomb) < 512 * 1024  # 256 MiB of zeros in a quarter of a megabyte
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(ExportError) as excinfo:
        read_export(bomb, name="bomb.xlsx")
    message = one_line_error(excinfo, "bomb.xlsx")
    assert "256 MB unzipped (at most 128 MB): a zip bomb" in message
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak  # [KiB]
    assert grown < 200 * 1024


def test_a_member_expanding_too_much_is_refused():
    bomb = workbook({"xl/worksheets/sheet1.xml": 64 << 20})
    with pytest.raises(ExportError, match=r"sheet1\.xml' in this XLSX expands [\d,]+ times"):
        read_export(bomb, name="b.xlsx")


def test_a_zip_that_holds_more_than_it_declares_is_refused():
    honest = workbook({"xl/worksheets/sheet1.xml": b"<x/>" * 250_000})  # 1 MB, declared
    # Declare 1,000 bytes (central directory and local header): under every limit.
    central = honest.rindex(b"PK\x01\x02")
    lying = bytearray(honest)
    struct.pack_into("<I", lying, central + 24, 1000)
    struct.pack_into("<I", lying, 22, 1000)
    with pytest.raises(ExportError) as excinfo:
        read_export(bytes(lying), name="lie.xlsx")
    assert "cannot be unzipped" in one_line_error(excinfo, "lie.xlsx")


def test_a_zip_declaring_gigabytes_is_refused_before_calamine_reserves_them():
    """The issue's 2 MB workbook made calamine reserve 4,261,937,152 bytes and abort."""
    small = workbook({"xl/worksheets/sheet1.xml": b"<x/>"})
    central = small.rindex(b"PK\x01\x02")
    lying = bytearray(small)
    struct.pack_into("<I", lying, central + 24, 4_261_937_152)
    with pytest.raises(ExportError, match="4,064 MB unzipped"):
        read_export(bytes(lying), name="lie.xlsx")


def test_too_many_members_and_a_broken_zip():
    many = workbook({f"x{i}.xml": b"" for i in range(limits_module.MAX_ZIP_ENTRIES + 1)})
    with pytest.raises(ExportError, match="an XLSX of 1,001 files"):
        read_export(many, name="many.xlsx")
    with pytest.raises(ExportError, match="not a readable spreadsheet"):
        read_export(b"PK\x03\x04" + bytes(100), name="cut.xlsx")


def test_a_line_longer_than_the_limit_is_refused_in_one_line():
    long_line = HEADER + b"2023-01-15T00:30:00+01:00;" + b"1" * (1 << 20) + b"\n"
    with pytest.raises(ExportError) as excinfo:
        read_export(long_line, name="long.csv")
    assert "a line longer than 64 KB" in one_line_error(excinfo, "long.csv")


def test_a_tic_capture_streamed_from_its_path_has_the_line_limit_too(tmp_path):
    frame = tic_frame([tic_group("ADCO", "000123456789"), tic_group("BASE", "001234567")])
    path = tmp_path / "capture.txt"
    path.write_bytes(frame * 10 + b"\nBASE " + b"0" * (200 * 1024) + b"\r\n" + frame)
    assert tic.sniff(path.read_bytes()[:4096])  # so it is streamed
    with pytest.raises(ExportError) as excinfo:
        read_export(path)
    assert "a line longer than 64 KB" in one_line_error(excinfo, "capture.txt")


def no_reading(*args, **kwargs):
    raise AssertionError("read into memory")


def test_a_portal_csv_too_large_to_stream_is_refused_before_it_is_read(tmp_path, monkeypatch):
    path = tmp_path / "big.csv"
    path.write_bytes(CURVE)
    monkeypatch.setattr(limits_module, "MAX_STREAMED_BYTES", {"enedis-portal-csv": 100})
    monkeypatch.setattr(read_module, "load", no_reading)
    monkeypatch.setattr(read_module, "streamed", no_reading)
    with pytest.raises(ExportError, match=r"^big\.csv: 0 MB is too large for enedis-portal-csv"):
        read_export(path)


def test_a_file_read_whole_too_large_for_its_format_is_refused_before_it_is_read(
    tmp_path, monkeypatch
):
    path = tmp_path / "big.json"
    path.write_bytes((DATA / "other_formats" / "dataconnect_list_wrapped.json").read_bytes())
    fmt = next(r.format for r in READERS if "dataconnect" in r.format)
    monkeypatch.setitem(limits_module.MAX_FILE_BYTES, fmt, 100)
    monkeypatch.setattr(read_module, "load", no_reading)
    with pytest.raises(ExportError, match=rf"^big\.json: 0 MB is too large for {fmt}"):
        read_export(path)


class PanicException(BaseException):  # pyo3's name, which the boundary knows
    """What a Rust panic raises through pyo3: a BaseException, not an Exception."""


@pytest.mark.parametrize(
    ("error", "said"),
    [
        (PanicException("called `Option::unwrap()` on a `None` value\nat src/x.rs"), "unwrap"),
        (pl.exceptions.ComputeError("could not parse\n'32' as f64"), "could not parse '32'"),
        (UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte"), "invalid start"),
        (RecursionError("maximum recursion depth exceeded"), "nested too deeply"),
    ],
)
def test_foreign_errors_and_panics_become_one_line_naming_the_file(monkeypatch, error, said):
    def failing(raw):
        raise error

    reader = READERS[1]  # the portal CSV
    monkeypatch.setattr(
        read_module,
        "detect",
        lambda raw: reader.__class__(reader.format, reader.description, reader.sniff, failing),
    )
    with pytest.raises(ExportError) as excinfo:
        read_export(CURVE, name="bad\nname.csv")
    message = one_line_error(excinfo, "bad name.csv")
    assert said in message


def test_a_fault_in_courbe_is_not_taken_for_the_file(monkeypatch):
    reader = READERS[1]

    def buggy(raw):
        raise KeyError("a bug")

    monkeypatch.setattr(
        read_module,
        "detect",
        lambda raw: reader.__class__(reader.format, reader.description, reader.sniff, buggy),
    )
    with pytest.raises(KeyError):
        read_export(CURVE, name="x.csv")


def test_every_message_is_one_line():
    assert str(ExportError("a\nb.csv", "expected\r\nsomething\telse", line=3)) == (
        "a b.csv: line 3: expected something else"
    )
    assert one_line("x\u2028y\x00z", limit=4) == "x y…"


def generic(values: list[str]) -> bytes:
    rows = [f"2024-01-01 {h // 2:02d}:{30 * (h % 2):02d},{v}" for h, v in enumerate(values)]
    return ("time,power (kW)\n" + "\n".join(rows) + "\n").encode()


def test_values_no_meter_gives_are_dropped_with_a_note():
    export = read_export(generic(["1", "nan", "inf", "-2", "1e308", "-inf", "3"]), name="g.csv")
    assert export.curve["wh"].to_list() == [500.0, 1500.0]
    (note,) = [n for n in export.notes if "dropped" in n.message]
    assert note.kind == "skipped"
    assert note.message.startswith("5 curve rows dropped: wh not a finite number from 0 to 1e+09")


def test_a_file_whose_every_value_is_absurd_has_no_data_rows():
    with pytest.raises(ExportError, match=r"^g\.csv: no data rows: nothing to import"):
        read_export(generic(["nan", "-1", "1e12"]), name="g.csv")


def test_a_header_only_file_is_refused_and_never_logged(tmp_path):
    with pytest.raises(ExportError, match=r"^h\.csv: no data rows"):
        read_export(HEADER, name="h.csv")
    path = tmp_path / "h.csv"
    path.write_bytes(HEADER)
    from ingest.cli import main

    assert main(["--store", str(tmp_path / "s"), str(path)]) == 1
    assert Store(tmp_path / "s").imports() == []


def registers(readings: list[float]) -> Export:
    base = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    frame = pl.DataFrame(
        {
            "meter": ["m1"] * len(readings),
            "at": [base + dt.timedelta(hours=i) for i in range(len(readings))],
            "register": ["EAST"] * len(readings),
            "wh": readings,
        },
        schema=SCHEMAS["registers"],
    )
    return Export(name="r.csv", format="test", meter="m1", registers=frame)


def test_a_register_going_back_is_dropped_unless_it_wrapped():
    cut = read_module.sane_values(registers([19_676_000, 19_676_646, 1_967, 19_677_000]))
    assert cut.registers["wh"].to_list() == [19_676_000, 19_676_646, 19_677_000]
    assert "1 registers row dropped" in cut.notes[-1].message
    assert "(wh = 1967.0)" in cut.notes[-1].message
    wrapped = registers([999_999_000, 999_999_990, 12, 500])  # the 9-digit index wraps
    assert read_module.sane_values(wrapped).registers.height == 4


def test_schema_validate_refuses_what_the_boundary_drops():
    frame = registers([1.0, float("nan")]).registers
    with pytest.raises(SchemaError, match="registers: wh not a finite number"):
        validate(frame, "registers")
    with pytest.raises(SchemaError, match="not a meter id"):
        validate(frame.head(1).with_columns(meter=pl.lit("../../x")), "registers")


@pytest.mark.parametrize(
    "meter", ["../../x", "=cmd|' /C calc'!A0", "a/b", "-x", "x" * 65, "é\u202e"]
)
def test_meter_ids_are_validated(meter):
    with pytest.raises(ExportError) as excinfo:
        read_export(generic(["1"]), name="g.csv", unit="kW", meter=meter)
    assert "not one (14 digits, or letters" in one_line_error(excinfo, "g.csv")


@pytest.mark.parametrize("meter", ["12345678901234", "home A", "maison_2", "client-B", "unknown"])
def test_meter_ids_people_give_are_kept(meter):
    assert read_export(generic(["1"]), name="g.csv", meter=meter).meter == meter


def test_a_schema_error_at_the_store_names_the_file(tmp_path):
    base = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    curve = pl.DataFrame(
        {
            "meter": ["m1"],
            "start": [base],
            "end": [base],
            "wh": [1.0],
            "direction": ["consumption"],
        },
        schema=SCHEMAS["curve"],
    )
    export = Export(name="x.csv", format="test", meter="m1", curve=curve)
    with pytest.raises(ExportError, match=r"^x\.csv: curve: every interval must end after"):
        Store(tmp_path).add(export)


def test_the_line_meter_agrees_with_splitting_on_any_pieces():
    rng = random.Random(18)
    for _ in range(3000):
        limit = rng.randint(1, 20)
        alphabet = b"ab\n" if rng.random() < 0.5 else b"abcdefg\n"
        text = bytes(rng.choice(alphabet) for _ in range(rng.randint(0, 80)))
        cuts = sorted(rng.sample(range(len(text) + 1), min(len(text) + 1, rng.randint(0, 5))))
        pieces = [text[i:j] for i, j in zip([0, *cuts], [*cuts, len(text)], strict=True)]
        lines = limits_module.Lines(limit)
        seen = False
        for piece in pieces:
            seen |= lines.feed(piece)
        assert seen == (max(map(len, text.split(b"\n"))) > limit), (text, cuts, limit)


def _old_without_blank_end(data: bytes) -> bytes:
    kept = data.rstrip(b" \t\r\n")
    if len(data) - len(kept) <= 2:
        return data
    return kept + (b"\r\n" if b"\r\n" in data[len(kept) :] else b"\n")


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"a;b",
        b"a;b\n",
        b"a;b\r\n",
        b"a;b\n\n\n",
        b"a;b\r\n\r\n \t\r\n",
        b"a;b" + b"\n" * 5000,  # blank lines beyond the tail looked at
        b"\n" * 5000,
        b"x" * 10_000 + b"\r\n\r\n",
    ],
)
def test_blank_lines_at_a_csvs_end_go_one_line_end_kept(data):
    from ingest.read import without_blank_end

    assert without_blank_end(data) == _old_without_blank_end(data)
