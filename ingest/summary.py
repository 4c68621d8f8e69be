"""What one import did, for people (one line) and for ``python -m ingest --json``.

The meter is masked everywhere; a note is said in the language asked for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ingest.curves import gaps
from ingest.privacy import mask_meter, mask_text

if TYPE_CHECKING:
    from ingest.export import Export, Note
    from ingest.store import ImportResult
    from words import Lang


def summary(export: Export, result: ImportResult, *, lang: Lang = "fr") -> dict[str, Any]:
    """What one import did, for people and for ``--json``. The meter is masked, everywhere.

    Each note: ``kind``, ``line``, ``message`` (English, stable), ``key`` and ``values``
    (the catalogue's, see ``words/ingest.toml``) and ``text`` (said in ``lang``).
    """
    return with_result(read_summary(export, lang), result)


def read_summary(export: Export, lang: Lang) -> dict[str, Any]:
    """The part of :func:`summary` the export alone gives (kept while a batch is written)."""
    holes = gaps(export.curve)
    return {
        "file": mask_text(export.name),
        "ok": True,
        "format": export.format,
        "meter": mask_meter(export.meter),
        "rows": export.rows,
        "gaps": holes.height,
        "gap_hours": round(float(holes["hours"].sum()), 2),
        "notes": [_note(n.masked(), lang) for n in export.notes],
    }


def with_result(read: dict[str, Any], result: ImportResult) -> dict[str, Any]:
    """:func:`summary` from its :func:`read_summary` part and what the store did."""
    period = result.period  # the store's, for its log: not computed again
    return {
        **{k: read[k] for k in ("file", "ok", "format", "meter")},
        "period": [period[0].isoformat(), period[1].isoformat()] if period else None,
        "rows": read["rows"],
        "added": result.added,
        "replaced": result.replaced,
        "skipped": result.skipped,
        "replaced_period": result.replaced_period,
        **{k: read[k] for k in ("gaps", "gap_hours", "notes")},
    }


def _note(note: Note, lang: Lang) -> dict[str, Any]:
    return {**note.as_dict(), "message": note.message, "text": note.text.say(lang)}


def line(s: dict[str, Any]) -> str:
    """The one line a person reads for one imported file's :func:`summary`."""
    period = f"{s['period'][0]} → {s['period'][1]}" if s["period"] else "no data"
    parts = [
        f"{s['file']}: {s['format']}",
        f"meter {s['meter']}",
        period,
        f"{s['rows']:,} rows ({s['added']:,} new, {s['replaced']:,} replaced, "
        f"{s['skipped']:,} already there)",
    ]
    if s["gaps"]:
        parts.append(f"{s['gaps']} gap{'s' * (s['gaps'] > 1)} ({s['gap_hours']:g} h missing)")
    skipped = sum(1 for n in s["notes"] if n["kind"] == "skipped")
    if skipped:
        parts.append(f"{skipped:,} row{'s' * (skipped > 1)} not used (see --json)")
    return " · ".join(parts)
