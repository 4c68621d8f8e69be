"""The builders every reader shares (ingest/formats/common.py)."""

import numpy as np

from ingest.formats.common import known_steps


def test_known_steps_gives_unknown_rows_the_most_common_known_step():
    def counted(minutes: np.ndarray) -> np.ndarray:  # the rule, row by row
        known = [5, 10, 15, 30, 60]
        counts = {s: int((minutes == s).sum()) for s in known}
        usual = max(known, key=lambda s: counts[s]) if any(counts.values()) else 30
        return np.where(np.isin(minutes, known), minutes, usual)

    rng = np.random.default_rng(7)
    for _ in range(300):
        n = int(rng.integers(0, 400))
        mix = rng.dirichlet(np.ones(7) * rng.choice([0.2, 1, 5]))  # ties, majorities, none known
        minutes = rng.choice([5, 10, 15, 30, 60, -1, 45], size=n, p=mix).astype(np.int64)
        assert (known_steps(minutes.copy()) == counted(minutes)).all()
