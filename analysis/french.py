"""Numbers as people read them, in French (the default) or English.

``12 345,6``, ``1 234 €``, ``42 %``; ``12,345.6``, ``€1,234``, ``42%``. The analysis'
sentences, the printed report, its charts and the dashboard all format through here.
"""

from __future__ import annotations

from typing import Literal

Lang = Literal["fr", "en"]

THIN_SPACE = "\u202f"
"""The narrow no-break space French typography puts between thousands."""


def number(x: float, decimals: int = 0, *, lang: Lang = "fr") -> str:
    """``12 345,6``: thousands apart, decimal comma (English: ``12,345.6``)."""
    text = f"{x:,.{decimals}f}"
    return text.replace(",", THIN_SPACE).replace(".", ",") if lang == "fr" else text


def euros(x: float, *, lang: Lang = "fr") -> str:
    """Whole euros: ``1 234 €`` (English: ``€1,234``). [EUR]."""
    return f"{number(x, lang=lang)} €" if lang == "fr" else f"€{number(x, lang=lang)}"


def percent(share: float, *, lang: Lang = "fr") -> str:
    """A share [0–1] as a whole percentage: ``42 %`` (English: ``42%``)."""
    sign = " %" if lang == "fr" else "%"
    return f"{number(100 * share, lang=lang)}{sign}"
