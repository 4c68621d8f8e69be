"""``python -m app``: start the dashboard on 127.0.0.1, with no usage statistics."""

import os
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
    # --demo: the adviser's demo mode, sample households only, nothing written to disk.
    demo = "--demo" in sys.argv[1:]
    rest = [a for a in sys.argv[1:] if a != "--demo"]
    env = {**os.environ, **({"COURBE_DEMO": "1"} if demo else {})}
    args = [sys.executable, "-m", "streamlit", "run", str(APP), *FLAGS, *rest]
    print(
        "Courbe: http://127.0.0.1:"
        + next((rest[i + 1] for i, a in enumerate(rest) if a == "--server.port"), "8501")
        + (" (démonstration)" if demo else "")
    )
    sys.exit(subprocess.call(args, cwd=ROOT, env=env))
