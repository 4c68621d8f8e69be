"""The adviser's report: self-contained, every figure from the analysis, two A4 pages."""

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import polars as pl
import pypdfium2 as pdfium
import pytest

from analysis import document
from analysis.report import Report, Settings, analyse
from ingest import read_export
from sample_loadcurves.archetypes import BY_ID
from sample_loadcurves.households import SHIPPED
from tests.conftest import ROOT, real_export_dir

HOUSEHOLDS = sorted(p.name for p in SHIPPED.iterdir() if p.is_dir())
FIGURE = re.compile(r'data-figure="([a-z_0-9]+)">([^<]*)<')


def _sample(household: str) -> Report:
    a = BY_ID[household]
    files = sorted((SHIPPED / household).glob("Enedis_*.csv"))
    curve = pl.concat([read_export(f).curve for f in files])
    hc = ",".join(f"{s}-{e}" for s, e in a.hc)
    return analyse(curve, settings=Settings(kva=a.kva, option=a.option, off_peak=hc))


def _real() -> Report:
    folder = real_export_dir("enedis_portal_csv")
    export = read_export(folder / "guiedf_conso_heure_2023-08-09_2024-07-25.csv")
    return analyse(export.curve, settings=Settings(kva=6, option="hphc"))


def _value(text: str) -> float:
    """A printed French figure back to a number (``14 315 kWh`` → 14315)."""
    digits = re.sub(r"[^\d,.-]", "", text.replace("\u202f", "")).replace(",", ".")
    return float(digits)


def _check(report: Report, page: str) -> None:
    # Self-contained: no script, no remote reference of any kind.
    assert "<script" not in page
    assert not re.search(r"https?://", page)
    # Only in-document references: the charts' clip paths and markers (#id).
    assert not re.search(r"""(src|href)\s*=\s*["'](?!#)|url\((?!#)|@import""", page)
    assert report.meter not in page  # the meter number is masked
    printed = dict(FIGURE.findall(page))
    expected = {
        "energy_kwh": (report.energy_kwh, 0.5),
        "energy_kwh_per_year": (report.energy_kwh / report.years, 0.5),
        "baseload_w": (report.baseload_w, 0.5),
        "baseload_kwh_per_year": (report.baseload_kwh_per_year, 0.5),
        "baseload_eur_per_year": (report.baseload_eur_per_year, 0.5),
        "peak_w": (report.peak_w / 1000, 0.05),
        "hc_share": (100 * report.hc_share, 0.5),
        "break_even_hc_share": (100 * report.break_even_hc_share, 0.5),
        "coverage": (100 * report.coverage, 0.5),
        **{f"total_eur_{c.option}": (c.total_eur, 0.5) for c in report.costs},
    }
    current = report.current_cost()
    if current is not None:
        expected["current_total_eur"] = (current.total_eur, 0.5)
    tips = report.tips[: document.MAX_TIPS]  # ranked by analysis.tips, as on the dashboard
    expected |= {f"tip_{i}_eur_per_year": (t.headline_eur, 0.5) for i, t in enumerate(tips)}
    assert set(printed) == set(expected)
    for name, (value, tolerance) in expected.items():
        assert _value(printed[name]) == pytest.approx(value, abs=tolerance), name


def _pages(pdf: Path) -> int:
    doc = pdfium.PdfDocument(pdf)
    try:
        return len(doc)
    finally:
        doc.close()


@pytest.mark.parametrize("household", HOUSEHOLDS)
def test_report_of_every_sample_household(household, tmp_path):
    report = _sample(household)
    page = document.render(report, today=dt.date(2026, 11, 23))
    _check(report, page)
    pdf = document.to_pdf(page, tmp_path / "rapport.pdf")
    assert _pages(pdf) == 2


@pytest.mark.real
def test_report_of_a_real_export(tmp_path):
    report = _real()
    page = document.render(report)
    _check(report, page)
    assert _pages(document.to_pdf(page, tmp_path / "rapport.pdf")) == 2


def test_report_in_english():
    report = _sample("appartement_gaz")
    page = document.render(report, lang="en")
    assert '<html lang="en">' in page
    assert "Your electricity, explained" in page
    assert f"€{report.current_cost().total_eur:,.0f}" in page


def test_pdf_without_chromium_says_so(tmp_path, monkeypatch):
    monkeypatch.setattr(document, "find_chromium", lambda: None)
    with pytest.raises(document.PdfUnavailable, match="needs Chromium"):
        document.to_pdf("<p>x</p>", tmp_path / "x.pdf")
    with pytest.raises(document.PdfUnavailable, match="could not run"):
        document.to_pdf("<p>x</p>", tmp_path / "x.pdf", chromium=str(tmp_path / "none"))
    assert not (tmp_path / "x.pdf").exists()


def test_cli_writes_the_report_and_its_pdf(tmp_path):
    f = sorted((SHIPPED / "appartement_gaz").glob("Enedis_*.csv"))[0]
    out = tmp_path / "rapport.html"
    done = subprocess.run(
        [sys.executable, "-m", "analysis", "report", str(f), "--out", str(out), "--pdf"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert out.read_text("utf-8").startswith("<!DOCTYPE html>")
    assert _pages(out.with_suffix(".pdf")) == 2


def test_report_pages_render_to_images(tmp_path):
    """Each printed page as a PNG (README and notes use them: set COURBE_SCREENSHOTS)."""
    folder = Path(os.environ.get("COURBE_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page = document.render(_sample("maison_electrique"), today=dt.date(2026, 11, 23))
    pdf = pdfium.PdfDocument(document.to_pdf(page, tmp_path / "rapport.pdf"))
    try:
        for i in range(len(pdf)):
            image = pdf[i].render(scale=1.5).to_pil()
            assert image.size[1] > image.size[0]  # A4 portrait
            lo, hi = image.convert("L").getextrema()
            assert hi - lo > 100  # not blank
            image.save(folder / f"rapport_page_{i + 1}.png")
    finally:
        pdf.close()
