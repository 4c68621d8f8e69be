"""The first page in a real Chromium: how long a household waits for its figures.

Two servers run side by side on this machine: ``python -m app`` on a store of three years
(the electrically heated sample household, 12 kVA HP/HC), and the baseline, Streamlit
serving a one-line page (``st.metric``) with the same flags, its own floor. Each
measurement is a new browser context (a new session: what a new tab or a returning
household gets); times are read in the page (``performance.now()``, from the navigation).

- first figure on a fresh server: the first visit after ``python -m app`` starts (imports,
  the report computed, caches empty), the median of ``fresh`` starts of both servers (one
  start swung from 1.7 to 2.3 s);
- first figure in a new session, then all its charts drawn (the server warm);
- a page switch in the browser (Vue d'ensemble → Habitudes → Économies → …): from the click
  to the new page's charts drawn, the slowest page's median.

Targets (issue 21): the first figure under 2 s; the page switch's server time is
``python -m bench app_pages`` (under 0.3 s), its browser time is shown here.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING

import ingest
from app.__main__ import FLAGS
from bench.common import Result
from bench.report import three_years

if TYPE_CHECKING:
    from collections.abc import Iterator

    from playwright.sync_api import Browser, Page

ROOT = Path(__file__).parent.parent
CHROMIUM = "/usr/bin/chromium"
FIRST_FIGURE_S = 2.0
"""The longest a household should wait for the first figure of a page. [s]"""

SWITCHES = ("habitudes", "economies", "vue_ensemble")
"""The pages a switch goes to, in turn (their paths)."""

BASELINE_PAGE = "import streamlit as st\n\nst.metric('kWh', 1)\n"

FIRST_METRIC = """() => {
    const m = document.querySelector('[data-testid="stMetric"]');
    return m && m.offsetParent !== null ? performance.now() : false;
}"""

CHARTS_DRAWN = """() => {
    const all = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')];
    const idle = !document.querySelector('[data-testid="stStatusWidget"]');
    return all.length > 0 && idle && all.every(c => c.querySelector('.main-svg'))
        ? performance.now() : false;
}"""

NEW_CHARTS = """([path, t0]) => {
    if (document.querySelector('[data-testid="stException"]')) return -1;
    if (!location.pathname.endsWith(path)) return false;
    const all = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')];
    const fresh = all.filter(c => c.querySelector('.main-svg:not([data-old])'));
    const idle = !document.querySelector('[data-testid="stStatusWidget"]');
    return all.length > 0 && fresh.length === all.length && idle ? performance.now() - t0 : false;
}"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def _server(command: list[str], port: int, env: dict[str, str]) -> Iterator[str]:
    """A server in its own session, once it answers; its whole process group stopped after."""
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"{command[:3]} did not start") from None
                time.sleep(0.2)
        yield url
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def first_figure(browser: Browser, url: str) -> tuple[float, float | None, Page]:
    """A new session's first metric and (on the overview) all charts drawn [s]."""
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(url, wait_until="commit")
    metric = float(
        page.wait_for_function(FIRST_METRIC, polling="raf", timeout=120_000).json_value()
    )
    charts = None
    if "vue_ensemble" in url:
        drawn = page.wait_for_function(CHARTS_DRAWN, polling="raf", timeout=120_000)
        charts = float(drawn.json_value()) / 1000
    return metric / 1000, charts, page


def switch(page: Page, path: str) -> float:
    """From the click on a page's link to its charts drawn, in the browser [s]."""
    page.evaluate("document.querySelectorAll('.main-svg').forEach(s => s.dataset.old = 1)")
    t0 = float(page.evaluate("performance.now()"))
    page.locator(f'a[href$="/{path}"]').first.click()
    done = page.wait_for_function(NEW_CHARTS, arg=[path, t0], polling="raf", timeout=120_000)
    seconds = float(done.json_value()) / 1000
    if seconds < 0:
        error = page.locator('[data-testid="stException"]').first.inner_text()
        raise RuntimeError(f"{path}: the page failed: {error[:300]}")
    return seconds


def _store(folder: Path) -> None:
    curve = three_years()
    store = ingest.Store(folder)
    store.add(
        ingest.Export(name="three-years", format="bench", meter=curve["meter"][0], curve=curve)
    )
    store.save_settings({"kva": 12, "option": "hphc", "off_peak": "22:30-06:30"})


def _bytecode_env(cache: Path) -> dict[str, str]:
    """The environment of both servers, the project compiled into ``cache`` first.

    An installed copy (``pip install .``) and a checkout after its first start read
    compiled bytecode, as Streamlit's own modules do; a machine that sets
    ``PYTHONDONTWRITEBYTECODE`` would make every start of ours compile the project
    (0.4 s here) and the baseline compile nothing.
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(cache)
    packages = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mypy"]["packages"]
    paths = [str(ROOT / name) for name in packages]
    subprocess.run([sys.executable, "-m", "compileall", "-q", *paths], env=env, check=True)
    return env


def run(repeat: int = 5, fresh: int = 3) -> list[Result]:
    """Time the first figure (fresh server, new session), the charts and a page switch."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        _store(folder / "store")
        (folder / "page.py").write_text(BASELINE_PAGE)
        env = _bytecode_env(folder / "pycache")
        env["COURBE_HOME"] = str(folder / "store")
        ours_port, base_port = _free_port(), _free_port()
        ours_cmd = [sys.executable, "-m", "app", "--server.port", str(ours_port)]
        base_cmd = [
            sys.executable,
            "-c",
            "import sys; from app.__main__ import keep_streamlit_local; keep_streamlit_local(); "
            "from streamlit.web import cli; sys.argv = ['streamlit', 'run', *sys.argv[1:]]; "
            "cli.main()",
            str(folder / "page.py"),
            *FLAGS,
            "--server.port",
            str(base_port),
        ]
        colds: list[float] = []
        cold_charts: list[float] = []
        base_colds: list[float] = []
        firsts: list[float] = []
        charts: list[float] = []
        bases: list[float] = []
        switches: dict[str, list[float]] = {p: [] for p in SWITCHES}
        for start in range(fresh):  # each round: both servers started anew
            with (
                sync_playwright() as pw,
                _server(ours_cmd, ours_port, env) as ours,
                _server(base_cmd, base_port, env) as base,
            ):
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
                overview = f"{ours}/vue_ensemble"
                cold, drawn, page = first_figure(browser, overview)
                colds.append(cold)
                cold_charts.append(drawn or 0.0)
                page.context.close()
                base_cold, _, page = first_figure(browser, base)
                base_colds.append(base_cold)
                page.context.close()
                for _ in range(repeat if start == 0 else 0):  # interleaved: ours, the baseline…
                    first, drawn, page = first_figure(browser, overview)
                    firsts.append(first)
                    charts.append(drawn or 0.0)
                    for path in SWITCHES:
                        switches[path].append(switch(page, path))
                    page.context.close()
                    base_first, _, page = first_figure(browser, base)
                    bases.append(base_first)
                    page.context.close()
                browser.close()
    cold, base_cold = statistics.median(colds), statistics.median(base_colds)
    base_new = statistics.median(bases)
    slowest = max(switches, key=lambda p: statistics.median(switches[p]))
    return [
        Result(
            f"first figure, fresh server (Vue d'ensemble, 3 years), median of {fresh} starts",
            cold,
            "one-line page, fresh server",
            base_cold,
            FIRST_FIGURE_S,
            "absolute_max",
        ),
        Result(
            "… its charts drawn, fresh server",
            statistics.median(cold_charts),
            "one-line page, fresh server",
            base_cold,
            None,
            "absolute_max",
        ),
        Result(
            "first figure, new session",
            statistics.median(firsts),
            "one-line page, new session",
            base_new,
            FIRST_FIGURE_S,
            "absolute_max",
        ),
        Result(
            "… its charts drawn, new session",
            statistics.median(charts),
            "one-line page, new session",
            base_new,
            None,
            "absolute_max",
        ),
        Result(
            f"page switch in the browser, slowest ({slowest}), click to charts drawn",
            statistics.median(switches[slowest]),
            "one-line page, new session",
            base_new,
            None,
            "absolute_max",
        ),
    ]
