"""Anomalies, each with its kind, period, size and a sentence a household understands.

Methods of docs/sources.md, Anomalies; every threshold is named in :data:`THRESHOLDS`.
One module a detector or what it is judged on:

- :mod:`.anomaly`: :class:`Anomaly`, its kinds and their titles;
- :mod:`.thresholds`: :class:`Thresholds`, each with its reason;
- :mod:`.faults`: days of zero and spans with no data (:func:`zero_days`, :func:`missing`);
- :mod:`.temperatures`: each day's temperature and degree-days (:func:`with_temperatures`);
- :mod:`.comparable_days`: each day beside the household's own comparable days
  (:func:`comparable`);
- :mod:`.unusual`: days far above them (:func:`unusual_days`);
- :mod:`.parts`: the day in parts and the habitual night blocks in them
  (:func:`day_parts`, :func:`habitual_blocks`);
- :mod:`.steps` and :mod:`.nights`: lasting rises of the always-on load
  (:func:`baseload_steps`);
- :mod:`.absence`: days away and what they used (:func:`absences`,
  :func:`absence_consumption`);
- :mod:`.spikes` and :mod:`.water_heater`: :func:`night_spikes`,
  :func:`water_heater_peak`.
"""

from analysis.anomalies.absence import absence_consumption, absences, day_activity
from analysis.anomalies.anomaly import Anomaly, Kind, title
from analysis.anomalies.comparable_days import comparable
from analysis.anomalies.faults import missing, zero_days
from analysis.anomalies.parts import day_parts, habitual_blocks
from analysis.anomalies.spikes import night_spikes
from analysis.anomalies.steps import baseload_steps
from analysis.anomalies.temperatures import with_temperatures
from analysis.anomalies.thresholds import THRESHOLDS, Thresholds
from analysis.anomalies.unusual import unusual_days
from analysis.anomalies.water_heater import water_heater_peak

__all__ = [
    "THRESHOLDS",
    "Anomaly",
    "Kind",
    "Thresholds",
    "absence_consumption",
    "absences",
    "baseload_steps",
    "comparable",
    "day_activity",
    "day_parts",
    "habitual_blocks",
    "missing",
    "night_spikes",
    "title",
    "unusual_days",
    "water_heater_peak",
    "with_temperatures",
    "zero_days",
]
