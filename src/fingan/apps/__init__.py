"""Applications that compose data, models, baselines, metrics and reports."""

from fingan.apps.demo import DemoResult, run_demo

__all__ = ["DemoResult", "run_demo"]
