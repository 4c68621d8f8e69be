"""Entry point of ``python -m sample_loadcurves``."""

import sys

from sample_loadcurves.cli import main

sys.exit(main())
