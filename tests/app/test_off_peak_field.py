"""The sidebar's off-peak field: hours as bills write them are taken and saved; anything else
is refused next to the field, never saved, and the pages keep the household's own figures."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

from ingest import Store, read_export
from sample_loadcurves.households import SHIPPED
from tests.conftest import ROOT

ENTRY = str(ROOT / "app" / "streamlit_app.py")
FIELD = "off_peak_field"


def _store(path: Path, settings: dict[str, object] | None = None) -> Path:
    store = Store(path)
    store.add(read_export(next((SHIPPED / "appartement_gaz").glob("Enedis_Conso_*.csv"))))
    if settings:
        store.save_settings(settings)
    return path


def _app(store: Path) -> AppTest:
    at = AppTest.from_file(ENTRY, default_timeout=60)
    at.session_state["store_path"] = str(store)
    at.run()
    at.switch_page("app_pages/vue_ensemble.py").run()
    return at


def test_a_refused_value_is_shown_beside_the_field_and_not_saved(tmp_path: Path):
    path = _store(tmp_path / "store", {"kva": 6, "option": "hphc", "off_peak": "22:00-06:00"})
    app = _app(path)
    app.text_input(key=FIELD).input("de 22 à 6").run()
    assert not app.exception
    refused = [e.value for e in app.sidebar.error]
    assert len(refused) == 1
    assert "expected off-peak hours like 22h-6h" in refused[0]
    assert "22:00-06:00" in refused[0]  # the hours still in use
    assert app.session_state["off_peak"] == "22:00-06:00"
    assert Store(path).settings()["off_peak"] == "22:00-06:00"
    assert not app.info  # no fallback to the demo: the household's own figures
    assert app.metric
    # The typed text stays in the field to be corrected.
    assert app.text_input(key=FIELD).value == "de 22 à 6"


def test_seasonal_hours_are_taken_and_saved(tmp_path: Path):
    path = _store(tmp_path / "store", {"kva": 6, "option": "hphc", "off_peak": "22:00-06:00"})
    app = _app(path)
    app.text_input(key=FIELD).input("22h-6h").run()
    app.text_input(key=FIELD).input("hiver 22h-6h ; été 2h-6h + 14h-16h").run()
    assert not app.exception
    assert not app.sidebar.error
    assert app.session_state["off_peak"] == "hiver 22h-6h ; été 2h-6h + 14h-16h"
    assert Store(path).settings()["off_peak"] == "hiver 22h-6h ; été 2h-6h + 14h-16h"


def test_hours_saved_before_they_were_checked_are_shown_refused_and_not_used(tmp_path: Path):
    path = _store(tmp_path / "store", {"kva": 6, "option": "hphc", "off_peak": "la nuit"})
    app = _app(path)
    assert not app.exception
    assert app.text_input(key=FIELD).value == "la nuit"
    assert "expected off-peak hours" in app.sidebar.error[0].value
    assert app.session_state["off_peak"] == "22:00-06:00"
    assert not app.info
    assert app.metric
