"""``python -m app``: Courbe's own options, the real URL in its banner, the flags it passes."""

import subprocess
import sys

import pytest

from app import __main__ as entry


def test_help_shows_courbes_options_not_streamlits():
    done = subprocess.run(
        [sys.executable, "-m", "app", "--help"], capture_output=True, text=True, check=True
    )
    assert "--demo" in done.stdout
    assert "--store" in done.stdout
    assert "--port" in done.stdout
    assert len(done.stdout.splitlines()) < 40  # Streamlit's own help is 5,000 lines


@pytest.mark.parametrize(
    ("argv", "env", "port"),
    [
        ([], {}, "8501"),
        ([], {"STREAMLIT_SERVER_PORT": "8600"}, "8600"),
        (["--server.port", "8700"], {"STREAMLIT_SERVER_PORT": "8600"}, "8700"),
        (["--server.port=8701"], {}, "8701"),
    ],
)
def test_banner_port_is_the_one_streamlit_uses(argv, env, port):
    assert entry.port_of(argv, env) == port


def test_main_passes_privacy_upload_and_store(monkeypatch, tmp_path, capsys):
    seen: list[str] = []

    def fake_streamlit() -> None:
        seen.extend(sys.argv)
        raise SystemExit(0)

    from streamlit.web import cli

    monkeypatch.setattr(cli, "main", fake_streamlit)
    monkeypatch.setattr(entry.os, "chdir", lambda _: None)
    monkeypatch.delenv("COURBE_HOME", raising=False)
    monkeypatch.setattr(entry.os, "environ", dict(entry.os.environ))
    assert entry.main(["--port", "8765", "--store", str(tmp_path), "--theme.base", "dark"]) == 0
    assert capsys.readouterr().out.strip() == "Courbe: http://127.0.0.1:8765"
    assert entry.os.environ["COURBE_HOME"] == str(tmp_path.resolve())
    flags = dict(zip(seen[3::2], seen[4::2], strict=False))
    assert flags["--server.address"] == "127.0.0.1"
    assert flags["--browser.gatherUsageStats"] == "false"
    assert flags["--server.maxUploadSize"] == str(entry.MAX_UPLOAD_MB)
    assert flags["--server.port"] == "8765"
    assert flags["--theme.base"] == "dark"
