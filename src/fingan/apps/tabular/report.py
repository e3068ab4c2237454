"""The report of ``fingan tabular evaluate``: verdict, fidelity, usefulness, privacy."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from fingan.report import HtmlReport
from fingan.report.figures.tabular import column_distributions, dcr_distributions

if TYPE_CHECKING:
    from fingan.apps.tabular.study import TabularEvaluation

__all__ = ["MAX_COLUMNS_DRAWN", "tabular_report"]

MAX_COLUMNS_DRAWN = 12
"""The report draws the marginals of at most this many columns, those whose shapes differ most."""


def tabular_report(study: TabularEvaluation) -> HtmlReport:
    """Return the report: verdict, headline figures, column shapes, the privacy audit."""
    report = HtmlReport("fingan tabular evaluate")
    report.add_heading("Verdict")
    report.add_text(study.verdict())
    if study.privacy_spend is not None:
        spend = study.privacy_spend
        report.add_text(
            f"Differential privacy spent by the generator: epsilon {spend['epsilon']:.4g}, "
            f"delta {spend['delta']:.3g} ({spend.get('accountant', 'rdp')} accountant, "
            f"{spend.get('steps', '?')} steps, noise multiplier "
            f"{spend.get('noise_multiplier', float('nan')):.3g})."
        )
    report.add_heading("Headline figures")
    report.add_text(
        f"{study.n_real:,} real rows (the generator's training rows), {study.n_holdout:,} "
        f"held-out real rows, {study.n_synthetic:,} synthetic rows. Quality: SDMetrics' "
        "QualityReport (column shapes and the trends of the pairs dependent in the real "
        "table). Detection: SDMetrics' logistic detection. Privacy: the share of synthetic "
        "rows closer to a training row than to a held-out row (DCR share, against a held-out "
        "table of the same size; as SDMetrics, and with both distances on one scale), how "
        "often a random split of the real rows reads the one-scale share as high (its "
        "permutation p-value), how far the closest 5 % of synthetic rows lie from the "
        "training rows against the closest 5 % of held-out rows (dcr_p05_ratio: about 1 for "
        "fresh rows, far below 1 for copies; a high share counts as copying only below 1), a "
        "membership attack's AUC, and anonymeter's singling-out, linkability and inference "
        "risks."
    )
    report.add_table(study.to_frame().reset_index(), float_format="{:.4f}")
    report.add_heading("Column shapes")
    shapes = pd.Series(study.quality.column_shapes, name="score").sort_values()
    report.add_table(shapes.rename_axis("column").reset_index(), float_format="{:.4f}")
    if study.real is not None and study.synthetic is not None:
        shown = [str(column) for column in shapes.index[:MAX_COLUMNS_DRAWN]]
        report.add_figure(
            column_distributions(study.real, {"synthetic": study.synthetic}, columns=shown),
            f"Real (training) rows against the synthetic rows, the {len(shown)} columns whose "
            "shapes differ most",
        )
    report.add_heading("Privacy audit")
    report.add_table(study.audit.to_frame().reset_index(), float_format="{:.4f}")
    if study.synthetic_dcr is not None and study.holdout_dcr is not None:
        report.add_figure(
            dcr_distributions(study.holdout_dcr, {"synthetic": study.synthetic_dcr}),
            "Distance to the closest training row: held-out real rows against the synthetic "
            "rows (a generator that copies puts its rows closer than the held-out ones)",
        )
    return report
