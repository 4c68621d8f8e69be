"""The adviser's report: one self-contained HTML file, two A4 pages, and its PDF.

Page 1 is the home energy summary a client reads in a minute: the year in kWh and euros,
against the year before and against similar homes, three actions of different kinds with
what each is worth a year, the right option and power. Page 2 holds the detail: the
tariff table, the typical day, the always-on load, what stands out, and what the figures
rest on.

The HTML holds everything (CSS and the charts as inline SVG; no script, no remote asset),
so it opens offline and prints the same anywhere. The PDF is that HTML printed by a
headless Chromium when one is installed. Every figure comes from :class:`Report`; those a
test checks carry ``data-figure`` attributes naming the figure. Every sentence is written
here from kinds and numbers, in French or English: none is borrowed from the analysis'
French text, and no internal note or price-grid code is shown.
"""

from document.action import ACTIONS, TIP_KINDS, Action, actions
from document.action import _tip_action as _tip_action  # a tip as an action: tests pick it
from document.anomalies import DATA_KINDS, MAX_ANOMALIES, PER_KIND
from document.pages import DAILY_CHART_DAYS, TERMS, figure_texts, render
from document.pdf import CHROMIUMS, PdfUnavailable, find_chromium, to_pdf
from document.style import CSS
from document.year import (
    MIN_COMPARED_DAYS,
    SAME_DAY_COVERAGE,
    WHOLE_YEAR_DAYS,
    WINTER_OPTIONS,
    Year,
    YearBefore,
    has_winter,
    year_before,
    year_of,
)

__all__ = [
    "ACTIONS",
    "CHROMIUMS",
    "CSS",
    "DAILY_CHART_DAYS",
    "DATA_KINDS",
    "MAX_ANOMALIES",
    "MIN_COMPARED_DAYS",
    "PER_KIND",
    "SAME_DAY_COVERAGE",
    "TERMS",
    "TIP_KINDS",
    "WHOLE_YEAR_DAYS",
    "WINTER_OPTIONS",
    "Action",
    "PdfUnavailable",
    "Year",
    "YearBefore",
    "actions",
    "figure_texts",
    "find_chromium",
    "has_winter",
    "render",
    "to_pdf",
    "year_before",
    "year_of",
]
