"""Accueil: import files, or pick a demo household."""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from app import data
from app.context import demo_mode, load, use_demo_contract, use_own_contract
from app.i18n import number, t
from ingest import ExportError, Store, read_export
from ingest.errors import unexpected
from ingest.formats import generic_csv
from ingest.privacy import mask_meter, mask_text
from ingest.schema import SchemaError
from ingest.timestamps import moment
from sample_loadcurves.archetypes import BY_ID

if TYPE_CHECKING:
    import datetime as dt

    from analysis.french import Lang

UNITS = (None, *generic_csv.UNITS)


def _options(lang: Lang) -> tuple[str | None, dt.datetime | None, str | None] | str:
    """The unit, capture start and meter the import options give, or why they cannot be used."""
    text = st.session_state.get("upload_start") or ""
    try:
        start = moment(text) if text.strip() else None
    except ValueError:
        return t("bad_start", lang, got=text)
    meter = (st.session_state.get("upload_meter") or "").strip() or None
    return st.session_state.get("upload_unit"), start, meter


def import_uploads() -> None:
    """Import the dropped files once, when they change (a callback: it runs before the page)."""
    lang = st.session_state["lang"]
    store = Store(st.session_state["store_path"])
    first = not store.meters()
    messages: list[tuple[str, str]] = []
    options = _options(lang)
    if isinstance(options, str):
        st.session_state["import_messages"] = [("error", options)]
        return
    unit, start, meter = options
    for upload in st.session_state["home_upload"] or []:
        try:
            export = read_export(
                upload.getvalue(), name=upload.name, unit=unit, start=start, meter=meter
            )
            result = store.add(export)
        except (ExportError, SchemaError) as error:
            messages.append(("error", t("error", lang, msg=mask_text(str(error)))))
            continue
        except Exception as error:  # a fault of Courbe's: one line, the other files go on
            messages.append(
                ("error", t("error", lang, msg=mask_text(unexpected(upload.name, error))))
            )
            continue
        text = t(
            "imported",
            lang,
            file=mask_text(upload.name),
            rows=number(export.rows, lang),
            new=number(result.added, lang),
        )
        messages.append(("success", f"{text} · {mask_meter(export.meter)}"))
        skipped = export.skipped()
        if skipped:
            messages.append(("caption", "; ".join(str(n) for n in skipped[:5])))
    st.session_state["import_messages"] = messages
    if first and store.meters():
        use_own_contract()
        messages.append(("info", t("set_contract", lang)))


lang = st.session_state["lang"]
st.title(t("app_title", lang))
if demo_mode():
    st.info(t("demo_mode", lang), icon=":material/co_present:")
else:
    st.file_uploader(
        t("upload", lang),
        type=["csv", "txt", "xlsx", "json", "xml", "log", "raw", "dat"],
        accept_multiple_files=True,
        help=t("upload_help", lang),
        key="home_upload",
        on_change=import_uploads,
    )
    # Read when files are dropped (a file that needs them is dropped again after).
    with st.expander(t("upload_options", lang)):
        st.selectbox(
            t("upload_unit", lang),
            UNITS,
            key="upload_unit",
            format_func=lambda unit: unit or t("upload_unit_auto", lang),
        )
        st.text_input(t("upload_start", lang), key="upload_start", placeholder="2024-01-08 12:00")
        st.text_input(t("upload_meter", lang), key="upload_meter", placeholder="unknown")
for kind, text in st.session_state.get("import_messages", []):
    getattr(st, kind)(text)

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
