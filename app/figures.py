"""Plotly figure builders: data in, figure out, in a colour-blind-safe palette (Okabe–Ito)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import plotly.graph_objects as go

from app.i18n import MONTHS_FR, WEEKDAY_NAMES, euros, t

if TYPE_CHECKING:
    import polars as pl

    from words import Lang

BLUE, ORANGE, GREEN, VERMILION, SKY, GREY = (
    "#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#999999",
)  # fmt: skip


def _layout(fig: go.Figure, *, y: str, lang: Lang) -> go.Figure:
    fig.update_layout(
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        height=360,
        yaxis_title=y,
        legend={"orientation": "h", "y": -0.2},
        separators=", " if lang == "fr" else ".,",
        plot_bgcolor="white",
    )
    fig.update_xaxes(showgrid=False)
    fig.update_yaxes(gridcolor="#eeeeee")
    return fig


def monthly(totals: pl.DataFrame, lang: Lang) -> go.Figure:
    """Bars of kWh per month, with the year before as a second series."""
    labels = [
        f"{MONTHS_FR[d.month - 1]} {d.year}" if lang == "fr" else d.strftime("%b %Y")
        for d in totals["period"].to_list()
    ]
    fig = go.Figure()
    if totals["kwh_year_before"].drop_nulls().len():  # no legend for a year not measured
        fig.add_bar(
            x=labels,
            y=totals["kwh_year_before"].to_list(),
            name=t("legend_year_before", lang),
            marker_color=GREY,
        )
    fig.add_bar(x=labels, y=totals["kwh"].to_list(), name="kWh", marker_color=BLUE)
    fig.update_layout(barmode="group")
    return _layout(fig, y="kWh", lang=lang)


def typical_day(typical: pl.DataFrame, lang: Lang) -> go.Figure:
    """Median power per half-hour with the P10–P90 band."""
    hours = [s / 2 for s in typical["slot"].to_list()]
    fig = go.Figure()
    fig.add_scatter(
        x=hours, y=typical["p90_w"].to_list(), line={"width": 0}, showlegend=False, hoverinfo="skip"
    )
    fig.add_scatter(
        x=hours,
        y=typical["p10_w"].to_list(),
        fill="tonexty",
        line={"width": 0},
        fillcolor="rgba(86,180,233,0.3)",
        name="10 %–90 %",
    )
    fig.add_scatter(
        x=hours,
        y=typical["median_w"].to_list(),
        line={"color": BLUE, "width": 3},
        name=t("chart.median", lang),
    )
    fig.update_xaxes(title=t("chart.hour", lang), dtick=2)
    return _layout(fig, y="W", lang=lang)


def reference_home(hourly: pl.DataFrame, lang: Lang) -> go.Figure:
    """Mean power by hour, the household beside the reference home of the same energy."""
    hours = hourly["hour"].to_list()
    fig = go.Figure()
    fig.add_scatter(
        x=hours,
        y=hourly["reference_w"].to_list(),
        line={"color": GREY, "width": 2, "dash": "dash"},
        name=t("chart.reference_home", lang),
    )
    fig.add_scatter(
        x=hours,
        y=hourly["w"].to_list(),
        line={"color": BLUE, "width": 3},
        name=t("chart.you", lang),
    )
    fig.update_xaxes(title=t("chart.hour", lang), dtick=2)
    return _layout(fig, y="W", lang=lang)


def heatmap(weekday_hour: pl.DataFrame, lang: Lang) -> go.Figure:
    """Mean power by weekday and hour."""
    days = [name[:3] for name in WEEKDAY_NAMES[lang]]
    grid = weekday_hour.pivot(on="hour", index="weekday", values="w").sort("weekday")
    z = grid.drop("weekday").to_numpy()
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=list(range(24)),
            y=[days[d - 1] for d in grid["weekday"]],
            colorscale="Cividis",
            colorbar={"title": "W"},
        )
    )
    fig.update_xaxes(title=t("chart.hour", lang), dtick=2)
    return _layout(fig, y="", lang=lang)


def baseload(nightly: pl.DataFrame, trend: pl.DataFrame, level_w: float, lang: Lang) -> go.Figure:
    """Nightly always-on load, its rolling median and the household's level."""
    fig = go.Figure()
    fig.add_scatter(
        x=nightly["day"].to_list(),
        y=nightly["w"].to_list(),
        mode="markers",
        marker={"color": SKY, "size": 4},
        name=t("chart.night", lang),
    )
    fig.add_scatter(
        x=trend["day"].to_list(),
        y=trend["w"].to_list(),
        line={"color": BLUE},
        name=t("chart.trend", lang),
    )
    fig.add_hline(y=level_w, line_dash="dash", line_color=ORANGE)
    return _layout(fig, y="W", lang=lang)


def load_duration(ld: pl.DataFrame, kva: int, lang: Lang) -> go.Figure:
    """The load-duration curve against the subscribed power."""
    fig = go.Figure()
    fig.add_scatter(x=ld["hours"].to_list(), y=ld["w"].to_list(), line={"color": BLUE}, name="W")
    fig.add_hline(
        y=kva * 1000, line_dash="dash", line_color=VERMILION, annotation_text=f"{kva} kVA"
    )
    fig.update_xaxes(title=t("chart.hours", lang))
    return _layout(fig, y="W", lang=lang)


def tariffs(costs: list[tuple[str, float]], current: str, lang: Lang) -> go.Figure:
    """Total cost per option, cheapest on top, the household's own highlighted."""
    ranked = sorted(costs, key=lambda c: -c[1])
    names = [c[0] for c in ranked]
    fig = go.Figure(
        go.Bar(
            y=names,
            x=[c[1] for c in ranked],
            orientation="h",
            text=[euros(c[1], lang) for c in ranked],
            textposition="inside",
            insidetextanchor="end",
            marker_color=[ORANGE if n == current else BLUE for n in names],
        )
    )
    fig = _layout(fig, y="", lang=lang)
    fig.update_layout(height=80 + 50 * len(costs), xaxis_title="€")
    return fig
