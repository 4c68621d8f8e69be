"""A portal CSV read from its path is streamed, never held whole, and reads as a whole read.

Pinned on every hand-made and real portal CSV: the export streamed from chunks of any size
(a chunk boundary inside a line, a CRLF, a BOM) is the export read whole, frame for frame,
note for note; a file that cannot be streamed (several blocks, a bad row) falls back to
the whole read and its one-line error.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

import ingest
from ingest import digest, limits
from ingest.errors import ExportError, ReadWhole
from ingest.formats import detect, enedis_portal_csv
from ingest.formats.enedis_portal_csv import streamed
from ingest.read import without_blank_end
from ingest.source import Raw
from tests.conftest import DATA, REAL_EXPORTS, real_export_dir

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from ingest.export import Export


def _portal_files(folder: Path) -> list[Path]:
    return [
        p
        for p in sorted(folder.rglob("*"))
        if p.is_file() and _format(p.read_bytes()[:4096]) == enedis_portal_csv.FORMAT
    ]


def _format(head: bytes) -> str | None:
    reader = detect(Raw("x", head))
    return reader.format if reader else None


STREAMS = (
    "curve_lf_no_bom.csv",
    "curve_crlf_bom_no_final_newline.csv",
    "curve_10min_blank_line.csv",
    "curve_dst_spring_46.csv",
    "curve_dst_autumn_50.csv",
    "curve_step_change_gaps.csv",
    "curve_blank_lines_then_empty_repeated_negative.csv",
)
"""Hand-made single-curve files that the streamed path reads to the end (no fallback)."""
TABLES = ("curve", "daily", "peaks", "registers")


def _outcome(read: Callable[[], Export]) -> object:
    """What a read gives, comparable: its tables, notes, metadata and meter, or its error."""
    try:
        export = read()
    except ExportError as error:
        return str(error)
    tables = tuple(getattr(export, t).to_dicts() for t in TABLES)
    return (export.meter, export.format, tables, export.notes, export.metadata)


def _whole(path: Path) -> object:
    data = path.read_bytes()
    return _outcome(lambda: enedis_portal_csv.read(Raw(path.name, without_blank_end(data))))


@pytest.mark.parametrize("size", [100, 4096, 1 << 20])
@pytest.mark.parametrize("name", STREAMS)
def test_a_curve_streamed_in_chunks_of_any_size_reads_as_read_whole(name: str, size: int) -> None:
    path = DATA / "enedis_portal_csv" / name
    data = path.read_bytes()
    chunks = [data[i : i + size] for i in range(0, len(data), size)]
    streamed = _outcome(lambda: enedis_portal_csv.read_chunks(chunks, Raw(path.name, b"")))
    assert streamed == _whole(path)
    assert isinstance(streamed, tuple)  # read to the end, not refused


@pytest.mark.parametrize("name", ["index_calendar_and_peaks.csv", "bad_timestamp.csv"])
def test_a_file_the_stream_cannot_read_asks_to_be_read_whole(name: str) -> None:
    data = (DATA / "enedis_portal_csv" / name).read_bytes()
    with pytest.raises(ReadWhole):
        enedis_portal_csv.read_chunks([data], Raw(name, b""))


@pytest.mark.parametrize("path", _portal_files(DATA), ids=lambda p: p.name)
def test_every_hand_made_portal_csv_from_its_path_reads_as_from_its_bytes(path: Path) -> None:
    from_path = _outcome(lambda: ingest.read_export(path))
    from_bytes = _outcome(lambda: ingest.read_export(path.read_bytes(), name=path.name))
    assert from_path == from_bytes


@pytest.mark.real
def test_every_real_portal_csv_streamed_reads_as_read_whole() -> None:
    real_export_dir("enedis_portal_csv")
    files = _portal_files(REAL_EXPORTS)
    assert len(files) >= 4
    streamed = 0
    for path in files:
        data = path.read_bytes()
        try:
            got = _outcome(lambda: enedis_portal_csv.read_chunks([data], Raw(path.name, b"")))  # noqa: B023
            streamed += 1
        except ReadWhole:
            got = _whole(path)
        assert got == _whole(path), path.name
        assert _outcome(lambda: ingest.read_export(path)) == got, path.name  # noqa: B023
    assert streamed == 3  # the three load curves are streamed; the index file is read whole


def test_a_streamed_file_over_its_limit_is_refused_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "big.csv"
    path.write_bytes((DATA / "enedis_portal_csv" / "curve_lf_no_bom.csv").read_bytes())
    monkeypatch.setitem(limits.MAX_STREAMED_BYTES, enedis_portal_csv.FORMAT, 100)
    with pytest.raises(ExportError, match=r"^big\.csv: .* too large for enedis-portal-csv"):
        ingest.read_export(path)


def test_a_file_read_whole_after_the_stream_keeps_the_whole_read_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "blocks.csv"
    path.write_bytes((DATA / "enedis_portal_csv" / "index_calendar_and_peaks.csv").read_bytes())
    monkeypatch.setattr(limits, "MAX_TEXT_BYTES", 100)
    with pytest.raises(ExportError, match=r"^blocks\.csv: .* too large for enedis-portal-csv"):
        ingest.read_export(path)


def test_a_streamed_import_carries_the_files_digest_and_size() -> None:
    source = DATA / "enedis_portal_csv" / "curve_dst_autumn_50.csv"
    export = ingest.read_export(source)
    data = source.read_bytes()
    assert export.digest == digest.of_bytes(data)
    assert export.size == len(data)


def test_a_header_without_rows_streamed_is_refused_as_read_whole(tmp_path: Path) -> None:
    data = (DATA / "enedis_portal_csv" / "curve_lf_no_bom.csv").read_bytes()
    path = tmp_path / "empty.csv"
    path.write_bytes(b"".join(data.splitlines(keepends=True)[:3]))  # the three header lines
    from_path = _outcome(lambda: ingest.read_export(path))
    assert from_path == _outcome(lambda: ingest.read_export(path.read_bytes(), name="empty.csv"))
    assert isinstance(from_path, str)
    assert "no data rows" in from_path


def test_thirty_megabytes_of_blank_lines_stream_in_bounded_pieces() -> None:
    data = (DATA / "enedis_portal_csv" / "curve_lf_no_bom.csv").read_bytes() + b"\n" * (30 << 20)
    pieces = list(
        streamed._pieces([data[i : i + (16 << 20)] for i in range(0, len(data), 16 << 20)])
    )
    assert max(len(p) for p in pieces) <= streamed.PIECE_BYTES
    assert b"".join(bytes(p) for p in pieces) == data


@pytest.mark.parametrize("end", [b"\n", b"\r\n", b"\r"])
def test_a_piece_of_many_short_lines_is_cut_again_into_small_ones(
    monkeypatch: pytest.MonkeyPatch, end: bytes
) -> None:
    """Rows in pieces of 4000 bytes (here); where line breaks crowd (blank lines, lone
    CRs), pieces of DENSE_PIECE_BYTES: the rows parsed at once stay few, whatever the file."""
    monkeypatch.setattr(streamed, "DENSE_PIECE_BYTES", 500)
    monkeypatch.setattr(streamed, "PIECE_BREAKS", 500)
    row = b"2023-01-15T00:30:00+01:00;1000" + (b"\r\n" if end == b"\r\n" else b"\n")
    crowded = (end * 40 + row) * 100  # 40 line breaks to a row (a line ends in "\n")
    chunk = row * 400 + crowded + row * 400
    views = [bytes(v) for v in streamed._views(chunk, 0, len(chunk), 4000)]
    assert b"".join(views) == chunk
    assert all(v.endswith(b"\n") for v in views)
    assert all(len(v) <= 4000 for v in views)
    breaks = [v.count(b"\n") + v.count(b"\r") for v in views]
    assert all(n <= 500 or len(v) <= 500 for v, n in zip(views, breaks, strict=True))
    assert len(views[0]) > 3000  # the rows: big pieces, not cut again
    assert sum(len(v) <= 500 for v in views) >= len(crowded) // 500  # crowded: small ones


def test_rows_after_blank_lines_keep_their_line_numbers_streamed_in_pieces() -> None:
    path = DATA / "enedis_portal_csv" / "curve_blank_lines_then_empty_repeated_negative.csv"
    data = path.read_bytes()
    chunks = [data[i : i + 40] for i in range(0, len(data), 40)]
    export = enedis_portal_csv.read_chunks(chunks, Raw(path.name, b""))
    skipped = sorted((n.line, n.text.key) for n in export.notes if n.kind == "skipped")
    assert skipped == [
        (9, "ingest.note.no_value_field"),
        (11, "ingest.note.repeat_differs"),
        (13, "ingest.note.negative_power"),
    ]
    repeat = next(n for n in export.notes if n.line == 11)
    assert "2020-08-21T01:00:00+02:00" in repeat.text.say("en")  # a time, not µs since 1970
    assert export.curve.height == 5
