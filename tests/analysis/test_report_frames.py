"""The report's chart frames: computed on first use, equal to their functions, kept in a copy."""

import pickle

from analysis import baseload, habits
from analysis.report import Report, analyse
from analysis.report.contents import DRAWN
from ingest import read_export
from sample_loadcurves.households import SHIPPED


def _report() -> Report:
    files = sorted(next(p for p in sorted(SHIPPED.iterdir()) if p.is_dir()).glob("Enedis_*.csv"))
    return analyse(read_export(files[0]).curve)


def test_chart_frames_wait_for_their_first_use_and_are_those_of_their_functions():
    report = _report()
    report.to_json("en")
    # The JSON (the command line's) draws no chart: none of their frames was computed.
    assert not set(DRAWN) & set(vars(report.frames))
    prepared = report.frames.prepared
    assert report.frames.monthly.equals(habits.totals(prepared, "1mo"))
    assert report.frames.typical_days.equals(habits.typical_days(prepared))
    assert report.frames.weekday_hour.equals(habits.weekday_hour(prepared))
    assert report.frames.load_duration.equals(habits.load_duration(prepared))
    assert report.frames.baseload_trend.equals(baseload.trend(report.frames.baseload))
    assert set(DRAWN) <= set(vars(report.frames))


def test_a_cached_copy_carries_the_frames_drawn_before_it_was_taken():
    report = _report()
    report.frames.drawn()
    copy = pickle.loads(pickle.dumps(report))
    assert set(DRAWN) <= set(vars(copy.frames))
    for name in DRAWN:
        assert getattr(copy.frames, name).equals(getattr(report.frames, name))
