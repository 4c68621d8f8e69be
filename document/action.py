"""The actions page 1 proposes: from the tips and the what-ifs, three of different kinds."""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass
from typing import TYPE_CHECKING

import words
from analysis.assumptions import date_text as _date
from analysis.assumptions import html_said as _w
from analysis.assumptions import option_text as _option
from analysis.calendar import HOURS_PER_YEAR
from document.text import fig as _fig
from document.text import kwh as _kwh
from document.year import WINTER_OPTIONS, has_winter
from words import Lang, number

if TYPE_CHECKING:
    from analysis.report import Report
    from analysis.tips import Tip

ACTIONS = 3
"""Actions on page 1, each of a different kind."""


def _raw(key: str, lang: Lang, **values: object) -> str:
    """The catalogue's ``key``, HTML-escaped, with values already HTML (figures, tags)."""
    return html.escape(words.sentences()[key][lang]).format(**values)


@dataclass(frozen=True)
class Action:
    """One thing to do: its kind, what it is worth, and what its sentence needs."""

    kind: str
    eur_per_year: float
    kwh_per_year: float
    detail: str = ""
    """The option a change of option moves to, the day an extra load began."""


TIP_KINDS = {
    "standby": "standby",
    "heating": "heating",
    "heating_setpoint": "heating",
    "appliance": "appliance",
    "baseload_step": "appliance",
    "heater": "water_heater",
    "heater_hc": "water_heater",
    "water_heater": "water_heater",
    "absence": "absence",
    "option": "option",
    "kva": "kva",
}
"""A tip's kind (or the start of its id) → the kind of action it is."""


def _tip_action(tip: Tip) -> Action | None:
    """A tip as an action, when it has a yearly figure (page 1 speaks in € a year).

    The kind comes from the start of ``tip.id`` (``absence``, ``option_tempo``); the
    detail is what follows. A tip whose figure holds only over the measured days (no
    stated method for a year) is left to page 2's list.
    """
    if tip.eur_per_year is None or tip.kwh_per_year is None:
        return None
    ident = tip.id
    kind = next((k for k in sorted(TIP_KINDS, key=len, reverse=True) if ident.startswith(k)), "")
    detail = ident.split("_")[-1] if "_" in ident else ""
    if kind.startswith("option") or ident.startswith("option_"):
        detail = ident.removeprefix("option_")
    action_kind = TIP_KINDS.get(kind, kind)
    if f"report.action.{action_kind}" not in words.sentences():
        return None
    return Action(action_kind, tip.eur_per_year, tip.kwh_per_year, detail)


def actions(report: Report) -> list[Action]:
    """The three most valuable actions of three different kinds, worth at least 1 € a year.

    A move to Tempo or EJP is left out when the period holds no whole winter. From the
    tips, then the what-ifs (moving use to off-peak hours; a lower kVA only when the power
    verdict advises it; the water heater back on off-peak hours).
    """
    found = [a for a in map(_tip_action, report.tips) if a is not None]
    for s in report.scenarios:
        if s.id == "shift_to_off_peak":
            found.append(Action("shift", s.eur_per_year, s.kwh_moved_per_year, s.option))
        elif s.id == "lower_kva" and report.power.allows(s.kva):  # the one kVA verdict
            found.append(Action("kva", s.eur_per_year, 0.0, str(s.kva)))
        elif s.id == "water_heater":
            found.append(Action("water_heater", s.eur_per_year, 0.0))
    if not has_winter(report):  # summer alone says nothing of Tempo's or EJP's red days
        found = [a for a in found if not (a.kind == "option" and a.detail in WINTER_OPTIONS)]
    out: list[Action] = []
    for a in sorted(found, key=lambda a: -a.eur_per_year):
        if a.eur_per_year >= 1 and all(a.kind != o.kind for o in out):
            out.append(a)
    return out[:ACTIONS]


def _action_sentence(a: Action, report: Report, lang: Lang) -> str:
    w = a.kwh_per_year * 1000 / HOURS_PER_YEAR
    values = {
        "kwh": _kwh(a.kwh_per_year, lang),
        "w": f"{number(w, lang=lang)} W",
        "option": _option(a.detail, lang),
        "kva": report.power.kva,
        "suggested": a.detail if a.kind == "kva" and a.detail else report.power.suggested_kva,
        "since": a.detail,
    }
    if a.kind == "appliance":
        try:
            values["since"] = _date(dt.date.fromisoformat(a.detail), lang)
        except ValueError:
            values["since"] = "—"
    escaped = {k: html.escape(str(v)) for k, v in values.items()}
    return _raw(f"report.action.{a.kind}", lang, **escaped)


def actions_list(report: Report, f: dict[str, str], lang: Lang) -> str:
    """The chosen actions as page 1's list, each with its euros a year."""
    chosen = actions(report)
    if not chosen:
        return f"<p>{_w('actions_none', lang)}</p>"
    items = "".join(
        f'<li data-action="{a.kind}"><span class="eur">'
        f"{_fig(f'action_{i}_eur_per_year', f[f'action_{i}_eur_per_year'], tag='span')}"
        f"<small>{_w('a_year', lang)}</small></span>"
        f"<span>{_action_sentence(a, report, lang)}</span></li>"
        for i, a in enumerate(chosen)
    )
    return f'<ul class="actions">{items}</ul>'
