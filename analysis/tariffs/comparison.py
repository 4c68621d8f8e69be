"""The options compared: the cost under each, and the off-peak share where HP/HC beats Base."""

from __future__ import annotations

from typing import TYPE_CHECKING

from analysis.tariffs.costs import Cost, cost
from analysis.tariffs.grids import OPTIONS, Prices, kvas, prices_at
from analysis.tariffs.usage import Usage

if TYPE_CHECKING:
    import datetime as dt

    import polars as pl

    from analysis.tariffs.off_peak import OffPeak


def compare(
    prepared: pl.DataFrame,
    kva: int,
    *,
    off_peak: OffPeak | None = None,
    tempo: pl.DataFrame | None = None,
    prices: Prices = "latest",
    today: dt.date | None = None,
) -> list[Cost]:
    """The cost under every option offered at ``kva`` today (cheapest first)."""
    out = []
    usage = Usage(prepared)  # (each day's energy summed once for every option)
    for option in OPTIONS:
        if kva not in kvas(option, today=today):
            continue
        try:
            out.append(
                cost(
                    usage,
                    option,
                    kva,
                    off_peak=off_peak,
                    tempo=tempo,
                    prices=prices,
                    today=today,
                )
            )
        except ValueError:
            continue
    return sorted(out, key=lambda c: c.total_eur)


def break_even_hc_share(kva: int, annual_kwh: float) -> float:
    """The off-peak share of consumption above which HP/HC beats Base. [0–1].

    s* = (p_HP − p_Base + ΔS / E) / (p_HP − p_HC), with ΔS the yearly subscription
    difference and E the yearly consumption (docs/sources.md, Tariffs).
    """
    base = prices_at("base", kva)
    hphc = prices_at("hphc", kva)
    extra = (hphc["subscription"] - base["subscription"]) / max(annual_kwh, 1.0)
    return (hphc["energy_hp"] - base["energy"] + extra) / (hphc["energy_hp"] - hphc["energy_hc"])
