"""The Streamlit dashboard (``python -m app``)."""
