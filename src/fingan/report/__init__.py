"""Turning results into self-contained HTML reports with figures."""

from fingan.report.figures.market import qq_plot, return_histograms, training_curves
from fingan.report.html import HtmlReport, write_report_folder

__all__ = [
    "HtmlReport",
    "qq_plot",
    "return_histograms",
    "training_curves",
    "write_report_folder",
]
