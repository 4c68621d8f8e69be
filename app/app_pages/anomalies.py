"""Anomalies: what stands out, each in a sentence, with a link to its day (or week)."""

import streamlit as st

from analysis import anomalies
from app.context import demo_banner, load, missing_temperatures
from app.i18n import t
from app.period import explorer_link

ctx = load()
demo_banner(ctx)
r = ctx.report
if r is not None:
    lang = ctx.lang
    missing_temperatures(ctx)
    if not r.anomalies:
        st.success(t("no_anomaly", lang))
    for a in r.anomalies:
        with st.container(border=True):
            title = anomalies.title(a.kind, lang)
            st.markdown(f"**{title}** · {a.period_text(lang)}")
            st.write(a.explanation.say(lang))
            explorer_link(a.start, lang, kind="day" if a.days == 1 else "week")
