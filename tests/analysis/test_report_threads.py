"""The report's second thread: the same report as one thread's, its errors the caller's."""

import threading
from collections.abc import Callable
from concurrent.futures import Future

import polars as pl
import pytest

from analysis import usages
from analysis.report import Settings, analyse, from_curve
from ingest import read_export
from sample_loadcurves.households import SHIPPED

SETTINGS = Settings(kva=9, option="hphc", off_peak="22:30-06:30")


class _OneThread:
    """An executor that runs each task at once, on the caller's thread, when submitted."""

    def __init__(self, **_: object) -> None:
        self.threads = {threading.get_ident()}

    def __enter__(self) -> "_OneThread":
        return self

    def __exit__(self, *_: object) -> None:
        return None

    def submit(
        self, fn: Callable[..., object], /, *args: object, **kwargs: object
    ) -> Future[object]:
        done: Future[object] = Future()
        done.set_result(fn(*args, **kwargs))
        return done


def _curve() -> pl.DataFrame:
    files = sorted((SHIPPED / "maison_electrique").glob("Enedis_*.csv"))
    return read_export(files[0]).curve


def _same(a: object, b: object, where: str = "report") -> None:
    """``a`` and ``b`` equal, their floats to 1e-12 (a multi-threaded sum's last bits)."""
    if isinstance(a, dict) and isinstance(b, dict):
        assert a.keys() == b.keys(), where
        for key in a:
            _same(a[key], b[key], f"{where}.{key}")
    elif isinstance(a, list) and isinstance(b, list):
        assert len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            _same(x, y, f"{where}[{i}]")
    elif isinstance(a, float) and isinstance(b, float):
        assert a == pytest.approx(b, rel=1e-12, abs=1e-12), where
    else:
        assert a == b, where


def test_the_report_is_the_one_its_parts_make_one_after_another(monkeypatch):
    curve = _curve()
    both = analyse(curve, settings=SETTINGS).to_json("en")
    monkeypatch.setattr(from_curve, "ThreadPoolExecutor", _OneThread)
    one = analyse(curve, settings=SETTINGS).to_json("en")
    _same(both, one)
    for part in ("tariffs", "anomalies", "tips", "scenarios"):
        assert both[part], part  # (each compared with something in it)


def test_a_part_that_fails_on_the_second_thread_fails_the_report_and_no_thread_stays(
    monkeypatch,
):
    curve = _curve()

    def broken(*_: object, **__: object) -> None:
        msg = "the water heater's part broke"
        raise RuntimeError(msg)

    monkeypatch.setattr(usages, "water_heater", broken)
    with pytest.raises(RuntimeError, match="water heater's part broke"):
        analyse(curve, settings=SETTINGS)
    assert not [t for t in threading.enumerate() if t.name.startswith("courbe-report")]
