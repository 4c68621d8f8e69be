"""Courbe's dashboard: the router. Pages live in app_pages/; figures come from ``analysis``."""

from pathlib import Path

import streamlit as st

from app.context import init_state, sidebar
from app.i18n import t

HERE = Path(__file__).parent

# A local icon: a ":material/…:" favicon would be fetched from fonts.gstatic.com.
st.set_page_config(page_title="Courbe", page_icon=str(HERE / "icon.png"), layout="wide")
init_state()
sidebar()
lang = st.session_state["lang"]
pages = [
    st.Page(
        HERE / "app_pages" / "accueil.py",
        title=t("page_home", lang),
        icon=":material/home:",
        default=True,
    ),
    st.Page(
        HERE / "app_pages" / "vue_ensemble.py",
        title=t("page_overview", lang),
        icon=":material/dashboard:",
    ),
    st.Page(
        HERE / "app_pages" / "habitudes.py",
        title=t("page_habits", lang),
        icon=":material/schedule:",
    ),
    st.Page(
        HERE / "app_pages" / "puissance.py", title=t("page_power", lang), icon=":material/bolt:"
    ),
    st.Page(
        HERE / "app_pages" / "anomalies.py",
        title=t("page_anomalies", lang),
        icon=":material/warning:",
    ),
    st.Page(
        HERE / "app_pages" / "economies.py",
        title=t("page_savings", lang),
        icon=":material/savings:",
    ),
    st.Page(
        HERE / "app_pages" / "rapport.py",
        title=t("page_report", lang),
        icon=":material/description:",
    ),
    st.Page(
        HERE / "app_pages" / "donnees.py", title=t("page_data", lang), icon=":material/folder:"
    ),
]
st.navigation(pages, position="top").run()
