"""Économies: the tariff comparison with its break-even, and the tips in euros a year."""

import streamlit as st

from analysis import assumptions, scenarios
from analysis.tariffs import option_name
from app import figures
from app.context import demo_banner, load, missing_temperatures
from app.i18n import euros, kwh, percent, t

SHIFT_STEP = 50  # the slider's step for energy moved to off-peak hours [kWh a year]
# (A page is a Streamlit script: a bare string under a constant would be shown on the page.)

ctx = load()
demo_banner(ctx)
r = ctx.report
if r is not None:
    lang = ctx.lang
    # An option priced partly on estimated Tempo colours says so in its name.
    names = {
        c.option: option_name(c.option, lang)
        + (f" ({t('tempo.estimated', lang, n=c.estimated_days)})" if c.estimated_days else "")
        for c in r.costs
    }
    st.caption(t("explain_tariffs", lang))
    costs = [(names[c.option], c.total_eur) for c in r.costs]
    current_name = names.get(r.settings.option, option_name(r.settings.option, lang))
    st.plotly_chart(figures.tariffs(costs, current_name, lang), width="stretch")
    st.dataframe(
        [
            {
                "option": names[c.option],
                "kVA": c.kva,
                t("column_energy", lang): euros(c.energy_eur, lang),
                t("column_subscription", lang): euros(c.subscription_eur, lang),
                "total": euros(c.total_eur, lang),
            }
            for c in r.costs
        ],
        hide_index=True,
    )
    st.write(
        t("break_even", lang, x=percent(r.break_even_hc_share, lang), y=percent(r.hc_share, lang))
    )
    missing_temperatures(ctx)
    st.subheader(t("tips", lang))
    for tip in r.tips:
        with st.container(border=True):
            yearly = tip.eur_per_year is not None
            per = t("per_year", lang) if yearly else t("over_days", lang, n=tip.days)
            energy = tip.kwh_per_year if yearly else tip.kwh
            st.markdown(
                f"**{euros(tip.headline_eur, lang)} {per}**"
                + (f" · {kwh(energy, lang)}" if energy else "")
            )
            st.write(tip.text.say(lang))
            st.caption(tip.source.say(lang))
    st.subheader(t("what_if", lang))
    st.caption(t("explain_what_if", lang))
    for case in r.scenarios:
        if case.id != "shift_to_off_peak":
            st.markdown(f"- {case.text.say(lang)}")
    prepared = r.frames.prepared
    off_peak = r.settings.off_peak_hours
    per_year = r.energy_kwh / r.years
    default = next((c.kwh_moved_per_year for c in r.scenarios if c.id == "shift_to_off_peak"), 0)
    most = int(per_year * (1 - r.hc_share))  # every peak-hour kWh of a year [kWh]
    if most < SHIFT_STEP:  # a few hours of data, or nothing in peak hours: nothing to move
        st.caption(t("nothing_to_shift", lang))
    else:
        moved = st.slider(
            t("shift_kwh", lang),
            min_value=0,
            max_value=most,
            value=min(int(default), most),
            step=SHIFT_STEP,
            key="savings_shift_kwh",
        )
        try:
            shift = scenarios.shift_to_off_peak(
                prepared,
                float(moved),
                option=r.settings.option,
                kva=r.settings.kva,
                off_peak=off_peak,
                tempo=r.frames.tempo,  # the report's own calendar
                prices=r.settings.prices,
                known=r.costs,
            )
            st.metric(
                t("saving", lang),
                f"{euros(shift.eur_per_year, lang)} {t('per_year', lang)}",
                help=shift.text.say(lang),
            )
        except ValueError as error:
            st.warning(str(error))
    with st.expander(t("assumptions_title", lang)):
        for line in assumptions.assumption_texts(r, lang):
            st.write(f"- {line}")
