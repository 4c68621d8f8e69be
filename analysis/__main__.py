"""Entry point of ``python -m analysis`` and of the ``courbe-analysis`` command."""

import os
import sys

if sys.argv[1:2] == ["reports"]:
    # Reports run Polars on one thread, as each Dask worker does (analysis.distributed): a
    # report's multi-threaded sums differ in their last bits from run to run, one thread's
    # never do, so a report is the same bits here and on a cluster. (Set before Polars loads.)
    os.environ.setdefault("POLARS_MAX_THREADS", "1")

from analysis.cli import main  # after the thread count is set


def run() -> int:
    """The ``courbe-analysis`` command: this module's set-up, then :func:`analysis.cli.main`."""
    return main()


if __name__ == "__main__":  # a Dask worker process imports this module again
    sys.exit(main())
