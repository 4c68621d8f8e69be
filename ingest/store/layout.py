"""Where things are in a store folder: its file names, its manifest, its key.

The layout itself is drawn in :mod:`ingest.store`. Every function here takes the store
folder; those that write (:func:`write_manifest`, :func:`remove_orphans`,
:func:`secret_locked`) are for a caller holding the writer lock (:mod:`ingest.store.lock`).
"""

from __future__ import annotations

import json
import os
import re
import secrets
from pathlib import Path
from typing import Any

import platformdirs

from ingest.privacy import pseudonym
from ingest.schema import TABLES
from ingest.store import atomic

MANIFEST = "manifest.json"
SETTINGS = "settings.json"
SECRET = "secret.key"
REFERENCES = ("tempo", "temperatures")
LOCK = "writer.lock"
FORMAT_VERSION = 1
PSEUDONYMOUS = re.compile(r"^anon-[0-9a-f]{20}-\d+\.parquet$")
"""A data file's name since file names stopped holding the meter number."""


def default_path() -> Path:
    """``$COURBE_HOME`` if set, else the platform's user data folder for Courbe."""
    home = os.environ.get("COURBE_HOME")
    return Path(home) if home else Path(platformdirs.user_data_dir("courbe", appauthor=False))


def read_manifest(folder: Path) -> dict[str, Any]:
    """The store's current manifest; an empty store's (generation 0) when it has none."""
    try:
        manifest: dict[str, Any] = json.loads((folder / MANIFEST).read_text("utf-8"))
    except FileNotFoundError:
        return {"version": FORMAT_VERSION, "generation": 0, "files": {t: {} for t in TABLES}}
    return manifest


def write_manifest(folder: Path, manifest: dict[str, Any]) -> None:
    """Replace the manifest atomically: the commit of whatever it names (under the lock)."""
    atomic.write_bytes(folder / MANIFEST, json.dumps(manifest, indent=1).encode("utf-8"))


def read_settings(folder: Path) -> dict[str, Any]:
    """The settings saved by :meth:`ingest.store.Store.save_settings` (empty when none were)."""
    try:
        saved: dict[str, Any] = json.loads((folder / SETTINGS).read_text("utf-8"))
    except FileNotFoundError:
        return {}
    return saved


def settings_bytes(settings: dict[str, Any]) -> bytes:
    """The content of ``settings.json`` for these settings (plain JSON values)."""
    return json.dumps(settings, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")


def kept_forgotten(manifest: dict[str, Any]) -> dict[str, list[int]]:
    """The manifest's list of forgotten import-log entries, to carry into the next one."""
    forgotten = manifest.get("forgotten")
    return {"forgotten": list(forgotten)} if forgotten else {}


def file_name(table: str, meter: str, generation: int, secret: bytes) -> str:
    """Where one table of one meter goes, named by the meter's pseudonym, never its number."""
    return f"{table}/{pseudonym(meter, secret)}-{generation}.parquet"


def remove_orphans(folder: Path) -> None:
    """Remove files left by an import that crashed before its commit."""
    manifest = read_manifest(folder)
    kept = {f for t in TABLES for f in manifest["files"].get(t, {}).values()}
    for table in TABLES:
        for p in (folder / table).glob("*.parquet"):
            if f"{table}/{p.name}" not in kept:
                p.unlink(missing_ok=True)
    for p in folder.glob("**/.tmp-*"):
        p.unlink(missing_ok=True)
    forgotten = set(manifest.get("forgotten", ()))
    for p in (folder / "imports").glob("*.json"):
        if p.stem.isdigit() and (int(p.stem) > manifest["generation"] or int(p.stem) in forgotten):
            p.unlink(missing_ok=True)


def secret_locked(folder: Path) -> bytes:
    """The store's pseudonym key (32 random bytes), made if it has none; under the lock."""
    path = folder / SECRET
    if not path.exists():
        atomic.write_bytes(path, secrets.token_bytes(32))
        path.chmod(0o600)
    return path.read_bytes()
