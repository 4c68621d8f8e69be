"""Jours: one day's or week's curve over its typical day, off-peak, Tempo colours.

Opened on a given day by ``?day=YYYY-MM-DD`` (:func:`app.period.explorer_link`). Below it,
every day's energy against its outdoor temperature, the chosen days drawn apart, with the
heating line the analysis fitted.
"""

import datetime as dt

import polars as pl
import streamlit as st

from analysis import anomalies, periods, thermal
from analysis.reference import HEATING_BASE_C, temperatures
from analysis.tempo import colours
from app import explorer_figures, period
from app.context import demo_banner, load, reference
from app.i18n import kwh, number, t

ctx = load()
demo_banner(ctx)
r = ctx.report
if r is not None:
    lang = ctx.lang
    period.read_day_parameter(r)
    chosen = period.selector(r, lang, key="explorer", kinds=("day", "week"), default="day")
    period.tiles(r, chosen, lang)
    rows = periods.slice_days(r.frames.prepared, chosen)
    behind = periods.typical_for(r.frames.typical_days, chosen)
    off_peak = r.settings.off_peak_hours
    # The Tempo calendar the report's costs used, where the analysis keeps one; else the
    # shipped colours with the household's own.
    calendar = r.frames.tempo
    tempo = periods.slice_days(
        calendar if calendar is not None else colours(ctx.tempo),
        periods.Period("day", chosen.first - dt.timedelta(days=1), chosen.last),
    )
    # Base has one price all day: no off-peak hours to shade.
    one_price = r.settings.option == "base"
    spans = [] if one_price else periods.off_peak_spans(off_peak, chosen)
    st.plotly_chart(
        explorer_figures.curve(rows, behind, spans, tempo, chosen, lang),
        width="stretch",
        key="explorer_curve",
    )
    present = set(behind["day_type"].to_list()), set(behind["season"].to_list())
    kinds = [k for k in ("weekday", "saturday", "sunday_holiday") if k in present[0]]
    seasons = [s for s in ("winter", "spring", "summer", "autumn") if s in present[1]]
    day_type = (" ; " if lang == "fr" else "; ").join(
        (
            ", ".join(t(f"day_type_{k}", lang) for k in kinds),
            ", ".join(t(f"season_{s}", lang) for s in seasons),
        )
    )
    if one_price:
        st.caption(t("explain_explorer_base", lang, day_type=day_type))
    else:
        st.caption(t("explain_explorer", lang, day_type=day_type, off_peak=off_peak.text(lang)))
    known = tempo.filter(pl.col("day").is_between(chosen.first, chosen.last)).height
    st.caption(t("explain_tempo", lang) if known else t("tempo_unknown", lang))
    here = [a for a in r.anomalies if chosen.overlaps(a.start, a.end - dt.timedelta(days=1))]
    if here:
        st.subheader(t("anomalies_here", lang))
        for a in here:
            with st.container(border=True):
                st.markdown(f"**{anomalies.title(a.kind, lang)}** · {a.period_text(lang)}")
                st.write(a.explanation.say(lang))

    st.subheader(t("temperature_title", lang))
    st.caption(t("explain_temperature", lang))
    own = reference("temperatures")
    days = thermal.points(r.frames.daily, own)
    if days.height == 0:
        shipped = temperatures()["day"]
        known_from, known_to = shipped.min(), shipped.max()
        assert isinstance(known_from, dt.date)
        assert isinstance(known_to, dt.date)
        since, until = period.day_text(known_from, lang), period.day_text(known_to, lang)
        st.info(t("no_temperatures", lang, first=since, last=until))
    else:
        line = thermal.heating_line(days, r.heating)
        st.plotly_chart(
            explorer_figures.temperature(days, line, chosen, lang),
            width="stretch",
            key="explorer_temperature",
            on_select=lambda: period.choose_clicked_day("explorer_temperature"),
            selection_mode="points",
        )
        st.caption(t("temperature_click", lang))
        if line is None:
            st.write(t("no_heating_line", lang))
        elif not r.heating.found:
            st.write(t("no_heating", lang))
        else:
            gradient = line.gradient_kwh_per_hdd
            st.write(
                t(
                    "heating_line",
                    lang,
                    base=number(line.base_c, lang, decimals=1),
                    gradient=f"{number(gradient, lang, decimals=1 if gradient < 10 else 0)} kWh",
                    n=number(days.filter("fitted").height, lang),
                )
            )
        warm = thermal.warm_median_kwh(days)
        if warm is not None:
            base = number(HEATING_BASE_C, lang, decimals=1)
            st.write(t("warm_days", lang, base=base, kwh=kwh(warm, lang)))
        source = "temperatures_source_own" if own is not None else "temperatures_source_shipped"
        st.caption(t(source, lang))
