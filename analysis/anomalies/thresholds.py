"""Every threshold of the anomaly detectors, each with its reason (one place, typed)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Thresholds:
    """Every threshold of the detectors, each with its reason (one place, typed)."""

    z: float = 4.5
    """Robust z-score (Iglewicz & Hoaglin's modified z) above which a day's energy is
    unusual. Their 3.5 flagged busy holiday weekends as often as real anomalies on the
    simulated households (precision 0.74 at 3.5, 0.86 at 4.5). [-]"""
    window_days: int = 21
    """A day is compared with days of its kind (weekday / weekend) within ± this many
    days: the same season, so the same habits and daylight. [days]"""
    min_reference_days: int = 5
    """Fewer comparable days than this that close and the window doubles; fewer still and
    the day is not judged. [days]"""
    mad_floor_kwh: float = 0.5
    """The spread of comparable days is taken as at least this, so a very regular home
    is not flagged for a kettle. [kWh]"""
    mad_floor_share: float = 0.1
    """… and at least this share of the expected energy. [-]"""
    unusual_min_excess_kwh: float = 5.0
    """An unusual day must also be worth a look: about 1 € above its expected energy.
    [kWh]"""
    unusual_min_excess_share: float = 0.25
    """… and at least this share of it: a heated day's energy moves by a fifth with the
    wind and sun that the French mean temperature does not see (edfcomparateur,
    23/01/2023: 50.7 kWh against 44 expected on a cold day). [-]"""
    around_days: int = 3
    """An unusual day must also stand out, by the same margins, against the median of
    the days right around it (± this many): a day like the days around it is the
    week's weather or season, which the temperature line of its comparable days did
    not follow (guiEDF, 23/12/2022: 23.3 kWh "against 10.6 expected", the days around
    it 20-25 kWh in a mild week after a cold spell), or a stay of several days (the
    simulated second home's summer weeks). An event of one to three days still stands
    out; one of four days or more is judged by the absence and always-on detectors, not
    day by day. [days]"""
    part_hours: int = 6
    """Days are also judged in parts this long (00–06, 06–12, 12–18, 18–24 h). [h]"""
    part_day_z: float = 2.0
    """… and the whole day must stand out too, by this robust z-score (half the day's
    threshold: the part carries the evidence, the day confirms it is extra). [-]"""
    part_kept_share: float = 0.5
    """… or the day's own excess is at least this share of the part's: the part's extra
    energy was not moved from another part of the day, it is extra for the day, though
    the day's total varies too much to show it by its z-score (an EV charged on some
    nights makes every day's total noisy). [-]"""
    part_alone_z: float = 9.0
    """… and the part then stands out by twice the day's threshold on its own: in a home
    whose days vary this much, a part at 4.5-6 is a busy day (the real R63 home's
    Saturdays), one at 11-21 an evening like no other. [-]"""
    habit_max_hours: float = 10.0
    """… and a night block ends within the night: one running on through the day is no
    charge on a timer (solarcalculet, 28/07/2023: 64 kWh, 3–4 kW all day). [h]"""
    habit_every_night: float = 0.75
    """A block seen on at least this share of the days around a day (±``window_days``)
    is in its comparable days too (an electric home's night heating, a water heater on
    every night): only what it holds above their median explains an excess (the
    simulated electric home's 13 kWh evening was taken for its 7 kWh of night heating).
    A car charged every other night is not: the median day holds only part of it. [-]"""
    habit_max_rough: float = 0.15
    """… and a block draws a steady power: from one interval to the next it moves, at the
    median, by at most this share of its median power. A charger or a pump on a timer
    holds its power (the real guiEDF car charges: 1-6 %, heating cycling on top in
    winter and a water heater starting with them included, as a step moves one interval
    only), while an evening of guests or a heater switched on and off is uneven and is
    no habit (evenings injected into the real curves, 20-30 %, were taken for charges and
    explained away). [-]"""
    habit_min_sessions: int = 6
    """Flat night blocks seen at least this often are a habit (a car charged every other
    week on the real guiEDF curve: 14 in a year), taken out of the days judged. [-]"""
    fit_min_degree_days: float = 1.0
    """A heating (cooling) line is fitted on the comparable days only when at least
    ``min_reference_days`` of them have this many degree-days and their degree-days
    spread by as much: a summer fit on two cool days would explain anything. [°C·day]"""
    fit_gain: float = 0.1
    """A cooling line is kept only where it narrows the comparable days' spread (MAD) by
    at least this share: most homes do not cool, and a line through summer noise moved
    the expectation of every cool day (simulated electric home: 39 false unusual days).
    [-]"""
    cooling_base_c: float = 20.0
    """Daily mean outdoor temperature above which a home may cool (cooling degree-days
    use this base; at the French mean of 13 regions, above 20 °C is a hot day). [°C]"""
    step_w: float = 40.0
    """A lasting rise of the night floor worth a look: the method (docs/sources.md,
    Anomalies) takes ≥ ~30 W for ≥ 7 days; 40 W keeps the fridge's seasonal drift out. [W]"""
    step_noise: float = 1.2
    """In a heated home the floor moves with the day's heating: a rise must also exceed
    this many times the spread (MAD) of the previous four weeks' residuals. It is judged
    on the median of 7 nights, whose own spread is about 0.7 MAD, so this is about 1.7
    of its standard deviations, and the rise must then hold for a week or two. [-]"""
    step_noise_heated: float = 2.0
    """… this many on a day whose floor heating raises by ``step_w`` or more: the heated
    floor wanders for days with wind and sun that the French mean temperature does not
    see (the simulated heat-pump homes rose 150–250 W for two weeks after the January
    2024 cold spell, with no appliance added). [-]"""
    step_min_days: int = 10
    """A step lasts at least this long. The method (docs/sources.md, Anomalies) takes ≥ 7
    days; a rise of one to nine days was as often the heating's spring tail or a wet spell
    as an appliance (real guiEDF, April 2024: 7–9 days, 56–73 W), while a freezer that
    frosts stays for weeks (the simulated and injected steps last 20–40 days). Measured
    over 5 seeds on the real backgrounds: precision 0.833 → 0.866, recall 0.887 → 0.878. [days]"""
    step_min_days_cooling: int = 5
    """… but a rise named cooling needs only this long: a heat wave lasts 3–10 days
    (Météo-France counts three days in a row). [days]"""
    step_min_days_heated: int = 14
    """… two weeks when heating adds at least ``step_w`` to the floor on its nights: a cold or windy
    spell lasts one to two weeks and the French mean temperature does not see the
    household's own weather (guiEDF, February 2024: a 10-day, 57 W rise in a cold
    spell). [days]"""
    step_colder_c: float = 1.0
    """A rise of the floor uncorrected is the weather's when its nights are this much
    colder than the four weeks before (their mean temperature): a degree is about 30 W
    on the heated real floors, but the heating line lags a cold snap (real guiEDF,
    January 2024 and February 2023), so a colder spell is the corrected floor's to judge. [°C]"""
    cold_share: float = 0.5
    """A rise whose size follows the cold by at least this share (see
    :meth:`.nights.Nights.follows_cold`) is heating, not an always-on step. [-]"""
    step_end_nights: int = 5
    """A rise ends at the first this many nights in a row back down: nearer the level
    before it than the level of its first week, or less than ``step_w`` above the level
    before, the week around each night judged; a few low nights in a noisy heated
    winter are no end. Ending at the midpoint, not at the bar the rise had to clear,
    keeps a 90 W step in a heated spring whose nights vary by 100 W (real edfcomparateur,
    injected): real recall 0.884 → 0.903 over 10 seeds. [nights]"""
    step_merge_days: int = 7
    """Two rises less than a week apart are one (a few nights back down in between). [days]"""
    step_reference_days: int = 28
    """The night floor before a rise is the median of the previous four weeks. [days]"""
    step_temperature_nights: int = 45
    """The floor's temperature dependence is a running median over this many nights of
    similar mean temperature, made non-decreasing with the cold (heating only adds):
    wide enough (a month and a half) that a month-long step is a minority among the
    nights of its temperatures and is not taken for heating. [-]"""
    cooling_share: float = 0.6
    """A rise is named cooling when at least this share of its days are hot
    (``cooling_base_c``) and they are clearly warmer than the weeks before, or it starts
    within ``step_reference_days`` of a cooling rise (its weeks before were the hot
    season already; then both are one cooling rise). [-]"""
    cooling_warmer_c: float = 2.0
    """… warmer by at least this much on average. [°C]"""
    activity_w: float = 500.0
    """A half-hour is activity (cooking, washing, lights and TV together) when it is this
    much above the day's own low level (its 10th percentile, so night heating or a night
    water heater is not activity). [W]"""
    quiet_active_minutes: float = 30.0
    """A day with at most this much activity between 07:00 and 23:00 is quiet. [min]"""
    quiet_spread_w: float = 200.0
    """… and its half-hours stay within this of each other (90th − 10th percentile): a
    fridge and a freezer cycling on a low floor (the simulated empty homes spread
    70–220 W, their occupied days 230–3000 W). [W]"""
    quiet_spread_share: float = 0.15
    """… or within this share of the day's mean power, for a home kept heated while
    empty, where what is left on runs evenly (the empty days of the real R63 home,
    August 2023: 7–10 %). [-]"""
    far_below_share: float = 0.6
    """A day far below the household's own comparable days (temperature-corrected):
    at most this share of its expected energy, as when everything is switched off. [-]"""
    absence_min_days: int = 2
    """An absence lasts at least two days (one quiet day is a quiet day). [days]"""
    absence_excess_factor: float = 1.25
    """During an absence, a day is anomalous above this many times the always-on energy
    plus ``absence_excess_kwh`` (heating left on, the water heater kept hot): the
    always-on load itself varies by about a fifth from night to night. [-]"""
    absence_excess_kwh: float = 2.0
    """[kWh/day]"""
    absence_share_of_normal: float = 0.5
    """… and above this share of what occupied days around it use. [-]"""
    night_spike_w: float = 2000.0
    """A night spike: a half-hour between 01:00 and 05:00 this far above the night's
    median, outside off-peak hours and heating nights. [W]"""
    night_spike_rare: float = 0.10
    """… on fewer than this share of nights (else it is a habit). [-]"""
    heater_min_days: int = 4
    """The water heater in peak hours: at least this many days in a row without its
    off-peak block but with a block elsewhere. [days]"""
    gap_min_hours: float = 1.0
    """Missing data shorter than this is not worth a line. [h]"""


THRESHOLDS = Thresholds()
"""The thresholds in use."""
