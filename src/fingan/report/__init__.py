"""Turning results into self-contained HTML reports with figures."""

from fingan.report.figures import qq_plot, return_histograms, training_curves
from fingan.report.html import HtmlReport

__all__ = ["HtmlReport", "qq_plot", "return_histograms", "training_curves"]
