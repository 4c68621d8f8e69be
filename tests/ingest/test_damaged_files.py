"""Damaged copies of every hand-made export: each is read or refused in one line, never a crash.

A household's file may be cut short, edited in a spreadsheet or half-written by a gateway.
Whatever the damage, ``read_export`` must either read the file or raise ``ExportError``
(one line naming the file and, where it can, the line); any other exception is a traceback
in front of the user. The damage is deterministic: the same copies on every run.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from ingest import read_export
from ingest.errors import ExportError

if TYPE_CHECKING:
    from collections.abc import Iterator

DATA = Path(__file__).parent.parent / "data"
SUFFIXES = (".csv", ".json", ".xml", ".txt")
"""Text exports (TIC line logs are .txt)."""
FILES = sorted(p for p in DATA.rglob("*") if p.is_file() and p.suffix in SUFFIXES)
FILLERS = (b"", b"x", b"-5")


def _line_damage(data: bytes) -> Iterator[tuple[str, bytes]]:
    """Lines inserted blank, cut, deleted, given twice, swapped or ending in a separator."""
    lines = data.split(b"\n")
    for i in range(min(len(lines), 6)):
        edits = {
            "blank line before": [*lines[:i], b"", *lines[i:]],
            "extra separator": [*lines[:i], lines[i] + b";", *lines[i + 1 :]],
            "cut in half": [*lines[:i], lines[i][: len(lines[i]) // 2], *lines[i + 1 :]],
            "deleted": lines[:i] + lines[i + 1 :],
            "given twice": lines[: i + 1] + lines[i:],
            "swapped with the next": lines[:i]
            + lines[i + 1 : i + 2]
            + lines[i : i + 1]
            + lines[i + 2 :],
        }
        for what, edited in edits.items():
            yield f"line {i + 1} {what}", b"\n".join(edited)


def _field_damage(data: bytes) -> Iterator[tuple[str, bytes]]:
    """Each field of the first three lines and the last one emptied, or made text or negative."""
    lines = data.split(b"\n")
    last = max((i for i, line in enumerate(lines) if line.strip()), default=0)
    for i in sorted({*range(min(len(lines), 3)), last}):
        for sep in (b";", b","):
            fields = lines[i].split(sep)
            if len(fields) < 2:
                continue
            for j in range(len(fields)):
                for filler in FILLERS:
                    line = sep.join([*fields[:j], filler, *fields[j + 1 :]])
                    yield (
                        f"line {i + 1} field {j + 1} = {filler!r}",
                        b"\n".join([*lines[:i], line, *lines[i + 1 :]]),
                    )


def _byte_damage(data: bytes) -> Iterator[tuple[str, bytes]]:
    """The file cut anywhere, or one byte replaced (a fixed random sample)."""
    rng = random.Random(len(data))
    for _ in range(12):
        cut = rng.randrange(len(data))
        yield f"cut at byte {cut}", data[:cut]
        at, byte = rng.randrange(len(data)), rng.choice(b'0;,."-:T+ x\r\n\x00\xff')
        yield f"byte {at} = {byte}", data[:at] + bytes([byte]) + data[at + 1 :]


def _json_damage(data: bytes) -> Iterator[tuple[str, bytes]]:
    """Each value of a JSON document (first items of lists) replaced by a wrong type."""
    doc = json.loads(data)
    paths: list[list[str | int]] = []

    def walk(node: object, path: list[str | int]) -> None:
        paths.append(path)
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, [*path, key])
        elif isinstance(node, list):
            for i, value in enumerate(node[:2]):
                walk(value, [*path, i])

    walk(doc, [])
    for path in paths[1:]:
        for value in (None, "x", -5, [], {}):
            copy = json.loads(data)
            node = copy
            for key in path[:-1]:
                node = node[key]
            node[path[-1]] = value
            yield f"{'.'.join(map(str, path))} = {value!r}", json.dumps(copy).encode()


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_a_damaged_file_is_read_or_refused_in_one_line(path: Path) -> None:
    data = path.read_bytes()
    damage = [*_line_damage(data), *_field_damage(data), *_byte_damage(data)]
    if path.suffix == ".json":
        damage += list(_json_damage(data))
    crashes, long = [], []
    for what, damaged in damage:
        try:
            read_export(damaged, name=path.name)
        except ExportError as error:
            if "\n" in str(error):
                long.append(what)
        except Exception as error:  # any other exception is the failure
            crashes.append(f"{what}: {type(error).__name__}: {str(error).splitlines()[0]}")
    assert not crashes, "\n".join(crashes[:10])
    assert not long, f"errors of more than one line: {long[:10]}"
