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
# (file, title key, icon): the pages in menu order; the first is the home page.
PAGES = (
    ("accueil.py", "page_home", ":material/home:"),
    ("vue_ensemble.py", "page_overview", ":material/dashboard:"),
    ("explorer.py", "page_explorer", ":material/calendar_view_week:"),
    ("habitudes.py", "page_habits", ":material/schedule:"),
    ("puissance.py", "page_power", ":material/bolt:"),
    ("anomalies.py", "page_anomalies", ":material/warning:"),
    ("economies.py", "page_savings", ":material/savings:"),
    ("rapport.py", "page_report", ":material/description:"),
    ("donnees.py", "page_data", ":material/folder:"),
)
pages = [
    st.Page(HERE / "app_pages" / name, title=t(key, lang), icon=icon, default=i == 0)
    for i, (name, key, icon) in enumerate(PAGES)
]
st.navigation(pages, position="top").run()
