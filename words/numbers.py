"""Numbers and dates as people read them, in French (the default) or English.

``12 345,6``, ``1 234 €``, ``42 %``, ``12/03/2024``; ``12,345.6``, ``€1,234``, ``42%``,
``12 Mar 2024``. Every sentence of the catalogue, the printed report, its charts and the
dashboard format through here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    import datetime as dt

Lang = Literal["fr", "en"]
LANGS: tuple[Lang, ...] = ("fr", "en")

THIN_SPACE = "\u202f"
"""The narrow no-break space French typography puts between thousands."""

MONTHS: dict[Lang, tuple[str, ...]] = {
    "fr": (
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}
SHORT_MONTHS: dict[Lang, tuple[str, ...]] = {
    "fr": (
        *("janv.", "févr.", "mars", "avr.", "mai", "juin"),
        *("juil.", "août", "sept.", "oct.", "nov.", "déc."),
    ),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}
"""The months as axes and short dates write them."""
WEEKDAYS: dict[Lang, tuple[str, ...]] = {
    "fr": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}


def number(x: float, decimals: int = 0, *, lang: Lang = "fr") -> str:
    """``12 345,6``: thousands apart, decimal comma (English: ``12,345.6``)."""
    text = f"{x:,.{decimals}f}"
    if text.startswith("-") and text.strip("-0.,") == "":
        text = text[1:]  # no "-0"
    return text.replace(",", THIN_SPACE).replace(".", ",") if lang == "fr" else text


def euros(x: float, decimals: int = 0, *, lang: Lang = "fr") -> str:
    """Euros: ``1 234 €`` (English: ``€1,234``), whole unless ``decimals``. [EUR]."""
    text = number(x, decimals, lang=lang)
    if lang == "fr":
        return f"{text} €"
    return f"-€{text[1:]}" if text.startswith("-") else f"€{text}"


def percent(share: float, decimals: int = 0, *, lang: Lang = "fr") -> str:
    """A share [0–1] as a percentage: ``42 %`` (English: ``42%``)."""
    sign = " %" if lang == "fr" else "%"
    return f"{number(100 * share, decimals, lang=lang)}{sign}"


def day(d: dt.date, *, lang: Lang = "fr", long: bool = False) -> str:
    """A day: ``12/03/2024`` or ``12 mars 2024`` (English: ``12 Mar 2024``, ``12 March 2024``)."""
    if lang == "fr":
        return f"{d.day} {MONTHS['fr'][d.month - 1]} {d.year}" if long else f"{d:%d/%m/%Y}"
    month = (MONTHS if long else SHORT_MONTHS)["en"][d.month - 1]
    return f"{d.day} {month} {d.year}"
