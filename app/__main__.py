"""``python -m app``: start the dashboard on 127.0.0.1, reaching nothing beyond it.

Streamlit runs in this process, so that before it starts it can be kept from looking up
the machine's addresses: its origin check (a cross-origin WebSocket, which any web page
the household visits can attempt) and its start banner would otherwise ask a public
server for the external IP (``net_util.get_external_ip``: DNS, HTTP to
checkip.amazonaws.com) and connect a UDP socket to 8.8.8.8 for the internal one. Here
both answers are the loopback, known without asking: the server binds nothing else.
"""

from __future__ import annotations

import os
import sys
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
    """Make Streamlit's address look-ups answer the loopback without any network call."""
    from streamlit import net_util

    net_util.get_internal_ip = _loopback
    net_util.get_external_ip = _loopback


def main(argv: list[str]) -> int:
    """Start the dashboard (``--demo``: the adviser's demo mode); return its exit status."""
    # --demo: the adviser's demo mode, sample households only, nothing written to disk.
    demo = "--demo" in argv
    rest = [a for a in argv if a != "--demo"]
    if demo:
        os.environ["COURBE_DEMO"] = "1"
    port = next((rest[i + 1] for i, a in enumerate(rest) if a == "--server.port"), "8501")
    print(f"Courbe: http://{LOOPBACK}:{port}" + (" (démonstration)" if demo else ""), flush=True)
    os.chdir(ROOT)
    keep_streamlit_local()
    from streamlit.web import cli

    sys.argv = ["streamlit", "run", str(APP), *FLAGS, *rest]
    try:
        cli.main()
    except SystemExit as done:
        return done.code if isinstance(done.code, int) else int(done.code is not None)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
