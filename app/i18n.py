"""The dashboard's words: the catalogue (:mod:`words`) in the page's language, and units.

Every sentence is in ``words/*.toml``; this module only names the helpers pages use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import words
from words.numbers import MONTHS as MONTH_NAMES
from words.numbers import SHORT_MONTHS
from words.numbers import WEEKDAYS as WEEKDAY_NAMES

if TYPE_CHECKING:
    from words import Lang

__all__ = [
    "MONTHS_FR",
    "MONTH_NAMES",
    "WEEKDAY_NAMES",
    "euros",
    "file_size",
    "kwh",
    "number",
    "percent",
    "t",
]

MONTHS_FR = SHORT_MONTHS["fr"]


def t(key: str, lang: Lang, **values: object) -> str:
    """The sentence ``key`` of the catalogue in ``lang``, with ``{placeholders}`` filled."""
    return words.say(key, lang, **values)


def file_size(size: int, lang: Lang) -> str:
    """A file's size in words: ``820 ko``, ``1,5 Mo``, ``1 Go`` (``kB``, ``MB``, ``GB``). [B]."""
    units = ("ko", "Mo", "Go") if lang == "fr" else ("kB", "MB", "GB")
    for power, unit in zip((3, 2, 1), reversed(units), strict=True):
        scale = 1024**power
        if size >= scale:
            value = size / scale
            return (
                f"{number(value, lang, decimals=0 if value >= 10 or value % 1 == 0 else 1)} {unit}"
            )
    return f"{number(size, lang)} {'octets' if lang == 'fr' else 'bytes'}"


def number(x: float, lang: Lang, *, decimals: int = 0) -> str:
    """``12 345,6`` in French, ``12,345.6`` in English (:func:`words.number`)."""
    return words.number(x, decimals, lang=lang)


def kwh(x: float, lang: Lang) -> str:
    """Energy with its unit. [kWh]."""
    return f"{number(x, lang)} kWh"


def euros(x: float, lang: Lang) -> str:
    """``1 234 €`` in French, ``€1,234`` in English."""
    return words.euros(x, lang=lang)


def percent(x: float, lang: Lang) -> str:
    """A share [0–1] as a percentage."""
    return words.percent(x, lang=lang)
