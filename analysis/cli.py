"""``python -m analysis``: the whole report of one meter, as JSON or a short summary."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from analysis.reference import read_temperature_file
from analysis.report import Settings, analyse
from analysis.tariffs import DEFAULT_HC, OPTIONS, read_tempo_file
from ingest import ExportError, Store, read_export
from ingest.privacy import mask_meter

if TYPE_CHECKING:
    from collections.abc import Sequence


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m analysis", description="What a household's load curve says."
    )
    src = p.add_mutually_exclusive_group()
    src.add_argument("file", nargs="?", type=Path, help="an export file (instead of the store)")
    src.add_argument("--store", type=Path, help="the store folder (default: $COURBE_HOME, ...)")
    p.add_argument("--meter", help="which meter, when the store holds several")
    p.add_argument("--kva", type=int, help="subscribed power (default: the store's, else 9)")
    p.add_argument(
        "--option", choices=OPTIONS, help="current option (default: the store's, else base)"
    )
    p.add_argument(
        "--hc", help='off-peak hours, e.g. "22:00-06:00" (default: the store\'s, else 22:00-06:00)'
    )
    p.add_argument(
        "--prices",
        choices=("latest", "dated"),
        default="latest",
        help="price every interval at the latest grid, or at its date's grid",
    )
    p.add_argument("--tempo", type=Path, help="a CSV of Tempo day colours (date, colour)")
    p.add_argument(
        "--temperatures", type=Path, help="a CSV of daily temperatures (date, mean or min and max)"
    )
    p.add_argument("--json", action="store_true", help="print the whole report as JSON")
    return p


def _settings(args: argparse.Namespace, saved: dict[str, object]) -> Settings:
    """The command line's settings, else the store's saved ones, else the defaults."""
    option = args.option or saved.get("option")
    return Settings(
        kva=args.kva or int(str(saved.get("kva", 9))),
        option=next((o for o in OPTIONS if o == option), "base"),
        off_peak=args.hc or str(saved.get("off_peak", DEFAULT_HC)),
        prices=args.prices,
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Analyse and print. Exit 0, 1 if the data cannot be analysed, 2 for a usage error."""
    args = _parser().parse_args(argv)
    try:
        saved: dict[str, object] = {}
        tempo = temperatures = None
        if args.file is not None:
            export = read_export(args.file)
            curve, peaks = export.curve, export.peaks
        else:
            store = Store(args.store)
            curve, peaks = store.curve().collect(), store.peaks().collect()
            saved = store.settings()
            tempo, temperatures = store.reference("tempo"), store.reference("temperatures")
        if args.tempo:
            tempo = read_tempo_file(args.tempo)
        if args.temperatures:
            temperatures = read_temperature_file(args.temperatures)
        settings = _settings(args, saved)
        report = analyse(
            curve,
            meter=args.meter,
            peaks=peaks,
            settings=settings,
            tempo=tempo,
            temperatures=temperatures,
        )
    except (ExportError, ValueError, OSError, pl.exceptions.PolarsError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    doc = report.to_json()
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
        print(f"  {t['option']:6s} {t['kva']:>2} kVA  {t['total_eur']:>9,.2f} €")
    for a in doc["anomalies"]:
        print(f"  ! {a['kind']} {a['start']} → {a['end']}: {a['explanation']}")
    for t in doc["tips"]:
        print(f"  → {t['eur_per_year']:>7,.2f} €/year  {t['text']}")
    for s in doc["scenarios"]:
        print(f"  ? {s['eur_per_year']:>7,.2f} €/year  {s['text']}")
    print(f"  = {doc['reference_home']['text']}")
    return 0
