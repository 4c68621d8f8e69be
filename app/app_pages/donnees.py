"""Mes données: what was imported, the household's reference files, deleting everything."""

import polars as pl
import streamlit as st

from analysis.reference import read_temperature_file
from analysis.tariffs import read_tempo_file
from app.context import reference
from app.i18n import number, t
from ingest import Store
from ingest.privacy import mask_meter, mask_text

READERS = {"tempo": read_tempo_file, "temperatures": read_temperature_file}

lang = st.session_state["lang"]
store = Store(st.session_state["store_path"])


def keep_reference(name: str) -> None:
    """Read a dropped reference file; keep it in the store, or in the session for a demo."""
    upload = st.session_state[f"upload_{name}"]
    if upload is None:
        return
    try:
        frame = READERS[name](upload.getvalue())
    except (ValueError, pl.exceptions.PolarsError) as error:
        st.session_state[f"ref_error_{name}"] = mask_text(f"{upload.name}: {error}")
        return
    st.session_state.pop(f"ref_error_{name}", None)
    if store.meters():
        store.save_reference(name, frame)
        st.session_state.pop(f"ref_{name}", None)
    else:
        st.session_state[f"ref_{name}"] = frame


def forget_reference(name: str) -> None:
    """Stop using a reference file, in the session and in the store."""
    st.session_state.pop(f"ref_{name}", None)
    if store.path.exists():
        store.save_reference(name, None)


st.subheader(t("imports", lang))
entries = store.imports()
if not entries:
    st.write(t("store_empty", lang))
else:
    st.dataframe(
        [
            {
                "fichier" if lang == "fr" else "file": mask_text(e["file"]),
                "format": e["format"],
                "compteur" if lang == "fr" else "meter": mask_meter(e["meter"]),
                "période" if lang == "fr" else "period": " → ".join(e["period"] or []),
                "date": e["time"][:10],
            }
            for e in entries
        ],
        hide_index=True,
    )

st.subheader(t("references", lang))
st.caption(t("explain_references", lang))
for name in READERS:
    st.file_uploader(
        t(f"{name}_file", lang),
        type=["csv", "txt"],
        key=f"upload_{name}",
        on_change=keep_reference,
        args=(name,),
    )
    if f"ref_error_{name}" in st.session_state:
        st.error(t("error", lang, msg=st.session_state[f"ref_error_{name}"]))
    frame = reference(name)
    if frame is not None and frame.height:
        first, last = frame["day"].min(), frame["day"].max()
        st.caption(
            t("reference_used", lang, n=number(frame.height, lang), first=first, last=last)
            + ("" if store.meters() else " " + t("reference_session", lang))
        )
        st.button(
            t("reference_forget", lang),
            key=f"forget_{name}",
            on_click=forget_reference,
            args=(name,),
        )

st.subheader(t("delete_all", lang))
confirm = st.checkbox(t("delete_confirm", lang), key="data_confirm")
if st.button(t("delete_all", lang), disabled=not confirm, type="primary", key="data_delete"):
    store.delete_everything()
    st.cache_data.clear()
    st.session_state.pop("import_messages", None)
    st.success(t("deleted", lang))
