"""Figures of the time navigation: one day's or week's curve, a period's bars, temperature.

The curve's x axis counts hours from the period's first local midnight, so a 23- or 25-hour
day is drawn as long as it was; its ticks carry the local wall-clock time, in the
catalogue's words (Plotly's own date axis would name months and weekdays in English).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import plotly.graph_objects as go
import polars as pl

from analysis import calendar
from analysis.periods import Period, Span, local_time_utc
from analysis.tempo import ESTIMATED
from app.figures import BLUE, GREY, ORANGE, SKY, VERMILION
from app.i18n import MONTH_NAMES, MONTHS_FR, WEEKDAY_NAMES, t

if TYPE_CHECKING:
    from analysis.thermal import HeatingLine
    from words import Lang

TEMPO_FILL = {"BLEU": BLUE, "BLANC": "#ffffff", "ROUGE": VERMILION}
TEMPO_TEXT = {"BLEU": "#ffffff", "BLANC": "#333333", "ROUGE": "#ffffff"}
TEMPO_DAY_START_MIN = 6 * 60
"""A Tempo day starts at 06:00 local time. [min]"""
TEMPO_LABEL_MIN_WIDTH = 0.1
"""A Tempo strip is named only when it spans this share of the chart's width (a week's
first six hours are too narrow for words). [0–1]"""


DAY_FORMAT: dict[Lang, str] = {"fr": "%d/%m/%Y", "en": "%-d %b %Y"}
"""A day as :func:`words.day` writes it, for Polars' strftime (chrono: ``%-d``, ``%b``)."""


def _layout(fig: go.Figure, *, y: str, lang: Lang, height: int = 380) -> go.Figure:
    fig.update_layout(
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        height=height,
        yaxis_title=y,
        legend={"orientation": "h", "y": -0.15},
        separators=", " if lang == "fr" else ".,",
        plot_bgcolor="white",
        hovermode="closest",
    )
    fig.update_xaxes(showgrid=False, zeroline=False)
    fig.update_yaxes(gridcolor="#eeeeee", rangemode="tozero")
    return fig


def _month_short(month: int, lang: Lang) -> str:
    return MONTHS_FR[month - 1] if lang == "fr" else MONTH_NAMES["en"][month - 1][:3]


def _hours(column: str, origin: dt.datetime) -> pl.Expr:
    """Hours from ``origin`` (UTC) to a UTC column. [h]."""
    return (pl.col(column) - pl.lit(origin)).dt.total_seconds() / 3600


def _elapsed(at: dt.datetime, origin: dt.datetime) -> float:
    return (at - origin).total_seconds() / 3600


def _ticks(period: Period, lang: Lang) -> tuple[list[float], list[str]]:
    """Tick positions [h from the start] and their local labels."""
    origin = period.utc_bounds()[0]
    if period.days == 1:
        hours = range(0, 25, 3)
        at = [local_time_utc(period.first, h * 60) for h in hours]
        return [_elapsed(a, origin) for a in at], [f"{h:02d}:00" for h in hours]
    days = [period.first + dt.timedelta(days=i) for i in range(period.days)]
    return (
        [_elapsed(local_time_utc(d, 0), origin) for d in days],
        [f"{WEEKDAY_NAMES[lang][d.weekday()][:3]} {d.day}" for d in days],
    )


def _steps(rows: pl.DataFrame, origin: dt.datetime) -> pl.DataFrame:
    """Points for a step line of average power, broken where intervals are missing.

    Each interval is drawn from its start to its end.
    """
    runs = rows.select("start", "end", "w").with_columns(
        run=(pl.col("start") != pl.col("end").shift(1)).fill_null(value=True).cum_sum()
    )
    label = calendar.local("start").dt.strftime("%d/%m %H:%M")
    starts = runs.select(x=_hours("start", origin), w="w", order=pl.lit(0), when=label)
    ends = runs.group_by("run").agg(pl.col("end").last(), pl.col("w").last())
    closing = ends.select(x=_hours("end", origin), w="w", order=pl.lit(1), when=pl.lit(None))
    breaks = ends.select(
        x=_hours("end", origin), w=pl.lit(None, pl.Float64), order=pl.lit(2), when=pl.lit(None)
    )
    return pl.concat([starts, closing, breaks.cast(starts.schema)], how="vertical_relaxed").sort(
        "x", "order"
    )


def curve(
    rows: pl.DataFrame,
    behind: pl.DataFrame,
    off_peak: list[Span],
    tempo: pl.DataFrame,
    period: Period,
    lang: Lang,
) -> go.Figure:
    """The period's average power per interval over its typical day, off-peak shaded.

    ``rows``: the prepared curve's intervals of the period; ``behind``:
    :func:`analysis.periods.typical_for`; ``tempo``: ``day``, ``colour`` of the Tempo days
    that reach into the period (empty when unknown).
    """
    origin, end = period.utc_bounds()
    fig = go.Figure()
    for a, b in off_peak:
        fig.add_vrect(
            x0=_elapsed(a, origin),
            x1=_elapsed(b, origin),
            fillcolor=SKY,
            opacity=0.18,
            line_width=0,
            layer="below",
        )
    if off_peak:  # its legend only where some hours are shaded
        fig.add_scatter(
            x=[None],
            y=[None],
            mode="markers",
            marker={"symbol": "square", "size": 12, "color": SKY, "opacity": 0.4},
            name=t("legend_off_peak", lang),
        )
    if behind.height:
        x = behind.select(_hours("start", origin))["start"].to_list()
        fig.add_scatter(
            x=x, y=behind["p90_w"].to_list(), line={"width": 0}, showlegend=False, hoverinfo="skip"
        )
        fig.add_scatter(
            x=x,
            y=behind["p10_w"].to_list(),
            fill="tonexty",
            fillcolor="rgba(153,153,153,0.22)",
            line={"width": 0},
            name=t("legend_band", lang),
            hoverinfo="skip",
        )
        fig.add_scatter(
            x=x,
            y=behind["median_w"].to_list(),
            line={"color": GREY, "width": 2, "dash": "dot"},
            name=t("legend_typical", lang),
            hovertemplate="%{y:.0f} W<extra></extra>",
        )
    if rows.height:
        steps = _steps(rows, origin)
        fig.add_scatter(
            x=steps["x"].to_list(),
            y=steps["w"].to_list(),
            customdata=steps["when"].to_list(),
            line={"color": BLUE, "width": 2, "shape": "hv"},
            name=t("legend_power", lang),
            hovertemplate="%{customdata} · %{y:.0f} W<extra></extra>",
        )
    if "source" not in tempo.columns:
        tempo = tempo.with_columns(source=pl.lit(None, pl.String))
    for day, colour, source in tempo.select("day", "colour", "source").iter_rows():
        a = max(local_time_utc(day, TEMPO_DAY_START_MIN), origin)
        b = min(local_time_utc(day, 1440 + TEMPO_DAY_START_MIN), end)
        if a >= b:
            continue
        x0, x1 = _elapsed(a, origin), _elapsed(b, origin)
        fig.add_shape(
            type="rect",
            x0=x0,
            x1=x1,
            y0=1.02,
            y1=1.11,
            xref="x",
            yref="paper",
            fillcolor=TEMPO_FILL[colour],
            line={"color": "#999999", "width": 1},
        )
        if (x1 - x0) / _elapsed(end, origin) >= TEMPO_LABEL_MIN_WIDTH:
            fig.add_annotation(
                x=(x0 + x1) / 2,
                y=1.065,
                xref="x",
                yref="paper",
                yanchor="middle",
                # A colour no one published (the estimated calendar) is said to be one.
                text=t(
                    "tempo_day_estimated" if source == ESTIMATED else "tempo_day",
                    lang,
                    colour=t(f"colour_{colour}", lang),
                ),
                showarrow=False,
                font={"size": 12, "color": TEMPO_TEXT[colour]},
            )
    ticks, texts = _ticks(period, lang)
    fig.update_xaxes(
        range=[0, _elapsed(end, origin)],
        tickvals=ticks,
        ticktext=texts,
        showgrid=period.days > 1,
        gridcolor="#dddddd",
    )
    fig = _layout(fig, y=t("axis_power", lang), lang=lang, height=440)
    fig.update_layout(margin={"t": 60} if tempo.height else {})
    return fig


def period_bars(rows: pl.DataFrame, period: Period, lang: Lang) -> go.Figure:
    """Energy per month (a year), per day (a season, month or week) or per hour (a day).

    Each bar of days carries its date (``customdata``, ISO) so a click can open it.
    """
    if period.kind == "year":
        per = rows.group_by(when=pl.col("day").dt.truncate("1mo")).agg(pl.col("kwh").sum())
        per = per.sort("when")
        names = [_month_short(d.month, lang) for d in per["when"].to_list()]
        days: list[str | None] = [None] * per.height
    elif period.kind == "day":
        per = rows.group_by(when=pl.col("hour").floor().cast(pl.Int32)).agg(pl.col("kwh").sum())
        per = per.sort("when")
        names = [f"{h:02d}:00" for h in per["when"].to_list()]
        days = [period.first.isoformat()] * per.height
    else:
        per = rows.group_by(when=pl.col("day")).agg(pl.col("kwh").sum()).sort("when")
        dates = per["when"].to_list()
        names = [
            f"{WEEKDAY_NAMES[lang][d.weekday()][:3]} {d.day}"
            if period.kind == "week"
            else str(d.day)
            if period.kind == "month"
            else f"{d.day}/{d.month}"
            for d in dates
        ]
        days = [d.isoformat() for d in dates]
    hover = [
        f"{WEEKDAY_NAMES[lang][dt.date.fromisoformat(d).weekday()]} {n}" if d else n
        for d, n in zip(days, names, strict=True)
    ]
    fig = go.Figure(
        go.Bar(
            x=names,
            y=per["kwh"].to_list(),
            customdata=days,
            hovertext=hover,
            marker_color=BLUE,
            hovertemplate="%{hovertext} · %{y:.1f} kWh<extra></extra>",
        )
    )
    fig.update_xaxes(type="category")
    fig = _layout(fig, y=t("axis_kwh", lang), lang=lang, height=300)
    fig.update_layout(margin={"t": 10})
    return fig


def temperature(
    days: pl.DataFrame, line: HeatingLine | None, chosen: Period | None, lang: Lang
) -> go.Figure:
    """Daily kWh against the day's mean temperature, with the fitted heating line.

    ``days``: :func:`analysis.thermal.points`; the chosen period's days are drawn apart.
    """
    fig = go.Figure()
    inside = (
        pl.col("day").is_between(chosen.first, chosen.last)
        if chosen is not None
        else pl.lit(value=False)
    )
    groups = (
        (days.filter(pl.col("fitted") & ~inside), "legend_days", SKY, 6),
        (days.filter(~pl.col("fitted") & ~inside), "legend_partial_days", GREY, 5),
        (days.filter(inside), "legend_chosen", ORANGE, 12),
    )
    for group, name, colour, size in groups:
        outline = {"color": "#333333", "width": 1} if name == "legend_chosen" else {"width": 0}
        if group.height == 0:
            continue
        fig.add_scatter(
            x=group["tmean_c"].to_list(),
            y=group["kwh"].to_list(),
            customdata=group.select(pl.col("day").cast(pl.String))["day"].to_list(),
            hovertext=group["day"].dt.strftime(DAY_FORMAT[lang]).to_list(),
            mode="markers",
            marker={"color": colour, "size": size, "opacity": 0.85, "line": outline},
            name=t(name, lang),
            hovertemplate="%{hovertext} · %{x:.1f} °C · %{y:.1f} kWh<extra></extra>",
        )
    if line is not None and days.height:
        low = min(float(days["tmean_c"].min()), line.base_c - 1)  # type: ignore[arg-type]
        high = max(float(days["tmean_c"].max()), line.base_c + 1)  # type: ignore[arg-type]
        xs = [low, line.base_c, high]
        fig.add_scatter(
            x=xs,
            y=[line.kwh_at(x) for x in xs],
            mode="lines",
            line={"color": VERMILION, "width": 3},
            name=t("legend_heating_line", lang),
            hoverinfo="skip",
        )
    fig.update_xaxes(title=t("axis_temperature", lang))
    return _layout(fig, y=t("axis_kwh_day", lang), lang=lang, height=420)
