"""Habitudes: typical days, weekday × hour heatmap, parts of the day."""

import polars as pl
import streamlit as st

from app import figures
from app.context import demo_banner, load
from app.i18n import number, percent, t

ctx = load()
demo_banner(ctx)
r = ctx.report
if r is not None:
    lang = ctx.lang
    typical = r.frames.typical_days
    day_types = ("weekday", "saturday", "sunday_holiday")
    c1, c2 = st.columns(2)
    present = set(typical["day_type"].to_list())  # a short import may hold no weekday
    day_type = c1.selectbox(
        t("habits_day", lang),
        [d for d in day_types if d in present],
        format_func=lambda d: t(f"day_type_{d}", lang).capitalize(),
        key="habits_day_type",
    )
    available = typical.filter(pl.col("day_type") == day_type)["season"].unique().sort().to_list()
    season = c2.selectbox(
        t("habits_season", lang),
        available,
        format_func=lambda s: t(f"season_{s}", lang).capitalize(),
        key="habits_season",
    )
    st.caption(t("explain_typical", lang))
    if season is not None:
        chosen = typical.filter((pl.col("day_type") == day_type) & (pl.col("season") == season))
        st.plotly_chart(figures.typical_day(chosen, lang), width="stretch")
    st.caption(t("explain_heatmap", lang))
    st.plotly_chart(figures.heatmap(r.frames.weekday_hour, lang), width="stretch")
    st.subheader(t("reference_home", lang))
    st.caption(t("explain_reference_home", lang))
    st.plotly_chart(figures.reference_home(r.reference.hourly, lang), width="stretch")
    ref = r.reference
    for col, key, (mine, theirs) in zip(
        st.columns(3),
        ("winter", "evening", "night"),
        (
            (ref.winter_share, ref.reference_winter_share),
            (ref.evening_share, ref.reference_evening_share),
            (ref.night_share, ref.reference_night_share),
        ),
        strict=True,
    ):
        col.metric(
            t(f"share_{key}", lang),
            percent(mine, lang),
            delta=f"{number(100 * (mine - theirs), lang)} pts",
            delta_color="off",
            help=t("reference_share", lang, x=percent(theirs, lang)),
        )
    cols = st.columns(4)
    for col, (part, share) in zip(cols, r.shares.items(), strict=True):
        col.metric(t(f"part_{part}", lang), percent(share, lang))
