"""``python -m analysis``: --prices dated and seasonal --hc reach the costs."""

import datetime as dt
import json
import subprocess
import sys

import pytest

from analysis import tariffs
from analysis.curve import prepare
from ingest import read_export
from sample_loadcurves.households import SHIPPED
from tests.conftest import ROOT

SEASONAL = "hiver 22h-6h ; été 2h-6h + 14h-16h"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "analysis", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )


def test_dated_prices_and_seasonal_hours_from_the_command_line():
    f = sorted((SHIPPED / "appartement_gaz").glob("Enedis_*.csv"))[0]
    out = _run(str(f), "--kva", "6", "--option", "hphc", "--hc", SEASONAL, "--prices", "dated")
    assert out.returncode == 0, out.stderr
    doc = json.loads(
        _run(str(f), "--kva", "6", "--hc", SEASONAL, "--prices", "dated", "--json").stdout
    )
    assert doc["settings"]["off_peak"] == SEASONAL
    prepared = prepare(read_export(f).curve)
    op = tariffs.OffPeak.parse(SEASONAL)
    for option in ("base", "hphc"):
        expected = tariffs.cost(prepared, option, 6, off_peak=op, prices="dated")
        got = next(t for t in doc["tariffs"] if t["option"] == option)
        assert got["total_eur"] == pytest.approx(expected.total_eur, abs=0.01), option
    base = next(t for t in doc["tariffs"] if t["option"] == "base")["total_eur"]
    assert abs(tariffs.cost(prepared, "base", 6).total_eur - base) > 10  # 2024 prices, not today's


def test_a_refused_hc_is_one_line_before_any_file_is_read(tmp_path):
    out = _run(str(tmp_path / "absent.csv"), "--hc", "22-6")
    assert out.returncode == 1
    assert out.stderr == (
        "error: expected off-peak hours like 22h-6h, 22h30-6h30, 0h-7h + 13h-15h or "
        "22:00-06:00, got '22-6'\n"
    )


def test_the_summary_says_estimated_tempo_colours_and_missing_temperatures(tmp_path):
    # A 1 kW curve of the year to 01/12/2026: the shipped colours stop at 23/08/2026 and
    # the shipped temperatures at 29/11/2025 (its 366 local days: 01:00 Paris to 01:00);
    # the text summary must say both.
    f = tmp_path / "recent.csv"
    start = dt.datetime(2025, 12, 1, tzinfo=dt.UTC)
    stamps = [f"{(start + dt.timedelta(minutes=30 * i)).isoformat()},1000" for i in range(365 * 48)]
    f.write_text("date,power_w\n" + "\n".join(stamps) + "\n")
    out = _run(str(f), "--option", "tempo")
    assert out.returncode == 0, out.stderr
    tempo_line = next(line for line in out.stdout.splitlines() if line.startswith("  tempo "))
    assert "(couleurs estimées pour 99 jours)" in tempo_line
    assert "Températures connues pour 0 des 366 jours (jusqu'au 29/11/2025)" in out.stdout


def test_the_english_summary_says_nothing_in_french(tmp_path):
    f = tmp_path / "recent.csv"
    # June to October 2026: the shipped Tempo colours stop at 23/08/2026.
    start = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)
    stamps = [f"{(start + dt.timedelta(minutes=30 * i)).isoformat()},1000" for i in range(150 * 48)]
    f.write_text("date,power_w\n" + "\n".join(stamps) + "\n")
    out = _run(str(f), "--option", "tempo", "--lang", "en")
    assert out.returncode == 0, out.stderr
    french = (" les ", " des ", " jours", " pour ", " votre ", " vous ", "é", "è")
    said = [line for line in out.stdout.splitlines() if any(w in line for w in french)]
    assert said == []
    assert "(colours estimated for" in out.stdout


def test_the_english_json_says_its_cost_notes_and_assumptions_in_english(tmp_path):
    # The same curve as above, as JSON: every tariff's notes (grids, estimated colours)
    # and the assumptions are said in the language asked, and are the report's own.
    f = tmp_path / "recent.csv"
    start = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)
    stamps = [f"{(start + dt.timedelta(minutes=30 * i)).isoformat()},1000" for i in range(150 * 48)]
    f.write_text("date,power_w\n" + "\n".join(stamps) + "\n")
    french = (" les ", " des ", " jours", " pour ", " de la ", "é", "è")
    for lang, other in (("en", french), ("fr", (" days", " the ", " of the "))):
        out = _run(str(f), "--option", "tempo", "--json", "--lang", lang)
        assert out.returncode == 0, out.stderr
        doc = json.loads(out.stdout)
        sentences = [n for t in doc["tariffs"] for n in t["notes"]] + doc["assumptions"]
        assert len(sentences) > 5
        assert [s for s in sentences if any(w in s for w in other)] == []
    tempo = next(t for t in doc["tariffs"] if t["option"] == "tempo")
    assert any(n.startswith("Tempo : couleurs estimées pour") for n in tempo["notes"])
