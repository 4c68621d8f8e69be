"""Analysis against the simulated households' ground truth.

Anomaly recall and precision (a detection matches a label of a compatible kind whose
period it overlaps, a day either side allowed), always-on load error [W] (against the
mean always-on load outside the labelled temporary steps), and how often a
water heater switched at off-peak start is found. Targets of the analysis issue: recall
≥ 0.9, precision ≥ 0.8, |always-on error| ≤ 10 W, water heater found in ≥ 90 % of homes.
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import polars as pl

from analysis.curve import number
from analysis.report import Settings, analyse
from bench.common import Result
from sample_loadcurves.archetypes import ARCHETYPES
from sample_loadcurves.simulate import Household, simulate

if TYPE_CHECKING:
    from analysis.anomalies import Anomaly

COMPATIBLE: dict[str, set[str]] = {
    "spike_day": {"unusual_day"},
    "baseload_step": {"baseload_step"},
    "heating_during_absence": {"absence_consumption", "unusual_day"},
    "water_heater_in_hp": {"water_heater_peak"},
    "gap": {"gap"},
    "zero_day": {"zero_day"},
}
TOLERANCE = dt.timedelta(days=1)


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


def _overlap(a_start: dt.date, a_end: dt.date, b_start: dt.date, b_end: dt.date) -> bool:
    return a_start < b_end + TOLERANCE and b_start < a_end + TOLERANCE


def _matches(found: Anomaly, label: dict[str, Any]) -> bool:
    """A detection of a compatible kind whose period overlaps the label's."""
    return found.kind in COMPATIBLE[label["kind"]] and _overlap(
        found.start, found.end, label["s"], label["e"]
    )


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
            if any(
                f.kind in COMPATIBLE[t["kind"]] and _overlap(f.start, f.end, t["s"], t["e"])
                for f in found
            ):
                matched_labels += 1
            else:
                missed.append({"household": a.id, "kind": t["kind"], "start": t["start"]})
        for f in found:
            if any(
                f.kind in COMPATIBLE[t["kind"]] and _overlap(f.start, f.end, t["s"], t["e"])
                for t in truth
            ):
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


def run(*, households: int = 72) -> list[Result]:
    """Both evaluations as benchmark rows: simulated households, then real backgrounds.

    The simulated targets are the analysis issue's, precision raised to issue 15's 0.85.
    """
    return run_simulated(households=households) + run_real()


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


REAL_SETTINGS = Settings(kva=9, option="hphc", off_peak="22:00-06:00")
"""The contract assumed for the real households (the injected water heater runs at 22:00)."""
REAL_SEEDS = tuple(range(1, 21))
"""The seeds of the real evaluation. Detectors were changed while watching seeds 1-5;
seeds 6-10 were held out (but seen in the figures of later rounds); seeds 11-20 were first
scored on 2026-12-03, after that day's changes. Each group is also reported on its own,
so a threshold fitted to the watched seeds shows as a gap between them."""
HELD_OUT = frozenset(range(6, 11))
FRESH = frozenset(range(11, 21))
REAL_COPIES = 3
"""Copies of each real curve per seed, each with one event of every kind (the injected
water heater in the first copy only, as it adds a heater to the household)."""
REAL_MAX_FLAGS_PER_YEAR = 6.0
"""At most this many flags per untouched real household-year (issue 15)."""


@dataclass(frozen=True)
class Verified:
    """A flag on an untouched real curve that the curve itself shows to be real."""

    file: str
    kind: str
    first: dt.date
    last: dt.date
    evidence: str


VERIFIED: tuple[Verified, ...] = (
    *(
        Verified(
            f,
            "unusual_day",
            dt.date(2023, 10, 30),
            dt.date(2023, 10, 31),
            "25.4 and 25.1 kWh against 11.9 and 12.5 kWh on comparable days (2.1x), "
            "appliances on all day long, a 3.9 kW block 13:00-15:30 on the 31st",
        )
        for f in ("guiedf 2023-24", "guiedf 2022-24 (mixed step)")
    ),
    *(
        Verified(
            f,
            "unusual_day",
            dt.date(2024, 5, 12),
            dt.date(2024, 5, 12),
            "37.2 kWh against about 10: the night charge (3.8 kW, 00:00-06:00) and a "
            "second 2.3-3.9 kW block 07:00-09:00",
        )
        for f in ("guiedf 2023-24", "guiedf 2022-24 (mixed step)")
    ),
    Verified(
        "guiedf 2022-24 (mixed step)",
        "unusual_day",
        dt.date(2023, 6, 20),
        dt.date(2023, 6, 20),
        "17.7 kWh against 9.3-13.9 on the days around it: 10:30-16:30 at a median "
        "1.6 kW (up to 3.7) where the days before and after sit at 0.4-0.5 kW",
    ),
    Verified(
        "solarcalculet R63 2023",
        "unusual_day",
        dt.date(2023, 7, 28),
        dt.date(2023, 7, 30),
        "64.5, 48.2 and 52.3 kWh against 23.5-24.2 on comparable days (2-2.7x), 3-5 kW "
        "for hours on end",
    ),
    Verified(
        "solarcalculet R63 2023",
        "baseload_step",
        dt.date(2023, 5, 22),
        dt.date(2023, 7, 21),
        "the day floor goes from 550-700 W (March-May) to 1100-1200 W in June-July "
        "while the French mean is above 20 °C: the home cools (named cooling)",
    ),
    Verified(
        "solarcalculet R63 2023",
        "baseload_step",
        dt.date(2023, 8, 21),
        dt.date(2023, 9, 12),
        "the floor rises by 300-860 W in the heat waves of 18-24 August and 4-11 "
        "September 2023 (named cooling)",
    ),
)
"""Flags on the untouched real curves shown real from the curve; every other flag raised
on an untouched curve counts as a false positive."""


@dataclass(frozen=True)
class RealScores:
    """The evaluation on real backgrounds, for one seed."""

    seed: int
    labels: int
    detections: int
    recall: float
    precision: float
    """Detections matching an injected event, a real gap or a :data:`VERIFIED` flag."""
    strict_precision: float
    """Detections matching an injected event or a real gap only."""
    per_kind: dict[str, tuple[int, int]]
    """Per injected kind: (found, injected)."""
    per_file: dict[str, tuple[float, float]]
    """Per real file: (recall, precision)."""
    missed: list[dict[str, Any]]
    false: list[dict[str, Any]]


def _verified(name: str, found: Anomaly) -> Verified | None:
    return next(
        (
            v
            for v in VERIFIED
            if v.file == name
            and v.kind == found.kind
            and _overlap(found.start, found.end, v.first, v.last + dt.timedelta(days=1))
        ),
        None,
    )


def untouched_flags() -> dict[str, tuple[float, list[Anomaly]]]:
    """Per real file: its length [years] and the flags raised on the untouched curve."""
    from bench import real_backgrounds as rb

    out: dict[str, tuple[float, list[Anomaly]]] = {}
    for name in rb.FILES:
        report = analyse(rb.load(name).curve, settings=REAL_SETTINGS)
        out[name] = (report.years, report.anomalies)
    return out


def evaluate_real(seed: int) -> RealScores:
    """Inject events into copies of every real curve; score the detections."""
    from bench import real_backgrounds as rb

    labels = detections = matched_labels = matched = verified = 0
    per_kind: dict[str, list[int]] = {}
    per_file: dict[str, tuple[float, float]] = {}
    missed: list[dict[str, Any]] = []
    false: list[dict[str, Any]] = []
    for i, name in enumerate(rb.FILES):
        bg = rb.load(name)
        # Missing rows are a fact of the file: a real gap found is right.
        real_gaps = [
            a for a in analyse(bg.curve, settings=REAL_SETTINGS).anomalies if a.kind == "gap"
        ]
        f_labels = f_det = f_hit = f_ok = 0
        for copy in range(REAL_COPIES):
            rng = np.random.default_rng(seed * 1000 + i * 10 + copy)
            curve, truth = rb.inject(bg, rng, heater=copy == 0)
            found = analyse(curve, settings=REAL_SETTINGS).anomalies
            f_labels += len(truth)
            f_det += len(found)
            for t in truth:
                hit = any(_matches(f, t) for f in found)
                per_kind.setdefault(t["kind"], [0, 0])
                per_kind[t["kind"]][0] += hit
                per_kind[t["kind"]][1] += 1
                f_hit += hit
                if not hit:
                    missed.append(
                        {
                            "file": name,
                            "copy": copy,
                            "kind": t["kind"],
                            "start": str(t["s"]),
                            "end": str(t["e"]),
                            "size": round(float(t.get("size", 0.0)), 1),
                        }
                    )
            for f in found:
                real_gap = f.kind == "gap" and any(
                    _overlap(f.start, f.end, g.start, g.end) for g in real_gaps
                )
                if any(_matches(f, t) for t in truth) or real_gap:
                    f_ok += 1
                elif _verified(name, f) is not None:
                    f_ok += 1
                    verified += 1
                else:
                    false.append(
                        {
                            "file": name,
                            "copy": copy,
                            "kind": f.kind,
                            "start": f.start.isoformat(),
                            "size": round(f.size, 1),
                        }
                    )
        labels += f_labels
        detections += f_det
        matched_labels += f_hit
        matched += f_ok
        per_file[name] = (f_hit / max(f_labels, 1), f_ok / max(f_det, 1))
    return RealScores(
        seed,
        labels,
        detections,
        matched_labels / max(labels, 1),
        matched / max(detections, 1),
        (matched - verified) / max(detections, 1),
        {k: (v[0], v[1]) for k, v in per_kind.items()},
        per_file,
        missed,
        false,
    )


def run_real() -> list[Result]:
    """The evaluation on real backgrounds as benchmark rows.

    Across seeds, per kind, per file, and the flags on each untouched real year.
    """
    from bench import real_backgrounds as rb

    if not rb.available():
        print(
            f"evaluation on real backgrounds skipped: {rb.REAL_EXPORTS} not found", file=sys.stderr
        )
        return []
    scores = [evaluate_real(seed) for seed in REAL_SEEDS]
    rec = [s.recall for s in scores]
    pre = [s.precision for s in scores]
    strict = [s.strict_precision for s in scores]
    n_labels = sum(s.labels for s in scores)
    held_in = [s for s in scores if s.seed not in HELD_OUT | FRESH]
    held_out = [s for s in scores if s.seed in HELD_OUT]
    fresh = [s for s in scores if s.seed in FRESH]
    out = [
        Result(
            f"real: anomaly recall, mean of {len(scores)} seeds ({n_labels} events; "
            f"spread {min(rec):.3f}-{max(rec):.3f})",
            statistics.mean(rec),
            "events",
            1.0,
            0.9,
            "absolute_min",
            unit="",
        ),
        Result(
            f"real: anomaly precision, mean of {len(scores)} seeds "
            f"(spread {min(pre):.3f}-{max(pre):.3f})",
            statistics.mean(pre),
            "detections",
            1.0,
            0.85,
            "absolute_min",
            unit="",
        ),
        *(
            Result(
                f"real: anomaly recall, {label} (precision "
                f"{statistics.mean(s.precision for s in part):.3f})",
                statistics.mean(s.recall for s in part),
                "events",
                1.0,
                None,
                "absolute_min",
                unit="",
            )
            for label, part in (
                ("seeds watched while changing the detectors", held_in),
                ("held-out seeds 6-10", held_out),
                ("seeds 11-20, first scored after the last change", fresh),
            )
            if part
        ),
        Result(
            "real: precision counting the verified real flags as false "
            f"(spread {min(strict):.3f}-{max(strict):.3f})",
            statistics.mean(strict),
            "detections",
            1.0,
            None,
            "absolute_min",
            unit="",
        ),
    ]
    kinds = sorted({k for s in scores for k in s.per_kind})
    for k in kinds:
        found = sum(s.per_kind.get(k, (0, 0))[0] for s in scores)
        total = sum(s.per_kind.get(k, (0, 0))[1] for s in scores)
        out.append(
            Result(
                f"real: recall, {k} ({found}/{total})",
                found / max(total, 1),
                "events",
                1.0,
                None,
                "absolute_min",
                unit="",
            )
        )
    for name in rb.FILES:
        r = [s.per_file[name][0] for s in scores]
        p = [s.per_file[name][1] for s in scores]
        out.append(
            Result(
                f"real: {name}, recall (precision {statistics.mean(p):.3f}, "
                f"spread {min(p):.3f}-{max(p):.3f})",
                statistics.mean(r),
                "events",
                1.0,
                None,
                "absolute_min",
                unit="",
            )
        )
    for name, (years, flags) in untouched_flags().items():
        shown = ", ".join(
            f"{a.kind} {a.start:%Y-%m-%d}"
            + ("" if a.days <= 1 else f"+{a.days}d")
            + ("*" if a.kind == "gap" or _verified(name, a) else "")
            for a in flags
        )
        out.append(
            Result(
                f"real: flags per year on untouched {name} ({len(flags)} in "
                f"{years:.2f} y: {shown or 'none'}; * shown real)",
                len(flags) / max(years, 1e-9),
                "flags",
                0.0,
                REAL_MAX_FLAGS_PER_YEAR,
                "absolute_max",
                unit="/y",
            )
        )
    return out
