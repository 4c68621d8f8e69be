"""No egress, proven: whatever a browser sends, the dashboard's server reaches only 127.0.0.1.

``python -m app`` runs with a ``sitecustomize`` that wraps the socket module's name
look-ups and connects and writes every one to a log; the test then sends what a hostile
web page could (cross-origin WebSockets, foreign Host headers and origins) and reads the
log. A control run of plain ``streamlit run`` shows the log does catch Streamlit's own
look-up of the external IP.
"""

from __future__ import annotations

import base64
import contextlib
import http.client
import json
import os
import secrets
import sys
import textwrap
import time
from typing import TYPE_CHECKING

import pytest

from app.__main__ import APP, FLAGS
from tests.conftest import ROOT
from tests.servers import free_port, serve

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

pytestmark = pytest.mark.slow

STUB = textwrap.dedent(
    """
    # Written by tests/app/test_egress.py: log every name look-up and non-loopback connect.
    import json, os, socket

    _LOG = os.environ["COURBE_EGRESS_LOG"]
    _LOCAL = {"localhost", "127.0.0.1", "::1", "0.0.0.0", "::", "", None}

    def _say(**event):
        event["pid"] = os.getpid()
        with open(_LOG, "a", encoding="utf-8") as f:
            f.write(json.dumps(event, default=str) + "\\n")

    _say(kind="loaded")

    def _lookup(name):
        real = getattr(socket, name)
        def wrapped(host, *args, **kwargs):
            if isinstance(host, bytes):
                host = host.decode("ascii", "replace")
            _say(kind="lookup", call=name, host=host, local=host in _LOCAL)
            return real(host, *args, **kwargs)
        setattr(socket, name, wrapped)

    for _name in ("getaddrinfo", "gethostbyname", "gethostbyname_ex", "gethostbyaddr"):
        _lookup(_name)

    def _loopback(address):
        if not isinstance(address, tuple):
            return True  # a Unix socket
        host = address[0]
        return host in _LOCAL or host.startswith("127.") or host == "::ffff:127.0.0.1"

    def _connect(name):
        real = getattr(socket.socket, name)
        def wrapped(self, address, *args):
            if not _loopback(address):
                _say(kind="connect", call=name, address=address)
            return real(self, address, *args)
        setattr(socket.socket, name, wrapped)

    for _name in ("connect", "connect_ex"):
        _connect(_name)

    _sendto = socket.socket.sendto
    def _sendto_wrapped(self, data, *args):
        if not _loopback(args[-1]):
            _say(kind="connect", call="sendto", address=args[-1])
        return _sendto(self, data, *args)
    socket.socket.sendto = _sendto_wrapped
    """
)


def _events(log: Path) -> list[dict[str, object]]:
    if not log.exists():
        return []
    return [json.loads(line) for line in log.read_text().splitlines()]


@contextlib.contextmanager
def _serve(tmp_path: Path, command: list[str], port: int) -> Iterator[Path]:
    """Run ``command`` (a server on ``port``) with the stub; yield its log; stop its group."""
    stub = tmp_path / "stub"
    stub.mkdir(exist_ok=True)
    (stub / "sitecustomize.py").write_text(STUB)
    log = tmp_path / "egress.log"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(stub), str(ROOT)]),
        "COURBE_EGRESS_LOG": str(log),
        "COURBE_HOME": str(tmp_path / "home"),
    }
    with serve(command, cwd=ROOT, env=env, log=tmp_path / "server.out", port=port, seconds=90):
        yield log


def _websocket(port: int, *, origin: str, host: str) -> int:
    """Open Streamlit's WebSocket by hand with this Origin and Host; the HTTP status."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.putrequest("GET", "/_stcore/stream", skip_host=True)
    for name, value in (
        ("Host", host),
        ("Origin", origin),
        ("Upgrade", "websocket"),
        ("Connection", "Upgrade"),
        ("Sec-WebSocket-Key", base64.b64encode(secrets.token_bytes(16)).decode()),
        ("Sec-WebSocket-Version", "13"),
        ("Sec-WebSocket-Protocol", "streamlit"),
    ):
        conn.putheader(name, value)
    conn.endheaders()
    status = conn.getresponse().status
    conn.close()
    return status


def _get(port: int, path: str, *, host: str, origin: str | None = None) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.putrequest("GET", path, skip_host=True)
    conn.putheader("Host", host)
    if origin:
        conn.putheader("Origin", origin)
    conn.endheaders()
    status = conn.getresponse().status
    conn.close()
    return status


ORIGINS = (
    "https://evil.example",
    "http://192.168.1.20:8501",
    "http://[2001:db8::1]",
    "null",
    "http://localhost.evil.example",
)
HOSTS = ("evil.example", "attacker.example:8501", "10.0.0.1", "[2001:db8::1]:80", "")


def _probe(port: int) -> tuple[list[int], list[int]]:
    """What a hostile page (or a DNS-rebinding attack) could send.

    Returns the statuses of the WebSocket attempts and of the plain requests.
    """
    sockets = [
        _websocket(port, origin=origin, host=host)
        for origin in ORIGINS
        for host in (*HOSTS[:2], f"127.0.0.1:{port}")
    ]
    sockets += [
        _websocket(port, origin=f"http://127.0.0.1:{port}", host=host) for host in HOSTS[:4]
    ]
    pages = [
        _get(port, path, host=host, origin="https://evil.example")
        for host in HOSTS
        for path in ("/", "/_stcore/health", "/_stcore/host-config", "/media/x.png")
    ]
    time.sleep(2)  # Streamlit's external-IP look-up waits up to 1 s per URL
    return sockets, pages


def test_the_dashboard_reaches_nothing_but_the_loopback(tmp_path: Path) -> None:
    port = free_port()
    command = [sys.executable, "-m", "app", "--server.port", str(port)]
    with _serve(tmp_path, command, port) as log:
        sockets, pages = _probe(port)
        own = _websocket(port, origin=f"http://127.0.0.1:{port}", host=f"127.0.0.1:{port}")
        events = _events(log)
    assert any(e["kind"] == "loaded" for e in events), "the stub was not loaded"
    assert own == 101  # the dashboard's own page still opens its WebSocket
    assert 101 not in sockets  # every foreign origin or Host was refused
    assert len(pages) == 20
    lookups = [e for e in events if e["kind"] == "lookup" and not e["local"]]
    connects = [e for e in events if e["kind"] == "connect"]
    assert lookups == []
    assert connects == []


def test_the_stub_catches_plain_streamlit_looking_up_its_external_ip(tmp_path: Path) -> None:
    """Without ``python -m app``'s guard, the same probes make Streamlit look up addresses.

    The control: the stub sees it, so the test above can fail.
    """
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP),
        *FLAGS,
        "--server.port",
        str(port),
    ]
    with _serve(tmp_path, command, port) as log:
        _probe(port)
        events = _events(log)
    outside = [e for e in events if e["kind"] == "connect" or not e.get("local", True)]
    assert outside, "the stub saw none of Streamlit's look-ups"


def test_the_privacy_flags_are_passed() -> None:
    given = dict(zip(FLAGS[::2], FLAGS[1::2], strict=True))
    assert given["--browser.gatherUsageStats"] == "false"
    assert given["--server.address"] == "127.0.0.1"
    assert given["--server.headless"] == "true"
    assert given["--server.enableCORS"] == "true"
    assert FLAGS.count("--server.allowedHosts") == 2
