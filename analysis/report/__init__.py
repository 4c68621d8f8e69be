"""One report object: every figure the app, the adviser report and the CLI show.

- :mod:`.settings`: what the household says of its contract (:class:`Settings`);
- :mod:`.contents`: what a report holds (:class:`Report`, :class:`Frames`) and its JSON;
- :mod:`.from_curve`: the report of one meter's curve (:func:`analyse`).
"""

from analysis.report.contents import Frames, Report
from analysis.report.from_curve import analyse
from analysis.report.settings import Settings

__all__ = ["Frames", "Report", "Settings", "analyse"]
