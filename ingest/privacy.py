"""Keeping the meter number (PRM, personal data) out of sight."""

from __future__ import annotations

import re


def mask_meter(meter: str) -> str:
    """Show only the first four and last two characters: ``1429 •••• •••• 88``."""
    meter = meter.strip()
    if len(meter) <= 6:
        return "•" * len(meter)
    hidden = len(meter) - 6
    groups = " ".join("••••" for _ in range(max(1, round(hidden / 4))))
    return f"{meter[:4]} {groups} {meter[-2:]}"


PRM = re.compile(r"(?<!\d)\d{14}(?!\d)")
"""A meter number (PRM): 14 digits not part of a longer number."""


def mask_text(text: str) -> str:
    """``text`` with every meter number in it masked (file names, error messages)."""
    return PRM.sub(lambda m: mask_meter(m.group()).replace(" ", ""), text)
