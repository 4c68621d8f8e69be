"""The contract tips: a cheaper option the household can take, a lower subscribed power."""

from __future__ import annotations

from typing import TYPE_CHECKING

from analysis import tariffs
from analysis.calendar import YEAR_DAYS
from analysis.tips.tip import AVERAGE_YEAR, COMPLETED_YEAR, RATE, Tip, over
from words import Said, said

if TYPE_CHECKING:
    from analysis.power import PowerAdvice
    from analysis.scenarios import Year

MIN_OPTION_GAIN_EUR = 5.0
"""An option cheaper by less than this a year (beyond the method's error) is no tip."""
BASE_CLOSED_FROM_KVA = 18
"""Base is closed to new residential contracts at 18–36 kVA since 1 February 2026
(the arrêté of 28 January 2026; docs/sources.md, Tariffs): offered only to a household
already on it."""


def takeable(option: tariffs.Option, kva: int, current: tariffs.Option | None) -> bool:
    """Whether a household on ``current`` can subscribe ``option`` at ``kva``.

    EJP has been closed to new contracts since 1998 and Base at 18 kVA and more since
    February 2026 (docs/sources.md, Tariffs): only a household already on them keeps them.
    """
    if option == current:
        return True
    if option == "ejp":
        return False
    return not (option == "base" and kva >= BASE_CLOSED_FROM_KVA)


def option_tip(
    costs: list[tariffs.Cost], current: tariffs.Cost | None, year: Year | None, days: int
) -> Tip | None:
    """The cheapest option the household can take, if it saves beyond the method's error.

    Judged on :class:`~analysis.scenarios.Year`: measured over the latest 365 days, or
    completed from fewer with its tested error. Without it (too few days, or no winter
    measured) no option is advised: a partial year favours Tempo in summer and HP/HC
    wherever the heating falls outside the measured months. A curve longer than a year
    must also show the saving over all its days: Tempo's depends on each winter's red
    days (on the real guiEDF home, 63 € cheaper over 2023–24 but dearer over 2022–24).
    """
    if current is None or year is None or current.option not in year.eur:
        return None
    options = [
        o for o in year.eur if takeable(o, current.kva, current.option) and o != current.option
    ]
    if not options:
        return None
    best = min(options, key=lambda o: year.eur[o])
    gain = year.eur[current.option] - year.eur[best]
    if gain <= MIN_OPTION_GAIN_EUR + year.error_eur:
        return None
    now = next((c for c in costs if c.option == current.option), current)
    then = next((c for c in costs if c.option == best), None)
    measured = now.total_eur - then.total_eur if then is not None else 0.0
    if days > YEAR_DAYS and measured <= 0:
        return None  # cheaper over the latest year only: another winter said otherwise
    names = {
        "name": Said(f"option.{best}"),
        "mine": Said(f"option.{current.option}"),
        "kva": current.kva,
        "first": year.first,
        "last": year.last,
        "eur": gain,
    }
    if year.filled_days == 0 and days > YEAR_DAYS:
        text = said("tip.text.option_year_longer", **names, over=over(days), measured=measured)
    elif year.filled_days == 0:
        text = said("tip.text.option_year", **names)
    else:
        filled = (
            said("tip.part.filled_one")
            if year.filled_days == 1
            else said("tip.part.filled_many", n=year.filled_days)
        )
        text = said(
            "tip.text.option_completed",
            **names,
            over_start=over(days, start=True),
            measured=measured,
            filled=filled,
            method=year.method,
            error=year.error_eur,
        )
    if "tempo" in (best, current.option):
        text = said("tip.text.with_tempo_note", text=text)
    return Tip(
        f"option_{best}",
        0.0,
        gain,
        text,
        said("tip.source.tariff", option=Said(f"option.{best}")),
        0.0,
        measured,
        days,
        AVERAGE_YEAR if year.filled_days == 0 else COMPLETED_YEAR,
    )


def kva_tip(*, current: tariffs.Cost | None, power: PowerAdvice, days: int) -> Tip | None:
    """The subscription saved at the lower power, when the power verdict allows it."""
    if current is not None and power.allows(power.suggested_kva):
        try:
            now = tariffs.prices_at(current.option, power.kva)["subscription"]
            lower = tariffs.prices_at(current.option, power.suggested_kva)["subscription"]
        except (ValueError, KeyError):
            now = lower = 0.0
        if now > lower:
            return Tip(
                "kva",
                0.0,
                now - lower,
                said(
                    "tip.text.kva",
                    kva=power.kva,
                    lower=power.suggested_kva,
                    eur=now - lower,
                    about=power.about(power.suggested_kva),
                ),
                said("tip.source.kva"),
                0.0,
                (now - lower) * days / 365,
                days,
                RATE,
            )
    return None
