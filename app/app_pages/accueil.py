"""Accueil: import files, or pick a demo household."""

import streamlit as st

from app import data
from app.context import load, use_demo_contract
from app.i18n import t
from ingest import ExportError, Store, read_export
from ingest.privacy import mask_meter
from sample_loadcurves.archetypes import BY_ID

lang = st.session_state["lang"]
uploads = st.file_uploader(
    t("upload", lang),
    type=["csv", "txt"],
    accept_multiple_files=True,
    help=t("upload_help", lang),
    key="home_upload",
)
if uploads:
    store = Store(st.session_state["store_path"])
    for upload in uploads:
        try:
            export = read_export(upload.getvalue(), name=upload.name)
            result = store.add(export)
        except ExportError as error:
            st.error(t("error", lang, msg=str(error)))
            continue
        st.success(
            t("imported", lang, file=upload.name, rows=f"{export.rows:,}", new=f"{result.added:,}")
            + f" · {mask_meter(export.meter)}"
        )
        skipped = export.skipped()
        if skipped:
            st.caption("; ".join(str(n) for n in skipped[:5]))

ctx = load()
if ctx.demo is not None:
    st.selectbox(
        t("household", lang),
        data.demo_households(),
        key="demo",
        format_func=lambda i: BY_ID[i].label_fr if lang == "fr" else BY_ID[i].label_en,
        on_change=use_demo_contract,
    )
    ctx = load()
if ctx.report is not None:
    r = ctx.report
    st.write(
        f"**{t('meter', lang)}** {mask_meter(r.meter)} · **{t('period', lang)}** "
        f"{r.period[0]:%d/%m/%Y} → {r.period[1]:%d/%m/%Y}"
    )
