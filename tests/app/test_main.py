"""``python -m app``: Courbe's own options, the real URL in its banner, the flags it passes."""

import subprocess
import sys
from pathlib import Path

import pytest

from app import __main__ as entry
from ingest import Store, read_export
from sample_loadcurves.households import SHIPPED
from tests.conftest import ROOT


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


def test_the_first_element_does_not_walk_the_call_stack(monkeypatch):
    """Streamlit's 'run me with streamlit run' check lists the whole stack: 0.13 s."""
    from streamlit import delta_generator, env_util

    def walked() -> bool:
        raise AssertionError("is_repl was called: the call stack was listed")

    monkeypatch.setattr(env_util, "is_repl", walked)
    monkeypatch.setattr(delta_generator, "_use_warning_has_been_displayed", False)
    monkeypatch.setattr("streamlit.net_util.get_internal_ip", lambda: "x")
    monkeypatch.setattr("streamlit.net_util.get_external_ip", lambda: "x")
    entry.keep_streamlit_local()
    delta_generator._maybe_print_use_warning()


PAGE_IMPORTS = """
import sys
from app.__main__ import preload
preload()
import app.context, app.data, app.figures, app.period
print("matplotlib" in sys.modules, "document" in sys.modules)
"""


def test_pages_but_the_report_load_no_matplotlib():
    """Only the Rapport page draws with Matplotlib: a third of a second of imports."""
    out = subprocess.run(
        [sys.executable, "-c", PAGE_IMPORTS], capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ["False", "False"]


WARM_UP = """
from app.__main__ import warm_up
from words.catalogue import sentences
assert sentences.cache_info().currsize == 0
warm_up()
print(sentences.cache_info().currsize)
"""


def test_warm_up_loads_the_sentences_a_report_needs():
    out = subprocess.run(
        [sys.executable, "-c", WARM_UP], capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ["1"]


def _overview_analyses(monkeypatch, store: Path, warm: bool) -> int:
    """How many reports a first visit of Vue d'ensemble computes, the cache emptied first."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from app import data

    made: list[int] = []
    analyse = data.analyse

    def counted(*args: object, **kwargs: object) -> object:
        made.append(1)
        return analyse(*args, **kwargs)

    monkeypatch.setattr(data, "analyse", counted)
    monkeypatch.setenv("COURBE_HOME", str(store))
    st.cache_data.clear()
    if warm:
        entry.warm_first_visit()
    before = len(made)
    at = AppTest.from_file(str(ROOT / "app" / "streamlit_app.py"), default_timeout=60).run()
    at.switch_page("app_pages/vue_ensemble.py").run()
    assert not at.exception
    assert at.metric, "the overview drew no figure"
    return len(made) - before


@pytest.mark.parametrize("imported", [False, True], ids=["sample household", "own store"])
def test_the_first_visit_finds_its_report_computed(monkeypatch, tmp_path, imported):
    """The server computes, as it starts, the report a first visit asks for: the store's
    first meter with its saved contract, or the sample household while the store is empty."""
    store = tmp_path / "store"
    if imported:
        export = sorted((SHIPPED / "appartement_gaz").glob("Enedis_*.csv"))[0]
        Store(store).add(read_export(export))
        Store(store).save_settings({"kva": 6, "option": "base", "off_peak": "23:00-07:00"})
    assert _overview_analyses(monkeypatch, store, warm=False) == 1
    assert _overview_analyses(monkeypatch, store, warm=True) == 0
