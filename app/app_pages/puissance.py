"""Puissance: peaks against the subscribed power, load duration, kVA advice."""

import streamlit as st

from app import figures
from app.context import demo_banner, load
from app.i18n import number, t

ctx = load()
demo_banner(ctx)
r = ctx.report
if r is not None:
    lang = ctx.lang
    p = r.power
    cols = st.columns(3)
    cols[0].metric(t("peak", lang), f"{number(p.peak_w / 1000, lang, decimals=1)} kW")
    cols[1].metric(t("kva", lang), f"{p.kva} kVA")
    cols[2].metric(
        t("headroom", lang),
        f"{number(p.headroom_w / 1000, lang, decimals=1)} kW",
    )
    st.subheader(t("verdict", lang))
    st.write(p.explanation.say(lang))
    st.caption(t("explain_duration", lang))
    st.plotly_chart(figures.load_duration(r.frames.load_duration, p.kva, lang), width="stretch")
