"""Numbers in the French sentences the analysis writes: ``12 345,6``, ``1 234 €``, ``42 %``."""

from __future__ import annotations

THIN_SPACE = "\u202f"
"""The narrow no-break space French typography puts between thousands."""


def number(x: float, decimals: int = 0) -> str:
    """``12 345,6``: thousands apart, decimal comma."""
    return f"{x:,.{decimals}f}".replace(",", THIN_SPACE).replace(".", ",")


def euros(x: float) -> str:
    """Whole euros. [EUR]."""
    return f"{number(x)} €"


def percent(share: float) -> str:
    """A share [0–1] as a whole percentage."""
    return f"{number(100 * share)} %"
