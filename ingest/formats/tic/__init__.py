"""Captures of the Linky customer serial output (TIC), historic and standard modes.

docs/sources.md, TIC. The reader (:mod:`ingest.formats.tic.reader`, whose names this package
gives) spots a capture by its checksums and reads it whole or streamed from its path,
chunk by chunk, in flat memory (:mod:`~ingest.formats.tic.chunks`):

- :mod:`~ingest.formats.tic.labels`: the separators and the labels Courbe decodes;
- :mod:`~ingest.formats.tic.scan`: the general scan of a chunk's groups (checksums,
  labels, values), with :mod:`~ingest.formats.tic.times` for receive-time prefixes and
  horodates;
- :mod:`~ingest.formats.tic.runs`: long runs of alike frames read faster, as 2-D views
  checked against a template frame; every other frame goes to the general scan, and the
  result is the same;
- :mod:`~ingest.formats.tic.minutes`: per minute, the first reading of each register and
  the highest apparent power;
- :mod:`~ingest.formats.tic.tables`: from those, the canonical ``registers`` (≤ one per
  minute), the 30-min ``curve`` (register differences, so it sums to the registers
  exactly), daily ``peaks`` and the tariff period the meter applied in each half-hour.
"""

from __future__ import annotations

from ingest.formats.tic.reader import FORMAT, read, read_chunks, sniff

__all__ = ["FORMAT", "read", "read_chunks", "sniff"]
