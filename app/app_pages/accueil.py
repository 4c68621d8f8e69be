"""Accueil: the first-run guide, the drop zone, the import report, the contract.

What Courbe does, how to get each export, the files dropped and what was read from each in
plain words, then the contract from the bill; or a demo household.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import streamlit as st

from analysis.tariffs import option_name
from app import data
from app.context import (
    OWN_CONTRACT_NEXT,
    demo_banner,
    demo_mode,
    load,
    meter_label,
    meter_names,
    use_demo_contract,
)
from app.i18n import file_size, number, t
from ingest import ExportError, Store, read_export, schema
from ingest.errors import unexpected
from ingest.privacy import mask_text
from ingest.schema import SchemaError
from ingest.timestamps import moment
from sample_loadcurves.archetypes import BY_ID

if TYPE_CHECKING:
    import datetime as dt

    from streamlit.runtime.uploaded_file_manager import UploadedFile

    from ingest import Export
    from words import Lang

UNITS = (None, *schema.UNITS)
TYPES = ", ".join(s.upper() for s in data.SUFFIXES)
# The session key of the last import's report: ("error", text) or ("report", FileReport).
# (No bare string under it: Streamlit's magic would print it on the page.)
REPORTS = "import_messages"


def _options(lang: Lang) -> tuple[str | None, dt.datetime | None, str | None] | str:
    """The unit, capture start and meter the import options give, or why they cannot be used."""
    text = st.session_state.get("upload_start") or ""
    try:
        start = moment(text) if text.strip() else None
    except ValueError:
        return t("bad_start", lang, got=text)
    meter = (st.session_state.get("upload_meter") or "").strip() or None
    return st.session_state.get("upload_unit"), start, meter


def _refusal(upload: UploadedFile, lang: Lang) -> str | None:
    """Why a dropped file is not read, in words, or None."""
    kind = data.upload_refusal(upload.name, upload.size, data.upload_limit())
    if kind is None:
        return None
    suffix = Path(upload.name).suffix or t("no_suffix", lang)
    return t(
        f"refused_{kind}",
        lang,
        file=mask_text(upload.name),
        types=TYPES,
        suffix=suffix,
        size=file_size(upload.size, lang),
        limit=file_size(data.upload_limit(), lang),
    )


def _read(
    upload: UploadedFile, options: tuple[str | None, dt.datetime | None, str | None]
) -> Export:
    """Read one upload through a file on disk, so that a large TIC capture is streamed."""
    unit, start, meter = options
    with tempfile.TemporaryDirectory(prefix="courbe-") as folder:
        path = Path(folder) / f"upload{Path(upload.name).suffix.lower()}"
        upload.seek(0)
        with path.open("wb") as f:
            while chunk := upload.read(data.CHUNK):
                f.write(chunk)
        return read_export(path, name=upload.name, unit=unit, start=start, meter=meter)


def import_uploads(uploads: list[UploadedFile], lang: Lang) -> bool:
    """Import the dropped files, one after the other, with a progress bar.

    Returns whether they were the store's first data (the contract is then asked for).
    """
    store = Store(st.session_state["store_path"])
    first = not store.meters()
    options = _options(lang)
    if isinstance(options, str):
        st.session_state[REPORTS] = [("error", options)]
        return False
    messages: list[tuple[str, object]] = []
    total = sum(u.size for u in uploads) or 1
    done = 0
    bar = st.progress(0.0)
    for i, upload in enumerate(uploads, 1):
        bar.progress(
            done / total,
            text=t(
                "reading_file",
                lang,
                file=mask_text(upload.name),
                i=i,
                n=len(uploads),
                size=file_size(upload.size, lang),
            ),
        )
        refused = _refusal(upload, lang)
        if refused:
            messages.append(("error", refused))
        else:
            messages.append(_import_one(store, upload, options, lang))
        done += upload.size
    bar.progress(1.0, text=t("read_done", lang, n=len(uploads)))
    st.session_state[REPORTS] = messages
    return first and bool(store.meters())


def _import_one(
    store: Store,
    upload: UploadedFile,
    options: tuple[str | None, dt.datetime | None, str | None],
    lang: Lang,
) -> tuple[str, object]:
    """Read and store one file: its report, or the one line saying why it could not be."""
    try:
        export = _read(upload, options)
        result = store.add(export)
    except (ExportError, SchemaError) as error:
        return ("error", t("error", lang, msg=mask_text(str(error))))
    except Exception as error:  # a fault of Courbe's: one line, the other files go on
        return ("error", t("error", lang, msg=mask_text(unexpected(upload.name, error))))
    return ("report", data.file_report(export, result))


def _when(moment_: dt.datetime, lang: Lang) -> str:
    """``09/05/2024 à 00h00``; in English ``9 May 2024 at 00:00``."""
    hour, minute = f"{moment_:%H}", f"{moment_:%M}"
    return t("date_time", lang, day=moment_.date(), hour=hour, minute=minute)


def show_report(report: data.FileReport, lang: Lang, names: dict[str, str]) -> None:
    """One file's import, in plain words: period, step, step changes, gaps, rows not used."""
    with st.container(border=True):
        text = t(
            "imported",
            lang,
            file=report.name,
            rows=number(report.rows, lang),
            new=number(report.added, lang),
        )
        st.success(f"{text} · {meter_label(report.meter, names)}", icon=":material/check:")
        lines = []
        if report.period:
            replaced = (
                t("report_replaced", lang, n=number(report.replaced, lang))
                if report.replaced
                else ""
            )
            lines.append(
                t(
                    "report_period",
                    lang,
                    first=report.period[0],
                    last=report.period[1],
                    rows=number(report.rows, lang),
                    new=number(report.added, lang),
                    replaced=replaced,
                )
            )
        if not report.curve_rows:
            lines.append(t("report_no_curve", lang))
        else:
            parts = [
                t("report_step_part", lang, step=step, n=number(n, lang))
                for step, n in report.steps
            ]
            lines.append(t("report_steps", lang, steps=t("report_or", lang).join(parts)))
            lines.extend(
                t(
                    "report_step_change",
                    lang,
                    at=_when(c.at, lang),
                    before=c.before,
                    after=c.after,
                )
                for c in report.step_changes[: data.MAX_LISTED]
            )
            if len(report.step_changes) > data.MAX_LISTED:
                lines.append(t("report_more", lang, n=len(report.step_changes) - data.MAX_LISTED))
        st.markdown("\n".join(f"- {line}" for line in lines))
        if report.curve_rows and not report.gaps:
            st.caption(t("report_no_gap", lang))
        if report.gaps:
            hours = sum(g.hours for g in report.gaps)
            gaps = [
                t(
                    "report_gap",
                    lang,
                    start=_when(g.start, lang),
                    end=_when(g.end, lang),
                    hours=number(g.hours, lang, decimals=1 if g.hours % 1 else 0),
                )
                for g in report.gaps[: data.MAX_LISTED]
            ]
            if len(report.gaps) > data.MAX_LISTED:
                gaps.append(t("report_more", lang, n=len(report.gaps) - data.MAX_LISTED))
            head = t(
                "report_gaps",
                lang,
                n=len(report.gaps),
                hours=number(hours, lang, decimals=1 if hours % 1 else 0),
            )
            st.warning(head + "\n" + "\n".join(f"- {g}" for g in gaps))
        for unused in report.unused:
            where = (
                " — "
                + t(
                    "report_unused_lines",
                    lang,
                    n=number(unused.count, lang),
                    lines=", ".join(str(x) for x in unused.lines[: data.MAX_LISTED])
                    + ("…" if len(unused.lines) > data.MAX_LISTED else ""),
                )
                if unused.lines
                else ""
            )
            st.caption(t("report_unused", lang, reason=unused.reason.say(lang)) + where)
        if report.notes:
            with st.expander(t("report_notes", lang)):
                st.markdown("\n".join(f"- {n.say(lang)}" for n in report.notes))


def guide(lang: Lang) -> None:
    """How to get each kind of export, with what to click."""
    for key, expanded in (("enedis", True), ("supplier", False), ("tic", False)):
        with st.expander(t(f"get_{key}", lang), expanded=expanded):
            st.markdown(t(f"get_{key}_steps", lang))


lang: Lang = st.session_state["lang"]
st.title(t("app_title", lang))
st.markdown(
    f":material/query_stats: {t('promise_what', lang)}  \n"
    f":material/lock: {t('promise_local', lang)}  \n"
    f":material/checklist: {t('promise_how', lang)}"
)
if demo_mode():
    st.info(t("demo_mode", lang), icon=":material/co_present:")
else:
    store = Store(st.session_state["store_path"])
    has_data = bool(store.meters())
    if has_data:
        with st.expander(t("guide_again", lang)):
            guide(lang)
    else:
        st.subheader(t("step_get", lang))
        guide(lang)
    st.subheader(t("step_drop", lang))
    uploads = st.file_uploader(t("drop_label", lang), accept_multiple_files=True, key="home_upload")
    st.caption(t("drop_caption", lang, types=TYPES, limit=file_size(data.upload_limit(), lang)))
    with st.expander(t("upload_options", lang)):
        st.selectbox(
            t("upload_unit", lang),
            UNITS,
            key="upload_unit",
            format_func=lambda unit: unit or t("upload_unit_auto", lang),
        )
        st.text_input(t("upload_start", lang), key="upload_start", placeholder="2024-01-08 12:00")
        st.text_input(t("upload_meter", lang), key="upload_meter", placeholder="unknown")
    # Each set of dropped files is read once (a file that needs an option is dropped again).
    ids = tuple(u.file_id for u in uploads or [])
    if ids and ids != st.session_state.get("imported_ids"):
        st.session_state["imported_ids"] = ids
        if import_uploads(list(uploads or []), lang):
            # The sidebar's contract fields are drawn: take the household's on the next run.
            st.session_state[OWN_CONTRACT_NEXT] = True
            st.rerun()
    names = meter_names(store)
    for kind, item in st.session_state.get(REPORTS, []):
        if isinstance(item, data.FileReport):
            show_report(item, lang, names)
        else:
            getattr(st, kind)(item)
    if st.session_state.pop("contract_asked", False):
        st.info(t("set_contract", lang))
    st.subheader(t("step_contract", lang))
    st.markdown(t("contract_steps", lang))
    st.caption(
        t(
            "contract_now",
            lang,
            kva=st.session_state["kva"],
            option=option_name(st.session_state["option"], lang),
            off_peak=st.session_state["off_peak"],
        )
    )

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
demo_banner(ctx)
