"""Vue d'ensemble: kWh and euros, always-on load, peak, off-peak share."""

import streamlit as st

from app import figures, period
from app.context import demo_banner, load
from app.i18n import euros, kwh, number, percent, t

ctx = load()
demo_banner(ctx)
r = ctx.report
if r is not None:
    lang = ctx.lang
    current = r.current_cost()
    first, last = (period.day_text(d, lang) for d in r.period)
    st.subheader(t("whole_history", lang, first=first, last=last))
    top, bottom = st.columns(3, border=True), st.columns(3, border=True)
    top[0].metric(t("energy", lang), kwh(r.energy_kwh, lang))
    top[1].metric(
        t("cost", lang),
        euros(current.total_eur, lang) if current else "–",
        help=t("tempo.estimated", lang, n=current.estimated_days)
        if current and current.estimated_days
        else None,
    )
    top[2].metric(t("hc_share", lang), percent(r.hc_share, lang))
    bottom[0].metric(
        t("baseload", lang),
        f"{number(r.baseload_w, lang)} W",
        help=f"{kwh(r.baseload_kwh_per_year, lang)} · {euros(r.baseload_eur_per_year, lang)} "
        + t("per_year", lang),
    )
    bottom[1].metric(t("peak", lang), f"{number(r.peak_w / 1000, lang, decimals=1)} kW")
    bottom[2].metric(t("period", lang), t("n_days", lang, n=r.days))
    st.caption(t("explain_overview", lang))
    st.plotly_chart(figures.monthly(r.frames.monthly, lang), width="stretch")
    st.caption(t("explain_baseload", lang))
    st.plotly_chart(
        figures.baseload(r.frames.baseload, r.frames.baseload_trend, r.baseload_w, lang),
        width="stretch",
    )
    st.divider()
    chosen = period.selector(r, lang)
    period.tiles(r, chosen, lang)
    period.bars(r, chosen, lang)
