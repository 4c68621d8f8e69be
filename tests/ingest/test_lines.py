"""Lines and line breaks counted in bytes (ingest/lines.py), slice by slice."""

import pyarrow as pa
import pyarrow.csv as pacsv
import pytest

from ingest import lines

CASES = [b"", b"a", b"a\n", b"a\nb", b"\n\n", b"ab\ncd\n" * 7, b"\n" * 9, b"x" * 9]


@pytest.mark.parametrize("data", CASES)
def test_lines_are_counted_as_bytes_count_them_across_every_slice(monkeypatch, data):
    for size in (1, 2, 3, 1 << 20):
        monkeypatch.setattr(lines, "COUNTED_BYTES", size)
        assert lines.line_count(data) == data.count(b"\n") + (not data.endswith(b"\n"))


@pytest.mark.parametrize("data", [*CASES, b"a\r\nb\r\n", b"\r" * 5 + b"x", b"\r\n\n\r"])
def test_line_breaks_count_every_newline_and_carriage_return(monkeypatch, data):
    monkeypatch.setattr(lines, "COUNTED_BYTES", 2)
    assert lines.line_breaks(data) == data.count(b"\n") + data.count(b"\r")
    for start in range(len(data)):
        for end in range(start, len(data) + 1):
            part = data[start:end]
            assert lines.line_breaks(data, start, end) == part.count(b"\n") + part.count(b"\r")


@pytest.mark.parametrize(
    ("breaks", "count"),
    [(b"\n\n", 2), (b"\r\n", 1), (b"\r", 1), (b"\r\r\n", 2), (b"\n\r", 2), (b"\r\n\r\n\n", 3)],
)
def test_line_breaks_alone_are_as_many_lines_as_pyarrow_reads(breaks, count):
    assert lines.lines_in_breaks(breaks) == count
    table = pacsv.read_csv(
        pa.BufferReader(b"v\n" + breaks),
        parse_options=pacsv.ParseOptions(ignore_empty_lines=False),
        convert_options=pacsv.ConvertOptions(column_types={"v": pa.string()}),
    )
    assert table.num_rows == count
