"""The ground-truth evaluation stays runnable; its figures are reported by python -m bench."""

from bench.evaluation import evaluate


def test_evaluation_scores_a_few_households():
    s = evaluate(6)
    assert s.households == 6
    assert s.labels > 0
    assert 0 <= s.recall <= 1
    assert 0 <= s.precision <= 1
    assert len(s.baseload_errors_w) == 6
    assert s.heaters == 4
