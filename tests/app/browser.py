"""What the browser tests share: the page helpers and what a run must not do.

The fixtures (Debian's Chromium, a ``python -m app`` server, the screenshot folder) are in
tests/app/conftest.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from playwright.sync_api import Page, expect

if TYPE_CHECKING:
    import subprocess

CHROMIUM = Path("/usr/bin/chromium")
LOCAL_SCHEMES = {"data", "blob", "about"}


@dataclass
class Server:
    url: str
    port: int
    home: Path
    process: subprocess.Popen[bytes]
    requests: list[str] = field(default_factory=list)


def settle(page: Page, charts: int = 0) -> None:
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


def shot(page: Page, path: Path) -> None:
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


def open_page(page: Page, title: str, charts: int = 0) -> None:
    page.get_by_role("link", name=title).first.click()
    settle(page, charts)


def stayed_on_loopback(requests: list[str]) -> None:
    """No request left 127.0.0.1, and the recording saw the page's WebSocket."""
    outside = [
        u
        for u in requests
        if urlsplit(u).scheme not in LOCAL_SCHEMES and urlsplit(u).hostname != "127.0.0.1"
    ]
    assert not outside, f"requests left 127.0.0.1: {outside[:5]}"
    assert any(urlsplit(u).scheme == "ws" for u in requests)  # the recording works
