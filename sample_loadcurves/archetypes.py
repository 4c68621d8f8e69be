"""The sample households: what each has, and the ranges a realistic curve of it falls in.

Parameters are typical French values: appliance powers and energies of the
water heater, the EV and the fridge (docs/sources.md, Usages and Tips); the plausibility ranges are
Courbe's own, set from the national averages a household meets (CRE: about 4.5 MWh/year for
an average home, two to three times that with electric heating) and kept wide on purpose.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Heating = Literal["none", "resistive", "heat_pump"]
Option = Literal["base", "hphc", "tempo"]


@dataclass(frozen=True)
class Ranges:
    """Where a year of this archetype's curve must fall (checked by the tests)."""

    annual_kwh: tuple[float, float]
    """Consumption drawn from the grid over a year. [kWh]"""
    baseload_w: tuple[float, float]
    """Always-on load, yearly mean. [W]"""
    winter_summer: tuple[float, float]
    """Mean daily energy in Dec–Feb over Jun–Aug. [-]"""
    peak_kw: tuple[float, float]
    """Highest 30-min average power of the year. [kW]"""
    production_kwh: tuple[float, float] = (0.0, 0.0)
    """PV energy sent to the grid over a year. [kWh]"""


@dataclass(frozen=True)
class Archetype:
    """One kind of household and its equipment."""

    id: str
    label_fr: str
    label_en: str
    occupants: int
    kva: int
    option: Option
    hc: tuple[tuple[str, str], ...]
    """Off-peak periods, local time, e.g. ``(("22:00", "06:00"),)``."""
    base_w: float
    """Always-on load besides fridge and freezer (box, VMC, standby). [W]"""
    fridge_w: float = 90.0
    """Fridge compressor power when running (duty about a third). [W]"""
    freezer_w: float = 0.0
    """Freezer compressor power when running (duty about 40 %). [W]"""
    works_away: bool = True
    """Adults leave home on working days."""
    heating: Heating = "none"
    heating_w_per_hdd: float = 0.0
    """Heat demand per degree-day below 18 °C, spread over the day. [Wh/(°C·day)]"""
    heating_max_kw: float = 0.0
    water_heater_kw: float = 0.0
    """Storage water heater power (0: none). [kW]"""
    water_heater_start: str | None = None
    """Local time the water heater is switched on; None: the start of off-peak hours."""
    ev_kw: float = 0.0
    ev_sessions_per_week: float = 0.0
    pv_kwp: float = 0.0
    second_home: bool = False
    """Empty most of the year; occupied some weekends and in summer."""
    ranges: Ranges = field(default_factory=lambda: Ranges((0, 1e9), (0, 1e9), (0, 1e9), (0, 1e9)))


ARCHETYPES: tuple[Archetype, ...] = (
    Archetype(
        id="appartement_gaz",
        label_fr="Petit appartement, chauffage au gaz",
        label_en="Small flat with gas heating",
        occupants=1,
        kva=6,
        option="base",
        hc=(("22:00", "06:00"),),
        base_w=45.0,
        ranges=Ranges((1_200, 3_500), (60, 200), (0.8, 1.8), (1.5, 6.0)),
    ),
    Archetype(
        id="maison_electrique",
        label_fr="Maison chauffée à l'électricité, chauffe-eau en heures creuses",
        label_en="Electrically heated house, water heater on off-peak hours",
        occupants=4,
        kva=12,
        option="hphc",
        hc=(("22:30", "06:30"),),
        base_w=110.0,
        freezer_w=100.0,
        heating="resistive",
        heating_w_per_hdd=3_400.0,
        heating_max_kw=9.0,
        water_heater_kw=3.0,
        ranges=Ranges((8_000, 18_000), (100, 320), (2.2, 7.0), (6.0, 12.0)),
    ),
    Archetype(
        id="famille_vehicule_electrique",
        label_fr="Famille avec voiture électrique",
        label_en="Family with an electric car",
        occupants=4,
        kva=9,
        option="hphc",
        hc=(("23:00", "07:00"),),
        base_w=95.0,
        freezer_w=100.0,
        water_heater_kw=2.4,
        ev_kw=7.4,
        ev_sessions_per_week=3.0,
        ranges=Ranges((5_500, 11_000), (90, 300), (0.9, 1.8), (7.0, 12.0)),
    ),
    Archetype(
        id="autoconsommation_solaire",
        label_fr="Maison avec panneaux solaires en autoconsommation",
        label_en="House with solar panels, self-consumption",
        occupants=3,
        kva=9,
        option="base",
        hc=(("22:00", "06:00"),),
        base_w=80.0,
        freezer_w=90.0,
        water_heater_kw=2.0,
        water_heater_start="12:00",  # on a timer, to use the panels' midday surplus
        pv_kwp=4.5,
        ranges=Ranges((2_000, 6_000), (70, 260), (1.3, 4.0), (2.5, 9.0), (1_500, 5_000)),
    ),
    Archetype(
        id="residence_secondaire",
        label_fr="Résidence secondaire, vide la plupart du temps",
        label_en="Second home, empty most of the time",
        occupants=2,
        kva=6,
        option="base",
        hc=(("22:00", "06:00"),),
        base_w=35.0,
        second_home=True,
        heating="resistive",
        heating_w_per_hdd=2_500.0,
        heating_max_kw=5.0,
        water_heater_kw=1.5,
        ranges=Ranges((700, 4_500), (40, 160), (0.5, 6.0), (1.5, 7.0)),
    ),
    Archetype(
        id="maison_pompe_a_chaleur",
        label_fr="Maison chauffée par pompe à chaleur",
        label_en="House heated by a heat pump",
        occupants=3,
        kva=9,
        option="tempo",
        hc=(("22:00", "06:00"),),
        base_w=100.0,
        freezer_w=100.0,
        heating="heat_pump",
        heating_w_per_hdd=5_500.0,
        heating_max_kw=4.0,
        water_heater_kw=2.4,
        ranges=Ranges((5_000, 12_000), (100, 300), (1.8, 5.0), (3.5, 11.0)),
    ),
)

BY_ID = {a.id: a for a in ARCHETYPES}
