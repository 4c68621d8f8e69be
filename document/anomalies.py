"""What stands out (page 2): the biggest anomalies of the home listed, the data's counted."""

from __future__ import annotations

import datetime as dt
import html
from typing import TYPE_CHECKING

import words
from analysis import anomalies
from analysis.assumptions import date_text as _date
from analysis.assumptions import html_said as _w
from words import Lang, number

if TYPE_CHECKING:
    from analysis.anomalies import Anomaly
    from analysis.report import Report

MAX_ANOMALIES = 5
"""Anomalies listed on page 2, the biggest first; the others are counted, not listed."""
PER_KIND = 2
"""At most this many anomalies of one kind are listed: the others are counted."""
DATA_KINDS = ("gap", "zero_day")
"""Kinds that say something about the data, not about the home: counted, not listed."""


def _weight_kwh(a: Anomaly) -> float:
    """How much an anomaly weighs, to list the biggest first. [kWh]."""
    days = max((a.end - a.start).days, 1)
    if a.unit == "W":
        return a.size * 24 * days / 1000
    if a.unit == "kW":
        return a.size * days
    return a.size if a.unit == "kWh" else 0.0


def _biggest(ranked: list[Anomaly]) -> list[Anomaly]:
    """The biggest :data:`MAX_ANOMALIES`, at most :data:`PER_KIND` of each kind."""
    out: list[Anomaly] = []
    for a in ranked:
        if len(out) < MAX_ANOMALIES and sum(o.kind == a.kind for o in out) < PER_KIND:
            out.append(a)
    return out


def _anomaly_line(a: Anomaly, lang: Lang) -> str:
    last = a.end - dt.timedelta(days=1) if a.end > a.start else a.start
    unit = a.unit if a.unit in ("W", "kW", "kWh") else ""
    size = f"{number(a.size, 1 if unit == 'kW' else 0, lang=lang)} {unit}".strip()
    name = html.escape(anomalies.title(a.kind, lang))
    key = f"report.anomaly.{a.kind}"
    text = (
        html.escape(
            words.say(key, lang, day=_date(a.start, lang), last=_date(last, lang), size=size)
        )
        if key in words.sentences()
        else f"{_date(a.start, lang)} → {_date(last, lang)}"
    )
    return f"<li><b>{name}</b> · {text}</li>"


def anomaly_list(report: Report, lang: Lang) -> str:
    """Page 2's "what stands out": the home's anomalies listed, the data's counted."""
    home = [a for a in report.anomalies if a.kind not in DATA_KINDS]
    data = [a for a in report.anomalies if a.kind in DATA_KINDS]
    parts = []
    if home:
        ranked = sorted(home, key=lambda a: -_weight_kwh(a))
        kinds: dict[str, int] = {}
        for a in home:
            kinds[a.kind] = kinds.get(a.kind, 0) + 1
        if len(home) > MAX_ANOMALIES:
            counted = ", ".join(
                f"{n} × {anomalies.title(k, lang).lower()}"
                for k, n in sorted(kinds.items(), key=lambda kv: -kv[1])
            )
            intro = _w("found_count", lang, n=len(home), kinds=counted)
        elif len(home) == 1:
            intro = _w("found_one", lang)
        else:
            intro = _w("found_all", lang, n=len(home))
        items = "".join(_anomaly_line(a, lang) for a in _biggest(ranked))
        parts.append(
            f'<p class="small" data-figure="anomaly_count">{intro}</p>'
            f'<ul class="small">{items}</ul>'
        )
    gaps = [a for a in data if a.kind == "gap"]
    zeros = [a for a in data if a.kind == "zero_day"]
    if data:
        pieces = []
        if gaps:
            n = _w("gap_one", lang) if len(gaps) == 1 else _w("gaps", lang, n=len(gaps))
            hours = _w("hours", lang, n=number(sum(a.size for a in gaps), lang=lang))
            pieces.append(_w("data_gap_part", lang, gaps=n, hours=hours))
        if zeros:
            n = _w("zero_one", lang) if len(zeros) == 1 else _w("zeros", lang, n=len(zeros))
            pieces.append(_w("data_zero_part", lang, zeros=n))
        parts.append(f'<p class="small muted">{_w("data_gaps", lang, what=", ".join(pieces))}</p>')
    return "".join(parts) or f"<p>{_w('no_anomaly', lang)}</p>"
