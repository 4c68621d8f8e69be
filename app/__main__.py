"""``python -m app``: start the dashboard on 127.0.0.1, reaching nothing beyond it.

Streamlit runs in this process, so that before it starts it can be kept from looking up
the machine's addresses: its origin check (a cross-origin WebSocket, which any web page
the household visits can attempt) and its start banner would otherwise ask a public
server for the external IP (``net_util.get_external_ip``: DNS, HTTP to
checkip.amazonaws.com) and connect a UDP socket to 8.8.8.8 for the internal one. Here
both answers are the loopback, known without asking: the server binds nothing else.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import os
import sys
import threading
from pathlib import Path

APP = Path(__file__).parent / "streamlit_app.py"
ROOT = Path(__file__).parent.parent
LOOPBACK = "127.0.0.1"

# The same privacy settings as app/.streamlit/config.toml, passed explicitly as well
# (Streamlit reads the config of the folder it is started from, not the app's).
FLAGS = [
    "--server.address",
    LOOPBACK,
    "--browser.serverAddress",
    LOOPBACK,
    "--browser.gatherUsageStats",
    "false",
    "--server.headless",
    "true",
    "--server.fileWatcherType",
    "none",
    "--server.showEmailPrompt",
    "false",
    "--server.enableCORS",
    "true",
    "--server.enableXsrfProtection",
    "true",
    "--global.developmentMode",
    "false",
    # WebSockets only with these Host headers (a DNS-rebinding page sends its own name).
    "--server.allowedHosts",
    "localhost",
    "--server.allowedHosts",
    LOOPBACK,
]


def _loopback() -> str:
    """The address of this machine, as far as the dashboard is concerned."""
    return LOOPBACK


def keep_streamlit_local() -> None:
    """Make Streamlit's address look-ups answer the loopback without any network call.

    Also tell Streamlit, before its first element, that it is run by ``streamlit run``:
    it otherwise finds out on the first element drawn by listing the whole call stack
    with its source files (``env_util.is_repl``: ``inspect.stack``, the real path of
    every module's file), 0.13 s of the first visit's first page.
    """
    from streamlit import delta_generator, net_util

    net_util.get_internal_ip = _loopback
    net_util.get_external_ip = _loopback
    delta_generator._use_warning_has_been_displayed = True


MAX_UPLOAD_MB = 1024
"""The largest file the dashboard takes, by default: R63 files and TIC captures run to
hundreds of MB. [MB]"""


def parser() -> argparse.ArgumentParser:
    """Courbe's own options; any other ``--section.option`` goes to Streamlit as it is."""
    p = argparse.ArgumentParser(
        prog="python -m app",
        description="Courbe's dashboard, on this computer only (http://127.0.0.1).",
        epilog="Other Streamlit options (--server.port, --theme.base, …) are passed on as "
        "given. Environment: COURBE_HOME (the store), STREAMLIT_SERVER_PORT (the port).",
    )
    p.add_argument(
        "--demo",
        action="store_true",
        help="the adviser's demo mode: the sample households only, nothing read from or "
        "written to disk",
    )
    p.add_argument("--port", type=int, help="the port to listen on (default 8501)")
    p.add_argument(
        "--store",
        type=Path,
        help="the store folder (default: $COURBE_HOME, else your user data folder)",
    )
    p.add_argument(
        "--max-upload-mb",
        type=int,
        default=MAX_UPLOAD_MB,
        help=f"the largest file the dashboard takes, in MB (default {MAX_UPLOAD_MB})",
    )
    return p


def port_of(rest: list[str], env: dict[str, str]) -> str:
    """The port Streamlit will listen on: its flag, else its environment variable."""
    flagged = [a.split("=", 1)[1] for a in rest if a.startswith("--server.port=")]
    flagged += [rest[i + 1] for i, a in enumerate(rest[:-1]) if a == "--server.port"]
    return flagged[-1] if flagged else env.get("STREAMLIT_SERVER_PORT", "8501")


PRELOAD = ("analysis.report", "analysis.contract", "analysis.tempo", "plotly.graph_objects")
"""What every page imports and that imports no Streamlit."""
OPTIONAL = ("pandas",)
"""What Streamlit and Plotly use when it is installed (Courbe does not need it)."""


def preload() -> None:
    """Load, before the server serves anyone, what the pages would load on first use.

    Streamlit imports pandas, when it is installed, lazily in one of its threads; a chart
    drawn meanwhile in a session's thread found it half-imported (Plotly's checks look it
    up in ``sys.modules``) and failed: "partially initialized module 'pandas' has no
    attribute 'Series'", a red error in place of the page. Imported here, before any
    session, nothing is half-imported. It also spares the first visit 0.6 s of imports.
    """
    for name in PRELOAD:
        importlib.import_module(name)
    for optional in OPTIONAL:
        if importlib.util.find_spec(optional) is not None:
            importlib.import_module(optional)


WARM_UP_DAYS = 56
"""The days of the made-up curve :func:`warm_up` analyses."""


def warm_up() -> None:
    """Analyse a made-up flat curve once, so that the first visit's report need not load.

    The first report of a process loads what every later one reuses: the sentence
    catalogue, the tariff grids, the Tempo calendar, the temperature normals and
    Polars' first queries (70 ms of the first visit's 0.32 s on three years). Run on a
    thread as the server starts, it overlaps with the browser loading the page. The
    curve is no one's: nothing is read from the store.
    """
    import datetime as dt

    import polars as pl

    from analysis.report import analyse

    step = dt.timedelta(minutes=30)
    first = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    ends = pl.datetime_range(
        first + step,
        first + WARM_UP_DAYS * dt.timedelta(days=1),
        step,
        time_unit="us",
        time_zone="UTC",
        eager=True,
    )
    curve = pl.DataFrame({"end": ends}).select(
        meter=pl.lit("00000000000000"),
        start=pl.col("end") - step,
        end="end",
        wh=pl.lit(250.0),
        direction=pl.lit("consumption"),
    )
    analyse(curve).frames.drawn()


RUNTIME_WAIT_S = 30.0
"""How long :func:`warm` waits for Streamlit's runtime to exist. [s]"""


def warm_first_visit() -> None:
    """Compute, in the dashboard's cache, the report a first visit will ask for.

    A new session's state (:func:`app.context.init_state`: the store's saved contract,
    its first meter, or the sample household while the store is empty) is made here in a
    plain dict, and :func:`app.context.load` run on it: the same call, so the same cache
    entry, as the first visit's. That visit then waits for the store's read and its report
    (0.3 s on three years) only if it comes before they are done, and then only for the
    rest: a report being computed is waited for, never computed twice.
    """
    from app import context

    state: dict[str, object] = {}
    context.init_state(state)
    context.load(state)


def warm() -> None:
    """What the server does on its warm-up thread as it starts.

    :func:`warm_up`, then :func:`warm_first_visit` once Streamlit's runtime exists, so that
    the report lands in the runtime's cache: the sessions' own.
    """
    import time

    from streamlit import runtime

    warm_up()
    deadline = time.monotonic() + RUNTIME_WAIT_S
    while not runtime.exists():
        if time.monotonic() > deadline:
            return
        time.sleep(0.02)
    warm_first_visit()


def main(argv: list[str] | None = None) -> int:
    """Start the dashboard (``python -m app``, ``courbe``); return its exit status."""
    args, rest = parser().parse_known_args(sys.argv[1:] if argv is None else argv)
    if args.demo:
        os.environ["COURBE_DEMO"] = "1"
    if args.store is not None:
        os.environ["COURBE_HOME"] = str(args.store.expanduser().resolve())
    if args.port is not None:
        rest = [*rest, "--server.port", str(args.port)]
    port = port_of(rest, dict(os.environ))
    print(
        f"Courbe: http://{LOOPBACK}:{port}" + (" (démonstration)" if args.demo else ""),
        flush=True,
    )
    os.chdir(ROOT)
    preload()
    keep_streamlit_local()
    threading.Thread(target=warm, name="courbe-warm-up", daemon=True).start()
    from streamlit.web import cli

    upload = ["--server.maxUploadSize", str(args.max_upload_mb)]
    sys.argv = ["streamlit", "run", str(APP), *FLAGS, *upload, *rest]
    try:
        cli.main()
    except SystemExit as done:
        return done.code if isinstance(done.code, int) else int(done.code is not None)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
