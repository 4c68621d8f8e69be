"""The household's contract and reference data, resolved once for every caller.

The command line, the dashboard and the printed report price the same store the same way:
what the household says now (an argument, the sidebar) comes first, then what it saved in
the store, then what the meter itself reported (a TIC capture's off-peak hours), then the
defaults. Tempo colours are the meter's own, the household's files over them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, cast, get_args

import polars as pl

from analysis import tariffs
from analysis.report import Settings
from analysis.tempo import colours_from_periods

if TYPE_CHECKING:
    from collections.abc import Mapping


@dataclass(frozen=True)
class Contract:
    """What the analysis is told: the settings and the household's reference data."""

    settings: Settings
    tempo: pl.DataFrame | None
    """Tempo colour per day (``day``, ``colour``, ``source``); None: the shipped ones only."""
    temperatures: pl.DataFrame | None
    """Daily mean temperature (``day``, ``tmean_c`` [°C]); None: the shipped ones only."""
    learned_off_peak: str | None
    """The off-peak hours the meter reported, when it did (and they were used)."""
    meter_colours: int
    """Days whose Tempo colour the meter itself reported. [days]"""


def settings(
    given: Mapping[str, object], saved: Mapping[str, object], learned_off_peak: str | None
) -> Settings:
    """The contract: ``given`` (said now) over ``saved`` over the meter's own off-peak.

    Then the defaults. Empty or None values in ``given`` and ``saved`` say nothing.
    """
    default = Settings()

    def pick(name: str, learned: object = None) -> object:
        for source in (given, saved):
            value = source.get(name)
            if value not in (None, ""):
                return value
        return learned if learned is not None else getattr(default, name)

    option = pick("option")
    return Settings(
        kva=int(str(pick("kva"))),
        option=cast("tariffs.Option", option)
        if option in get_args(tariffs.Option)
        else default.option,
        off_peak=str(pick("off_peak", learned_off_peak)),
        prices=cast("tariffs.Prices", pick("prices")),
    )


def over(*frames: pl.DataFrame | None) -> pl.DataFrame | None:
    """Day-keyed frames merged, each later one's days over the earlier ones'."""
    out: pl.DataFrame | None = None
    for frame in frames:
        if frame is None or frame.height == 0:
            continue
        out = (
            frame
            if out is None
            else pl.concat([out.join(frame, on="day", how="anti"), frame.select(out.columns)])
        )
    return out


def resolve(
    *,
    given: Mapping[str, object] | None = None,
    saved: Mapping[str, object] | None = None,
    periods: pl.DataFrame | None = None,
    tempo: tuple[pl.DataFrame | None, ...] = (),
    temperatures: tuple[pl.DataFrame | None, ...] = (),
) -> Contract:
    """The one contract for a curve.

    ``periods``: the meter's reported tariff periods (the store's or a TIC file's), which
    give off-peak hours and Tempo colours; ``tempo`` and ``temperatures``: the household's
    own files, later ones over earlier ones (the store's, then the session's or the
    command line's).
    """
    learned = tariffs.off_peak_from_periods(periods) if periods is not None else None
    seen = colours_from_periods(periods) if periods is not None else None
    chosen = settings(given or {}, saved or {}, learned)
    return Contract(
        settings=chosen,
        tempo=over(seen, *tempo),
        temperatures=over(*temperatures),
        learned_off_peak=learned if learned is not None and chosen.off_peak == learned else None,
        meter_colours=0 if seen is None else seen.height,
    )
