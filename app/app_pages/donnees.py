"""Mes données: the meters, each import, reference files, the research export, deleting all.

Each meter with what it holds, the name the household gives it and a button that removes
it; each import with its rows and notes; the research export of chosen meters with a
README of its columns.
"""

from __future__ import annotations

import hashlib
import secrets
from typing import TYPE_CHECKING, Any

import polars as pl
import streamlit as st

from analysis.reference import read_temperature_file, temperatures
from analysis.tempo import read_tempo_file, tempo_colours
from app import data
from app.context import (
    holdings,
    holds,
    meter_label,
    meter_names,
    name_meter,
    own_store,
    reference,
    use_demo_contract,
)
from app.i18n import number, t
from app.store_actions import ShareFormat, research_zip
from ingest import Note, digest
from ingest.privacy import mask_meter, mask_text
from ingest.store import StoreError

if TYPE_CHECKING:
    from ingest import Store
    from words import Lang

READERS = {"tempo": read_tempo_file, "temperatures": read_temperature_file}
# Session keys that hold the store's data or what was made from it: gone with the store.
SESSION_DATA = (
    "import_messages",
    "imported_ids",
    "share_zip",
    "report_pdfs",
    "ref_tempo",
    "ref_temperatures",
    "meter",
    "share_meters",
)

lang: Lang = st.session_state["lang"]
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


def forget_reference(name: str) -> None:
    """Stop using a reference file, in the session and in the store."""
    st.session_state.pop(f"ref_{name}", None)
    if store and store.path.exists():
        store.save_reference(name, None)


def name_key(meter: str) -> str:
    """The name field's widget key: Streamlit writes keys into the page, so not the meter."""
    return "meter_name_" + hashlib.sha256(meter.encode()).hexdigest()[:16]


def take_name(meter: str) -> None:
    """The name field's callback: keep the meter's new name in the store's settings."""
    name_meter(meter, str(st.session_state[name_key(meter)]))


def delete_all() -> None:
    """Delete the store, its contract and names included, before the page is drawn again.

    A callback: the page then shows the empty store at once, and the sidebar the demo's
    contract (an empty store shows a demo household).
    """
    if store is None:
        return
    store.delete_everything()
    st.cache_data.clear()
    for key in [*SESSION_DATA, *(k for k in st.session_state if str(k).startswith("meter_name_"))]:
        st.session_state.pop(key, None)
    use_demo_contract()
    st.session_state["data_confirm"] = False
    if not store.path.exists():  # the proof: the folder itself is gone
        st.session_state["data_deleted"] = str(store.path)


# (Comments, not docstrings: a page is a script, and Streamlit's magic shows bare strings.)
REMOVING = "meter_removing"  # session key: the meter whose removal waits for a yes
REMOVED = "meter_removed"  # session key: what the last removal did, (label, rows)
# What shows a removed meter's data, or was made from it: gone with it. (The files dropped
# on the home page stay marked as read, so going back there does not import them again.)
REMOVED_DATA = ("import_messages", "share_zip", "report_pdfs", "share_meters", "meter_remove_error")


def ask_remove(meter: str | None) -> None:
    """The remove button's callback: ask to confirm (``None``: the answer was no)."""
    if meter is None:
        st.session_state.pop(REMOVING, None)
    else:
        st.session_state[REMOVING] = meter


def remove_meter(meter: str) -> None:
    """Remove one meter from the store, before the page is drawn again (a callback).

    Like :func:`delete_all`: the caches are cleared, so the page, the picker and every
    other page show the store without it at once; with no meter left, the sidebar shows
    the demo's contract (the household's saved one comes back with its next import).
    """
    st.session_state.pop(REMOVING, None)
    if store is None:
        return
    label = meter_label(meter, meter_names(store))
    try:
        removed = store.remove_meter(meter)
    except StoreError as error:
        st.session_state["meter_remove_error"] = str(error)
        return
    st.cache_data.clear()
    for key in (*REMOVED_DATA, name_key(meter)):
        st.session_state.pop(key, None)
    if st.session_state.get("meter") == meter:
        st.session_state.pop("meter")
    if not store.meters():
        use_demo_contract()
    st.session_state[REMOVED] = (label, sum(removed.values()))


def remove_button(meter: str, label: str) -> None:
    """The meter's remove button, or the question it asks and its two answers."""
    key = name_key(meter).removeprefix("meter_name_")
    if st.session_state.get(REMOVING) != meter:
        st.button(
            t("meter_remove", lang),
            key=f"remove_{key}",
            icon=":material/delete:",
            on_click=ask_remove,
            args=(meter,),
        )
        return
    st.warning(t("meter_remove_ask", lang, label=label), icon=":material/delete:")
    yes, no = st.columns([1, 4])
    yes.button(
        t("meter_remove_yes", lang),
        key=f"remove_yes_{key}",
        type="primary",
        on_click=remove_meter,
        args=(meter,),
    )
    no.button(t("meter_remove_no", lang), key=f"remove_no_{key}", on_click=ask_remove, args=(None,))


def meters_section(store: Store) -> None:
    """Each meter: its name, holdings and gaps (or why it is not offered), a remove button."""
    held = holdings()
    names = meter_names(store)
    path = str(store.path)
    holes = data.store_gaps(path, data.store_generation(path))
    st.caption(t("meters_explain", lang))
    for meter in store.meters():
        with st.container(border=True):
            if meter in held["meter"].to_list():
                meter_fields(meter, held, names, holes)
            else:
                st.write(t("meter_no_curve", lang, label=meter_label(meter, names)))
            remove_button(meter, meter_label(meter, names))


def meter_fields(
    meter: str, held: pl.DataFrame, names: dict[str, str], holes: pl.DataFrame
) -> None:
    """A meter with a curve: its name field, what it holds, its gaps."""
    key = name_key(meter)
    st.session_state.setdefault(key, names.get(meter, ""))
    left, right = st.columns([1, 2])
    left.text_input(
        t("meter_name", lang, meter=mask_meter(meter)),
        key=key,
        placeholder=t("meter_name_placeholder", lang),
        on_change=take_name,
        args=(meter,),
    )
    right.write(holds(meter, held, names, lang))
    gap = holes.filter(pl.col("meter") == meter)
    if gap.height:
        hours = float(gap["hours"][0])
        right.caption(
            t(
                "meter_gaps",
                lang,
                n=number(gap["gaps"][0], lang),
                hours=number(hours, lang, decimals=1 if hours % 1 else 0),
            )
        )
    else:
        right.caption(t("report_no_gap", lang))


def imports_section(store: Store) -> None:
    """Each import: file, format, meter, period, rows, new rows, date; then its notes."""
    entries = store.imports()
    if not entries:
        st.write(t("store_empty", lang))
        return
    names = meter_names(store)
    masked = {mask_meter(m): meter_label(m, names) for m in store.meters()}
    st.dataframe(
        [
            {
                t("col_file", lang): e["file"],
                t("col_meter", lang): masked.get(e["meter"], e["meter"]),
                t("col_period", lang): " → ".join(
                    f"{p[8:10]}/{p[5:7]}/{p[:4]}" for p in e["period"] or []
                ),
                t("col_rows", lang): number(sum(e["rows"].values()), lang),
                t("col_new", lang): number(sum(c["added"] for c in e["changes"].values()), lang),
                t("col_date", lang): f"{e['time'][8:10]}/{e['time'][5:7]}/{e['time'][:4]}",
            }
            for e in entries
        ],
        hide_index=True,
        width="stretch",
        column_config={t("col_file", lang): st.column_config.TextColumn(width="medium")},
    )
    seen: set[str] = set()  # a file imported again has the same notes: once, the latest
    for e in reversed(entries):
        if e["notes"] and digest.logged(e) not in seen:
            seen.add(digest.logged(e))
            with st.expander(t("import_notes", lang, file=e["file"])):
                st.markdown("\n".join(f"- {n}" for n in logged_notes(e)))


def logged_notes(entry: dict[str, Any]) -> list[str]:
    """An import's notes in the page's language, from their catalogue keys (``said``).

    A log written before the keys were kept, or naming a key the catalogue no longer
    has, shows the note's English as the log wrote it (``notes``).
    """
    said = entry.get("said") or [None] * len(entry["notes"])
    return [
        _said_note(n, lang) or str(english)
        for n, english in zip(said, entry["notes"], strict=False)
    ]


def _said_note(logged: dict[str, Any] | None, lang: Lang) -> str | None:
    if logged is None:
        return None
    try:
        return Note.from_dict(logged).say(lang)
    except (KeyError, TypeError, ValueError):
        return None


def share_section(store: Store) -> None:
    """The research export: chosen meters, pseudonymised, with a README of the columns."""
    names = meter_names(store)
    meters = store.meters()
    chosen = st.multiselect(
        t("share_meters", lang),
        meters,
        default=meters,
        key="share_meters",
        format_func=lambda m: meter_label(m, names),
    )
    fmt: ShareFormat = st.radio("Format", ["csv", "parquet"], horizontal=True, key="share_format")
    shift = st.checkbox(t("share_shift", lang), key="share_shift")
    st.caption(t("share_readme", lang))
    if st.button(t("share_make", lang), key="share_make", disabled=not chosen):
        weeks = secrets.randbelow(52) + 1 if shift else 0
        st.session_state["share_zip"] = research_zip(
            store, chosen, fmt=fmt, shift_days=7 * weeks, lang=lang
        )
    if not chosen:
        st.caption(t("share_none", lang))
    if "share_zip" in st.session_state:
        st.download_button(
            t("share_download", lang),
            st.session_state["share_zip"],
            file_name="courbe-pseudonymise.zip",
            mime="application/zip",
            key="share_download",
            icon=":material/download:",
        )


if store is None:
    st.info(t("demo_mode", lang), icon=":material/co_present:")
if "data_deleted" in st.session_state:
    st.success(t("deleted", lang, path=st.session_state.pop("data_deleted")))
    st.caption(t("deleted_contract", lang))
if REMOVED in st.session_state:
    label, rows = st.session_state.pop(REMOVED)
    st.success(t("meter_removed", lang, label=label, n=number(rows, lang)))
if "meter_remove_error" in st.session_state:
    st.error(t("meter_remove_failed", lang, msg=st.session_state.pop("meter_remove_error")))
has_data = bool(store and store.meters())
if store and has_data:
    st.subheader(t("meters", lang))
    meters_section(store)
st.subheader(t("imports", lang))
if store:
    imports_section(store)
else:
    st.write(t("store_empty", lang))

st.subheader(t("references", lang))
st.caption(
    t(
        "explain_references",
        lang,
        tempo_last=tempo_colours()["day"].max(),
        temperature_last=temperatures()["day"].max(),
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
            + ("" if has_data else " " + t("reference_session", lang))
        )
        st.button(
            t("reference_forget", lang),
            key=f"forget_{name}",
            on_click=forget_reference,
            args=(name,),
        )

st.subheader(t("share", lang))
st.caption(t("explain_share", lang))
if store and has_data:
    share_section(store)
else:
    st.write(t("store_empty", lang))

st.subheader(t("delete_all", lang))
confirm = st.checkbox(t("delete_confirm", lang), key="data_confirm", disabled=store is None)
st.button(
    t("delete_all", lang),
    disabled=not confirm or store is None,
    type="primary",
    key="data_delete",
    on_click=delete_all,
)
