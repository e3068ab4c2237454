"""Credit default: measure whether synthetic defaulters in the training data help a classifier.

:func:`evaluate_credit` answers with repeated stratified k-fold cross-validation. In every fold
each augmenter (SMOTE-NC, a Gaussian copula, the tabular GAN, or none) is fitted on the training
fold only and generates rows of the positive class (the defaulters) until both classes are
equally frequent in that fold; each classifier is trained on the augmented fold and scored on
the untouched test fold. Means come with Nadeau and Bengio's corrected resampled t-interval,
and augmenters are compared with the corrected resampled paired t-test, because the folds of
repeated cross-validation overlap and the naive interval would be far too narrow.

``data`` reads the table and its labels, ``models`` holds the augmenters, ``classifiers`` the
scikit-learn pipelines, ``study`` the cross-validation, ``result`` its result and statistics,
and ``report`` the HTML report.
"""

from fingan.apps.credit.classifiers import CLASSIFIERS, METRICS, fit_classifier, score_classifier
from fingan.apps.credit.data import (
    BUILT_IN_DATA,
    credit_data,
    plain_label,
    prepare_table,
    resolve_positive,
)
from fingan.apps.credit.models import (
    NO_AUGMENTATION,
    GeneratorFactory,
    default_augmenters,
    default_pairs,
    gan_training_with_steps,
)
from fingan.apps.credit.reliance import CreditReliance, measure_reliance
from fingan.apps.credit.report import credit_report
from fingan.apps.credit.result import CreditEvaluation, FoldSample
from fingan.apps.credit.scarcity import DEFAULTER_SHARES, DefaulterShareCurve, parse_shares
from fingan.apps.credit.study import FoldProgress, evaluate_credit

__all__ = [
    "DEFAULTER_SHARES",
    "DefaulterShareCurve",
    "BUILT_IN_DATA",
    "CLASSIFIERS",
    "METRICS",
    "NO_AUGMENTATION",
    "CreditEvaluation",
    "CreditReliance",
    "FoldProgress",
    "FoldSample",
    "GeneratorFactory",
    "credit_data",
    "credit_report",
    "default_augmenters",
    "default_pairs",
    "evaluate_credit",
    "fit_classifier",
    "gan_training_with_steps",
    "measure_reliance",
    "parse_shares",
    "plain_label",
    "prepare_table",
    "resolve_positive",
    "score_classifier",
]
