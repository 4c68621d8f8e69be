"""What every page needs: the language, the chosen data and its report.

The data is the household's store, or a demo household when it is empty. Shared state
lives in ``st.session_state`` under the keys set up here.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from analysis.report import Report, Settings
from analysis.tariffs import OPTIONS, kvas
from app import data
from app.i18n import Lang, t
from ingest.store import default_path

DEFAULT_DEMO = "maison_electrique"


@dataclass(frozen=True)
class Context:
    """The current page's data."""

    lang: Lang
    report: Report | None
    demo: str | None
    """The demo household shown, or None when the household's own data is shown."""
    store_path: str


def init_state() -> None:
    """Set every shared key once (Streamlit's session-state discipline)."""
    st.session_state.setdefault("lang", "fr")
    st.session_state.setdefault("store_path", str(default_path()))
    st.session_state.setdefault("demo", DEFAULT_DEMO)
    demo = data.demo_settings(DEFAULT_DEMO)
    st.session_state.setdefault("kva", demo.kva)
    st.session_state.setdefault("option", demo.option)
    st.session_state.setdefault("off_peak", demo.off_peak)


def use_demo_contract() -> None:
    """Give the sidebar the contract of the demo household just picked."""
    demo = data.demo_settings(st.session_state["demo"])
    st.session_state["kva"] = demo.kva
    st.session_state["option"] = demo.option
    st.session_state["off_peak"] = demo.off_peak


def sidebar() -> None:
    """Language and contract settings, shared by all pages."""
    lang: Lang = st.session_state["lang"]
    with st.sidebar:
        st.selectbox(
            t("language", lang),
            ["fr", "en"],
            key="lang",
            format_func=lambda x: {"fr": "Français", "en": "English"}[x],
        )
        lang = st.session_state["lang"]
        st.subheader(t("settings", lang))
        st.selectbox(
            t("option", lang),
            list(OPTIONS),
            key="option",
            format_func=lambda o: {
                "base": "Base",
                "hphc": "Heures creuses",
                "tempo": "Tempo",
                "ejp": "EJP",
            }[o],
        )
        st.selectbox(t("kva", lang), kvas("base"), key="kva")
        st.text_input(
            t("off_peak", lang), key="off_peak", help="22:00-06:00 ou 01:00-07:00,12:00-14:00"
        )


def load() -> Context:
    """The report for the household's store, or for the chosen demo household."""
    lang: Lang = st.session_state["lang"]
    path = st.session_state["store_path"]
    settings = Settings(
        kva=st.session_state["kva"],
        option=st.session_state["option"],
        off_peak=st.session_state["off_peak"],
    )
    generation = data.store_generation(path)
    try:
        if generation:
            curve, peaks = data.store_tables(path, generation)
            meters = sorted(curve["meter"].unique().to_list())
            if meters:
                return Context(lang, data.report(curve, peaks, settings, meters[0]), None, path)
        demo = st.session_state["demo"]
        return Context(lang, data.report(data.demo_curve(demo), None, settings), demo, path)
    except ValueError as error:
        st.error(str(error))
        return Context(lang, None, st.session_state["demo"], path)


def demo_banner(ctx: Context) -> None:
    """Say clearly when the figures are a demo household's."""
    if ctx.demo is not None:
        from sample_loadcurves.archetypes import BY_ID

        a = BY_ID[ctx.demo]
        st.info(
            t("demo_banner", ctx.lang, name=a.label_fr if ctx.lang == "fr" else a.label_en),
            icon=":material/science:",
        )
