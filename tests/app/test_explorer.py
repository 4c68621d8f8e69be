"""Time navigation, the day/week explorer and the temperature view (AppTest, demo household)."""

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analysis import periods, tariffs, thermal
from analysis.periods import Period
from analysis.report import analyse
from app import data
from app.i18n import euros, kwh, number, percent
from tests.conftest import ROOT

ENTRY = str(ROOT / "app" / "streamlit_app.py")
DEMO = "maison_electrique"  # 2024, heated by electricity, HP/HC 22:30–06:30


@pytest.fixture(scope="module")
def report():
    return analyse(data.demo_curve(DEMO), settings=data.demo_settings(DEMO))


@pytest.fixture
def app(tmp_path: Path) -> AppTest:
    at = AppTest.from_file(ENTRY, default_timeout=60)
    at.session_state["store_path"] = str(tmp_path / "store")
    return at.run()


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _titles(at: AppTest) -> list[str]:
    return [s.value for s in at.subheader]


def test_the_explorer_renders_the_last_day_with_its_typical_day(app: AppTest):
    app.switch_page("app_pages/explorer.py").run()
    assert not app.exception
    assert "mardi 31 décembre 2024" in _titles(app)
    chart = app.get("plotly_chart")[0].proto.spec
    for name in ("votre puissance", "journée type (médiane)", "heures creuses"):
        assert name in chart
    caption = " ".join(c.value for c in app.caption)
    assert "(ici : jours de semaine ; hiver)" in caption
    assert "22:30-06:30" in caption


def test_a_base_contract_has_no_off_peak_hours_shaded(app: AppTest):
    app.sidebar.selectbox(key="option").set_value("base").run()
    app.switch_page("app_pages/explorer.py").run()
    assert not app.exception
    chart = app.get("plotly_chart")[0].proto.spec
    assert "heures creuses" not in chart
    assert "pas d'heures creuses" in " ".join(c.value for c in app.caption)


def test_previous_and_next_move_the_period_and_its_figures(app: AppTest, report):
    app.switch_page("app_pages/vue_ensemble.py").run()
    assert "décembre 2024" in _titles(app)
    assert app.button(key="overview_next").disabled  # the data ends there
    app.button(key="overview_previous").click().run()
    assert not app.exception
    assert "novembre 2024" in _titles(app)
    november = Period.containing("month", dt.date(2024, 11, 1))
    rows = periods.slice_days(report.frames.prepared, november)
    cost = tariffs.cost(rows, "hphc", 12, off_peak=tariffs.OffPeak.parse("22:30-06:30"))
    shown = _metrics(app)
    assert shown["Consommation sur la période"] == kwh(float(rows["kwh"].sum()), "fr")
    assert shown["Coût sur la période"] == euros(cost.total_eur, "fr")
    assert "Un an au rythme de ce mois" in shown
    assert shown["Un an plus tôt : novembre 2023"] == "– pas de relevés"
    october = periods.energy(report.frames.prepared, november.previous())
    delta = float(rows["kwh"].sum()) - october.kwh
    assert shown["Par rapport à : octobre 2024"] == (
        f"+{kwh(delta, 'fr')} (+{percent(delta / october.kwh, 'fr')})"
    )
    app.button(key="overview_next").click().run()
    assert "décembre 2024" in _titles(app)
    app.radio(key="_overview_kind_widget").set_value("year").run()
    assert "2024" in _titles(app)
    # 2024 misses one day (a gap): that day counts at the year's rate, not as a free day.
    year = periods.summarise(
        report.frames.prepared,
        Period.containing("year", dt.date(2024, 1, 1)),
        option="hphc",
        kva=12,
        off_peak=tariffs.OffPeak.parse("22:30-06:30"),
    )
    assert year.energy.coverage < 1
    assert year.eur_per_year is not None
    assert _metrics(app)["Par an"] == euros(year.eur_per_year, "fr")
    assert "Relevés sur 99,7 % de la période seulement" in " ".join(c.value for c in app.caption)


def test_a_day_parameter_opens_that_day_with_its_anomaly(app: AppTest):
    app.query_params["day"] = "2024-08-05"
    app.switch_page("app_pages/explorer.py").run()
    assert not app.exception
    assert "lundi 5 août 2024" in _titles(app)
    assert "Journée à zéro" in " ".join(m.value for m in app.markdown)
    assert "day" not in app.query_params or app.query_params.get("day") in (None, [])
    app.button(key="explorer_next").click().run()  # the parameter is read once
    assert "mardi 6 août 2024" in _titles(app)
    app.radio(key="_explorer_kind_widget").set_value("week").run()
    assert "semaine du 5 au 11 août 2024" in _titles(app)


def test_the_chosen_day_is_shared_between_pages(app: AppTest):
    app.switch_page("app_pages/vue_ensemble.py").run()
    app.button(key="overview_previous").click().run()  # November
    app.switch_page("app_pages/explorer.py").run()
    assert "vendredi 1 novembre 2024" in _titles(app)


def test_english_mode_shows_english_titles(app: AppTest):
    app.selectbox(key="lang").select("en").run()
    app.switch_page("app_pages/explorer.py").run()
    assert not app.exception
    assert "Tuesday 31 December 2024" in _titles(app)
    labels = set(_metrics(app))
    assert {"Use in the period", "Cost of the period", "A year at this day's rate"} <= labels
    assert "Compared with Monday 30 December 2024" in labels
    assert app.button(key="explorer_previous").label == "← Previous"
    chart = app.get("plotly_chart")[0].proto.spec
    assert "your power" in chart
    assert "votre puissance" not in chart
    assert "about 4.7 kWh more a day for each degree colder" in " ".join(
        m.value for m in app.markdown
    )
    app.switch_page("app_pages/vue_ensemble.py").run()
    assert "December 2024" in _titles(app)


def test_the_temperature_view_draws_the_fitted_heating_line(app: AppTest, report):
    app.switch_page("app_pages/explorer.py").run()
    assert not app.exception
    days = thermal.points(report.frames.daily)
    line = thermal.heating_line(days, report.heating)
    assert line is not None
    text = " ".join(m.value for m in app.markdown)
    gradient = number(report.heating.gradient_kwh_per_hdd, "fr", decimals=1)
    assert f"environ {gradient} kWh de plus par jour pour chaque degré de moins" in text
    warm = thermal.warm_median_kwh(days)
    assert warm is not None
    assert f"vous consommez {kwh(warm, 'fr')} par jour (médiane)" in text
    assert "Votre consommation et la température" in _titles(app)
    assert "effet du froid estimé" in app.get("plotly_chart")[1].proto.spec


def test_explorer_link_opens_the_explorer_on_that_day(app: AppTest):
    app.switch_page("app_pages/vue_ensemble.py").run()
    assert not app.get("page_link")  # a month: its bars open a day when clicked
    app.radio(key="_overview_kind_widget").set_value("week").run()
    link = app.get("page_link")[0].proto
    assert link.label == "Voir la courbe : 31 décembre 2024"
    assert link.page.endswith("explorer")
    assert "day=2024-12-31" in str(link)


def test_each_anomaly_links_to_its_day_or_week(app: AppTest):
    app.switch_page("app_pages/anomalies.py").run()
    links = [link.proto for link in app.get("page_link")]
    assert links, "no anomaly opens the explorer"
    assert all(link.page.endswith("explorer") for link in links)
    zero = [link for link in links if "day=2024-08-05" in str(link)]
    assert [link.label for link in zero] == ["Voir la courbe : 5 août 2024"]  # one day
    assert "kind" not in str(zero[0])


NEW_PAGES = ["vue_ensemble.py", "explorer.py"]


def test_a_few_hours_of_data_on_the_new_pages(app: AppTest):
    path = ROOT / "tests" / "data" / "other_formats" / "r63_autumn_repeated_hour.csv"
    app.file_uploader(key="home_upload").set_value((path.name, path.read_bytes(), "text/csv"))
    app.run()
    assert app.success
    for page in NEW_PAGES:
        app.switch_page(f"app_pages/{page}").run()
        assert not app.exception, page
    app.switch_page("app_pages/vue_ensemble.py").run()
    app.radio(key="_overview_kind_widget").set_value("day").run()
    assert not app.exception
    shown = _metrics(app)
    assert "dimanche 27 octobre 2024" in _titles(app)
    assert shown["Un an plus tôt : vendredi 27 octobre 2023"] == "– pas de relevés"
    assert shown["Par rapport à : samedi 26 octobre 2024"] == "– pas de relevés"
    # Three and a half night hours: priced, but not carried to a whole year.
    assert shown["Coût sur la période"] == "1 €"
    assert shown["Un an au rythme de ce jour"] == "– trop peu"
    assert any("Relevés sur 14 % de la période" in c.value for c in app.caption)


@pytest.mark.real
def test_a_real_export_on_the_new_pages(app: AppTest):
    from tests.conftest import real_export_dir

    path = real_export_dir("enedis_portal_csv") / "guiedf_conso_heure_2023-08-09_2024-07-25.csv"
    app.file_uploader(key="home_upload").set_value((path.name, path.read_bytes(), "text/csv"))
    app.run()
    app.switch_page("app_pages/vue_ensemble.py").run()
    assert not app.exception
    # July holds 24 days of readings: the overview opens on June, the last full month.
    assert "juin 2024" in _titles(app)
    assert "– relevés incomplets" not in _metrics(app).values()
    app.switch_page("app_pages/explorer.py").run()
    assert not app.exception
    assert "dimanche 30 juin 2024" in _titles(app)  # the same day, shared
    app.date_input(key="_explorer_day_widget").set_value(dt.date(2024, 7, 24)).run()
    assert "mercredi 24 juillet 2024" in _titles(app)  # the last reading ends 25 July 00:00
    app.radio(key="_explorer_kind_widget").set_value("week").run()
    app.button(key="explorer_previous").click().run()
    assert "semaine du 15 au 21 juillet 2024" in _titles(app)
    shown = _metrics(app)
    assert shown["Un an plus tôt : semaine du 17 au 23 juillet 2023"] == ("– pas de relevés")


def test_a_week_parameter_opens_the_week_and_a_bad_day_is_ignored(app: AppTest):
    app.query_params.update({"day": "2024-02-20", "kind": "week"})
    app.switch_page("app_pages/explorer.py").run()
    assert "semaine du 19 au 25 février 2024" in _titles(app)
    assert "Consommation pendant une absence" in " ".join(m.value for m in app.markdown)
    app.query_params.clear()
    app.query_params["day"] = "hier"
    app.run()
    assert not app.exception
    assert "semaine du 19 au 25 février 2024" in _titles(app)


def test_a_click_on_a_bar_or_a_dot_chooses_its_day():
    def script() -> None:
        import datetime as dt
        from types import SimpleNamespace

        import streamlit as st

        from app import period

        def clicked(day: str) -> SimpleNamespace:
            return SimpleNamespace(selection=SimpleNamespace(points=[{"customdata": day}]))

        st.session_state["overview_kind"] = "year"
        st.session_state["overview_bars"] = clicked("2024-03-01")
        period._open_clicked("overview_bars", "overview")  # a month of a year: that month
        st.text(f"{st.session_state['overview_kind']} {st.session_state[period.DAY]}")
        st.text("explorer" if st.session_state.get("period_open_explorer") else "stay")
        st.session_state["overview_kind"] = "month"
        st.session_state["overview_bars"] = clicked("2024-03-05")
        period._open_clicked("overview_bars", "overview")  # a day of a month: the explorer
        st.text(f"{st.session_state['explorer_kind']} {st.session_state[period.DAY]}")
        st.text("explorer" if st.session_state.get("period_open_explorer") else "stay")
        st.session_state["dots"] = clicked("2024-02-10")
        period.choose_clicked_day("dots")
        st.text(str(st.session_state[period.DAY] == dt.date(2024, 2, 10)))

    at = AppTest.from_function(script, default_timeout=30).run()
    assert not at.exception
    assert [m.value for m in at.text] == [
        "month 2024-03-01",
        "stay",
        "day 2024-03-05",
        "explorer",
        "True",
    ]


@pytest.mark.parametrize(
    ("period", "fr", "en"),
    [
        (
            Period("season", dt.date(2023, 12, 1), dt.date(2024, 2, 29)),
            "hiver 2023-2024",
            "winter 2023-2024",
        ),
        (Period("season", dt.date(2024, 6, 1), dt.date(2024, 8, 31)), "été 2024", "summer 2024"),
        (
            Period.containing("week", dt.date(2024, 2, 29)),
            "semaine du 26 février au 3 mars 2024",
            "week of 26 February to 3 March 2024",
        ),
        (
            Period.containing("week", dt.date(2024, 12, 31)),
            "semaine du 30 décembre 2024 au 5 janvier 2025",
            "week of 30 December 2024 to 5 January 2025",
        ),
        (
            Period.containing("day", dt.date(2024, 3, 31)),
            "dimanche 31 mars 2024",
            "Sunday 31 March 2024",
        ),
        (Period.containing("month", dt.date(2024, 8, 5)), "août 2024", "August 2024"),
    ],
)
def test_periods_are_named_in_words(period, fr, en):
    from app.period import label

    assert (label(period, "fr"), label(period, "en")) == (fr, en)


def test_coverage_never_reads_100_percent_short():
    from app.period import coverage_text

    assert coverage_text(0.9996, "fr") == "99,9 %"
    assert coverage_text(0.997, "en") == "99.7%"
    assert coverage_text(0.34, "fr") == "34 %"


def test_an_estimated_tempo_day_is_named_estimated(report):
    import polars as pl

    from app import explorer_figures

    day = Period("day", dt.date(2024, 12, 31), dt.date(2024, 12, 31))
    rows = periods.slice_days(report.frames.prepared, day)
    tempo = pl.DataFrame(
        {
            "day": [dt.date(2024, 12, 31)],
            "colour": ["BLANC"],
            "source": ["estimated"],
        }
    )
    texts = [
        a.text
        for a in explorer_figures.curve(rows, rows.head(0), [], tempo, day, "fr").layout.annotations
    ]
    assert "Jour Tempo : blanc (estimé)" in texts
    known = tempo.with_columns(source=pl.lit("calBAR"))
    texts = [
        a.text
        for a in explorer_figures.curve(rows, rows.head(0), [], known, day, "en").layout.annotations
    ]
    assert "Tempo day: white" in texts


def test_the_temperature_chart_says_its_days_the_way_words_does():
    import datetime as dt

    import polars as pl

    import words
    from app.explorer_figures import DAY_FORMAT

    days = pl.Series([dt.date(2024, 5, 9), dt.date(2024, 12, 25)])
    for lang in ("fr", "en"):
        shown = days.dt.strftime(DAY_FORMAT[lang]).to_list()
        assert shown == [words.day(d, lang=lang) for d in days]
