"""Thin Streamlit pages; every figure comes from ``analysis``."""
