"""The adviser's report: self-contained, every figure from the analysis, two A4 pages."""

import datetime as dt
import html
import os
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import polars as pl
import pypdfium2 as pdfium
import pytest

import document
import words
from analysis.report import Report, Settings, analyse
from ingest import read_export
from sample_loadcurves.archetypes import BY_ID
from sample_loadcurves.households import SHIPPED
from tests.conftest import ROOT, real_export_dir

HOUSEHOLDS = sorted(p.name for p in SHIPPED.iterdir() if p.is_dir())
FIGURE = re.compile(r'data-figure="([a-z_0-9]+)">([^<]*)<')
PAGE_1 = re.compile(r'<section class="page">.*?</section>', re.DOTALL)


def _sample(household: str) -> Report:
    a = BY_ID[household]
    files = sorted((SHIPPED / household).glob("Enedis_*.csv"))
    curve = pl.concat([read_export(f).curve for f in files])
    hc = ",".join(f"{s}-{e}" for s, e in a.hc)
    return analyse(curve, settings=Settings(kva=a.kva, option=a.option, off_peak=hc))


def _value(text: str, lang: str = "fr") -> float:
    """A printed figure back to a number (``14 315 kWh`` → 14315; English ``14,315 kWh``)."""
    text = text.replace("\u202f", "").replace("−", "-")
    text = text.replace(",", "") if lang == "en" else text.replace(",", ".")
    return float(re.sub(r"[^\d.-]", "", text))


INTERNAL = re.compile(
    r"analytics\.md|formats\.md|field-2026|§\s*\d|\b[A-Z]{2,}\d{2}-\d{2}\b|\bJC-[A-Z]+\b"
    r"|\bJC\d{2}-\d{2}\b|\(Enertech|Oekotopten"
)
"""Design-note references and price-grid source codes (EDF26-08, JC25-02, JC-EJP)."""
FRENCH = re.compile(
    r"\b(vous|votre|vos|les|des|une|avec|pour|sans|jours|consommation|heures creuses|chauffage"
    r"|données|année|puissance|abonnement|prix|compteur|moins|mois|soirée|nuit|hiver|été)\b",
    re.IGNORECASE,
)
"""Words a French sentence can hardly do without (checked on the English report's text)."""
ENGLISH = re.compile(r"\b(your|the|with|without|days|year|power|heating|prices|meter)\b")


def _text(page: str) -> str:
    """The words a reader sees: no tags, no style, no chart markup."""
    page = re.sub(r"<style>.*?</style>", " ", page, flags=re.DOTALL)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def _check(report: Report, page: str, lang: str = "fr") -> None:
    # Self-contained: no script, no remote reference of any kind.
    assert "<script" not in page
    assert not re.search(r"https?://", page)
    # Only in-document references: the charts' clip paths and markers (#id).
    assert not re.search(r"""(src|href)\s*=\s*["'](?!#)|url\((?!#)|@import""", page)
    assert report.meter not in page  # the meter number is masked
    assert not INTERNAL.search(_text(page)), INTERNAL.search(_text(page))
    printed = dict(FIGURE.findall(page))
    year = document.year_of(report)
    expected = {
        "year_kwh": (year.kwh, 0.5),
        "baseload_w": (report.baseload_w, 0.5),
        "baseload_kwh_per_year": (report.baseload_kwh_per_year, 0.5),
        "baseload_eur_per_year": (report.baseload_eur_per_year, 0.5),
        "hc_share": (100 * report.hc_share, 0.5),
        "break_even_hc_share": (100 * report.break_even_hc_share, 0.5),
        "coverage": (100 * report.coverage, 0.5),
        **{f"total_eur_{c.option}": (c.total_eur, 0.5) for c in report.costs},
    }
    if year.eur is not None:
        expected["year_eur"] = (year.eur, 0.5)
    actions = document.actions(report)
    expected |= {f"action_{i}_eur_per_year": (a.eur_per_year, 0.5) for i, a in enumerate(actions)}
    for name, (value, tolerance) in expected.items():
        assert _value(printed[name], lang) == pytest.approx(value, abs=tolerance), name


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


@pytest.mark.parametrize("household", HOUSEHOLDS)
def test_page_1_sums_up_the_year_three_actions_and_the_contract(household):
    report = _sample(household)
    first = PAGE_1.findall(document.render(report))[0]
    printed = dict(FIGURE.findall(first))
    assert _value(printed["year_kwh"]) == pytest.approx(report.energy_kwh, abs=0.5)
    assert _value(printed["year_eur"]) == pytest.approx(report.current_cost().total_eur, abs=0.5)
    kinds = re.findall(r'data-action="([a-z_]+)"', first)
    # Three when the curve offers three kinds with a yearly figure; a tip whose figure
    # holds only over the measured days is never headlined as euros a year.
    assert kinds == [a.kind for a in document.actions(report)]
    assert 2 <= len(kinds) <= 3
    assert len(set(kinds)) == len(kinds), kinds
    assert all(_value(printed[f"action_{i}_eur_per_year"]) >= 1 for i in range(len(kinds)))
    contract = re.search(r'data-figure="option">(.*?)</p>.*?data-figure="kva">(.*?)</p>', first)
    assert contract is not None
    assert words.say(f"option.{report.settings.option}") in contract.group(1)
    assert f"{report.settings.kva} kVA" in contract.group(2)


def test_actions_are_of_distinct_kinds_when_tips_repeat_one():
    report = _sample("maison_electrique")
    tips = [
        *report.tips,
        *(
            replace(t, id=f"absence_2024-03-{i:02d}", eur_per_year=500 + i, kwh_per_year=100.0)
            for i, t in enumerate(report.tips[:3], 1)
        ),
    ]
    chosen = document.actions(replace(report, tips=tips))
    assert next(a.kind for a in chosen) == "absence"
    assert len({a.kind for a in chosen}) == len(chosen) == 3


def test_client_adviser_and_date_appear_when_given():
    report = _sample("appartement_gaz")
    page = document.render(
        report, today=dt.date(2026, 12, 2), client="Famille Martin", adviser="Claire <Dubois>"
    )
    printed = dict(FIGURE.findall(page))
    assert "Famille Martin" in page
    assert "Claire &lt;Dubois&gt;" in page  # escaped, never markup
    assert "02/12/2026" in printed["date"]
    plain = document.render(report, today=dt.date(2026, 12, 2))
    assert 'data-figure="client"' not in plain
    assert 'data-figure="adviser"' not in plain


def test_long_names_keep_two_pages(tmp_path):
    """Pages grow with their content (no clipping): an overfull page would print a third."""
    page = document.render(
        _sample("maison_electrique"), client="Famille " + "Martin-" * 11, adviser="C. " * 26
    )
    assert _pages(document.to_pdf(page, tmp_path / "rapport.pdf")) == 2


def test_a_heated_home_is_told_the_reference_home_is_not_heated():
    heated, unheated = _sample("maison_electrique"), _sample("appartement_gaz")
    assert heated.heating.found
    assert not unheated.heating.found
    for report, key in ((heated, "homes_heated"), (unheated, "homes_unheated")):
        page = document.render(report)
        assert "sans chauffage électrique" in page
        caveat = re.search(r'data-figure="homes_caveat">(.*?)</p>', page)
        assert caveat is not None
        sentence = words.sentences()[f"report.{key}"]["fr"]
        assert sentence.split("{")[0] in html.unescape(caveat.group(1))


def test_the_year_before_is_compared_on_the_days_both_years_hold():
    report = _sample("appartement_gaz")
    daily = report.frames.daily
    earlier = daily.with_columns(pl.col("day").dt.offset_by("-1y"), pl.col("kwh") * 2)
    doubled = replace(report, frames=replace(report.frames, daily=pl.concat([earlier, daily])))
    before = document.year_before(doubled, document.year_of(report))
    assert before is not None
    assert before.share == pytest.approx(-0.5)
    assert document.year_before(report, document.year_of(report)) is None
    assert "−" in dict(FIGURE.findall(document.render(doubled)))["vs_year_kwh"]


def test_anomalies_are_counted_and_only_the_biggest_listed():
    report = _sample("maison_electrique")
    one = next(a for a in report.anomalies if a.kind == "absence_consumption")
    many = [replace(one, size=one.size + i) for i in range(17)]
    page = document.render(replace(report, anomalies=[*report.anomalies, *many]))
    section = page.split("Ce qui sort de l'ordinaire")[1].split("<h2>")[0]
    assert section.count("<li>") <= document.MAX_ANOMALIES
    assert section.count("Consommation pendant une absence</b>") == document.PER_KIND
    home = [a for a in report.anomalies if a.kind not in document.DATA_KINDS]
    assert f"{len(home) + 17} faits relevés" in section
    assert "autres dans" not in section


def test_report_in_english_has_no_french_sentence():
    for household in ("appartement_gaz", "maison_electrique"):
        report = _sample(household)
        page = document.render(report, lang="en", client="Mr Smith", adviser="Ann Lee")
        assert '<html lang="en">' in page
        assert "Your home electricity report" in page
        assert f"€{report.current_cost().total_eur:,.0f}" in page
        words = sorted({m.lower() for m in FRENCH.findall(_text(page))})
        assert not words, words
        french = _text(document.render(report, lang="fr"))
        assert len(FRENCH.findall(french)) > 50  # the markers do find French
        assert not ENGLISH.findall(french), ENGLISH.findall(french)


REAL_CURVES = [
    ("enedis_portal_csv", "guiedf_conso_heure_2023-08-09_2024-07-25.csv"),
    ("enedis_portal_csv", "guiedf_conso_heure_2022-10-24_2024-07-25_mixed_step.csv"),
    ("enedis_portal_csv", "edfcomparateur_consoexemple_2022-07_2023-07.csv"),
    ("enedis_r63_csv", "solarcalculet_r63_cdc_lines0001-11500.csv"),
    ("enedis_r63_csv", "solarcalculet_r63_cdc_lines23600-24000_no_header.csv"),
]


@pytest.mark.real
@pytest.mark.parametrize(("folder", "name"), REAL_CURVES)
def test_report_of_a_real_export(folder, name, tmp_path):
    export = read_export(real_export_dir(folder) / name)
    report = analyse(export.curve, peaks=export.peaks, settings=Settings(kva=6, option="hphc"))
    for lang in ("fr", "en"):
        page = document.render(report, lang=lang)
        _check(report, page, lang)
        if lang == "en":
            assert not FRENCH.findall(_text(page)), sorted(set(FRENCH.findall(_text(page))))
        assert _pages(document.to_pdf(page, tmp_path / f"rapport-{lang}.pdf")) == 2


def test_pdf_without_chromium_says_so(tmp_path, monkeypatch):
    monkeypatch.setattr(document.pdf, "find_chromium", lambda: None)  # to_pdf looks there
    with pytest.raises(document.PdfUnavailable, match="needs Chromium"):
        document.to_pdf("<p>x</p>", tmp_path / "x.pdf")
    with pytest.raises(document.PdfUnavailable, match="could not run"):
        document.to_pdf("<p>x</p>", tmp_path / "x.pdf", chromium=str(tmp_path / "none"))
    assert not (tmp_path / "x.pdf").exists()


def test_cli_writes_the_report_and_its_pdf(tmp_path):
    f = sorted((SHIPPED / "appartement_gaz").glob("Enedis_*.csv"))[0]
    out = tmp_path / "rapport.html"
    done = subprocess.run(
        [
            *(sys.executable, "-m", "document", str(f), "--out", str(out), "--pdf"),
            *("--client", "Famille Martin", "--adviser", "Claire Dubois", "--date", "2026-12-02"),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    page = out.read_text("utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "Famille Martin" in page
    assert "Claire Dubois" in page
    assert "02/12/2026" in page
    assert _pages(out.with_suffix(".pdf")) == 2


def test_cli_refuses_a_bad_date_in_one_line(tmp_path):
    f = sorted((SHIPPED / "appartement_gaz").glob("Enedis_*.csv"))[0]
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "document",
            str(f),
            "--out",
            str(tmp_path / "r.html"),
            "--date",
            "02/12/2026",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode != 0
    assert "expected a day as YYYY-MM-DD" in done.stderr
    assert "Traceback" not in done.stderr


def test_report_pages_render_to_images(tmp_path):
    """Each printed page as a PNG (README and notes use them: set COURBE_SCREENSHOTS)."""
    folder = Path(os.environ.get("COURBE_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page = document.render(
        _sample("maison_electrique"),
        today=dt.date(2026, 12, 2),
        client="Famille Martin",
        adviser="Claire Dubois",
    )
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


def test_contract_line_never_advises_ejp_to_a_household_not_on_it():
    # EJP is closed to new contracts since 1998: on autoconsommation_solaire (Base, 9 kVA)
    # it is the cheapest cost computed, but the contract line names an option one can take.
    report = _sample("autoconsommation_solaire")
    assert min(report.costs, key=lambda c: c.total_eur).option == "ejp"
    first = PAGE_1.findall(document.render(report))[0]
    option_line = re.search(r'data-figure="option">(.*?)</p>', first)
    assert option_line is not None
    assert "EJP" not in option_line.group(1)


def test_a_lower_kva_is_an_action_only_when_the_power_verdict_advises_it():
    # maison_electrique: its peaks stay under 9 kVA, but a single year without the meter's
    # own peaks leaves the verdict inconclusive; page 1 must not say "9 kVA tient".
    report = _sample("maison_electrique")
    lower = next(s for s in report.scenarios if s.id == "lower_kva")
    assert not report.power.allows(lower.kva)
    assert all(a.kind != "kva" for a in document.actions(report))


@pytest.mark.real
def test_page_1_advises_the_option_the_tips_advise_with_their_figure():
    # guiEDF 2023-24: 351 days, a completed year says Tempo saves 75 € ± 12 a year; page 1
    # said 72 € (the measured period divided by its years), the dashboard 75 €.
    folder = real_export_dir("enedis_portal_csv")
    curve = read_export(folder / "guiedf_conso_heure_2023-08-09_2024-07-25.csv").curve
    report = analyse(curve, settings=Settings(kva=6, option="base"))
    (tip,) = [t for t in report.tips if t.id.startswith("option_")]
    page = document.render(report)
    assert f"{words.euros(tip.eur_per_year)} de moins par an" in html.unescape(page)
    # Four months: no year to judge an option on, no option tip, and page 1 advises no change.
    spring = analyse(curve.filter(pl.col("start") < dt.datetime(2023, 12, 1, tzinfo=dt.UTC)))
    assert not [t for t in spring.tips if t.id.startswith("option_")]
    assert "de moins par an que" not in html.unescape(document.render(spring))


def test_a_year_with_a_day_missing_is_not_printed_as_wholly_known():
    """The sample household misses 12 Aug 2024: 17,520 of 17,568 half-hours, 99.73 %."""
    report = _sample("maison_electrique")
    assert report.coverage == pytest.approx(17_520 / 17_568)
    printed = dict(FIGURE.findall(document.render(report, today=dt.date(2026, 12, 6))))
    assert html.unescape(printed["coverage"]) == words.percent(0.997, 1)  # not 100 %
    english = dict(FIGURE.findall(document.render(report, lang="en", today=dt.date(2026, 12, 6))))
    assert html.unescape(english["coverage"]) == "99.7%"
    whole = dict(FIGURE.findall(document.render(replace(report, coverage=1.0))))
    assert html.unescape(whole["coverage"]) == words.percent(1.0)
