"""Jour et semaine: one day's or week's curve over its typical day, off-peak, Tempo colours.

Opened on a given day by ``?day=YYYY-MM-DD`` (:func:`app.period.explorer_link`).
"""

import datetime as dt

import polars as pl
import streamlit as st

from analysis import periods
from analysis.anomalies import KIND_TITLES
from analysis.tariffs import OffPeak, colours
from app import explorer_figures, period
from app.context import demo_banner, load
from app.i18n import t

ctx = load()
demo_banner(ctx)
r = ctx.report
if r is not None:
    lang = ctx.lang
    period.read_day_parameter(r)
    chosen = period.selector(r, lang, key="explorer", kinds=("day", "week"), default="day")
    period.tiles(r, chosen, lang, ctx.tempo)
    rows = periods.slice_days(r.frames["prepared"], chosen)
    behind = periods.typical_for(r.frames["typical_days"], chosen)
    off_peak = OffPeak.parse(r.settings.off_peak)
    tempo = periods.slice_days(
        colours(ctx.tempo), periods.Period("day", chosen.first - dt.timedelta(days=1), chosen.last)
    )
    st.plotly_chart(
        explorer_figures.curve(
            rows, behind, periods.off_peak_spans(off_peak, chosen), tempo, chosen, lang
        ),
        width="stretch",
        key="explorer_curve",
    )
    kinds = behind.unique("day_type", maintain_order=True)["day_type"].to_list()
    seasons = behind.unique("season", maintain_order=True)["season"].to_list()
    day_type = ", ".join(
        [t(f"day_type_{k}", lang) for k in kinds] + [t(f"season_{s}", lang) for s in seasons]
    )
    st.caption(t("explain_explorer", lang, day_type=day_type, off_peak=off_peak.text()))
    known = tempo.filter(pl.col("day").is_between(chosen.first, chosen.last)).height
    st.caption(t("explain_tempo", lang) if known else t("tempo_unknown", lang))
    here = [a for a in r.anomalies if chosen.overlaps(a.start, a.end - dt.timedelta(days=1))]
    if here:
        st.subheader(t("anomalies_here", lang))
        for a in here:
            with st.container(border=True):
                last = a.end - dt.timedelta(days=1)
                dates = period.day_text(a.start, lang)
                if last != a.start:
                    dates += f" → {period.day_text(last, lang)}"
                st.markdown(f"**{KIND_TITLES[a.kind][lang]}** · {dates}")
                st.write(a.explanation)
