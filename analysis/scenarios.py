"""What-if scenarios: the curve changed as the household would change it, then priced again.

Each scenario re-prices a modified copy of the prepared curve with :func:`tariffs.cost`, so
its figure follows the same dated grids, off-peak hours and Tempo colours as the tariff
comparison. Figures are per year of the curve. [EUR/year, kWh/year]
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

import polars as pl

from analysis import french, tariffs
from analysis.curve import number, period_years

if TYPE_CHECKING:
    from collections.abc import Sequence

    from analysis.anomalies import Anomaly
    from analysis.usages import WaterHeater


@dataclass(frozen=True)
class Scenario:
    """One change and what it is worth."""

    id: str
    """``shift_to_off_peak``, ``water_heater`` or ``lower_kva``."""
    option: tariffs.Option
    kva: int
    before_eur_per_year: float
    after_eur_per_year: float
    kwh_moved_per_year: float
    text: str
    """The scenario and its result, in plain French."""
    days_over: int = 0
    """Days whose peak would exceed the scenario's subscribed power (``lower_kva``)."""

    @property
    def eur_per_year(self) -> float:
        """What the change saves (negative: what it costs). [EUR/year]."""
        return self.before_eur_per_year - self.after_eur_per_year

    def as_dict(self) -> dict[str, Any]:
        """Plain types, for JSON."""
        return {**asdict(self), "eur_per_year": round(self.eur_per_year, 2)}


def _yearly_cost(
    prepared: pl.DataFrame,
    option: tariffs.Option,
    kva: int,
    years: float,
    known: Sequence[tariffs.Cost],
    kwargs: dict[str, Any],
) -> float:
    """The curve's cost per year, reusing one already computed for the same contract."""
    same = next((c for c in known if (c.option, c.kva) == (option, kva)), None)
    return (same or tariffs.cost(prepared, option, kva, **kwargs)).total_eur / years


def shifting_option(option: tariffs.Option) -> tariffs.Option:
    """The option under which moving energy to off-peak hours pays.

    The household's own when it has off-peak hours, else Heures creuses.
    """
    return option if option in ("hphc", "tempo") else "hphc"


def shift_to_off_peak(
    prepared: pl.DataFrame,
    kwh_per_year: float,
    *,
    option: tariffs.Option,
    kva: int,
    off_peak: tariffs.OffPeak,
    tempo: pl.DataFrame | None = None,
    prices: tariffs.Prices = "latest",
    scenario_id: str = "shift_to_off_peak",
    known: Sequence[tariffs.Cost] = (),
) -> Scenario:
    """Move ``kwh_per_year`` from peak to off-peak hours, spread in proportion to use.

    Every peak-hour interval loses the same share of its energy and every off-peak one
    gains the same share, so the total is unchanged. Priced under :func:`shifting_option`.
    The amount is capped at the peak-hour energy. [kWh/year] ``known`` costs of the
    unchanged curve (from :func:`tariffs.compare`) are reused.
    """
    chosen = shifting_option(option)
    years = period_years(prepared)
    hc = off_peak.expr(tariffs.minute_of_day(), pl.col("day"))
    flagged = prepared.with_columns(hc=hc)
    hp_kwh = float(flagged.filter(~pl.col("hc"))["kwh"].sum())
    hc_kwh = float(flagged.filter(pl.col("hc"))["kwh"].sum())
    moved = min(max(kwh_per_year, 0.0) * years, hp_kwh)
    shifted = flagged.with_columns(
        kwh=pl.when(pl.col("hc"))
        .then(pl.col("kwh") * (1 + moved / hc_kwh) if hc_kwh else pl.col("kwh"))
        .otherwise(pl.col("kwh") * (1 - moved / hp_kwh) if hp_kwh else pl.col("kwh"))
    )
    kwargs: dict[str, Any] = {"off_peak": off_peak, "tempo": tempo, "prices": prices}
    before = _yearly_cost(prepared, chosen, kva, years, known, kwargs)
    after = tariffs.cost(shifted, chosen, kva, **kwargs).total_eur / years if moved else before
    name = tariffs.OPTION_NAMES[chosen]
    text = (
        f"Déplacer {french.number(moved / years)} kWh par an des heures pleines vers les heures "
        f"creuses ({off_peak.text()}) : {french.euros(before - after)} par an de moins avec "
        f"l'option {name}."
    )
    return Scenario(scenario_id, chosen, kva, before, after, moved / years, text)


def shift_water_heater(
    prepared: pl.DataFrame,
    heater: WaterHeater,
    anomalies: list[Anomaly],
    *,
    option: tariffs.Option,
    kva: int,
    off_peak: tariffs.OffPeak,
    tempo: pl.DataFrame | None = None,
    prices: tariffs.Prices = "latest",
    known: Sequence[tariffs.Cost] = (),
) -> Scenario | None:
    """Put the water heater back on off-peak hours on the days it ran in peak hours.

    The energy moved is the heater's measured nightly block times the days it was seen
    starting in peak hours. None when no off-peak water heater shows in the curve (its
    size cannot be measured then).
    """
    if not heater.found:
        return None
    days = sum((a.end - a.start).days for a in anomalies if a.kind == "water_heater_peak")
    kwh_per_year = heater.kwh_per_day * days / period_years(prepared)
    s = shift_to_off_peak(
        prepared,
        kwh_per_year,
        option=option,
        kva=kva,
        off_peak=off_peak,
        tempo=tempo,
        prices=prices,
        scenario_id="water_heater",
        known=known,
    )
    if days == 0:
        text = "Votre chauffe-eau chauffe déjà en heures creuses : rien à gagner de ce côté."
    else:
        text = (
            f"Pendant {days} jours votre chauffe-eau a chauffé en heures pleines "
            f"({french.number(s.kwh_moved_per_year)} kWh par an). Le remettre en heures creuses : "
            f"{french.euros(s.eur_per_year)} par an de moins."
        )
    return Scenario(
        s.id, s.option, kva, s.before_eur_per_year, s.after_eur_per_year, s.kwh_moved_per_year, text
    )


def lower_kva(
    prepared: pl.DataFrame,
    daily_peaks: pl.DataFrame,
    to_kva: int,
    *,
    option: tariffs.Option,
    kva: int,
    off_peak: tariffs.OffPeak,
    tempo: pl.DataFrame | None = None,
    prices: tariffs.Prices = "latest",
    known: Sequence[tariffs.Cost] = (),
) -> Scenario:
    """Subscribe ``to_kva`` instead of ``kva``: the subscription saved, and the risk.

    The risk is the days whose peak (``daily_peaks``: ``day``, ``w`` [W]) went over it.

    Raises
    ------
    ValueError
        If the option is not offered at one of the two powers.
    """
    years = period_years(prepared)
    kwargs: dict[str, Any] = {"off_peak": off_peak, "tempo": tempo, "prices": prices}
    before = _yearly_cost(prepared, option, kva, years, known, kwargs)
    after = _yearly_cost(prepared, option, to_kva, years, known, kwargs)
    over = int(daily_peaks.filter(pl.col("w") > to_kva * 1000).height)
    top = number(daily_peaks["w"].max()) / 1000
    from_curve = "source" not in daily_peaks.columns or bool(
        (daily_peaks["source"] == "curve").any()
    )
    caveat = (
        " (moyenne sur 30 minutes : un appel bref plus fort ne se voit pas)" if from_curve else ""
    )
    risk = (
        f"votre plus fort appel ({french.number(top, 1)} kW{caveat}) y tient"
        if over == 0
        else f"mais votre puissance a dépassé {to_kva} kW pendant {over} jour"
        f"{'s' if over > 1 else ''} : le compteur aurait pu couper"
    )
    text = (
        f"Passer de {kva} à {to_kva} kVA : {french.euros(before - after)} par an "
        f"d'abonnement en moins, {risk}."
    )
    return Scenario("lower_kva", option, to_kva, before, after, 0.0, text, days_over=over)
