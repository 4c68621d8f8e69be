"""Rapport: the adviser's two-page report, previewed, as HTML and as PDF.

The client's and the adviser's names and the report's date are asked above the preview;
they are printed at the top of page 1 (and kept for the session only, never stored).
"""

import datetime as dt
import tempfile
from pathlib import Path

import streamlit as st

import document
from analysis.report import Report
from app import data
from app.context import demo_banner, load
from app.i18n import t
from words import Lang


@st.cache_data(max_entries=8, show_spinner=False)
def _html(
    _report: Report,
    key: tuple[object, ...],
    lang: Lang,
    client: str,
    adviser: str,
    day: dt.date,
) -> str:
    """The report as HTML (cached per ``key``, language, names and date: charts take time)."""
    del key
    return document.render(
        _report, lang=lang, today=day, client=client or None, adviser=adviser or None
    )


def _label(key: str, lang: Lang) -> str:
    return t(f"report.{key}", lang)


ctx = load()
demo_banner(ctx)
r = ctx.report
if r is not None:
    lang = ctx.lang
    st.caption(t("explain_report", lang))
    who, by, when = st.columns([2, 2, 1])
    client = who.text_input(_label("client", lang), key="report_client", max_chars=80)
    adviser = by.text_input(_label("adviser", lang), key="report_adviser", max_chars=80)
    today = dt.datetime.now().astimezone().date()
    day = when.date_input(_label("date", lang), value=today, key="report_date", format="DD/MM/YYYY")
    names = (client.strip(), adviser.strip(), day)
    page = _html(r, data.report_key(r), lang, *names)
    name = f"rapport-courbe-{r.period[0]:%Y%m%d}-{r.period[1]:%Y%m%d}"
    left, right = st.columns(2)
    left.download_button(
        t("download_html", lang),
        page,
        file_name=f"{name}.html",
        mime="text/html",
        key="report_html",
        icon=":material/download:",
    )
    pdfs: dict[tuple[object, ...], bytes] = st.session_state.setdefault("report_pdfs", {})
    key = (*data.report_key(r), lang, *names)
    if key in pdfs:
        right.download_button(
            t("download_pdf", lang),
            pdfs[key],
            file_name=f"{name}.pdf",
            mime="application/pdf",
            key="report_pdf",
            icon=":material/picture_as_pdf:",
        )
    elif right.button(t("make_pdf", lang), key="report_make_pdf"):
        with tempfile.TemporaryDirectory(prefix="courbe-") as folder:
            try:
                pdf = document.to_pdf(page, Path(folder) / "rapport.pdf")
            except document.PdfUnavailable as error:
                st.warning(str(error))
            else:
                pdfs[key] = pdf.read_bytes()
                st.rerun()
    st.iframe(page, height=1200)
