"""A household's first run in a real headless Chromium (issue 17), in French and in English.

Empty store → guide → a real export → contract → every page → a period back → a day from
an anomaly → report PDF → delete everything. Every request must stay on 127.0.0.1.
Screenshots go to ``$COURBE_SCREENSHOTS``, else to a temporary folder, as
``<lang>/<step>.png``; the README's screenshots are the French run's (README.md says which
step is which).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Page, expect

from app.i18n import MONTH_NAMES
from tests.app.browser import open_page, settle, shot, stayed_on_loopback
from tests.app.test_language import FRENCH, NAMES, NOT_WORDS
from tests.conftest import real_export_dir

if TYPE_CHECKING:
    from playwright.sync_api import Browser

    from tests.app.browser import Server
    from words import Lang

pytestmark = pytest.mark.e2e


# The first run of a household (issue 17): empty store → guide → a real export → contract →
# every page → a period back → a day from an anomaly → report PDF → delete everything.
REAL_EXPORT = "guiedf_conso_heure_2023-08-09_2024-07-25.csv"
"""A year of a real household's half-hours, as the Enedis portal gives them out."""

WALK: dict[Lang, dict[str, str]] = {  # what the household reads at each step, per language
    "fr": {
        "title": "Courbe — votre électricité, expliquée",
        "get": "1. Récupérez votre fichier",
        "drop": "2. Déposez vos fichiers",
        "imported": "relevés importés",
        "contract_asked": "Indiquez votre contrat",
        "kva": "Puissance souscrite (kVA)",
        "contract_now": "Contrat retenu : 6 kVA",
        "overview": "Vue d'ensemble",
        "whole": "Tout votre historique",
        "always_on": "Consommation permanente",
        "previous": "← Précédent",
        "days": "Jours",
        "habits": "Habitudes",
        "reference": "Vous et un foyer de référence",
        "power": "Puissance",
        "verdict": "Notre avis sur votre puissance",
        "anomalies": "Anomalies",
        "see_day": "Voir la courbe",
        "here": "Ce qui ressort sur cette période",
        "savings": "Économies",
        "tips": "Nos conseils, classés par économie",
        "report": "Rapport",
        "make_pdf": "Préparer le PDF",
        "pdf": "Télécharger le PDF",
        "data": "Mes données",
        "imports": "Fichiers importés",
        "confirm": "Je veux effacer toutes mes données",
        "delete": "Tout effacer",
        "deleted": "Toutes vos données ont été effacées",
        "empty": "Aucun fichier importé pour l'instant.",
        "home": "Accueil",
    },
    "en": {
        "title": "Courbe — your electricity, explained",
        "get": "1. Get your file",
        "drop": "2. Drop your files",
        "imported": "readings imported",
        "contract_asked": "Give your contract",
        "kva": "Subscribed power (kVA)",
        "contract_now": "Contract in use: 6 kVA",
        "overview": "Overview",
        "whole": "Your whole history",
        "always_on": "Always-on load",
        "previous": "← Previous",
        "days": "Days",
        "habits": "Habits",
        "reference": "You and a reference home",
        "power": "Power",
        "verdict": "Our view on your subscribed power",
        "anomalies": "Anomalies",
        "see_day": "See the curve",
        "here": "What stands out here",
        "savings": "Savings",
        "tips": "Our tips, ranked by saving",
        "report": "Report",
        "make_pdf": "Make the PDF",
        "pdf": "Download the PDF",
        "data": "My data",
        "imports": "Imported files",
        "confirm": "I want to delete all my data",
        "delete": "Delete everything",
        "deleted": "All your data was deleted",
        "empty": "No file imported yet.",
        "home": "Home",
    },
}
NOT_FRENCH = ("Français", "La Tribune")
"""French an English page shows on purpose: the language menu names French in French, and
the sources the tips quote keep their names (the newspaper La Tribune)."""


def _french(page: Page) -> list[str]:
    """The French words on the page (test_language's list), with a little context each."""
    text = page.locator("body").inner_text()
    for deliberate in (*NAMES, *NOT_FRENCH):
        text = text.replace(deliberate, " ")
    text = NOT_WORDS.sub(" ", text)
    return [text[max(0, m.start() - 30) : m.end() + 30] for m in FRENCH.finditer(text)]


@dataclass
class Walk:
    """One language's walk: each step asserts what is seen, then is photographed."""

    page: Page
    lang: Lang
    folder: Path
    seconds: dict[str, float] = field(default_factory=dict)
    started: float = field(default_factory=time.monotonic)

    def words(self, name: str) -> str:
        return WALK[self.lang][name]

    def see(self, name: str, *, exact: bool = False) -> None:
        expect(self.page.get_by_text(self.words(name), exact=exact).first).to_be_visible()

    def step(self, name: str) -> None:
        """Photograph the step; in English, no French word may be on the page."""
        shot(self.page, self.folder / f"{name}.png")
        if self.lang == "en":
            assert not _french(self.page), f"French at step {name}: {_french(self.page)[:8]}"
        now = time.monotonic()
        self.seconds[name] = now - self.started
        self.started = now

    def open(self, page: str, charts: int = 0) -> None:
        open_page(self.page, self.words(page), charts)


def _sidebar_select(page: Page, index: int, option: str) -> None:
    page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").nth(index).click()
    page.get_by_role("option", name=option, exact=True).click()
    settle(page)


def _month_before(heading: str, lang: Lang) -> str:
    """``juin 2024`` → ``mai 2024``: the month the previous button should open."""
    name, year = heading.rsplit(" ", 1)
    months = MONTH_NAMES[lang]
    i = months.index(name)
    return f"{months[i - 1]} {int(year) - (i == 0)}"


@pytest.mark.real
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_households_first_run_from_empty_store_to_delete_everything(
    server: Server, browser: Browser, shots: Path, lang: Lang
) -> None:
    export = real_export_dir("enedis_portal_csv") / REAL_EXPORT
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="fr-FR", accept_downloads=True
    )
    context.on("request", lambda r: server.requests.append(r.url))
    page = context.new_page()
    page.on("websocket", lambda ws: server.requests.append(ws.url))
    walk = Walk(page, lang, shots / lang)
    walk.folder.mkdir(parents=True, exist_ok=True)
    page.goto(server.url)
    settle(page)
    if lang == "en":
        _sidebar_select(page, 0, "English")

    # Empty store: the guide, then the drop zone.
    walk.see("title")
    walk.see("get")
    walk.see("drop")
    assert not (server.home / "store").exists() or not any((server.home).rglob("*.parquet"))
    walk.step("01_guide")

    page.locator('[data-testid="stFileUploader"] input[type="file"]').first.set_input_files(export)
    expect(page.get_by_text(walk.words("imported"), exact=False).first).to_be_visible(
        timeout=60_000
    )
    settle(page)
    walk.see("contract_asked")
    assert any(server.home.rglob("*.parquet")), "the import wrote nothing to the store"
    walk.step("02_import")

    _sidebar_select(page, 2, "6")  # the contract from the bill: 6 kVA (9 is the default)
    walk.see("contract_now")
    walk.step("03_contract")

    walk.open("overview", 3)
    walk.see("whole")
    walk.see("always_on")
    expect(page.get_by_text("Démonstration", exact=False)).to_have_count(0)
    walk.step("04_vue_ensemble")

    heading = page.get_by_test_id("stMain").get_by_test_id("stHeading").last.inner_text().strip()
    page.get_by_role("button", name=walk.words("previous")).click()
    settle(page, 3)
    expect(page.get_by_test_id("stMain").get_by_test_id("stHeading").last).to_have_text(
        _month_before(heading, lang)
    )
    walk.step("05_periode_precedente")

    walk.open("habits", 2)
    walk.see("reference")
    walk.step("06_habitudes")

    walk.open("power", 1)
    walk.see("verdict")
    walk.step("07_puissance")

    walk.open("anomalies")
    link = page.get_by_role("link", name=walk.words("see_day")).first
    expect(link).to_be_visible()
    asked = link.inner_text().split(":", 1)[1].strip()  # "12 mars 2024" / "12 March 2024"
    walk.step("08_anomalies")
    link.click()
    settle(page, 2)
    expect(page.get_by_test_id("stMain").get_by_test_id("stHeading").first).to_contain_text(asked)
    walk.see("here")
    walk.step("09_jour_d_une_anomalie")

    walk.open("savings", 1)
    walk.see("tips")
    walk.step("10_economies")

    walk.open("report")
    page.get_by_role("button", name=walk.words("make_pdf")).click()
    pdf_button = page.get_by_role("button", name=walk.words("pdf"))
    expect(pdf_button).to_be_visible(timeout=60_000)
    settle(page)
    with page.expect_download(timeout=30_000) as download:
        pdf_button.click()
    pdf = Path(download.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF"), pdf[:20]
    assert len(pdf) > 20_000
    walk.step("11_rapport")

    walk.open("data")
    walk.see("imports")
    assert "1429xxxxxxxxxx" not in page.locator("body").inner_text()  # shown masked
    walk.step("12_donnees")

    page.get_by_text(walk.words("confirm")).click()
    page.get_by_role("button", name=walk.words("delete")).click()
    settle(page)
    walk.see("deleted")
    walk.see("empty")
    assert not any(server.home.rglob("*.parquet")), "the store still holds data"
    walk.step("13_tout_efface")

    walk.open("home")
    walk.see("get")  # the empty store's guide again
    walk.step("14_accueil_vide")
    context.close()

    stayed_on_loopback(server.requests)
    print(f"\n{lang}: " + ", ".join(f"{k} {v:.1f} s" for k, v in walk.seconds.items()))
