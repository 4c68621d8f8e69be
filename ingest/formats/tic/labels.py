"""The bytes and labels of a TIC group: separators, the labels Courbe decodes, their keys.

A label is known by its first 8 bytes read as one little-endian integer (:func:`label_key`),
so the scan compares one number per group instead of a string.
"""

from __future__ import annotations

import numpy as np

STX, ETX, LF, CR, HT, SP = 0x02, 0x03, 0x0A, 0x0D, 0x09, 0x20

HISTORIC_REGISTERS = (
    "BASE",
    "HCHC",
    "HCHP",
    "EJPHN",
    "EJPHPM",
    "BBRHCJB",
    "BBRHPJB",
    "BBRHCJW",
    "BBRHPJW",
    "BBRHCJR",
    "BBRHPJR",
)
STANDARD_REGISTERS = (
    "EAST",
    *(f"EASF{i:02d}" for i in range(1, 11)),
    *(f"EASD{i:02d}" for i in range(1, 5)),
    "EAIT",
)
POWER = ("PAPP", "SINSTS", "SINSTI")
MAXIMUM = ("SMAXSN",)
TEXT = ("PTEC", "LTARF", "NTARF", "ADCO", "ADSC", "PRM", "OPTARIF", "NGTF")
PERIODS = ("PTEC", "LTARF")
DATE = "DATE"
NUMERIC = (*HISTORIC_REGISTERS, *STANDARD_REGISTERS, *POWER, *MAXIMUM)
WANTED = (*NUMERIC, *TEXT, DATE)


def label_key(label: str) -> int:
    """A label's first 8 bytes as a little-endian integer (NUL-padded)."""
    raw = label.encode().ljust(8, b"\0")
    return int.from_bytes(raw, "little")


LABEL_KEYS = {label_key(x): x for x in WANTED}
MASKS = np.array(
    [(1 << (8 * k)) - 1 if k < 8 else (1 << 64) - 1 for k in range(9)], dtype=np.uint64
)


def _signed(label: str) -> int:
    """A label's key as the readings store it (int64)."""
    return int(np.uint64(label_key(label)).astype(np.int64))


KEY = {name: _signed(name) for name in WANTED}
LABEL = {key: name for name, key in KEY.items()}
REGISTER_KEYS = [KEY[x] for x in (*HISTORIC_REGISTERS, *STANDARD_REGISTERS)]
POWER_KEYS = [KEY["PAPP"], KEY["SINSTS"]]
