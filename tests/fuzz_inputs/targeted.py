"""Cases put in one field of a seed: values and dates no meter gives, spreadsheet formulas."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tests.fuzz_inputs.cases import Case, Expect, Seed, const

if TYPE_CHECKING:
    from collections.abc import Iterator

# --- values and dates no meter gives: targeted at one field of the first data line --------

EXTREME_VALUES: dict[str, Expect] = {
    "1e308": "subset",
    "1e309": "subset",
    "-1000": "subset",
    "NaN": "subset",
    "inf": "subset",
    "-inf": "subset",
    "9" * 25: "subset",
    "9" * 5000: "subset",  # past Python's 4300-digit int limit
    "1e-320": "well-formed",
    "": "subset",
    "0x1F": "subset",
}


@dataclass(frozen=True)
class Target:
    """Where a seed holds its first value and first year: a regex whose group 1 is it."""

    seed: str
    value: bytes
    year: bytes


TARGETS = (
    Target(
        "data/enedis_portal_csv/curve_lf_no_bom.csv",
        rb"\n2023-01-15T00:30:00\+01:00;(\d+)",
        rb"\n(2023)-01-15T00:30",
    ),
    Target(
        "data/other_formats/r63_no_header.csv", rb"^(?:[^;]*;){8}(\d+);", rb"^(?:[^;]*;){7}(2024)-"
    ),
    Target("data/other_formats/generic_offsets_w.csv", rb"\n[^;]+;(\d+)", rb"\n(2024)-03-31T01:00"),
    Target(
        "data/other_formats/dataconnect_list_wrapped.json",
        rb'"value": "(\d+)"',
        rb'"date": "(2024)-',
    ),
    Target(
        "data/other_formats/greenbutton_production_scaled.xml",
        rb"<value>(\d+)</value>",
        rb"<timePeriod><duration>900</duration><start>(\d+)</start>",
    ),
    Target(
        "data/other_formats/historique_conso_12345678901234_conso_downloader.csv",
        rb'"(0,696)"',
        rb"\n(2023)-12-12T00:00;",
    ),
    Target(
        "data/enedis_portal_csv/index_calendar_and_peaks.csv",
        rb"quotidien;(1000);",
        rb"\n(2024)-01-10T00:00",
    ),
    Target(
        "data/enedis_2026/tic_standard_line_log_lost_cr.txt",
        rb"SINSTS\t(00800)\t",
        rb"^(2026)-11-30T23:59",
    ),
)
YEARS = ("1900", "1899", "2100", "1970", "2038", "9999", "0001")
EPOCHS = {
    "1900": b"-2208988800",
    "2100": b"4102444800",
    "1970": b"0",
    "9999": b"253402300800",
    "huge": b"99999999999999999999",
    "negative": b"-99999999999",
}
"""Green Button's times are Unix seconds."""


def extreme_cases(by_id: dict[str, Seed]) -> Iterator[Case]:
    """Huge, negative, NaN, infinite and malformed values; dates in 1900, 2100 and beyond."""
    for t in TARGETS:
        seed = by_id[t.seed]
        data = seed.data()
        for value, expect in EXTREME_VALUES.items():
            yield Case(
                f"{seed.id}:value={_label(value)}",
                "extreme",
                seed.path.name,
                const(_sub(t.value, data, value.encode())),
                expect,
                seed.id,
                seed.args,
            )
        epoch = t.year.endswith(rb"(\d+)</start>")
        years = EPOCHS if epoch else {y: y.encode() for y in YEARS}
        for label, year in years.items():
            allowed = (
                frozenset({int(label) - 1, int(label), int(label) + 1})
                if label.isdigit()
                else frozenset()
            )
            expect: Expect = "year" if allowed else "subset"
            yield Case(
                f"{seed.id}:year={label}",
                "extreme",
                seed.path.name,
                const(_sub(t.year, data, year)),
                expect,
                seed.id,
                seed.args,
                years=allowed,
            )


def _label(value: str) -> str:
    return value if len(value) <= 8 else f"{value[0]}x{len(value)}"


def _sub(pattern: bytes, data: bytes, new: bytes) -> bytes:
    """``data`` with group 1 of the first match of ``pattern`` replaced by ``new``."""
    m = re.search(pattern, data, flags=re.MULTILINE)
    if m is None:
        msg = f"pattern {pattern!r} not in the seed"
        raise LookupError(msg)
    return data[: m.start(1)] + new + data[m.end(1) :]


# --- CSV formula cells (OWASP "CSV injection") --------------------------------------------

FORMULAS = ("=1+2", "+5", "@SUM(A1)", '=HYPERLINK("http://x.invalid","clic")', "=cmd|' /C calc'!A0")
FORMULA_TARGETS = (
    # (seed, regex whose group 1 becomes the formula, what it is)
    ("data/other_formats/generic_offsets_w.csv", rb"\n[^;]+;(\d+)", "value"),
    ("data/enedis_portal_csv/curve_lf_no_bom.csv", rb"\n(12345678901234);", "meter"),
    ("data/enedis_portal_csv/curve_lf_no_bom.csv", rb";(W);", "unit"),
    (
        "data/enedis_portal_csv/index_calendar_and_peaks.csv",
        rb"Horodate;Type de releve;(EAS F1);",
        "register",
    ),
    (
        "data/enedis_portal_csv/index_calendar_and_peaks.csv",
        rb"\n2024-01-10T00:00:00\+01:00;([^;]+);",
        "reading kind",
    ),
    ("data/other_formats/r63_no_header.csv", rb"^(12345678901234);", "meter"),
    (
        "data/other_formats/dataconnect_list_wrapped.json",
        rb'"usage_point_id": "(12345678901234)"',
        "meter",
    ),
    ("data/other_formats/edf_cp1252_newest_first.csv", rb"\r\n00:00:00;2000;([^\r]+)\r", "nature"),
)


def formula_cases(by_id: dict[str, Seed]) -> Iterator[Case]:
    """A spreadsheet formula in each text field a reader may keep (meter, register, unit…)."""
    for seed_id, pattern, what in FORMULA_TARGETS:
        seed = by_id[seed_id]
        data = seed.data()
        for formula in FORMULAS:
            yield Case(
                f"{seed.id}:{what}={formula[:14]}",
                "formula",
                seed.path.name,
                const(_sub(pattern, data, formula.encode())),
                "well-formed",
                seed.id,
                seed.args,
                export_csv=True,
            )
    yield Case(
        "generic:header=formula",
        "formula",
        "generic_w.csv",
        const(b"horodatage;=cmd|' /C calc'!A0 (W)\n2024-03-31T01:00:00+01:00;500\n"),
        "well-formed",
        export_csv=True,
    )
