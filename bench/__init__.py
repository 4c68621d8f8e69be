"""Benchmarks with their baselines (``python -m bench``)."""
