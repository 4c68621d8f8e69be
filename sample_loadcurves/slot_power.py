"""Power per 10-minute slot: cycling compressors, fixed-power blocks, a day's energy shared."""

from __future__ import annotations

import numpy as np

from sample_loadcurves.year_calendar import SLOT_MIN, Floats, Ints


def square_wave(n: int, period: Ints, on: int, phase: Ints, day: Ints) -> Floats:
    """1 while a cycling compressor runs, else 0: ``on`` slots out of each day's ``period``."""
    slot = np.arange(n, dtype=np.int64)
    return (((slot + phase[day]) % period[day]) < on).astype(np.float64)


def fill_blocks(n: int, start: Ints, energy_wh: Floats, power_w: float) -> Floats:
    """Power per slot of blocks running at ``power_w`` from ``start`` until ``energy_wh``.

    Each block fills whole slots at full power and one last slot partly. [W]
    """
    out = np.zeros(n, dtype=np.float64)
    per_slot = power_w * SLOT_MIN / 60
    full = np.floor(energy_wh / per_slot).astype(np.int64)
    rest = energy_wh - full * per_slot
    owner = np.repeat(np.arange(start.size), full)
    offset = np.arange(owner.size) - np.repeat(np.cumsum(full) - full, full)
    idx = start[owner] + offset
    keep = idx < n
    np.add.at(out, idx[keep], power_w)
    last = start + full
    ok = (last < n) & (rest > 0)
    np.add.at(out, last[ok], rest[ok] * 60 / SLOT_MIN)
    return out


def spread(weight: Floats, day: Ints, per_day_wh: Floats, nd: int) -> Floats:
    """Share each day's energy over its slots in proportion to ``weight``. [Wh per slot]."""
    sums = np.bincount(day, weights=weight, minlength=nd)
    share = np.divide(weight, sums[day], out=np.zeros_like(weight), where=sums[day] > 0)
    out: Floats = share * per_day_wh[day]
    return out
