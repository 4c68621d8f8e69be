"""What the household tells Courbe about its contract: :class:`Settings`."""

from __future__ import annotations

from dataclasses import dataclass

from analysis import tariffs


@dataclass(frozen=True)
class Settings:
    """What the household tells Courbe about its contract."""

    kva: int = 9
    option: tariffs.Option = "base"
    off_peak: str = tariffs.DEFAULT_HC
    prices: tariffs.Prices = "latest"
