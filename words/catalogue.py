"""The catalogue: every sentence a person reads, each in French and in English.

The sentences live in ``words/*.toml``, one file per domain (``app``, ``report``,
``anomalies``…), each key a table with an ``fr`` and an ``en`` string::

    [anomaly.zero_day]
    fr = "Le compteur a transmis zéro toute la journée…"
    en = "The meter sent zero all day…"

Keys are unique across files. A sentence's ``{placeholders}`` are filled by :func:`say`:
numbers and dates are written the language's way, with a format of their own
(:class:`_Value`); a :class:`Said` inside a sentence is said in the same language.
"""

from __future__ import annotations

import datetime as dt
import re
import string
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from words import numbers
from words.numbers import LANGS, Lang

if TYPE_CHECKING:
    from collections.abc import Mapping

FOLDER = Path(__file__).parent
_FLOAT = re.compile(r"\.(\d+)f")


@cache
def sentences() -> dict[str, dict[Lang, str]]:
    """Every key of every ``words/*.toml`` file, with its sentence in each language."""
    found: dict[str, dict[Lang, str]] = {}
    where: dict[str, str] = {}
    for path in sorted(FOLDER.glob("*.toml")):
        for key, entry in _entries(tomllib.loads(path.read_text(encoding="utf-8"))):
            if key in found:
                raise ValueError(f"{path.name}: {key!r} is also in {where[key]}")
            if set(entry) != set(LANGS) or not all(isinstance(v, str) for v in entry.values()):
                raise ValueError(f"{path.name}: {key!r} needs exactly one fr and one en string")
            found[key], where[key] = {lang: entry[lang] for lang in LANGS}, path.name
    return found


def _entries(table: dict[str, Any], prefix: str = "") -> list[tuple[str, dict[str, Any]]]:
    """The ``(dotted key, {fr, en})`` leaves of a TOML document."""
    out: list[tuple[str, dict[str, Any]]] = []
    for name, value in table.items():
        key = f"{prefix}{name}"
        if not isinstance(value, dict):
            raise ValueError(f"{key!r}: a sentence is a table of fr and en strings")
        if "fr" in value or "en" in value:
            out.append((key, value))
        else:
            out.extend(_entries(value, f"{key}."))
    return out


def placeholders(text: str) -> set[str]:
    """The names a sentence fills: ``{kwh:.1f} kWh le {day}`` → ``{"kwh", "day"}``."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def say(key: str, lang: Lang = "fr", /, **values: object) -> str:
    """The sentence ``key`` in ``lang``, its ``{placeholders}`` filled with ``values``.

    Numbers: ``{x}`` whole, ``{x:.1f}`` one decimal, ``{x:eur}`` euros (``{x:eur.2}`` with
    cents), ``{x:%}`` a share [0–1] as a percentage; dates: ``{d}`` short, ``{d:long}``
    with the month's name; a :class:`Said` (or anything with a ``say(lang)`` method, such as
    an off-peak schedule) is said in ``lang``; text as given.
    """
    text = sentences()[key][lang]
    return text.format(**{k: _Value(v, lang) for k, v in values.items()})


@dataclass(frozen=True)
class _Value:
    """One value of a sentence, formatted the way its language writes it."""

    value: object
    lang: Lang

    def __format__(self, spec: str) -> str:
        v, lang = self.value, self.lang
        if isinstance(v, Said) or callable(getattr(v, "say", None)):
            return str(v.say(lang))  # type: ignore[attr-defined]
        if isinstance(v, dt.date) and not isinstance(v, dt.datetime):
            return numbers.day(v, lang=lang, long=spec == "long")
        if isinstance(v, bool) or not isinstance(v, int | float):
            return format(str(v), spec)
        if spec.startswith("eur"):
            return numbers.euros(v, int(spec[4:] or 0), lang=lang)
        if spec.startswith("%"):
            return numbers.percent(v, int(spec[1:] or 0), lang=lang)
        m = _FLOAT.fullmatch(spec)
        if spec and not m:
            raise ValueError(f"unknown number format {spec!r}")
        return numbers.number(v, int(m.group(1)) if m else 0, lang=lang)


@dataclass(frozen=True)
class Said:
    """A sentence of the catalogue, not yet in a language: its key and its values.

    What analysis and ingest return where a person will read something; pages, the
    report and the command lines call :meth:`say` in the reader's language.
    """

    key: str
    values: Mapping[str, object] = field(default_factory=dict)

    def say(self, lang: Lang = "fr") -> str:
        """The sentence in ``lang``."""
        return say(self.key, lang, **self.values)

    def as_dict(self) -> dict[str, object]:
        """Plain types, for JSON: the key and its values (dates in ISO, sentences nested)."""
        return {"key": self.key, "values": {k: _plain(v) for k, v in self.values.items()}}


def said(key: str, /, **values: object) -> Said:
    """``Said(key, values)``, checked: the key exists and the values are the ones it fills."""
    wanted = placeholders(sentences()[key]["fr"])
    if wanted != set(values):
        raise KeyError(f"{key!r} fills {sorted(wanted)}, given {sorted(values)}")
    return Said(key, values)


def _plain(v: object) -> object:
    if isinstance(v, Said):
        return v.as_dict()
    if callable(getattr(v, "say", None)):  # an off-peak schedule: its canonical French
        return str(v.say(lang="fr"))  # type: ignore[attr-defined]
    if isinstance(v, dt.date):
        return v.isoformat()
    return v
