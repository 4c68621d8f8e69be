"""Every page runs on the demo household and on an uploaded real export (AppTest)."""

import datetime as dt
import io
import zipfile
from pathlib import Path

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from analysis import scenarios
from analysis.report import Settings, analyse
from analysis.tariffs import OffPeak
from app import data
from app.i18n import euros, number
from ingest import Store, read_export
from sample_loadcurves.households import SHIPPED
from tests.conftest import ROOT, real_export_dir

ENTRY = str(ROOT / "app" / "streamlit_app.py")
PAGES = [
    "accueil.py",
    "vue_ensemble.py",
    "explorer.py",
    "habitudes.py",
    "puissance.py",
    "anomalies.py",
    "economies.py",
    "rapport.py",
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
    assert any(number(16848, "fr") in s.value for s in app.success)
    for page in PAGES[1:]:
        app.switch_page(f"app_pages/{page}").run()
        assert not app.exception, page
    app.switch_page("app_pages/vue_ensemble.py").run()
    assert not app.info  # no demo banner: the household's own data


@pytest.mark.real
@pytest.mark.parametrize(
    "folder",
    [
        "dataconnect_json",
        "edf_supplier_csv",
        "enedis_portal_xlsx",
        "enedis_r63_csv",
        "greenbutton_espi_xml",
    ],
)
def test_every_real_export_format_reaches_every_page(app: AppTest, folder: str):
    files = sorted(p for p in real_export_dir(folder).iterdir() if p.is_file())
    _upload(app, *files)
    assert app.success, [e.value for e in app.error]
    for page in PAGES[1:]:
        app.switch_page(f"app_pages/{page}").run()
        assert not app.exception, page


def test_a_few_hours_of_data_every_page_runs(app: AppTest):
    path = ROOT / "tests" / "data" / "other_formats" / "r63_autumn_repeated_hour.csv"
    _upload(app, path)
    assert app.success
    for page in PAGES[1:]:
        app.switch_page(f"app_pages/{page}").run()
        assert not app.exception, page  # (the savings slider had nothing to range over)
    app.switch_page("app_pages/economies.py").run()
    assert "Trop peu de consommation en heures pleines" in " ".join(c.value for c in app.caption)
    assert not [m.value for m in app.markdown if "slider" in m.value]  # no stray docstring


def test_bad_upload_shows_one_line(app: AppTest):
    app.file_uploader(key="home_upload").set_value(("x.csv", b"date,t\n1,2\n", "text/csv")).run()
    assert not app.exception
    assert "not a format Courbe reads" in app.error[0].value


def test_a_fault_in_a_reader_shows_one_line_not_a_traceback(
    app: AppTest, monkeypatch: pytest.MonkeyPatch
):
    import ingest.read

    def faulty(*args: object, **kwargs: object) -> None:
        raise KeyError("None")  # as a reader bug would

    monkeypatch.setattr(ingest.read, "detect", faulty)
    app.file_uploader(key="home_upload").set_value(("x.csv", b"a;b\n", "text/csv")).run()
    assert not app.exception
    assert "x.csv: could not be read (KeyError: 'None'); this is a fault in Courbe" in (
        app.error[0].value
    )


def test_import_options_give_a_unit_a_meter_and_a_capture_start(app: AppTest, tmp_path: Path):
    from sample_loadcurves.tic_captures import tic_historic_bulk

    no_unit = b"time,value\n2024-01-01 00:00,1.5\n2024-01-01 00:30,2.0\n"
    app.file_uploader(key="home_upload").set_value(("a.csv", no_unit, "text/csv")).run()
    assert "name the unit in its header or give it" in app.error[0].value
    app.selectbox(key="upload_unit").select("kW").run()
    app.text_input(key="upload_meter").input("client B").run()
    app.file_uploader(key="home_upload").set_value(("b.csv", no_unit, "text/csv")).run()
    assert not app.error
    assert "b.csv" in app.success[0].value
    assert "client B" in Store(tmp_path / "store").meters()
    app.text_input(key="upload_meter").input("").run()

    capture = tic_historic_bulk(600)  # ten minutes, no receive times
    app.file_uploader(key="home_upload").set_value(("c.raw", capture, "text/plain")).run()
    assert "give its start time" in app.error[0].value
    app.text_input(key="upload_start").input("demain midi").run()
    app.file_uploader(key="home_upload").set_value(("d.raw", capture, "text/plain")).run()
    assert app.error[0].value.startswith("Début de capture non compris : « demain midi »")
    app.text_input(key="upload_start").input("2024-01-08 12:00").run()
    app.file_uploader(key="home_upload").set_value(("e.raw", capture, "text/plain")).run()
    assert not app.exception
    assert not app.error
    assert "e.raw" in app.success[0].value


def test_picking_a_demo_household_brings_its_contract(app: AppTest):
    app.selectbox(key="demo").select("appartement_gaz").run()
    assert not app.exception
    assert (app.session_state["kva"], app.session_state["option"]) == (6, "base")


def test_the_demo_household_and_option_outlive_their_boxes_and_a_language_change(
    app: AppTest,
):
    """The demo household's box is drawn on Accueil only: leaving it, or changing the
    language (the boxes' words change), must not lose the household or the option."""
    app.selectbox(key="demo").select("appartement_gaz").run()
    app.selectbox(key="option").select("hphc").run()
    app.switch_page("app_pages/vue_ensemble.py").run()
    app.selectbox(key="lang").select("en").run()
    app.switch_page("app_pages/accueil.py").run()
    assert not app.exception
    assert (app.session_state["demo"], app.session_state["option"]) == ("appartement_gaz", "hphc")


def test_anomalies_are_named_in_plain_words(app: AppTest):
    app.switch_page("app_pages/anomalies.py").run()
    titles = " ".join(m.value for m in app.markdown)
    assert "Journée à zéro" in titles
    assert "zero_day" not in titles


def _upload(app: AppTest, *paths: Path) -> AppTest:
    files = [(p.name, p.read_bytes(), "text/csv") for p in paths]
    return app.file_uploader(key="home_upload").set_value(files).run()


def _sample(household: str) -> Path:
    return next((SHIPPED / household).glob("Enedis_Conso_*.csv"))


def test_the_contract_is_remembered_in_the_store(app: AppTest, tmp_path: Path):
    _upload(app, _sample("appartement_gaz"))
    assert not app.exception
    # A first import drops the demo's contract for the defaults, and asks for the real one.
    assert app.session_state["kva"] == Settings().kva
    assert any("Indiquez votre contrat" in i.value for i in app.info)
    app.selectbox(key="kva").select(6).run()
    app.selectbox(key="option").select("hphc").run()
    assert Store(tmp_path / "store").settings()["kva"] == 6
    again = AppTest.from_file(ENTRY, default_timeout=60)
    again.session_state["store_path"] = str(tmp_path / "store")
    again.run()
    assert (again.session_state["kva"], again.session_state["option"]) == (6, "hphc")


def test_a_demo_writes_nothing(app: AppTest, tmp_path: Path):
    app.selectbox(key="kva").select(12).run()
    app.switch_page("app_pages/donnees.py").run()
    tempo = b"date;couleur\n2024-01-08;ROUGE\n"
    app.file_uploader(key="upload_tempo").set_value(("tempo.csv", tempo, "text/csv")).run()
    assert not app.exception
    assert app.session_state["ref_tempo"].height == 1
    assert not (tmp_path / "store").exists()


def test_reference_files_are_kept_in_the_store_and_used(app: AppTest, tmp_path: Path):
    _upload(app, _sample("maison_electrique"))
    app.switch_page("app_pages/donnees.py").run()
    # A mild winter at home: less heating explained by the cold.
    year = pl.date_range(dt.date(2024, 1, 1), dt.date(2024, 12, 31), eager=True)
    warm = "date,tmoy\n" + "".join(f"{d},20.0\n" for d in year)
    uploader = app.file_uploader(key="upload_temperatures")
    uploader.set_value(("temperatures.csv", warm.encode(), "text/csv")).run()
    assert not app.exception
    saved = Store(tmp_path / "store").reference("temperatures")
    assert saved is not None
    assert saved.height == 366
    assert "366" in " ".join(c.value for c in app.caption)
    curve = Store(tmp_path / "store").curve().collect()
    expected = analyse(curve, settings=Settings(), temperatures=saved)
    assert not expected.heating.found  # 20 °C every day: nothing to heat against
    app.switch_page("app_pages/vue_ensemble.py").run()
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Consommation permanente"] == f"{number(expected.baseload_w, 'fr')} W"


def test_bad_reference_file_shows_one_line(app: AppTest):
    app.switch_page("app_pages/donnees.py").run()
    bad = b"date;couleur\n2024-01-08;VIOLET\n"
    app.file_uploader(key="upload_tempo").set_value(("t.csv", bad, "text/csv")).run()
    assert not app.exception
    assert "line 2" in app.error[0].value


def test_two_meters_can_be_picked(app: AppTest):
    _upload(app, _sample("appartement_gaz"), _sample("maison_electrique"))
    assert not app.exception
    meters = app.selectbox(key="meter").options
    assert len(meters) == 2
    assert all("•" in m for m in meters)  # masked
    app.selectbox(key="meter").set_value("99000000000002").run()
    app.switch_page("app_pages/vue_ensemble.py").run()
    curve = Store(app.session_state["store_path"]).curve().collect()
    expected = analyse(curve, meter="99000000000002", settings=Settings())
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Consommation"] == f"{number(expected.energy_kwh, 'fr')} kWh"


def test_what_if_shift_equals_the_analysis(app: AppTest):
    app.switch_page("app_pages/economies.py").run()
    app.slider(key="savings_shift_kwh").set_value(1000).run()
    assert not app.exception
    settings = data.demo_settings("maison_electrique")
    report = analyse(data.demo_curve("maison_electrique"), settings=settings)
    expected = scenarios.shift_to_off_peak(
        report.frames.prepared,
        1000.0,
        option=settings.option,
        kva=settings.kva,
        off_peak=OffPeak.parse(settings.off_peak),
    )
    shown = {m.label: m.value for m in app.metric}["Économie"]
    assert shown == f"{euros(expected.eur_per_year, 'fr')} par an"
    assert expected.eur_per_year > 0


def test_report_page_makes_the_pdf(app: AppTest):
    app.switch_page("app_pages/rapport.py").run()
    assert not app.exception
    app.button(key="report_make_pdf").click().run()
    assert not app.exception
    assert not app.warning  # Chromium is installed here and in CI
    pdfs = app.session_state["report_pdfs"]
    assert len(pdfs) == 1
    assert next(iter(pdfs.values())).startswith(b"%PDF")


def test_share_then_delete_everything(app: AppTest, tmp_path: Path):
    _upload(app, _sample("maison_electrique"))
    app.switch_page("app_pages/donnees.py").run()
    app.button(key="share_make").click().run()
    assert not app.exception
    with zipfile.ZipFile(io.BytesIO(app.session_state["share_zip"])) as archive:
        assert "curve.csv" in archive.namelist()
        assert b"99000000000002" not in archive.read("curve.csv")
    app.checkbox(key="data_confirm").check().run()
    app.button(key="data_delete").click().run()
    assert not app.exception
    assert not (tmp_path / "store").exists()
    assert "n'existe plus" in app.success[0].value


def test_demo_mode_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("COURBE_DEMO", "1")
    home = tmp_path / "home"
    monkeypatch.setenv("COURBE_HOME", str(home))
    existing = _store_with_data(tmp_path / "existing")  # an adviser's own store is left alone
    before = sorted(p.name for p in (tmp_path / "existing").rglob("*"))
    at = AppTest.from_file(ENTRY, default_timeout=60)
    at.session_state["store_path"] = str(existing)
    at.run()
    assert not at.file_uploader  # nothing to import in a demo
    at.selectbox(key="kva").select(12).run()
    at.selectbox(key="demo").select("appartement_gaz").run()
    for page in PAGES:
        at.switch_page(f"app_pages/{page}").run()
        assert not at.exception, page
        assert any("Démonstration" in i.value or "démonstration" in i.value for i in at.info)
    tempo = b"date;couleur\n2024-01-08;ROUGE\n"
    at.file_uploader(key="upload_tempo").set_value(("tempo.csv", tempo, "text/csv")).run()
    assert not at.exception
    assert sorted(p.name for p in (tmp_path / "existing").rglob("*")) == before
    assert not home.exists()


def _store_with_data(path: Path) -> Path:
    Store(path).add(read_export(_sample("appartement_gaz")))
    return path


def test_off_peak_hours_learned_from_a_tic_capture(app: AppTest, tmp_path: Path):
    from tests.ingest.formats.test_tic import _minute_log

    capture = _minute_log(2, hc=(1, 7))
    app.file_uploader(key="home_upload").set_value(("teleinfo.log", capture, "text/plain")).run()
    assert not app.exception
    assert app.session_state["off_peak"] == "01:00-07:00"
    assert Store(tmp_path / "store").periods().collect().height == 96


def test_the_cached_report_is_handed_out_with_every_chart_frame_computed():
    # st.cache_data hands each page a copy: frames computed after the copy would be
    # computed again on every page run.
    from analysis.report.contents import DRAWN

    report = data.report(
        data.demo_curve("appartement_gaz"), None, data.demo_settings("appartement_gaz")
    )
    assert set(DRAWN) <= set(vars(report.frames))
