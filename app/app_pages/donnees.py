"""Mes données: what was imported, and deleting everything."""

import streamlit as st

from app.i18n import t
from ingest import Store
from ingest.privacy import mask_meter

lang = st.session_state["lang"]
store = Store(st.session_state["store_path"])
st.subheader(t("imports", lang))
entries = store.imports()
if not entries:
    st.write(t("store_empty", lang))
else:
    st.dataframe(
        [
            {
                "fichier": e["file"],
                "format": e["format"],
                "compteur": mask_meter(e["meter"]),
                "période": " → ".join(e["period"] or []),
                "date": e["time"][:10],
            }
            for e in entries
        ],
        hide_index=True,
    )
st.subheader(t("delete_all", lang))
confirm = st.checkbox(t("delete_confirm", lang), key="data_confirm")
if st.button(t("delete_all", lang), disabled=not confirm, type="primary", key="data_delete"):
    store.delete_everything()
    st.cache_data.clear()
    st.success(t("deleted", lang))
