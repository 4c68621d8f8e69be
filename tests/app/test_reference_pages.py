"""Pages say what their figures rest on: estimated Tempo days, days without temperatures."""

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

ENTRY = str(ROOT / "app" / "streamlit_app.py")


@pytest.fixture
def app(tmp_path: Path) -> AppTest:
    at = AppTest.from_file(ENTRY, default_timeout=60)
    at.session_state["store_path"] = str(tmp_path / "store")
    return at.run()


def november_2026() -> bytes:
    """An Enedis portal curve, 1 kW over November 2026: after the last shipped Tempo colour
    (2026-08-23) and the last shipped temperature (2025-11-29)."""
    head = (
        "Identifiant PRM;Type de donnees;Date de debut;Date de fin;Grandeur physique;"
        "Grandeur metier;Etape metier;Unite;Pas en minutes\n"
        "12345678901234;Courbe de charge;01/11/2026;01/12/2026;Energie active;Consommation;"
        "Comptage Brut;W;\nHorodate;Valeur\n"
    )
    start = dt.datetime(2026, 11, 1, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    ends = (start + dt.timedelta(minutes=30 * (i + 1)) for i in range(30 * 48))
    return (head + "".join(f"{e.isoformat()};1000\n" for e in ends)).encode()


def test_estimated_tempo_days_and_missing_temperatures_are_said(app: AppTest):
    app.file_uploader(key="home_upload").set_value(
        ("Enedis_Conso_Heure_20261101-20261130_12345678901234.csv", november_2026(), "text/csv")
    ).run()
    assert not app.exception
    app.switch_page("app_pages/economies.py").run()
    assert not app.exception
    options = app.dataframe[0].value["option"].to_list()
    # Tempo days 2026-10-31 (the night of Nov 1) … 2026-11-30: 31 days without a colour.
    assert "Tempo (couleurs estimées pour 31 jours)" in options
    assert "Températures inconnues pour 30 des 30 jours" in " ".join(c.value for c in app.caption)
    assumptions = " ".join(m.value for m in app.markdown)
    assert "Couleurs Tempo publiées pour 0 jours (jusqu" in assumptions
    assert "estimées pour les 31 autres" in assumptions
    app.switch_page("app_pages/anomalies.py").run()
    assert "Températures inconnues pour 30 des 30 jours" in " ".join(c.value for c in app.caption)
    app.switch_page("app_pages/donnees.py").run()
    assert "jusqu'au 23/08/2026" in " ".join(c.value for c in app.caption)
