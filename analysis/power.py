"""Peaks against the subscribed power, and advice on the kVA (docs/sources.md, Power).

The limit is on instantaneous apparent power [VA]; a 30-min average [W] is only a lower
bound of the peak. Advice follows docs/sources.md, Power and says which kind it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import polars as pl

from words import Said, said

KVA_LEVELS = (3, 6, 9, 12, 15, 18, 24, 30, 36)
MARGIN = 0.85
"""Advise a lower level L only if the highest daily maximum stays under this share of L."""
CLEARLY_BELOW = 0.5
"""With a 30-min curve only: below this share of the next lower level, "possibly oversized"."""
MIN_MONTHS_OF_PEAKS = 12

Verdict = Literal["lower", "keep", "possibly_oversized", "inconclusive", "too_low"]


def daily_peaks(prepared: pl.DataFrame, peaks: pl.DataFrame | None = None) -> pl.DataFrame:
    """Daily maximum power, from the meter where the export has it, else from the curve.

    The meter's own (``source`` = ``meter``) is apparent power [VA]; the highest 30-min
    average (``source`` = ``curve``) is a lower bound [W].

    Columns ``day``, ``w``, ``at``, ``source``.
    """
    from_curve = (
        prepared.group_by("day")
        # The first highest interval of the day (``prepared`` is sorted by start).
        .agg(w=pl.col("w").max(), at=pl.col("start").get(pl.col("w").arg_max()))
        .with_columns(source=pl.lit("curve"))
    )
    if peaks is None or peaks.height == 0:
        return from_curve.sort("day")
    meter = peaks.select("day", w=pl.col("va"), at="at", source=pl.lit("meter"))
    return pl.concat([meter, from_curve.join(meter, on="day", how="anti")]).sort("day")


@dataclass(frozen=True)
class PowerAdvice:
    """What the peaks say about the subscribed power."""

    kva: int
    peak_w: float
    peak_source: Literal["meter", "curve"]
    headroom_w: float
    """Subscribed power minus the highest peak (VA ≈ W for this purpose). [W]"""
    verdict: Verdict
    suggested_kva: int
    explanation: Said
    """The verdict in a sentence, said in the reader's language (``power.text.*``)."""

    def allows(self, kva: int) -> bool:
        """Whether the advice is to subscribe ``kva`` (a lower level) instead of :attr:`kva`.

        Only a "lower" verdict allows it, and only down to :attr:`suggested_kva`.
        """
        return self.verdict == "lower" and self.suggested_kva <= kva < self.kva

    def about(self, kva: int) -> Said:
        """What the advice says of subscribing ``kva`` instead (``power.about.*``).

        The one sentence the tips, the what-if scenarios and the pages give about a lower
        power; it never says more than :attr:`verdict`.
        """
        if self.allows(kva):
            return said("power.about.advised", said=self.explanation)
        if self.verdict == "lower":
            return said("power.about.not_below", kva=self.suggested_kva)
        if self.verdict == "possibly_oversized":
            return said("power.about.check_first", said=self.explanation)
        if self.verdict == "inconclusive":
            return said("power.about.not_now", said=self.explanation)
        return said("power.about.against", said=self.explanation)


def advise(peaks: pl.DataFrame, kva: int) -> PowerAdvice:
    """Advice on ``kva`` from daily peaks (see :func:`daily_peaks`)."""
    if peaks.height == 0:
        return PowerAdvice(
            kva,
            0.0,
            "curve",
            kva * 1000.0,
            "inconclusive",
            kva,
            said("power.text.no_data"),
        )
    top = peaks.sort("w", descending=True).row(0, named=True)
    peak, source = float(top["w"]), top["source"]
    lower = max((k for k in KVA_LEVELS if k < kva), default=None)
    months = peaks.filter(pl.col("source") == "meter")["day"].dt.strftime("%Y-%m").n_unique()
    if peak >= kva * 1000:
        verdict: Verdict = "too_low"
        text = said("power.text.too_low", kw=peak / 1000, kva=kva)
        suggested = min((k for k in KVA_LEVELS if k * 1000 > peak / MARGIN), default=kva)
    elif lower is None:
        verdict, suggested = "keep", kva
        text = said("power.text.smallest", kva=kva)
    elif source == "meter" and months >= MIN_MONTHS_OF_PEAKS and peak <= MARGIN * lower * 1000:
        verdict, suggested = "lower", lower
        text = said(
            "power.text.lower", months=months, kw=peak / 1000, lower=lower, margin=1 - MARGIN
        )
    elif source == "meter" and (months >= MIN_MONTHS_OF_PEAKS or peak >= lower * 1000):
        verdict, suggested = "keep", kva
        text = said(
            "power.text.keep_meter",
            months=months,
            kw=peak / 1000,
            share=MARGIN,
            lower=lower,
            kva=kva,
        )
    elif source == "curve" and peak < CLEARLY_BELOW * lower * 1000:
        verdict, suggested = "possibly_oversized", kva
        text = said("power.text.possibly_oversized", kw=peak / 1000, kva=kva)
    elif source == "curve" and peak >= lower * 1000:
        verdict, suggested = "keep", kva
        text = said("power.text.keep_curve", kw=peak / 1000, lower=lower)
    else:
        verdict, suggested = "inconclusive", kva
        text = said("power.text.inconclusive")
    return PowerAdvice(kva, peak, source, kva * 1000.0 - peak, verdict, suggested, text)
