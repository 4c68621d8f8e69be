"""All the tips together: ranked, headlines in their texts, one advice everywhere, one pricing."""

import datetime as dt
import re

import polars as pl
import pytest

from analysis import tariffs
from analysis.anomalies import Anomaly
from analysis.curve import prepare
from analysis.power import PowerAdvice
from analysis.report import analyse
from analysis.usages import Heating, WaterHeater
from ingest import read_export
from tests.analysis.tips_cases import figures_in_text, tips_with, two_days, year_of
from tests.conftest import real_export_dir
from words import Said


def test_every_headline_is_in_its_text(curve_factory):
    p = two_days(curve_factory)
    off_peak = tariffs.OffPeak.parse("22:00-06:00")
    current = tariffs.cost(p, "hphc", 9, off_peak=off_peak)
    found = [
        Anomaly(
            "baseload_step",
            dt.date(2024, 6, 3),
            dt.date(2024, 6, 5),
            60.0,
            "W",
            Said("anomaly.text.baseload_step"),
        ),
        Anomaly(
            "water_heater_peak",
            dt.date(2024, 6, 3),
            dt.date(2024, 6, 4),
            2.0,
            "kW",
            Said("anomaly.text.water_heater_peak"),
        ),
        Anomaly(
            "absence_consumption",
            dt.date(2024, 6, 3),
            dt.date(2024, 6, 5),
            9.0,
            "kWh",
            Said("anomaly.text.absence_consumption"),
        ),
    ]
    out = tips_with(
        baseload_w=400.0,
        heating=Heating(True, "degree-days", 2000.0, 1.5, 0.3),
        heater=WaterHeater(True, 0.9, 2000.0, 3.0, 22 * 60),
        anomalies=found,
        current=current,
        costs=[current],
        power=PowerAdvice(9, 3000.0, "meter", 6000.0, "lower", 6, Said("power.text.no_data")),
        year=year_of({"hphc": current.total_eur, "tempo": current.total_eur - 100}, filled=30),
        prepared=p,
        off_peak=off_peak,
        years=2 / 365.25,
        last_day=dt.date(2024, 6, 4),
    )
    ids = {re.sub(r"_\d{4}-\d{2}-\d{2}$", "", t.id) for t in out}
    assert ids == {
        "standby",
        "heating_setpoint",
        "appliance",
        "water_heater_off_peak",
        "absence",
        "option_tempo",
        "kva",
    }
    for tip in out:
        figures_in_text(tip)
    assert [t.headline_eur for t in out] == sorted((t.headline_eur for t in out), reverse=True)


# --- one advice everywhere ------------------------------------------------------------------


def test_the_dashboard_the_report_and_the_json_show_the_same_tips(tmp_path):

    from streamlit.testing.v1 import AppTest

    import document
    from app import data
    from tests.conftest import ROOT

    report = analyse(
        data.demo_curve("maison_electrique"), settings=data.demo_settings("maison_electrique")
    )
    texts = [t.text.say() for t in report.tips]
    assert texts
    assert [t["text"] for t in report.to_json()["tips"]] == texts
    english = [t.text.say("en") for t in report.tips]
    assert [t["text"] for t in report.to_json("en")["tips"]] == english
    assert not [t for t in english if " les " in t or " jours " in t]
    # The report's page 1 states the tips as actions: each one drawn from a tip carries that
    # tip's own yearly figure.
    from_tips = {a.kind: a for a in map(document._tip_action, report.tips) if a is not None}
    chosen = [a for a in document.actions(report) if a.kind in from_tips]
    assert chosen
    assert all(a.eur_per_year == from_tips[a.kind].eur_per_year for a in chosen)
    assert "data-action" in document.render(report)
    app = AppTest.from_file(str(ROOT / "app" / "streamlit_app.py"), default_timeout=60)
    app.session_state["store_path"] = str(tmp_path / "store")
    app.run()
    app.switch_page("app_pages/economies.py").run()
    assert not app.exception
    shown = [m.value for m in app.markdown]
    assert [s for s in shown if s in texts] == texts
    lower = next(s for s in report.scenarios if s.id == "lower_kva")
    assert any(lower.text.say() in s for s in shown)
    assert report.power.about(lower.kva).say() in lower.text.say()


@pytest.mark.real
@pytest.mark.parametrize("option", ["hphc", "base", "tempo"])
def test_a_tips_saving_is_the_curve_priced_again_with_the_change(option):
    # The saving is priced on the changed intervals alone (an interval's price does not
    # depend on its energy); it must equal the whole curve priced before and after.
    from analysis.tips import _change

    folder = real_export_dir("enedis_portal_csv")
    p = prepare(read_export(folder / "guiedf_conso_heure_2023-08-09_2024-07-25.csv").curve)
    hours = tariffs.OffPeak.parse("22:00-06:00")
    current = tariffs.cost(p, option, 9, off_peak=hours)
    evenings = pl.when(pl.col("hour") >= 18).then(0.1).otherwise(0.0)  # 0.1 kWh off each
    kwh, eur = _change(
        p,
        evenings,
        current=current,
        price_eur_per_kwh=0.0,
        off_peak=hours,
        tempo=None,
        prices="latest",
    )
    after = tariffs.cost(
        p.with_columns(kwh=pl.col("kwh") - pl.min_horizontal(evenings, "kwh")),
        option,
        9,
        off_peak=hours,
    )
    assert eur == pytest.approx(current.energy_eur - after.energy_eur, abs=1e-9)
    assert eur > 0
    assert kwh > 0
