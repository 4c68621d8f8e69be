"""What every page needs: the language, the chosen data and its report.

The data is the household's store, or a demo household when it is empty. Shared state
lives in ``st.session_state`` under the keys set up here.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

import polars as pl
import streamlit as st

from analysis import contract
from analysis.report import Report, Settings
from analysis.tariffs import OPTIONS, OffPeak, kvas, off_peak_from_periods, option_name
from app import data
from app.i18n import number, t
from ingest import Store
from ingest.privacy import mask_meter
from ingest.store import default_path

if TYPE_CHECKING:
    from collections.abc import MutableMapping

    from words import Lang

    State = MutableMapping[Any, Any]
    """A session's state: ``st.session_state``, or a plain dict (:func:`warm_first_visit`)."""

DEFAULT_DEMO = "maison_electrique"
CONTRACT = ("kva", "option", "off_peak")
"""The session keys of the household's contract, remembered in its store."""


@dataclass(frozen=True)
class Context:
    """The current page's data."""

    lang: Lang
    report: Report | None
    demo: str | None
    """The demo household shown, or None when the household's own data is shown."""
    store_path: str
    tempo: pl.DataFrame | None = None
    """The household's own Tempo colours, when it gave some."""


def demo_mode(state: State = st.session_state) -> bool:
    """Whether the adviser's demo mode is on (``python -m app --demo``).

    It shows the sample households only and writes nothing to disk.
    """
    return bool(state.get("demo_mode"))


def own_store(state: State = st.session_state) -> Store | None:
    """The household's store, or None in demo mode (which must not touch it)."""
    return None if demo_mode(state) else Store(state["store_path"])


WORDED_CHOICES = ("demo", "option", "meter")
"""Selectbox keys whose options are shown in the page's language (``format_func``).

Streamlit 1.67 keeps a selectbox's value as the words of its option. When the language
changes the words, or the box was not drawn for a while (the demo household's, once data
is imported), the old words match no option and the box returns them as its value:
``"Heures creuses"`` for ``hphc``, a household's French name for its id. They are pinned
(:func:`pin_choices`) before any box is drawn."""


def pin_choices(state: State) -> None:
    """Give each worded selectbox back its value as an option, before it is drawn.

    Read now, the value is decoded with the words of the run that drew the box; set back,
    it overrides the words the browser sends in the new language.
    """
    for key in WORDED_CHOICES:
        if key in state:
            state[key] = state[key]


def init_state(state: State = st.session_state) -> None:
    """Set every shared key once (Streamlit's session-state discipline).

    The contract comes from the store when the household saved one, else from the demo
    household while the store is empty, else from the defaults.
    """
    pin_choices(state)
    state.setdefault("demo_mode", os.environ.get("COURBE_DEMO") == "1")
    state.setdefault("store_path", str(default_path()))
    state.setdefault("demo", DEFAULT_DEMO)
    store = own_store(state)
    saved = store.settings() if store else {}
    state.setdefault("lang", saved.get("lang", "fr"))
    if store and store.meters():
        chosen = own_contract(store)
    else:
        chosen = asdict(data.demo_settings(state["demo"]))
    if "off_peak" not in state:
        use_off_peak(str(chosen["off_peak"]), store, state)
    for key in CONTRACT:
        state.setdefault(key, chosen[key])
    if state.pop(OWN_CONTRACT_NEXT, False) and store and store.meters():
        use_own_contract()
        state["contract_asked"] = True


OWN_CONTRACT_NEXT = "own_contract_next"
"""The session key set by a first import: the next run takes the household's contract."""


def use_demo_contract() -> None:
    """Give the sidebar the contract of the demo household just picked."""
    demo = data.demo_settings(st.session_state["demo"])
    st.session_state["kva"] = demo.kva
    st.session_state["option"] = demo.option
    use_off_peak(demo.off_peak, None)


def own_contract_defaults(store: Store | None) -> dict[str, object]:
    """The contract assumed before the household says.

    Off-peak hours the meter itself reported (a TIC capture) come before the default ones.
    """
    learned = off_peak_from_periods(store.periods().collect()) if store else None
    return asdict(contract.settings({}, {}, learned))


def own_contract(store: Store) -> dict[str, object]:
    """The saved contract, else the meter's own off-peak hours, else the defaults."""
    learned = off_peak_from_periods(store.periods().collect())
    return asdict(contract.settings({}, store.settings(), learned))


FIELD = "off_peak_field"
"""The session key of the off-peak text as typed; ``off_peak`` holds the hours in use."""
REFUSED = "off_peak_refused"
"""The session key of the refusal of the typed hours, while they are refused."""


def refusal(text: str) -> str | None:
    """Why :meth:`OffPeak.parse` refuses these off-peak hours, or None when it reads them."""
    try:
        OffPeak.parse(text)
    except ValueError as error:
        return str(error)
    return None


def use_off_peak(text: str, store: Store | None, state: State = st.session_state) -> None:
    """Use these off-peak hours, or show them refused and use the default ones.

    Hours saved before they were checked can be refused: they are never used.
    """
    error = refusal(text)
    if error:
        state[FIELD] = text
        state[REFUSED] = error
        state["off_peak"] = own_contract_defaults(store)["off_peak"]
    else:
        state.pop(REFUSED, None)
        state["off_peak"] = text


def take_off_peak() -> None:
    """The off-peak field's callback: take and save the typed hours only if they are read."""
    text = str(st.session_state[FIELD]).strip()
    error = refusal(text)
    if error:
        st.session_state[REFUSED] = error  # the hours in use stay, and nothing is saved
        return
    use_off_peak(text, None)
    remember_settings()


def use_own_contract() -> None:
    """After a first import: the household's saved contract, else the defaults (a callback)."""
    store = Store(st.session_state["store_path"])
    saved = own_contract(store)
    for key in ("kva", "option"):
        st.session_state[key] = saved[key]
    use_off_peak(str(saved["off_peak"]), store)
    remember_settings()


def remember_settings() -> None:
    """Save the contract and language in the store; a demo (empty store) writes nothing.

    The other saved settings (the meters' names) stay.
    """
    store = own_store()
    if store and store.meters():
        store.save_settings(
            store.settings() | {k: st.session_state[k] for k in ("lang", *CONTRACT)}
        )


NAMES = "meter_names"
"""The settings key of the names a household gave its meters: ``{meter: name}``."""


def meter_names(store: Store | None) -> dict[str, str]:
    """The names the household gave its meters (none in a demo)."""
    names = store.settings().get(NAMES, {}) if store else {}
    return {str(k): str(v) for k, v in names.items() if str(v).strip()}


def name_meter(meter: str, name: str) -> None:
    """Give a meter a name, or take it away with an empty one; kept in the store's settings."""
    store = own_store()
    if store is None:
        return
    saved = store.settings()
    names = dict(saved.get(NAMES, {})) | {meter: name.strip()}
    store.save_settings(saved | {NAMES: {k: v for k, v in names.items() if v}})


def meter_label(meter: str, names: dict[str, str]) -> str:
    """The household's name for the meter, else its masked number."""
    return names.get(meter) or mask_meter(meter)


def holdings() -> pl.DataFrame:
    """The household's meters that have a curve, with their first and last day and days.

    Empty in a demo or for an empty store (see :func:`app.data.meter_holdings`).
    """
    if demo_mode():
        return data.NO_HOLDINGS
    path = st.session_state["store_path"]
    return data.meter_holdings(path, data.store_generation(path))


def holds(
    meter: str, held: pl.DataFrame, names: dict[str, str], lang: Lang, *, key: str = "meter_holds"
) -> str:
    """What a meter holds, in words: its name or masked number, period and days.

    ``key`` picks the sentence: the picker's (``meter_holds``) or the pages' (``shown_meter``).
    """
    row = held.filter(pl.col("meter") == meter)
    if not row.height:
        return meter_label(meter, names)
    return t(
        key,
        lang,
        label=meter_label(meter, names),
        first=row["first"][0],
        last=row["last"][0],
        days=number(row["days"][0], lang),
    )


def reference(name: str, state: State = st.session_state) -> pl.DataFrame | None:
    """The household's ``tempo`` colours or ``temperatures``: this session's, else the store's."""
    key = f"ref_{name}"
    if key in state:
        frame: pl.DataFrame | None = state[key]
        return frame
    store = own_store(state)
    return store.reference(name) if store else None


def uploader_words(lang: Lang) -> None:
    """Streamlit's own uploader texts cannot be translated: hide them, say ours instead.

    The size-and-types line and each dropped file's size (English units) are hidden, the
    pages' captions say the limit and types in the page's language, and the button's
    "Upload" is replaced by the catalogue's words.
    """
    label = t("drop_button", lang).replace('"', "")
    button = '[data-testid="stFileUploaderDropzone"] [data-testid="stBaseButton-secondary"]'
    st.html(
        "<style>"
        '[data-testid="stFileUploaderDropzoneInstructions"]{display:none}'
        '[data-testid="stFileChipName"] + div{display:none}'
        f"{button}{{font-size:0}}"
        f"{button} *{{display:none}}"
        f'{button}::after{{content:"{label}";font-size:1rem}}'
        "</style>"
    )


def sidebar() -> None:
    """Language and contract settings, shared by all pages (and the uploaders' words)."""
    lang: Lang = st.session_state["lang"]
    with st.sidebar:
        st.selectbox(
            t("language", lang),
            ["fr", "en"],
            key="lang",
            format_func=lambda x: {"fr": "Français", "en": "English"}[x],
            on_change=remember_settings,
        )
        lang = st.session_state["lang"]
        uploader_words(lang)
        st.subheader(t("settings", lang))
        st.selectbox(
            t("option", lang),
            list(OPTIONS),
            key="option",
            format_func=lambda o: option_name(o, lang),
            on_change=remember_settings,
        )
        st.selectbox(t("kva", lang), kvas("base"), key="kva", on_change=remember_settings)
        if REFUSED not in st.session_state:
            st.session_state[FIELD] = st.session_state["off_peak"]
        st.text_input(
            t("off_peak", lang), key=FIELD, help=t("off_peak_help", lang), on_change=take_off_peak
        )
        if REFUSED in st.session_state:
            kept = st.session_state["off_peak"]
            st.error(t("off_peak_refused", lang, kept=kept, error=st.session_state[REFUSED]))
        # Only meters with a curve: a capture of registers alone has nothing to show.
        held = holdings()
        meters = held["meter"].to_list()
        if len(meters) > 1:
            if st.session_state.get("meter") not in meters:
                st.session_state["meter"] = meters[0]
            names = meter_names(own_store())
            st.selectbox(
                t("meter", lang),
                meters,
                key="meter",
                format_func=lambda m: holds(m, held, names, lang),
            )


def load(state: State = st.session_state) -> Context:
    """The report for the household's store, or for the chosen demo household."""
    lang: Lang = state["lang"]
    path = state["store_path"]
    settings = Settings(
        kva=state["kva"],
        option=state["option"],
        off_peak=state["off_peak"],
    )
    generation = 0 if demo_mode(state) else data.store_generation(path)
    tempo, temperatures = reference("tempo", state), reference("temperatures", state)
    try:
        if generation:
            # The meter's own colours (TIC), the household's file over them.
            tempo = contract.over(data.meter_colours(path, generation), tempo)
            curve, peaks = data.store_tables(path, generation)
            meters = sorted(curve["meter"].unique().to_list())
            if meters:
                meter = state.get("meter")
                meter = meter if meter in meters else meters[0]
                report = data.report(curve, peaks, settings, meter, tempo, temperatures)
                return Context(lang, report, None, path, tempo)
        demo = state["demo"]
        report = data.report(data.demo_curve(demo), None, settings, None, tempo, temperatures)
        return Context(lang, report, demo, path, tempo)
    except ValueError as error:
        st.error(str(error))
        return Context(lang, None, state["demo"], path)


def missing_temperatures(ctx: Context) -> None:
    """Say, under figures judged against the cold, which days had no temperature."""
    if ctx.report is None:
        return
    covered = ctx.report.reference_data.get("temperatures", {})
    if covered.get("missing_days"):
        last = covered.get("last_known")
        st.caption(
            t(
                "missing_temperatures",
                ctx.lang,
                n=covered["missing_days"],
                days=ctx.report.days,
                last=dt.date.fromisoformat(last) if last else "–",
            )
        )


def demo_banner(ctx: Context) -> None:
    """Say clearly whose figures these are: the meter shown, or a demo household."""
    if ctx.demo is None and ctx.report is not None and ctx.report.meter:
        names = meter_names(own_store())
        shown = holds(ctx.report.meter, holdings(), names, ctx.lang, key="shown_meter")
        st.caption(f":material/electric_meter: {shown}")
    if ctx.demo is not None:
        store = own_store()
        if store and store.meters():  # files were imported, but none holds a curve
            st.warning(t("no_curve_banner", ctx.lang), icon=":material/info:")
        from sample_loadcurves.archetypes import BY_ID

        a = BY_ID[ctx.demo]
        st.info(
            t("demo_banner", ctx.lang, name=a.label_fr if ctx.lang == "fr" else a.label_en),
            icon=":material/science:",
        )
