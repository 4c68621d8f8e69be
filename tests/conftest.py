"""Shared paths and fixtures; nothing clever."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import TYPE_CHECKING

import psutil
import pytest

from tests.servers import adopt_orphans, describe, left_behind

if TYPE_CHECKING:
    from collections.abc import Iterator

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


@pytest.fixture(scope="session", autouse=True)
def no_process_left_behind() -> Iterator[None]:
    """The suite ends with no child process alive: a server or worker left running fails it.

    Checked after every other fixture is torn down (this one starts first); processes
    still closing get 5 s. What is left is named, then killed.
    """
    adopt_orphans()
    yield
    _, alive = psutil.wait_procs(left_behind(), timeout=5)
    if alive:
        names = "\n".join(describe(p) for p in alive)
        for p in alive:
            with contextlib.suppress(psutil.Error):
                p.kill()
        pytest.fail(f"{len(alive)} child processes outlived the tests:\n{names}", pytrace=False)
