"""`python -m sample_loadcurves --store DIR`: a generated cohort straight into a store."""

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from ingest import Store
from sample_loadcurves.cli import main
from sample_loadcurves.households import generate


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("generated") / "store"
    assert main(["--households", "3", "--years", "2", "--seed", "3", "--store", str(folder)]) == 0
    return folder


def test_the_store_holds_the_same_curves_as_the_parquet_cohort(store, tmp_path):
    generate(tmp_path, households=3, years=2, seed=3)
    parquet = pl.read_parquet(tmp_path / "curve" / "*.parquet").sort("meter", "direction", "start")
    stored = Store(store).curve().collect().sort("meter", "direction", "start")
    assert Store(store).meters() == ["99000000000000", "99000000000001", "99000000000002"]
    assert_frame_equal(stored, parquet)


def test_the_ground_truth_is_beside_the_store(store, tmp_path):
    generate(tmp_path, households=3, years=2, seed=3)
    for name in ("anomalies.parquet", "households.parquet", "truth", "truth_daily"):
        assert (store / name).exists(), name
    assert not list(store.glob("curve/part-*"))
    for name in ("anomalies.parquet", "households.parquet"):
        assert_frame_equal(pl.read_parquet(store / name), pl.read_parquet(tmp_path / name))
    assert_frame_equal(
        pl.read_parquet(store / "truth" / "*.parquet"),
        pl.read_parquet(tmp_path / "truth" / "*.parquet"),
    )


def test_one_import_per_household_each_its_own(store):
    log = Store(store).imports()
    assert [e["format"] for e in log] == ["simulated"] * 3
    assert len({e["blake3"] for e in log}) == 3  # never mistaken for one file imported again
    assert all(e["period"] == ["2023-01-01", "2024-12-31"] for e in log)


def test_a_store_is_not_written_over(store, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--households", "1", "--store", str(store)])
    assert exit_.value.code == 2
    assert "already holds a store" in capsys.readouterr().err


def test_out_and_store_exclude_each_other(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--households", "1", "--out", str(tmp_path / "a"), "--store", str(tmp_path / "b")])
    assert exit_.value.code == 2
    assert "not allowed with argument" in capsys.readouterr().err


def test_a_generated_cohort_is_one_commit_whatever_its_size(tmp_path, monkeypatch):
    """One manifest write for 1 or 4 households: before, one per household, each rewriting a
    manifest that grows with the store (10,000 households: 1 h 35 min instead of minutes)."""
    from ingest.store import MANIFEST, atomic

    real = atomic.write_bytes
    manifests: list[int] = []

    def counted(path, data):
        if path.name == MANIFEST:
            manifests.append(len(data))
        real(path, data)

    monkeypatch.setattr(atomic, "write_bytes", counted)
    for households in (1, 4):
        manifests.clear()
        generate(tmp_path / str(households), households=households, years=1, seed=2, into="store")
        assert len(manifests) == 1
        store = Store(tmp_path / str(households))
        assert len(store.meters()) == households
        assert [e["meters"] for e in store.imports()] == [[m] for m in _pseudonyms(store)]


def _pseudonyms(store):
    from ingest.privacy import pseudonym

    return [pseudonym(m, store.secret()) for m in store.meters()]
