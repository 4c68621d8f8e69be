"""Keeping the meter number (PRM, personal data) out of sight."""

from __future__ import annotations


def mask_meter(meter: str) -> str:
    """Show only the first four and last two characters: ``1429 •••• •••• 88``."""
    meter = meter.strip()
    if len(meter) <= 6:
        return "•" * len(meter)
    hidden = len(meter) - 6
    groups = " ".join("••••" for _ in range(max(1, round(hidden / 4))))
    return f"{meter[:4]} {groups} {meter[-2:]}"
