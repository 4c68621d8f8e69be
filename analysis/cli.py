"""``python -m analysis``: the whole report of one meter, as JSON or a short summary."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from analysis import assumptions, contract
from analysis.reference import read_temperature_file
from analysis.report import Report, analyse
from analysis.tariffs import (
    DEFAULT_HC,
    OFF_PEAK_SYNTAX,
    OPTIONS,
    OffPeak,
)
from analysis.tempo import estimated_label, read_tempo_file
from ingest import ExportError, Store, read_export
from ingest.privacy import mask_meter

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from analysis import distributed


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m analysis",
        description="What a household's load curve says. "
        "`python -m document --help`: the printable report.",
    )
    p.add_argument("--json", action="store_true", help="print the whole report as JSON")
    input_options(p)
    return p


def input_options(p: argparse.ArgumentParser) -> None:
    """``--lang`` and what to analyse: a file or the store, the meter, the contract, references.

    The options of ``python -m analysis`` that ``python -m document`` shares.
    """
    p.add_argument("--lang", choices=("fr", "en"), default="fr", help="language (fr)")
    src = p.add_mutually_exclusive_group()
    src.add_argument("file", nargs="?", type=Path, help="an export file (instead of the store)")
    src.add_argument("--store", type=Path, help="the store folder (default: $COURBE_HOME, ...)")
    p.add_argument("--meter", help="which meter, when the store holds several")
    p.add_argument("--kva", type=int, help="subscribed power (default: the store's, else 9)")
    p.add_argument(
        "--option", choices=OPTIONS, help="current option (default: the store's, else base)"
    )
    p.add_argument(
        "--hc",
        metavar="HOURS",
        help=f"{OFF_PEAK_SYNTAX} (default: the store's, else {DEFAULT_HC})",
    )
    p.add_argument(
        "--prices",
        choices=("latest", "dated"),
        default="latest",
        help="price every day at the grid in force today (latest), or at the grid in force "
        "that day (dated: a 2022 curve at 2022 prices)",
    )
    p.add_argument(
        "--tempo",
        type=Path,
        help="Tempo day colours: RTE's download, a CSV (date, colour) or api-couleur-tempo JSON",
    )
    p.add_argument(
        "--temperatures",
        type=Path,
        help="daily temperatures: ODRE regional CSV, Météo-France Q_… file, or date,mean CSV",
    )


def report_of(args: argparse.Namespace) -> Report:
    """The report for the command line's file or store and settings."""
    if args.hc:
        OffPeak.parse(args.hc)  # refused in one line before any file is read
    saved: dict[str, object] = {}
    tempo = temperatures = None
    if args.file is not None:
        export = read_export(args.file)
        curve, peaks, periods = export.curve, export.peaks, export.periods
    else:
        store = Store(args.store)
        curve, peaks = store.curve().collect(), store.peaks().collect()
        periods = store.periods().collect()
        saved = store.settings()
        tempo, temperatures = store.reference("tempo"), store.reference("temperatures")
    given = {"kva": args.kva, "option": args.option, "off_peak": args.hc, "prices": args.prices}
    chosen = contract.resolve(
        given=given,
        saved=saved,
        periods=periods,
        tempo=(tempo, read_tempo_file(args.tempo) if args.tempo else None),
        temperatures=(
            temperatures,
            read_temperature_file(args.temperatures) if args.temperatures else None,
        ),
    )
    if chosen.learned_off_peak:  # a TIC capture tells the hours the meter really applied
        print(f"off-peak hours learned from the meter: {chosen.learned_off_peak}", file=sys.stderr)
    if chosen.meter_colours:  # a TIC capture on Tempo tells the colour of each day it covers
        print(f"Tempo colours learned from the meter: {chosen.meter_colours} days", file=sys.stderr)
    return analyse(
        curve,
        meter=args.meter,
        peaks=peaks,
        settings=chosen.settings,
        tempo=chosen.tempo,
        temperatures=chosen.temperatures,
    )


def _cluster_options(p: argparse.ArgumentParser) -> None:
    """``--store``, ``--scheduler`` and ``--workers``: the commands over a whole store."""
    p.add_argument(
        "--store", help="the store: a folder or an fsspec URL (default: $COURBE_HOME, ...)"
    )
    p.add_argument(
        "--scheduler",
        help="run the per-meter tasks on Dask: 'local' (a cluster of --workers processes "
        "here) or a running scheduler's address (tcp://host:8786); default: this process",
    )
    p.add_argument(
        "--workers", type=int, help="with --scheduler local: how many (default: one per core)"
    )


def _cluster_args(p: argparse.ArgumentParser, argv: Sequence[str]) -> argparse.Namespace:
    from analysis import distributed  # Dask: only for the whole-store commands

    args = p.parse_args(argv)
    if args.workers is not None and (args.scheduler != distributed.LOCAL or args.workers < 1):
        p.error("--workers N (N ≥ 1) goes with --scheduler local")
    if args.store is None:
        args.store = str(Store().path)
    elif "://" not in args.store:
        args.store = str(Path(args.store).expanduser())
    return args


def _over_store(
    args: argparse.Namespace,
    run: Callable[[], tuple[distributed.Run[pl.DataFrame], str]],
    what: str,
) -> int:
    """Run a whole-store command: one line per failed meter, then what was written.

    ``run`` computes and writes, returning the run and the place written to. Exit 1 when
    the store holds no data, cannot be read or written, or a meter failed.
    """
    from analysis import distributed  # Dask: only for the whole-store commands

    try:
        if not distributed.partitions(args.store):
            print(f"error: the store {args.store} holds no data", file=sys.stderr)
            return 1
        done, out = run()
    except (distributed.PartitionError, OSError, pl.exceptions.PolarsError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for line in done.errors:
        print(f"error: {line}", file=sys.stderr)
    failed = f" ({len(done.errors)} failed)" if done.errors else ""
    print(f"{done.results[0].height} {what}{failed}: {out}")
    return 1 if done.errors else 0


def _cohort(argv: Sequence[str]) -> int:
    """``cohort``: per-household figures of a whole store, meter by meter, to Parquet."""
    from analysis import distributed  # Dask: only for the whole-store commands

    p = argparse.ArgumentParser(
        prog="python -m analysis cohort",
        description="Per-household figures over every meter of a store.",
    )
    _cluster_options(p)
    p.add_argument("--out", required=True, help="the Parquet file to write (or an fsspec URL)")
    args = _cluster_args(p, argv)

    def run() -> tuple[distributed.Run[pl.DataFrame], str]:
        done = distributed.figures(args.store, scheduler=args.scheduler, workers=args.workers)
        distributed.write_parquet(done.results[0], args.out)
        return done, args.out

    return _over_store(args, run, "households")


def _reports(argv: Sequence[str]) -> int:
    """``reports``: one JSON report per meter of a store, and a table of their headlines."""
    from analysis import distributed  # Dask: only for the whole-store commands

    p = argparse.ArgumentParser(
        prog="python -m analysis reports",
        description="One JSON report per household of a store (as `python -m analysis "
        f"--json`), and {distributed.HEADLINES}: their headline figures. The store's saved "
        "contract (else 9 kVA, base, 22:00-06:00) applies to every household.",
    )
    _cluster_options(p)
    p.add_argument("--out", required=True, help="the folder to write (or an fsspec URL)")
    args = _cluster_args(p, argv)

    def run() -> tuple[distributed.Run[pl.DataFrame], str]:
        job = distributed.job(args.store, args.out)
        done = distributed.reports(args.store, job, scheduler=args.scheduler, workers=args.workers)
        distributed.write_parquet(
            done.results[0], f"{args.out.rstrip('/')}/{distributed.HEADLINES}"
        )
        return done, args.out

    return _over_store(args, run, "reports")


def main(argv: Sequence[str] | None = None) -> int:
    """Analyse and print. Exit 0, 1 if the data cannot be analysed, 2 for a usage error."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["cohort"]:
        return _cohort(argv[1:])
    if argv[:1] == ["reports"]:
        return _reports(argv[1:])
    args = _parser().parse_args(argv)
    try:
        report = report_of(args)
    except (ExportError, ValueError, OSError, pl.exceptions.PolarsError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    doc = report.to_json(args.lang)
    if args.json:
        print(json.dumps(doc, ensure_ascii=False, indent=1))
        return 0
    print(f"meter {mask_meter(report.meter)} · {doc['period'][0]} → {doc['period'][1]}")
    print(
        f"energy {doc['energy_kwh']:,.0f} kWh · always-on {doc['baseload_w']:.0f} W "
        f"({doc['baseload_kwh_per_year']:,.0f} kWh/year) · peak {doc['peak_w'] / 1000:.1f} kW "
        f"· off-peak share {doc['hc_share']:.0%}"
    )
    for t in doc["tariffs"]:
        estimated = estimated_label(t["estimated_days"], args.lang)  # never a Tempo figure unsaid
        said = f"  ({estimated})" if estimated else ""
        print(f"  {t['option']:6s} {t['kva']:>2} kVA  {t['total_eur']:>9,.2f} €{said}")
    for a in doc["anomalies"]:
        print(f"  ! {a['kind']} {a['start']} → {a['last']}: {a['text']}")
    for t in doc["tips"]:
        yearly = t["eur_per_year"] is not None
        figure = f"{t['eur_per_year'] if yearly else t['eur']:>7,.2f} €"
        per = "/year" if yearly else f" in {t['days']} days"
        print(f"  → {figure}{per}  {t['text']}")
    for s in doc["scenarios"]:
        print(f"  ? {s['eur_per_year']:>7,.2f} €/year  {s['text']}")
    print(f"  = {doc['reference_home']['text']}")
    # Prices, Tempo colours and temperatures used, as the report says them (the JSON says
    # the same sentences).
    for assumption in assumptions.assumption_texts(report, args.lang):
        print(f"  i {assumption}")
    return 0
