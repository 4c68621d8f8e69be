"""What the tariff tests share: the day they are written, in France."""

import datetime as dt
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")
TODAY = dt.date(2026, 12, 2)
"""The day these tests are written: the 2026-08-01 grid is in force."""
