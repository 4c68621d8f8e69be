"""Static charts for the printed report: matplotlib drawn to inline SVG text.

No JavaScript and no external reference: the SVG is cut down to the ``<svg>`` element
(no XML prolog, no metadata, no namespace URIs), text kept as text, colours Okabe–Ito.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import re
from typing import TYPE_CHECKING

import matplotlib as mpl

from words import Lang, number, say
from words.numbers import SHORT_MONTHS

mpl.use("svg")
import matplotlib.pyplot as plt

if TYPE_CHECKING:
    from collections.abc import Iterator

    import polars as pl
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.typing import RcKeyType

BLUE, ORANGE, GREY, SKY = "#0072B2", "#E69F00", "#999999", "#56B4E9"
MONTHS = SHORT_MONTHS
STYLE: dict[RcKeyType, object] = {
    "svg.fonttype": "none",
    "svg.hashsalt": "courbe",
    "font.family": "sans-serif",
    "font.size": 8,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": "#888888",
    "axes.grid": True,
    "axes.grid.axis": "y",
    "axes.axisbelow": True,
    "grid.color": "#e5e5e5",
    "legend.frameon": False,
}


@contextlib.contextmanager
def _style() -> Iterator[None]:
    """The report's look, for the figures drawn inside."""
    with plt.rc_context(STYLE):
        yield


def _svg(fig: Figure) -> str:
    """The figure as a bare ``<svg>`` element for inline HTML."""
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(fig)
    text = buf.getvalue()
    text = text[text.index("<svg") :]
    text = re.sub(r"<metadata>.*?</metadata>", "", text, flags=re.DOTALL)
    text = re.sub(r'\s+xmlns(:\w+)?="[^"]*"', "", text)
    return re.sub(r'\s(width|height)="[^"]*"', "", text, count=2)  # scale to the page


MONTHS_SHOWN = 12
"""The monthly chart shows the last twelve months (the year before behind them, in grey)."""
PARTIAL_MONTH = 0.9
"""A month with less than this share of its minutes known is drawn paler."""


def _legend_above(ax: Axes, ncol: int) -> None:
    """The legend in a row above the plot, where it hides no bar and no curve."""
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncol=ncol, fontsize=7, borderaxespad=0.2)


def monthly(totals: pl.DataFrame, lang: Lang) -> str:
    """Bars of kWh per month (``period``, ``kwh``, ``coverage``, ``kwh_year_before``).

    The last :data:`MONTHS_SHOWN` months; the same month a year before in grey where it is
    known; months less than :data:`PARTIAL_MONTH` covered paler. Each tick names its month;
    the year is written once, under its first month shown.
    """
    import polars as pl

    # The year before only where that month was itself well covered.
    known = totals.filter(pl.col("coverage") >= PARTIAL_MONTH).select(
        pl.col("period").dt.offset_by("1y"), known=pl.lit(value=True)
    )
    totals = (
        totals.tail(MONTHS_SHOWN)
        .join(known, on="period", how="left")
        .with_columns(kwh_year_before=pl.when(pl.col("known")).then(pl.col("kwh_year_before")))
        .sort("period")
    )
    with _style():
        fig, ax = plt.subplots(figsize=(7.2, 2.3))
        months = totals["period"].to_list()
        labels = [
            f"{MONTHS[lang][d.month - 1]}\n{d.year}"
            if i == 0 or d.month == 1
            else MONTHS[lang][d.month - 1]
            for i, d in enumerate(months)
        ]
        x = list(range(len(months)))
        kwh = totals["kwh"].to_list()
        coverage = totals["coverage"].to_list() if "coverage" in totals.columns else [1.0] * len(x)
        colours = [BLUE if (c or 0) >= PARTIAL_MONTH else SKY for c in coverage]
        before = totals["kwh_year_before"].to_list()
        has_before = any(b is not None for b in before)
        width, shift = (0.4, 0.2) if has_before else (0.6, 0.0)
        if has_before:
            ax.bar(
                [i - shift for i in x],
                [b or 0 for b in before],
                width=width,
                color=GREY,
                label=say("chart.year_before", lang),
            )
        ax.bar(
            [i + shift for i in x],
            kwh,
            width=width,
            color=colours,
            label=(say("chart.this_year", lang) if has_before else say("chart.whole_month", lang)),
        )
        if SKY in colours:
            ax.bar([0], [0], color=SKY, label=say("chart.incomplete_month", lang))
        if has_before or SKY in colours:
            _legend_above(ax, 3)
        ax.set_xticks(x, labels, fontsize=6.8)
        ax.set_xlim(-0.6, len(x) - 0.4)
        ax.set_ylabel("kWh")
        ax.yaxis.set_major_formatter(lambda v, _: number(v, lang=lang))
        return _svg(fig)


def typical_days(typical: pl.DataFrame, lang: Lang) -> str:
    """Median power per half-hour of a weekday in winter and in summer. [W]."""
    import polars as pl

    names = {
        "winter": ("chart.winter_weekday", BLUE),
        "summer": ("chart.summer_weekday", ORANGE),
    }
    with _style():
        fig, ax = plt.subplots(figsize=(3.5, 2.1))
        plotted = False
        for season, (key, colour) in names.items():
            day = typical.filter(
                (pl.col("day_type") == "weekday") & (pl.col("season") == season)
            ).sort("slot")
            if day.height:
                plotted = True
                ax.plot(
                    [s / 2 for s in day["slot"].to_list()],
                    day["median_w"].to_list(),
                    color=colour,
                    linewidth=1.6,
                    label=say(key, lang),
                )
        ax.set_xticks(range(0, 25, 6), [f"{h} h" for h in range(0, 25, 6)])
        ax.set_xlim(0, 24)
        ax.set_ylim(bottom=0)
        ax.set_ylabel("W")
        ax.yaxis.set_major_formatter(lambda v, _: number(v, lang=lang))
        if plotted:
            _legend_above(ax, 2)
        else:  # a short import: no weekday in winter or summer
            none = say("chart.no_weekday", lang)
            ax.text(0.5, 0.5, none, ha="center", va="center", transform=ax.transAxes, color=GREY)
        return _svg(fig)


SHORT_SPAN_DAYS = 120
"""Date axes shorter than this are labelled by day, longer ones by month."""


def _date_axis(ax: Axes, days: pl.Series, lang: Lang) -> None:
    """Ticks for a date axis: about seven days on a short span, else quarters.

    Quarters are named by their first month, the year under each January.
    """
    first, last = days.min(), days.max()
    if not isinstance(first, dt.date) or not isinstance(last, dt.date):
        return
    span = (last - first).days
    if span < SHORT_SPAN_DAYS:
        step = max(1, -(-span // 7))
        ticks = [first + dt.timedelta(days=i) for i in range(0, span + 1, step)]
        labels = [
            f"{d:%d/%m}" if lang == "fr" else f"{d.day} {MONTHS['en'][d.month - 1]}" for d in ticks
        ]
    else:
        ticks = [
            dt.date(y, m, 1)
            for y in range(first.year, last.year + 1)
            for m in (1, 4, 7, 10)
            if first <= dt.date(y, m, 1) <= last
        ]
        labels = [
            MONTHS[lang][d.month - 1] + (f"\n{d.year}" if d.month == 1 else "") for d in ticks
        ]
    ax.set_xticks(ticks, labels)  # type: ignore[arg-type]


def daily(days: pl.DataFrame, lang: Lang) -> str:
    """Bars of kWh per day (``day``, ``kwh``, ``coverage``), days under 95 % known paler."""
    import polars as pl

    with _style():
        fig, ax = plt.subplots(figsize=(7.2, 2.3))
        colours = [BLUE if c >= 0.95 else SKY for c in days["coverage"].fill_null(0).to_list()]
        ax.bar(days["day"].to_list(), days["kwh"].to_list(), width=0.8, color=colours)
        if SKY in colours:
            ax.bar(
                [days["day"][0]],
                [0],
                color=SKY,
                label=say("chart.incomplete_day", lang),
            )
            _legend_above(ax, 1)
        _date_axis(ax, days["day"], lang)
        ax.set_ylabel("kWh")
        ax.yaxis.set_major_formatter(lambda v, _: number(v, lang=lang))
        del pl
        return _svg(fig)


def baseload(nightly: pl.DataFrame, level_w: float, lang: Lang) -> str:
    """Each night's always-on load with the household's level. [W]."""
    with _style():
        fig, ax = plt.subplots(figsize=(3.5, 2.1))
        ax.scatter(nightly["day"].to_list(), nightly["w"].to_list(), s=2, color=SKY)
        ax.axhline(level_w, color=ORANGE, linestyle="--", linewidth=1.2)
        ax.set_ylabel("W")
        ax.yaxis.set_major_formatter(lambda v, _: number(v, lang=lang))
        top = float(nightly["w"].quantile(0.95) or level_w * 2)
        ax.set_ylim(0, max(top, level_w * 1.5))
        ax.tick_params(axis="x", labelsize=6.5)
        _date_axis(ax, nightly["day"], lang)
        return _svg(fig)
