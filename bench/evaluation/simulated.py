"""Analysis against the simulated households' ground truth.

Anomaly recall and precision (a detection matches a label of a compatible kind whose
period it overlaps, a day either side allowed), always-on load error [W] (against the
mean always-on load outside the labelled temporary steps), and how often a
water heater switched at off-peak start is found. Targets of the analysis issue: recall
≥ 0.9, precision ≥ 0.8, |always-on error| ≤ 10 W, water heater found in ≥ 90 % of homes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl

from analysis.curve import number
from analysis.report import Settings, analyse
from bench.common import Result
from bench.evaluation.matching import matches
from sample_loadcurves.archetypes import ARCHETYPES
from sample_loadcurves.simulate import Household, simulate


@dataclass(frozen=True)
class Scores:
    """Evaluation figures over a set of households."""

    households: int
    labels: int
    detections: int
    recall: float
    precision: float
    baseload_errors_w: list[float]
    heaters: int
    heaters_found: int
    missed: list[dict[str, Any]]
    false: list[dict[str, Any]]


def evaluate(households: int = 36, *, seed: int = 11, year: int = 2024) -> Scores:
    """Simulate ``households`` (archetypes in turn), analyse each, score against the truth."""
    labels = detections = matched_labels = matched_detections = 0
    base_err: list[float] = []
    heaters = heaters_found = 0
    missed: list[dict[str, Any]] = []
    false: list[dict[str, Any]] = []
    for i in range(households):
        a = ARCHETYPES[i % len(ARCHETYPES)]
        sim = simulate(Household(a, f"99{i:012d}", year, seed * 7919 + i))
        hc = ",".join(f"{s}-{e}" for s, e in a.hc)
        report = analyse(sim.curve(), settings=Settings(kva=a.kva, option=a.option, off_peak=hc))
        truth = [
            {**x, "s": dt.date.fromisoformat(x["start"]), "e": dt.date.fromisoformat(x["end"])}
            for x in sim.anomalies
        ]
        found = report.anomalies
        labels += len(truth)
        detections += len(found)
        for t in truth:
            if any(matches(f, t) for f in found):
                matched_labels += 1
            else:
                missed.append({"household": a.id, "kind": t["kind"], "start": t["start"]})
        for f in found:
            if any(matches(f, t) for t in truth):
                matched_detections += 1
            else:
                false.append({"household": a.id, "kind": f.kind, "start": f.start.isoformat()})
        # The household's always-on load is its level outside the labelled temporary
        # steps, which the analysis reports on their own (as baseload_step anomalies).
        normal = sim.daily
        for t in truth:
            if t["kind"] == "baseload_step":
                normal = normal.filter(~pl.col("day").is_between(t["s"], t["e"], closed="left"))
        base_err.append(report.baseload_w - number(normal["always_on_w"].mean()))
        if a.water_heater_kw and a.water_heater_start is None:
            heaters += 1
            heaters_found += report.water_heater.found
    return Scores(
        households,
        labels,
        detections,
        matched_labels / max(labels, 1),
        matched_detections / max(detections, 1),
        base_err,
        heaters,
        heaters_found,
        missed,
        false,
    )


def run_simulated(*, households: int = 72) -> list[Result]:
    """The evaluation on simulated households as benchmark rows."""
    s = evaluate(households)
    worst = float(np.max(np.abs(s.baseload_errors_w)))
    return [
        Result(
            f"simulated: anomaly recall, {s.labels} labels in {s.households} households",
            s.recall,
            "labels",
            1.0,
            0.9,
            "absolute_min",
            unit="",
        ),
        Result(
            f"simulated: anomaly precision, {s.detections} detections",
            s.precision,
            "detections",
            1.0,
            0.85,
            "absolute_min",
            unit="",
        ),
        Result(
            "always-on load, worst household error",
            worst,
            "truth",
            0.0,
            10.0,
            "absolute_max",
            unit="W",
        ),
        Result(
            f"water heater on off-peak found, {s.heaters} homes",
            s.heaters_found / max(s.heaters, 1),
            "homes",
            1.0,
            0.9,
            "absolute_min",
            unit="",
        ),
    ]
