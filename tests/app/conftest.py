"""The browser tests' fixtures: Debian's Chromium, a ``python -m app`` server, screenshots."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.app.browser import CHROMIUM, Server
from tests.conftest import ROOT
from tests.servers import free_port, serve

if TYPE_CHECKING:
    from collections.abc import Iterator


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, object]) -> dict[str, object]:
    """Debian's Chromium (browsers cannot be downloaded here), with its own traffic off."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium), "
            "or leave the browser tests out with -m 'not e2e'"
        )
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


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    """``python -m app`` on a free port with an empty store of its own, in its own session.

    Stopped with its whole process group, even when it fails to start.
    """
    port = free_port()
    home = tmp_path / "courbe"
    env = {**os.environ, "COURBE_HOME": str(home)}
    command = [sys.executable, "-m", "app", "--server.port", str(port)]
    with serve(command, cwd=ROOT, env=env, log=tmp_path / "app.log", port=port, seconds=60) as p:
        yield Server(f"http://127.0.0.1:{port}", port, home, p)


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("COURBE_SCREENSHOTS") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder
