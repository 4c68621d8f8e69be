"""The period selector every page can show, the period's tiles, and links to the explorer.

The chosen day is shared by all pages (``st.session_state["period_day"]``); each selector
keeps its own kind (``"<key>_kind"``), so the overview may show a month while the
explorer shows a day of it. Widgets get their value from these keys on every run:
Streamlit forgets a widget's state when its page is left.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Literal

import streamlit as st

import words
from analysis import calendar, periods
from analysis.periods import KINDS, Kind, Period
from analysis.tariffs import option_name
from app import explorer_figures
from app.i18n import MONTH_NAMES, WEEKDAY_NAMES, euros, kwh, number, percent, t

if TYPE_CHECKING:
    from analysis.report import Report
    from words import Lang

DAY = "period_day"
"""The session key of the day the chosen periods hold."""
EXPLORER = "app_pages/explorer.py"


def day_text(day: dt.date, lang: Lang, *, weekday: bool = False) -> str:
    """``31 mars 2024`` / ``31 March 2024``; with ``weekday``, ``dimanche 31 mars 2024``."""
    text = words.day(day, lang=lang, long=True)
    return f"{WEEKDAY_NAMES[lang][day.weekday()]} {text}" if weekday else text


def label(period: Period, lang: Lang) -> str:
    """The period as a person names it: ``mars 2024``, ``hiver 2023-2024``."""
    if period.kind == "day":
        return day_text(period.first, lang, weekday=True)
    if period.kind == "week":
        a, b = period.first, period.last
        first = (
            str(a.day)
            if (a.year, a.month) == (b.year, b.month)
            else f"{a.day} {MONTH_NAMES[lang][a.month - 1]}"
            if a.year == b.year
            else day_text(a, lang)
        )
        return t("period_week", lang, first=first, last=day_text(b, lang))
    if period.kind == "month":
        return f"{MONTH_NAMES[lang][period.first.month - 1]} {period.first.year}"
    if period.kind == "season":
        season = calendar.SEASONS[period.first.month]
        years = (
            f"{period.first.year}-{period.last.year}"
            if period.first.year != period.last.year
            else str(period.first.year)
        )
        return f"{t(f'season_{season}', lang)} {years}"
    return str(period.first.year)


def _clamp(day: dt.date, report: Report) -> dt.date:
    first, last = report.period
    return min(max(day, first), last)


def chosen_day(report: Report, kind: Kind = "day") -> dt.date:
    """The shared day, within the report's data.

    At first, the last day; but when the ``kind`` of period holding it has too little data
    to compare (a month just begun) and the one before has enough, the last day of that one.
    """
    day = st.session_state.get(DAY)
    if isinstance(day, dt.date):
        return _clamp(day, report)
    prepared, last = report.frames.prepared, report.period[1]
    latest = Period.containing(kind, last)
    before = latest.previous()
    if not periods.energy(prepared, latest).comparable and (
        periods.energy(prepared, before).comparable
    ):
        return before.last
    return last


def set_day(day: dt.date, *, kind: Kind | None = None, key: str = "explorer") -> None:
    """Choose ``day`` (and ``kind`` for the selector ``key``) for the next run."""
    st.session_state[DAY] = day
    if kind is not None:
        st.session_state[f"{key}_kind"] = kind


def _move(key: str, step: int) -> None:
    """Callback: the period before (``-1``) or after (``1``)."""
    kind: Kind = st.session_state[f"{key}_kind"]
    current = Period.containing(kind, st.session_state[DAY])
    st.session_state[DAY] = (current.previous() if step < 0 else current.next()).first


def _copy(widget: str, target: str) -> None:
    """Callback: a widget's new value into the key that outlives the page."""
    st.session_state[target] = st.session_state[widget]


def selector(
    report: Report,
    lang: Lang,
    *,
    key: str = "overview",
    kinds: tuple[Kind, ...] = KINDS,
    default: Kind = "month",
) -> Period:
    """Kind, previous / next and a date; returns the chosen period."""
    kind_key = f"{key}_kind"
    if st.session_state.get(kind_key) not in kinds:
        st.session_state[kind_key] = default
    day = chosen_day(report, st.session_state[kind_key])
    st.session_state[DAY] = day
    first, last = report.period
    period = Period.containing(st.session_state[kind_key], day)
    widget_kind, widget_day = f"_{key}_kind_widget", f"_{key}_day_widget"
    st.session_state[widget_kind] = st.session_state[kind_key]
    st.session_state[widget_day] = day
    if len(kinds) > 2:  # five kinds need the width of the page (they wrap at 1280 px)
        left = st.container()
        back, when, ahead, _ = st.columns([1.3, 2, 1.3, 3.4], vertical_alignment="bottom")
    else:
        left, back, when, ahead = st.columns([4, 1.3, 2, 1.3], vertical_alignment="bottom")
    left.radio(
        t("period_kind", lang),
        kinds,
        key=widget_kind,
        horizontal=True,
        format_func=lambda k: t(f"kind_{k}", lang),
        on_change=_copy,
        args=(widget_kind, kind_key),
    )
    back.button(
        t("period_previous", lang),
        key=f"{key}_previous",
        on_click=_move,
        args=(key, -1),
        disabled=period.first <= first,
        width="stretch",
    )
    when.date_input(
        t("period_date", lang),
        min_value=first,
        max_value=last,
        key=widget_day,
        format="DD/MM/YYYY" if lang == "fr" else "YYYY-MM-DD",
        on_change=_copy,
        args=(widget_day, DAY),
    )
    ahead.button(
        t("period_next", lang),
        key=f"{key}_next",
        on_click=_move,
        args=(key, 1),
        disabled=period.last >= last,
        width="stretch",
    )
    return period


def summary(report: Report, period: Period) -> periods.Summary:
    """The period's kWh, euros and comparisons under the household's contract."""
    s = report.settings
    return periods.summarise(
        report.frames.prepared,
        period,
        option=s.option,
        kva=s.kva,
        off_peak=s.off_peak_hours,
        tempo=report.frames.tempo,  # the calendar the report's costs used
        prices=s.prices,
    )


def _change_text(c: periods.Change, lang: Lang) -> str:
    if c.missing == "no_data":
        return t("no_data_word", lang)
    if c.missing == "partial" or c.delta_kwh is None:
        return t("partial_word", lang)
    sign = "+" if c.delta_kwh >= 0 else "−"
    text = f"{sign}{kwh(abs(c.delta_kwh), lang)}"
    if c.ratio is not None:
        text += f" ({sign}{percent(abs(c.ratio), lang)})"
    return text


def coverage_text(share: float, lang: Lang) -> str:
    """A share of a period with readings [0–1], as a percentage that is never 100 % short.

    Whole percents, but ``99,7 %`` above 99 %, so missing hours never read ``100 %``.
    """
    if share < 0.99:
        return percent(share, lang)
    shown = min(share, 0.999)  # 99.96 % would round to 100.0 %
    return f"{number(100 * shown, lang, decimals=1)}{' %' if lang == 'fr' else '%'}"


def _per_year(s: periods.Summary, option: str, lang: Lang) -> tuple[str, str]:
    """The € a year tile's value and the sentence that says what it is."""
    if s.eur_per_year is not None:
        if s.per_year_is_rate:
            return euros(s.eur_per_year, lang), t("help_per_year_rate", lang)
        if s.energy.coverage >= 1:
            return euros(s.eur_per_year, lang), t("help_per_year", lang, option=option)
        gap = 100 * (1 - s.energy.coverage)
        missing = f"{number(gap, lang, decimals=1)}{' %' if lang == 'fr' else '%'}"
        return euros(s.eur_per_year, lang), t(
            "help_per_year_filled", lang, option=option, x=missing
        )
    if s.cost is not None:  # priced, but too little data to carry to a year
        return t("too_little_word", lang), t(
            "help_no_rate", lang, x=percent(periods.MIN_COVERAGE_FOR_RATE, lang)
        )
    return "–", t("no_price", lang)


def tiles(report: Report, period: Period, lang: Lang) -> periods.Summary:
    """The period's title, its kWh and € beside € per year, and its two comparisons."""
    s = summary(report, period)
    st.subheader(label(period, lang))
    first, last = report.period
    if s.energy.coverage == 0:
        st.info(t("period_empty", lang, first=day_text(first, lang), last=day_text(last, lang)))
        return s
    option = option_name(report.settings.option, lang)
    cols = st.columns(3, border=True)
    cols[0].metric(t("period_energy", lang), kwh(s.energy.kwh, lang))
    cols[1].metric(
        t("period_cost", lang),
        euros(s.cost.total_eur, lang) if s.cost else "–",
        help=t("help_cost", lang, option=option) if s.cost else t("no_price", lang),
    )
    value, help_text = _per_year(s, option, lang)
    cols[2].metric(
        t(f"per_year_rate_{period.kind}" if s.per_year_is_rate else "period_per_year", lang),
        value,
        help=help_text,
    )
    for col, name, c in zip(
        st.columns(2, border=True),
        ("vs_previous", "vs_year_before"),
        (s.previous, s.year_before),
        strict=True,
    ):
        col.metric(
            t(name, lang, label=label(c.other.period, lang)),
            _change_text(c, lang),
            help=t(
                "help_partial",
                lang,
                x=percent(periods.MIN_COVERAGE_TO_COMPARE, lang),
                a=coverage_text(s.energy.coverage, lang),
                b=coverage_text(c.other.coverage, lang),
            )
            if c.missing == "partial"
            else None,
        )
    if s.energy.coverage < 1:
        st.caption(t("period_coverage", lang, x=coverage_text(s.energy.coverage, lang)))
    return s


def explorer_link(day: dt.date, lang: Lang, *, kind: Literal["day", "week"] = "day") -> None:
    """A link that opens the day/week explorer on ``day`` (``?day=YYYY-MM-DD``).

    ``kind="week"`` opens the week holding it (``&kind=week``): for an anomaly lasting
    several days.
    """
    params = {"day": day.isoformat()} | ({"kind": "week"} if kind == "week" else {})
    text = label(Period.containing("week", day), lang) if kind == "week" else day_text(day, lang)
    st.page_link(
        EXPLORER,
        label=t("see_day", lang, day=text),
        icon=":material/zoom_in:",
        query_params=params,
    )


def read_day_parameter(report: Report) -> None:
    """Open the day (and kind) a link asked for (``?day=YYYY-MM-DD&kind=week``), once.

    The parameters are then removed, so previous / next are not pulled back to that day; a
    day that is not a date is ignored.
    """
    asked, kind = st.query_params.get("day"), st.query_params.get("kind")
    for name in ("day", "kind"):
        if name in st.query_params:
            del st.query_params[name]
    if asked is None:
        return
    try:
        day = dt.date.fromisoformat(asked)
    except ValueError:
        return
    set_day(_clamp(day, report), kind="week" if kind == "week" else "day")


def _open_clicked(chart: str, key: str) -> None:
    """Callback of a period's bars: a month opens in the selector, a day in the explorer."""
    points = st.session_state[chart].selection.points
    when = points[0].get("customdata") if points else None
    if not isinstance(when, str):
        return
    day = dt.date.fromisoformat(when)
    if st.session_state.get(f"{key}_kind") == "year":
        set_day(day, kind="month", key=key)
    else:
        set_day(day, kind="day")
        st.session_state["period_open_explorer"] = True


def choose_clicked_day(chart: str) -> None:
    """Callback of a chart whose points carry their day (ISO ``customdata``): open that day.

    Used where the explorer itself shows the chart: the day opens at the top of the page.
    """
    points = st.session_state[chart].selection.points
    when = points[0].get("customdata") if points else None
    if isinstance(when, str):
        set_day(dt.date.fromisoformat(when), kind="day")


def bars(report: Report, chosen: Period, lang: Lang, *, key: str = "overview") -> None:
    """The period's kWh per month, day or hour; a click on a bar goes into it."""
    rows = periods.slice_days(report.frames.prepared, chosen)
    if rows.height == 0:
        return
    chart = f"{key}_bars"
    st.plotly_chart(
        explorer_figures.period_bars(rows, chosen, lang),
        key=chart,
        on_select=lambda: _open_clicked(chart, key),
        selection_mode="points",
        width="stretch",
    )
    st.caption(t("period_bars_click_month" if chosen.kind == "year" else "period_days_chart", lang))
    if chosen.kind in ("day", "week"):
        explorer_link(chosen_day(report), lang)
    if st.session_state.pop("period_open_explorer", False):
        st.switch_page(EXPLORER)
