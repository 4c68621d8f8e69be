"""Turning whatever a caller hands us (a path, bytes, a binary file) into bytes and a name."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING

from ingest.errors import ExportError

if TYPE_CHECKING:
    import datetime as dt

Source = str | Path | bytes | IO[bytes]
"""What :func:`ingest.read_export` accepts."""

BOM = b"\xef\xbb\xbf"
CHUNK = 16 << 20
"""Bytes read at a time from a file streamed to its reader (a TIC capture), or hashed. [B]"""


@dataclass(frozen=True)
class Raw:
    """The bytes of one export and what to call it in messages."""

    name: str
    data: bytes
    unit: str | None = None
    """The values' unit when the file does not say (W, kW, Wh, kWh; generic CSV only)."""
    time_zone: str | None = None
    """The zone of naive times when the file does not say (generic CSV only)."""
    start: dt.datetime | None = None
    """When a capture without clock began (historic-mode TIC without receive times)."""
    meter: str | None = None
    """The meter to store the file under when it names none (a generic CSV…)."""


def load(source: Source, *, name: str | None = None) -> Raw:
    """Read ``source`` into memory.

    Parameters
    ----------
    source
        A path, the bytes themselves, or a binary file object (e.g. an upload).
    name
        What to call the source in messages; defaults to the file name, or ``<bytes>``.
    """
    if isinstance(source, bytes):
        return Raw(name or "<bytes>", source)
    if isinstance(source, str | Path):
        path = Path(source)
        try:
            return Raw(name or path.name, path.read_bytes())
        except IsADirectoryError:
            raise ExportError(str(path), "is a folder, expected a file") from None
        except FileNotFoundError:
            raise ExportError(str(path), "no such file") from None
        except OSError as error:
            raise ExportError(str(path), f"cannot be read ({error.strerror})") from None
    data = source.read()
    if not isinstance(data, bytes):
        msg = "expected a binary file object (opened with 'rb')"
        raise TypeError(msg)
    return Raw(name or str(getattr(source, "name", "<stream>")), data)


def decode(raw: Raw, data: bytes | None = None) -> str:
    """Decode header text: UTF-8 (with or without BOM), else Windows-1252.

    Older Enedis exports and the EDF supplier export are Windows-1252.
    """
    chunk = raw.data if data is None else data
    chunk = chunk.removeprefix(BOM)
    try:
        return chunk.decode("utf-8")
    except UnicodeDecodeError:
        return chunk.decode("cp1252", errors="replace")
