"""Shared paths and fixtures; nothing clever."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

TESTS = Path(__file__).parent
DATA = TESTS / "data"
ROOT = TESTS.parent
REAL_EXPORTS = ROOT.parent / "shared" / "real_exports"


def real_export_dir(name: str) -> Path:
    """A folder of real export files; skip when ../shared is absent, except in CI."""
    folder = REAL_EXPORTS / name
    if not folder.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"{folder} is required in CI")
        pytest.skip(f"{folder} not present")
    return folder
