"""The small pieces every part of the report writes with: euros a year, kWh, a checked figure."""

from __future__ import annotations

import html
import math
from typing import TYPE_CHECKING

from analysis.calendar import YEAR_DAYS
from words import Lang, number, percent

if TYPE_CHECKING:
    from analysis.report import Report


def years(report: Report) -> float:
    """What to divide the period's euros by for euros a year: 1 for a period of a year.

    A leap year's 366 days are one year, not 1.002: its cost a year is its cost.
    """
    return 1.0 if report.days in (YEAR_DAYS, YEAR_DAYS + 1) else max(report.years, 1e-9)


def kwh(x: float, lang: Lang) -> str:
    """An energy as printed: ``14 315 kWh``."""
    return f"{number(x, lang=lang)} kWh"


def coverage(share: float, lang: Lang) -> str:
    """The share of half-hours known [0–1], never rounded up to a whole: ``99,7 %``.

    A year with one day missing is 99.73 % known: rounded to ``100 %`` it would say
    nothing is missing. From 99 % up it is cut (not rounded) to 0.1 %; below, rounded
    to 1 % (it cannot reach 100 % there).
    """
    if share >= 1 or share < 0.99:
        return percent(min(share, 1.0), lang=lang)
    return percent(math.floor(share * 1000 + 1e-9) / 1000, 1, lang=lang)  # (0.997·1000)


def fig(name: str, text: str, tag: str = "b", cls: str = "") -> str:
    """A checked figure: its text in a tag carrying ``data-figure="name"``."""
    attr = f' class="{cls}"' if cls else ""
    return f'<{tag}{attr} data-figure="{name}">{html.escape(text)}</{tag}>'
