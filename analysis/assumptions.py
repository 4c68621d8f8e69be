"""What a report's figures rest on, in sentences: prices, hours, methods, reference data.

Said alike by the printed report, the dashboard, the command line and ``--json``.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import TYPE_CHECKING, Any, Protocol

import polars as pl

import words
from analysis import baseload, tariffs
from words import Lang

if TYPE_CHECKING:
    from collections.abc import Sequence


class _Settings(Protocol):
    @property
    def off_peak(self) -> str: ...
    @property
    def prices(self) -> str: ...


class _Power(Protocol):
    @property
    def peak_source(self) -> str: ...


class _Report(Protocol):
    """What the sentences read of an :class:`analysis.report.Report`.

    That module imports this one: a protocol, not its class, keeps the imports one-way.
    """

    @property
    def settings(self) -> _Settings: ...
    @property
    def costs(self) -> Sequence[tariffs.Cost]: ...
    @property
    def power(self) -> _Power: ...
    @property
    def reference_data(self) -> dict[str, dict[str, Any]]: ...
    @property
    def days(self) -> int: ...


def html_said(key: str, lang: Lang, **values: object) -> str:
    """The catalogue's ``report.<key>`` in ``lang``, its values filled in (HTML-escaped)."""
    return words.say(f"report.{key}", lang, **{k: html.escape(str(v)) for k, v in values.items()})


def date_text(d: dt.date, lang: Lang = "fr") -> str:
    """``01/08/2026``; in English ``1 Aug 2026`` (:func:`words.day`)."""
    return words.day(d, lang=lang)


def option_text(option: str, lang: Lang) -> str:
    """:func:`analysis.tariffs.option_name`, or what is given when it names no option."""
    return tariffs.option_name(option, lang) if option in tariffs.OPTIONS else option


def _price_lines(report: _Report, lang: Lang) -> list[str]:
    """Which price grid the costs used, by its date (never its source code).

    Options priced at grids of the same date share one sentence.
    """
    if report.settings.prices == "dated":
        return [html_said("prices_dated", lang)]
    today = tariffs.paris_today()
    g = tariffs.grid()
    grids: dict[tuple[str, dt.date], list[str]] = {}
    for c in sorted(report.costs, key=lambda c: c.total_eur):
        rows = g.filter((pl.col("option") == c.option) & (pl.col("kva") == c.kva))
        begun = rows.filter(pl.col("valid_from") <= today)
        row = (begun if begun.height else rows).sort("valid_from").tail(1)
        if row.height:
            since, until = row["valid_from"][0], row["valid_to"][0]
            in_force = since <= today and (until is None or today <= until)
            key = "prices_latest" if in_force else "prices_stale"
            grids.setdefault((key, since), []).append(option_text(c.option, lang))
    return [
        html_said(key, lang, option=", ".join(names), since=date_text(since, lang))
        for (key, since), names in sorted(grids.items(), key=lambda kv: kv[0][0])
    ]


def assumption_texts(report: _Report, lang: Lang) -> list[str]:
    """:func:`assumptions` as plain text, for the dashboard and the command line."""
    return [html.unescape(re.sub(r"<[^>]+>", "", line)) for line in assumptions(report, lang)]


def assumptions(report: _Report, lang: Lang) -> list[str]:
    """What the figures rest on, as HTML sentences: prices, hours, methods, reference data."""
    s = report.settings
    out = _price_lines(report, lang)
    if any(c.option == "ejp" for c in report.costs):
        out.append(html_said("ejp_days", lang))
    hours = html_said(
        "hc_assumed" if s.off_peak == tariffs.DEFAULT_HC else "hc_given", lang, hours=s.off_peak
    )
    out.append(hours)
    out.append(html_said("baseload_rule", lang, h=baseload.WINDOW_H))
    out.append(
        html_said("peak_curve" if report.power.peak_source == "curve" else "peak_meter", lang)
    )
    ref = report.reference_data
    tempo, temps = ref.get("tempo"), ref.get("temperatures")
    if tempo:
        if tempo.get("estimated_days"):
            out.append(
                html_said(
                    "tempo_estimated",
                    lang,
                    known=tempo["known_days"],
                    n=tempo["estimated_days"],
                    last=_isodate_text(tempo.get("last_known"), lang),
                )
            )
        elif any(c.option == "tempo" for c in report.costs):
            out.append(html_said("tempo_known", lang, n=tempo.get("known_days", 0)))
    if temps:
        if temps.get("missing_days"):
            out.append(
                html_said(
                    "temps_missing",
                    lang,
                    known=temps["covered_days"],
                    n=report.days,
                    missing=temps["missing_days"],
                    last=_isodate_text(temps.get("last_known"), lang),
                )
            )
        else:
            out.append(html_said("temps_known", lang, n=report.days))
    out.append(html_said("estimates", lang))
    return out


def _isodate_text(text: object, lang: Lang) -> str:
    return date_text(dt.date.fromisoformat(text), lang) if isinstance(text, str) else "—"
