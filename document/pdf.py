"""The PDF: the HTML document printed by a headless Chromium, when one is installed."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

CHROMIUMS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


class PdfUnavailable(RuntimeError):
    """No Chromium to print with, or the print failed."""


def find_chromium() -> str | None:
    """The path of an installed Chromium or Chrome, or None."""
    return next((p for p in map(shutil.which, CHROMIUMS) if p), None)


def to_pdf(document: str, out: Path, *, chromium: str | None = None) -> Path:
    """Print an HTML document to ``out`` with headless Chromium (A4, no header or footer).

    Raises
    ------
    PdfUnavailable
        If no Chromium is installed, or it did not write the PDF.
    """
    browser = chromium or find_chromium()
    if browser is None:
        msg = "printing to PDF needs Chromium (apt install chromium); the HTML report prints too"
        raise PdfUnavailable(msg)
    with tempfile.TemporaryDirectory(prefix="courbe-pdf-") as folder:
        page = Path(folder) / "rapport.html"
        page.write_text(document, "utf-8")
        target = Path(folder) / "rapport.pdf"
        args = [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            f"--user-data-dir={Path(folder) / 'profile'}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={target}",
            page.as_uri(),
        ]
        env = {**os.environ, "HOME": folder}
        try:
            done = subprocess.run(args, capture_output=True, timeout=120, check=False, env=env)
        except (OSError, subprocess.TimeoutExpired) as error:
            msg = f"could not run {browser}: {error}"
            raise PdfUnavailable(msg) from error
        if not target.exists() or target.stat().st_size == 0:
            msg = f"Chromium did not print the report (exit {done.returncode})"
            raise PdfUnavailable(msg)
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(target, out)
    return out
