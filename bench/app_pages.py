"""A dashboard page switch on three years of 30-min data, warm: the server's time.

Each page is run through Streamlit's AppTest (the script run the server does on a click,
without the browser), on a store holding three years; the figure is the slowest page's
median. Baseline: AppTest running a one-line page, its own overhead. Target: under 0.3 s (issue 21).
"""

from __future__ import annotations

import logging
import statistics
import tempfile
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

import ingest
from bench.common import Result, median_seconds
from bench.report import three_years

ROOT = Path(__file__).parent.parent
ENTRY = str(ROOT / "app" / "streamlit_app.py")
PAGES = [
    "vue_ensemble",
    "explorer",
    "habitudes",
    "puissance",
    "anomalies",
    "economies",
    "rapport",
    "donnees",
    "accueil",
]


def run(repeat: int = 5, *, years: int = 3) -> list[Result]:
    """Time every page switch (warm) and AppTest's own overhead."""
    logging.getLogger("streamlit").setLevel(logging.ERROR)  # AppTest's bare-mode warnings
    curve = three_years() if years == 3 else three_years().head(17_568 * years)
    with tempfile.TemporaryDirectory() as folder:
        store = ingest.Store(folder)
        store.add(
            ingest.Export(name="three-years", format="bench", meter=curve["meter"][0], curve=curve)
        )
        store.save_settings({"kva": 12, "option": "hphc", "off_peak": "22:30-06:30"})
        at = AppTest.from_file(ENTRY, default_timeout=120)
        at.session_state["store_path"] = folder
        at.run()
        for page in PAGES:  # warm: the cached report, Python's imports
            at.switch_page(f"app_pages/{page}.py").run()
        times: dict[str, list[float]] = {p: [] for p in PAGES}
        for _ in range(repeat):
            for page in PAGES:  # each switch comes from another page, as a click does
                t = time.perf_counter()
                at.switch_page(f"app_pages/{page}.py").run()
                times[page].append(time.perf_counter() - t)
                if at.exception:
                    msg = f"{page}: {at.exception[0].value}"
                    raise RuntimeError(msg)
    medians = {p: statistics.median(v) for p, v in times.items()}
    slowest = max(medians, key=lambda p: medians[p])
    empty = AppTest.from_string("import streamlit as st\nst.write('x')", default_timeout=60)
    overhead = median_seconds(lambda: empty.run(), repeat=repeat)
    return [
        Result(
            f"dashboard page switch, 3 years, slowest page ({slowest})",
            medians[slowest],
            "AppTest running a one-line page",
            overhead,
            0.3,
            "absolute_max",
        ),
        *(
            Result(f"  page {p}", medians[p], "", overhead, None, "absolute_max")
            for p in PAGES
            if p != slowest
        ),
    ]
