"""Feature reliance: whether classifiers trained on synthetic rows only use the real features."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from fingan.apps.credit.classifiers import fit_classifier
from fingan.core.protocols import TableModel
from fingan.explain.importance import FeatureReliance, column_distances, feature_reliance
from fingan.report import HtmlReport
from fingan.report.figures.attribution import feature_reliance_figure

__all__ = ["CreditReliance", "REAL", "add_reliance_section", "measure_reliance"]

REAL = "real"
"""Name of the classifier trained on the real training fold."""

_SHOWN_DISTANCES = 5
"""Columns listed per augmenter, farthest first."""


@dataclass(frozen=True)
class CreditReliance:
    """SHAP importances of classifiers trained on real and on synthetic rows only (first fold).

    Attributes
    ----------
    reliance : FeatureReliance
        Mean |SHAP| per feature of each classifier on the same real test-fold rows, the rank
        correlation of each synthetic-trained one with the real-trained one, deletion tests.
    defaulter_distances : pandas.DataFrame
        Per column (index) and augmenter (columns): KS statistic or total variation distance
        between the generated and the real positives of the training fold.
    classifier : str
        The classifier explained.
    """

    reliance: FeatureReliance
    defaulter_distances: pd.DataFrame
    classifier: str

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {
            "classifier": self.classifier,
            **self.reliance.to_dict(),
            "defaulter_distances": {
                str(name): {str(k): float(v) for k, v in column.items()}
                for name, column in self.defaulter_distances.items()
            },
        }


def measure_reliance(
    train: pd.DataFrame,
    test: pd.DataFrame,
    generators: Mapping[str, TableModel],
    target: str,
    positive: Any,
    seed: int,
    *,
    classifier: str = "gradient_boosting",
    n_rows: int = 100,
) -> CreditReliance:
    """Explain classifiers trained on ``train`` and on each fitted generator's rows only.

    Each generator (already fitted on ``train``) draws as many rows of each class as ``train``
    holds; a classifier is fitted on those rows alone, another on ``train``, and all are
    explained by SHAP values on the first ``n_rows`` rows of ``test``
    (:func:`fingan.explain.importance.feature_reliance`, background: ``train``).
    """
    features = [column for column in train.columns if column != target]
    predictors = {REAL: fit_classifier(classifier, train, target, positive, seed)}
    real_positives = train[train[target] == positive][features]
    distances: dict[str, pd.Series] = {}
    counts = train[target].value_counts()
    for name, generator in generators.items():
        parts = [
            generator.sample(int(count), conditions={target: label}, random_state=seed + index)
            for index, (label, count) in enumerate(counts.items())
            if count > 0
        ]
        rows = pd.concat(parts, ignore_index=True)[list(train.columns)]
        rows = rows.astype(train.dtypes.to_dict())
        predictors[name] = fit_classifier(classifier, rows, target, positive, seed)
        distances[name] = column_distances(real_positives, rows[rows[target] == positive][features])
    reliance = feature_reliance(
        predictors,
        test[features].iloc[:n_rows],
        reference=REAL,
        background=train[features],
        random_state=seed,
    )
    return CreditReliance(
        reliance=reliance,
        defaulter_distances=pd.DataFrame(distances),
        classifier=classifier,
    )


def add_reliance_section(report: HtmlReport, result: CreditReliance) -> None:
    """Add the "Feature reliance" section: importances, rank correlations, defaulter gaps."""
    reliance = result.reliance
    report.add_heading("Feature reliance (first fold)")
    report.add_text(
        f"Each augmenter drew as many rows of each class as the training fold holds, and "
        f"{result.classifier.replace('_', ' ')} was trained on those synthetic rows only; "
        f"another on the real training fold ('{REAL}'). All were explained by SHAP values "
        f"(permutation method) on the same {reliance.n_rows} real rows of the test fold. A "
        "Spearman rank correlation near 1 means the synthetic-trained classifier relies on the "
        "features in the same order as the real-trained one. Deletion test: replacing each "
        "row's top-3 features by values of training rows must move the predicted probability "
        "more than replacing its bottom-3; the interval of the gap must exclude 0."
    )
    report.add_figure(
        feature_reliance_figure(reliance.importance, reference=REAL),
        "Share of each feature in the classifier's total mean |SHAP|, sorted by the "
        "real-trained classifier's",
    )
    table = pd.DataFrame(
        {
            "rank correlation with real": pd.Series(reliance.rank_correlation),
            "deletion gap": pd.Series({k: t.gap for k, t in reliance.deletion.items()}),
            "gap low": pd.Series({k: t.low for k, t in reliance.deletion.items()}),
            "gap high": pd.Series({k: t.high for k, t in reliance.deletion.items()}),
            "deletion test": pd.Series(
                {k: "passed" if t.passed else "failed" for k, t in reliance.deletion.items()}
            ),
        }
    )
    report.add_table(table, float_format="{:.3f}")
    farthest = {
        name: ", ".join(
            f"{column} ({value:.2f})"
            for column, value in column.sort_values(ascending=False).head(_SHOWN_DISTANCES).items()
        )
        for name, column in result.defaulter_distances.items()
    }
    report.add_text(
        "Columns where the generated defaulters differ most from the real defaulters of the "
        "training fold (KS statistic for numbers, total variation distance for categories): "
        + "; ".join(f"{name}: {text}" for name, text in farthest.items())
        + "."
    )
