"""Running the fuzz inputs and checking what they left (tests/ingest/test_fuzz.py).

Each input is imported by the command line's ``main`` in one of :data:`RUNNERS` runner
subprocesses (tests/fuzz_runner.py) into its own copy of a base store; the checks compare
each store with what the case's ``expect`` allows (tests/fuzz_inputs/cases.py).
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl
from polars.testing import assert_frame_equal

from ingest import Store, read_export
from ingest.privacy import FORMULA
from ingest.schema import SORT, TABLES, validate
from tests.conftest import DATA, ROOT

if TYPE_CHECKING:
    from tests.fuzz_inputs import Case

BASE_SEED = DATA / "enedis_portal_csv" / "curve_lf_no_bom.csv"
"""The base store every input is imported into holds this file (the meter most seeds name)."""
RUNNERS = 2
"""Runner processes side by side (the machine's cores)."""
RUNNER_TIMEOUT = 600
"""The most one runner may take before the suite calls it hung. [s]"""
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "POLARS_MAX_THREADS": "2"}


@dataclass(frozen=True)
class Fuzz:
    """The inputs written, the base store's snapshot, and what each run gave."""

    root: Path
    base: dict[str, str]
    results: dict[str, dict[str, Any]]
    paths: dict[str, Path]
    stores: dict[str, Path]


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` and the SHA-256 of its bytes."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def tables(store: Path) -> dict[str, pl.DataFrame]:
    """Every canonical table of a store, sorted by its key."""
    s = Store(store)
    scans = {"curve": s.curve, "daily": s.daily, "peaks": s.peaks, "periods": s.periods}
    scans["registers"] = s.registers
    return {t: scans[t]().collect().sort(SORT[t]) for t in TABLES}


def run_all(jobs: list[dict[str, Any]], root: Path) -> dict[str, dict[str, Any]]:
    """Run the jobs in :data:`RUNNERS` runner processes; a job that kills its runner is
    recorded as such and the runner restarted on the rest."""
    results: dict[str, dict[str, Any]] = {}
    pending = [jobs[i::RUNNERS] for i in range(RUNNERS)]
    round_ = 0
    while any(pending):
        procs = []
        for i, part in enumerate(pending):
            if not part:
                continue
            spec, out = root / f"jobs-{round_}-{i}.json", root / f"results-{round_}-{i}.jsonl"
            spec.write_text(json.dumps(part), "utf-8")
            cmd = [sys.executable, str(ROOT / "tests" / "fuzz_runner.py"), str(spec), str(out)]
            procs.append((i, out, subprocess.Popen(cmd, env=ENV, cwd=ROOT)))
        for i, out, proc in procs:
            code = proc.wait(timeout=RUNNER_TIMEOUT)
            done = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
            results.update((r["id"], r) for r in done)
            rest = pending[i][len(done) :]
            if code != 0 and rest:  # the first job not done killed the runner
                results[rest[0]["id"]] = {"id": rest[0]["id"], "exit": f"runner died ({code})"}
                rest = rest[1:]
            pending[i] = rest
        round_ += 1
    return results


def run_fuzz(root: Path, cases: list[Case]) -> Fuzz:
    """Write every case's input and base-store copy under ``root``, and run them all."""
    base = root / "base"
    Store(base).add(read_export(BASE_SEED))
    paths, stores, jobs = {}, {}, []
    for n, case in enumerate(cases):
        path = root / "in" / str(n) / case.name
        path.parent.mkdir(parents=True)
        path.write_bytes(case.make())
        store = root / "stores" / str(n)
        shutil.copytree(base, store)
        paths[case.id], stores[case.id] = path, store
        argv = [str(path), *case.args]
        jobs.append({"id": case.id, "argv": argv, "store": str(store), "export": case.export_csv})
    return Fuzz(root, snapshot(base), run_all(jobs, root), paths, stores)


def reference(fuzz: Fuzz, case: Case) -> tuple[int, dict[str, pl.DataFrame]]:
    """The seed's own outcome: its exit status and the tables it left (base's if refused)."""
    if case.seed is None:
        return 1, tables(fuzz.root / "base")
    original = f"{case.seed}:original"
    code = fuzz.results[original]["exit"]
    return code, tables(fuzz.stores[original] if code == 0 else fuzz.root / "base")


def _allowed(fuzz: Fuzz, case: Case) -> dict[str, pl.DataFrame]:
    """The rows a part of the seed may leave: the seed's import's, or the base store's
    (where the seed replaced a base row, a cut seed may leave the base one)."""
    ref, base = reference(fuzz, case)[1], tables(fuzz.root / "base")
    return {t: pl.concat([ref[t], base[t]]).unique() for t in TABLES}


def _extra(got: pl.DataFrame, ref: pl.DataFrame) -> pl.DataFrame:
    """The rows of ``got`` that ``ref`` does not hold (every column compared)."""
    return got.join(ref, on=got.columns, how="anti", nulls_equal=True)


def _years(frame: pl.DataFrame) -> set[int]:
    when = next(c for c in ("start", "at", "day") if c in frame.columns)
    return set(frame[when].dt.year().to_list())


INFERRED_TIMES = {
    "teleinfomqtt_historic_dump.txt": "a historic capture without receive times: each "
    "frame's time is --start plus the bytes before it at 1200 Bd, so a BOM or a newline "
    "more moves every time by ~8 ms"
}
"""Seeds whose times depend on the byte count: the same data is the same within 1 s."""


def _seconds(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with every time as seconds since 1970 (floats), to compare within 1 s."""
    times = [c for c, t in frame.schema.items() if isinstance(t, pl.Datetime)]
    return frame.with_columns(pl.col(c).dt.epoch("us") / 1e6 for c in times)


def check_stored(fuzz: Fuzz, case: Case) -> None:
    """On exit 0: the store is canonical and holds what ``case.expect`` allows."""
    got = tables(fuzz.stores[case.id])
    for name, frame in got.items():
        validate(frame, name)  # columns, types, no nulls, no duplicate keys, values in range
    if case.expect == "well-formed":
        return
    code, ref = reference(fuzz, case)
    assert not (case.expect == "same" and code != 0), "the seed is refused: so must this be"
    if case.expect in ("same", "same-or-refused"):
        for name in TABLES:
            if case.name in INFERRED_TIMES:
                assert_frame_equal(_seconds(got[name]), _seconds(ref[name]), abs_tol=1.0)
            else:
                assert_frame_equal(got[name], ref[name], check_exact=True)
        return
    if case.name in INFERRED_TIMES:
        return  # a part of the capture has other times: well-formed is all one can ask
    allowed = _allowed(fuzz, case)
    for name in TABLES:
        extra = _extra(got[name], allowed[name])
        if name == "peaks":  # a day's maximum over part of the seed's day may be lower
            extra = _extra(got[name].drop("va", "at"), allowed[name].drop("va", "at"))
        if case.expect == "year":
            assert _years(extra) <= case.years, f"{name}: rows the seed does not hold:\n{extra}"
        else:
            assert extra.height == 0, f"{name}: rows the seed does not hold:\n{extra}"


def check_export(result: dict[str, Any]) -> None:
    """The pseudonymised CSV export exits 0 and no cell would run as a formula."""
    assert result["export_exit"] == 0, result["export_stderr"]
    for path in sorted(Path(result["export"]).rglob("*.csv")):
        with path.open(encoding="utf-8", newline="") as f:
            cells = [cell for row in csv.reader(f) for cell in row]
        live = [cell for cell in cells if re.match(FORMULA, cell)]
        assert not live, f"{path.name}: cells a spreadsheet would run: {live[:5]}"
