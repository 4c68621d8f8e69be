"""`python -m app` in a real headless Chromium: upload, every page, language switch; and a
household's first run, in French and in English, from an empty store to Tout effacer.

Every network request the page makes is recorded and must stay on 127.0.0.1; the server
must listen on loopback only. Screenshots go to ``$COURBE_SCREENSHOTS``, else to a
temporary folder: the first test's by page name, the first run's as ``<lang>/<step>.png``.
The README's screenshots are the French first run's (README.md says which step is which).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from app.i18n import MONTH_NAMES
from sample_loadcurves.households import SHIPPED
from tests.app.test_language import FRENCH, NAMES, NOT_WORDS
from tests.conftest import ROOT, real_export_dir

if TYPE_CHECKING:
    from collections.abc import Iterator

    from words import Lang

pytestmark = pytest.mark.e2e

CHROMIUM = Path("/usr/bin/chromium")
LOCAL_SCHEMES = {"data", "blob", "about"}


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, object]) -> dict[str, object]:
    """Debian's Chromium (browsers cannot be downloaded here), with its own traffic off."""
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is required in CI (apt-get install chromium)")
        pytest.skip(f"{CHROMIUM} not installed")
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [
            "--no-sandbox",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-default-apps",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@dataclass
class Server:
    url: str
    port: int
    home: Path
    process: subprocess.Popen[bytes]
    requests: list[str] = field(default_factory=list)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    """``python -m app`` on a free port with an empty store of its own."""
    port = _free_port()
    home = tmp_path / "courbe"
    env = {**os.environ, "COURBE_HOME": str(home)}
    log = tmp_path / "app.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "app", "--server.port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the app did not start: {log.read_text()[-2000:]}")
            time.sleep(0.3)
    yield Server(url, port, home, process)
    process.terminate()
    process.wait(timeout=20)


def _listening(port: int) -> list[str]:
    """Local addresses (hex, as in /proc/net/tcp*) listening on ``port``."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            address, hex_port = fields[1].rsplit(":", 1)
            if int(hex_port, 16) == port and fields[3] == "0A":  # 0A: LISTEN
                found.append(address)
    return found


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("COURBE_SCREENSHOTS") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _settle(page: Page, charts: int = 0) -> None:
    """Wait for Streamlit to finish running the script and for ``charts`` charts to draw."""
    page.wait_for_load_state("networkidle")
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=60_000)
    page.wait_for_function(
        """n => {
            const all = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')];
            return all.length >= n && all.every(c => c.querySelector('.main-svg'));
        }""",
        arg=charts,
        timeout=60_000,
    )
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)


def _shot(page: Page, path: Path) -> None:
    """The whole page: Streamlit scrolls inside its main block, so grow the window to it."""
    height = 0
    for _ in range(10):  # until the page stops growing (late elements, charts resizing)
        page.wait_for_timeout(400)
        now = int(page.evaluate("document.querySelector('[data-testid=stMain]').scrollHeight"))
        if now == height:
            break
        height = now
        page.set_viewport_size({"width": 1280, "height": max(900, height)})
    page.screenshot(path=path)
    page.set_viewport_size({"width": 1280, "height": 900})


def _open(page: Page, title: str, charts: int = 0) -> None:
    page.get_by_role("link", name=title).first.click()
    _settle(page, charts)


def test_upload_every_page_and_language_switch_stay_on_loopback(
    server: Server, browser: Browser, shots: Path
) -> None:
    addresses = _listening(server.port)
    assert addresses, "nothing listens on the app's port"
    assert set(addresses) == {"0100007F"}, f"not loopback only: {addresses}"

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    context.on("request", lambda r: server.requests.append(r.url))
    page = context.new_page()
    page.on("websocket", lambda ws: server.requests.append(ws.url))
    page.goto(server.url)
    _settle(page)
    expect(page.get_by_text("Courbe — votre électricité, expliquée")).to_be_visible()
    expect(page.get_by_text("Démonstration", exact=False).first).to_be_visible()
    _shot(page, shots / "accueil_demo.png")

    sample = next((SHIPPED / "maison_electrique").glob("Enedis_Conso_*.csv"))
    page.locator('[data-testid="stFileUploader"] input[type="file"]').first.set_input_files(sample)
    expect(page.get_by_text("relevés importés", exact=False)).to_be_visible(timeout=60_000)
    _settle(page)
    _shot(page, shots / "accueil.png")

    pages = {  # title: (screenshot, words on the page, charts)
        "Vue d'ensemble": ("vue_ensemble", "Consommation permanente", 2),
        "Habitudes": ("habitudes", "journée type", 2),
        "Puissance": ("puissance", "puissance souscrite", 1),
        "Anomalies": ("anomalies", "", 0),
        "Économies": ("economies", "heures creuses", 1),
        "Rapport": ("rapport", "Télécharger le rapport", 0),
        "Mes données": ("donnees", "Fichiers importés", 0),
    }
    for title, (name, words, charts) in pages.items():
        _open(page, title, charts)
        if words:
            expect(page.get_by_text(words, exact=False).first).to_be_visible()
        # The household's own data now: no demo banner.
        expect(page.get_by_text("Démonstration", exact=False)).to_have_count(0)
        _shot(page, shots / f"{name}.png")
        assert "99000000000002" not in page.content()  # the meter number is never shown

    page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").first.click()
    page.get_by_role("option", name="English").click()
    _settle(page)
    _open(page, "Overview", 2)
    expect(page.get_by_text("Always-on load").first).to_be_visible()
    _shot(page, shots / "overview_en.png")
    context.close()

    outside = [
        u
        for u in server.requests
        if urlsplit(u).scheme not in LOCAL_SCHEMES and urlsplit(u).hostname != "127.0.0.1"
    ]
    assert not outside, f"requests left 127.0.0.1: {outside[:5]}"
    assert any(urlsplit(u).scheme == "ws" for u in server.requests)  # the recording works
    for png in ("accueil.png", "vue_ensemble.png", "overview_en.png"):
        assert (shots / png).stat().st_size > 10_000


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
        _shot(self.page, self.folder / f"{name}.png")
        if self.lang == "en":
            assert not _french(self.page), f"French at step {name}: {_french(self.page)[:8]}"
        now = time.monotonic()
        self.seconds[name] = now - self.started
        self.started = now

    def open(self, page: str, charts: int = 0) -> None:
        _open(self.page, self.words(page), charts)


def _sidebar_select(page: Page, index: int, option: str) -> None:
    page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").nth(index).click()
    page.get_by_role("option", name=option, exact=True).click()
    _settle(page)


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
    _settle(page)
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
    _settle(page)
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
    _settle(page, 3)
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
    _settle(page, 2)
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
    _settle(page)
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
    _settle(page)
    walk.see("deleted")
    walk.see("empty")
    assert not any(server.home.rglob("*.parquet")), "the store still holds data"
    walk.step("13_tout_efface")

    walk.open("home")
    walk.see("get")  # the empty store's guide again
    walk.step("14_accueil_vide")
    context.close()

    outside = [
        u
        for u in server.requests
        if urlsplit(u).scheme not in LOCAL_SCHEMES and urlsplit(u).hostname != "127.0.0.1"
    ]
    assert not outside, f"requests left 127.0.0.1: {outside[:5]}"
    assert any(urlsplit(u).scheme == "ws" for u in server.requests)  # the recording works
    print(f"\n{lang}: " + ", ".join(f"{k} {v:.1f} s" for k, v in walk.seconds.items()))
