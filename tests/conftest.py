"""Shared paths and fixtures; nothing clever."""

from __future__ import annotations

import contextlib
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


MISSING_SHARED = (
    "the real exports are missing: put the project's shared folder beside the checkout "
    "(../shared/real_exports), or leave these tests out with -m 'not real'"
)
"""What a test that needs ../shared says when it is not there: never a silent skip."""


def real_export_dir(name: str) -> Path:
    """A folder of real export files; the test fails, saying what to do, when it is absent."""
    folder = REAL_EXPORTS / name
    if not folder.is_dir():
        pytest.fail(f"{folder}: {MISSING_SHARED}")
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
