"""``python -m app``: the dashboard (coming with the dashboard issue)."""

import sys

print("Courbe's dashboard is coming soon. Meanwhile: python -m ingest FILE… imports your files.")
sys.exit(0)
