"""What a curve costs under each regulated option: Base, HP/HC, Tempo, EJP.

Formulas of docs/sources.md, Tariffs. Each day is priced by the grid in force that day
(``prices="dated"``) or by the grid in force today (``prices="latest"``, what the household
would pay now); the subscription is billed for every calendar day of the period (yearly price
× days / 365). HP/HC uses the household's own off-peak hours, which may differ between summer
and winter and change on given dates (the 2025–2027 reform). A Tempo day runs 6h → 6h, HC
being 22h–6h; EJP peak hours run 7h → 1h on its 22 days a year.
"""

from analysis.reference import DATA
from analysis.tariffs.comparison import break_even_hc_share, compare
from analysis.tariffs.costs import Cost, cost, tempo_day
from analysis.tariffs.grids import (
    OPTIONS,
    Option,
    Prices,
    grid,
    kvas,
    option_name,
    paris_today,
    prices_at,
)
from analysis.tariffs.learned_hours import off_peak_from_periods
from analysis.tariffs.off_peak import (
    DEFAULT_HC,
    OFF_PEAK_EXAMPLES,
    OFF_PEAK_SYNTAX,
    SEASON_WORDS,
    SINCE_EVER,
    SUMMER_MONTHS,
    OffPeak,
    Ranges,
    Schedule,
    is_summer,
    minute_of_day,
)

__all__ = [
    "DATA",
    "DEFAULT_HC",
    "OFF_PEAK_EXAMPLES",
    "OFF_PEAK_SYNTAX",
    "OPTIONS",
    "SEASON_WORDS",
    "SINCE_EVER",
    "SUMMER_MONTHS",
    "Cost",
    "OffPeak",
    "Option",
    "Prices",
    "Ranges",
    "Schedule",
    "break_even_hc_share",
    "compare",
    "cost",
    "grid",
    "is_summer",
    "kvas",
    "minute_of_day",
    "off_peak_from_periods",
    "option_name",
    "paris_today",
    "prices_at",
    "tempo_day",
]
