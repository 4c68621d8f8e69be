"""The shipped sample households: importable, plausible, exact, reproducible."""

import datetime as dt
import json

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from ingest import read_export
from sample_loadcurves.archetypes import ARCHETYPES, BY_ID
from sample_loadcurves.households import SHIPPED, generate, shipped_households, write_household
from sample_loadcurves.simulate import COMPONENTS, Household, simulate

IDS = [a.id for a in ARCHETYPES]


def exports(archetype_id: str):
    return sorted((SHIPPED / archetype_id).glob("Enedis_*.csv"))


def labelled_days(archetype_id: str, kinds: set[str]) -> set[dt.date]:
    about = json.loads((SHIPPED / archetype_id / "household.json").read_text())
    days: set[dt.date] = set()
    for a in about["anomalies"]:
        if a["kind"] in kinds:
            d, end = dt.date.fromisoformat(a["start"]), dt.date.fromisoformat(a["end"])
            while d < end:
                days.add(d)
                d += dt.timedelta(days=1)
    return days


def test_at_least_six_archetypes_each_shipped():
    assert len(ARCHETYPES) >= 6
    for a in ARCHETYPES:
        assert exports(a.id), a.id
        assert (SHIPPED / a.id / "truth.parquet").exists()


@pytest.mark.parametrize("archetype_id", IDS)
def test_imports_with_no_unexpected_note(archetype_id):
    for path in exports(archetype_id):
        export = read_export(path)
        assert export.format == "enedis-portal-csv"
        assert not export.skipped()
        assert {n.kind for n in export.notes} == {"inferred"}
        assert export.meter.startswith("99")


@pytest.mark.parametrize("archetype_id", IDS)
def test_file_equals_truth_and_components_add_up(archetype_id):
    truth = pl.read_parquet(SHIPPED / archetype_id / "truth.parquet")
    consumption = next(p for p in exports(archetype_id) if "_Conso_" in p.name)
    curve = read_export(consumption).curve
    reported = truth.filter(pl.col("reported_wh").is_not_null())
    assert_frame_equal(
        curve.select("start", "end", wh="wh"), reported.select("start", "end", wh="reported_wh")
    )
    # Components add up to what the meter reports, except on labelled zero days / gaps.
    broken = labelled_days(archetype_id, {"zero_day", "gap"})
    local_day = pl.col("start").dt.convert_time_zone("Europe/Paris").dt.date()
    ok = truth.filter(~local_day.is_in(list(broken)))
    total = ok.select(pl.sum_horizontal(list(COMPONENTS))).to_series()
    assert (total - ok["reported_wh"]).abs().max() < 1e-6
    assert (
        ok.select(pl.min_horizontal([c for c in COMPONENTS if c != "pv_self_consumed"]))
        .min()
        .item()
        >= 0
    )


@pytest.mark.parametrize("archetype_id", IDS)
def test_curves_are_plausible_for_their_archetype(archetype_id):
    ranges = BY_ID[archetype_id].ranges
    truth = pl.read_parquet(SHIPPED / archetype_id / "truth.parquet")
    daily_truth = pl.read_parquet(SHIPPED / archetype_id / "truth_daily.parquet")
    kwh = truth["reported_wh"].sum() / 1000
    assert ranges.annual_kwh[0] <= kwh <= ranges.annual_kwh[1]
    base = daily_truth["always_on_w"].mean()
    assert ranges.baseload_w[0] <= base <= ranges.baseload_w[1]
    daily = truth.group_by(day=pl.col("start").dt.convert_time_zone("Europe/Paris").dt.date()).agg(
        pl.col("reported_wh").sum()
    )
    month = pl.col("day").dt.month()
    winter = daily.filter(month.is_in([12, 1, 2]))["reported_wh"].mean()
    summer = daily.filter(month.is_in([6, 7, 8]))["reported_wh"].mean()
    assert ranges.winter_summer[0] <= winter / summer <= ranges.winter_summer[1]
    peak_kw = truth["reported_wh"].max() * 2 / 1000
    assert ranges.peak_kw[0] <= peak_kw <= ranges.peak_kw[1]
    production = truth["production_wh"].sum() / 1000
    assert ranges.production_kwh[0] <= production <= ranges.production_kwh[1]


def test_dst_days_in_the_shipped_year():
    curve = read_export(exports("maison_electrique")[0]).curve
    per_day = dict(
        curve.group_by(pl.col("start").dt.convert_time_zone("Europe/Paris").dt.date())
        .len()
        .iter_rows()
    )
    assert per_day[dt.date(2024, 3, 31)] == 46
    assert per_day[dt.date(2024, 10, 27)] == 50


def test_pv_home_has_a_production_curve():
    production = next(p for p in exports("autoconsommation_solaire") if "_Prod_" in p.name)
    export = read_export(production)
    assert export.curve["direction"].unique().to_list() == ["production"]
    noon = export.curve.filter(pl.col("start").dt.convert_time_zone("Europe/Paris").dt.hour() == 13)
    night = export.curve.filter(pl.col("start").dt.convert_time_zone("Europe/Paris").dt.hour() == 2)
    assert noon["wh"].mean() > 100
    assert night["wh"].max() == 0


def test_every_anomaly_is_labelled_with_kind_period_size():
    kinds = set()
    for a in ARCHETYPES:
        about = json.loads((SHIPPED / a.id / "household.json").read_text())
        for label in about["anomalies"]:
            assert set(label) == {"kind", "start", "end", "size", "unit", "description"}
            assert label["start"] < label["end"]
            kinds.add(label["kind"])
    assert kinds == {
        "baseload_step",
        "heating_during_absence",
        "water_heater_in_hp",
        "spike_day",
        "gap",
        "zero_day",
    }


def test_a_seed_reproduces_the_shipped_files_byte_for_byte(tmp_path):
    for h in shipped_households()[:2]:
        for path in write_household(simulate(h), tmp_path / h.archetype.id):
            assert path.read_bytes() == (SHIPPED / h.archetype.id / path.name).read_bytes(), path


def test_ten_minute_step_on_request():
    sim = simulate(Household(ARCHETYPES[0], "99000000000009", 2023, 7), minutes=10)
    steps = (sim.truth["end"] - sim.truth["start"]).dt.total_minutes().unique().to_list()
    assert steps == [10]
    assert sim.truth.height == 365 * 144


def test_research_generator_writes_canonical_parquet(tmp_path):
    done = generate(tmp_path, households=7, years=2, seed=3)
    assert done["household_years"] == 14
    curve = pl.read_parquet(tmp_path / "curve")
    assert curve.schema == pl.Schema(dict(read_export(exports("appartement_gaz")[0]).curve.schema))
    assert curve["meter"].n_unique() == 7
    assert pl.read_parquet(tmp_path / "households.parquet").height == 7
    labels = pl.read_parquet(tmp_path / "anomalies.parquet")
    assert labels["kind"].n_unique() >= 4
    again = tmp_path / "again"
    generate(again, households=7, years=2, seed=3)
    assert_frame_equal(pl.read_parquet(again / "curve"), curve)


def test_a_simulated_year_has_the_weather_the_analysis_reads_for_it():
    """2024 lacks 11 month ends in the reference: the year was once simulated on 2019's
    weather, so a simulated home heated in April 2024's warm spell and not in its cold."""
    from analysis.reference import normals, temperatures
    from sample_loadcurves.year_calendar import calendar

    cal = calendar(2024)
    simulated = pl.DataFrame({"day": cal.days, "sim": cal.tmean})
    ref = temperatures().select("day", "tmean_c")
    both = simulated.join(ref, on="day", how="left")
    measured = both.filter(pl.col("tmean_c").is_not_null())
    assert measured.height == 355
    assert (measured["sim"] - measured["tmean_c"]).abs().max() == 0
    gaps = both.filter(pl.col("tmean_c").is_null()).with_columns(
        month=pl.col("day").dt.month(), dom=pl.col("day").dt.day()
    )
    normal = gaps.join(normals(), on=["month", "dom"])
    assert normal.height == 11
    assert (normal["sim"] - normal["normal_c"]).abs().max() == 0
    # A year the reference does not hold borrows one whole year's weather.
    later = calendar(2031).tmean
    assert len(later) == 365
    assert not any(t != t for t in later)
