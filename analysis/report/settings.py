"""What the household tells Courbe about its contract: :class:`Settings`."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from analysis import tariffs


@dataclass(frozen=True)
class Settings:
    """What the household tells Courbe about its contract."""

    kva: int = 9
    option: tariffs.Option = "base"
    off_peak: str = tariffs.DEFAULT_HC
    prices: tariffs.Prices = "latest"

    @functools.cached_property
    def off_peak_hours(self) -> tariffs.OffPeak:
        """:attr:`off_peak` read once (:meth:`analysis.tariffs.OffPeak.parse`), for every user.

        Raises
        ------
        ValueError
            The text is not off-peak hours (one line saying what was expected).
        """
        return tariffs.OffPeak.parse(self.off_peak)
