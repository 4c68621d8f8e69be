"""No French sentence on an English page, no English one on a French page (AppTest).

Every page is drawn on the demo household and on an imported sample household, in each
language, and every text a person reads is gathered: titles, markdown, captions, alerts,
metrics (label, value, delta, tooltip), widgets (label, options, placeholder, tooltip),
expanders, table headers and cells, and the charts' names, axes, ticks and hover texts.

A text is in the other language when it holds one of that language's frequent words that
the page's language does not use (:data:`FRENCH`, :data:`ENGLISH`). Before it is judged,
the texts the dashboard shows but does not own are cut out of it, each with its owner:
what ``analysis`` returned to the pages (anomaly explanations, tips, verdicts,
assumptions, tariff names: recorded as the pages call it), the readers' notes of
``ingest`` (what reading a file inferred), and what French sites and sources call their
buttons (:data:`NAMES`). The test fails on the dashboard's own words only; :func:`leaks`
names the owner of every other one.
"""

from __future__ import annotations

import dataclasses
import json
import re
from typing import TYPE_CHECKING, Any

import pytest
from google.protobuf.json_format import MessageToDict
from streamlit.testing.v1 import AppTest

from analysis import anomalies, scenarios
from analysis.report import Report
from app import data
from ingest import read_export
from ingest.privacy import mask_text
from sample_loadcurves.households import SHIPPED
from tests.conftest import ROOT
from words import Said

if TYPE_CHECKING:
    from collections.abc import Iterator

    from words import Lang

ENTRY = str(ROOT / "app" / "streamlit_app.py")
PAGES = (
    "accueil",
    "vue_ensemble",
    "explorer",
    "habitudes",
    "puissance",
    "anomalies",
    "economies",
    "rapport",
    "donnees",
)
SAMPLES = [
    next((SHIPPED / household).glob("Enedis_Conso_*.csv"))
    for household in ("appartement_gaz", "maison_electrique")
]
"""The files of the imported household: two meters, so every part of Mes données shows."""

FRENCH = re.compile(
    r"\b(?:les|des|est|sont|une|avec|pour|dans|vous|votre|vos|sur|pas|aux|du|au|et|ou|le|la"
    r"|jours?|heures?|mois|semaine|année|hiver|été|nuit|matin|soirée|depuis)\b|[éèêàùçôîœ]",
    re.IGNORECASE,
)
"""Words and letters of French that English does not use."""
ENGLISH = re.compile(
    r"\b(?:the|and|your|you|of|with|is|are|this|that|for|to|from|not|which|will|has|have"
    r"|only|per|days?|hours?|weeks?|months?|years?|winter|summer|night|morning|evening)\b",
    re.IGNORECASE,
)
"""Words of English that French does not use."""
FOREIGN: dict[Lang, re.Pattern[str]] = {"en": FRENCH, "fr": ENGLISH}

NOT_WORDS = re.compile(
    r":material/[a-z_]+:"  # icons
    r"|https?://\S+"  # addresses
    r"|`[^`]*`"  # code: file names, columns
    r"|\b[\w.-]+\.(?:csv|txt|tsv|xlsx?|json|xml|log|raw|dat|zip|md|html|pdf)\b",  # files
    re.IGNORECASE,
)
"""What is not a sentence of either language."""

DELIBERATE: dict[tuple[str, str], str] = {
    ("selectbox", "lang"): "each language is named in itself: Français, English",
}
"""Widgets (kind, key) whose words are in another language on purpose, and why."""

NAMES = (
    "Activer l'enregistrement de la consommation horaire",
    "Consommation horaire",
    "Consommation par demi-heure",
    "Mes puissances atteintes",
    "Ma consommation",
    "Télécharger",
    "mon-compte-particulier.enedis.fr",
    "éCO2mix",
    "Météo-France",
)
"""What French sites and sources call their buttons and themselves: quoted as they are
(the Enedis portal has no English), the guide says what each means."""

Owned = dict[str, list[str]]
"""Texts the dashboard shows but does not own, by owner (``analysis``, ``ingest``)."""


@dataclasses.dataclass(frozen=True)
class Text:
    """One text a person reads on a page."""

    page: str
    kind: str
    key: str
    text: str


def _strings(value: Any) -> Iterator[str]:
    """Every string in a plotly spec's names, titles, ticks and hover texts."""
    if isinstance(value, dict):
        for k, v in value.items():
            if k in {"template", "font", "marker", "line", "colorscale", "meta"}:
                continue
            if k in {"text", "name", "hovertemplate", "ticktext", "title", "x", "y", "labels"}:
                yield from (s for s in _flat(v) if isinstance(s, str))
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def _flat(value: Any) -> Iterator[Any]:
    if isinstance(value, list):
        for v in value:
            yield from _flat(v)
    elif not isinstance(value, dict):
        yield value


def _walk(node: Any) -> Iterator[Any]:
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _walk(child)


PROTO_FIELDS = ("label", "body", "help", "placeholder", "delta")


def texts(app: AppTest, page: str) -> list[Text]:
    """What a person reads on the page just drawn, element by element."""
    found: list[Text] = []
    for node in _walk(app._tree):
        kind = str(getattr(node, "type", ""))
        proto = getattr(node, "proto", None)
        if proto is None or kind in {"html", "iframe", "divider"}:
            continue  # (the report's own HTML is tested with the report)
        fields = MessageToDict(proto)
        key = str(getattr(node, "key", None) or "")
        parts: list[str] = [str(fields[f]) for f in PROTO_FIELDS if isinstance(fields.get(f), str)]
        parts += [str(o) for o in fields.get("options", [])]
        if "expandable" in fields:
            parts.append(str(fields["expandable"].get("label", "")))
        if kind == "plotly_chart":
            parts += list(_strings(json.loads(fields["spec"])))
        if kind == "dataframe":
            frame = node.value
            parts += [str(c) for c in frame.columns]
            parts += [str(v) for c in frame.columns for v in frame[c] if isinstance(v, str)]
        found += [Text(page, kind, key, p) for p in parts if p.strip()]
    return found


def analysis_texts(returned: list[Any], lang: Lang) -> set[str]:
    """The sentences and names in what ``analysis`` returned to the pages."""
    out: set[str] = set()

    def visit(value: Any) -> None:
        if isinstance(value, Said):
            out.add(value.say(lang))
        elif isinstance(value, str):
            if len(value) >= 12 and " " in value:
                out.add(value)
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            for f in dataclasses.fields(value):
                if f.name != "frames":
                    visit(getattr(value, f.name))
        elif isinstance(value, list | tuple):
            for v in value:
                visit(v)
        elif isinstance(value, dict):
            for v in value.values():
                visit(v)

    visit(returned)
    for report in returned:
        if isinstance(report, Report):
            out |= {anomalies.title(a.kind, lang) for a in report.anomalies}
    return out


def leaks(found: list[Text], lang: Lang, owned: Owned) -> list[tuple[str, Text]]:
    """The texts in the other language, each with its owner: ``app`` or one of ``owned``.

    The app owns what is left of a text once every owned text is cut out of it; else the
    owner is the one whose text in it is in the other language.
    """
    foreign = FOREIGN[lang]
    owners = {"name": list(NAMES), **owned}
    cut = sorted({s for texts in owners.values() for s in texts}, key=len, reverse=True)
    out = []
    for text in found:
        if (text.kind, text.key) in DELIBERATE:
            continue
        words = NOT_WORDS.sub(" ", text.text)
        own = words
        for sentence in cut:
            own = own.replace(sentence, " ")
        if foreign.search(own):
            out.append(("app", text))
            continue
        for owner, texts in owned.items():
            if any(s in words and foreign.search(s) for s in texts):
                out.append((owner, text))
                break
    return out


def _pages(app: AppTest, lang: Lang) -> list[Text]:
    """Draw every page in ``lang`` and gather its texts."""
    if app.session_state["lang"] != lang:
        app.selectbox(key="lang").select(lang).run()
    found: list[Text] = []
    for page in PAGES:
        app.switch_page(f"app_pages/{page}.py").run()
        assert not app.exception, page
        found += texts(app, page)
    return found


def _removal(app: AppTest) -> list[Text]:
    """Mes données while removing a meter: the question, then what was done."""
    (ask, *_) = [b for b in app.button if str(b.key).startswith("remove_")]
    ask.click().run()
    found = texts(app, "donnees+remove")
    yes = next(b for b in app.button if str(b.key).startswith("remove_yes_"))
    yes.click().run()
    assert not app.exception
    assert app.success  # what was removed is said
    return found + texts(app, "donnees+remove")


@pytest.fixture(scope="module", params=["en", "fr"])
def shown(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Lang, list[Text], Owned]:
    """Every page's texts in one language, on the demo then on an imported household
    (and Mes données while it removes a meter).

    With the texts the app shows but does not own, by owner.
    """
    lang: Lang = request.param
    returned: list[Any] = []  # what analysis gave the pages, as they called it

    def record(function: Any) -> Any:
        def recorded(*args: Any, **kwargs: Any) -> Any:
            result = function(*args, **kwargs)
            returned.append(result)
            return result

        return recorded

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(data, "report", record(data.report))
        patch.setattr(scenarios, "shift_to_off_peak", record(scenarios.shift_to_off_peak))
        demo = AppTest.from_file(ENTRY, default_timeout=120)
        demo.session_state["store_path"] = str(tmp_path_factory.mktemp("empty") / "store")
        found = _pages(demo.run(), lang)
        own = AppTest.from_file(ENTRY, default_timeout=120)
        own.session_state["store_path"] = str(tmp_path_factory.mktemp("own") / "store")
        own.run()
        if lang == "en":
            own.selectbox(key="lang").select("en").run()
        upload = [(p.name, p.read_bytes(), "text/csv") for p in SAMPLES]
        own.file_uploader(key="home_upload").set_value(upload).run()
        found += [dataclasses.replace(t, page="accueil+import") for t in texts(own, "accueil")]
        found += _pages(own, lang)
        found += _removal(own)
    notes = [mask_text(str(n)) for p in SAMPLES for n in read_export(p).notes]
    return lang, found, {"analysis": sorted(analysis_texts(returned, lang)), "ingest": notes}


def test_no_page_says_the_dashboards_own_words_in_the_other_language(
    shown: tuple[Lang, list[Text], Owned],
):
    lang, found, owned = shown
    assert {t.page for t in found} == {*PAGES, "accueil+import", "donnees+remove"}
    assert any(t.kind == "plotly_chart" for t in found)
    assert any(t.kind == "dataframe" for t in found)
    app_leaks = [
        f"{t.page} · {t.kind} {t.key}: {t.text!r}"
        for owner, t in leaks(found, lang, owned)
        if owner == "app"
    ]
    assert app_leaks == []


@pytest.mark.parametrize(
    ("lang", "text", "foreign"),
    [
        ("en", "Your consumption over the period", False),
        ("en", "Votre consommation sur la période", True),
        ("en", "Headroom 3.2 kW", False),
        ("en", "Hiver", True),
        ("en", "14 jours", True),
        ("fr", "Votre consommation sur la période", False),
        ("fr", "Your consumption over the period", True),
        ("fr", "12 345 kWh · 3 days", True),
        ("fr", "Option : Heures creuses", False),
        ("fr", "Fichier `curve.csv` sur https://example.org/the-file", False),
    ],
)
def test_a_sentence_of_the_other_language_is_found(lang: Lang, text: str, foreign: bool):
    found = leaks([Text("p", "markdown", "", text)], lang, {})
    assert bool(found) is foreign


def test_texts_the_app_does_not_own_are_cut_out_and_named_with_their_owner():
    owned = {"analysis": ["La consommation de nuit est élevée."], "ingest": ["values are in W"]}
    mixed = Text("anomalies", "markdown", "", "Night use: La consommation de nuit est élevée.")
    assert leaks([mixed], "en", owned) == [("analysis", mixed)]
    worse = Text("anomalies", "markdown", "", "Nuit : La consommation de nuit est élevée.")
    assert leaks([worse], "en", owned) == [("app", worse)]
    note = Text("accueil", "markdown", "", "Remarques :\n- values are in W")
    assert leaks([note], "fr", owned) == [("ingest", note)]
    guide = Text("accueil", "markdown", "", "Choose **Consommation horaire** (hourly use)")
    assert leaks([guide], "en", owned) == []
    picker = Text("accueil", "selectbox", "lang", "Français")
    assert leaks([picker], "en", owned) == []


def test_dates_are_written_the_pages_way(shown: tuple[Lang, list[Text], Owned]):
    # "01/08/2026" in French, "1 Aug 2026" in English, in every sentence the app writes
    # (tables and charts hold data, not sentences).
    lang, found, _ = shown
    other = {
        "en": re.compile(r"\b\d{2}/\d{2}/\d{4}\b"),
        "fr": re.compile(r"\b\d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}"),
    }[lang]
    sentences = [t for t in found if t.kind not in ("dataframe", "plotly_chart")]
    assert sentences
    wrong = [f"{t.page} · {t.kind}: {t.text!r}" for t in sentences if other.search(t.text)]
    assert "\n".join(wrong) == ""
