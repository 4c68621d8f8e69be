"""Rapport: the adviser's two-page report, previewed, as HTML and as PDF."""

import tempfile
from pathlib import Path

import streamlit as st

from analysis import document
from app import data
from app.context import demo_banner, load
from app.i18n import t

ctx = load()
demo_banner(ctx)
r = ctx.report
if r is not None:
    lang = ctx.lang
    page = data.document_html(r, data.report_key(r), lang)
    st.caption(t("explain_report", lang))
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
    key = (*data.report_key(r), lang)
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
