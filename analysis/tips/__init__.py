"""Saving tips, each tied to a measured quantity.

Every tip carries what it changes on the measured curve (``kwh``, ``eur`` over ``days``
measured days, at the household's own prices of the hours it changes) and, only where a
stated method gives one, a yearly figure (``kwh_per_year``, ``eur_per_year``, ``method``).
Figures of docs/sources.md, Tips and their sources. One module a kind of tip or what they share:

- :mod:`.tip`: :class:`Tip`, the methods of its yearly figure (:data:`RATE`,
  :data:`AVERAGE_YEAR`, :data:`NORMAL_YEAR`, :data:`COMPLETED_YEAR`);
- :mod:`.ranked`: :func:`tips`, the tips that apply, ranked, and the pricing of a change
  they are all figured by (``_change``);
- :mod:`.standby`, :mod:`.heating` (:func:`normal_year_hdd`), :mod:`.appliances`,
  :mod:`.water_heater`, :mod:`.absence`: one kind of tip each;
- :mod:`.contract`: a cheaper option (:func:`takeable`) and a lower subscribed power.
"""

from analysis.tips.appliances import ONGOING_DAYS
from analysis.tips.contract import BASE_CLOSED_FROM_KVA, MIN_OPTION_GAIN_EUR, takeable
from analysis.tips.heating import HEATING_PER_DEGREE, normal_year_hdd
from analysis.tips.ranked import _change as _change
from analysis.tips.ranked import tips
from analysis.tips.standby import (
    NIGHTS_PER_YEAR,
    STANDBY_MIN_W,
    STANDBY_OFF_HOURS,
    STANDBY_OFF_W,
    STANDBY_SHARE,
)
from analysis.tips.tip import AVERAGE_YEAR, COMPLETED_YEAR, NORMAL_YEAR, RATE, Tip

__all__ = [
    "AVERAGE_YEAR",
    "BASE_CLOSED_FROM_KVA",
    "COMPLETED_YEAR",
    "HEATING_PER_DEGREE",
    "MIN_OPTION_GAIN_EUR",
    "NIGHTS_PER_YEAR",
    "NORMAL_YEAR",
    "ONGOING_DAYS",
    "RATE",
    "STANDBY_MIN_W",
    "STANDBY_OFF_HOURS",
    "STANDBY_OFF_W",
    "STANDBY_SHARE",
    "Tip",
    "normal_year_hdd",
    "takeable",
    "tips",
]
