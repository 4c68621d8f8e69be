"""``python -m app``: start the dashboard on 127.0.0.1, with no usage statistics."""

import subprocess
import sys
from pathlib import Path

APP = Path(__file__).parent / "streamlit_app.py"
ROOT = Path(__file__).parent.parent

# The same privacy settings as app/.streamlit/config.toml, passed explicitly as well.
FLAGS = [
    "--server.address",
    "127.0.0.1",
    "--browser.gatherUsageStats",
    "false",
    "--server.headless",
    "true",
    "--server.fileWatcherType",
    "none",
]

if __name__ == "__main__":
    args = [sys.executable, "-m", "streamlit", "run", str(APP), *FLAGS, *sys.argv[1:]]
    print(
        "Courbe: http://127.0.0.1:"
        + next((sys.argv[i + 1] for i, a in enumerate(sys.argv) if a == "--server.port"), "8501")
    )
    sys.exit(subprocess.call(args, cwd=ROOT))
