"""Température: each day's energy against its outdoor temperature, with the heating line."""

import streamlit as st

from analysis import thermal
from analysis.reference import temperatures
from app import explorer_figures, period
from app.context import demo_banner, load, reference
from app.i18n import kwh, number, t

ctx = load()
demo_banner(ctx)
r = ctx.report
if r is not None:
    lang = ctx.lang
    own = reference("temperatures")
    days = thermal.points(r.frames["daily"], own)
    st.caption(t("explain_temperature", lang))
    if days.height == 0:
        shipped = temperatures()["day"]
        first, last = shipped.min(), shipped.max()
        st.info(
            t(
                "no_temperatures",
                lang,
                first=period.day_text(first, lang),  # type: ignore[arg-type]
                last=period.day_text(last, lang),  # type: ignore[arg-type]
            )
        )
    else:
        chosen = period.selector(r, lang, key="temperature", default="month")
        line = thermal.heating_line(days, r.heating)
        st.plotly_chart(
            explorer_figures.temperature(days, line, chosen, lang),
            width="stretch",
            key="temperature_chart",
        )
        if line is None:
            st.write(t("no_heating_line", lang))
        elif not r.heating.found:
            st.write(t("no_heating", lang))
        else:
            st.write(
                t(
                    "heating_line",
                    lang,
                    base=number(line.base_c, lang, decimals=1),
                    gradient=kwh(line.gradient_kwh_per_hdd, lang)
                    if line.gradient_kwh_per_hdd >= 10
                    else f"{number(line.gradient_kwh_per_hdd, lang, decimals=1)} kWh",
                    flat=kwh(line.intercept_kwh, lang),
                    n=number(days.filter("fitted").height, lang),
                )
            )
        source = "temperatures_source_own" if own is not None else "temperatures_source_shipped"
        st.caption(t(source, lang))
