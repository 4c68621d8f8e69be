"""Every page runs on the demo household and on an uploaded real export (AppTest)."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analysis.report import analyse
from app import data
from app.i18n import number
from tests.conftest import ROOT, real_export_dir

ENTRY = str(ROOT / "app" / "streamlit_app.py")
PAGES = [
    "accueil.py",
    "vue_ensemble.py",
    "habitudes.py",
    "puissance.py",
    "anomalies.py",
    "economies.py",
    "donnees.py",
]


@pytest.fixture
def app(tmp_path: Path) -> AppTest:
    at = AppTest.from_file(ENTRY, default_timeout=60)
    at.session_state["store_path"] = str(tmp_path / "store")
    return at.run()


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_on_the_demo(app: AppTest, page: str):
    app.switch_page(f"app_pages/{page}").run()
    assert not app.exception


def test_overview_figures_equal_the_analysis(app: AppTest):
    app.switch_page("app_pages/vue_ensemble.py").run()
    report = analyse(
        data.demo_curve("maison_electrique"), settings=data.demo_settings("maison_electrique")
    )
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Consommation"] == f"{number(report.energy_kwh, 'fr')} kWh"
    assert metrics["Consommation permanente"] == f"{number(report.baseload_w, 'fr')} W"
    assert any("Démonstration" in i.value for i in app.info)


def test_language_switch_to_english(app: AppTest):
    app.selectbox(key="lang").select("en").run()
    app.switch_page("app_pages/vue_ensemble.py").run()
    assert not app.exception
    assert "Consumption" in [m.label for m in app.metric]


@pytest.mark.real
def test_upload_a_real_export_then_every_page(app: AppTest):
    path = real_export_dir("enedis_portal_csv") / "guiedf_conso_heure_2023-08-09_2024-07-25.csv"
    app.file_uploader(key="home_upload").set_value((path.name, path.read_bytes(), "text/csv")).run()
    assert not app.exception
    assert any("16,848" in s.value or "16 848" in s.value for s in app.success)
    for page in PAGES[1:]:
        app.switch_page(f"app_pages/{page}").run()
        assert not app.exception, page
    app.switch_page("app_pages/vue_ensemble.py").run()
    assert not app.info  # no demo banner: the household's own data


def test_bad_upload_shows_one_line(app: AppTest):
    app.file_uploader(key="home_upload").set_value(("x.csv", b"date,t\n1,2\n", "text/csv")).run()
    assert not app.exception
    assert "not a format Courbe reads" in app.error[0].value


def test_picking_a_demo_household_brings_its_contract(app: AppTest):
    app.selectbox(key="demo").select("appartement_gaz").run()
    assert not app.exception
    assert (app.session_state["kva"], app.session_state["option"]) == (6, "base")


def test_anomalies_are_named_in_plain_words(app: AppTest):
    app.switch_page("app_pages/anomalies.py").run()
    titles = " ".join(m.value for m in app.markdown)
    assert "Journée à zéro" in titles
    assert "zero_day" not in titles
