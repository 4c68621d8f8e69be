"""Taking one meter out of the store, in one commit, under the writer lock.

See :meth:`ingest.store.Store.remove_meter` for what goes with it and what stays.
"""

from __future__ import annotations

import contextlib
import json
from typing import TYPE_CHECKING, Any

import polars as pl

from ingest.privacy import mask_meter, pseudonym
from ingest.schema import TABLES, Table
from ingest.store import atomic
from ingest.store.layout import (
    FORMAT_VERSION,
    SETTINGS,
    read_manifest,
    read_settings,
    remove_orphans,
    secret_locked,
    settings_bytes,
    write_manifest,
)

if TYPE_CHECKING:
    from pathlib import Path


def remove_meter_locked(folder: Path, meter: str) -> dict[Table, int]:
    """:meth:`ingest.store.Store.remove_meter` once the writer lock is held."""
    remove_orphans(folder)
    manifest = read_manifest(folder)
    files: dict[Table, dict[str, str]] = {t: dict(manifest["files"].get(t, {})) for t in TABLES}
    dropped = {t: files[t].pop(meter) for t in TABLES if meter in files[t]}
    if not dropped:  # another writer removed it first
        return {}
    removed = {
        t: int(pl.scan_parquet(folder / f).select(pl.len()).collect().item())
        for t, f in dropped.items()
    }
    forgotten = sorted(
        set(manifest.get("forgotten", ()))
        | set(_entries_of(folder, meter, manifest, {m for t in TABLES for m in files[t]}))
    )
    new_manifest = {
        "version": FORMAT_VERSION,
        "generation": manifest["generation"] + 1,
        "files": files,
        **({"forgotten": forgotten} if forgotten else {}),
    }
    settings_path = folder / SETTINGS
    old_settings = settings_path.read_bytes() if settings_path.exists() else None
    settings = _without_meter(read_settings(folder), meter)
    committed = False
    try:
        if old_settings is not None:
            atomic.write_bytes(settings_path, settings_bytes(settings))
        write_manifest(folder, new_manifest)
        committed = True
    finally:
        if not committed and old_settings is not None:
            with contextlib.suppress(OSError):
                atomic.write_bytes(settings_path, old_settings)
    # Committed: what follows only tidies up (and the next write finishes it if not).
    with contextlib.suppress(OSError):
        for name in dropped.values():
            (folder / name).unlink(missing_ok=True)
        for gen in forgotten:
            (folder / "imports" / f"{gen}.json").unlink(missing_ok=True)
        for sub in {*(n.split("/")[0] for n in dropped.values()), "imports"}:
            if (folder / sub).exists():
                atomic.fsync(folder / sub)
    return removed


def _entries_of(folder: Path, meter: str, manifest: dict[str, Any], others: set[str]) -> list[int]:
    """The generations of the import-log entries about ``meter`` and no meter in ``others``."""
    secret = secret_locked(folder)
    mine = pseudonym(meter, secret)
    kept = {pseudonym(m, secret) for m in others}
    masked_others = {mask_meter(m) for m in others}
    found = []
    for gen in range(1, manifest["generation"] + 1):
        p = folder / "imports" / f"{gen}.json"
        if not p.exists():
            continue
        entry = json.loads(p.read_text("utf-8"))
        if "meters" in entry:
            about = set(entry["meters"])
            if mine in about and not about & kept:
                found.append(gen)
        elif entry.get("meter") == mask_meter(meter) and entry["meter"] not in masked_others:
            found.append(gen)
    return found


def _without_meter(settings: dict[str, Any], meter: str) -> dict[str, Any]:
    """The settings with ``meter`` taken out of every mapping keyed by meter (its name)."""
    return {
        k: {m: v for m, v in value.items() if m != meter} if isinstance(value, dict) else value
        for k, value in settings.items()
    }
