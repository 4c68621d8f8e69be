"""The small pieces every part of the report writes with: euros a year, kWh, a checked figure."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from analysis.calendar import YEAR_DAYS
from words import Lang, number

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


def fig(name: str, text: str, tag: str = "b", cls: str = "") -> str:
    """A checked figure: its text in a tag carrying ``data-figure="name"``."""
    attr = f' class="{cls}"' if cls else ""
    return f'<{tag}{attr} data-figure="{name}">{html.escape(text)}</{tag}>'
