"""Mes données: what was imported, the household's reference files, deleting everything."""

import io
import secrets
import tempfile
import zipfile

import polars as pl
import streamlit as st

from analysis.reference import read_temperature_file, temperatures
from analysis.tempo import read_tempo_file, tempo_colours
from app.context import own_store, reference
from app.i18n import number, t
from ingest import Store
from ingest.privacy import mask_text

READERS = {"tempo": read_tempo_file, "temperatures": read_temperature_file}

lang = st.session_state["lang"]
store = own_store()


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
    if store and store.meters():
        store.save_reference(name, frame)
        st.session_state.pop(f"ref_{name}", None)
    else:
        st.session_state[f"ref_{name}"] = frame


def shared_zip(store: Store, fmt: str, *, shift: bool) -> bytes:
    """The store's tables, pseudonymised, zipped in memory (nothing else is written)."""
    weeks = secrets.randbelow(52) + 1 if shift else 0
    buffer = io.BytesIO()
    with tempfile.TemporaryDirectory(prefix="courbe-") as folder:
        files = store.export_pseudonymised(folder, fmt=fmt, shift_days=7 * weeks)
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for f in files:
                archive.write(f, f.name)
    return buffer.getvalue()


def forget_reference(name: str) -> None:
    """Stop using a reference file, in the session and in the store."""
    st.session_state.pop(f"ref_{name}", None)
    if store and store.path.exists():
        store.save_reference(name, None)


if store is None:
    st.info(t("demo_mode", lang), icon=":material/co_present:")
st.subheader(t("imports", lang))
entries = store.imports() if store else []
if not entries:
    st.write(t("store_empty", lang))
else:
    st.dataframe(
        [
            {
                "fichier" if lang == "fr" else "file": e["file"],
                "format": e["format"],
                "compteur" if lang == "fr" else "meter": e["meter"],
                "période" if lang == "fr" else "period": " → ".join(e["period"] or []),
                "date": e["time"][:10],
            }
            for e in entries
        ],
        hide_index=True,
    )

st.subheader(t("references", lang))
st.caption(
    t(
        "explain_references",
        lang,
        tempo_last=tempo_colours()["day"].sort().dt.strftime("%d/%m/%Y")[-1],
        temperature_last=temperatures()["day"].sort().dt.strftime("%d/%m/%Y")[-1],
    )
)
for name in READERS:
    st.file_uploader(
        t(f"{name}_file", lang),
        type=["csv", "txt", "tsv", "xls", "json"],
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
            + ("" if store and store.meters() else " " + t("reference_session", lang))
        )
        st.button(
            t("reference_forget", lang),
            key=f"forget_{name}",
            on_click=forget_reference,
            args=(name,),
        )

st.subheader(t("share", lang))
st.caption(t("explain_share", lang))
if store and store.meters():
    fmt = st.radio("Format", ["csv", "parquet"], horizontal=True, key="share_format")
    shift = st.checkbox(t("share_shift", lang), key="share_shift")
    if st.button(t("share_make", lang), key="share_make"):
        st.session_state["share_zip"] = shared_zip(store, fmt, shift=shift)
    if "share_zip" in st.session_state:
        st.download_button(
            t("share_download", lang),
            st.session_state["share_zip"],
            file_name="courbe-pseudonymise.zip",
            mime="application/zip",
            key="share_download",
            icon=":material/download:",
        )
else:
    st.write(t("store_empty", lang))

st.subheader(t("delete_all", lang))
confirm = st.checkbox(t("delete_confirm", lang), key="data_confirm", disabled=store is None)
if store and st.button(
    t("delete_all", lang), disabled=not confirm, type="primary", key="data_delete"
):
    store.delete_everything()
    st.cache_data.clear()
    for key in ("import_messages", "share_zip", "report_pdfs", "ref_tempo", "ref_temperatures"):
        st.session_state.pop(key, None)
    if not store.path.exists():  # the proof: the folder itself is gone
        st.success(t("deleted", lang, path=str(store.path)))
