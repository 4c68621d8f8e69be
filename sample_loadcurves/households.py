"""The shipped sample households, and the researchers' bulk generator.

``ship()`` writes one year (2024) of each archetype into ``sample_loadcurves/households/``
in the real export format, with its ground truth; ``generate()`` writes many households
for research, as canonical Parquet or straight into a Courbe store.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import polars as pl

from ingest import Export, Store
from sample_loadcurves.archetypes import ARCHETYPES
from sample_loadcurves.simulate import COMPONENTS, Household, Simulation, simulate
from sample_loadcurves.writers import enedis_portal_csv

if TYPE_CHECKING:
    from collections.abc import Iterator

SHIPPED = Path(__file__).parent / "households"
SHIP_YEAR = 2024
SHIP_SEED = 2024


def shipped_households() -> list[Household]:
    """The six shipped households, one per archetype."""
    return [
        Household(a, meter=f"990000000000{i + 1:02d}", year=SHIP_YEAR, seed=SHIP_SEED + i)
        for i, a in enumerate(ARCHETYPES)
    ]


def _parquet(frame: pl.DataFrame, path: Path) -> None:
    frame.write_parquet(path, compression="zstd", statistics=False)


def write_household(sim: Simulation, folder: Path) -> list[Path]:
    """Write one household's export file(s) and ground truth into ``folder``."""
    h = sim.household
    folder.mkdir(parents=True, exist_ok=True)
    first = dt.date(h.year, 1, 1)
    end = dt.date(h.year + 1, 1, 1)
    curve = sim.curve()
    written = []
    for direction, kind in (("consumption", "Conso"), ("production", "Prod")):
        part = curve.filter(pl.col("direction") == direction)
        if part.height == 0:
            continue
        name = f"Enedis_{kind}_Heure_{first:%Y%m%d}-{end:%Y%m%d}_{h.meter}.csv"
        (folder / name).write_bytes(
            enedis_portal_csv(part, meter=h.meter, first_day=first, end_day=end)
        )
        written.append(folder / name)
    _parquet(sim.truth, folder / "truth.parquet")
    _parquet(sim.daily, folder / "truth_daily.parquet")
    about = {
        "meter": h.meter,
        "year": h.year,
        "seed": h.seed,
        "archetype": asdict(h.archetype),
        "components": list(COMPONENTS),
        "anomalies": sim.anomalies,
        "absences": _absences(sim),
    }
    (folder / "household.json").write_text(json.dumps(about, ensure_ascii=False, indent=1) + "\n")
    return [
        *written,
        folder / "truth.parquet",
        folder / "truth_daily.parquet",
        folder / "household.json",
    ]


def _absences(sim: Simulation) -> list[dict[str, str]]:
    runs = (
        sim.daily.with_columns(run=pl.col("absent").rle_id())
        .filter(pl.col("absent"))
        .group_by("run")
        .agg(start=pl.col("day").min(), end=pl.col("day").max() + dt.timedelta(days=1))
        .sort("start")
    )
    return [
        {"start": s.isoformat(), "end": e.isoformat()}
        for s, e in runs.select("start", "end").iter_rows()
    ]


def ship(folder: Path = SHIPPED) -> list[Path]:
    """(Re)write the shipped sample households."""
    if folder.exists():
        shutil.rmtree(folder)
    written: list[Path] = []
    for h in shipped_households():
        written += write_household(simulate(h), folder / h.archetype.id)
    return written


def generate(
    out: Path,
    *,
    households: int,
    years: int,
    seed: int,
    minutes: int = 30,
    batch: int = 100,
    into: Literal["parquet", "store"] = "parquet",
) -> dict[str, int]:
    """Write ``households`` × ``years`` simulated household-years, with their ground truth.

    Layout: ``curve/part-NNNNN.parquet`` (canonical ``curve``), ``truth/part-NNNNN.parquet``
    (per interval: meter and each component [Wh]), ``truth_daily/…`` (true always-on load),
    ``anomalies.parquet`` and ``households.parquet`` (archetype and parameters).
    With ``into="store"``, ``out`` is a Courbe store instead (:class:`ingest.Store`, one
    import per household, all its years, the whole cohort in one commit:
    :meth:`ingest.Store.add_many`) and the ground truth the same files beside it:
    ``truth/``, ``truth_daily/``, ``anomalies.parquet``, ``households.parquet``.
    Household ``i`` has archetype ``i mod 6`` and seed ``seed * 1_000_003 + i``.
    """
    for sub in ("curve", "truth", "truth_daily") if into == "parquet" else ("truth", "truth_daily"):
        (out / sub).mkdir(parents=True, exist_ok=True)
    store = Store(out) if into == "store" else None
    labels: list[dict[str, object]] = []
    people: list[dict[str, object]] = []
    rows = 0
    part = 0
    curves: list[pl.DataFrame] = []
    truths: list[pl.DataFrame] = []
    dailies: list[pl.DataFrame] = []

    def flush() -> None:
        nonlocal part, curves, truths, dailies
        if not truths:
            return
        name = f"part-{part:05d}.parquet"
        if store is None:
            _parquet(pl.concat(curves), out / "curve" / name)
        _parquet(pl.concat(truths), out / "truth" / name)
        _parquet(pl.concat(dailies), out / "truth_daily" / name)
        part += 1
        curves, truths, dailies = [], [], []

    last_year = 2024

    def simulated() -> Iterator[tuple[str, pl.DataFrame]]:
        """Each household's meter and curve (all its years); its truth kept for the parts."""
        nonlocal rows
        for i in range(households):
            archetype = ARCHETYPES[i % len(ARCHETYPES)]
            meter = f"99{i:012d}"
            people.append(
                {
                    "meter": meter,
                    "archetype": archetype.id,
                    "kva": archetype.kva,
                    "option": archetype.option,
                }
            )
            household: list[pl.DataFrame] = []
            for year in range(last_year - years + 1, last_year + 1):
                sim = simulate(
                    Household(archetype, meter, year, seed * 1_000_003 + i * 97 + year),
                    minutes=minutes,
                )
                curve = sim.curve()
                household.append(curve)
                truths.append(sim.truth.with_columns(meter=pl.lit(meter)))
                dailies.append(sim.daily.with_columns(meter=pl.lit(meter)))
                labels.extend({"meter": meter, **a} for a in sim.anomalies)
                rows += curve.height
            yield meter, pl.concat(household)
            if (i + 1) % batch == 0:
                flush()

    if store is None:
        for _, curve in simulated():
            curves.append(curve)
    else:
        # One commit for the whole cohort: a commit per household rewrote a manifest that
        # grows with the store, and 10,000 households took 1 h 35 min instead of minutes.
        how = f"{seed} {years} {minutes}"
        store.add_many(_simulated_export(meter, curve, how) for meter, curve in simulated())
    flush()
    anomaly_schema = {
        "meter": pl.String,
        "kind": pl.String,
        "start": pl.String,
        "end": pl.String,
        "size": pl.Float64,
        "unit": pl.String,
        "description": pl.String,
    }
    _parquet(pl.DataFrame(labels, schema=anomaly_schema), out / "anomalies.parquet")
    _parquet(pl.DataFrame(people), out / "households.parquet")

    return {"households": households, "household_years": households * years, "rows": rows}


def _simulated_export(meter: str, curve: pl.DataFrame, how: str) -> Export:
    """One simulated household as an export of format ``simulated``, for the store.

    There is no file to hash: the import log's digest is that of the household's meter and
    the generator's settings (``how``), so two generated households never look like one file.
    """
    digest = hashlib.sha256(f"sample_loadcurves {meter} {how}".encode()).hexdigest()
    return Export(
        name=f"simulated household {meter}",
        format="simulated",
        meter=meter,
        curve=curve,
        digest=digest,
    )
