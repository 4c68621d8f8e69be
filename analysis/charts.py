"""Static charts for the printed report: matplotlib drawn to inline SVG text.

No JavaScript and no external reference: the SVG is cut down to the ``<svg>`` element
(no XML prolog, no metadata, no namespace URIs), text kept as text, colours Okabe–Ito.
"""

from __future__ import annotations

import contextlib
import io
import re
from typing import TYPE_CHECKING

import matplotlib as mpl

from analysis.french import Lang, number

mpl.use("svg")
import matplotlib.pyplot as plt

if TYPE_CHECKING:
    from collections.abc import Iterator

    import polars as pl
    from matplotlib.figure import Figure
    from matplotlib.typing import RcKeyType

BLUE, ORANGE, GREY, SKY = "#0072B2", "#E69F00", "#999999", "#56B4E9"
MONTHS = {
    "fr": [
        *("janv.", "févr.", "mars", "avr.", "mai", "juin"),
        *("juil.", "août", "sept.", "oct.", "nov.", "déc."),
    ],
    "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
}
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


def monthly(totals: pl.DataFrame, lang: Lang) -> str:
    """Bars of kWh per month (``period``, ``kwh``, ``kwh_year_before``).

    The year before is drawn in grey where it is known.
    """
    with _style():
        fig, ax = plt.subplots(figsize=(7.2, 2.1))
        months = totals["period"].to_list()
        labels = [f"{MONTHS[lang][d.month - 1]}\n{d.year}" for d in months]
        x = range(len(months))
        before = totals["kwh_year_before"].to_list()
        if any(b is not None for b in before):
            ax.bar(
                [i - 0.2 for i in x],
                [b or 0 for b in before],
                width=0.4,
                color=GREY,
                label="l'année d'avant" if lang == "fr" else "the year before",
            )
            ax.bar([i + 0.2 for i in x], totals["kwh"].to_list(), width=0.4, color=BLUE)
            ax.legend(loc="upper right")
        else:
            ax.bar(list(x), totals["kwh"].to_list(), width=0.6, color=BLUE)
        ax.set_xticks(list(x), labels, fontsize=6.5)
        ax.set_ylabel("kWh")
        ax.yaxis.set_major_formatter(lambda v, _: number(v, lang=lang))
        return _svg(fig)


def typical_days(typical: pl.DataFrame, lang: Lang) -> str:
    """Median power per half-hour of a weekday in winter and in summer. [W]."""
    import polars as pl

    names = {
        "winter": ("semaine d'hiver", "winter weekday", BLUE),
        "summer": ("semaine d'été", "summer weekday", ORANGE),
    }
    with _style():
        fig, ax = plt.subplots(figsize=(3.5, 2.1))
        plotted = False
        for season, (fr, en, colour) in names.items():
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
                    label=fr if lang == "fr" else en,
                )
        ax.set_xticks(range(0, 25, 6), [f"{h} h" for h in range(0, 25, 6)])
        ax.set_ylabel("W")
        ax.yaxis.set_major_formatter(lambda v, _: number(v, lang=lang))
        if plotted:
            ax.legend(loc="upper left", fontsize=7)
        else:  # a short import: no weekday in winter or summer
            none = (
                "aucun jour de semaine d'hiver ni d'été"
                if lang == "fr"
                else "no winter or summer weekday"
            )
            ax.text(0.5, 0.5, none, ha="center", va="center", transform=ax.transAxes, color=GREY)
        return _svg(fig)


def baseload(nightly: pl.DataFrame, level_w: float, lang: Lang) -> str:
    """Each night's always-on load with the household's level. [W]."""
    with _style():
        fig, ax = plt.subplots(figsize=(3.5, 2.1))
        ax.scatter(nightly["day"].to_list(), nightly["w"].to_list(), s=2, color=SKY)
        ax.axhline(level_w, color=ORANGE, linestyle="--", linewidth=1.2)
        ax.set_ylabel("W")
        top = float(nightly["w"].quantile(0.95) or level_w * 2)
        ax.set_ylim(0, max(top, level_w * 1.5))
        ax.tick_params(axis="x", labelsize=6.5)
        fig.autofmt_xdate()
        return _svg(fig)
