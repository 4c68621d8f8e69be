"""The ground-truth evaluations stay runnable; their figures are reported by python -m bench."""

import numpy as np
import polars as pl
import pytest

from analysis.curve import daily, prepare
from bench import evaluation
from bench import real_backgrounds as rb
from bench.evaluation import evaluate
from tests.conftest import real_export_dir


def test_evaluation_scores_a_few_households():
    s = evaluate(6)
    assert s.households == 6
    assert s.labels > 0
    assert 0 <= s.recall <= 1
    assert 0 <= s.precision <= 1
    assert len(s.baseload_errors_w) == 6
    assert s.heaters == 4


def test_the_real_evaluation_is_skipped_with_a_message_without_the_files(
    monkeypatch, tmp_path, capsys
):
    monkeypatch.setattr(rb, "REAL_EXPORTS", tmp_path)
    assert evaluation.run_real() == []
    assert "real backgrounds skipped" in capsys.readouterr().err


@pytest.mark.real
def test_events_injected_into_a_real_curve_do_what_their_labels_say():
    real_export_dir("enedis_portal_csv")
    bg = rb.load("edfcomparateur 2022-23")
    curve, labels = rb.inject(bg, np.random.default_rng(7), heater=True)
    assert sorted(t["kind"] for t in labels) == sorted([*rb.KINDS, "water_heater_in_hp"])
    by = {t["kind"]: t for t in labels}
    before = daily(prepare(bg.curve)).select("day", before="kwh")
    after = daily(prepare(curve)).join(before, on="day", how="left")

    def days(t: dict) -> pl.Expr:
        return pl.col("day").is_between(t["s"], t["e"], closed="left")

    zero = after.filter(days(by["zero_day"]))
    assert zero["kwh"].to_list() == [0.0]
    gap = by["gap"]
    assert after.filter(days(gap))["coverage"].min() < 1
    step = after.filter(days(by["baseload_step"]))
    # The step adds its watts on every day; the water heater adds 3-5 kWh a day besides.
    extra = (step["kwh"] - step["before"]).to_numpy()
    assert np.all(extra >= by["baseload_step"]["size"] * 24 / 1000 - 1e-6)
    spike = after.filter(days(by["spike_day"]))
    added = float((spike["kwh"] - spike["before"]).item())
    assert by["spike_day"]["size"] - 1e-6 <= added <= by["spike_day"]["size"] + 5.0
    # Nobody home: each interval is the night floor plus what was left on, ±5 %.
    a = by["heating_during_absence"]
    inside = prepare(curve).filter(pl.col("day").is_between(a["s"], a["e"], closed="left"))
    spread = inside.group_by("day").agg(r=pl.col("w").max() / pl.col("w").min())
    assert spread["r"].max() <= 1.05 / 0.95 + 1e-9
    assert spread.height == (a["e"] - a["s"]).days
