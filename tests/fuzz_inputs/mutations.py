"""The mutations of one seed: re-encodings, truncations, flipped bytes."""

from __future__ import annotations

import codecs
import random
import re
import zlib
from typing import TYPE_CHECKING

from tests.fuzz_inputs.cases import BINARY, Case, Expect, Seed

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator


def _rng(text: str) -> random.Random:
    return random.Random(zlib.crc32(text.encode()))


def _utf8(data: bytes) -> str | None:
    try:
        return data.removeprefix(codecs.BOM_UTF8).decode("utf-8")
    except UnicodeDecodeError:
        return None


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
