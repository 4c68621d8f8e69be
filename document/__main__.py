"""Entry point of ``python -m document`` and of the ``courbe-report`` command."""

import sys

from document.cli import main

if __name__ == "__main__":
    sys.exit(main())
