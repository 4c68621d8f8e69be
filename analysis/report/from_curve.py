"""The report of one meter's curve: :func:`analyse`, and the what-ifs it offers."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import polars as pl

from analysis import anomalies as an
from analysis import baseload, habits, power, reference_home, scenarios, tariffs, usages
from analysis.calendar import MEAN_YEAR_DAYS
from analysis.curve import daily as daily_energy
from analysis.curve import period_years, prepare
from analysis.reference import degree_days, temperature_coverage
from analysis.report.contents import Frames, Report
from analysis.report.settings import Settings
from analysis.tempo import calendar as tempo_calendar
from analysis.tempo import coverage as tempo_coverage
from analysis.tips import tips


def analyse(
    curve: pl.DataFrame | pl.LazyFrame,
    *,
    meter: str | None = None,
    peaks: pl.DataFrame | None = None,
    settings: Settings = Settings(),  # noqa: B008 (a frozen dataclass: immutable)
    tempo: pl.DataFrame | None = None,
    temperatures: pl.DataFrame | None = None,
) -> Report:
    """Analyse one meter's curve (canonical ``curve``; ``peaks`` when the export had them).

    Raises
    ------
    ValueError
        If the curve is empty, holds several meters and none is chosen, or the settings
        are not valid (off-peak hours, a kVA the option is not offered at).
    """
    curve_df = curve.lazy().collect() if isinstance(curve, pl.LazyFrame) else curve
    prepared = prepare(curve_df, meter=meter)
    if prepared.height == 0:
        msg = "the curve holds no consumption"
        raise ValueError(msg)
    meter = str(prepared["meter"][0])
    curve_df = curve_df.filter(pl.col("meter") == meter)
    meter_peaks = None
    if peaks is not None and peaks.height:
        meter_peaks = peaks.filter(pl.col("meter") == meter)
    off_peak = settings.off_peak_hours
    days = daily_energy(prepared)
    first, last = days["day"].min(), days["day"].max()
    assert isinstance(first, dt.date)
    assert isinstance(last, dt.date)
    n_days = (last - first).days + 1
    # Tempo days without a known colour are estimated once for every cost, coldest first.
    own_tempo = tempo
    tempo = tempo_calendar(
        own_tempo, first=first - dt.timedelta(days=1), last=last, temperatures=temperatures
    )
    # What needs neither the always-on level nor the anomalies (the costs, the water
    # heater, the peaks…) is computed on a second thread, in the order this one needs it,
    # while this one finds them; a task there waits only for one submitted before it.
    # Polars and NumPy let go of the GIL in their kernels: a report used 1.3 of two
    # cores, and 100 years took 1.38 s instead of 1.01 (medians of 5 fresh processes).
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="courbe-report") as side:
        activity = side.submit(an.day_activity, prepared)
        solar = side.submit(usages.solar, curve_df, prepared)
        gaps = side.submit(an.missing, curve_df)
        water = side.submit(usages.water_heater, prepared, off_peak)
        late = side.submit(lambda: an.water_heater_peak(prepared, water.result()))
        heating = side.submit(_heating, days, solar, temperatures)
        parts = side.submit(an.day_parts, prepared)
        compared = side.submit(
            tariffs.compare,
            prepared,
            settings.kva,
            off_peak=off_peak,
            tempo=tempo,
            prices=settings.prices,
        )
        daily_peaks = side.submit(power.daily_peaks, prepared, meter_peaks)
        advised = side.submit(lambda: power.advise(daily_peaks.result(), settings.kva))
        part = side.submit(_off_peak_part, prepared, settings, off_peak, tempo)
        lowered = side.submit(
            lambda: _lower_kva(
                prepared,
                daily_peaks.result(),
                advised.result(),
                _what_if(settings, off_peak, tempo, compared.result()),
            )
        )
        reference = side.submit(reference_home.compare, prepared)
        shares = side.submit(habits.part_of_day_shares, prepared)
        nightly, day_floors = baseload.floors(prepared)
        zero = an.zero_days(days)
        partial = {z.start for z in zero}
        away = an.absences(days, activity.result(), skip=partial, temperatures=temperatures)
        away_days = {a + dt.timedelta(days=i) for a, b in away for i in range((b - a).days + 1)}
        # Absences are left out of the always-on comparison (things get switched off), unless
        # the home is empty most of the time, as a second home is: then absence is its normal.
        sun = solar.result()
        # With solar panels the day's imports fall to nothing at noon: the day's floor is the
        # sun's, the night's is the home's (a step was invisible on the simulated solar homes).
        floors = nightly if sun.found else day_floors
        present = floors.filter(~pl.col("day").is_in(list(away_days | partial)))
        steps = an.baseload_steps(
            present if present.height >= floors.height / 2 else floors, temperatures=temperatures
        )
        # The household's level is read outside the temporary rises (cooling included),
        # reported on their own.
        stepped = {
            a.start + dt.timedelta(days=i) for a in steps for i in range((a.end - a.start).days)
        }
        base_w = baseload.level(nightly.filter(~pl.col("day").is_in(list(stepped))), temperatures)
        minute = tariffs.minute_of_day(prepared)
        hc = prepared.select(off_peak.expr(minute, pl.col("day")).alias("hc"), "kwh")
        energy = float(prepared["kwh"].sum())
        hc_share = float(hc.filter(pl.col("hc"))["kwh"].sum()) / energy if energy else 0.0
        ev = side.submit(
            lambda: usages.ev_charging(prepared, floor_w=base_w, heater=water.result())
        )
        habitual = an.habitual_blocks(prepared, floor_w=base_w)
        heater = water.result()
        heat = heating.result()
        late_heater = late.result()
        explained = {
            a.start + dt.timedelta(days=i)
            for a in late_heater
            for i in range((a.end - a.start).days)
        }
        found = (
            zero
            + gaps.result()
            + an.unusual_days(
                days,
                # Days already explained (the water heater in peak hours) are not flagged twice.
                skip=partial | explained,
                away=away_days,
                temperatures=temperatures,
                parts=parts.result(),
                habits=habitual,
            )
            + steps
            + an.absence_consumption(days, away, base_w)
            + an.night_spikes(
                prepared,
                off_peak=off_peak.expr(minute, pl.col("day")),
                nights_with_heating=_cold_days(days, temperatures) if heat.found else set(),
            )
            + late_heater
        )
        found.sort(key=lambda a: (a.start, a.kind))
        costs = compared.result()
        current = next((c for c in costs if c.option == settings.option), None)
        # Without a priced option at this power, the Base price (offered at every power).
        price = (
            (current.energy_eur / current.kwh)
            if current and current.kwh
            else tariffs.prices_at("base", settings.kva)["energy"]
        )
        peak_days, advice = daily_peaks.result(), advised.result()
        shifted = side.submit(
            _shifts,
            prepared,
            heater,
            found,
            part.result(),
            hc_share,
            _what_if(settings, off_peak, tempo, costs),
        )
        years = n_days / MEAN_YEAR_DAYS
        advice_tips = tips(
            baseload_w=base_w,
            price_eur_per_kwh=price,
            heating=heat,
            heater=heater,
            anomalies=found,
            costs=costs,
            current=current,
            power=advice,
            years=years,
            last_day=last,
            prepared=prepared,
            year=scenarios.year(
                prepared,
                [o for o in tariffs.OPTIONS if settings.kva in tariffs.kvas(o)],
                settings.kva,
                heating_kwh_per_hdd=heat.gradient_kwh_per_hdd if heat.found else 0.0,
                off_peak=off_peak,
                tempo=tempo,
                prices=settings.prices,
                temperatures=temperatures,
            ),
            off_peak=off_peak,
            tempo=tempo,
            prices=settings.prices,
            temperatures=temperatures,
        )
        # The Tempo days the curve touches (they run 6 h → 6 h), as the Tempo cost prices them.
        tempo_first, tempo_last = prepared.select(
            tariffs.tempo_day().min().alias("first"), tariffs.tempo_day().max().alias("last")
        ).row(0)
        reference_data = {
            "tempo": tempo_coverage(tempo_first, tempo_last, own_tempo),
            "temperatures": temperature_coverage(first, last, temperatures),
        }
        what_if = shifted.result() + lowered.result()
        home, day_shares = reference.result(), shares.result()
        charging = ev.result()
    frames = Frames(daily=days, baseload=nightly, peaks=peak_days, prepared=prepared, tempo=tempo)
    return Report(
        meter=meter,
        settings=settings,
        period=(first, last),
        days=n_days,
        energy_kwh=energy,
        baseload_w=base_w,
        baseload_kwh_per_year=baseload.kwh_per_year(base_w),
        baseload_eur_per_year=baseload.kwh_per_year(base_w) * price,
        peak_w=advice.peak_w,
        hc_share=hc_share,
        break_even_hc_share=tariffs.break_even_hc_share(
            settings.kva if settings.kva in tariffs.kvas("hphc") else 6, energy / years
        ),
        costs=costs,
        power=advice,
        water_heater=heater,
        heating=heat,
        ev=charging,
        solar=sun,
        anomalies=found,
        tips=advice_tips,
        reference=home,
        scenarios=what_if,
        shares=day_shares,
        coverage=float(prepared["minutes"].sum()) / (n_days * 1440),
        reference_data=reference_data,
        frames=frames,
    )


def _off_peak_part(
    prepared: pl.DataFrame, settings: Settings, off_peak: tariffs.OffPeak, tempo: pl.DataFrame
) -> tariffs.Cost | None:
    """The off-peak energy's cost (:func:`scenarios.off_peak_part`), once for both shifts.

    None if the option is not offered at this power: no shifting what-if then.
    """
    try:
        return scenarios.off_peak_part(
            prepared,
            option=settings.option,
            kva=settings.kva,
            off_peak=off_peak,
            tempo=tempo,
            prices=settings.prices,
        )
    except ValueError:
        return None


def _what_if(
    settings: Settings, off_peak: tariffs.OffPeak, tempo: pl.DataFrame, costs: list[tariffs.Cost]
) -> dict[str, Any]:
    """The contract every what-if is priced under, with the report's ``costs`` of it."""
    return {
        "option": settings.option,
        "kva": settings.kva,
        "off_peak": off_peak,
        "tempo": tempo,
        "prices": settings.prices,
        "known": costs,
    }


def _shifts(
    prepared: pl.DataFrame,
    heater: usages.WaterHeater,
    found: list[an.Anomaly],
    part: tariffs.Cost | None,
    hc_share: float,
    contract: dict[str, Any],
) -> list[scenarios.Scenario]:
    """The what-ifs that move energy to the off-peak hours (none without ``part``).

    ``hc_share`` is the curve's off-peak share of energy [0–1]; ``contract``: :func:`_what_if`.
    """
    if part is None:
        return []
    out: list[scenarios.Scenario] = []
    try:
        heater_case = scenarios.shift_water_heater(
            prepared, heater, found, off_peak_cost=part, **contract
        )
        if heater_case is not None:
            out.append(heater_case)
        per_year = float(prepared["kwh"].sum()) / period_years(prepared)
        moved = 0.1 * (1 - hc_share) * per_year
        out.append(scenarios.shift_to_off_peak(prepared, moved, off_peak_cost=part, **contract))
    except ValueError:
        pass  # the option is not offered at this power: no shifting scenario
    return out


def _lower_kva(
    prepared: pl.DataFrame,
    peak_days: pl.DataFrame,
    advice: power.PowerAdvice,
    contract: dict[str, Any],
) -> list[scenarios.Scenario]:
    """The what-if of the next lower power the option offers, saying what ``advice`` says."""
    lower = [k for k in tariffs.kvas(contract["option"]) if k < contract["kva"]]
    if not lower:
        return []
    return [scenarios.lower_kva(prepared, peak_days, lower[-1], advice=advice, **contract)]


def _heating(
    days: pl.DataFrame, solar: Future[usages.Solar], temperatures: pl.DataFrame | None
) -> usages.Heating:
    """The heating found in the days fully measured, once the solar panels are known."""
    return usages.heating(
        days.filter(pl.col("coverage") >= 0.95),
        solar_panels=solar.result().found,
        temperatures=temperatures,
    )


def _cold_days(days: pl.DataFrame, temperatures: pl.DataFrame | None) -> set[dt.date]:
    """Days cold enough for heating (degree-days above zero)."""
    cold = degree_days(temperatures).filter(pl.col("hdd") > 0).select("day")
    return set(days.join(cold, on="day", how="inner")["day"].to_list())
