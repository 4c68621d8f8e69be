"""`python -m app` in a real headless Chromium: upload, every page, language switch.

Every network request the page makes is recorded and must stay on 127.0.0.1; the server
must listen on loopback only. Screenshots go to ``$COURBE_SCREENSHOTS`` (the README's come
from ``COURBE_SCREENSHOTS=docs/screenshots python -m pytest -m e2e``), else to a temporary
folder.
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

from sample_loadcurves.households import SHIPPED
from tests.conftest import ROOT

if TYPE_CHECKING:
    from collections.abc import Iterator

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
