"""The figures of the reports, one module per study; each function returns a matplotlib ``Figure``.

- :mod:`~fingan.report.figures.market`: return histograms, QQ plots, training curves, sample
  paths, stylized-fact curves and correlation heatmaps (the market study).
- :mod:`~fingan.report.figures.tabular`: column distributions, pairwise-dependence gaps,
  distances to the closest record and metric intervals (the credit study).
- :mod:`~fingan.report.figures.risk`: VaR forecasts with violations and Basel traffic lights.
- :mod:`~fingan.report.figures.forecast`: fan charts, PIT histograms and CRPS over time.
- :mod:`~fingan.report.figures.common`: what the modules above share (panel grids, histogram
  bins); the colours are in :mod:`fingan.report.palette`.

Figures are built without pyplot, so drawing one changes no global state. Import them from
their module, e.g. ``from fingan.report.figures.risk import violation_counts``.
"""
