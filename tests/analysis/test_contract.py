"""One contract: the command line on a file or a store and the dashboard price alike."""

import json

import polars as pl
import pytest

from analysis import cli as analysis_cli
from analysis import contract
from analysis.report import Settings
from analysis.tariffs import OffPeak
from app.context import own_contract
from ingest import Store
from ingest import cli as ingest_cli
from tests.ingest.formats.test_tic import _minute_log


def test_said_now_over_saved_over_the_meters_hours_over_the_defaults():
    learned = "01:00-07:00"
    assert contract.settings({}, {}, None) == Settings()
    assert contract.settings({}, {}, learned).off_peak == learned
    saved = {"off_peak": "23:00-07:00", "kva": 6, "option": "hphc", "lang": "en"}
    assert contract.settings({}, saved, learned) == Settings(6, "hphc", "23:00-07:00")
    given = {"off_peak": "22:30-06:30", "kva": None, "option": "", "prices": "latest"}
    assert contract.settings(given, saved, learned) == Settings(6, "hphc", "22:30-06:30")
    assert contract.settings({"option": "no such option"}, {}, None).option == "base"


def test_later_reference_days_override_earlier_ones():
    import datetime as dt

    def colours(*rows):
        return pl.DataFrame(
            [(dt.date(2024, 1, d), c, s) for d, c, s in rows],
            schema=["day", "colour", "source"],
            orient="row",
        )

    meter = colours((1, "BLEU", "TIC"), (2, "BLANC", "TIC"))
    own = colours((2, "ROUGE", "file"), (3, "BLEU", "file"))
    merged = contract.over(meter, None, own).sort("day")
    assert merged.rows() == [
        (dt.date(2024, 1, 1), "BLEU", "TIC"),
        (dt.date(2024, 1, 2), "ROUGE", "file"),
        (dt.date(2024, 1, 3), "BLEU", "file"),
    ]
    assert contract.over(None, pl.DataFrame(schema=meter.schema)) is None


def test_a_store_holding_a_tic_capture_is_priced_on_the_meters_hours_everywhere(tmp_path, capsys):
    capture = tmp_path / "capture.log"
    capture.write_bytes(_minute_log(2, hc=(1, 7)))
    store = tmp_path / "store"
    assert ingest_cli.main(["--store", str(store), str(capture)]) == 0
    capsys.readouterr()
    assert analysis_cli.main(["--store", str(store), "--json"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["settings"]["off_peak"] == "01:00-07:00"
    assert "off-peak hours learned from the meter: 01:00-07:00" in err
    assert own_contract(Store(store))["off_peak"] == "01:00-07:00"
    # What the household said and saved comes first, on both.
    Store(store).save_settings({"off_peak": "23:00-07:00"})
    assert analysis_cli.main(["--store", str(store), "--json"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["settings"]["off_peak"] == "23:00-07:00"
    assert "learned" not in err
    assert own_contract(Store(store))["off_peak"] == "23:00-07:00"


def test_the_off_peak_hours_are_read_once_from_the_settings_for_every_page():
    s = Settings(option="hphc", off_peak="hiver 22h-6h ; été 2h-6h + 14h-16h")
    assert s.off_peak_hours == OffPeak.parse(s.off_peak)
    assert s.off_peak_hours is s.off_peak_hours  # parsed once, kept
    assert s == Settings(option="hphc", off_peak=s.off_peak)  # compared by its fields only
    with pytest.raises(ValueError, match="off-peak"):
        _ = Settings(off_peak="midi").off_peak_hours
