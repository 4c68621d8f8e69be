"""Analysis of canonical load curves: habits, always-on load, power, tariffs, anomalies, tips."""
