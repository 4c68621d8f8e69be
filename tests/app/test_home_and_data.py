"""Accueil as a first-run guide, the meters offered and named, Mes données, uploads (AppTest)."""

import hashlib
import io
import json
import zipfile
from pathlib import Path

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from app import data
from app.context import DEFAULT_DEMO
from app.i18n import file_size, number
from ingest import Store
from sample_loadcurves.households import SHIPPED
from tests.conftest import ROOT, real_export_dir

ENTRY = str(ROOT / "app" / "streamlit_app.py")
GAZ, ELEC = "99000000000001", "99000000000002"
"""The meters of the appartement_gaz and maison_electrique samples."""


@pytest.fixture
def app(tmp_path: Path) -> AppTest:
    at = AppTest.from_file(ENTRY, default_timeout=60)
    at.session_state["store_path"] = str(tmp_path / "store")
    return at.run()


def _sample(household: str) -> Path:
    return next((SHIPPED / household).glob("Enedis_Conso_*.csv"))


def _upload(app: AppTest, *paths: Path) -> AppTest:
    files = [(p.name, p.read_bytes(), "text/plain") for p in paths]
    return app.file_uploader(key="home_upload").set_value(files).run()


def _words(app: AppTest) -> str:
    parts = [*app.markdown, *app.caption, *app.success, *app.info, *app.warning, *app.error]
    return "\n".join(str(p.value) for p in parts)


def test_an_empty_store_shows_the_first_run_guide(app: AppTest):
    words = _words(app)
    assert "Rien ne quitte cet ordinateur" in words  # the promise on the page, not a tooltip
    assert "Activer l'enregistrement de la consommation horaire" in words
    assert "Consommation horaire" in words
    assert [h.value for h in app.subheader][:3] == [
        "1. Récupérez votre fichier",
        "2. Déposez vos fichiers",
        "3. Votre contrat, d'après votre facture",
    ]
    labels = [e.label for e in app.expander]
    assert "Avec un lecteur TIC branché sur le compteur" in labels
    limit = file_size(data.upload_limit(), "fr")  # server.maxUploadSize, in words
    assert f"Fichiers lus : CSV, TXT, TSV, XLSX, JSON, XML, LOG, RAW, DAT, jusqu'à {limit}" in words


def test_the_guide_in_english(app: AppTest):
    app.selectbox(key="lang").select("en").run()
    words = _words(app)
    assert "Nothing leaves this computer" in words
    assert "Rien ne quitte" not in words
    assert "2. Drop your files" in [h.value for h in app.subheader]


def test_the_guide_folds_away_once_files_are_in(app: AppTest):
    _upload(app, _sample("appartement_gaz"))
    assert "1. Récupérez votre fichier" not in [h.value for h in app.subheader]
    assert "1. Comment obtenir vos fichiers (Enedis, fournisseur, TIC)" in [
        e.label for e in app.expander
    ]


@pytest.mark.real
def test_a_tic_capture_without_a_curve_adds_no_meter(app: AppTest, tmp_path: Path):
    tic = real_export_dir("tic_standard") / "teleinfo2mqtt_standard_frames.log"
    _upload(app, _sample("appartement_gaz"), tic)
    assert not app.exception
    assert len(Store(tmp_path / "store").meters()) == 2  # the capture's registers are kept
    assert "Pas de courbe de charge dans ce fichier" in _words(app)
    assert not [s for s in app.selectbox if s.key == "meter"]  # one meter to show: no picker
    app.switch_page("app_pages/vue_ensemble.py").run()
    shown = " ".join(c.value for c in app.caption)
    assert "Compteur affiché : 9900 •••• •••• 01" in shown
    app.switch_page("app_pages/donnees.py").run()
    assert "pas de courbe de charge (index ou valeurs par jour seulement)" in _words(app)


@pytest.mark.real
def test_a_store_without_any_curve_says_why_the_demo_is_shown(app: AppTest):
    _upload(app, real_export_dir("tic_standard") / "teleinfo2mqtt_standard_frames.log")
    app.switch_page("app_pages/vue_ensemble.py").run()
    assert not app.exception
    assert "ne contiennent pas de courbe de charge" in app.warning[0].value
    assert any("Démonstration" in i.value for i in app.info)


def test_the_picker_says_what_each_meter_holds(app: AppTest):
    _upload(app, _sample("appartement_gaz"), _sample("maison_electrique"))
    held = data.meter_holdings(str(Path(app.session_state["store_path"])), 1)
    row = held.filter(pl.col("meter") == GAZ).row(0, named=True)
    picker = app.selectbox(key="meter")
    assert picker.options[0] == (
        f"9900 •••• •••• 01 · du {row['first']:%d/%m/%Y} au {row['last']:%d/%m/%Y} "
        f"({row['days']} jours)"
    )


def test_naming_a_meter_shows_the_name(app: AppTest, tmp_path: Path):
    _upload(app, _sample("appartement_gaz"), _sample("maison_electrique"))
    app.switch_page("app_pages/donnees.py").run()
    key = "meter_name_" + hashlib.sha256(ELEC.encode()).hexdigest()[:16]  # no meter in keys
    app.text_input(key=key).input("Studio Lyon").run()
    assert not app.exception
    assert Store(tmp_path / "store").settings()["meter_names"] == {ELEC: "Studio Lyon"}
    app.selectbox(key="kva").select(6).run()  # saving the contract keeps the names
    assert Store(tmp_path / "store").settings()["meter_names"] == {ELEC: "Studio Lyon"}
    assert app.selectbox(key="meter").options[1].startswith("Studio Lyon · du ")
    app.selectbox(key="meter").set_value(ELEC).run()
    app.switch_page("app_pages/habitudes.py").run()
    assert any(
        c.value.startswith(":material/electric_meter: Compteur affiché : Studio Lyon,")
        for c in app.caption
    )
    app.switch_page("app_pages/donnees.py").run()
    assert "Studio Lyon" in app.dataframe[0].value.to_string()


def test_delete_everything_resets_the_contract_and_shows_an_empty_store_at_once(
    app: AppTest, tmp_path: Path
):
    _upload(app, _sample("appartement_gaz"))
    app.selectbox(key="kva").select(15).run()
    assert Store(tmp_path / "store").settings()["kva"] == 15
    app.switch_page("app_pages/donnees.py").run()
    assert app.dataframe  # the import is listed
    app.checkbox(key="data_confirm").check().run()
    app.button(key="data_delete").click().run()
    assert not app.exception
    assert not (tmp_path / "store").exists()
    assert not app.dataframe  # in the same run: no deleted file listed
    assert "Aucun fichier importé pour l'instant." in _words(app)
    assert "n'existe plus" in app.success[0].value
    demo = data.demo_settings(DEFAULT_DEMO)
    assert (app.session_state["kva"], app.session_state["option"]) == (demo.kva, demo.option)
    assert app.session_state["off_peak"] == demo.off_peak
    assert app.checkbox(key="data_confirm").value is False
    again = AppTest.from_file(ENTRY, default_timeout=60)
    again.session_state["store_path"] = str(tmp_path / "store")
    again.run()
    assert again.session_state["kva"] == demo.kva


def test_a_refused_file_is_named_in_words(app: AppTest, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(data, "upload_limit", lambda: 1000)
    big = b"Horodate;Valeur\n" * 100
    files = [
        ("facture.pdf", b"%PDF-1.4", "application/pdf"),
        ("vide.csv", b"", "text/csv"),
        ("gros.csv", big, "text/csv"),
    ]
    app.file_uploader(key="home_upload").set_value(files).run()
    assert not app.exception
    errors = [e.value for e in app.error]
    assert errors[0] == (
        "facture.pdf n'est pas pris : Courbe lit les fichiers CSV, TXT, TSV, XLSX, JSON, XML, "
        "LOG, RAW, DAT, pas les « .pdf »."
    )
    assert errors[1] == "vide.csv n'est pas pris : le fichier est vide."
    assert errors[2].startswith(
        f"gros.csv n'est pas pris : il pèse 1,6 ko, au-delà de la limite de {number(1000, 'fr')} "
        "octets par fichier"
    )
    app.selectbox(key="lang").select("en").run()
    app.file_uploader(key="home_upload").set_value(files[:1]).run()
    assert app.error[0].value.startswith("facture.pdf is not taken: Courbe reads CSV, TXT")


@pytest.mark.real
def test_the_import_report_says_steps_gaps_and_unused_rows(app: AppTest):
    path = real_export_dir("enedis_portal_csv") / (
        "guiedf_conso_heure_2022-10-24_2024-07-25_mixed_step.csv"
    )
    _upload(app, path)
    words = _words(app)
    n = {x: number(x, "fr") for x in (27665, 24660, 3005)}
    assert f"Du 24/10/2022 au 24/07/2024 : {n[27665]} relevés, dont {n[27665]} nouveaux." in words
    assert (
        f"Une mesure toutes les 30 min ({n[24660]} relevés) ou 60 min ({n[3005]} relevés)."
    ) in words
    assert "Le 12/11/2022 à 08h00, le pas passe de 30 à 60 min." in words
    assert "Le 18/03/2023 à 14h00, le pas passe de 60 à 30 min." in words
    assert "2 trou(s) dans la courbe, 25 h en tout :" in words
    assert "du 10/01/2023 à 23h00 au 11/01/2023 à 23h00 (24 h sans mesure)" in words
    assert "Non utilisé : pas de valeur (champ vide) — 1 ligne(s) (3925)" in words


def test_the_research_export_has_a_readme_and_only_the_chosen_meters(app: AppTest):
    _upload(app, _sample("appartement_gaz"), _sample("maison_electrique"))
    app.switch_page("app_pages/donnees.py").run()
    app.multiselect(key="share_meters").unselect(GAZ).run()
    app.button(key="share_make").click().run()
    assert not app.exception
    with zipfile.ZipFile(io.BytesIO(app.session_state["share_zip"])) as archive:
        readme = archive.read("LISEZMOI.md").decode()
        curve = pl.read_csv(archive.read("curve.csv"))
    assert curve["meter"].n_unique() == 1
    assert curve["meter"][0].startswith("anon-")
    assert curve["meter"][0] in readme
    assert "`wh` : énergie sur l'intervalle [Wh]" in readme
    assert ELEC not in readme


def _key(meter: str) -> str:
    return hashlib.sha256(meter.encode()).hexdigest()[:16]


def test_removing_a_meter_asks_then_shows_the_store_without_it_at_once(
    app: AppTest, tmp_path: Path
):
    _upload(app, _sample("appartement_gaz"), _sample("maison_electrique"))
    app.selectbox(key="kva").select(12).run()
    app.switch_page("app_pages/donnees.py").run()
    app.text_input(key=f"meter_name_{_key(ELEC)}").input("Studio Lyon").run()
    app.selectbox(key="meter").set_value(GAZ).run()
    app.button(key=f"remove_{_key(GAZ)}").click().run()
    assert app.warning[0].value.startswith("Retirer 9900 •••• •••• 01 de cet ordinateur ?")
    app.button(key=f"remove_no_{_key(GAZ)}").click().run()  # no: nothing happens
    assert not app.warning
    assert Store(tmp_path / "store").meters() == [GAZ, ELEC]
    app.button(key=f"remove_{_key(GAZ)}").click().run()
    app.button(key=f"remove_yes_{_key(GAZ)}").click().run()
    assert not app.exception
    store = Store(tmp_path / "store")
    assert store.meters() == [ELEC]
    rows = store.curve().collect().height
    # In the same run: the message, one import listed, no picker (one meter left).
    assert app.success[0].value.startswith("9900 •••• •••• 01 est retiré : ")
    (listed,) = app.dataframe
    assert len(listed.value) == 1
    assert "Studio Lyon" in listed.value.to_string()
    assert not [s for s in app.selectbox if s.key == "meter"]
    assert [b.key for b in app.button if str(b.key).startswith("remove_")] == [
        f"remove_{_key(ELEC)}"
    ]
    assert app.session_state["kva"] == 12  # a meter is left: the contract stays
    app.switch_page("app_pages/vue_ensemble.py").run()
    assert "Compteur affiché : Studio Lyon" in " ".join(c.value for c in app.caption)
    app.switch_page("app_pages/donnees.py").run()
    app.button(key=f"remove_{_key(ELEC)}").click().run()
    app.button(key=f"remove_yes_{_key(ELEC)}").click().run()
    assert not app.exception
    assert app.success[0].value.startswith(f"Studio Lyon est retiré : {number(rows, 'fr')} ")
    assert "Aucun fichier importé pour l'instant." in _words(app)
    assert not app.dataframe
    demo = data.demo_settings(DEFAULT_DEMO)  # none left: the pages show the demo again
    assert (app.session_state["kva"], app.session_state["option"]) == (demo.kva, demo.option)
    assert Store(tmp_path / "store").settings()["kva"] == 12  # the household's, for later
    app.switch_page("app_pages/vue_ensemble.py").run()
    assert any("Démonstration" in i.value for i in app.info)


def test_a_removed_meter_can_be_dropped_again(app: AppTest, tmp_path: Path):
    _upload(app, _sample("appartement_gaz"))
    app.switch_page("app_pages/donnees.py").run()
    app.button(key=f"remove_{_key(GAZ)}").click().run()
    app.button(key=f"remove_yes_{_key(GAZ)}").click().run()
    assert Store(tmp_path / "store").meters() == []
    app.switch_page("app_pages/accueil.py").run()
    path = _sample("appartement_gaz")  # the same file, dropped anew
    app.file_uploader(key="home_upload").set_value([(path.name, path.read_bytes(), "text/csv")])
    app.run()
    assert not app.exception
    assert Store(tmp_path / "store").meters() == [GAZ]
    assert len(Store(tmp_path / "store").imports()) == 1


NOTED = ROOT / "tests" / "data" / "enedis_portal_csv" / "curve_step_change_gaps.csv"
"""A curve whose reading notes say the stamps' convention, the steps and an empty field."""


@pytest.mark.parametrize(
    ("lang", "unused", "inferred", "foreign"),
    [
        (
            "fr",
            "Non utilisé : pas de valeur (champ vide) — 1 ligne(s) (9)",
            "- les horodatages marquent la fin des intervalles (convention Enedis) ; chaque "
            "intervalle est enregistré à partir de son début",
            "timestamps mark interval ends",
        ),
        (
            "en",
            "Not used: no value (empty field)",
            "- timestamps mark interval ends (Enedis convention); each interval is stored "
            "from its start",
            "horodatages",
        ),
    ],
)
def test_the_import_notes_are_in_the_pages_language(
    app: AppTest, lang: str, unused: str, inferred: str, foreign: str
):
    if lang == "en":
        app.selectbox(key="lang").select("en").run()
    _upload(app, NOTED)
    words = _words(app)
    assert unused in words
    assert inferred in words
    assert foreign not in words
    app.switch_page("app_pages/donnees.py").run()
    notes = [e for e in app.expander if NOTED.name in e.label]
    assert len(notes) == 1
    listed = "\n".join(str(m.value) for m in notes[0].markdown)
    assert inferred in listed
    assert ("ligne 9 : pas de valeur" if lang == "fr" else "line 9: no value") in listed
    assert foreign not in listed


def test_an_import_log_older_than_the_note_keys_shows_its_notes_as_written(
    app: AppTest, tmp_path: Path
):
    _upload(app, NOTED)
    (log,) = (tmp_path / "store" / "imports").glob("*.json")
    entry = json.loads(log.read_text(encoding="utf-8"))
    assert len(entry.pop("said")) == len(entry["notes"])
    log.write_text(json.dumps(entry), encoding="utf-8")
    app.switch_page("app_pages/donnees.py").run()
    (notes,) = [e for e in app.expander if NOTED.name in e.label]
    listed = "\n".join(str(m.value) for m in notes.markdown)
    assert "- line 9: no value (empty field)" in listed  # the English the log kept
